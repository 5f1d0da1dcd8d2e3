"""The closed vocabularies of the method (METHOD.md, Entities and Stages)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    SETUP = "setup"
    OUTCOMES = "outcomes"
    STAKEHOLDERS = "stakeholders"
    CHANNELS = "channels"
    RESILIENCE = "resilience"
    PLAN = "plan"
    EXPORT = "export"


STAGE_TITLES: dict[Stage, str] = {
    Stage.SETUP: "Set-up",
    Stage.OUTCOMES: "Outcomes",
    Stage.STAKEHOLDERS: "Stakeholders",
    Stage.CHANNELS: "Channels",
    Stage.RESILIENCE: "Resilience",
    Stage.PLAN: "Action plan",
    Stage.EXPORT: "Export",
}


class DepartmentFunction(StrEnum):
    MARKETING = "marketing"
    SALES = "sales"
    SUPPORT = "support"
    IT = "it"
    FINANCE = "finance"
    HR = "hr"
    PRODUCT = "product"
    LEGAL = "legal"
    OPERATIONS = "operations"
    EXECUTIVE = "executive"
    PARTNERS = "partners"
    OTHER = "other"


class OutcomeCategory(StrEnum):
    AWARENESS = "awareness"
    REPUTATION = "reputation"
    PARTNER_ECOSYSTEM = "partner_ecosystem"
    COMMUNITY = "community"
    SUPPORT = "support"
    RELATIONSHIPS = "relationships"
    SALES_GROWTH = "sales_growth"
    COST_REDUCTION = "cost_reduction"
    INSIGHT = "insight"
    TALENT = "talent"


#: How a category reads in the room, the same in the stages, the charts and the workbooks.
CATEGORY_TITLES: dict[OutcomeCategory, str] = {c: c.value.replace("_", " ").capitalize() for c in OutcomeCategory}


class ChannelKind(StrEnum):
    OWNED = "owned"
    RENTED = "rented"
    EARNED = "earned"
    PAID = "paid"
    PARTNER = "partner"
    OFFLINE = "offline"


#: Kinds whose audience lives on somebody else's terms; they form demise scenarios.
EXPOSED_KINDS = frozenset({ChannelKind.RENTED, ChannelKind.PAID, ChannelKind.PARTNER})


class Portability(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


PORTABILITY_RATING: dict[Portability, int] = {
    Portability.FULL: 5,
    Portability.PARTIAL: 3,
    Portability.NONE: 1,
}


class RaciRole(StrEnum):
    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 - the method's own letter


class ChoiceRole(StrEnum):
    PRIMARY = "primary"
    SUPPORTING = "supporting"
    FALLBACK = "fallback"


class ActionStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    BLOCKED = "blocked"


class Severity(StrEnum):
    ERROR = "E"
    WARNING = "W"


OWN_OWNER = "(own)"

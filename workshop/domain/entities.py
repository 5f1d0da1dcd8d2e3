"""The entities of the method as plain dataclasses; references are by name or key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workshop.domain.enums import (
    ActionStatus,
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
    Stage,
)


@dataclass(slots=True)
class Department:
    name: str
    function: DepartmentFunction = DepartmentFunction.OTHER


@dataclass(slots=True)
class Participant:
    name: str
    department: str | None = None
    role: str = ""
    email: str | None = None
    power: int = 3
    interest: int = 3


@dataclass(slots=True)
class Stakeholder:
    name: str
    role: str = ""
    department: str | None = None
    power: int = 3
    interest: int = 3


@dataclass(slots=True)
class Kpi:
    metric: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    due: dt.date | None = None


@dataclass(slots=True)
class Outcome:
    key: str
    title: str = ""
    category: OutcomeCategory = OutcomeCategory.AWARENESS
    audience: str = ""
    kpi: Kpi = field(default_factory=Kpi)
    value_per_unit: float | None = None
    annual_value: float | None = None
    confidence: float = 0.5
    notes: str = ""


@dataclass(slots=True)
class RaciAssignment:
    outcome: str
    participant: str
    role: RaciRole


@dataclass(slots=True)
class Criterion:
    key: str
    name: str
    weight: float
    per_outcome: bool


@dataclass(slots=True)
class Channel:
    name: str
    kind: ChannelKind
    owner: str
    portability: Portability = Portability.NONE
    platform_risk: int = 3
    aliases: list[str] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    retired: bool = False


@dataclass(slots=True)
class Score:
    outcome: str
    channel: str
    criterion: str
    score: int


@dataclass(slots=True)
class Choice:
    outcome: str
    channel: str
    role: ChoiceRole
    reliance: float | None = None


@dataclass(slots=True)
class Vote:
    participant: str
    outcome: str
    channel: str | None
    dots: int


@dataclass(slots=True)
class Action:
    title: str
    outcome: str | None = None
    channel: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    cost: float = 0.0
    effort_days: float = 0.0
    status: ActionStatus = ActionStatus.TODO
    origin: str = "manual"


@dataclass(slots=True)
class AgendaItem:
    stage: Stage
    minutes: int


@dataclass(slots=True)
class Note:
    """A parking-lot item or a decision."""

    text: str
    by: str = ""
    at: dt.datetime | None = None


def default_criteria() -> list[Criterion]:
    """The default criteria of METHOD.md (Channel score), in their order."""
    return [
        Criterion("audience_fit", "Audience fit", 3, True),
        Criterion("outcome_fit", "Outcome fit", 3, True),
        Criterion("cost_efficiency", "Cost efficiency", 2, False),
        Criterion("ease", "Ease", 1, False),
        Criterion("measurability", "Measurability", 2, False),
        Criterion("audience_ownership", "Audience ownership", 2, False),
        Criterion("stability", "Stability", 2, False),
    ]


#: The workshop's own details (the rest of a Workshop is its lists).
WORKSHOP_DETAILS = (
    "title",
    "organisation",
    "date",
    "facilitator",
    "currency",
    "dots_per_participant",
    "overload_limit",
    "is_template",
)


@dataclass(slots=True)
class Workshop:
    """One workshop: the aggregate the room builds, stage by stage."""

    title: str = ""
    organisation: str = ""
    date: dt.date | None = None
    facilitator: str = ""
    currency: str = "EUR"
    dots_per_participant: int = 3
    overload_limit: int = 4
    is_template: bool = False
    dismissed_origins: list[str] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    raci: list[RaciAssignment] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=default_criteria)
    channels: list[Channel] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    parking_lot: list[Note] = field(default_factory=list)
    decisions: list[Note] = field(default_factory=list)

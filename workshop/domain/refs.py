"""A typed reference to an item of a workshop: what a check names and a click selects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RefKind(StrEnum):
    WORKSHOP = "workshop"
    DEPARTMENT = "department"
    PARTICIPANT = "participant"
    STAKEHOLDER = "stakeholder"
    OUTCOME = "outcome"
    CHANNEL = "channel"
    CRITERION = "criterion"
    ACTION = "action"


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One item by its kind and key (a name, an outcome key, an action's index in the plan, the workshop's
    title), or, with no key, the whole list of that kind ("add a participant")."""

    kind: RefKind
    key: str | None = None

    @classmethod
    def list_of(cls, kind: RefKind) -> ItemRef:
        return cls(kind, None)

    @property
    def is_list(self) -> bool:
        return self.key is None

    def as_json(self) -> list[str]:
        """The form ``check --json`` has always printed: ``["outcome", "O3"]``, a list as ``["participants", ""]``."""
        return [f"{self.kind.value}s", ""] if self.key is None else [self.kind.value, self.key]

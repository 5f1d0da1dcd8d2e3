"""What the room may edit, field by field, and how a refusal is put into the method's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy.exc import IntegrityError

from workshop.domain.entities import WORKSHOP_DETAILS
from workshop.domain.enums import ActionStatus, ChannelKind, DepartmentFunction, OutcomeCategory, Portability
from workshop.domain.validation import DomainError, Problem
from workshop.storage.orm import (
    ActionRow,
    ChannelRow,
    CriterionRow,
    DepartmentRow,
    NoteRow,
    OutcomeRow,
    ParticipantRow,
    StakeholderRow,
)


@dataclass(frozen=True)
class ItemKind:
    """An ordered item of a workshop that the room adds, edits, moves and removes."""

    model: type
    fields: frozenset[str]
    enums: dict[str, type[Enum]] = field(default_factory=dict)
    note_kind: str | None = None


KINDS: dict[str, ItemKind] = {
    "department": ItemKind(DepartmentRow, frozenset({"name", "function"}), {"function": DepartmentFunction}),
    "participant": ItemKind(
        ParticipantRow, frozenset({"name", "department_id", "role", "email", "power", "interest"})
    ),
    "stakeholder": ItemKind(
        StakeholderRow, frozenset({"name", "role", "department_id", "power", "interest"})
    ),
    "outcome": ItemKind(
        OutcomeRow,
        frozenset(
            {
                "key", "title", "category", "audience", "kpi_metric", "kpi_unit", "kpi_baseline", "kpi_target",
                "kpi_due", "value_per_unit", "annual_value", "confidence", "notes",
            }
        ),
        {"category": OutcomeCategory},
    ),
    "criterion": ItemKind(CriterionRow, frozenset({"key", "name", "weight", "per_outcome"})),
    "channel": ItemKind(
        ChannelRow,
        frozenset({"name", "kind", "owner", "portability", "platform_risk", "aliases", "retired"}),
        {"kind": ChannelKind, "portability": Portability},
    ),
    "action": ItemKind(
        ActionRow,
        frozenset({"title", "outcome_id", "channel_id", "owner_id", "due", "cost", "effort_days", "status", "origin"}),
        {"status": ActionStatus},
    ),
    "parking_lot": ItemKind(NoteRow, frozenset({"text", "by", "at"}), note_kind="parking_lot"),
    "decision": ItemKind(NoteRow, frozenset({"text", "by", "at"}), note_kind="decision"),
}  # fmt: skip

#: The item each ``*_id`` field refers to; an edit may only refer to items of its own workshop.
ID_MODELS: dict[str, type] = {
    "department_id": DepartmentRow,
    "participant_id": ParticipantRow,
    "owner_id": ParticipantRow,
    "outcome_id": OutcomeRow,
    "channel_id": ChannelRow,
    "criterion_id": CriterionRow,
}

WORKSHOP_FIELDS = frozenset(WORKSHOP_DETAILS)


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def check_enums(values: dict[str, Any], enums: dict[str, type[Enum]]) -> dict[str, Any]:
    out = dict(values)
    for name, enum in enums.items():
        if name in out:
            try:
                out[name] = enum(out[name]).value
            except ValueError:
                allowed = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
                raise DomainError([Problem(name, out[name], f"must be one of {allowed}")]) from None
    return out


def integrity_problem(exc: IntegrityError) -> Problem:
    """What the database refused, in the method's words."""
    text = str(exc.orig)
    if "UNIQUE" in text:
        field = "key" if "key_folded" in text else "name" if "name_key" in text else "item"
        return Problem(field, None, "is already used in this workshop (names are compared ignoring case and spaces)")
    if "FOREIGN KEY" in text:
        return Problem("reference", None, "names something that is no longer in this workshop")
    return Problem("edit", None, f"was refused by the library ({text})")


def unknown_fields(values: Iterable[str], allowed: frozenset[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise DomainError([Problem(name, None, "is not a field that can be edited here") for name in unknown])


_INT64 = 2**63


def storable(values: dict[str, Any]) -> None:
    """Refuse, naming the field, what the library cannot even hold (so the domain's bounds can be checked after
    writing): a whole number beyond 64 bits, text that is not valid Unicode (a lone surrogate)."""
    problems = []
    for name, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool) and not -_INT64 <= value < _INT64:
            problems.append(Problem(name, value, "is far out of range"))
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(Problem(name, value, "must not contain control characters or line breaks"))
    if problems:
        raise DomainError(problems)

"""The rules of METHOD.md (Entities) as problems that name the field, the value and the reason."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Criterion,
    Department,
    Outcome,
    Participant,
    Stakeholder,
    Workshop,
)
from workshop.domain.enums import ChoiceRole
from workshop.domain.text import name_key

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_ORIGIN = re.compile(r"^(manual|choice:.+:.+|fallback:.+)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: where (a JSON-style path), the offending value, and why."""

    path: str
    value: Any
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.value!r}: {self.reason}"


class DomainError(ValueError):
    """Raised when an edit would break a rule of the method; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise DomainError(problems)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def int_in(path: str, value: Any, low: int, high: int | None = None) -> Iterator[Problem]:
    if not _is_int(value):
        yield Problem(path, value, "must be a whole number")
    elif value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        yield Problem(path, value, f"must be {bound}")


def number_at_least(
    path: str, value: Any, low: float, *, strict: bool = False, optional: bool = False
) -> Iterator[Problem]:
    if value is None and optional:
        return
    if not _is_number(value):
        yield Problem(path, value, "must be a number")
    elif value < low or (strict and value == low):
        yield Problem(path, value, f"must be {'greater than' if strict else 'at least'} {low:g}")


def required_text(path: str, value: Any) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem(path, value, "is required")


def member_of(path: str, value: Any, enum: type[Enum]) -> Iterator[Problem]:
    allowed = {m.value for m in enum}  # type: ignore[var-annotated]
    if value not in allowed and getattr(value, "value", None) not in allowed:
        yield Problem(path, value, "must be one of " + ", ".join(sorted(allowed)))


def department_problems(d: Department, path: str) -> list[Problem]:
    return [*required_text(f"{path}.name", d.name)]


def participant_problems(p: Participant, path: str) -> list[Problem]:
    return [
        *required_text(f"{path}.name", p.name),
        *int_in(f"{path}.power", p.power, 1, 5),
        *int_in(f"{path}.interest", p.interest, 1, 5),
    ]


def stakeholder_problems(s: Stakeholder, path: str) -> list[Problem]:
    return [
        *required_text(f"{path}.name", s.name),
        *int_in(f"{path}.power", s.power, 1, 5),
        *int_in(f"{path}.interest", s.interest, 1, 5),
    ]


def outcome_problems(o: Outcome, path: str) -> list[Problem]:
    problems = [*required_text(f"{path}.key", o.key)]
    for name in ("baseline", "target"):
        value = getattr(o.kpi, name)
        if value is not None and not _is_number(value):
            problems.append(Problem(f"{path}.kpi.{name}", value, "must be a number"))
    problems += number_at_least(f"{path}.value_per_unit", o.value_per_unit, 0, optional=True)
    problems += number_at_least(f"{path}.annual_value", o.annual_value, 0, optional=True)
    if not _is_number(o.confidence) or not 0 <= o.confidence <= 1:
        problems.append(Problem(f"{path}.confidence", o.confidence, "must be a number from 0 to 1"))
    return problems


def criterion_problems(c: Criterion, path: str) -> list[Problem]:
    return [
        *required_text(f"{path}.key", c.key),
        *number_at_least(f"{path}.weight", c.weight, 0),
    ]


def channel_problems(c: Channel, path: str, criteria: dict[str, Criterion] | None = None) -> list[Problem]:
    problems = [
        *required_text(f"{path}.name", c.name),
        *required_text(f"{path}.owner", c.owner),
        *int_in(f"{path}.platform_risk", c.platform_risk, 1, 5),
    ]
    for i, alias in enumerate(c.aliases):
        problems += required_text(f"{path}.aliases[{i}]", alias)
    for key, rating in c.ratings.items():
        problems += int_in(f"{path}.ratings.{key}", rating, 1, 5)
        if criteria is not None:
            criterion = criteria.get(name_key(key))
            if criterion is None:
                problems.append(Problem(f"{path}.ratings.{key}", rating, "names no criterion of the workshop"))
            elif criterion.per_outcome:
                problems.append(
                    Problem(f"{path}.ratings.{key}", rating, "is a per-outcome criterion; score it per outcome")
                )
    return problems


def action_problems(a: Action, path: str) -> list[Problem]:
    problems = [
        *required_text(f"{path}.title", a.title),
        *number_at_least(f"{path}.cost", a.cost, 0),
        *number_at_least(f"{path}.effort_days", a.effort_days, 0),
    ]
    if not isinstance(a.origin, str) or not _ORIGIN.match(a.origin):
        problems.append(
            Problem(
                f"{path}.origin",
                a.origin,
                "must be manual, choice:<outcome key>:<channel name> or fallback:<outcome key>",
            )
        )
    return problems


def choice_problems(c: Choice, path: str) -> list[Problem]:
    if c.reliance is None:
        return []
    if c.role is ChoiceRole.FALLBACK:
        return [Problem(f"{path}.reliance", c.reliance, "a fallback has no reliance")]
    return list(number_at_least(f"{path}.reliance", c.reliance, 0, strict=True))


def settings_problems(ws: Workshop) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(ws.currency, str) or not _CURRENCY.match(ws.currency):
        problems.append(Problem("workshop.currency", ws.currency, "must be an ISO 4217 code of three capital letters"))
    problems += int_in("workshop.dots_per_participant", ws.dots_per_participant, 1)
    if not _is_int(ws.overload_limit):
        problems.append(Problem("workshop.overload_limit", ws.overload_limit, "must be a whole number"))
    return problems


def _unique(items: list[Any], attr: str, path: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if not isinstance(value, str):
            continue
        key = name_key(value)
        if key in seen:
            yield Problem(f"{path}[{i}].{attr}", value, "is used twice (names are compared ignoring case and spaces)")
        seen.add(key)


def _reference(path: str, value: str | None, known: set[str], what: str, *, optional: bool = True) -> Iterator[Problem]:
    if value is None:
        if not optional:
            yield Problem(path, value, f"must name a {what}")
        return
    if name_key(value) not in known:
        yield Problem(path, value, f"names no {what} of the workshop")


def vote_budget_problems(ws: Workshop) -> list[Problem]:
    """Dots per participant: outcome dots in all, and channel dots for each outcome."""
    outcome_dots: Counter[str] = Counter()
    channel_dots: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {name_key(p.name): p.name for p in ws.participants}
    keys: dict[str, str] = {name_key(o.key): o.key for o in ws.outcomes}
    for v in ws.votes:
        pk = name_key(v.participant)
        names.setdefault(pk, v.participant)
        keys.setdefault(name_key(v.outcome), v.outcome)
        if not _is_int(v.dots):
            continue
        if v.channel is None:
            outcome_dots[pk] += v.dots
        else:
            channel_dots[(pk, name_key(v.outcome))] += v.dots
    budget = ws.dots_per_participant
    problems = []
    for pk, dots in outcome_dots.items():
        if dots > budget:
            problems.append(
                Problem("votes", names[pk], f"{names[pk]} has placed {dots} outcome dots; the budget is {budget}")
            )
    for (pk, ok), dots in channel_dots.items():
        if dots > budget:
            problems.append(
                Problem(
                    "votes",
                    names[pk],
                    f"{names[pk]} has placed {dots} channel dots on outcome {keys[ok]}; the budget is {budget}",
                )
            )
    return problems


def workshop_problems(ws: Workshop) -> list[Problem]:
    """Every rule of METHOD.md that a whole workshop must keep; empty when valid."""
    p: list[Problem] = settings_problems(ws)
    p += _unique(ws.departments, "name", "departments")
    p += _unique(ws.participants, "name", "participants")
    p += _unique(ws.stakeholders, "name", "stakeholders")
    p += _unique(ws.outcomes, "key", "outcomes")
    p += _unique(ws.channels, "name", "channels")
    p += _unique(ws.criteria, "key", "criteria")
    departments = {name_key(d.name) for d in ws.departments}
    participants = {name_key(x.name) for x in ws.participants}
    outcomes = {name_key(o.key) for o in ws.outcomes}
    channels = {name_key(c.name) for c in ws.channels}
    criteria = {name_key(c.key): c for c in ws.criteria}
    for i, d in enumerate(ws.departments):
        p += department_problems(d, f"departments[{i}]")
    for i, x in enumerate(ws.participants):
        p += participant_problems(x, f"participants[{i}]")
        p += _reference(f"participants[{i}].department", x.department, departments, "department")
    for i, s in enumerate(ws.stakeholders):
        p += stakeholder_problems(s, f"stakeholders[{i}]")
        p += _reference(f"stakeholders[{i}].department", s.department, departments, "department")
    for i, o in enumerate(ws.outcomes):
        p += outcome_problems(o, f"outcomes[{i}]")
    for i, c in enumerate(ws.criteria):
        p += criterion_problems(c, f"criteria[{i}]")
    if not any(_is_number(c.weight) and c.weight > 0 for c in ws.criteria):
        p.append(Problem("criteria", [c.weight for c in ws.criteria], "at least one weight must be positive"))
    for i, c in enumerate(ws.channels):
        p += channel_problems(c, f"channels[{i}]", criteria)
        seen_alias: set[str] = set()
        for j, alias in enumerate(c.aliases):
            if isinstance(alias, str) and name_key(alias) in seen_alias:
                p.append(Problem(f"channels[{i}].aliases[{j}]", alias, "is listed twice"))
            seen_alias.add(name_key(alias) if isinstance(alias, str) else "")
    seen_pairs: set[tuple[str, ...]] = set()

    def once(path: str, key: tuple[str, ...], what: str) -> Iterator[Problem]:
        if key in seen_pairs:
            yield Problem(path, list(key), f"repeats an earlier {what}")
        seen_pairs.add(key)

    for i, r in enumerate(ws.raci):
        p += _reference(f"raci[{i}].outcome", r.outcome, outcomes, "outcome", optional=False)
        p += _reference(f"raci[{i}].participant", r.participant, participants, "participant", optional=False)
        p += once(f"raci[{i}]", ("raci", name_key(r.outcome), name_key(r.participant)), "RACI assignment")
    for i, s in enumerate(ws.scores):
        p += _reference(f"scores[{i}].outcome", s.outcome, outcomes, "outcome", optional=False)
        p += _reference(f"scores[{i}].channel", s.channel, channels, "channel", optional=False)
        crit = criteria.get(name_key(s.criterion))
        if crit is None:
            p.append(Problem(f"scores[{i}].criterion", s.criterion, "names no criterion of the workshop"))
        elif not crit.per_outcome:
            p.append(
                Problem(f"scores[{i}].criterion", s.criterion, "is a channel-level criterion; rate it on the channel")
            )
        p += int_in(f"scores[{i}].score", s.score, 1, 5)
        p += once(f"scores[{i}]", ("score", name_key(s.outcome), name_key(s.channel), name_key(s.criterion)), "score")
    for i, c in enumerate(ws.choices):
        p += _reference(f"choices[{i}].outcome", c.outcome, outcomes, "outcome", optional=False)
        p += _reference(f"choices[{i}].channel", c.channel, channels, "channel", optional=False)
        p += choice_problems(c, f"choices[{i}]")
        p += once(f"choices[{i}]", ("choice", name_key(c.outcome), name_key(c.channel)), "choice")
    for i, v in enumerate(ws.votes):
        p += _reference(f"votes[{i}].participant", v.participant, participants, "participant", optional=False)
        p += _reference(f"votes[{i}].outcome", v.outcome, outcomes, "outcome", optional=False)
        p += _reference(f"votes[{i}].channel", v.channel, channels, "channel")
        p += int_in(f"votes[{i}].dots", v.dots, 1)
        p += once(
            f"votes[{i}]",
            ("vote", name_key(v.participant), name_key(v.outcome), name_key(v.channel or "")),
            "vote",
        )
    p += vote_budget_problems(ws)
    for i, a in enumerate(ws.actions):
        p += action_problems(a, f"actions[{i}]")
        p += _reference(f"actions[{i}].outcome", a.outcome, outcomes, "outcome")
        p += _reference(f"actions[{i}].channel", a.channel, channels, "channel")
        p += _reference(f"actions[{i}].owner", a.owner, participants, "participant")
    for i, item in enumerate(ws.agenda):
        p += int_in(f"agenda[{i}].minutes", item.minutes, 0)
        p += once(f"agenda[{i}]", ("agenda", str(item.stage)), "agenda item for this stage")
    for name, notes in (("parking_lot", ws.parking_lot), ("decisions", ws.decisions)):
        for i, n in enumerate(notes):
            p += required_text(f"{name}[{i}].text", n.text)
    return p

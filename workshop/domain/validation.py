"""The rules of METHOD.md (Entities) as problems that name the field, the value and the reason."""

from __future__ import annotations

import math
import re
import reprlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Criterion,
    Department,
    Note,
    Outcome,
    Participant,
    Stakeholder,
    Workshop,
)
from workshop.domain.enums import ChoiceRole
from workshop.domain.text import name_key

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_ORIGIN = re.compile(r"^(manual|choice:.+:.+|fallback:.+)$", re.DOTALL)

# -- the bounds of METHOD.md (Entities, Bounds) ----------------------------------

MONEY_MAX = 1e12  # value_per_unit, annual_value, cost
KPI_MAX = 1e12  # a KPI's baseline and target lie from -KPI_MAX to KPI_MAX
EFFORT_DAYS_MAX = 36_500
RELIANCE_MAX = 1_000
WEIGHT_MAX = 1_000
DOTS_MAX = 1_000  # a vote's dots and dots_per_participant
OVERLOAD_MAX = 1_000
#: Where METHOD.md is silent (agenda minutes): a week per stage is more than any workshop plans.
MINUTES_MAX = 10_080
NAME_MAX = 500  # names, keys, titles, roles, the organisation, ... (METHOD.md lists them)
TEXT_MAX = 32_767  # free text: the most a spreadsheet cell holds
#: A generated origin is made of an outcome key and a channel name: choice:<key>:<name>.
ORIGIN_MAX = len("choice:") + NAME_MAX + len(":") + NAME_MAX

#: What a name may not hold: control characters (METHOD.md: U+0000-U+001F, U+007F-U+009F, U+FFFE,
#: U+FFFF and lone surrogates) and line breaks (CR and LF are control characters; U+2028 and U+2029,
#: Unicode's line and paragraph separators, are not).
CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029]")
#: What free text may not hold: control characters other than tab, LF and CR.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
NAME_CONTROL_REASON = "must not contain control characters or line breaks"
TEXT_CONTROL_REASON = "must not contain control characters other than tab and line breaks"

#: How much of a long value a problem keeps (a 10,000-character title is shown by its start).
SHOWN_CHARS = 60
_SHOWN_INT_BITS = 196  # about 59 decimal digits
_CONTAINER_REPR = reprlib.Repr()
_CONTAINER_REPR.maxlevel = 3
_CONTAINER_REPR.maxstring = SHOWN_CHARS
_CONTAINER_REPR.maxother = SHOWN_CHARS


def shown(value: Any) -> Any:
    """A value as a problem keeps it: long text and huge integers cut to their first characters and "…"."""
    if isinstance(value, str):
        return value if len(value) <= SHOWN_CHARS + 1 else value[:SHOWN_CHARS] + "…"
    if _is_int(value) and value.bit_length() > _SHOWN_INT_BITS:
        try:
            digits = repr(value)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
        return digits if len(digits) <= SHOWN_CHARS + 1 else digits[:SHOWN_CHARS] + "…"
    return value


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: where (a JSON-style path), the offending value (shortened), and why."""

    path: str
    value: Any
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shown(self.value))

    def __str__(self) -> str:
        value = _CONTAINER_REPR.repr(self.value) if isinstance(self.value, (list, tuple, dict)) else repr(self.value)
        return f"{self.path}: {value}: {self.reason}"


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
    """A finite number; booleans are not numbers, and an integer of any size is finite."""
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def bound_text(bound: float) -> str:
    """A bound as a reason writes it: 1e12 is 1000000000000, 0.5 stays 0.5."""
    return str(int(bound)) if float(bound).is_integer() else f"{bound:g}"


def range_reason(low: float, high: float | None, *, low_exclusive: bool = False) -> str:
    """The reason for a number out of its range, worded alike by the domain and the file reader."""
    if high is None:
        return f"must be {'greater than' if low_exclusive else 'at least'} {bound_text(low)}"
    if low_exclusive:
        return f"must be greater than {bound_text(low)} and at most {bound_text(high)}"
    return f"must be from {bound_text(low)} to {bound_text(high)}"


def int_in(path: str, value: Any, low: int, high: int | None = None) -> Iterator[Problem]:
    if not _is_int(value):
        yield Problem(path, value, "must be a whole number")
    elif value < low or (high is not None and value > high):
        yield Problem(path, value, range_reason(low, high))


def number_in(
    path: str,
    value: Any,
    low: float,
    high: float,
    *,
    low_exclusive: bool = False,
    optional: bool = False,
) -> Iterator[Problem]:
    """A finite number from ``low`` to ``high``; integers of any size are compared exactly."""
    if value is None and optional:
        return
    if not _is_int(value) and not isinstance(value, float):
        yield Problem(path, value, "must be a number")
    elif isinstance(value, float) and not math.isfinite(value):
        yield Problem(path, value, "must be a finite number")
    elif value < low or (low_exclusive and value == low) or value > high:
        yield Problem(path, value, range_reason(low, high, low_exclusive=low_exclusive))


def required_text(path: str, value: Any) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem(path, value, "is required")


def _text_bounds(path: str, value: Any, limit: int, control: re.Pattern[str], control_reason: str) -> Iterator[Problem]:
    if value is None:
        return
    if not isinstance(value, str):
        yield Problem(path, value, "must be text")
        return
    if control.search(value):
        yield Problem(path, value, control_reason)
    if len(value) > limit:
        yield Problem(path, value, f"must be at most {limit} characters")


def name_bounds(path: str, value: Any, limit: int = NAME_MAX) -> Iterator[Problem]:
    """A name, key, title, role...: at most 500 characters, no line breaks, no control characters."""
    return _text_bounds(path, value, limit, CONTROL_IN_NAME, NAME_CONTROL_REASON)


def text_bounds(path: str, value: Any) -> Iterator[Problem]:
    """Free text (notes, parking-lot items, decisions): at most 32,767 characters; tab and line breaks allowed."""
    return _text_bounds(path, value, TEXT_MAX, CONTROL_IN_TEXT, TEXT_CONTROL_REASON)


def required_name(path: str, value: Any) -> list[Problem]:
    """A name that must be there (not blank) and keep the bounds of a name."""
    missing = list(required_text(path, value))
    return missing if missing and not isinstance(value, str) else [*missing, *name_bounds(path, value)]


def member_of(path: str, value: Any, enum: type[Enum]) -> Iterator[Problem]:
    allowed = {m.value for m in enum}  # type: ignore[var-annotated]
    if value not in allowed and getattr(value, "value", None) not in allowed:
        yield Problem(path, value, "must be one of " + ", ".join(sorted(allowed)))


def department_problems(d: Department, path: str) -> list[Problem]:
    return required_name(f"{path}.name", d.name)


def participant_problems(p: Participant, path: str) -> list[Problem]:
    return [
        *required_name(f"{path}.name", p.name),
        *name_bounds(f"{path}.role", p.role),
        *name_bounds(f"{path}.email", p.email),
        *int_in(f"{path}.power", p.power, 1, 5),
        *int_in(f"{path}.interest", p.interest, 1, 5),
    ]


def stakeholder_problems(s: Stakeholder, path: str) -> list[Problem]:
    return [
        *required_name(f"{path}.name", s.name),
        *name_bounds(f"{path}.role", s.role),
        *int_in(f"{path}.power", s.power, 1, 5),
        *int_in(f"{path}.interest", s.interest, 1, 5),
    ]


def outcome_problems(o: Outcome, path: str) -> list[Problem]:
    problems = [
        *required_name(f"{path}.key", o.key),
        *name_bounds(f"{path}.title", o.title),
        *name_bounds(f"{path}.audience", o.audience),
        *name_bounds(f"{path}.kpi.metric", o.kpi.metric),
        *name_bounds(f"{path}.kpi.unit", o.kpi.unit),
    ]
    for name in ("baseline", "target"):
        problems += number_in(f"{path}.kpi.{name}", getattr(o.kpi, name), -KPI_MAX, KPI_MAX, optional=True)
    problems += number_in(f"{path}.value_per_unit", o.value_per_unit, 0, MONEY_MAX, optional=True)
    problems += number_in(f"{path}.annual_value", o.annual_value, 0, MONEY_MAX, optional=True)
    if not _is_number(o.confidence) or not 0 <= o.confidence <= 1:
        problems.append(Problem(f"{path}.confidence", o.confidence, "must be a number from 0 to 1"))
    problems += text_bounds(f"{path}.notes", o.notes)
    return problems


def criterion_problems(c: Criterion, path: str) -> list[Problem]:
    return [
        *required_name(f"{path}.key", c.key),
        *name_bounds(f"{path}.name", c.name),
        *number_in(f"{path}.weight", c.weight, 0, WEIGHT_MAX),
    ]


def channel_problems(c: Channel, path: str, criteria: dict[str, Criterion] | None = None) -> list[Problem]:
    problems = [
        *required_name(f"{path}.name", c.name),
        *required_name(f"{path}.owner", c.owner),
        *int_in(f"{path}.platform_risk", c.platform_risk, 1, 5),
    ]
    for i, alias in enumerate(c.aliases):
        problems += required_name(f"{path}.aliases[{i}]", alias)
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


def origin_problems(path: str, origin: Any) -> list[Problem]:
    if not isinstance(origin, str) or not _ORIGIN.match(origin):
        return [Problem(path, origin, "must be manual, choice:<outcome key>:<channel name> or fallback:<outcome key>")]
    return list(name_bounds(path, origin, ORIGIN_MAX))


def action_problems(a: Action, path: str) -> list[Problem]:
    return [
        *required_name(f"{path}.title", a.title),
        *number_in(f"{path}.cost", a.cost, 0, MONEY_MAX),
        *number_in(f"{path}.effort_days", a.effort_days, 0, EFFORT_DAYS_MAX),
        *origin_problems(f"{path}.origin", a.origin),
    ]


def choice_problems(c: Choice, path: str) -> list[Problem]:
    if c.reliance is None:
        return []
    if c.role is ChoiceRole.FALLBACK:
        return [Problem(f"{path}.reliance", c.reliance, "a fallback has no reliance")]
    return list(number_in(f"{path}.reliance", c.reliance, 0, RELIANCE_MAX, low_exclusive=True))


def note_problems(n: Note, path: str) -> list[Problem]:
    """A parking-lot item or a decision: free text that must be there, and who said it."""
    return [
        *required_text(f"{path}.text", n.text),
        *text_bounds(f"{path}.text", n.text),
        *name_bounds(f"{path}.by", n.by),
    ]


def settings_problems(ws: Workshop) -> list[Problem]:
    problems: list[Problem] = [
        *name_bounds("workshop.title", ws.title),
        *name_bounds("workshop.organisation", ws.organisation),
        *name_bounds("workshop.facilitator", ws.facilitator),
    ]
    if not isinstance(ws.currency, str) or not _CURRENCY.match(ws.currency):
        problems.append(Problem("workshop.currency", ws.currency, "must be an ISO 4217 code of three capital letters"))
    problems += int_in("workshop.dots_per_participant", ws.dots_per_participant, 1, DOTS_MAX)
    problems += int_in("workshop.overload_limit", ws.overload_limit, 0, OVERLOAD_MAX)
    for i, origin in enumerate(ws.dismissed_origins):
        problems += name_bounds(f"workshop.dismissed_origins[{i}]", origin, ORIGIN_MAX)
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


#: The parts of a workshop that the rules check one by one (see ``workshop_problems``).
SECTIONS = (
    "settings", "departments", "participants", "stakeholders", "outcomes", "criteria", "channels", "raci",
    "scores", "choices", "votes", "actions", "agenda", "notes",
)  # fmt: skip


def workshop_problems(
    ws: Workshop, sections: Collection[str] | None = None, items: Mapping[str, Collection[int]] | None = None
) -> list[Problem]:
    """Every rule of METHOD.md that a whole workshop must keep; empty when valid.

    After an edit of a workshop known to be valid, ``sections`` names the parts it changed, so only their rules
    run (with those of the parts that depend on them); ``items`` narrows a table of pairs (``raci``, ``scores``,
    ``choices``, ``votes``) to the positions of its changed items, whose repeats the library's keys rule out.
    """
    todo = set(SECTIONS if sections is None else sections)
    if "criteria" in todo:
        todo |= {"channels", "scores"}  # ratings and scores must match a criterion's kind
    items = items or {}

    def positions(name: str, listed: list[Any]) -> Iterable[tuple[int, Any]]:
        chosen = items.get(name)
        if chosen is None:
            return enumerate(listed)
        return ((i, listed[i]) for i in sorted(chosen))

    p: list[Problem] = settings_problems(ws) if "settings" in todo else []
    for name, attr, path in (
        ("departments", "name", "departments"),
        ("participants", "name", "participants"),
        ("stakeholders", "name", "stakeholders"),
        ("outcomes", "key", "outcomes"),
        ("channels", "name", "channels"),
        ("criteria", "key", "criteria"),
    ):
        if name in todo:
            p += _unique(getattr(ws, name), attr, path)
    departments = {name_key(d.name) for d in ws.departments}
    participants = {name_key(x.name) for x in ws.participants}
    outcomes = {name_key(o.key) for o in ws.outcomes}
    channels = {name_key(c.name) for c in ws.channels}
    criteria = {name_key(c.key): c for c in ws.criteria}
    if "departments" in todo:
        for i, d in enumerate(ws.departments):
            p += department_problems(d, f"departments[{i}]")
    if "participants" in todo:
        for i, x in enumerate(ws.participants):
            p += participant_problems(x, f"participants[{i}]")
            p += _reference(f"participants[{i}].department", x.department, departments, "department")
    if "stakeholders" in todo:
        for i, s in enumerate(ws.stakeholders):
            p += stakeholder_problems(s, f"stakeholders[{i}]")
            p += _reference(f"stakeholders[{i}].department", s.department, departments, "department")
    if "outcomes" in todo:
        for i, o in enumerate(ws.outcomes):
            p += outcome_problems(o, f"outcomes[{i}]")
    if "criteria" in todo:
        for i, c in enumerate(ws.criteria):
            p += criterion_problems(c, f"criteria[{i}]")
        if not any(_is_number(c.weight) and c.weight > 0 for c in ws.criteria):
            p.append(Problem("criteria", [c.weight for c in ws.criteria], "at least one weight must be positive"))
    if "channels" in todo:
        # A name or alias says which channel is meant: it may not name two (a file, the catalog, the room).
        claims: dict[str, list[str]] = {}
        for c in ws.channels:
            if isinstance(c.name, str):
                for n in {name_key(x) for x in (c.name, *c.aliases) if isinstance(x, str)}:
                    claims.setdefault(n, []).append(c.name)
        for i, c in enumerate(ws.channels):
            p += channel_problems(c, f"channels[{i}]", criteria)
            seen_alias: set[str] = set()
            for j, alias in enumerate(c.aliases):
                if isinstance(alias, str) and name_key(alias) in seen_alias:
                    p.append(Problem(f"channels[{i}].aliases[{j}]", alias, "is listed twice"))
                elif isinstance(alias, str) and isinstance(c.name, str):
                    others = [n for n in claims.get(name_key(alias), []) if name_key(n) != name_key(c.name)]
                    if others:
                        p.append(Problem(f"channels[{i}].aliases[{j}]", alias,
                                         f"is also the name or an alias of {others[0]}"))  # fmt: skip
                seen_alias.add(name_key(alias) if isinstance(alias, str) else "")
    seen_pairs: set[tuple[str, ...]] = set()

    def once(path: str, key: tuple[str, ...], what: str) -> Iterator[Problem]:
        if key in seen_pairs:
            yield Problem(path, list(key), f"repeats an earlier {what}")
        seen_pairs.add(key)

    if "raci" in todo:
        for i, r in positions("raci", ws.raci):
            p += _reference(f"raci[{i}].outcome", r.outcome, outcomes, "outcome", optional=False)
            p += _reference(f"raci[{i}].participant", r.participant, participants, "participant", optional=False)
            p += once(f"raci[{i}]", ("raci", name_key(r.outcome), name_key(r.participant)), "RACI assignment")
    if "scores" in todo:
        for i, s in positions("scores", ws.scores):
            p += _reference(f"scores[{i}].outcome", s.outcome, outcomes, "outcome", optional=False)
            p += _reference(f"scores[{i}].channel", s.channel, channels, "channel", optional=False)
            crit = criteria.get(name_key(s.criterion))
            if crit is None:
                p.append(Problem(f"scores[{i}].criterion", s.criterion, "names no criterion of the workshop"))
            elif not crit.per_outcome:
                p.append(
                    Problem(
                        f"scores[{i}].criterion", s.criterion, "is a channel-level criterion; rate it on the channel"
                    )
                )
            p += int_in(f"scores[{i}].score", s.score, 1, 5)
            key = ("score", name_key(s.outcome), name_key(s.channel), name_key(s.criterion))
            p += once(f"scores[{i}]", key, "score")
    if "choices" in todo:
        for i, c in positions("choices", ws.choices):
            p += _reference(f"choices[{i}].outcome", c.outcome, outcomes, "outcome", optional=False)
            p += _reference(f"choices[{i}].channel", c.channel, channels, "channel", optional=False)
            p += choice_problems(c, f"choices[{i}]")
            p += once(f"choices[{i}]", ("choice", name_key(c.outcome), name_key(c.channel)), "choice")
    if "votes" in todo:
        for i, v in positions("votes", ws.votes):
            p += _reference(f"votes[{i}].participant", v.participant, participants, "participant", optional=False)
            p += _reference(f"votes[{i}].outcome", v.outcome, outcomes, "outcome", optional=False)
            p += _reference(f"votes[{i}].channel", v.channel, channels, "channel")
            p += int_in(f"votes[{i}].dots", v.dots, 1, DOTS_MAX)
            channel = "" if v.channel is None else "c:" + name_key(v.channel)  # "" is an outcome vote, not a name
            p += once(f"votes[{i}]", ("vote", name_key(v.participant), name_key(v.outcome), channel), "vote")
    if todo & {"votes", "participants", "settings"}:
        p += vote_budget_problems(ws)
    if "actions" in todo:
        for i, a in enumerate(ws.actions):
            p += action_problems(a, f"actions[{i}]")
            p += _reference(f"actions[{i}].outcome", a.outcome, outcomes, "outcome")
            p += _reference(f"actions[{i}].channel", a.channel, channels, "channel")
            p += _reference(f"actions[{i}].owner", a.owner, participants, "participant")
    if "agenda" in todo:
        for i, item in enumerate(ws.agenda):
            p += int_in(f"agenda[{i}].minutes", item.minutes, 0, MINUTES_MAX)
            p += once(f"agenda[{i}]", ("agenda", str(item.stage)), "agenda item for this stage")
    if "notes" in todo:
        for name, notes in (("parking_lot", ws.parking_lot), ("decisions", ws.decisions)):
            for i, n in enumerate(notes):
                p += note_problems(n, f"{name}[{i}]")
    return p

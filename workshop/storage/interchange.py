"""The interchange file of METHOD.md: one workshop as canonical JSON ("social-working/1").

Reading validates the whole file first (JSON Schema for shape, the domain's rules for
meaning) and raises ``InterchangeError`` listing every problem; nothing is built from
an invalid file. Writing is canonical: the same workshop always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop.domain.entities import (
    Action,
    AgendaItem,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Note,
    Outcome,
    Participant,
    RaciAssignment,
    Score,
    Stakeholder,
    Vote,
    Workshop,
    default_criteria,
)
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
from workshop.domain.text import name_key
from workshop.domain.validation import Problem, shown, workshop_problems
from workshop.storage.interchange_validation import (
    date_problems,
    remap,
    sanitized,
    schema_errors,
    schema_problems,
    unknown_keys,
    without_bad_dates,
)

FORMAT = "social-working/1"
READABLE_FORMATS = (FORMAT,)
#: The largest file read: a workshop of thousands of items with long notes stays under a few MiB, and a
#: file is refused before it is read, so a huge or endless one cannot exhaust the memory.
MAX_FILE_BYTES = 64 * 2**20
#: The deepest nesting of lists and objects read: the format needs 4 levels; more stops the
#: recursive readers and validators (json, jsonschema, deepcopy) long before Python's recursion limit.
MAX_DEPTH = 32


@dataclass
class ReadResult:
    workshop: Workshop
    warnings: list[Problem] = field(default_factory=list)


class InterchangeError(ValueError):
    """The file cannot be read; ``problems`` names every one (path, value, reason)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = problems
        self.warnings = warnings or []
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:5]))


# -- reading -------------------------------------------------------------------


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _datetime(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _text(value: str | None) -> str:
    return value or ""


def channel_from_data(c: dict[str, Any]) -> Channel:
    """A channel from its interchange object (a file's, or the shipped catalog's)."""
    return Channel(
        c["name"],
        ChannelKind(c["kind"]),
        c["owner"],
        Portability(c["portability"]),
        _int(c["platform_risk"]),
        list(c.get("aliases") or []),
        {k: _int(v) for k, v in (c.get("ratings") or {}).items()},
        c.get("retired", False),
    )


def _build(data: dict[str, Any]) -> Workshop:
    w = data.get("workshop") or {}
    criteria_data = data.get("criteria")
    criteria = (
        default_criteria()
        if criteria_data is None
        else [
            Criterion(c["key"], c["key"] if c.get("name") is None else c["name"], _int(c["weight"]), c["per_outcome"])
            for c in criteria_data
        ]
    )

    def note(n: dict[str, Any]) -> Note:
        return Note(n["text"], _text(n.get("by")), _datetime(n.get("at")))

    def outcome(o: dict[str, Any]) -> Outcome:
        k = o.get("kpi") or {}
        return Outcome(
            key=o["key"],
            title=_text(o.get("title")),
            category=OutcomeCategory(o["category"]),
            audience=_text(o.get("audience")),
            kpi=Kpi(k.get("metric"), k.get("unit"), k.get("baseline"), k.get("target"), _date(k.get("due"))),
            value_per_unit=o.get("value_per_unit"),
            annual_value=o.get("annual_value"),
            confidence=o.get("confidence", 0.5),
            notes=_text(o.get("notes")),
        )

    return Workshop(
        title=_text(w.get("title")),
        organisation=_text(w.get("organisation")),
        date=_date(w.get("date")),
        facilitator=_text(w.get("facilitator")),
        currency=w.get("currency", "EUR"),
        dots_per_participant=_int(w.get("dots_per_participant", 3)),
        overload_limit=_int(w.get("overload_limit", 4)),
        is_template=w.get("is_template", False),
        dismissed_origins=list(w.get("dismissed_origins") or []),
        departments=[
            Department(d["name"], DepartmentFunction(d.get("function", "other"))) for d in data.get("departments") or []
        ],
        participants=[
            Participant(
                p["name"],
                p.get("department"),
                _text(p.get("role")),
                p.get("email"),
                _int(p.get("power", 3)),
                _int(p.get("interest", 3)),
            )
            for p in data.get("participants") or []
        ],
        stakeholders=[
            Stakeholder(
                s["name"],
                _text(s.get("role")),
                s.get("department"),
                _int(s.get("power", 3)),
                _int(s.get("interest", 3)),
            )
            for s in data.get("stakeholders") or []
        ],
        outcomes=[outcome(o) for o in data.get("outcomes") or []],
        raci=[RaciAssignment(r["outcome"], r["participant"], RaciRole(r["role"])) for r in data.get("raci") or []],
        criteria=criteria,
        channels=[channel_from_data(c) for c in data.get("channels") or []],
        scores=[Score(s["outcome"], s["channel"], s["criterion"], _int(s["score"])) for s in data.get("scores") or []],
        choices=[
            Choice(c["outcome"], c["channel"], ChoiceRole(c["role"]), c.get("reliance"))
            for c in data.get("choices") or []
        ],
        votes=[
            Vote(v["participant"], v["outcome"], v.get("channel"), _int(v["dots"])) for v in data.get("votes") or []
        ],
        actions=[
            Action(
                a["title"],
                a.get("outcome"),
                a.get("channel"),
                a.get("owner"),
                _date(a.get("due")),
                a.get("cost", 0),
                a.get("effort_days", 0),
                ActionStatus(a.get("status", "todo")),
                a.get("origin", "manual"),
            )
            for a in data.get("actions") or []
        ],
        agenda=[AgendaItem(Stage(x["stage"]), _int(x["minutes"])) for x in data.get("agenda") or []],
        parking_lot=[note(n) for n in data.get("parking_lot") or []],
        decisions=[note(n) for n in data.get("decisions") or []],
    )


def _canonical_references(ws: Workshop) -> None:
    """References take the spelling of what they name, so a file round-trips to one form."""
    names = {
        "department": {name_key(d.name): d.name for d in ws.departments},
        "participant": {name_key(p.name): p.name for p in ws.participants},
        "outcome": {name_key(o.key): o.key for o in ws.outcomes},
        "channel": {name_key(c.name): c.name for c in ws.channels},
        "criterion": {name_key(c.key): c.key for c in ws.criteria},
    }

    def fix(kind: str, value: str | None) -> str | None:
        return None if value is None else names[kind].get(name_key(value), value)

    for p in ws.participants:
        p.department = fix("department", p.department)
    for s in ws.stakeholders:
        s.department = fix("department", s.department)
    for c in ws.channels:
        c.ratings = {fix("criterion", k) or k: v for k, v in c.ratings.items()}
    for r in ws.raci:
        r.outcome, r.participant = fix("outcome", r.outcome) or "", fix("participant", r.participant) or ""
    for s in ws.scores:
        s.outcome = fix("outcome", s.outcome) or ""
        s.channel = fix("channel", s.channel) or ""
        s.criterion = fix("criterion", s.criterion) or ""
    for c in ws.choices:
        c.outcome, c.channel = fix("outcome", c.outcome) or "", fix("channel", c.channel) or ""
    for v in ws.votes:
        v.participant = fix("participant", v.participant) or ""
        v.outcome = fix("outcome", v.outcome) or ""
        v.channel = fix("channel", v.channel)
    for a in ws.actions:
        a.outcome, a.channel, a.owner = (
            fix("outcome", a.outcome),
            fix("channel", a.channel),
            fix("participant", a.owner),
        )


class _LongInteger(int):
    """An integer of a file with more digits than Python converts (``sys.get_int_max_str_digits``).

    It stands beyond every bound, so the schema and the domain refuse it at its path, and it
    shows its first digits instead of being converted.
    """

    def __new__(cls, digits: str) -> _LongInteger:
        self = super().__new__(cls, -_BEYOND_EVERY_BOUND if digits.startswith("-") else _BEYOND_EVERY_BOUND)
        self.digits = digits
        return self

    def __repr__(self) -> str:
        return f"{self.digits[:40]}… ({len(self.digits.lstrip('-'))} digits)"

    __str__ = __repr__

    def __copy__(self) -> _LongInteger:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _LongInteger:
        return self


_BEYOND_EVERY_BOUND = 10**100


def _long_integer(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:
        return _LongInteger(digits)


def _too_large(size: int) -> Problem:
    return Problem(
        "file", size, f"is larger than {MAX_FILE_BYTES // 2**20} MiB, the most a workshop file may be; it was not read"
    )


_TOO_DEEP = f"is nested too deeply (more than {MAX_DEPTH} levels of lists and objects)"


def _nested_too_deeply(data: dict[str, Any]) -> list[Problem]:
    """The top-level keys whose value nests lists and objects deeper than MAX_DEPTH (counted without recursion)."""
    problems = []
    for key, value in data.items():
        stack = [(value, 2)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                problems.append(Problem(str(shown(key)), None, _TOO_DEEP))
                break
            children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return problems


def _loads(text: str | bytes) -> Any:
    """JSON as Python; integers with more digits than Python converts are kept as ``_LongInteger``."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return json.loads(text, parse_int=_long_integer)


def parse_workshop(text: str | bytes) -> ReadResult:
    """Read an interchange file's text; raises InterchangeError naming every problem."""
    if len(text) > MAX_FILE_BYTES:
        raise InterchangeError([_too_large(len(text))])
    try:
        data = _loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "encoding"
        raise InterchangeError(
            [Problem("$", None, f"is not valid JSON ({where}: {getattr(exc, 'msg', exc)})")]
        ) from None
    except RecursionError:
        raise InterchangeError([Problem("$", None, _TOO_DEEP)]) from None
    if not isinstance(data, dict):
        raise InterchangeError([Problem("$", type(data).__name__, "must be a JSON object")])
    too_deep = _nested_too_deeply(data)
    if too_deep:
        raise InterchangeError(too_deep)
    try:
        return _validated(data)
    except RecursionError:  # not expected within MAX_DEPTH; still a problem, never a traceback
        raise InterchangeError([Problem("$", None, _TOO_DEEP)]) from None


def _validated(data: dict[str, Any]) -> ReadResult:
    fmt = data.get("format")
    if fmt not in READABLE_FORMATS:
        version = fmt.removeprefix("social-working/") if isinstance(fmt, str) else ""
        current = FORMAT.rsplit("/", 1)[1]
        newer = version.isascii() and version.isdigit() and (len(version) > 9 or int(version) > int(current))
        reason = (
            f"is a newer Social Working format than this app reads ({FORMAT}); update the app"
            if newer
            else f"is not a Social Working format this version can read (expected {FORMAT!r})"
        )
        raise InterchangeError([Problem("format", fmt, reason)])
    warnings = unknown_keys(data)
    errors = schema_errors(data)
    problems = schema_problems(errors)
    seen = {p.path for p in problems}
    problems += [p for p in date_problems(data) if p.path not in seen]
    if not problems:
        workshop = _build(data)
        problems = workshop_problems(workshop)
        if problems:
            raise InterchangeError(problems, warnings)
        _canonical_references(workshop)
        return ReadResult(workshop, warnings)
    # Also name the rule problems of what the schema accepted, so one pass lists them all.
    rest = sanitized(without_bad_dates(data), errors)
    if rest is not None:
        clean, index = rest
        if not date_problems(clean):
            seen = {p.path for p in problems}
            rule_problems = [remap(p, index) for p in workshop_problems(_build(clean))]
            problems += [p for p in rule_problems if p.path not in seen]
    raise InterchangeError(problems, warnings)


def parse_own_workshop(text: str | bytes) -> Workshop:
    """A workshop this app wrote itself and kept (a snapshot in the library): read without the JSON Schema pass,
    which takes seconds on a large workshop, with every rule of the method still checked. Anything that does not
    read back as a valid workshop goes through ``parse_workshop``, whose InterchangeError names what is wrong."""
    try:
        data = _loads(text)
        if isinstance(data, dict) and data.get("format") in READABLE_FORMATS and not _nested_too_deeply(data):
            workshop = _build(data)
            if not workshop_problems(workshop):
                _canonical_references(workshop)
                return workshop
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        pass
    return parse_workshop(text).workshop


def read_workshop(path: str | Path) -> ReadResult:
    """Read a file; one larger than MAX_FILE_BYTES is refused before a byte of it is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InterchangeError([_too_large(size)])
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a file that grows (or a device) stops here too
    except OSError as exc:
        raise InterchangeError([Problem(str(path), None, f"cannot be read ({exc.strerror or exc})")]) from None
    return parse_workshop(data)


# -- writing -------------------------------------------------------------------


def _num(value: float | int | None) -> float | int | None:
    """Whole numbers are written without a fraction, so 5000 stays 5000 across round trips."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def to_data(ws: Workshop) -> dict[str, Any]:
    """The workshop as the interchange file's JSON object, every key written, lists in stable order."""
    order = {
        "participant": {name_key(p.name): i for i, p in enumerate(ws.participants)},
        "outcome": {name_key(o.key): i for i, o in enumerate(ws.outcomes)},
        "channel": {name_key(c.name): i for i, c in enumerate(ws.channels)},
        "criterion": {name_key(c.key): i for i, c in enumerate(ws.criteria)},
    }

    def pos(kind: str, value: str | None) -> tuple[int, int | str]:
        if value is None:
            return (-1, "")
        idx = order[kind].get(name_key(value))
        return (0, idx) if idx is not None else (1, name_key(value))

    def note(n: Note) -> dict[str, Any]:
        return {"text": n.text, "by": n.by, "at": _iso(n.at)}

    stage_order = list(Stage)
    return {
        "format": FORMAT,
        "workshop": {
            "title": ws.title,
            "organisation": ws.organisation,
            "date": _iso(ws.date),
            "facilitator": ws.facilitator,
            "currency": ws.currency,
            "dots_per_participant": ws.dots_per_participant,
            "overload_limit": ws.overload_limit,
            "is_template": ws.is_template,
            "dismissed_origins": sorted(set(ws.dismissed_origins)),
        },
        "departments": [{"name": d.name, "function": d.function.value} for d in ws.departments],
        "participants": [
            {
                "name": p.name,
                "department": p.department,
                "role": p.role,
                "email": p.email,
                "power": p.power,
                "interest": p.interest,
            }
            for p in ws.participants
        ],
        "stakeholders": [
            {"name": s.name, "role": s.role, "department": s.department, "power": s.power, "interest": s.interest}
            for s in ws.stakeholders
        ],
        "outcomes": [
            {
                "key": o.key,
                "title": o.title,
                "category": o.category.value,
                "audience": o.audience,
                "kpi": {
                    "metric": o.kpi.metric,
                    "unit": o.kpi.unit,
                    "baseline": _num(o.kpi.baseline),
                    "target": _num(o.kpi.target),
                    "due": _iso(o.kpi.due),
                },
                "value_per_unit": _num(o.value_per_unit),
                "annual_value": _num(o.annual_value),
                "confidence": _num(o.confidence),
                "notes": o.notes,
            }
            for o in ws.outcomes
        ],
        "raci": [
            {"outcome": r.outcome, "participant": r.participant, "role": r.role.value}
            for r in sorted(ws.raci, key=lambda r: (pos("outcome", r.outcome), pos("participant", r.participant)))
        ],
        "criteria": [
            {"key": c.key, "name": c.name, "weight": _num(c.weight), "per_outcome": c.per_outcome} for c in ws.criteria
        ],
        "channels": [
            {
                "name": c.name,
                "kind": c.kind.value,
                "owner": c.owner,
                "portability": c.portability.value,
                "platform_risk": c.platform_risk,
                "aliases": list(c.aliases),
                "ratings": {k: c.ratings[k] for k in sorted(c.ratings, key=lambda k: pos("criterion", k))},
                "retired": c.retired,
            }
            for c in ws.channels
        ],
        "scores": [
            {"outcome": s.outcome, "channel": s.channel, "criterion": s.criterion, "score": s.score}
            for s in sorted(
                ws.scores,
                key=lambda s: (pos("outcome", s.outcome), pos("channel", s.channel), pos("criterion", s.criterion)),
            )
        ],
        "choices": [
            {"outcome": c.outcome, "channel": c.channel, "role": c.role.value, "reliance": _num(c.reliance)}
            for c in sorted(ws.choices, key=lambda c: (pos("outcome", c.outcome), pos("channel", c.channel)))
        ],
        "votes": [
            {"participant": v.participant, "outcome": v.outcome, "channel": v.channel, "dots": v.dots}
            for v in sorted(
                ws.votes,
                key=lambda v: (pos("participant", v.participant), pos("outcome", v.outcome), pos("channel", v.channel)),
            )
        ],
        "actions": [
            {
                "title": a.title,
                "outcome": a.outcome,
                "channel": a.channel,
                "owner": a.owner,
                "due": _iso(a.due),
                "cost": _num(a.cost),
                "effort_days": _num(a.effort_days),
                "status": a.status.value,
                "origin": a.origin,
            }
            for a in ws.actions
        ],
        "agenda": [
            {"stage": x.stage.value, "minutes": x.minutes}
            for x in sorted(ws.agenda, key=lambda x: stage_order.index(x.stage))
        ],
        "parking_lot": [note(n) for n in ws.parking_lot],
        "decisions": [note(n) for n in ws.decisions],
    }


def dumps_workshop(ws: Workshop) -> str:
    return json.dumps(to_data(ws), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_workshop(ws: Workshop, path: str | Path) -> None:
    """Write atomically: a temporary file beside the target, then moved into place."""
    from workshop.storage.atomic import atomic_write_text

    atomic_write_text(Path(path), dumps_workshop(ws))

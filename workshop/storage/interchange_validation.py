"""Validating an interchange file before anything is built from it.

The JSON Schema checks the shape; the calendar checks dates; unknown keys become warnings.
When the shape is wrong, the rest of the file is still checked against the method's rules
(on a copy without the refused parts), so one pass names every problem.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from workshop.domain.entities import WORKSHOP_DETAILS
from workshop.domain.validation import (
    CONTROL_IN_NAME,
    CONTROL_IN_TEXT,
    NAME_CONTROL_REASON,
    TEXT_CONTROL_REASON,
    Problem,
    bound_text,
    range_reason,
)
from workshop.resources import SCHEMA, load_json


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = _inlined(load_json(*SCHEMA))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each ``{"$ref": "#/$defs/x"}`` replaced by ``x`` itself: the same rules, without
    resolving a reference for every name of a file (that tripled the time to read a large one)."""
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


def _path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.replace("$.", "", 1) if out != "$" else out


def _leaf_error(error: Any) -> Any:
    """For "x or null" schemas, the error of the branch that was meant (the deepest, non-null one)."""
    while error.validator == "anyOf" and error.context:
        meant = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        if not meant:
            break
        error = max(meant, key=lambda e: len(e.absolute_path))
    return error


def schema_errors(data: Any) -> list[Any]:
    return [_leaf_error(e) for e in _validator().iter_errors(data)]


def schema_problems(errors: list[Any]) -> list[Problem]:
    problems = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        value = None if error.validator == "required" else error.instance
        problems.append(Problem(_path(error.absolute_path), value, _reason(error)))
    return problems


_ORIGIN_REASON = "must be manual, choice:<outcome key>:<channel name> or fallback:<outcome key>"


def _name_reason(value: str) -> str:
    return NAME_CONTROL_REASON if CONTROL_IN_NAME.search(value) else "is required"


def _text_reason(value: str) -> str:
    return TEXT_CONTROL_REASON if CONTROL_IN_TEXT.search(value) else "is required"


def _origin_reason(value: str) -> str:
    return NAME_CONTROL_REASON if CONTROL_IN_NAME.search(value) else _ORIGIN_REASON


#: Why a value breaks the pattern of each of the schema's ``$defs``, in the method's words, not as a regex.
_DEF_REASONS: dict[str, Callable[[str], str]] = {
    "name": _name_reason,
    "label": lambda _value: NAME_CONTROL_REASON,
    "text": _text_reason,
    "notes": lambda _value: TEXT_CONTROL_REASON,
    "origin": _origin_reason,
    "currency": lambda _value: "must be an ISO 4217 code of three capital letters",
    "date": lambda _value: "must be a date written 2026-03-01",
    "timestamp": lambda _value: "must be a date and time written 2026-03-01T10:00:00",
}
_TYPE_REASONS = {
    "integer": "must be a whole number",
    "number": "must be a number",
    "string": "must be text",
    "boolean": "must be true or false",
    "array": "must be a list",
    "object": "must be an object",
    "null": "must be null",
}


@cache
def _pattern_reasons() -> dict[str, Callable[[str], str]]:
    """Each pattern of the schema's ``$defs`` -> why a value breaks it."""
    defs = load_json(*SCHEMA)["$defs"]
    return {defs[name]["pattern"]: reason for name, reason in _DEF_REASONS.items()}


def _reason(error: Any) -> str:
    """Why the schema refused a value, worded as the domain words the same rule."""
    kind, instance, schema = error.validator, error.instance, error.schema
    if kind == "pattern" and isinstance(instance, str):
        reason = _pattern_reasons().get(error.validator_value)
        return reason(instance) if reason is not None else _plain(error.message, instance)
    if kind == "maxLength":
        return f"must be at most {error.validator_value} characters"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and isinstance(schema, dict):
        low = schema.get("exclusiveMinimum", schema.get("minimum"))
        high = schema.get("maximum")
        if low is None:
            return f"must be at most {bound_text(high)}" if high is not None else _plain(error.message, instance)
        return range_reason(low, high, low_exclusive="exclusiveMinimum" in schema)
    if kind == "type" and isinstance(error.validator_value, str) and error.validator_value in _TYPE_REASONS:
        return _TYPE_REASONS[error.validator_value]
    if kind == "enum" and isinstance(error.validator_value, list):
        return "must be one of " + ", ".join(str(v) for v in error.validator_value)
    if kind == "format" and error.validator_value == "date":
        return "is not a valid date"
    return _plain(error.message, instance)


def _plain(reason: str, instance: Any) -> str:
    """jsonschema repeats the value at the start of its message; keep only the reason."""
    try:
        prefix = repr(instance)
    except ValueError:  # an integer with more digits than Python converts
        return reason
    if isinstance(instance, (str, int, float)) and reason.startswith(prefix + " "):
        return reason[len(prefix) + 1 :]
    return reason


KNOWN_KEYS: dict[str, set[str]] = {
    "": {
        "format",
        "workshop",
        "departments",
        "participants",
        "stakeholders",
        "outcomes",
        "raci",
        "criteria",
        "channels",
        "scores",
        "choices",
        "votes",
        "actions",
        "agenda",
        "parking_lot",
        "decisions",
    },
    "workshop": {*WORKSHOP_DETAILS, "dismissed_origins"},
    "departments": {"name", "function"},
    "participants": {"name", "department", "role", "email", "power", "interest"},
    "stakeholders": {"name", "role", "department", "power", "interest"},
    "outcomes": {
        "key",
        "title",
        "category",
        "audience",
        "kpi",
        "value_per_unit",
        "annual_value",
        "confidence",
        "notes",
    },
    "outcomes.kpi": {"metric", "unit", "baseline", "target", "due"},
    "raci": {"outcome", "participant", "role"},
    "criteria": {"key", "name", "weight", "per_outcome"},
    "channels": {"name", "kind", "owner", "portability", "platform_risk", "aliases", "ratings", "retired"},
    "scores": {"outcome", "channel", "criterion", "score"},
    "choices": {"outcome", "channel", "role", "reliance"},
    "votes": {"participant", "outcome", "channel", "dots"},
    "actions": {"title", "outcome", "channel", "owner", "due", "cost", "effort_days", "status", "origin"},
    "agenda": {"stage", "minutes"},
    "parking_lot": {"text", "by", "at"},
    "decisions": {"text", "by", "at"},
}


def unknown_keys(data: dict[str, Any]) -> list[Problem]:
    warnings = []

    def visit(obj: Any, kind: str, path: str) -> None:
        if not isinstance(obj, dict):
            return
        for key in obj:
            if key not in KNOWN_KEYS[kind]:
                warnings.append(Problem(f"{path}.{key}" if path else key, None, "unknown key, ignored"))

    visit(data, "", "")
    visit(data.get("workshop"), "workshop", "workshop")
    for kind in KNOWN_KEYS:
        if kind in ("", "workshop", "outcomes.kpi"):
            continue
        items = data.get(kind)
        if isinstance(items, list):
            for i, item in enumerate(items):
                visit(item, kind, f"{kind}[{i}]")
                if kind == "outcomes" and isinstance(item, dict):
                    visit(item.get("kpi"), "outcomes.kpi", f"outcomes[{i}].kpi")
    return warnings


def date_problems(data: dict[str, Any]) -> list[Problem]:
    """Dates the schema's pattern lets through but the calendar does not (2026-02-30)."""
    problems = []

    def check(path: str, value: Any, parse: Any) -> None:
        if isinstance(value, str):
            try:
                parse(value)
            except ValueError as exc:
                problems.append(Problem(path, value, f"is not a valid date or time ({exc})"))

    def field(obj: Any, key: str) -> Any:
        return obj.get(key) if isinstance(obj, dict) else None

    def items(key: str) -> list[Any]:
        found = data.get(key)
        return found if isinstance(found, list) else []

    check("workshop.date", field(data.get("workshop"), "date"), dt.date.fromisoformat)
    for i, o in enumerate(items("outcomes")):
        check(f"outcomes[{i}].kpi.due", field(field(o, "kpi"), "due"), dt.date.fromisoformat)
    for i, a in enumerate(items("actions")):
        check(f"actions[{i}].due", field(a, "due"), dt.date.fromisoformat)
    for kind in ("parking_lot", "decisions"):
        for i, n in enumerate(items(kind)):
            check(f"{kind}[{i}].at", field(n, "at"), dt.datetime.fromisoformat)
    return problems


_LISTS = tuple(k for k in KNOWN_KEYS[""] if k not in ("format", "workshop"))


def sanitized(data: dict[str, Any], errors: list[Any]) -> tuple[dict[str, Any], dict[str, list[int]]] | None:
    """The file without what the schema refused, so the method's rules can still be checked on the rest.

    Offending fields are dropped (their defaults apply); items that stay invalid are left out, and
    ``index`` maps each kept item back to its place in the file, so paths name the file's items.
    """
    clean = copy.deepcopy(data)
    drop_items: dict[str, set[int]] = defaultdict(set)
    for _ in range(3):
        if not errors:
            break
        for error in errors:
            path = list(error.absolute_path)
            if len(path) >= 3 and path[0] in _LISTS and isinstance(path[1], int):
                try:
                    container: Any = clean
                    for part in path[:-1]:
                        container = container[part]
                    if isinstance(container, list) and len(path) >= 4 and isinstance(clean[path[0]][path[1]], dict):
                        clean[path[0]][path[1]].pop(path[2], None)  # an element of a list field (an alias)
                        continue
                    if not isinstance(container, dict) or error.validator == "required":
                        raise KeyError(path[-1])
                    container.pop(path[-1], None)
                except (KeyError, IndexError, TypeError):
                    drop_items[path[0]].add(path[1])
            elif len(path) == 2 and path[0] in _LISTS and isinstance(path[1], int):
                drop_items[path[0]].add(path[1])
            elif len(path) == 2 and path[0] == "workshop" and isinstance(clean.get("workshop"), dict):
                clean["workshop"].pop(path[1], None)
            elif path:
                clean.pop(path[0], None)
            else:
                return None
        errors = [e for e in schema_errors(clean) if not _in_dropped(e, drop_items)]
    if errors:
        return None
    index: dict[str, list[int]] = {}
    for name in _LISTS:
        items = clean.get(name)
        if isinstance(items, list):
            kept = [i for i in range(len(items)) if i not in drop_items.get(name, set())]
            clean[name] = [items[i] for i in kept]
            index[name] = kept
    return clean, index


def _in_dropped(error: Any, dropped: dict[str, set[int]]) -> bool:
    path = list(error.absolute_path)
    return len(path) >= 2 and isinstance(path[1], int) and path[1] in dropped.get(str(path[0]), set())


_INDEXED = re.compile(r"^(\w+)\[(\d+)\]")


def remap(problem: Problem, index: dict[str, list[int]]) -> Problem:
    match = _INDEXED.match(problem.path)
    if not match or match.group(1) not in index:
        return problem
    original = index[match.group(1)][int(match.group(2))]
    return Problem(f"{match.group(1)}[{original}]{problem.path[match.end() :]}", problem.value, problem.reason)


def without_bad_dates(data: dict[str, Any]) -> dict[str, Any]:
    """A copy without the dates the calendar refuses (their problems are already listed)."""
    clean = copy.deepcopy(data)
    for problem in date_problems(data):
        parts: list[Any] = [int(i) if i else k for k, i in re.findall(r"(\w+)|\[(\d+)\]", problem.path)]
        container: Any = clean
        for part in parts[:-1]:
            container = container[part]
        container.pop(parts[-1], None)
    return clean

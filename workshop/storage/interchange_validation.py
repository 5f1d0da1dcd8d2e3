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
from collections.abc import Iterable
from functools import cache
from typing import Any

from workshop.domain.entities import WORKSHOP_DETAILS
from workshop.domain.validation import Problem
from workshop.resources import SCHEMA, load_json


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = load_json(*SCHEMA)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


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
        problems.append(Problem(_path(error.absolute_path), value, _plain(error.message, error.instance)))
    return problems


def _plain(reason: str, instance: Any) -> str:
    """jsonschema repeats the value at the start of its message; keep only the reason."""
    prefix = repr(instance)
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

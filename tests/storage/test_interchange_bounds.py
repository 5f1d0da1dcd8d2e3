"""The file reader keeps the bounds of METHOD.md: every problem of issue 7 is a problem line, never a traceback.

Tried as a new user would, before the bounds: an integer beyond 64 bits ended in an
``OverflowError`` on import, a deeply nested document in a ``RecursionError``, 1e308 in a NaN
resilience score, NUL and ESC were stored in titles, a negative overload limit was accepted,
and a file of any size was read whole.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import workshop.storage.interchange as interchange
from workshop.domain.validation import NAME_CONTROL_REASON, TEXT_CONTROL_REASON, Problem, workshop_problems
from workshop.resources import SCHEMA, load_json
from workshop.storage.interchange import (
    FORMAT,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    InterchangeError,
    dumps_workshop,
    parse_workshop,
    read_workshop,
)
from workshop.storage.interchange_validation import schema_errors, schema_problems


def valid_data() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "workshop": {"title": "Tiny", "currency": "EUR", "dots_per_participant": 3, "overload_limit": 4},
        "departments": [{"name": "Finance", "function": "finance"}, {"name": "Support", "function": "support"}],
        "participants": [
            {"name": "Ana", "department": "Finance", "role": "CFO", "email": "ana@example.org", "power": 4},
            {"name": "Bo", "department": "Support"},
        ],
        "stakeholders": [{"name": "Board", "role": "Chair"}],
        "outcomes": [
            {
                "key": "O1",
                "title": "Cut support cost",
                "category": "cost_reduction",
                "audience": "Customers",
                "kpi": {"metric": "Cost per ticket", "unit": "EUR", "baseline": 10, "target": 8},
                "value_per_unit": 1000,
                "annual_value": None,
                "confidence": 0.5,
                "notes": "Finance\tagrees\nwith the numbers",
            }
        ],
        "raci": [{"outcome": "O1", "participant": "Ana", "role": "A"}],
        "criteria": [
            {"key": "audience_fit", "name": "Audience fit", "weight": 3, "per_outcome": True},
            {"key": "ease", "name": "Ease", "weight": 1, "per_outcome": False},
        ],
        "channels": [
            {"name": "Forum", "kind": "owned", "owner": "(own)", "portability": "full", "platform_risk": 1},
            {
                "name": "Facebook page",
                "kind": "rented",
                "owner": "Meta",
                "portability": "none",
                "platform_risk": 4,
                "aliases": ["FB"],
                "ratings": {"ease": 4},
            },
        ],
        "scores": [{"outcome": "O1", "channel": "Forum", "criterion": "audience_fit", "score": 4}],
        "choices": [
            {"outcome": "O1", "channel": "Facebook page", "role": "primary", "reliance": 2},
            {"outcome": "O1", "channel": "Forum", "role": "fallback"},
        ],
        "votes": [{"participant": "Ana", "outcome": "O1", "dots": 2}],
        "actions": [
            {
                "title": "Launch forum",
                "outcome": "O1",
                "owner": "Ana",
                "cost": 500,
                "effort_days": 3,
                "origin": "manual",
            }
        ],
        "agenda": [{"stage": "setup", "minutes": 30}],
        "parking_lot": [{"text": "Fleet sales?", "by": "Bo"}],
        "decisions": [{"text": "Forum first", "by": "facilitator"}],
    }


def with_value(path: list[Any], value: Any) -> dict[str, Any]:
    data = valid_data()
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_of(text: str | bytes) -> list[Problem]:
    with pytest.raises(InterchangeError) as info:
        parse_workshop(text)
    assert info.value.problems
    return info.value.problems


def test_the_valid_file_reads() -> None:
    assert parse_workshop(json.dumps(valid_data())).warnings == []


# -- each problem found, as one problem line ---------------------------------------------------------

MONEY = "must be from 0 to 1000000000000"
FOUND = [
    ("integer beyond 64 bits in a cost", ["actions", 0, "cost"], 99999999999999999999999, MONEY),
    ("integer beyond 64 bits in an overload limit", ["workshop", "overload_limit"], 2**64, "must be from 0 to 1000"),
    ("integer beyond 64 bits in minutes", ["agenda", 0, "minutes"], 99999999999999999999999, "must be from 0 to 10080"),
    ("integer beyond 64 bits in dots", ["votes", 0, "dots"], 2**70, "must be from 1 to 1000"),
    ("integer beyond 64 bits in a budget", ["workshop", "dots_per_participant"], 2**70, "must be from 1 to 1000"),
    ("value near 1e308", ["outcomes", 0, "value_per_unit"], 1e308, MONEY),
    ("NUL in an outcome title", ["outcomes", 0, "title"], "Cut\x00 support cost", NAME_CONTROL_REASON),
    ("ESC in an outcome title", ["outcomes", 0, "title"], "Cut \x1b[31msupport cost", NAME_CONTROL_REASON),
    ("negative overload limit", ["workshop", "overload_limit"], -1, "must be from 0 to 1000"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "reason"), [f[1:] for f in FOUND], ids=[f[0] for f in FOUND])
def test_each_problem_found_is_one_problem_line(path: list[Any], value: Any, reason: str) -> None:
    problems = problems_of(json.dumps(with_value(path, value)))
    assert [(p.path, p.value, p.reason) for p in problems] == [(dotted(path), value, reason)]


@pytest.mark.parametrize("where", ["document", "unknown key", "known list"])
def test_a_deeply_nested_document_is_a_problem_not_a_recursion_error(where: str) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    text = {
        "document": deep,
        "unknown key": json.dumps(valid_data())[:-1] + f', "extra": {deep}}}',
        "known list": json.dumps(valid_data()).replace('"departments": [', f'"departments": [{deep}, ', 1),
    }[where]
    [problem] = problems_of(text)
    assert problem.path == "$"
    assert problem.reason.startswith("is nested too deeply")


def test_nesting_deeper_than_the_format_needs_names_its_key() -> None:
    text = json.dumps(valid_data())[:-1] + ', "extra": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    [problem] = problems_of(text)
    assert (problem.path, problem.value) == ("extra", None)
    assert problem.reason == f"is nested too deeply (more than {MAX_DEPTH} levels of lists and objects)"
    shallow = json.dumps(valid_data())[:-1] + ', "extra": ' + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "}"
    assert [w.path for w in parse_workshop(shallow).warnings] == ["extra"]


def test_an_integer_with_more_digits_than_python_converts_is_a_problem_at_its_path() -> None:
    text = json.dumps(valid_data()).replace('"cost": 500', '"cost": ' + "9" * 5000)
    [problem] = problems_of(text)
    assert problem.path == "actions[0].cost"
    assert problem.reason == MONEY
    assert len(str(problem)) < 200 and "5000 digits" in str(problem)
    negative = json.dumps(valid_data()).replace('"overload_limit": 4', '"overload_limit": -' + "1" * 5000)
    assert [p.path for p in problems_of(negative)] == ["workshop.overload_limit"]


NUMBER_PATHS = [
    ["workshop", "dots_per_participant"],
    ["workshop", "overload_limit"],
    ["participants", 0, "power"],
    ["outcomes", 0, "kpi", "baseline"],
    ["outcomes", 0, "kpi", "target"],
    ["outcomes", 0, "value_per_unit"],
    ["outcomes", 0, "annual_value"],
    ["outcomes", 0, "confidence"],
    ["criteria", 0, "weight"],
    ["channels", 0, "platform_risk"],
    ["channels", 1, "ratings", "ease"],
    ["scores", 0, "score"],
    ["choices", 0, "reliance"],
    ["votes", 0, "dots"],
    ["actions", 0, "cost"],
    ["actions", 0, "effort_days"],
    ["agenda", 0, "minutes"],
]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
@pytest.mark.parametrize("path", NUMBER_PATHS, ids=dotted)
def test_nan_and_infinity_literals_are_refused_at_their_path(path: list[Any], literal: str) -> None:
    text = json.dumps(with_value(path, "__HOLE__")).replace('"__HOLE__"', literal)
    problems = problems_of(text)
    assert dotted(path) in {p.path for p in problems}, problems


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk is used
    with pytest.raises(InterchangeError) as info:
        read_workshop(path)
    [problem] = info.value.problems
    assert (problem.path, problem.value) == ("file", MAX_FILE_BYTES + 1)
    assert "64 MiB" in problem.reason


def test_nothing_of_a_too_large_file_is_read_or_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interchange, "MAX_FILE_BYTES", 1000)

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over the limit must not be read or parsed")

    path = tmp_path / "big.json"
    path.write_text(json.dumps(valid_data()) + " " * 1000, encoding="utf-8")
    monkeypatch.setattr(interchange.json, "loads", never)
    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(InterchangeError) as info:
        read_workshop(path)
    assert [p.path for p in info.value.problems] == ["file"]
    with pytest.raises(InterchangeError):
        parse_workshop(" " * 1001)


def test_a_file_at_the_limit_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(valid_data())
    monkeypatch.setattr(interchange, "MAX_FILE_BYTES", len(text.encode()))
    path = tmp_path / "exact.json"
    path.write_text(text, encoding="utf-8")
    assert read_workshop(path).workshop.title == "Tiny"


# -- the schema and the domain agree --------------------------------------------------------------------

OUT_OF_BOUNDS = [
    (["workshop", "overload_limit"], -1),
    (["workshop", "overload_limit"], 1001),
    (["workshop", "dots_per_participant"], 1001),
    (["workshop", "title"], "Kick\x00off"),
    (["workshop", "organisation"], "Acme\nGmbH"),
    (["workshop", "facilitator"], "M" * 501),
    (["departments", 0, "name"], "Fin\u2028ance"),
    (["participants", 0, "role"], "C\tFO"),
    (["participants", 0, "email"], "ana\x7f@example.org"),
    (["stakeholders", 0, "name"], "B" * 501),
    (["outcomes", 0, "kpi", "baseline"], -2e12),
    (["outcomes", 0, "kpi", "unit"], "E\x1bUR"),
    (["outcomes", 0, "annual_value"], 1e13),
    (["outcomes", 0, "notes"], "n\x00otes"),
    (["outcomes", 0, "notes"], "n" * 32_768),
    (["criteria", 0, "weight"], 1001),
    (["criteria", 0, "name"], "Audience\rfit"),
    (["channels", 1, "owner"], "Me\x00ta"),
    (["channels", 1, "aliases", 0], "F\nB"),
    (["choices", 0, "reliance"], 0),
    (["choices", 0, "reliance"], 1000.5),
    (["votes", 0, "dots"], 1001),
    (["actions", 0, "effort_days"], 36_500.5),
    (["actions", 0, "title"], "Launch\x00"),
    (["agenda", 0, "minutes"], 10_081),
    (["parking_lot", 0, "text"], "Fleet\x0bsales"),
    (["decisions", 0, "by"], "facili\ntator"),
]


@pytest.mark.parametrize(("path", "value"), OUT_OF_BOUNDS, ids=[dotted(p) for p, _v in OUT_OF_BOUNDS])
def test_the_schema_and_the_domain_refuse_alike(path: list[Any], value: Any) -> None:
    data = with_value(path, value)
    from_schema = [p for p in schema_problems(schema_errors(data)) if p.path == dotted(path)]
    assert from_schema, f"the schema accepts {value!r} at {dotted(path)}"
    valid = parse_workshop(json.dumps(valid_data())).workshop
    broken = copy.deepcopy(valid)
    node: Any = broken
    attribute = {"workshop": None, "kpi": "kpi", "by": "by"}
    for part in path[:-1]:
        if part == "workshop":
            continue
        node = node[part] if isinstance(part, int) else getattr(node, attribute.get(part) or part)
    last = path[-1]
    if isinstance(last, int):
        node[last] = value
    else:
        setattr(node, {"ratings": "ratings"}.get(last, last), value)
    from_domain = [p for p in workshop_problems(broken) if p.path == dotted(path)]
    assert [p.reason for p in from_schema] == [p.reason for p in from_domain]
    file_problems = problems_of(json.dumps(data))
    assert dotted(path) in {p.path for p in file_problems}
    # An item the schema refuses is left out of the rule checks, so what refers to it is named too.
    assert all(p.path == dotted(path) or p.reason.startswith("names no ") for p in file_problems), file_problems


def test_schema_reasons_read_plainly() -> None:
    for path, value in OUT_OF_BOUNDS:
        for p in schema_problems(schema_errors(with_value(path, value))):
            assert "does not match" not in p.reason and "\\u" not in p.reason and "maximum of" not in p.reason, p
            assert p.reason.startswith(("must ", "is ")), p


def _subschemas(node: Any, where: str = "$") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        found.append((where, node))
        for key, value in node.items():
            found += _subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _subschemas(value, f"{where}/{i}")
    return found


def test_every_number_and_text_of_the_schema_has_its_bounds() -> None:
    schema = load_json(*SCHEMA)
    assert schema["properties"]["format"] == {"const": "social-working/1"}
    for where, sub in _subschemas(schema):
        if sub.get("type") in ("number", "integer") and not where.endswith("ratings/additionalProperties"):
            assert "maximum" in sub and ("minimum" in sub or "exclusiveMinimum" in sub), where
        if sub.get("type") in ("number", "integer") and where.endswith("ratings/additionalProperties"):
            assert (sub["minimum"], sub["maximum"]) == (1, 5)
        if sub.get("type") == "string":
            assert "maxLength" in sub or ("pattern" in sub and sub["pattern"].endswith("$")), where


def test_the_schema_patterns_refuse_a_trailing_line_break() -> None:
    """Python's ``$`` matches before a final newline; the schema's patterns must not rely on it."""
    data = with_value(["participants", 0, "name"], "Ana\n")
    assert [p.reason for p in schema_problems(schema_errors(data))] == [NAME_CONTROL_REASON]
    data = with_value(["outcomes", 0, "notes"], "fine\n")
    assert schema_problems(schema_errors(data)) == []
    data = with_value(["outcomes", 0, "notes"], "bad\x00\n")
    assert [p.reason for p in schema_problems(schema_errors(data))] == [TEXT_CONTROL_REASON]


# -- what stays readable --------------------------------------------------------------------------------


def test_a_10000_character_title_is_shortened_in_its_problem() -> None:
    [problem] = problems_of(json.dumps(with_value(["outcomes", 0, "title"], "T" * 10_000)))
    assert problem.path == "outcomes[0].title"
    assert problem.reason == "must be at most 500 characters"
    assert problem.value == "T" * 60 + "…"


def test_free_text_keeps_its_tabs_and_line_breaks_across_a_round_trip() -> None:
    data = with_value(["parking_lot", 0, "text"], "Fleet sales?\r\n\tAsk finance\u2028first")
    ws = parse_workshop(json.dumps(data)).workshop
    assert ws.parking_lot[0].text == "Fleet sales?\r\n\tAsk finance\u2028first"
    assert dumps_workshop(parse_workshop(dumps_workshop(ws)).workshop) == dumps_workshop(ws)


def test_the_largest_values_in_bounds_read_and_round_trip() -> None:
    data = valid_data()
    data["workshop"].update({"dots_per_participant": 1000, "overload_limit": 1000, "title": "T" * 500})
    data["outcomes"][0].update({"value_per_unit": 1e12, "annual_value": 1e12, "notes": "n" * 32_767})
    data["outcomes"][0]["kpi"].update({"baseline": -1e12, "target": 1e12})
    data["criteria"][0]["weight"] = 1000
    data["choices"][0]["reliance"] = 1000
    data["votes"][0]["dots"] = 1000
    data["actions"][0].update({"cost": 1e12, "effort_days": 36_500})
    data["agenda"][0]["minutes"] = 10_080
    ws = parse_workshop(json.dumps(data)).workshop
    assert dumps_workshop(parse_workshop(dumps_workshop(ws)).workshop) == dumps_workshop(ws)

"""``check`` and ``import`` refuse a file out of the method's bounds with exit 2 and one line per problem.

These are the six inputs of issue 7, run as a new user runs them: before the bounds, three ended
in a traceback (OverflowError, RecursionError) and three were accepted (NaN score, NUL and ESC
in a title, a negative overload limit).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from workshop.cli import main
from workshop.storage.interchange import MAX_FILE_BYTES


def tiny() -> dict[str, Any]:
    return {
        "format": "social-working/1",
        "workshop": {"title": "Tiny", "currency": "EUR"},
        "departments": [{"name": "Finance", "function": "finance"}],
        "participants": [{"name": "Ana", "department": "Finance"}],
        "outcomes": [
            {
                "key": "O1",
                "title": "Cut support cost",
                "category": "cost_reduction",
                "kpi": {"metric": "Cost per ticket", "unit": "EUR", "baseline": 10, "target": 8},
                "value_per_unit": 1000,
            }
        ],
        "raci": [{"outcome": "O1", "participant": "Ana", "role": "A"}],
        "channels": [
            {"name": "Forum", "kind": "owned", "owner": "(own)", "portability": "full", "platform_risk": 1},
            {"name": "Facebook page", "kind": "rented", "owner": "Meta", "portability": "none", "platform_risk": 4},
        ],
        "choices": [
            {"outcome": "O1", "channel": "Facebook page", "role": "primary"},
            {"outcome": "O1", "channel": "Forum", "role": "fallback"},
        ],
        "actions": [{"title": "Launch forum", "outcome": "O1", "owner": "Ana", "cost": 500}],
        "agenda": [{"stage": "setup", "minutes": 30}],
    }


def _write(path: Path, change: Any = None, text: str | None = None) -> Path:
    data = tiny()
    if change is not None:
        change(data)
    path.write_text(text if text is not None else json.dumps(data), encoding="utf-8")
    return path


def _set(*keys: Any, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _deep(path: Path) -> Path:
    text = json.dumps(tiny())
    return _write(path, text=text[:-1] + ', "extra": ' + "[" * 10_000 + "]" * 10_000 + "}")


def _huge(path: Path) -> Path:
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    return path


# name, how the file is made, the problem line it must give
INPUTS = [
    (
        "integer beyond 64 bits",
        lambda p: _write(p, _set("agenda", 0, "minutes", value=99999999999999999999999)),
        "agenda[0].minutes: 99999999999999999999999: must be from 0 to 10080",
    ),
    (
        "10000-deep nesting",
        _deep,
        "$: None: is nested too deeply (more than 32 levels of lists and objects)",
    ),
    (
        "value_per_unit 1e308",
        lambda p: _write(p, _set("outcomes", 0, "value_per_unit", value=1e308)),
        "outcomes[0].value_per_unit: 1e+308: must be from 0 to 1000000000000",
    ),
    (
        "NUL in an outcome title",
        lambda p: _write(p, _set("outcomes", 0, "title", value="Cut\x00 cost")),
        r"outcomes[0].title: 'Cut\x00 cost': must not contain control characters or line breaks",
    ),
    (
        "ESC in an outcome title",
        lambda p: _write(p, _set("outcomes", 0, "title", value="Cut \x1b[31mcost")),
        r"outcomes[0].title: 'Cut \x1b[31mcost': must not contain control characters or line breaks",
    ),
    (
        "overload_limit -1",
        lambda p: _write(p, _set("workshop", "overload_limit", value=-1)),
        "workshop.overload_limit: -1: must be from 0 to 1000",
    ),
    (
        "a file over the size limit",
        _huge,
        f"file: {MAX_FILE_BYTES + 1}: is larger than 64 MiB, the most a workshop file may be; it was not read",
    ),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    err = capsys.readouterr().err
    return code, out.getvalue(), [line.strip() for line in err.splitlines()]


def test_the_tiny_file_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _err = run(capsys, "check", str(_write(tmp_path / "tiny.json")))
    assert code == 0


@pytest.mark.parametrize(("make", "line"), [i[1:] for i in INPUTS], ids=[i[0] for i in INPUTS])
def test_check_refuses_with_exit_2_and_the_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, line: str
) -> None:
    path = make(tmp_path / "bad.json")
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    assert err[0].startswith("error: ") and "not a valid workshop file" in err[0]
    assert err[1:] == [line]


@pytest.mark.parametrize(("make", "line"), [i[1:] for i in INPUTS], ids=[i[0] for i in INPUTS])
def test_import_refuses_with_exit_2_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, line: str
) -> None:
    path = make(tmp_path / "bad.json")
    library = tmp_path / "lib.sqlite3"
    code, out, err = run(capsys, "--library", str(library), "import", str(path))
    assert code == 2
    assert out == ""
    assert "nothing was imported" in err[0]
    assert err[1:] == [line]
    if library.exists():
        code, out, _err = run(capsys, "--library", str(library), "list")
        assert code == 0 and not out.strip().startswith("1\t")


def test_an_integer_with_more_digits_than_python_converts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(tiny()).replace('"cost": 500', '"cost": ' + "9" * 5000)
    path = _write(tmp_path / "digits.json", text=text)
    code, _out, err = run(capsys, "check", str(path))
    assert code == 2
    [line] = err[1:]
    assert line.startswith("actions[0].cost: '99999") and line.endswith(": must be from 0 to 1000000000000")
    assert len(line) < 200


def test_nan_in_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(tiny()).replace('"cost": 500', '"cost": NaN')
    code, _out, err = run(capsys, "check", str(_write(tmp_path / "nan.json", text=text)))
    assert code == 2
    assert err[1:] == ["actions[0].cost: nan: must be a finite number"]

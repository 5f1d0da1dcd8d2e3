"""``social-working outcomes WORKSHOP [--json]`` on the shipped sample, through main() and as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.resources import SAMPLE, resource

SAMPLE_PATH = Path(str(resource(*SAMPLE)))
ROOT = Path(__file__).resolve().parents[2]

# By outcome dots, then EV, then the room's order (tests/domain/test_reports_outcomes.py works them out).
PRIORITY = ["O1", "O2", "O4", "O5", "O7", "O3", "O6", "O8"]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_text_lists_the_outcomes_in_priority_order() -> None:
    code, text = run("outcomes", str(SAMPLE_PATH))
    assert code == 0
    header, *lines = text.splitlines()
    assert header.split() == ["rank", "key", "title", "dots", "annual", "value", "expected", "value"]
    assert len(lines) == 8
    assert [line.split()[:2] for line in lines] == [[str(i), k] for i, k in enumerate(PRIORITY, start=1)]
    first = lines[0]
    assert "Cut support cost per customer" in first
    assert first.split()[-5:] == ["8", "336,000", "EUR", "201,600", "EUR"]
    unvalued = lines[5]
    assert unvalued.split()[1] == "O3" and unvalued.split()[-3:] == ["4", "n/a", "n/a"]
    assert lines[-1].split()[-5:] == ["1", "160,000", "EUR", "80,000", "EUR"]


def test_text_columns_line_up() -> None:
    _code, text = run("outcomes", str(SAMPLE_PATH))
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1  # every column padded to its width


def test_json_has_the_contract_keys_full_precision_and_null() -> None:
    code, raw = run("outcomes", str(SAMPLE_PATH), "--json")
    assert code == 0
    data = json.loads(raw)
    assert list(data) == ["outcomes"]
    rows = data["outcomes"]
    keys = ["rank", "key", "title", "category", "dots", "annual_value", "expected_value"]
    assert all(list(r) == keys for r in rows)
    assert [r["key"] for r in rows] == PRIORITY
    assert [r["rank"] for r in rows] == list(range(1, 9))
    assert rows[0] == {
        "rank": 1,
        "key": "O1",
        "title": "Cut support cost per customer",
        "category": "support",
        "dots": 8,
        "annual_value": 336000.0,
        "expected_value": 201600.0,
    }
    by_key = {r["key"]: r for r in rows}
    assert by_key["O3"]["annual_value"] is None and by_key["O3"]["expected_value"] is None
    assert '"annual_value": null' in raw
    # |4.5 - 4.1| * 400,000 in floating point, every digit kept (not rounded to 160000.0).
    assert by_key["O8"]["annual_value"] == abs(4.5 - 4.1) * 400000 == 160000.00000000015
    assert "160000.00000000015" in raw
    assert by_key["O8"]["expected_value"] == abs(4.5 - 4.1) * 400000 * 0.5
    assert all(isinstance(r["dots"], int) for r in rows)


def test_a_workshop_without_outcomes(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"format": "social-working/1", "workshop": {"title": "Empty"}}), encoding="utf-8")
    assert run("outcomes", str(path)) == (0, "No outcomes yet.\n")
    code, raw = run("outcomes", str(path), "--json")
    assert code == 0 and json.loads(raw) == {"outcomes": []}


def test_a_missing_file_exits_2_with_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("outcomes", str(tmp_path / "missing.json"))
    assert code == 2 and out == ""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: No workshop file at ")
    assert err[0].endswith(".")


def test_as_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "outcomes", str(SAMPLE_PATH), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert [r["key"] for r in json.loads(proc.stdout)["outcomes"]] == PRIORITY


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "outcomes" in capsys.readouterr().out

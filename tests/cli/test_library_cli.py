"""The library commands: demo, list, import, export, and check/resilience on library workshops."""

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


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_demo_then_list_shows_the_sample(library_path: Path) -> None:
    code, out = run("demo", "--library", str(library_path))
    assert (code, out.strip()) == (0, "1")
    code, out = run("--library", str(library_path), "list")
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith("1\t") and "Social strategy 2027" in line and "Nordlicht Bikes GmbH" in line


def test_export_import_export_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    run("demo", "--library", str(first))
    assert run("export", "1", "--library", str(first), "--out", str(tmp_path / "one.json"))[0] == 0
    code, out = run("import", str(tmp_path / "one.json"), "--library", str(second))
    assert (code, out.strip()) == (0, "1")
    assert run("export", "Social strategy 2027", "--library", str(second), "--out", str(tmp_path / "two.json"))[0] == 0
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert (tmp_path / "one.json").read_bytes() == SAMPLE_PATH.read_bytes()


def test_check_and_resilience_on_a_library_workshop(library_path: Path) -> None:
    run("demo", "--library", str(library_path))
    code, from_library = run("check", "1", "--json", "--library", str(library_path))
    assert code == 0
    assert json.loads(from_library) == json.loads(run("check", str(SAMPLE_PATH), "--json")[1])
    code, res = run("resilience", "social strategy 2027", "--json", "--library", str(library_path))
    assert json.loads(res) == json.loads(run("resilience", str(SAMPLE_PATH), "--json")[1])


def test_ambiguous_title_is_refused_listing_ids(library_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("demo", "--library", str(library_path))
    run("demo", "--library", str(library_path))
    code, _ = run("check", "Social strategy 2027", "--library", str(library_path))
    assert code == 2
    assert "ids 1, 2" in capsys.readouterr().err


def test_unknown_workshop_and_missing_library(library_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", "7", "--library", str(library_path))[0] == 2
    assert "no library" in capsys.readouterr().err.lower()
    run("demo", "--library", str(library_path))
    assert run("check", "7", "--library", str(library_path))[0] == 2
    assert "No workshop has the id or title '7'" in capsys.readouterr().err


def test_invalid_import_changes_nothing(library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("demo", "--library", str(library_path))
    data = json.loads(SAMPLE_PATH.read_text())
    data["participants"][0]["power"] = 11
    data["outcomes"][1]["category"] = "vanity"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    code, _ = run("import", str(bad), "--library", str(library_path))
    err = capsys.readouterr().err
    assert code == 2
    assert "nothing was imported" in err
    assert "participants[0].power" in err and "outcomes[1].category" in err
    assert run("list", "--library", str(library_path))[1].count("\n") == 1


def test_export_to_an_unwritable_place_is_a_clear_error(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("demo", "--library", str(library_path))
    code, _ = run("export", "1", "--library", str(library_path), "--out", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 2
    assert "Cannot write" in capsys.readouterr().err


def test_while_the_app_holds_the_library_demo_is_refused_and_list_works(
    library_path: Path, request: pytest.FixtureRequest
) -> None:
    run("demo", "--library", str(library_path))
    holder = request.getfixturevalue("holder")
    cli = [sys.executable, "-m", "workshop", "--library", str(library_path)]
    refused = subprocess.run([*cli, "demo"], capture_output=True, text=True)
    assert refused.returncode == 2
    assert f"process {holder.pid}" in refused.stderr and "Traceback" not in refused.stderr
    listed = subprocess.run([*cli, "list"], capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.startswith("1\t")

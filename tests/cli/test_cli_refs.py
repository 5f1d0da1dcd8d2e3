"""WORKSHOP references and subjects that used to end in tracebacks or say the wrong thing (issue 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import SAMPLE_PATH, run


@pytest.mark.parametrize("ref", ["²", "99999999999999999999999"])
def test_digit_like_refs_are_one_sentence_and_exit_2(
    library_path: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    assert run("demo", "--library", str(library_path))[0] == 0
    capsys.readouterr()
    code, out = run("check", ref, "--library", str(library_path))
    err = capsys.readouterr().err
    assert (code, out) == (2, "")
    assert err == f"error: No workshop has the id or title {ref!r}.\n"


def test_a_file_that_is_not_a_workshop_says_what_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Bring the projector cable.\n")
    code, _ = run("check", str(notes), "--library", str(tmp_path / "library.sqlite3"))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {notes} is not a valid workshop file:\n")
    assert "is not valid JSON" in err and "There is no library" not in err


def test_a_name_that_is_neither_file_nor_library_workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("check", "Kick-off", "--library", str(tmp_path / "library.sqlite3"))
    assert code == 2
    assert "neither a workshop file nor a workshop of a library" in capsys.readouterr().err


def test_an_untitled_workshop_is_named_in_check(tmp_path: Path) -> None:
    path = tmp_path / "untitled.json"
    path.write_text(json.dumps({"format": "social-working/1", "workshop": {"title": ""}}))
    code, out = run("check", str(path))
    assert code == 0
    lines = [line for line in out.splitlines() if "E_NO_PARTICIPANTS" in line or "E_NO_OUTCOMES" in line]
    assert len(lines) == 2 and all("(untitled workshop): " in line for line in lines)
    _code, raw = run("check", str(path), "--json")
    assert {f["subject"] for f in json.loads(raw) if f["code"].startswith("E_NO_")} == {"(untitled workshop)"}


def test_screenshot_takes_a_file_too_and_shows_no_read_only_banner(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "screenshot", str(SAMPLE_PATH), "--stage", "setup", "--size", "1280x720",
         "--out", str(out), "--library", str(tmp_path / "none.sqlite3")],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    assert not (tmp_path / "none.sqlite3").exists()


def test_screenshot_to_an_unwritable_place_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _ = run("screenshot", str(SAMPLE_PATH), "--out", str(blocker / "shot.png"), "--size", "640x480")
    assert code == 2
    assert capsys.readouterr().err.startswith(f"error: Cannot write {blocker / 'shot.png'}")


def test_a_command_that_upgrades_a_library_logs_each_change(tmp_path: Path) -> None:
    import shutil

    from workshop.services.logs import default_log_dir

    fixture = Path(__file__).parents[1] / "storage" / "fixtures" / "library-schema-1-out-of-bounds.sqlite3"
    library = tmp_path / "old.sqlite3"
    shutil.copy(fixture, library)
    code, out = run("list", "--library", str(library))
    assert code == 0 and out
    log = (default_log_dir() / "social-working.log").read_text(encoding="utf-8")
    assert "Schema 2 changed outcome" in log and "value_per_unit" in log
    assert str(default_log_dir()).startswith(os.environ["XDG_STATE_HOME"])


def test_screenshot_of_the_outcomes_stage(tmp_path: Path) -> None:
    """The outcomes stage as a facilitator sees it on opening: the table, the first outcome in the form."""
    from PySide6.QtGui import QImage

    out = tmp_path / "outcomes.png"
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "screenshot", str(SAMPLE_PATH), "--stage", "outcomes", "--size",
         "1280x720", "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)

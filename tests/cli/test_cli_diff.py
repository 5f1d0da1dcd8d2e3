"""``social-working diff A B``: files and library references, exit 0 when the same, 1 when they differ, 2 on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import SAMPLE_PATH, run
from workshop.cli_diff import SAME


def edited_sample(tmp_path: Path, name: str = "edited.json") -> Path:
    data = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
    data["outcomes"][0]["title"] = "Cheaper support"
    data["outcomes"][1]["confidence"] = 0.6
    data["actions"].append({**data["actions"][0], "title": "Launch the forum", "origin": "manual"})
    data["decisions"].append({"text": "We keep the forum", "by": "facilitator", "at": None})
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


EXPECTED = [
    "Outcomes",
    '  O1 renamed from "Cut support cost per customer" to "Cheaper support"',
    "  Outcome O2: confidence changed from 0.5 to 0.6",
    "Action plan",
    "  Action added: Launch the forum",
    "Parking lot and decisions",
    '  Decision added: "We keep the forum" (by facilitator)',
]


def test_two_files_that_differ_print_the_changes_by_stage_and_exit_1(tmp_path: Path) -> None:
    code, out = run("diff", str(SAMPLE_PATH), str(edited_sample(tmp_path)))
    assert code == 1
    assert out.splitlines() == EXPECTED


def test_the_same_workshop_twice_exits_0_and_says_so(tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy.write_text(SAMPLE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("diff", str(SAMPLE_PATH), str(copy)) == (0, f"{SAME}\n")


def test_library_ids_and_titles_against_a_file(tmp_path: Path, library_path: Path) -> None:
    assert run("import", str(edited_sample(tmp_path)), "--library", str(library_path)) == (0, "1\n")
    assert run("demo", "--library", str(library_path)) == (0, "2\n")
    code, out = run("diff", "2", "1", "--library", str(library_path))
    assert (code, out.splitlines()) == (1, EXPECTED)
    # By title (unique), then the library workshop against the file it came from: the same.
    code, out = run("diff", str(SAMPLE_PATH), "2", "--library", str(library_path))
    assert (code, out) == (0, f"{SAME}\n")
    title = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))["workshop"]["title"]
    code, out = run("diff", "1", title.upper(), "--library", str(library_path))
    assert code == 2 and out == ""  # both workshops carry the sample's title: ambiguous, to be named by id
    data = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
    data["workshop"]["title"] = "Kick-off"
    (tmp_path / "kick-off.json").write_text(json.dumps(data), encoding="utf-8")
    assert run("import", str(tmp_path / "kick-off.json"), "--library", str(library_path)) == (0, "3\n")
    code, out = run("diff", "2", "kick-off", "--library", str(library_path))
    assert (code, out) == (1, f'Set-up\n  Workshop: title changed from "{title}" to "Kick-off"\n')


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        (("{missing}", "{sample}"), "No workshop file"),
        (("{sample}", "No such workshop"), "No workshop has the id or title 'No such workshop'."),
    ],
)
def test_a_bad_reference_is_one_message_and_exit_2(
    tmp_path: Path, library_path: Path, capsys: pytest.CaptureFixture[str], refs: tuple[str, str], message: str
) -> None:
    assert run("demo", "--library", str(library_path))[0] == 0
    capsys.readouterr()
    names = {"missing": str(tmp_path / "nope.json"), "sample": str(SAMPLE_PATH)}
    code, out = run("diff", *(r.format(**names) for r in refs), "--library", str(library_path))
    err = capsys.readouterr().err
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2


def test_diff_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("--help")
    assert "diff" in capsys.readouterr().out

"""``social-working export``: the format follows the extension; one participant's plan; every participant's."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from workshop.cli import main
from workshop.export.excel.team import TEAM_PARTS
from workshop.export.file_names import file_names_in_order
from workshop.resources import SAMPLE, resource
from workshop.services.library_service import read_workshop_file

SAMPLE_PATH = str(resource(*SAMPLE))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_xlsx_writes_the_team_workbook(tmp_path: Path) -> None:
    target = tmp_path / "team.xlsx"
    assert run("export", SAMPLE_PATH, "--out", str(target)) == (0, f"{target}\n")
    assert openpyxl.load_workbook(target).sheetnames[: len(TEAM_PARTS)] == list(TEAM_PARTS)


def test_json_still_writes_the_interchange_file(tmp_path: Path) -> None:
    target = tmp_path / "ws.json"
    assert run("export", SAMPLE_PATH, "--out", str(target))[0] == 0
    assert read_workshop_file(target)[0].title == read_workshop_file(SAMPLE_PATH)[0].title


def test_another_extension_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", SAMPLE_PATH, "--out", str(tmp_path / "team.txt"))[0] == 2
    assert "must end in .json (interchange file), .xlsx (team workbook)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_one_participant(tmp_path: Path) -> None:
    ws, _ = read_workshop_file(SAMPLE_PATH)
    who = ws.participants[2].name
    target = tmp_path / "mine.xlsx"
    assert run("export", SAMPLE_PATH, "--participant", who.upper(), "--out", str(target)) == (0, f"{target}\n")
    assert who in openpyxl.load_workbook(target)["My plan"]["A1"].value


def test_one_participant_needs_a_workbook_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = read_workshop_file(SAMPLE_PATH)
    code, _ = run("export", SAMPLE_PATH, "--participant", ws.participants[0].name, "--out", str(tmp_path / "x.json"))
    assert code == 2 and "must end in .xlsx" in capsys.readouterr().err


def test_an_unknown_participant_names_who_there_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = read_workshop_file(SAMPLE_PATH)
    assert run("export", SAMPLE_PATH, "--participant", "Nobody", "--out", str(tmp_path / "x.xlsx"))[0] == 2
    err = capsys.readouterr().err
    assert "No participant 'Nobody'" in err and ws.participants[0].name in err


def test_all_participants_into_a_folder(tmp_path: Path) -> None:
    ws, _ = read_workshop_file(SAMPLE_PATH)
    folder = tmp_path / "plans"
    code, out = run("export", SAMPLE_PATH, "--all-participants", str(folder))
    names = file_names_in_order([p.name for p in ws.participants], extension=".xlsx")
    assert code == 0
    assert out.splitlines() == [str(folder / n) for n in names]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.mark.parametrize(
    "extra", [["--out", "x.xlsx"], ["--participant", "Ana"]], ids=["with --out", "with --participant"]
)
def test_all_participants_takes_no_out_or_participant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    assert run("export", SAMPLE_PATH, "--all-participants", str(tmp_path / "d"), *extra)[0] == 2
    assert "--all-participants writes a folder" in capsys.readouterr().err


def test_no_target_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", SAMPLE_PATH)[0] == 2
    assert "--out FILE.xlsx or FILE.json, or --all-participants DIR" in capsys.readouterr().err


def test_progress_goes_to_stderr_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert run("export", SAMPLE_PATH, "--out", str(tmp_path / "a.xlsx"))[0] == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert run("export", SAMPLE_PATH, "--out", str(tmp_path / "b.xlsx"))[0] == 0
    err = capsys.readouterr().err
    assert "[0/9] Summary" in err and "[9/9] Done\n" in err

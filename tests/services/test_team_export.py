"""The team workbook and the interchange file written through the export service: the format follows the
extension, progress is reported part by part, a cancel or a failure leaves an earlier file byte for byte and no
temporary file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

import workshop.atomic
from workshop.export.excel.team import TEAM_PARTS
from workshop.services.catalog import sample_workshop
from workshop.services.exports import ExportCancelled, ExportJob, export_team_workbook, export_workshop
from workshop.services.library_service import read_workshop_file
from workshop.services.refusals import Refusal

TODAY = dt.date(2026, 12, 2)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def test_the_team_workbook_reports_each_sheet_then_the_save(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    path = tmp_path / "team.xlsx"
    result = export_workshop(sample_workshop(), path, ExportJob(progress=lambda *a: seen.append(a)), today=TODAY)
    assert result.written == [path] and result.cleaned == []
    total = len(TEAM_PARTS) + 1
    assert seen == [(i, total, part) for i, part in enumerate(TEAM_PARTS)] + [
        (len(TEAM_PARTS), total, "Saving team.xlsx"),
        (total, total, "Done"),
    ]
    assert openpyxl.load_workbook(path).sheetnames[: len(TEAM_PARTS)] == list(TEAM_PARTS)


def test_json_writes_the_interchange_file(tmp_path: Path) -> None:
    path = tmp_path / "ws.json"
    export_workshop(sample_workshop(), path)
    ws, warnings = read_workshop_file(path)
    assert (ws.title, warnings) == (sample_workshop().title, [])


@pytest.mark.parametrize("name", ["team.txt", "team.xls", "team", "team.csv"])
def test_any_other_extension_is_refused_and_nothing_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(Refusal, match=r"must end in \.json \(interchange file\), \.xlsx \(team workbook\)"):
        export_workshop(sample_workshop(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_leaves_the_earlier_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    path.write_bytes(b"the earlier export")
    job = ExportJob()

    def progress(done: int, total: int, what: str) -> None:
        if what == "Channels":
            job.cancel.set()

    job.progress = progress
    with pytest.raises(ExportCancelled):
        export_team_workbook(sample_workshop(), path, job, today=TODAY)
    assert path.read_bytes() == b"the earlier export"
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("failing", ["write", "rename"])
def test_a_failing_write_or_rename_leaves_the_old_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "team.xlsx"
    export_team_workbook(sample_workshop(), path, today=TODAY)
    before = path.read_bytes()
    if failing == "rename":

        def refuse_rename(src: object, dst: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(workshop.atomic.os, "replace", refuse_rename)
    else:
        real_fsync = os.fsync

        def full_disk(fd: int) -> None:
            real_fsync(fd)
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(workshop.atomic.os, "fsync", full_disk)
    ws = sample_workshop()
    ws.title = "Another title"
    with pytest.raises(Refusal) as caught:
        export_team_workbook(ws, path, today=TODAY)
    message = str(caught.value)
    assert str(path) in message and "an earlier file there is unchanged" in message
    if failing == "rename":
        assert "Is it open in Excel?" in message
    else:
        assert "No space left on device" in message
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_a_missing_folder_is_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(Refusal, match="Cannot write"):
        export_team_workbook(sample_workshop(), tmp_path / "no" / "such" / "team.xlsx", today=TODAY)

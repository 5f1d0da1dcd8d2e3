"""Participant workbooks written to disk through the export service: whole files or none, earlier files replaced
atomically, one file per participant with safe names, and a cancel that keeps only finished files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

import workshop.atomic
from workshop.domain.entities import Action, Participant, Workshop
from workshop.domain.validation import workshop_problems
from workshop.export.file_names import file_names_in_order
from workshop.services.catalog import sample_workshop
from workshop.services.exports import (
    ExportJob,
    export_all_participants,
    export_participant_workbook,
    participant_paths,
)
from workshop.services.refusals import NotFound, Refusal

TODAY = dt.date(2027, 3, 10)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def heading(path: Path) -> str:
    return openpyxl.load_workbook(path)["My plan"]["A1"].value


def test_one_participant_workbook_is_written_and_reloads(tmp_path: Path) -> None:
    ws = sample_workshop()
    who = ws.participants[1]
    path = tmp_path / "plan.xlsx"
    seen: list[tuple[int, int, str]] = []
    job = ExportJob(progress=lambda *a: seen.append(a))
    result = export_participant_workbook(ws, f"  {who.name.upper()} ", path, job, today=TODAY)
    assert result.written == [path] and not result.cancelled
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["My plan", "My outcomes", "Workshop"]
    assert who.name in heading(path)
    assert seen[-1][0] == seen[-1][1] == 2
    assert temp_files(tmp_path) == []


def test_an_earlier_file_is_replaced(tmp_path: Path) -> None:
    ws = sample_workshop()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"an earlier export")
    export_participant_workbook(ws, ws.participants[0].name, path, today=TODAY)
    assert ws.participants[0].name in heading(path)
    export_participant_workbook(ws, ws.participants[2].name, path, today=TODAY)
    assert ws.participants[2].name in heading(path)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_a_failing_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = sample_workshop()
    path = tmp_path / "plan.xlsx"
    export_participant_workbook(ws, ws.participants[0].name, path, today=TODAY)
    before = path.read_bytes()

    def refuse(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workshop.atomic.os, "replace", refuse)
    with pytest.raises(Refusal) as caught:
        export_participant_workbook(ws, ws.participants[1].name, path, today=TODAY)
    assert "unchanged" in str(caught.value)
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_every_participant_gets_a_file_named_safely(tmp_path: Path) -> None:
    ws = sample_workshop()
    ws.participants += [Participant("Ana?"), Participant("Ana")]  # both come out as "Ana"
    ws.actions.append(Action("Ana's task", owner="Ana?"))
    assert workshop_problems(ws) == []
    folder = tmp_path / "plans"
    result = export_all_participants(ws, folder, today=TODAY)
    names = file_names_in_order([p.name for p in ws.participants], extension=".xlsx")
    assert [p.name for p in result.written] == names
    assert "Ana.xlsx" in names and "Ana (2).xlsx" in names
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    for participant, path in zip(ws.participants, result.written, strict=True):
        assert heading(path) == f"My plan: {participant.name}"
    assert not result.cancelled
    assert [path for _, path in participant_paths(ws, folder)] == result.written
    ana = openpyxl.load_workbook(folder / names[-2])["My plan"]
    assert "Ana's task" in [c.value for c in ana["A"]]


def test_a_cancel_keeps_the_finished_files_whole(tmp_path: Path) -> None:
    ws = sample_workshop()
    job = ExportJob()
    targets = participant_paths(ws, tmp_path)

    def progress(done: int, total: int, what: str) -> None:
        if what == targets[1][1].name:  # the second file is being written: stop after it
            job.cancel.set()

    job.progress = progress
    result = export_all_participants(ws, tmp_path, job, today=TODAY)
    assert result.cancelled
    assert result.written == [path for _, path in targets[:2]]
    assert sorted(tmp_path.iterdir()) == sorted(result.written)
    for (participant, _), path in zip(targets, result.written, strict=False):
        assert heading(path) == f"My plan: {participant.name}"
    assert temp_files(tmp_path) == []


def test_an_unknown_participant_is_not_found_naming_who_there_is(tmp_path: Path) -> None:
    ws = sample_workshop()
    with pytest.raises(NotFound) as caught:
        export_participant_workbook(ws, "Nobody Here", tmp_path / "x.xlsx", today=TODAY)
    message = str(caught.value)
    assert "Nobody Here" in message
    assert all(p.name in message for p in ws.participants)
    assert list(tmp_path.iterdir()) == []


def test_a_workshop_without_participants_is_refused(tmp_path: Path) -> None:
    ws = Workshop(title="Empty room")
    with pytest.raises(Refusal) as caught:
        export_all_participants(ws, tmp_path / "plans", today=TODAY)
    assert "no participants" in str(caught.value)
    assert list(tmp_path.iterdir()) == []

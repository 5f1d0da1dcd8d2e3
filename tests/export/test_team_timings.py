"""The team workbook's Summary shows the time planned and used per stage: read back with openpyxl, cell by cell,
from the workbook builder, the library's export, the command line (a library workshop is timed, a file is not) and
the service the export stage calls."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from workshop.cli import main
from workshop.domain.entities import AgendaItem, Workshop
from workshop.domain.enums import Stage
from workshop.domain.timer import AgendaTimer, StageTiming, agenda_minutes
from workshop.export.excel.team import NOT_TIMED, TIME_COLUMNS, build_team_workbook
from workshop.resources import SAMPLE, resource
from workshop.services import exports
from workshop.services.catalog import sample_workshop
from workshop.services.library_service import LibraryService
from workshop.services.timer import TimerService
from workshop.storage.library import Library

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 14)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def timed(ws: Workshop) -> list[StageTiming]:
    """Set-up 25 min 30 s of its 20 (5 added), Outcomes 12 min 36 s so far of its 60, nothing else."""
    timer = AgendaTimer(agenda_minutes(ws.agenda))
    timer.start(Stage.SETUP, at(0))
    timer.extend(Stage.SETUP)
    timer.switch(Stage.OUTCOMES, at(1530))
    return timer.timings(at(1530 + 756))


def time_table(sheet: Worksheet) -> tuple[list[list[object]], list[object]]:
    """The "Time per stage" rows under their header (stage first), and the notes after them."""
    start = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Time per stage")
    assert [sheet.cell(start + 1, c).value for c in range(1, 7)] == list(TIME_COLUMNS)
    rows: list[list[object]] = []
    notes: list[object] = []
    r = start + 2
    while sheet.cell(r, 1).value is not None:
        values = [sheet.cell(r, c).value for c in range(1, 7)]
        if any(v is not None for v in values[1:]):
            rows.append(values)
        else:
            notes.append(values[0])
        r += 1
    return rows, notes


def summary(path: Path) -> Worksheet:
    return openpyxl.load_workbook(path)["Summary"]


def test_the_summary_shows_planned_and_used_minutes_per_stage() -> None:
    ws = sample_workshop()
    book = openpyxl.load_workbook(io.BytesIO(build_team_workbook(ws, today=TODAY, timings=timed(ws)).to_bytes()))
    rows, notes = time_table(book["Summary"])
    assert rows[0] == ["Set-up", 20, 5, 25, 25.5, 0.5]
    assert rows[1] == ["Outcomes", 60, 0, 60, 12.6, -47.4]
    assert rows[2] == ["Stakeholders", 40, 0, 40, 0, -40]
    assert [r[0] for r in rows] == ["Set-up", "Outcomes", "Stakeholders", "Channels", "Resilience", "Action plan",
                                    "Export", "Total"]  # fmt: skip
    assert rows[-1] == ["Total", 270, 5, 275, 38.1, -236.9]
    assert notes == []
    s = book["Summary"]
    used = next(r for r in range(1, s.max_row + 1) if s.cell(r, 1).value == "Outcomes" and s.cell(r, 5).value == 12.6)
    assert s.cell(used, 5).number_format == "0.0" and s.cell(used, 2).number_format == "0"


def test_a_workshop_never_timed_shows_its_plan_and_not_timed() -> None:
    ws = sample_workshop()
    book = openpyxl.load_workbook(io.BytesIO(build_team_workbook(ws, today=TODAY).to_bytes()))
    rows, notes = time_table(book["Summary"])
    assert rows[0] == ["Set-up", 20, 0, 20, NOT_TIMED, None]
    assert rows[-1] == ["Total", 270, 0, 270, NOT_TIMED, None]
    assert len(notes) == 1 and "not timed" in str(notes[0])


def test_a_stage_off_the_agenda_shows_only_when_time_was_used() -> None:
    ws = Workshop(title="Short", agenda=[AgendaItem(Stage.OUTCOMES, 30)])
    timer = AgendaTimer(agenda_minutes(ws.agenda))
    timer.start(Stage.PLAN, at(0))
    book = openpyxl.load_workbook(
        io.BytesIO(build_team_workbook(ws, today=TODAY, timings=timer.timings(at(300))).to_bytes())
    )
    rows, _notes = time_table(book["Summary"])
    assert rows == [
        ["Outcomes", 30, 0, 30, 0, -30],
        ["Action plan", 0, 0, 0, 5, 5],
        ["Total", 30, 0, 30, 5, -25],
    ]


def test_no_agenda_and_no_time_says_so() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_team_workbook(Workshop(title="Empty"), today=TODAY).to_bytes()))
    s = book["Summary"]
    start = next(r for r in range(1, s.max_row + 1) if s.cell(r, 1).value == "Time per stage")
    assert s.cell(start + 1, 1).value == "No agenda and no time used: nothing was planned per stage."


def library_with_timed_sample(path: Path) -> int:
    with Library.open(path) as lib:
        service = LibraryService(lib)
        wid = service.workshops.import_workshop(sample_workshop()).result
        timers = TimerService(service.workshops)
        timer = timers.load(wid, service.workshops.load(wid).workshop.agenda)
        start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
        timers.save(wid, timer, timer.start(Stage.SETUP, start))
        timers.save(wid, timer, timer.pause(start + dt.timedelta(minutes=18)))
    return wid


def test_the_library_export_and_the_export_service_carry_the_timer(tmp_path: Path) -> None:
    wid = library_with_timed_sample(tmp_path / "lib.sqlite3")
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        service = LibraryService(lib)
        service.export_file(wid, tmp_path / "team.xlsx")
        ws = service.workshops.load(wid).workshop
        timings = TimerService(service.workshops).timings(wid, ws.agenda)
    rows, _ = time_table(summary(tmp_path / "team.xlsx"))
    assert rows[0] == ["Set-up", 20, 0, 20, 18, -2]
    exports.export_workshop(ws, tmp_path / "direct.xlsx", timings=timings)
    assert time_table(summary(tmp_path / "direct.xlsx"))[0][0] == ["Set-up", 20, 0, 20, 18, -2]


def test_the_command_line_times_a_library_workshop_not_a_file(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    wid = library_with_timed_sample(library)
    out = io.StringIO()
    assert main(["export", str(wid), "--library", str(library), "--out", str(tmp_path / "lib.xlsx")], out=out) == 0
    assert time_table(summary(tmp_path / "lib.xlsx"))[0][0] == ["Set-up", 20, 0, 20, 18, -2]
    sample = str(resource(*SAMPLE))
    assert main(["export", sample, "--out", str(tmp_path / "file.xlsx")], out=io.StringIO()) == 0
    assert time_table(summary(tmp_path / "file.xlsx"))[0][0] == ["Set-up", 20, 0, 20, NOT_TIMED, None]

"""Stage timers kept in the library: they survive closing and reopening it, make no undo step and no edit, and a
read-only library keeps them in memory without failing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from workshop.domain.enums import Stage
from workshop.domain.timer import StageClock
from workshop.services.catalog import sample_workshop
from workshop.services.timer import TimerService
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_the_timer_survives_closing_and_reopening_the_library(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        service = WorkshopService(lib)
        wid = service.import_workshop(sample_workshop()).result
        ws = service.load(wid).workshop
        timers = TimerService(service)
        timer = timers.load(wid, ws.agenda)
        assert timer.clocks == {}
        assert timers.save(wid, timer, timer.start(Stage.SETUP, at(0)))
        assert timers.save(wid, timer, timer.extend(Stage.SETUP))
        assert timers.save(wid, timer, timer.switch(Stage.OUTCOMES, at(300)))
        updated = service.load(wid).updated_at
    with Library.open(library_path) as lib:
        service = WorkshopService(lib)
        ws = service.load(wid).workshop
        assert service.load(wid).updated_at == updated  # a timer write is no edit of the workshop
        timer = TimerService(service).load(wid, ws.agenda)
        assert timer.clock(Stage.SETUP) == StageClock(300.0, 5, None)
        assert timer.clock(Stage.OUTCOMES) == StageClock(0.0, 0, at(300))
        assert timer.running_stage() is Stage.OUTCOMES
        # the clock kept counting while the library was closed
        assert timer.reading(Stage.OUTCOMES, at(1500)).used_seconds == 1200
        planned = {item.stage: item.minutes for item in ws.agenda}
        assert timer.planned_seconds(Stage.SETUP) == (planned[Stage.SETUP] + 5) * 60


def test_an_edit_after_a_timer_write_still_works_and_undoes(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    timers = TimerService(service)
    timer = timers.load(wid, service.load(wid).workshop.agenda)
    timers.save(wid, timer, timer.start(Stage.OUTCOMES, at(0)))
    edit = service.update_workshop(wid, title="Renamed")
    assert service.load(wid).workshop.title == "Renamed"
    service.undo(edit)
    assert service.load(wid).workshop.title != "Renamed"
    assert timers.clocks(wid)[Stage.OUTCOMES].running_since == at(0)  # undo leaves the timer alone


def test_timings_report_planned_and_used_per_stage(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    ws = service.load(wid).workshop
    timers = TimerService(service)
    timer = timers.load(wid, ws.agenda)
    timers.save(wid, timer, timer.start(Stage.SETUP, at(0)))
    timers.save(wid, timer, timer.pause(at(600)))
    timings = {t.stage: t for t in timers.timings(wid, ws.agenda, at(5000))}
    assert timings[Stage.SETUP].used_seconds == 600
    assert timings[Stage.OUTCOMES].used_seconds == 0
    assert [t.stage for t in timers.timings(wid, ws.agenda, at(0))] == list(Stage)


def test_a_read_only_library_keeps_the_timer_in_memory(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        wid = WorkshopService(lib).import_workshop(sample_workshop()).result
    with Library.open(library_path, read_only=True) as lib:
        service = WorkshopService(lib)
        timers = TimerService(service)
        assert not timers.stored
        timer = timers.load(wid, service.load(wid).workshop.agenda)
        assert timers.save(wid, timer, timer.start(Stage.SETUP, at(0))) is False
        assert timer.reading(Stage.SETUP, at(60)).used_seconds == 60  # in memory, still counting
    with Library.open(library_path) as lib:
        assert TimerService(WorkshopService(lib)).clocks(wid) == {}


def test_damaged_timer_rows_start_from_nothing(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        service = WorkshopService(lib)
        wid = service.import_workshop(sample_workshop()).result
        timers = TimerService(service)
        timer = timers.load(wid, [])
        timers.save(wid, timer, timer.start(Stage.PLAN, at(0)))
        timers.save(wid, timer, [*timer.extend(Stage.SETUP), *timer.extend(Stage.OUTCOMES)])
        with lib.engine.begin() as conn:
            conn.execute(text("UPDATE stage_timer SET stage = 'retired' WHERE stage = 'setup'"))
            conn.execute(text("UPDATE stage_timer SET used_seconds = -5 WHERE stage = 'outcomes'"))
            conn.execute(text("UPDATE stage_timer SET running_since = '2026-03-14T09:00:00' WHERE stage = 'plan'"))
        clocks = timers.clocks(wid)
        assert set(clocks) == {Stage.PLAN}
        assert clocks[Stage.PLAN].running_since == at(0)  # no offset written: read as UTC
        with lib.engine.begin() as conn:
            conn.execute(text("UPDATE stage_timer SET running_since = 'not a time' WHERE stage = 'plan'"))
        assert timers.clocks(wid) == {}

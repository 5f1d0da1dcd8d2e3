"""The timed agenda's logic with a fake clock: no Qt, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop.domain.entities import AgendaItem
from workshop.domain.enums import Stage
from workshop.domain.timer import (
    WARNING_SECONDS,
    AgendaTimer,
    StageClock,
    TimerReading,
    agenda_minutes,
    format_clock,
    next_stage,
)

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def timer() -> AgendaTimer:
    return AgendaTimer({Stage.SETUP: 10, Stage.OUTCOMES: 30, Stage.STAKEHOLDERS: 20})


@pytest.mark.parametrize(
    ("seconds", "face"),
    [
        (725, "12:05"),
        (59, "0:59"),
        (59.9, "0:59"),
        (0, "0:00"),
        (-0.5, "0:00"),
        (-90, "-1:30"),
        (3723, "1:02:03"),
        (-3723, "-1:02:03"),
        (3600, "1:00:00"),
    ],
)
def test_clock_face(seconds: float, face: str) -> None:
    assert format_clock(seconds) == face


def test_a_new_timer_reads_the_plan_and_is_not_running() -> None:
    r = timer().reading(Stage.OUTCOMES, at(100))
    assert r == TimerReading(Stage.OUTCOMES, 1800.0, 0.0, 1800.0, False)
    assert not r.warning and not r.over


def test_start_counts_wall_clock_time_and_pause_banks_it() -> None:
    t = timer()
    assert t.start(Stage.SETUP, at(0)) == [Stage.SETUP]
    assert t.reading(Stage.SETUP, at(90)).used_seconds == 90
    assert t.reading(Stage.SETUP, at(90)).running
    assert t.pause(at(100)) == [Stage.SETUP]
    r = t.reading(Stage.SETUP, at(5000))
    assert (r.used_seconds, r.remaining_seconds, r.running) == (100, 500, False)
    t.start(Stage.SETUP, at(6000))
    assert t.reading(Stage.SETUP, at(6030)).used_seconds == 130
    assert t.start(Stage.SETUP, at(6040)) == []  # already running: nothing changes


def test_toggle_is_start_then_pause() -> None:
    t = timer()
    t.toggle(Stage.SETUP, at(0))
    assert t.running_stage() is Stage.SETUP
    t.toggle(Stage.SETUP, at(60))
    assert t.running_stage() is None
    assert t.clock(Stage.SETUP) == StageClock(60.0, 0, None)


def test_warning_at_two_minutes_and_over_at_zero() -> None:
    t = timer()
    t.start(Stage.SETUP, at(0))
    plan = 600
    assert not t.reading(Stage.SETUP, at(plan - WARNING_SECONDS - 1)).warning
    assert t.reading(Stage.SETUP, at(plan - WARNING_SECONDS)).warning
    assert t.reading(Stage.SETUP, at(plan - 1)).warning
    zero = t.reading(Stage.SETUP, at(plan))
    assert zero.over and not zero.warning
    late = t.reading(Stage.SETUP, at(plan + 90))
    assert late.over and late.remaining_seconds == -90
    assert format_clock(late.remaining_seconds) == "-1:30"


def test_a_stage_without_a_plan_is_over_once_time_is_used_only() -> None:
    t = timer()
    assert not t.reading(Stage.PLAN, at(0)).over
    t.start(Stage.PLAN, at(0))
    assert t.reading(Stage.PLAN, at(1)).over


def test_extend_adds_five_minutes_to_the_plan_running_or_not() -> None:
    t = timer()
    t.start(Stage.SETUP, at(0))
    assert t.reading(Stage.SETUP, at(550)).warning
    assert t.extend(Stage.SETUP) == [Stage.SETUP]
    r = t.reading(Stage.SETUP, at(550))
    assert (r.planned_seconds, r.remaining_seconds, r.warning, r.running) == (900, 350, False, True)
    t.extend(Stage.STAKEHOLDERS, 10)
    assert t.planned_seconds(Stage.STAKEHOLDERS) == 30 * 60


def test_switch_while_running_banks_the_stage_left_and_runs_the_new_one() -> None:
    t = timer()
    t.start(Stage.SETUP, at(0))
    assert sorted(t.switch(Stage.OUTCOMES, at(120))) == sorted([Stage.SETUP, Stage.OUTCOMES])
    assert t.clock(Stage.SETUP) == StageClock(120.0, 0, None)
    assert t.running_stage() is Stage.OUTCOMES
    assert t.reading(Stage.OUTCOMES, at(180)).used_seconds == 60
    assert t.switch(Stage.OUTCOMES, at(200)) == []
    t.switch(Stage.SETUP, at(300))  # back again: the setup clock resumes from what it banked
    assert t.reading(Stage.SETUP, at(310)).used_seconds == 130
    assert t.clock(Stage.OUTCOMES).used_seconds == 180


def test_switch_while_paused_changes_nothing() -> None:
    t = timer()
    assert t.switch(Stage.OUTCOMES, at(0)) == []
    assert t.running_stage() is None


def test_skip_moves_to_the_next_stage_and_the_clock_follows() -> None:
    t = timer()
    t.start(Stage.SETUP, at(0))
    target, changed = t.skip(Stage.SETUP, at(30))
    assert target is Stage.OUTCOMES and set(changed) == {Stage.SETUP, Stage.OUTCOMES}
    assert t.running_stage() is Stage.OUTCOMES
    t.pause(at(40))
    target, changed = t.skip(Stage.OUTCOMES, at(50))
    assert target is Stage.STAKEHOLDERS and changed == []
    assert t.skip(Stage.EXPORT, at(60)) == (None, [])
    assert next_stage(Stage.PLAN) is Stage.EXPORT


def test_start_pauses_any_other_running_clock() -> None:
    t = AgendaTimer({}, {Stage.SETUP: StageClock(0, 0, at(0)), Stage.PLAN: StageClock(10, 0, at(5))})
    t.start(Stage.OUTCOMES, at(20))
    assert t.running_stage() is Stage.OUTCOMES
    assert t.clock(Stage.SETUP).used_seconds == 20 and t.clock(Stage.PLAN).used_seconds == 25


def test_a_clock_set_back_counts_no_negative_time() -> None:
    clock = StageClock(30.0, 0, at(100))
    assert clock.used_at(at(50)) == 30.0


def test_a_stored_running_clock_keeps_counting_after_a_restart() -> None:
    before = timer()
    before.start(Stage.OUTCOMES, at(0))
    after = AgendaTimer(before.agenda, dict(before.clocks))  # what a reload from the library gives
    assert after.reading(Stage.OUTCOMES, at(3600)).used_seconds == 3600
    assert after.reading(Stage.OUTCOMES, at(3600)).over


def test_timings_list_every_stage_planned_against_used() -> None:
    t = timer()
    t.start(Stage.SETUP, at(0))
    t.extend(Stage.SETUP)
    t.switch(Stage.OUTCOMES, at(700))
    timings = {x.stage: x for x in t.timings(at(1000))}
    assert list(timings) == list(Stage)
    assert (timings[Stage.SETUP].planned_minutes, timings[Stage.SETUP].used_seconds) == (15, 700)
    assert (timings[Stage.OUTCOMES].agenda_minutes, timings[Stage.OUTCOMES].used_seconds) == (30, 300)
    assert (timings[Stage.EXPORT].planned_minutes, timings[Stage.EXPORT].used_seconds) == (0, 0)


def test_agenda_minutes_from_items() -> None:
    items = [AgendaItem(Stage.SETUP, 15), AgendaItem(Stage.PLAN, 45)]
    assert agenda_minutes(items) == {Stage.SETUP: 15, Stage.PLAN: 45}

"""The room's timed agenda: one clock per stage, planned from the agenda's minutes, counting wall-clock time.

Pure Python with the clock passed in (every call takes ``now``), so tests drive it with a fake clock. A running clock
stores when it started (``running_since``), not a count of ticks: time used keeps counting across a restart or a
crash. The clock follows the facilitator's stage: switching stages while running banks the time on the stage left
and runs the new stage's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from workshop.domain.entities import AgendaItem
from workshop.domain.enums import Stage

#: The first signal: this many seconds left on the stage's clock.
WARNING_SECONDS = 120
#: What "+5 min" adds to a stage's plan.
EXTEND_MINUTES = 5

STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


@dataclass(frozen=True, slots=True)
class StageClock:
    """One stage's clock: seconds banked by earlier runs, minutes added, and since when it runs (None: paused)."""

    used_seconds: float = 0.0
    extra_minutes: int = 0
    running_since: dt.datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def used_at(self, now: dt.datetime) -> float:
        """Seconds used by ``now``; a start in the future (the system clock set back) counts as no time."""
        if self.running_since is None:
            return self.used_seconds
        return self.used_seconds + max(0.0, (now - self.running_since).total_seconds())

    def paused_at(self, now: dt.datetime) -> StageClock:
        return replace(self, used_seconds=self.used_at(now), running_since=None)


@dataclass(frozen=True, slots=True)
class TimerReading:
    """What the room sees of one stage's clock at one moment."""

    stage: Stage  # the stage whose clock this is
    planned_seconds: float  # agenda minutes of the stage * 60 + extra minutes * 60
    used_seconds: float
    remaining_seconds: float  # planned - used; negative when over
    running: bool

    @property
    def warning(self) -> bool:
        """Two minutes or less left, not yet over: the first signal."""
        return 0 < self.remaining_seconds <= WARNING_SECONDS

    @property
    def over(self) -> bool:
        """Time is up (or past): the second signal. A stage with no plan and no time used is not over."""
        return self.remaining_seconds <= 0 and (self.planned_seconds > 0 or self.used_seconds > 0)


@dataclass(frozen=True, slots=True)
class StageTiming:
    """Planned against used time of one stage, for the overview and the team workbook's Summary.

    ``used_seconds`` None: the stage was never timed (a workshop read from a file carries no timer)."""

    stage: Stage
    agenda_minutes: int
    extra_minutes: int
    used_seconds: float | None

    @property
    def planned_minutes(self) -> int:
        return self.agenda_minutes + self.extra_minutes


def format_clock(seconds: float) -> str:
    """A clock face: "12:05", "0:59", "-1:30", "1:02:03" for an hour or more. Whole seconds, rounded toward zero
    so the face reads 0:00 only when the time is really up."""
    sign = "-" if seconds <= -1 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def agenda_minutes(agenda: Iterable[AgendaItem]) -> dict[Stage, int]:
    """The agenda as minutes per stage (a stage with no item plans no time)."""
    return {item.stage: item.minutes for item in agenda}


def next_stage(stage: Stage) -> Stage | None:
    """The stage after ``stage`` in the method's order, None after the last."""
    i = STAGE_ORDER.index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


class AgendaTimer:
    """The clocks of one workshop's stages. At most one runs at a time.

    Every change returns the stages whose clock changed, so a caller saves just those."""

    def __init__(self, agenda: Mapping[Stage, int], clocks: Mapping[Stage, StageClock] | None = None) -> None:
        self.agenda: dict[Stage, int] = dict(agenda)
        self.clocks: dict[Stage, StageClock] = dict(clocks or {})

    def clock(self, stage: Stage) -> StageClock:
        return self.clocks.get(stage, StageClock())

    def running_stage(self) -> Stage | None:
        for stage in STAGE_ORDER:
            if self.clock(stage).running:
                return stage
        return None

    def planned_seconds(self, stage: Stage) -> float:
        return (self.agenda.get(stage, 0) + self.clock(stage).extra_minutes) * 60.0

    def reading(self, stage: Stage, now: dt.datetime) -> TimerReading:
        clock = self.clock(stage)
        planned = self.planned_seconds(stage)
        used = clock.used_at(now)
        return TimerReading(stage, planned, used, planned - used, clock.running)

    def timings(self, now: dt.datetime) -> list[StageTiming]:
        """Planned against used per stage, in the method's order; a stage never timed reports 0 seconds used."""
        timings = []
        for stage in STAGE_ORDER:
            clock = self.clock(stage)
            timings.append(StageTiming(stage, self.agenda.get(stage, 0), clock.extra_minutes, clock.used_at(now)))
        return timings

    def _set(self, stage: Stage, clock: StageClock, changed: list[Stage]) -> None:
        if clock != self.clock(stage):
            self.clocks[stage] = clock
            changed.append(stage)

    def _pause_all(self, now: dt.datetime, changed: list[Stage], keep: Stage | None = None) -> None:
        for stage, clock in list(self.clocks.items()):
            if clock.running and stage != keep:
                self._set(stage, clock.paused_at(now), changed)

    def start(self, stage: Stage, now: dt.datetime) -> list[Stage]:
        """Run ``stage``'s clock (any other running clock is paused first)."""
        changed: list[Stage] = []
        self._pause_all(now, changed, keep=stage)
        if not self.clock(stage).running:
            self._set(stage, replace(self.clock(stage), running_since=now), changed)
        return changed

    def pause(self, now: dt.datetime) -> list[Stage]:
        changed: list[Stage] = []
        self._pause_all(now, changed)
        return changed

    def toggle(self, stage: Stage, now: dt.datetime) -> list[Stage]:
        """Start/Pause as one key: pause when ``stage``'s clock runs, start it otherwise."""
        return self.pause(now) if self.clock(stage).running else self.start(stage, now)

    def extend(self, stage: Stage, minutes: int = EXTEND_MINUTES) -> list[Stage]:
        changed: list[Stage] = []
        clock = self.clock(stage)
        self._set(stage, replace(clock, extra_minutes=clock.extra_minutes + minutes), changed)
        return changed

    def switch(self, stage: Stage, now: dt.datetime) -> list[Stage]:
        """The facilitator moved to ``stage``: if a clock runs, bank it and run ``stage``'s; paused stays paused."""
        if self.running_stage() in (None, stage):
            return []
        return self.start(stage, now)

    def skip(self, stage: Stage, now: dt.datetime) -> tuple[Stage | None, list[Stage]]:
        """Leave ``stage`` for the next one (the clock follows when it runs); (None, []) after the last stage."""
        target = next_stage(stage)
        if target is None:
            return None, []
        return target, self.switch(target, now)

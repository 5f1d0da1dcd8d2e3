"""The stage timers of a library's workshops: read from ``stage_timer`` rows, written beside the workshop.

A timer change is no edit of the workshop (no undo step, no new "saved at", never in the interchange file): it is
written through ``WorkshopService.beside`` in one short transaction. A read-only library keeps the timer in memory
only: ``save`` writes nothing there and says so by returning False.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.domain.entities import AgendaItem
from workshop.domain.enums import Stage
from workshop.domain.timer import AgendaTimer, StageClock, StageTiming, agenda_minutes
from workshop.services.damage import DAMAGED_VALUE
from workshop.services.workshops import WorkshopService
from workshop.storage.orm import StageTimerRow

log = logging.getLogger(__name__)


def utc_now() -> dt.datetime:
    """The wall clock the timer counts by (UTC, so a change of time zone or daylight saving moves nothing)."""
    return dt.datetime.now(dt.UTC)


class TimerService:
    """Load and save the stage clocks of the workshops of one library."""

    def __init__(self, workshops: WorkshopService) -> None:
        self.workshops = workshops

    @property
    def stored(self) -> bool:
        """Whether changes reach the library (False: a read-only library, the timer lives in memory)."""
        return not self.workshops.library.read_only

    def clocks(self, workshop_id: int) -> dict[Stage, StageClock]:
        """The clocks stored for a workshop. A row that does not read back as a clock (a stage this version does not
        know, a damaged number or time) is left out and logged: the timer of that stage starts from nothing."""
        out: dict[Stage, StageClock] = {}
        with self.workshops.library.session() as s:
            try:
                rows = list(s.scalars(select(StageTimerRow).where(StageTimerRow.workshop_id == workshop_id)))
            except DAMAGED_VALUE as exc:
                log.warning(
                    "The stage timers of workshop %s cannot be read (%s); they start from nothing", workshop_id, exc
                )
                return out
            for row in rows:
                clock = _clock_of(row)
                if clock is None:
                    log.warning(
                        "Stage timer %r of workshop %s is damaged; it starts from nothing", row.stage, workshop_id
                    )
                else:
                    out[Stage(row.stage)] = clock
        return out

    def load(self, workshop_id: int, agenda: Iterable[AgendaItem]) -> AgendaTimer:
        return AgendaTimer(agenda_minutes(agenda), self.clocks(workshop_id))

    def save(self, workshop_id: int, timer: AgendaTimer, stages: Iterable[Stage]) -> bool:
        """Store the clocks of ``stages`` (those a change touched). False, and nothing written, when the library is
        read-only; a library that refuses the write raises the service's ``Refusal``/``SaveFailed``."""
        stages = list(dict.fromkeys(stages))
        if not self.stored:
            return False
        if not stages:
            return True
        clocks = {stage: timer.clock(stage) for stage in stages}

        def write(s: Session) -> None:
            for stage, clock in clocks.items():
                row = s.get(StageTimerRow, (workshop_id, stage.value))
                if row is None:
                    row = StageTimerRow(workshop_id=workshop_id, stage=stage.value)
                    s.add(row)
                row.used_seconds = clock.used_seconds
                row.extra_minutes = clock.extra_minutes
                row.running_since = clock.running_since

        self.workshops.beside(workshop_id, write)
        return True

    def timings(
        self, workshop_id: int, agenda: Iterable[AgendaItem], now: dt.datetime | None = None
    ) -> list[StageTiming]:
        """Planned against used time per stage of a library workshop, as the team workbook's Summary shows it."""
        return self.load(workshop_id, agenda).timings(now or utc_now())


def _clock_of(row: StageTimerRow) -> StageClock | None:
    try:
        Stage(row.stage)
        used = float(row.used_seconds or 0.0)
        extra = int(row.extra_minutes or 0)
        since = row.running_since
    except DAMAGED_VALUE:
        return None
    if not math.isfinite(used) or used < 0 or extra < 0:
        return None
    if since is not None:
        if not isinstance(since, dt.datetime):
            return None
        if since.tzinfo is None:  # written without an offset (by hand): read as UTC, as the app writes it
            since = since.replace(tzinfo=dt.UTC)
    return StageClock(used, extra, since)

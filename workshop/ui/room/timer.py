"""The stage timer in the room: a countdown of the facilitator's stage, planned from the agenda, kept in the library.

``RoomTimer`` follows the open workshop (``MainWindow.workshop_opened`` / ``workshop_closing``) and the stage shown
(the clock follows the facilitator), saves every change beside the workshop (``services.timer``), and signals two
minutes left and zero by colour and, unless turned off, a short sound once per crossing. The clock (``clock``) and
the sound (``chime``) are plain callables, so tests drive the timer with a fake clock and count the chimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from workshop.domain.enums import Stage
from workshop.domain.timer import AgendaTimer, StageTiming, TimerReading, agenda_minutes, next_stage
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.timer import TimerService, utc_now
from workshop.ui import settings as S
from workshop.ui.room import room_action
from workshop.ui.room.timer_widget import TimerWidget, TimingsDialog, level_of

if TYPE_CHECKING:
    from workshop.ui.main_window import MainWindow
    from workshop.ui.workshop_view import WorkshopView

#: How often a running clock's face is redrawn (and ``reading_changed`` emitted).
TICK_MS = 1000
_LEVELS = {"normal": 0, "warning": 1, "over": 2}


class RoomTimer(QObject):
    """The timer of the workshop shown: its actions (Room menu), its widget in the header, its saves."""

    #: A ``TimerReading`` of the facilitator's stage: every second while a clock runs, and on every change.
    reading_changed = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        chime: Callable[[], None] = QApplication.beep,
    ) -> None:
        super().__init__(window)
        self.window = window
        #: The wall clock (UTC); tests put a fake one here.
        self.clock = clock
        #: The short sound at two minutes and at zero (the system's alert sound); tests count calls here.
        self.chime = chime
        self.view: WorkshopView | None = None
        self.widget: TimerWidget | None = None
        self.timer: AgendaTimer | None = None
        self._service: TimerService | None = None
        self._workshop_id = 0
        self._said_in_memory = False
        self._last: tuple[Stage, int] | None = None  # the stage and signal level last shown: a crossing chimes
        self._dialog: TimingsDialog | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._build_actions()
        window.workshop_opened.connect(self._opened)
        window.workshop_closing.connect(self._closing)

    # -- actions ------------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        w = self.window
        self.start_pause_action = room_action(w, self.tr("Start/pause the &timer"), "F5", triggered=self.start_pause)
        self.extend_action = room_action(w, self.tr("Add &five minutes"), "Ctrl+F5", triggered=self.extend)
        self.skip_action = room_action(w, self.tr("S&kip to the next stage"), "Shift+F5", triggered=self.skip)
        self.timings_action = room_action(w, self.tr("Time &used per stage…"), triggered=self.show_timings)
        self.sound_action = room_action(
            w, self.tr("Timer &sound"), toggled=lambda on: w.settings.set(S.TIMER_SOUND, on)
        )
        self.sound_action.setChecked(w.settings.get(S.TIMER_SOUND))
        self.sound_action.setToolTip(self.tr("A short sound at two minutes left and at zero"))
        self.window.room_menu.addSeparator()
        self._workshop_actions = (self.start_pause_action, self.extend_action, self.skip_action, self.timings_action)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for action in self._workshop_actions:
            action.setEnabled(on)

    @property
    def sound_enabled(self) -> bool:
        return self.sound_action.isChecked()

    @sound_enabled.setter
    def sound_enabled(self, on: bool) -> None:
        self.sound_action.setChecked(on)

    # -- following the workshop -----------------------------------------------------------------------------

    def _opened(self, view: WorkshopView) -> None:
        session = view.session
        self.view = view
        self._workshop_id = session.workshop_id
        self._service = TimerService(session.service)
        self._said_in_memory = False
        self._last = None
        self.timer = self._service.load(self._workshop_id, session.workshop.agenda)
        running = self.timer.running_stage()
        if running is not None and running is not view.stage:
            view.go_to_stage(running)  # after a restart, back where the room was: its clock still runs
        self.widget = TimerWidget()
        self.widget.start_pause_clicked.connect(self.start_pause)
        self.widget.extend_clicked.connect(self.extend)
        self.widget.skip_clicked.connect(self.skip)
        self.widget.overview_clicked.connect(self.show_timings)
        view.header.addWidget(self.widget)
        view.stage_shown.connect(self._stage_shown)
        session.changed.connect(self._workshop_changed)
        self._enable(True)
        self._changed([])

    def _closing(self) -> None:
        self._ticker.stop()
        if self.view is not None:
            try:
                self.view.stage_shown.disconnect(self._stage_shown)
                self.view.session.changed.disconnect(self._workshop_changed)
            except (RuntimeError, TypeError):
                pass
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.view = self.widget = self.timer = self._service = None
        self._enable(False)

    def _stage_shown(self, stage: Stage) -> None:
        if self.timer is not None:
            self._changed(self.timer.switch(stage, self.clock()))

    def _workshop_changed(self, _tables: object) -> None:
        """The agenda's minutes may have changed in set-up: the plan follows at once."""
        if self.timer is None or self.view is None:
            return
        agenda = agenda_minutes(self.view.session.workshop.agenda)
        if agenda != self.timer.agenda:
            self.timer.agenda = agenda
            self._changed([])

    # -- what the facilitator does --------------------------------------------------------------------------

    def start_pause(self) -> None:
        if self.timer is not None and self.view is not None:
            self._changed(self.timer.toggle(self.view.stage, self.clock()))

    def extend(self) -> None:
        if self.timer is not None and self.view is not None:
            self._changed(self.timer.extend(self.view.stage))

    def skip(self) -> None:
        """To the next stage; a running clock follows (through ``stage_shown``)."""
        if self.view is None:
            return
        target = next_stage(self.view.stage)
        if target is None:
            self.window.statusBar().showMessage(self.tr("This is the last stage: there is none to skip to."), 6000)
            return
        self.window.go_to_stage(target)

    def show_timings(self) -> None:
        if self.timer is None:
            return
        if self._dialog is None:
            self._dialog = TimingsDialog(self.window)
        self._dialog.show_timings(self.timings() or [])
        self._dialog.show()
        self._dialog.raise_()

    # -- readings -----------------------------------------------------------------------------------------

    def reading(self) -> TimerReading | None:
        """The clock of the facilitator's stage now; None with no workshop open."""
        if self.timer is None or self.view is None:
            return None
        return self.timer.reading(self.view.stage, self.clock())

    def timings(self) -> list[StageTiming] | None:
        """Planned against used per stage now (a plain list: the export stage hands it to its thread)."""
        return None if self.timer is None else self.timer.timings(self.clock())

    def tick(self) -> None:
        """Once a second while a clock runs: the face, the signals, and ``reading_changed``."""
        self._publish()

    def _changed(self, stages: Iterable[Stage]) -> None:
        stages = list(stages)
        if stages and self._service is not None and self.timer is not None:
            self._save(stages)
        running = self.timer is not None and self.timer.running_stage() is not None
        if running and not self._ticker.isActive():
            self._ticker.start()
        elif not running:
            self._ticker.stop()
        self._publish()

    def _save(self, stages: list[Stage]) -> None:
        assert self._service is not None and self.timer is not None and self.view is not None
        try:
            stored = self._service.save(self._workshop_id, self.timer, stages)
        except REFUSALS as exc:
            self.view.session.refused.emit(
                describe_refusal(exc) + " " + self.tr("The timer runs on, but this change of it is not stored.")
            )
            return
        if not stored and not self._said_in_memory:
            self._said_in_memory = True
            self.view.session.refused.emit(
                self.tr("The library is read-only: the timer runs in memory only and is lost when the workshop closes.")
            )

    def _publish(self) -> None:
        reading = self.reading()
        if reading is None:
            return
        level = _LEVELS[level_of(reading)]
        last = self._last
        self._last = (reading.stage, level)
        crossed = last is not None and last[0] is reading.stage and level > last[1] and reading.running
        if crossed and self.sound_enabled:
            self.chime()
        if self.widget is not None:
            self.widget.show_reading(reading)
            timings = self.timings()
            if timings is not None:
                self.widget.set_timings_tip(timings)
                if self._dialog is not None and self._dialog.isVisible():
                    self._dialog.show_timings(timings)
        self.reading_changed.emit(reading)

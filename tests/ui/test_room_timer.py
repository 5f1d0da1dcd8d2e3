"""The stage timer in the room, driven as the facilitator drives it (F5, Ctrl+F5, Shift+F5, its buttons) with a
fake clock: start, pause, +5 min, the two-minute and zero signals (colour and a counted chime, none when the sound
is off), skip, the clock following the stage, and a restart that finds the clock still running."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key, open_on_stage
from tests.ui.test_export_stage import type_path, wait_done
from workshop.domain.enums import Severity, Stage
from workshop.domain.timer import TimerReading
from workshop.export import palette
from workshop.services.catalog import sample_workshop
from workshop.services.refusals import SaveFailed
from workshop.ui import settings as S
from workshop.ui.app import apply_style
from workshop.ui.main_window import MainWindow
from workshop.ui.room.timer import RoomTimer
from workshop.ui.room.timer_widget import NORMAL_FILL, TimerWidget
from workshop.ui.stages.export.page import ExportStagePage

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
OUTCOMES_PLAN = 60 * 60  # the sample's agenda: 60 minutes for Outcomes


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class Room:
    """A window with the sample workshop open on a stage, its timer on a fake clock, its chimes counted."""

    def __init__(self, qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
        self.qtbot, self.window, self.clock = qtbot, window, clock
        self.chimes = 0
        self.timer.clock = clock
        self.timer.chime = self._chime

    def _chime(self) -> None:
        self.chimes += 1

    @property
    def timer(self) -> RoomTimer:
        return self.window.room_timer

    @property
    def widget(self) -> TimerWidget:
        assert self.timer.widget is not None
        return self.timer.widget

    def reading(self) -> TimerReading:
        reading = self.timer.reading()
        assert reading is not None
        return reading

    def pass_time(self, seconds: float) -> None:
        """Time passes; the next tick of the once-a-second timer shows it."""
        self.clock.advance(seconds)
        self.timer.tick()

    def fill(self) -> str:
        widget = self.widget
        image = widget.grab().toImage()
        return image.pixelColor(widget.width() - 3, widget.height() // 2).name().upper()


def make_window(qtbot: QtBot, settings: S.AppSettings, library_path: Path, **kw: bool) -> MainWindow:
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    win = MainWindow(settings, library_path, **kw)
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    return win


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> Room:
    window.resize(1920, 1080)
    r = Room(qtbot, window, clock)
    open_on_stage(qtbot, window, sample_workshop(), Stage.OUTCOMES)
    return r


AMBER = palette.SEVERITY_COLOURS[Severity.WARNING].upper()
RED = palette.SEVERITY_COLOURS[Severity.ERROR].upper()


def test_no_workshop_no_reading_and_the_actions_wait(window: MainWindow) -> None:
    assert window.room_timer.reading() is None
    assert not window.room_timer.start_pause_action.isEnabled()
    assert window.room_timer.start_pause_action in window.room_menu.actions()
    keys = {k for k, _what in window.shortcut_rows()}
    assert {"F5", "Ctrl+F5", "Shift+F5"} <= keys


def test_f5_starts_and_pauses_and_ctrl_f5_adds_five_minutes(room: Room) -> None:
    assert room.timer.start_pause_action.isEnabled()
    r = room.reading()
    assert (r.stage, r.planned_seconds, r.used_seconds, r.running) == (Stage.OUTCOMES, OUTCOMES_PLAN, 0, False)
    assert room.widget.clock.text() == "1:00:00"  # an hour or more: hours too
    key(room.qtbot, Qt.Key.Key_F5)
    assert room.reading().running
    assert room.widget.start_pause.text() == "Pause"
    room.pass_time(90)
    assert room.widget.clock.text() == "58:30"
    assert room.widget.detail.full_text() == "Outcomes · used 1:30 of 60 min"
    key(room.qtbot, Qt.Key.Key_F5)
    assert not room.reading().running and room.widget.start_pause.text() == "Start"
    room.pass_time(100)  # paused: no time is used
    assert room.reading().used_seconds == 90
    assert room.widget.detail.full_text().endswith("paused")
    key(room.qtbot, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    assert room.reading().planned_seconds == OUTCOMES_PLAN + 300
    assert room.widget.clock.text() == "1:03:30"
    room.qtbot.mouseClick(room.widget.extend, Qt.MouseButton.LeftButton)
    room.qtbot.mouseClick(room.widget.start_pause, Qt.MouseButton.LeftButton)
    room.pass_time(30)
    r = room.reading()
    assert (r.planned_seconds, r.used_seconds, r.running) == (OUTCOMES_PLAN + 600, 120, True)


def test_reading_changed_every_tick_while_running(room: Room) -> None:
    seen: list[object] = []
    room.timer.reading_changed.connect(seen.append)
    room.timer.start_pause()
    assert len(seen) == 1 and isinstance(seen[0], TimerReading)
    for _ in range(3):
        room.pass_time(1)
    assert [r.used_seconds for r in seen] == [0, 1, 2, 3]  # type: ignore[attr-defined]
    with room.qtbot.waitSignal(room.timer.reading_changed, timeout=3000):  # the real once-a-second timer
        pass


def test_two_minutes_left_turns_amber_and_zero_red_each_with_one_chime(room: Room) -> None:
    assert room.fill() == NORMAL_FILL.upper()
    room.timer.start_pause()
    room.pass_time(OUTCOMES_PLAN - 121)
    assert room.widget.level == "normal" and room.chimes == 0
    room.pass_time(1)  # 2:00 left
    assert room.widget.clock.text() == "2:00"
    assert (room.widget.level, room.fill(), room.chimes) == ("warning", AMBER, 1)
    room.pass_time(1)
    room.pass_time(60)
    assert room.chimes == 1  # once per crossing, not once a second
    room.pass_time(59)  # zero
    assert room.widget.clock.text() == "0:00"
    assert (room.widget.level, room.fill(), room.chimes) == ("over", RED, 2)
    room.pass_time(90)
    assert room.widget.clock.text() == "-1:30" and room.chimes == 2
    assert "time is up" in room.widget.detail.full_text()
    room.timer.extend()  # 3:30 left again: back to normal, and the next crossing chimes again
    assert (room.widget.level, room.fill()) == ("normal", NORMAL_FILL.upper())
    room.pass_time(90)
    assert (room.widget.level, room.chimes) == ("warning", 3)


def test_the_sound_can_be_turned_off_and_stays_off(
    qtbot: QtBot, room: Room, settings: S.AppSettings, library_path: Path
) -> None:
    assert room.timer.sound_enabled
    room.timer.sound_action.trigger()  # Room > Timer sound
    assert not room.timer.sound_enabled and settings.get(S.TIMER_SOUND) is False
    room.timer.start_pause()
    room.pass_time(OUTCOMES_PLAN - 100)
    assert (room.widget.level, room.fill()) == ("warning", AMBER)
    room.pass_time(200)
    assert (room.widget.level, room.fill()) == ("over", RED)
    assert room.chimes == 0
    room.window.close()
    again = make_window(qtbot, settings, library_path)
    assert not again.room_timer.sound_enabled
    again.close()


def test_shift_f5_skips_to_the_next_stage_and_the_clock_follows(room: Room) -> None:
    key(room.qtbot, Qt.Key.Key_F5)
    room.pass_time(600)
    key(room.qtbot, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert room.window.view is not None and room.window.view.stage is Stage.STAKEHOLDERS
    r = room.reading()
    assert (r.stage, r.used_seconds, r.running) == (Stage.STAKEHOLDERS, 0, True)
    assert room.widget.detail.full_text().startswith("Stakeholders")
    room.pass_time(60)
    assert room.timer.timer is not None
    assert room.timer.timer.clock(Stage.OUTCOMES).used_seconds == 600  # banked on the stage left
    room.qtbot.mouseClick(room.widget.skip, Qt.MouseButton.LeftButton)
    assert room.window.view.stage is Stage.CHANNELS and room.reading().running


def test_paused_skip_moves_without_starting_and_the_last_stage_stays(room: Room) -> None:
    room.timer.skip()
    assert room.window.view is not None and room.window.view.stage is Stage.STAKEHOLDERS
    assert not room.reading().running
    room.window.go_to_stage(Stage.EXPORT)
    room.timer.skip()
    assert room.window.view.stage is Stage.EXPORT
    assert "last stage" in room.window.statusBar().currentMessage()


def test_the_clock_follows_the_facilitator_between_stages(room: Room) -> None:
    room.timer.start_pause()
    room.pass_time(30)
    key(room.qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Go > 5 Resilience
    assert room.reading().stage is Stage.RESILIENCE and room.reading().running
    room.pass_time(40)
    room.window.go_to_stage(Stage.OUTCOMES)
    room.pass_time(5)
    assert room.reading().used_seconds == 35
    assert room.timer.timer is not None
    assert room.timer.timer.clock(Stage.RESILIENCE).used_seconds == 40


def test_plan_shows_time_used_against_plan_per_stage(room: Room) -> None:
    room.timer.start_pause()
    room.pass_time(754)
    room.timer.extend()
    room.qtbot.mouseClick(room.widget.overview, Qt.MouseButton.LeftButton)
    dialog = room.timer._dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 6)] for r in range(table.rowCount())}
    assert rows["Outcomes"] == ["60 min", "+5 min", "65 min", "12:34", "52:26"]
    assert rows["Set-up"] == ["20 min", "", "20 min", "0:00", "20:00"]
    room.pass_time(6)  # kept open, it follows the clock
    assert table.item(1, 4).text() == "12:40"
    assert "Outcomes: 12:40 / 65 min" in room.widget.toolTip()


def test_the_plan_follows_the_agenda_edited_in_set_up(room: Room) -> None:
    view = room.window.view
    assert view is not None
    session = view.session
    session.apply(lambda: session.service.set_agenda(session.workshop_id, "outcomes", 45))
    assert room.reading().planned_seconds == 45 * 60
    assert room.widget.clock.text() == "45:00"


def test_a_restart_finds_the_timer_as_it_was_and_a_running_clock_still_counting(
    qtbot: QtBot, room: Room, settings: S.AppSettings, library_path: Path, clock: FakeClock
) -> None:
    room.timer.extend()
    room.timer.start_pause()
    room.pass_time(300)
    room.window.go_to_stage(Stage.STAKEHOLDERS)
    room.pass_time(120)
    room.window.close()  # as a crash would: nothing more is written on the way out
    clock.advance(600)  # ten minutes pass before the app is back
    again = make_window(qtbot, settings, library_path)
    back = Room(qtbot, again, clock)
    again.open_workshop(again.service.workshop_ids()[0])  # type: ignore[union-attr]
    assert again.view is not None and again.view.stage is Stage.STAKEHOLDERS  # back where the room was
    r = back.reading()
    assert (r.stage, r.used_seconds, r.running) == (Stage.STAKEHOLDERS, 720, True)
    assert back.widget.clock.text() == "28:00"
    assert back.timer.timer is not None
    outcomes = back.timer.timer.reading(Stage.OUTCOMES, clock())
    assert (outcomes.used_seconds, outcomes.planned_seconds, outcomes.running) == (300, OUTCOMES_PLAN + 300, False)
    back.timer.start_pause()  # paused before closing: still paused after
    again.close()
    third = make_window(qtbot, settings, library_path)
    Room(qtbot, third, clock)
    third.open_workshop(third.service.workshop_ids()[0])  # type: ignore[union-attr]
    assert third.view is not None and third.view.stage is Stage.SETUP
    paused = third.room_timer.timer.reading(Stage.STAKEHOLDERS, clock())  # type: ignore[union-attr]
    assert (paused.used_seconds, paused.running) == (720, False)
    third.close()


def test_a_read_only_library_keeps_the_timer_in_memory_and_says_so_once(
    qtbot: QtBot, settings: S.AppSettings, library_path: Path, clock: FakeClock
) -> None:
    writer = make_window(qtbot, settings, library_path)
    wid = writer.service.import_workshop(sample_workshop()).result  # type: ignore[union-attr]
    writer.close()
    win = make_window(qtbot, settings, library_path, read_only=True)
    room = Room(qtbot, win, clock)
    win.open_workshop(wid)
    room.timer.start_pause()
    assert "read-only" in win.statusBar().currentMessage()
    win.statusBar().clearMessage()
    room.pass_time(90)
    room.timer.extend()
    assert win.statusBar().currentMessage() == ""  # said once
    assert (room.reading().used_seconds, room.reading().running) == (90, True)
    win.close()
    check = make_window(qtbot, settings, library_path)
    Room(qtbot, check, clock)
    check.open_workshop(wid)
    assert check.room_timer.reading() == TimerReading(Stage.SETUP, 20 * 60, 0, 20 * 60, False)
    check.close()


def test_closing_the_workshop_stops_the_timer(room: Room) -> None:
    room.timer.start_pause()
    room.window.close_workshop()
    assert room.timer.reading() is None and room.timer.widget is None
    assert not room.timer.start_pause_action.isEnabled()
    room.timer.start_pause()  # a key with nothing open does nothing
    room.timer.tick()


@pytest.fixture(autouse=True)
def _no_real_beep(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A window made inside a test beeps through Room.chime; none may reach the system's speaker by mistake."""
    calls: list[None] = []
    monkeypatch.setattr(QApplication, "beep", lambda: calls.append(None))
    yield


def test_the_team_workbook_from_the_export_stage_shows_the_time_used(room: Room, tmp_path: Path) -> None:
    room.timer.start_pause()
    room.pass_time(754)  # 12:34 on Outcomes
    target = tmp_path / "team.xlsx"
    when_dialog_opens(type_path(target))
    key(room.qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert room.window.view is not None
    page = room.window.view.stage_pages[Stage.EXPORT]
    assert isinstance(page, ExportStagePage)
    wait_done(room.qtbot, page)
    sheet = openpyxl.load_workbook(target)["Summary"]
    rows = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(2, 7)] for r in range(1, sheet.max_row + 1)}
    assert rows["Outcomes"] == [60, 0, 60, 12.6, -47.4]  # the clock ran on Outcomes, then followed to Export
    assert rows["Set-up"] == [20, 0, 20, 0, -20]


def test_a_library_that_refuses_the_write_is_said_and_the_clock_runs_on(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = room.window.view
    assert view is not None

    def full_disk(_workshop_id: int, _change: object) -> None:
        raise SaveFailed("The change could not be saved (database or disk is full); nothing was changed.")

    monkeypatch.setattr(view.session.service, "beside", full_disk)
    room.timer.start_pause()
    message = room.window.statusBar().currentMessage()
    assert "disk is full" in message and "not stored" in message
    room.pass_time(30)
    assert (room.reading().used_seconds, room.reading().running) == (30, True)

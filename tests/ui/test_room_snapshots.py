"""Snapshots in the room, driven as the facilitator does: leaving stages, Shift+F12 with a typed name, the F12
window's comparisons, a confirmed restore and Ctrl+Z; a fake clock stands in for the minute between automatic ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key, open_on_stage, reactivate
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.storage.interchange import dumps_workshop
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
from workshop.ui.room.snapshots import RoomSnapshots
from workshop.ui.room.snapshots_dialog import SnapshotsDialog

START = dt.datetime(2026, 5, 4, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(window: MainWindow) -> FakeClock:
    fake = FakeClock()
    window.room_snapshots.clock = fake
    return fake


def go(window: MainWindow, stage: Stage) -> None:
    window.stage_actions[list(Stage).index(stage)].trigger()


def names(window: MainWindow) -> list[str]:
    snaps = window.room_snapshots
    assert snaps.service is not None and snaps.view is not None
    return [s.name for s in snaps.service.snapshots(snaps.view.session.workshop_id)]


def edit_facilitator(window: MainWindow, name: str) -> None:
    session = window.session
    assert session is not None
    assert session.apply(lambda: session.service.update_workshop(session.workshop_id, facilitator=name)) is not None


def state(window: MainWindow) -> str:
    assert window.session is not None
    return dumps_workshop(window.session.service.load(window.session.workshop_id).workshop)


def test_leaving_a_stage_takes_one_at_most_once_a_minute_and_only_after_a_change(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_on_stage(qtbot, window, sample_workshop(), Stage.SETUP)
    go(window, Stage.OUTCOMES)
    assert names(window) == ["Left Set-up"]
    edit_facilitator(window, "Someone new")
    clock.advance(30)
    go(window, Stage.STAKEHOLDERS)  # within the minute: none
    assert names(window) == ["Left Set-up"]
    clock.advance(31)
    go(window, Stage.CHANNELS)
    assert names(window) == ["Left Stakeholders", "Left Set-up"]
    clock.advance(120)
    go(window, Stage.PLAN)  # a minute on, but nothing changed since the latest snapshot: none
    assert names(window) == ["Left Stakeholders", "Left Set-up"]
    info = window.room_snapshots.service.snapshots(window.session.workshop_id)[0]  # type: ignore[union-attr]
    assert (info.stage, info.automatic, info.taken_at) == (Stage.STAKEHOLDERS, True, START + dt.timedelta(seconds=61))


def _type_name(name: str) -> None:
    def handle(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        assert field.text() == "Snapshot 14:05"  # the time is the name offered
        field.selectAll()
        QTest.keyClicks(field, name)  # typed as a person types, key by key
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        box.button(QDialogButtonBox.StandardButton.Ok).click()

    when_dialog_opens(handle)


def test_shift_f12_takes_a_named_snapshot(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    open_on_stage(qtbot, window, sample_workshop(), Stage.OUTCOMES)
    _type_name("Before the vote")
    key(qtbot, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    # Opening on Outcomes left Set-up, which took the first automatic one.
    qtbot.waitUntil(lambda: names(window) == ["Before the vote", "Left Set-up"])
    info = window.room_snapshots.service.snapshots(window.session.workshop_id)[0]  # type: ignore[union-attr]
    assert (info.stage, info.automatic) == (Stage.OUTCOMES, False)
    keys = {keys for keys, _ in window.shortcut_rows()}
    assert {"Shift+F12", "F12"} <= keys


def open_window(qtbot: QtBot, window: MainWindow) -> SnapshotsDialog:
    reactivate(qtbot, window)
    key(qtbot, Qt.Key.Key_F12)
    dialog = window.room_snapshots.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def rename_first_outcome(window: MainWindow, title: str) -> None:
    session = window.session
    assert session is not None
    o1 = session.loaded.ids["outcome"]["o1"]
    assert session.apply(lambda: session.service.update("outcome", o1, title=title)) is not None


def test_compare_two_and_with_now(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    open_on_stage(qtbot, window, sample_workshop(), Stage.OUTCOMES)
    snaps = window.room_snapshots
    wid = window.session.workshop_id  # type: ignore[union-attr]
    first = snaps.service.take(wid, "First")  # type: ignore[union-attr]
    rename_first_outcome(window, "Cheaper support")
    clock.advance(60)
    second = snaps.service.take(wid, "Second")  # type: ignore[union-attr]
    assert first is not None and second is not None
    edit_facilitator(window, "Lou")
    dialog = open_window(qtbot, window)
    listed = [dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())]
    assert listed == ["Second", "First", "Left Set-up"]
    assert not dialog.compare_button.isEnabled()

    dialog.select(first.id, second.id)
    assert dialog.compare_button.isEnabled() and not dialog.compare_now_button.isEnabled()
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert dialog.comparison_text().splitlines() == [
        'From "First" (14:05) to "Second" (14:06)',
        "Outcomes",
        'O1 renamed from "Cut support cost per customer" to "Cheaper support"',
    ]

    first = dialog.list.topLevelItem(1)
    dialog.list.clearSelection()
    first.setSelected(True)
    qtbot.mouseClick(dialog.compare_now_button, Qt.MouseButton.LeftButton)
    lines = dialog.comparison_text().splitlines()
    assert lines[1:] == [
        "Set-up",
        'Workshop: facilitator changed from "Maren Vogt" to "Lou"',
        "Outcomes",
        'O1 renamed from "Cut support cost per customer" to "Cheaper support"',
    ]
    assert lines[0].startswith('From "First"') and lines[0].endswith("to now")


def _answer_yes() -> None:
    def handle(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "Ctrl+Z" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog_opens(handle)


def test_restore_brings_the_old_state_back_and_ctrl_z_undoes_it(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_on_stage(qtbot, window, sample_workshop(), Stage.OUTCOMES)
    snaps = window.room_snapshots
    wid = window.session.workshop_id  # type: ignore[union-attr]
    snaps.service.take(wid, "Morning")  # type: ignore[union-attr]
    morning = state(window)
    rename_first_outcome(window, "Cheaper support")
    edit_facilitator(window, "Lou")
    afternoon = state(window)
    dialog = open_window(qtbot, window)
    morning_id = next(s.id for s in snaps.service.snapshots(wid) if s.name == "Morning")  # type: ignore[union-attr]
    dialog.select(morning_id)
    assert dialog.restore_button.isEnabled()
    _answer_yes()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(window) == morning)
    assert window.session.workshop.outcomes[0].title == "Cut support cost per customer"  # type: ignore[union-attr]
    assert names(window) == ["Before restoring Morning", "Morning", "Left Set-up"]
    assert "Restored" in dialog.comparison_text()

    dialog.close()
    reactivate(qtbot, window)
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: state(window) == afternoon)
    assert window.session.workshop.facilitator == "Lou"  # type: ignore[union-attr]
    assert window.session.undo_stack.canRedo()  # type: ignore[union-attr]


def test_a_read_only_library_browses_and_compares_but_takes_nothing(
    qtbot: QtBot, settings: S.AppSettings, library_path: Path
) -> None:
    from workshop.services.snapshots import SnapshotService
    from workshop.services.workshops import WorkshopService
    from workshop.storage.library import Library

    with Library.open(library_path) as library:
        service = WorkshopService(library)
        wid = int(service.import_workshop(sample_workshop()).result)
        SnapshotService(service).take(wid, "Kept")
    window = MainWindow(settings, library_path, read_only=True)
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.room_snapshots, RoomSnapshots)
    window.open_workshop(wid)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    snaps = window.room_snapshots
    assert not snaps.take_action.isEnabled() and snaps.window_action.isEnabled()
    go(window, Stage.CHANNELS)
    go(window, Stage.PLAN)
    assert names(window) == ["Kept"]  # leaving stages took none
    dialog = open_window(qtbot, window)
    assert not dialog.restore_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert not dialog.take_button.isEnabled()
    assert dialog.read_only_note.isVisible() and "read-only" in dialog.read_only_note.text()
    dialog.select(snaps.service.snapshots(wid)[0].id)  # type: ignore[union-attr]
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.compare_now_button, Qt.MouseButton.LeftButton)
    assert dialog.comparison_text().splitlines()[1] == "No difference: they are the same."
    window.close()
    QApplication.processEvents()


def test_delete_asks_first_and_a_damaged_snapshot_is_one_sentence(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    open_on_stage(qtbot, window, sample_workshop(), Stage.OUTCOMES)
    snaps = window.room_snapshots
    wid = window.session.workshop_id  # type: ignore[union-attr]
    gone = snaps.service.take(wid, "To delete")  # type: ignore[union-attr]
    broken = snaps.service.take(wid, "Broken")  # type: ignore[union-attr]
    assert gone is not None and broken is not None
    from sqlalchemy import update

    from workshop.storage.orm import SnapshotRow

    service = window.session.service  # type: ignore[union-attr]
    service.beside(wid, lambda s: s.execute(update(SnapshotRow).where(SnapshotRow.id == broken.id).values(content="{")))
    dialog = open_window(qtbot, window)

    dialog.select(broken.id)
    qtbot.mouseClick(dialog.compare_now_button, Qt.MouseButton.LeftButton)
    assert dialog.comparison_text() == (
        'Snapshot "Broken" cannot be read: it is damaged (is not valid JSON (line 1, column 2: Expecting property '
        "name enclosed in double quotes)); nothing was changed."
    )

    def answer(button: QMessageBox.StandardButton) -> None:
        def handle(box: QWidget) -> None:
            assert isinstance(box, QMessageBox) and "To delete" in box.text() and "cannot be undone" in box.text()
            box.button(button).click()

        when_dialog_opens(handle)

    dialog.select(gone.id)
    answer(QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "To delete" in names(window)
    answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "To delete" not in names(window))
    listed = [dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())]
    assert listed == ["Broken", "Left Set-up"]

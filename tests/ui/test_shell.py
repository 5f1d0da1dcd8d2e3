"""The desktop shell through its real widgets: start screen, navigation, checks, errors, locks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.backup import list_backups
from workshop.storage.library import Library
from workshop.storage.lock import LibraryLockedError
from workshop.ui import settings as S
from workshop.ui.errors import ErrorDialog, ExceptionHandler
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.export.page import ExportStagePage


def seed(library_path: Path) -> int:
    with Library.open(library_path) as lib:
        return WorkshopService(lib).import_workshop(sample_workshop()).result


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+key as the facilitator presses it, to whatever has focus in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def type_into_input_dialog(text: str) -> None:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        edit.insert(text)
        dialog.accept()

    when_dialog_opens(handle)


def test_new_workshop_from_the_start_screen_opens_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_into_input_dialog("Kick-off 2027")
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session.workshop.title == "Kick-off 2027"
    assert window.view.title.text() == "Kick-off 2027"
    assert window.view.stage is Stage.SETUP
    press(qtbot, window, Qt.Key.Key_W)
    assert window.session is None
    assert [w.title for w in window.start.model.rows] == ["Kick-off 2027"]


def test_stage_shortcuts_and_badges(qtbot, window: MainWindow, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    wid = seed_into(window)
    window.open_workshop(wid)
    view = window.view
    press(qtbot, window, Qt.Key.Key_3)
    assert view.stage is Stage.STAKEHOLDERS
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert view.stage is Stage.CHANNELS
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert view.stage is Stage.RESILIENCE
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert view.stage is Stage.PLAN
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert view.stage is Stage.EXPORT
    assert isinstance(view.pages.currentWidget(), ExportStagePage)  # every stage is built
    errors, _ = window.session.stage_counts(Stage.STAKEHOLDERS)
    assert f"{errors} to fix" in view.navigator.item(2).text()
    assert "ready" in view.navigator.item(0).text()


def seed_into(window: MainWindow) -> int:
    edit = window.service.import_workshop(sample_workshop())
    window.refresh_workshops(select=edit.result)
    return edit.result


def test_clicking_a_check_goes_to_its_stage(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_workshop(seed_into(window))
    view = window.view
    view.checks.all_stages.setChecked(True)
    overload = next(i for i in range(view.checks.list.count()) if view.checks.list.item(i).toolTip() == "W_OVERLOAD")
    item = view.checks.list.item(overload)
    rect = view.checks.list.visualItemRect(item)
    qtbot.mouseClick(view.checks.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.stage is Stage.STAKEHOLDERS
    plan = next(i for i in range(view.checks.list.count()) if view.checks.list.item(i).toolTip() == "E_ACTION_NO_OWNER")
    view.checks.list.setCurrentRow(plan)
    qtbot.keyClick(view.checks.list, Qt.Key.Key_Return)
    assert view.stage is Stage.PLAN


def test_undo_redo_from_the_menu_follow_service_edits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_workshop(seed_into(window))
    session = window.session
    session.apply(lambda: session.service.update_workshop(session.workshop_id, title="Renamed"))
    assert window.view.title.text() == "Renamed"
    assert window.undo_action.isEnabled() and "Rename" in window.undo_action.text()
    window.undo_action.trigger()
    assert window.view.title.text() == "Social strategy 2027"
    window.redo_action.trigger()
    assert session.service.load(session.workshop_id).workshop.title == "Renamed"


def test_delete_is_confirmed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seed_into(window)
    window.start.select_workshop(None)

    def click(button: QMessageBox.StandardButton) -> None:
        when_dialog_opens(lambda d: d.button(button).click())  # type: ignore[attr-defined]

    click(QMessageBox.StandardButton.No)
    qtbot.mouseClick(window.start.delete_button, Qt.MouseButton.LeftButton)
    assert len(window.start.model.rows) == 1
    click(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.start.delete_button, Qt.MouseButton.LeftButton)
    assert window.start.model.rows == []
    assert window.start.empty_hint.isVisibleTo(window.start)


def test_duplicate_and_rename_from_the_start_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seed_into(window)
    qtbot.mouseClick(window.start.duplicate_button, Qt.MouseButton.LeftButton)
    titles = sorted(w.title for w in window.start.model.rows)
    assert titles == ["Social strategy 2027", "Social strategy 2027 (copy)"]
    type_into_input_dialog("Spring session")
    qtbot.mouseClick(window.start.rename_button, Qt.MouseButton.LeftButton)
    assert window.start.selected_summary().title == "Spring session"


def test_new_from_sample_opens_the_sample(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.start.sample_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.workshop.organisation == "Nordlicht Bikes GmbH"


def test_damaged_library_shows_the_message_and_backup(qtbot, settings: S.AppSettings, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(library_path)
    Library.open(library_path).close()  # opened after changes: a backup exists
    backup = list_backups(library_path)[0]
    data = library_path.read_bytes()
    library_path.write_bytes(data[: len(data) // 2])
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    win.show()
    assert win.start.message.isVisibleTo(win.start)
    assert "damaged" in win.start.message.text() and str(backup) in win.start.message.text()
    assert win.start.restore_button.isVisibleTo(win.start)
    assert not win.start.new_button.isEnabled()
    when_dialog_opens(lambda d: d.button(QMessageBox.StandardButton.Yes).click())  # type: ignore[attr-defined]
    qtbot.mouseClick(win.start.restore_button, Qt.MouseButton.LeftButton)
    assert not win.start.message.isVisibleTo(win.start)
    assert [w.title for w in win.start.model.rows] == ["Social strategy 2027"]
    assert list(library_path.parent.glob("library.sqlite3.damaged-*"))
    win.close()


def test_library_held_by_another_process_is_shown_read_only(  # type: ignore[no-untyped-def]
    qtbot, settings: S.AppSettings, library_path: Path, request: pytest.FixtureRequest
) -> None:
    seed(library_path)
    holder = request.getfixturevalue("holder")
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    assert f"process {holder.pid}" in win.start.message.text()
    assert "read-only" in win.start.message.text()
    assert [w.title for w in win.start.model.rows] == ["Social strategy 2027"]
    assert not win.start.new_button.isEnabled() and win.start.open_button.isEnabled()
    win.close()


def test_while_the_app_has_the_library_a_second_writer_is_refused(window: MainWindow, library_path: Path) -> None:
    with pytest.raises(LibraryLockedError):
        Library.open(library_path)
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "--library", str(library_path), "demo"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "open for writing" in proc.stderr
    window.close()
    Library.open(library_path).close()


def test_exception_in_a_slot_shows_the_dialog_and_the_app_keeps_running(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    handler = ExceptionHandler(tmp_path / "app.log")
    handler.install()
    try:
        button = QPushButton("Boom", window)

        def explode() -> None:
            raise RuntimeError("the projector caught fire")

        button.clicked.connect(explode)
        button.show()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(handler.dialogs))
        dialog = handler.dialogs[0]
        assert isinstance(dialog, ErrorDialog)
        assert "the projector caught fire" in dialog.message.text()
        assert "RuntimeError" in dialog.details.toPlainText()
        dialog.accept()
        type_into_input_dialog("Still alive")
        qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.session is not None)
        assert window.session.workshop.title == "Still alive"
    finally:
        handler.uninstall()


def test_window_geometry_is_restored(qtbot, settings: S.AppSettings, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(settings, library_path, keep_layout=True)  # as where a person sees the window
    qtbot.addWidget(first)
    first.resize(1234, 777)
    first.show()
    first.close()
    second = MainWindow(settings, library_path)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (1234, 777)
    second.close()


def test_screenshot_command_renders_a_png(library_path: Path, tmp_path: Path) -> None:
    seed(library_path)
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "screenshot", "1", "--stage", "setup", "--size", "1280x720",
         "--out", str(out), "--library", str(library_path)],
        capture_output=True, text=True, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_exit_when_ready_starts_and_quits(library_path: Path, tmp_path: Path) -> None:
    seed(library_path)
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "--library", str(library_path), "--exit-when-ready"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    Library.open(library_path).close()  # the lock was released on quitting


def test_edits_in_a_read_only_library_are_refused_plainly(qtbot, settings: S.AppSettings, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    wid = seed(library_path)
    win = MainWindow(settings, library_path, read_only=True)
    qtbot.addWidget(win)
    win.open_workshop(wid)
    messages: list[str] = []
    win.session.refused.connect(messages.append)
    assert win.session.apply(lambda: win.service.update_workshop(wid, title="Nope")) is None
    assert "read-only" in messages[0]
    assert win.view.saved.text() == "Read-only"
    win.close()


def test_exception_in_a_thread_is_logged_and_shown(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import threading

    from workshop.ui.errors import configure_logging

    log_path = configure_logging(tmp_path / "logs")
    handler = ExceptionHandler(log_path)
    handler.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(handler.dialogs))
        assert "ZeroDivisionError" in handler.dialogs[0].message.text()
        assert str(log_path) in handler.dialogs[0].message.text()
        assert "ZeroDivisionError" in log_path.read_text(encoding="utf-8")
        handler.dialogs[0].accept()
    finally:
        handler.uninstall()


def test_a_refused_undo_says_so_and_drops_the_history(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from workshop.services.refusals import SaveFailed

    window.open_workshop(seed_into(window))
    session = window.session
    session.apply(lambda: session.service.update_workshop(session.workshop_id, title="Renamed"))
    messages: list[str] = []
    session.refused.connect(messages.append)

    def locked(_edit: object) -> None:
        raise SaveFailed("The change could not be saved (database is locked); nothing was changed.")

    monkeypatch.setattr(session.service, "undo", locked)
    window.undo_action.trigger()
    assert "database is locked" in messages[0] and "undo history was cleared" in messages[0]
    qtbot.waitUntil(lambda: session.undo_stack.count() == 0)
    assert session.workshop.title == "Renamed"

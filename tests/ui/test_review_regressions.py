"""Regressions found in review: what a facilitator would hit in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.enums import Stage
from workshop.storage.backup import take_backup
from workshop.ui.main_window import MainWindow


def test_clicking_nobody_in_the_room_goes_to_the_participants(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """E_NO_PARTICIPANTS carries the item ("workshop", title): a click lands in the Title field of the
    Details tab, not on the participants list the message asks the facilitator to fill."""
    wid = window.service.create_workshop("Empty").result  # type: ignore[union-attr]
    window.open_workshop(wid)
    page = window.view.stage_pages[Stage.SETUP]  # type: ignore[union-attr]
    checks = window.view.checks  # type: ignore[union-attr]
    item = next(
        checks.list.item(i) for i in range(checks.list.count()) if "Nobody is in the room" in checks.list.item(i).text()
    )
    checks.list.itemClicked.emit(item)
    assert page.tabs.currentWidget() is page.participants


def test_restore_is_refused_while_another_process_writes_the_library(
    qtbot,
    settings,
    library_path: Path,
    holder,  # type: ignore[no-untyped-def]
) -> None:
    """MainWindow.restore_backup renames the library aside without taking the writer lock, although
    restore_backup() requires it: a library another process has open for writing is swapped under it."""
    # A backup, then damage the file while the holder process has it open for writing.
    take_backup(library_path)
    with library_path.open("r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * 4096)
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    win.show()
    assert getattr(win, "_damaged_backup", None) is not None, "the damage must be detected"
    before = library_path.stat().st_ino

    def click_yes(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QMessageBox)
        dialog.button(QMessageBox.StandardButton.Yes).click()

    def answer_then_acknowledge(dialog) -> None:  # type: ignore[no-untyped-def]
        click_yes(dialog)
        when_dialog_opens(lambda refusal: refusal.accept())  # the refusal comes as a second dialog

    when_dialog_opens(answer_then_acknowledge)
    win.restore_backup()
    assert library_path.stat().st_ino == before, "the library held by another writer was replaced"
    win.close()


def test_a_programming_error_on_the_start_screen_reaches_the_error_dialog(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    """``_run`` shows refusals as "Not done" but lets a bug through to the log and the error dialog."""
    from workshop.ui.errors import ErrorDialog, ExceptionHandler

    window.new_from_sample()
    window.close_workshop()
    assert window.start.selected_id() is not None

    def broken(_wid: int) -> None:
        raise KeyError("a bug, not a refusal")

    monkeypatch.setattr(window.service, "duplicate_workshop", broken)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append(title))
    handler = ExceptionHandler(tmp_path / "app.log")
    handler.install()
    try:
        qtbot.mouseClick(window.start.duplicate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(handler.dialogs))
        assert isinstance(handler.dialogs[0], ErrorDialog)
        assert "KeyError" in handler.dialogs[0].details.toPlainText()
        handler.dialogs[0].accept()
    finally:
        handler.uninstall()
    assert shown == []

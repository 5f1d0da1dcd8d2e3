"""A workshop the library cannot read back (a damaged value) is listed as damaged and, opened, says why in a
message; the window stays on the start screen and the other workshops open."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.ui.dialogs import when_dialog_opens
from tests.ui.test_shell import seed_into
from workshop.services.catalog import sample_workshop
from workshop.ui.main_window import MainWindow


def test_opening_a_damaged_workshop_says_why_and_stays_on_the_start_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    damaged, good = seed_into(window), seed_into(window)
    connection = sqlite3.connect(window.library_path)
    connection.execute(
        "UPDATE choice SET role = 'supportiog' WHERE outcome_id IN (SELECT id FROM outcome WHERE workshop_id = ?)",
        (damaged,),
    )
    connection.commit()
    connection.close()
    window.open_library(window.library_path)  # as on the next start: the library read afresh
    window.refresh_workshops(select=damaged)
    titles = [row.title for row in window.start.model.rows]
    assert titles == [f"Workshop {damaged} (damaged: cannot be read)", sample_workshop().title]
    seen: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(f"{dialog.windowTitle()}: {dialog.text()}")
        dialog.button(QMessageBox.StandardButton.Ok).click()

    when_dialog_opens(read_and_close)
    qtbot.mouseClick(window.start.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith(f"Not opened: Workshop {damaged} in {window.library_path} cannot be read")
    assert window.view is None and window.session is None
    window.open_workshop(good)
    assert window.session is not None and window.session.workshop.title == sample_workshop().title

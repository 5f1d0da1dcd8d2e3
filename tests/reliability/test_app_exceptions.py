"""Exceptions in the app (reliability suite, part 8): the short run under pytest-qt, and the dialog path driven
by hand: logged with a traceback, shown, closed by its button, no transaction left open, the next edit saved."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from tests.reliability import app_exceptions
from workshop.services.catalog import sample_workshop
from workshop.services.library_service import LibraryService
from workshop.services.workshops import WorkshopService
from workshop.ui import settings as S
from workshop.ui.errors import ErrorDialog, ExceptionHandler, configure_logging
from workshop.ui.main_window import MainWindow


def test_the_short_run_finds_every_place_handled() -> None:
    """In a process of its own, as the command runs it: its windows, threads and hooks never share the test process
    (a full run once crashed in garbage collection later on, in another test)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability", "--only", "app_exceptions"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert done.stdout.splitlines()[0] == "app_exceptions_unhandled: 0 of 4 places"
    assert app_exceptions.run.__module__ == "tests.reliability.app_exceptions"


def test_an_exception_inside_a_service_transaction_in_a_slot(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library_path = tmp_path / "library.sqlite3"
    with LibraryService.open(library_path) as lib:
        wid = WorkshopService(lib.library).import_workshop(sample_workshop()).result
    title = _title(library_path, wid)
    log_path = configure_logging(tmp_path / "logs")
    window = MainWindow(S.AppSettings(tmp_path / "settings.ini"), library_path)
    qtbot.addWidget(window)
    window.show()
    window.open_workshop(wid)
    handler = ExceptionHandler(log_path)
    handler.install()
    try:
        service = window.service
        assert service is not None

        def rename_then_fail() -> None:
            service.update_workshop(wid, title="Half renamed")
            raise LookupError("the flip chart ran out of paper")

        button = QPushButton("Rename and fail", window)
        button.clicked.connect(lambda: service.batch("Rename, then fail", wid, rename_then_fail))
        button.show()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(handler.dialogs))
        dialog = handler.dialogs[0]
        assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
        assert "LookupError: the flip chart ran out of paper" in dialog.message.text()
        assert str(log_path) in dialog.message.text()
        assert "rename_then_fail" in dialog.details.toPlainText()
        logged = log_path.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in logged and "rename_then_fail" in logged
        assert "LookupError: the flip chart ran out of paper" in logged

        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(lambda: not handler.dialogs)

        assert _title(library_path, wid) == title  # the flushed half of the edit was rolled back
        probe = sqlite3.connect(library_path, timeout=0, isolation_level=None)
        try:
            assert not probe.in_transaction
            probe.execute("BEGIN IMMEDIATE")  # refused at once if the app held a write transaction open
            probe.execute("ROLLBACK")
        finally:
            probe.close()
        session = window.session
        assert session is not None
        assert session.apply(lambda: session.service.update_workshop(wid, title="Carried on")) is not None
        assert _title(library_path, wid) == "Carried on"
        assert session.workshop.title == "Carried on"  # the screen follows the saved edit
    finally:
        handler.uninstall()
        window.close()


def _title(library_path: Path, wid: int) -> str:
    conn = sqlite3.connect(f"file:{library_path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT title FROM workshop WHERE id = ?", (wid,)).fetchone()[0])
    finally:
        conn.close()

"""Unhandled exceptions: logged with a traceback, shown in a dialog, and the app keeps running.

Edits are single transactions in the service layer, so an exception in the middle of one
rolls it back: the database never holds half an edit.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workshop.services.logs import configure_logging, default_log_dir

log = logging.getLogger("workshop")
__all__ = ["ErrorDialog", "ExceptionHandler", "configure_logging", "default_log_dir"]


class ErrorDialog(QDialog):
    """Says what went wrong, that nothing was half-saved, and where the details are."""

    def __init__(self, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("Something went wrong"))
        layout = QVBoxLayout(self)
        text = self.tr(
            "Social Working hit an unexpected error: %1\n\n"
            "The app is still running and no edit was left half-done. You can carry on working."
        ).replace("%1", summary)
        if log_path is not None:
            text += "\n" + self.tr("The details are in %1.").replace("%1", str(log_path))
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 420)


class ExceptionHandler(QObject):
    """Installed as sys.excepthook and threading.excepthook; dialogs open on the GUI thread."""

    caught = Signal(str, str)

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialogs: list[ErrorDialog] = []
        self.caught.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = (sys.excepthook, threading.excepthook)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unhandled exception\n%s", details)
        summary = f"{exc_type.__name__}: {exc}"
        self.caught.emit(summary, details)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return  # a thread that exits on purpose, as threading's own hook ignores it
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        parent = QApplication.activeWindow()
        dialog = ErrorDialog(summary, details, self.log_path, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        self.dialogs.append(dialog)
        dialog.open()

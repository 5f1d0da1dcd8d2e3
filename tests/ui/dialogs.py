"""Drive modal dialogs as a person would: wait for one to appear, then type and click in it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_dialog_opens(handle: Callable[[QWidget], None], *, attempts: int = 200) -> None:
    """Call ``handle(dialog)`` as soon as a modal dialog is showing (polls the event loop)."""

    def poll(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            handle(dialog)
        elif left > 0:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(attempts))

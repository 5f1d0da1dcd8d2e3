"""Driving the window by keyboard as a facilitator does: open a workshop on a stage by its Ctrl+N action, press a
key wherever the focus is, and make the window active again after a dialog (offscreen, nothing does it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workshop.domain.entities import Workshop
from workshop.domain.enums import Stage
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.base import StagePage


def open_on_stage(qtbot: QtBot, window: MainWindow, ws: Workshop, stage: Stage) -> tuple[int, StagePage]:
    """Import ``ws``, open it, and go to ``stage`` with its Ctrl+1…7 action (the focus goes where one types)."""
    edit = window.service.import_workshop(ws)  # type: ignore[union-attr]
    window.refresh_workshops(select=edit.result)
    window.open_workshop(edit.result)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.view is not None
    window.stage_actions[list(Stage).index(stage)].trigger()
    page = window.view.stage_pages[stage]
    qtbot.waitExposed(page)
    return edit.result, page


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is now."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, k, modifier)


def reactivate(qtbot: QtBot, window: MainWindow) -> None:
    """Offscreen, no window is active after a dialog closes (a desktop does this itself)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

"""The facilitator's tools for the room: the stage timer, the presenter view, the parking lot and decisions,
snapshots. Each follows the open workshop through ``MainWindow.workshop_opened`` / ``workshop_closing`` and
adds its actions to the window's Room menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from workshop.ui.main_window import MainWindow


def room_action(
    window: MainWindow,
    text: str,
    keys: str | None = None,
    *,
    triggered: Callable[[], Any] | None = None,
    toggled: Callable[[bool], Any] | None = None,
) -> QAction:
    """An action of the room's tools: window-wide, in the Room menu, and on the window so the F1 sheet lists it.
    ``toggled`` makes it a checkable one."""
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    if toggled is not None:
        action.setCheckable(True)
        action.toggled.connect(toggled)
    if triggered is not None:
        action.triggered.connect(lambda _checked=False: triggered())
    window.addAction(action)
    window.room_menu.addAction(action)
    return action

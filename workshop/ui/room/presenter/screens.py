"""Which screen the presenter view goes full screen on: the one the facilitator picked (remembered by its name),
else another screen than the facilitator's; with one screen, none (a plain window)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def pick_screen(names: Sequence[str], remembered: str, facilitator: str | None) -> int | None:
    """The index of the presenter's screen among ``names``; None with fewer than two screens (a plain window)."""
    if len(names) < 2:
        return None
    if remembered and remembered in names:
        return names.index(remembered)
    others = [i for i, name in enumerate(names) if name != facilitator]
    return others[0] if others else 0


def presenter_screen(remembered: str, facilitator: QWidget) -> QScreen | None:
    screens = QGuiApplication.screens()
    mine = facilitator.screen()
    index = pick_screen([s.name() for s in screens], remembered, mine.name() if mine is not None else None)
    return None if index is None else screens[index]


def screen_text(number: int, screen: QScreen) -> str:
    """A screen as the menu lists it: "2: HDMI-1 (1920x1080)"."""
    size = screen.geometry()
    return f"{number}: {screen.name() or '?'} ({size.width()}x{size.height()})"


def place(window: QWidget, screen: QScreen | None) -> None:
    """Full screen on ``screen``, or a plain window of its own size when there is no screen to spare."""
    if screen is None:
        if window.isFullScreen():
            window.showNormal()
        if not window.isVisible():
            window.resize(window.sizeHint())
            window.show()
        return
    if window.isFullScreen():
        window.showNormal()  # a full-screen window moves only once it is a window again
    handle = window.windowHandle()
    if handle is not None:
        handle.setScreen(screen)
    else:
        window.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()

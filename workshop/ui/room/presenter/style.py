"""The presenter view's type and colours: sizes in pixels of a 1080-line projector, scaled to the window's height,
so the same slide reads from six metres at 1920x1080 and still fits a 1280x720 window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from workshop.domain.enums import Severity
from workshop.export import palette

#: Heights in pixels at 1080 lines: the timer, a slide's title, a figure, body text, a note under it.
CLOCK, TITLE, FIGURE, BODY, NOTE = 104, 46, 60, 32, 26
#: Never smaller than this, whatever the window (a small window is a preview, not the room).
SMALLEST = 13

INK = "#111111"
MUTED = "#3d3d3d"
PAPER = "#ffffff"
BAND = "#123a5a"  # the header band: the app's title colour
ON_BAND = "#ffffff"
ERROR_TEXT = palette.SEVERITY_TEXT_COLOURS[Severity.ERROR]
WARNING_TEXT = palette.SEVERITY_TEXT_COLOURS[Severity.WARNING]
READY_TEXT = palette.READY_TEXT_COLOUR
#: The timer's two signals: amber at two minutes, red at zero (each with the text colour that reads on it).
AMBER = palette.ORANGE
RED = ERROR_TEXT


class Scale:
    """Pixel sizes for one window height; ``px(BODY)`` is body text at this height."""

    def __init__(self, height: int) -> None:
        self.height = max(1, height)
        self.factor = self.height / 1080

    def px(self, size: float) -> int:
        return max(SMALLEST, round(size * self.factor))

    def font(self, size: float, *, bold: bool = False, base: QFont | None = None) -> QFont:
        font = QFont(base) if base is not None else QFont()
        font.setPixelSize(self.px(size))
        font.setBold(bold)
        return font


def label(
    text: str,
    scale: Scale,
    size: float = BODY,
    *,
    bold: bool = False,
    colour: str = INK,
    wrap: bool = True,
    name: str = "",
) -> QLabel:
    """A label of the presenter view: plain text (a name typed in the room is never read as markup)."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setFont(scale.font(size, bold=bold))
    widget.setWordWrap(wrap)
    widget.setStyleSheet(f"color: {colour}; background: transparent;")
    if name:
        widget.setObjectName(name)
    return widget


def elide(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

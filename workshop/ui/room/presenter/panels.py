"""The presenter view's bands: the header (stage, workshop, timer) and, on request, the parking lot and decisions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop.domain.entities import Note
from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.domain.timer import TimerReading, format_clock
from workshop.export.palette import text_colour_on
from workshop.ui.room.presenter.style import (
    AMBER,
    BAND,
    BODY,
    CLOCK,
    MUTED,
    NOTE,
    ON_BAND,
    RED,
    TITLE,
    Scale,
    elide,
    label,
)

#: Notes shown per list; the rest counted.
MAX_NOTES = 6


class Header(QFrame):
    """The stage's number and name, the workshop's title, and the stage's time left, large."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterHeader")
        self.setStyleSheet(f"#presenterHeader {{ background: {BAND}; }}")
        row = QHBoxLayout(self)
        self._row = row
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("presenterStage")
        self.workshop_label = QLabel()
        self.workshop_label.setObjectName("presenterWorkshop")
        for widget in (self.stage_label, self.workshop_label):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.setStyleSheet(f"color: {ON_BAND}; background: transparent;")
            texts.addWidget(widget)
        row.addLayout(texts, 1)
        self.clock = QLabel()
        self.clock.setObjectName("presenterClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.hide()  # until the room timer reads
        self.clock_note = QLabel()
        self.clock_note.setObjectName("presenterClockNote")
        self.clock_note.setStyleSheet(f"color: {ON_BAND}; background: transparent;")
        self.clock_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_note.hide()
        row.addWidget(self.clock_note)
        row.addWidget(self.clock)
        self.reading: TimerReading | None = None
        self.scale = Scale(1080)

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        pad = scale.px(28)
        self._row.setContentsMargins(pad, scale.px(10), pad, scale.px(10))
        self.stage_label.setFont(scale.font(TITLE * 1.2, bold=True))
        self.workshop_label.setFont(scale.font(NOTE))
        self.clock.setFont(scale.font(CLOCK, bold=True))
        self.clock_note.setFont(scale.font(BODY))
        self.show_reading(self.reading)

    def show_stage(self, stage: Stage, workshop_title: str) -> None:
        number = list(Stage).index(stage) + 1
        self.stage_label.setText(f"{number} · {self.tr(STAGE_TITLES[stage])}")
        self.workshop_label.setText(elide(workshop_title, 90))  # a long title never widens the window

    def show_reading(self, reading: TimerReading | None) -> None:
        """The time left on the stage's clock: amber at two minutes, red at zero; "paused" beneath when stopped."""
        self.reading = reading
        if reading is None or (reading.planned_seconds <= 0 and reading.used_seconds <= 0 and not reading.running):
            self.clock.hide()  # no timer, or a stage the agenda plans no time for and nobody timed: no "0:00"
            self.clock_note.hide()
            return
        fill = RED if reading.over else AMBER if reading.warning else BAND
        ink = text_colour_on(fill) if fill != BAND else ON_BAND
        pad = self.scale.px(16)
        self.clock.setStyleSheet(f"color: {ink}; background: {fill}; border-radius: {pad // 2}px; padding: 0 {pad}px;")
        self.clock.setText(format_clock(reading.remaining_seconds))
        note = self.tr("over time") if reading.over else self.tr("left") if reading.running else self.tr("paused")
        self.clock_note.setText(note)
        self.clock.show()
        self.clock_note.show()

    def clock_state(self) -> str:
        """What the clock's colour says: "over", "warning", "normal", or "none" with no timer."""
        r = self.reading
        if r is None or self.clock.isHidden():
            return "none"
        return "over" if r.over else "warning" if r.warning else "normal"


class NotesPanel(QFrame):
    """The parking lot and the decisions, newest last, each with who brought it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterNotes")
        self.setStyleSheet("#presenterNotes { background: #f1f4f7; border-left: 3px solid #c9d1d9; }")
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self.texts: list[str] = []

    def show_notes(self, parking_lot: list[Note], decisions: list[Note], scale: Scale) -> None:
        """Lay the lists out again, in a new body shown at once in place of the last one; long lists in smaller
        type (down to seven tenths), never squeezed into each other."""
        while self._outer.count():
            old = self._outer.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        room = self.height()
        for shrink in (1.0, 0.9, 0.8, 0.7):
            body = self._body(parking_lot, decisions, Scale(round(scale.height * shrink)))
            layout = body.layout()
            need = layout.totalHeightForWidth(max(1, self.width())) if layout.hasHeightForWidth() else 0
            if room < 100 or need <= room or shrink == 0.7:
                break
            body.deleteLater()
        self._outer.addWidget(body)
        body.show()

    def _body(self, parking_lot: list[Note], decisions: list[Note], scale: Scale) -> QWidget:
        body = QWidget()
        box = QVBoxLayout(body)
        pad = scale.px(22)
        box.setContentsMargins(pad, pad, pad, pad)
        box.setSpacing(scale.px(8))
        self.texts = []
        for title, notes, empty in (
            (self.tr("Parking lot (%1)"), parking_lot, self.tr("Nothing parked.")),
            (self.tr("Decisions (%1)"), decisions, self.tr("No decision yet.")),
        ):
            box.addWidget(label(title.replace("%1", str(len(notes))), scale, BODY, bold=True))
            if not notes:
                box.addWidget(label(empty, scale, NOTE, colour=MUTED))
            for note in notes[-MAX_NOTES:]:
                self.texts.append(note.text)
                by = f"  — {note.by}" if note.by else ""
                box.addWidget(label(f"•  {elide(note.text, 140)}{by}", scale, NOTE))
            if len(notes) > MAX_NOTES:
                earlier = self.tr("%1 earlier not shown").replace("%1", str(len(notes) - MAX_NOTES))
                box.addWidget(label(earlier, scale, NOTE * 0.85, colour=MUTED))
            box.addSpacing(scale.px(18))
        box.addStretch(1)
        return body

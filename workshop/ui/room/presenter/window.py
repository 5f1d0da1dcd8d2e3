"""The presenter window: what the room sees on the projector, following the facilitator's stage.

Its own keys (listed on the F1 sheet): B or . blanks it to black and brings it back, as in a slide show; Esc only
brings a blank view back (it closes nothing); N shows or hides the parking lot and decisions; F10 closes it and
Ctrl+Shift+B blanks it, as from the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from workshop.domain.enums import Stage
from workshop.domain.timer import TimerReading
from workshop.ui.room.presenter.chart_slides import ChannelsSlide, PlanSlide, ResilienceSlide, StakeholdersSlide
from workshop.ui.room.presenter.panels import Header, NotesPanel
from workshop.ui.room.presenter.slides import ExportSlide, OutcomesSlide, RoomState, SetupSlide, Slide
from workshop.ui.room.presenter.style import PAPER, Scale
from workshop.ui.session import EVERYTHING, WorkshopSession

SLIDES: dict[Stage, type[Slide]] = {
    Stage.SETUP: SetupSlide,
    Stage.OUTCOMES: OutcomesSlide,
    Stage.STAKEHOLDERS: StakeholdersSlide,
    Stage.CHANNELS: ChannelsSlide,
    Stage.RESILIENCE: ResilienceSlide,
    Stage.PLAN: PlanSlide,
    Stage.EXPORT: ExportSlide,
}

#: The presenter window's own keys, as the F1 sheet lists them (keys, what).
WINDOW_KEYS: tuple[tuple[str, str], ...] = (
    ("B, .", "Blank the presenter view to black, or show it again"),
    ("Esc", "Show a blanked presenter view again (closes nothing)"),
    ("N", "Parking lot and decisions on the presenter view, or not"),
    ("F10", "Close the presenter view"),
    ("Ctrl+Shift+B", "Blank or show the presenter view"),
)

#: Keys pressed in the presenter window, and what they do.
_BLANK_KEYS = frozenset({Qt.Key.Key_B, Qt.Key.Key_Period})


class PresenterWindow(QWidget):
    """The room's screen: a header band with the stage and its clock, the stage's slide, the notes on request, and
    a black blank over everything."""

    #: The window was blanked (True) or shown again.
    blank_changed = Signal(bool)
    #: N pressed in the window: the facilitator wants the notes panel shown (True) or hidden.
    notes_requested = Signal(bool)
    #: F10 pressed in the window.
    close_requested = Signal()

    def __init__(self, session: WorkshopSession, state: RoomState, stage: Stage) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("presenterWindow")
        self.setWindowTitle(self.tr("Social Working: presenter view"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(f"#presenterWindow, #presenterContent, #presenterSlides {{ background: {PAPER}; }}"
                           " #presenterBlank { background: #000000; }")  # fmt: skip
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = session
        self.state = state
        self.stage = stage
        self.scale = Scale(1080)
        self.slides: dict[Stage, Slide] = {}
        self._stale: set[Stage] = set(Stage)

        self.layers = QStackedWidget()
        self.content = QWidget()
        self.content.setObjectName("presenterContent")
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = Header()
        column.addWidget(self.header)
        row = QHBoxLayout()
        row.setSpacing(0)
        self.slide_stack = QStackedWidget()
        self.slide_stack.setObjectName("presenterSlides")
        self._slide_box = QVBoxLayout()
        self._slide_box.addWidget(self.slide_stack)
        row.addLayout(self._slide_box, 5)
        self.notes = NotesPanel()
        self.notes.hide()
        row.addWidget(self.notes, 2)
        column.addLayout(row, 1)
        self.blank = QWidget()
        self.blank.setObjectName("presenterBlank")
        self.blank.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.layers.addWidget(self.content)
        self.layers.addWidget(self.blank)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.layers)

        self._rescaled = QTimer(self)
        self._rescaled.setSingleShot(True)
        self._rescaled.setInterval(120)  # once the window stops changing size
        self._rescaled.timeout.connect(self._rescale)
        session.changed.connect(self._session_changed)
        session.tally_hidden_changed.connect(self._tally_hidden)
        session.what_if_changed.connect(self._what_if_changed)
        self._apply_scale()
        self.show_stage(stage)

    def sizeHint(self) -> QSize:
        return QSize(1280, 720)

    # -- what is shown ---------------------------------------------------------------

    def slide(self, stage: Stage) -> Slide:
        if stage not in self.slides:
            slide = SLIDES[stage](self.session, self.state)
            self.slides[stage] = slide
            self.slide_stack.addWidget(slide)
        return self.slides[stage]

    def show_stage(self, stage: Stage) -> None:
        self.stage = stage
        self.header.show_stage(stage, self.session.workshop.title)
        self.slide_stack.setCurrentWidget(self.slide(stage))
        if stage in self._stale:
            self._build(stage)

    def redraw(self, stage: Stage | None = None) -> None:
        """Lay the stage's slide out again (every slide when None): now when it is shown, else when next shown."""
        stages = list(Stage) if stage is None else [stage]
        self._stale.update(stages)
        self.header.show_stage(self.stage, self.session.workshop.title)
        if self.stage in stages:
            self._build(self.stage)
        if self.notes.isVisibleTo(self):
            self._fill_notes()

    def _build(self, stage: Stage) -> None:
        self._stale.discard(stage)
        self.slide(stage).refresh(self.scale)

    def _session_changed(self, tables: frozenset[str]) -> None:
        """Slides showing a table the edit touched are laid out again: the one shown now, the others when shown."""
        if tables >= EVERYTHING:
            self.redraw()
            return
        touched = [stage for stage in Stage if tables & SLIDES[stage].shows]
        self._stale.update(touched)
        if "workshop" in tables:
            self.header.show_stage(self.stage, self.session.workshop.title)
        if self.stage in touched:
            self._build(self.stage)
        if "note" in tables and self.notes.isVisibleTo(self):
            self._fill_notes()

    def _tally_hidden(self, _hidden: bool) -> None:
        self.redraw()

    def _what_if_changed(self) -> None:
        self.redraw(Stage.RESILIENCE)

    def current_slide(self) -> Slide:
        return self.slide(self.stage)

    # -- the notes, the blank, the clock -------------------------------------------------

    def set_notes_shown(self, shown: bool) -> None:
        if shown == self.notes.isVisibleTo(self):
            return
        self.notes.setVisible(shown)
        if shown:
            self.layout().activate()  # the panel's width and height, to fit the notes to them
            self._fill_notes()
        self._stale.update(Stage)  # the slide's width changed: lay it out for the new one
        self._build(self.stage)

    def notes_shown(self) -> bool:
        return self.notes.isVisibleTo(self)

    def _fill_notes(self) -> None:
        ws = self.session.workshop
        self.notes.show_notes(list(ws.parking_lot), list(ws.decisions), self.scale)

    def is_blank(self) -> bool:
        return self.layers.currentWidget() is self.blank

    def set_blank(self, blank: bool) -> None:
        if blank == self.is_blank():
            return
        self.layers.setCurrentWidget(self.blank if blank else self.content)
        if not blank and self.stage in self._stale:
            self._build(self.stage)
        self.blank_changed.emit(blank)

    def show_reading(self, reading: TimerReading | None) -> None:
        self.header.show_reading(reading)

    # -- size ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if abs(self.height() - self.scale.height) > 0.05 * self.scale.height:
            self._rescaled.start()

    def _apply_scale(self) -> None:
        self.scale = Scale(max(self.height(), 240))
        self.header.set_scale(self.scale)
        margin = self.scale.px(28)
        self._slide_box.setContentsMargins(margin, margin // 2, margin, margin // 2)

    def _rescale(self) -> None:
        self._apply_scale()
        for widget in (self, self.content):  # the new margins now, so the slide is laid out for its real size
            widget.layout().activate()
        if self.notes.isVisibleTo(self):
            self._fill_notes()
        self._stale.update(Stage)
        self._build(self.stage)

    def settle(self) -> None:
        """Lay the window out for its size now (a screenshot, a test), not after the resize pause."""
        self._rescaled.stop()
        self._rescale()

    # -- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        if (key in _BLANK_KEYS and plain) or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Shift+B"):
            self.set_blank(not self.is_blank())
        elif key == Qt.Key.Key_Escape and plain:
            self.set_blank(False)  # a slide show's Esc would end the show: here it only brings the view back
        elif key == Qt.Key.Key_N and plain:
            self.notes_requested.emit(not self.notes_shown())
        elif key == Qt.Key.Key_F10 and plain:
            self.close_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the window manager: the controller's action follows (F10 shows it again)."""
        super().closeEvent(event)
        self.close_requested.emit()

"""What the room sees of the stage timer in the workshop's header, and the facilitator's planned-against-used table.

The countdown is large enough to read from the back of the room; its colour is the signal (amber at two minutes
left, red at zero and after, the severity colours), with the clock's sign and the words saying the same for those
who cannot tell the colours apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.enums import STAGE_TITLES, Severity
from workshop.domain.timer import StageTiming, TimerReading, format_clock
from workshop.export import palette

#: The countdown's type size: the largest thing in the header, read from the back of the room.
CLOCK_POINTS = 30
#: The widget's look per signal level: (fill, text).
NORMAL_FILL = "#EEF3F7"
NORMAL_TEXT = "#123A5A"
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    "normal": (NORMAL_FILL, NORMAL_TEXT),
    "warning": (
        palette.SEVERITY_COLOURS[Severity.WARNING],
        palette.text_colour_on(palette.SEVERITY_COLOURS[Severity.WARNING]),
    ),
    "over": (
        palette.SEVERITY_COLOURS[Severity.ERROR],
        palette.text_colour_on(palette.SEVERITY_COLOURS[Severity.ERROR]),
    ),
}


def level_of(reading: TimerReading | None) -> str:
    if reading is None:
        return "normal"
    return "over" if reading.over else "warning" if reading.warning else "normal"


def minutes_text(seconds: float) -> str:
    """Whole minutes as the agenda gives them ("30 min"), or a clock face when seconds matter."""
    return f"{int(seconds // 60)} min" if seconds % 60 == 0 else format_clock(seconds)


class ElidedLabel(QLabel):
    """One line that gives way: it takes what room the header leaves, shows the first of its wordings that fits
    there and else the shortest ending in "…" (the full text is its tooltip), so the timer never pushes the
    workshop's title out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._variants: tuple[str, ...] = ("",)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_texts(self, *variants: str) -> None:
        """The wordings from the fullest to the shortest."""
        self._variants = variants or ("",)
        self.setToolTip(variants[0] if variants else "")
        self._fit()

    def full_text(self) -> str:
        return self._variants[0]

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._variants[0]) + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("Outcomes…"), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(0, self.width() - 2)
        metrics = self.fontMetrics()
        shown = next((v for v in self._variants if metrics.horizontalAdvance(v) <= room), None)
        if shown is None:
            shown = metrics.elidedText(self._variants[-1], Qt.TextElideMode.ElideRight, room)
        self.setText(shown)


class TimerWidget(QFrame):
    """The countdown of the facilitator's stage: stage, time left, used against plan, and its three buttons."""

    start_pause_clicked = Signal()
    extend_clicked = Signal()
    skip_clicked = Signal()
    overview_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomTimer")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.level = "normal"
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 1, 6, 1)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        self.clock = QLabel("0:00")
        self.clock.setObjectName("timerClock")
        font = QFont(self.font())
        font.setPointSize(CLOCK_POINTS)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.clock.setFont(font)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._clock_width = self.clock.fontMetrics().horizontalAdvance("88:88") + 4
        self.clock.setFixedWidth(self._clock_width)
        grid.addWidget(self.clock, 0, 0, 2, 1)
        self.detail = ElidedLabel()
        self.detail.setObjectName("timerDetail")
        detail_font = QFont(self.font())
        detail_font.setWeight(QFont.Weight.DemiBold)
        self.detail.setFont(detail_font)
        grid.addWidget(self.detail, 0, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(3)
        self.start_pause = QPushButton(self.tr("Start"))
        self.extend = QPushButton(self.tr("+5 min"))
        self.skip = QPushButton(self.tr("Skip"))
        self.overview = QPushButton(self.tr("Plan"))
        for button, signal, name in (
            (self.start_pause, self.start_pause_clicked, "timerStartPause"),
            (self.extend, self.extend_clicked, "timerExtend"),
            (self.skip, self.skip_clicked, "timerSkip"),
            (self.overview, self.overview_clicked, "timerOverview"),
        ):
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are F5, Ctrl+F5, Shift+F5; focus stays on the page
            button.clicked.connect(signal)
            buttons.addWidget(button)
        self.start_pause.setToolTip(self.tr("Start or pause the stage's clock (F5)"))
        self.extend.setToolTip(self.tr("Add five minutes to this stage (Ctrl+F5)"))
        self.skip.setToolTip(self.tr("Go to the next stage; a running clock follows (Shift+F5)"))
        self.overview.setToolTip(self.tr("Time used against plan, stage by stage"))
        grid.addLayout(buttons, 1, 1)
        self._paint()
        self.start_pause.ensurePolished()
        widest = max(self.start_pause.fontMetrics().horizontalAdvance(t) for t in (self.tr("Start"), self.tr("Pause")))
        self.start_pause.setMinimumWidth(widest + 14)  # the same width either way: the buttons never jump

    def show_reading(self, reading: TimerReading | None) -> None:
        if reading is None:
            self._set_clock("–:––")
            self.detail.set_texts("")
            self.start_pause.setText(self.tr("Start"))
        else:
            self._set_clock(format_clock(reading.remaining_seconds))
            self.detail.set_texts(*self.detail_texts(reading))
            self.start_pause.setText(self.tr("Pause") if reading.running else self.tr("Start"))
        level = level_of(reading)
        if level != self.level:
            self.level = level
            self._paint()

    def _set_clock(self, text: str) -> None:
        """The face in the largest type that keeps its width ("1:02:03" and "-12:30" get smaller type than
        "12:30"), so the header never grows and the buttons never move."""
        font = self.clock.font()
        size = CLOCK_POINTS
        font.setPointSize(size)
        while size > 12 and QFontMetrics(font).horizontalAdvance(text) > self._clock_width - 4:
            size -= 1
            font.setPointSize(size)
        self.clock.setFont(font)
        self.clock.setText(text)

    def detail_texts(self, reading: TimerReading) -> tuple[str, str, str]:
        """The stage and its time used against plan: in full, short, and without the stage (the navigator shows
        it) for a narrow window."""
        stage = self.tr(STAGE_TITLES[reading.stage])
        used, planned = format_clock(reading.used_seconds), minutes_text(reading.planned_seconds)
        if reading.planned_seconds <= 0:
            full = self.tr("%1 · no time planned · used %2").replace("%1", stage).replace("%2", used)
            short = self.tr("%1 · unplanned · %2").replace("%1", stage).replace("%2", used)
        else:
            full = self.tr("%1 · used %2 of %3").replace("%1", stage).replace("%2", used).replace("%3", planned)
            short = f"{stage} · {used} / {planned}"
        if not reading.running:
            short = "‖ " + short  # the pause mark of DejaVu Sans and most UI fonts (U+23F8 is missing there)
        if reading.over and reading.planned_seconds > 0:
            full += self.tr(" · time is up")
        elif not reading.running:
            full += self.tr(" · paused")
        return full, short, f"{used} / {planned}"

    def set_timings_tip(self, timings: Sequence[StageTiming]) -> None:
        lines = [self.tr("Used against plan:")]
        for t in timings:
            if t.planned_minutes or t.used_seconds:
                lines.append(
                    f"{self.tr(STAGE_TITLES[t.stage])}: {format_clock(t.used_seconds or 0.0)} / {t.planned_minutes} min"
                )
        self.setToolTip("\n".join(lines))

    def _paint(self) -> None:
        fill, text = LEVEL_COLOURS[self.level]
        self.setStyleSheet(
            f"#roomTimer {{ background: {fill}; border-radius: 6px; }}"
            f"#roomTimer QLabel {{ color: {text}; background: transparent; }}"
            "#roomTimer QPushButton { padding: 0px 5px; }"
        )


class TimingsDialog(QDialog):
    """Planned against used, stage by stage: the agenda's minutes, the minutes added, the time used and what is left
    (or how far over). Kept open beside the work, it follows the clock."""

    COLUMNS = ("Stage", "Agenda", "Added", "Planned", "Used", "Left")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timingsDialog")
        self.setWindowTitle(self.tr("Time per stage"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("timingsTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.total = QLabel()
        layout.addWidget(self.total)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._fitted = False

    def show_timings(self, timings: Sequence[StageTiming]) -> None:
        self.table.setRowCount(len(timings))
        planned_total = used_total = 0.0
        for row, t in enumerate(timings):
            used = t.used_seconds or 0.0
            left = t.planned_minutes * 60 - used
            cells = [
                self.tr(STAGE_TITLES[t.stage]),
                f"{t.agenda_minutes} min",
                f"+{t.extra_minutes} min" if t.extra_minutes else "",
                f"{t.planned_minutes} min",
                format_clock(used),
                format_clock(left) if t.planned_minutes or used else "",
            ]
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    if column:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, column, item)
                item.setText(text)
            planned_total += t.planned_minutes * 60
            used_total += used
        if not self._fitted:  # once, so the dialog does not jump as the clock runs
            self._fitted = True
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            width = sum(header.sectionSize(c) for c in range(self.table.columnCount()))
            height = self.table.horizontalHeader().height() + sum(
                self.table.rowHeight(r) for r in range(self.table.rowCount())
            )
            self.table.setMinimumSize(width + 40, height + 6)
            self.adjustSize()
        self.total.setText(
            self.tr("In all: used %1 of %2 planned.")
            .replace("%1", format_clock(used_total))
            .replace("%2", minutes_text(planned_total))
        )

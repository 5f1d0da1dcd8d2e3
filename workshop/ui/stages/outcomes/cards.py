"""Outcomes as large cards for the projector, in priority order; readable from the back of the room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from workshop.domain.entities import Outcome
from workshop.domain.formulas import annual_value
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.outcomes.models import category_label, kpi_text, money_text


class OutcomeCard(QFrame):
    """Key, title, category colour, "baseline → target unit by due", annual value, dots. ``scale`` enlarges the type
    (the presenter view's cards)."""

    def __init__(self, o: Outcome, currency: str, dots: int | None, rank: int | None, scale: float = 1.0) -> None:
        super().__init__()
        self.setObjectName("outcomeCard")
        self.key = o.key
        colour = palette.CATEGORY_COLOURS[o.category]
        self.setStyleSheet(
            f"#outcomeCard {{ background: #ffffff; border: 1px solid #c9d1d9;"
            f" border-left: {round(14 * scale)}px solid {colour};"
            " border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(round(m * scale) for m in (20, 14, 16, 14)))
        layout.setSpacing(round(6 * scale))
        head = QLabel(f"{rank}.  {o.key}" if rank is not None else o.key)
        head.setObjectName("cardKey")
        title = QLabel(o.title or "")
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        category = QLabel(category_label(o.category))
        category.setObjectName("cardCategory")
        category.setStyleSheet(
            f"background: {colour}; color: {palette.text_colour_on(colour)}; border-radius: 4px; padding: 2px 8px;"
        )
        kpi = QLabel(kpi_text(o) or self.tr("No KPI yet"))
        kpi.setWordWrap(True)
        value = annual_value(o)
        money = QLabel(
            self.tr("%1 a year").replace("%1", money_text(value, currency))
            if value is not None
            else self.tr("No value yet")
        )
        money.setObjectName("cardValue")
        dots_text = (
            "" if dots is None else (self.tr("1 dot") if dots == 1 else self.tr("%1 dots").replace("%1", str(dots)))
        )
        self.dots_label = QLabel(dots_text)
        self.dots_label.setObjectName("cardDots")
        for widget, size, bold in ((head, 22, True), (title, 20, True), (category, 14, False), (kpi, 16, False),
                                   (money, 18, True), (self.dots_label, 18, True)):  # fmt: skip
            font = QFont(widget.font())
            font.setPointSizeF(size * scale)
            font.setBold(bold)
            widget.setFont(font)
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if widget is category else Qt.AlignmentFlag(0))
        # Hidden once in the card: shown before it had a parent, it was a window of its own and lost its font.
        self.dots_label.setVisible(dots is not None)
        layout.addStretch(1)


class OutcomeCards(QScrollArea):
    """All outcomes as cards: priority order when the tally shows; the room's order, no dots, when it is hidden."""

    def __init__(
        self, session: WorkshopSession, parent: QWidget | None = None, *, scale: float = 1.0, card_width: int = 560
    ) -> None:
        """``scale`` and ``card_width``: the type's size against the stage's and the width that makes a column
        (the presenter view sets both for the projector)."""
        super().__init__(parent)
        self.setObjectName("outcomeCards")
        self.session = session
        self.hide_dots = False
        self.scale = scale
        self.card_width = card_width
        #: At most this many cards, the first in the order shown (None: every outcome).
        self.limit: int | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.cards: list[OutcomeCard] = []
        self._columns = 0

    def refresh(self) -> None:
        ws, analysis = self.session.workshop, self.session.analysis
        outcomes = (list(ws.outcomes) if self.hide_dots else list(analysis.priority))[: self.limit]
        self.cards = [
            OutcomeCard(
                o,
                ws.currency,
                None if self.hide_dots else analysis.outcome_dots.get(name_key(o.key), 0),
                None if self.hide_dots else rank,
                self.scale,
            )
            for rank, o in enumerate(outcomes, start=1)
        ]
        self._lay_out()

    def _lay_out(self) -> None:
        columns = self._fitting_columns()
        self._columns = columns
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(12, 12, 12, 12)
        grid.setSpacing(16)
        for i, card in enumerate(self.cards):
            grid.addWidget(card, i // columns, i % columns)
        for c in range(columns):
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(len(self.cards) // columns + 1, 1)
        if not self.cards:
            grid.addWidget(QLabel(self.tr("No outcome yet.")), 0, 0)
        self.setWidget(body)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.cards and self._fitting_columns() != self._columns:
            self._lay_out()

    def _fitting_columns(self) -> int:
        return max(1, self.viewport().width() // max(1, self.card_width))

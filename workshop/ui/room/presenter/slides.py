"""What the room sees of a stage: one slide per stage, laid out again from the workshop when it changes.

This module holds the slide every stage shares and the slides made of words (set-up, outcomes, export); the slides
with a chart are in ``chart_slides``. A slide shows only what the room may see now: with the tally hidden, the
outcomes keep the room's order and show no dots.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.domain.plan_report import total_return_row
from workshop.ui.room.presenter.style import BODY, FIGURE, INK, MUTED, NOTE, TITLE, Scale, elide, label
from workshop.ui.session import WorkshopSession
from workshop.ui.widgets.voting.columns import compact_money

#: The outcomes slide shows at most this many cards (three rows of five).
MAX_CARDS = 15


@dataclass
class RoomState:
    """What the facilitator decided the room sees: names on the power grid, the channels page's outcome."""

    names_on: bool = False
    outcome_key: str | None = None


class Slide(QWidget):
    """A stage for the room: ``refresh()`` lays it out again for the workshop as it is and the window's size."""

    stage: Stage
    #: The library tables the slide shows: an edit to any other leaves it as it is.
    shows: frozenset[str] = frozenset()

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = state
        self.scale = Scale(1080)
        self._pending: QWidget | None = None
        self.setObjectName(f"presenter-{self.stage.value}")

    def refresh(self, scale: Scale) -> None:
        self.scale = scale
        self._pending = None
        self.build()
        body, self._pending = self._pending, None
        if body is not None:
            self._swap(body)

    def build(self) -> None:
        raise NotImplementedError

    def holder(self) -> QWidget:
        """Where ``fresh_body`` puts what ``build`` lays out (the slide itself; beside the charts on theirs)."""
        return self

    def fresh_body(self, spacing: float = 14) -> QVBoxLayout:
        """A new, empty body for ``build`` to fill; it replaces the last one once filled (a slide is laid out
        again whole, never patched, and shown at once, not a turn of the event loop later)."""
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(self.scale.px(spacing))
        self._pending = body
        return box

    def _swap(self, body: QWidget) -> None:
        holder = self.holder()
        outer = holder.layout()
        if outer is None:
            outer = QVBoxLayout(holder)
            outer.setContentsMargins(0, 0, 0, 0)
        while outer.count():
            old = outer.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        outer.addWidget(body)
        body.show()

    # -- shared pieces ---------------------------------------------------------------

    def title(self, text: str) -> QWidget:
        return label(text, self.scale, TITLE, bold=True, name="slideTitle")

    def figure_tile(self, caption: str, value: str, colour: str = INK) -> QFrame:
        """A figure the room reads at a glance: the value large, what it is beneath."""
        tile = QFrame()
        tile.setObjectName("figureTile")
        tile.setStyleSheet("#figureTile { background: #eef2f6; border-radius: 10px; }")
        box = QVBoxLayout(tile)
        pad = self.scale.px(18)
        box.setContentsMargins(pad, pad // 2, pad, pad // 2)
        box.addWidget(label(value, self.scale, FIGURE, bold=True, colour=colour, wrap=False))
        box.addWidget(label(caption, self.scale, NOTE, colour=MUTED))
        return tile


class SetupSlide(Slide):
    """The workshop's title, organisation and date, and the agenda: each stage with its planned minutes."""

    stage = Stage.SETUP
    shows = frozenset({"workshop", "agenda_item"})

    def build(self) -> None:
        s, ws = self.scale, self.session.workshop
        box = self.fresh_body()
        box.addWidget(label(ws.title or self.tr("(untitled workshop)"), s, TITLE * 1.4, bold=True))
        facts = [ws.organisation, ws.date.strftime("%d %B %Y").lstrip("0") if ws.date else ""]
        if ws.facilitator:
            facts.append(self.tr("facilitated by %1").replace("%1", ws.facilitator))
        box.addWidget(label(" · ".join(f for f in facts if f), s, BODY * 1.2, colour=MUTED))
        box.addSpacing(s.px(24))
        box.addWidget(self.title(self.tr("Agenda")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(s.px(40))
        grid.setVerticalSpacing(s.px(8))
        minutes = {item.stage: item.minutes for item in ws.agenda}
        for row, stage in enumerate(Stage):
            planned = minutes.get(stage)
            grid.addWidget(label(str(row + 1), s, BODY, bold=True, wrap=False), row, 0)
            grid.addWidget(label(self.tr(STAGE_TITLES[stage]), s, BODY, wrap=False), row, 1)
            text = self.tr("%1 min").replace("%1", str(planned)) if planned else self.tr("not planned")
            grid.addWidget(label(text, s, BODY, wrap=False), row, 2, Qt.AlignmentFlag.AlignRight)
        total = sum(minutes.values())
        hours, rest = divmod(total, 60)
        grid.addWidget(label(self.tr("In all"), s, BODY, bold=True, wrap=False), len(Stage), 1)
        text = self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{rest:02d}") if hours else (
            self.tr("%1 min").replace("%1", str(total)))  # fmt: skip
        grid.addWidget(label(text, s, BODY, bold=True, wrap=False), len(Stage), 2, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(3, 1)
        box.addLayout(grid)
        box.addStretch(1)


class OutcomesSlide(Slide):
    """The outcomes as large cards (the outcomes stage's projector cards): in priority order with their dots, or,
    while the tally is hidden, in the room's order with no dots."""

    stage = Stage.OUTCOMES
    shows = frozenset({"outcome", "vote", "workshop", "participant"})

    def __init__(self, session: WorkshopSession, state: RoomState, parent: QWidget | None = None) -> None:
        super().__init__(session, state, parent)
        from workshop.ui.stages.outcomes.cards import OutcomeCards

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.heading = label("", self.scale, BODY, colour=MUTED, name="cardsOrder")
        box.addWidget(self.heading)
        self.cards = OutcomeCards(session)
        self.cards.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # nobody scrolls a projector
        self.cards.setStyleSheet("#outcomeCards, #outcomeCards > QWidget > QWidget { background: transparent; }")
        box.addWidget(self.cards, 1)
        self._fitted = QSize()
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.timeout.connect(self.build)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Cards fitted to another size (the notes came, the header grew) are fitted again, once the layout rests."""
        super().resizeEvent(event)
        if self.cards.cards and self.cards.viewport().size() != self._fitted:
            self._refit.start(0)

    def build(self) -> None:
        s, hidden = self.scale, self.session.tally_hidden
        count = len(self.session.workshop.outcomes)
        self.heading.setFont(s.font(BODY))
        # Every card on the screen at once: four columns up to eight outcomes, five beyond; at most three rows.
        columns = 1 if count <= 1 else 2 if count <= 2 else 3 if count <= 6 else 4 if count <= 8 else 5
        shown = min(count, MAX_CARDS)
        order = (
            self.tr("In the room's order: the dots stay hidden until the tally is revealed.")
            if hidden
            else self.tr("In priority order: the most dots first.")
        )
        if shown < count:
            order += " " + self.tr("The first %1 of %2 outcomes.").replace("%1", str(shown)).replace("%2", str(count))
        self.heading.setText(order)
        self.cards.limit = MAX_CARDS
        width = max(1, self.width() or round(1860 * s.factor))
        self.cards.card_width = max(1, (width - 40) // columns)
        self.cards.hide_dots = hidden
        # The largest type at which every card fits the screen (a long title or KPI takes a line more).
        scale, room, smallest = s.factor * 1.3, self.cards.viewport().height(), 0.6 * s.factor
        for attempt in range(8):
            self.cards.scale = scale
            self.cards.refresh()
            body = self.cards.widget().layout()
            need = body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()
            if room < 100 or need * 1.04 <= room or scale <= smallest:
                break
            # The first guess from the height's share (a card's height goes about with the type's square), then
            # small steps down.
            scale = max(smallest, scale * ((room / (need * 1.04)) ** 0.5 if attempt == 0 else 0.95))
        self._fitted = self.cards.viewport().size()

    def dots_shown(self) -> list[str]:
        """The dot counts the cards show, card by card ("" for none): what the room reads."""
        return [card.dots_label.text() if card.dots_label.isVisibleTo(card) else "" for card in self.cards.cards]

    def order(self) -> list[str]:
        return [card.key for card in self.cards.cards]


class ExportSlide(Slide):
    """Where the workshop ends: the plan's totals, then the decisions taken, in words."""

    stage = Stage.EXPORT
    shows = frozenset({"action", "outcome", "workshop", "note", "choice", "channel"})

    def build(self) -> None:
        s, ws, analysis = self.scale, self.session.workshop, self.session.analysis
        box = self.fresh_body()
        box.addWidget(self.title(self.tr("The plan in figures")))
        total = total_return_row(analysis)
        tiles = QHBoxLayout()
        tiles.setSpacing(s.px(20))
        figures = [
            (self.tr("actions"), f"{len(ws.actions):,}"),
            (self.tr("cost"), compact_money(total.cost, ws.currency)),
            (self.tr("expected value a year"),
             compact_money(total.expected_value, ws.currency) if total.expected_value is not None else "n/a"),
            (self.tr("return on the plan"), "n/a" if total.roi is None else f"{100 * total.roi:,.0f}%"),
            (self.tr("payback"), "n/a" if total.payback_months is None
             else self.tr("%1 months").replace("%1", f"{total.payback_months:.1f}")),
        ]  # fmt: skip
        for caption, value in figures:
            tiles.addWidget(self.figure_tile(caption, value), 1)
        box.addLayout(tiles)
        box.addSpacing(s.px(20))
        decisions = ws.decisions
        box.addWidget(self.title(self.tr("Decisions taken (%1)").replace("%1", str(len(decisions)))))
        if not decisions:
            box.addWidget(label(self.tr("No decision recorded yet."), s, BODY, colour=MUTED))
        shown = decisions[:6]
        for note in shown:
            by = f"  — {note.by}" if note.by else ""
            box.addWidget(label(f"•  {elide(note.text, 150)}{by}", s, BODY))
        if len(decisions) > len(shown):
            more = self.tr("… and %1 more").replace("%1", str(len(decisions) - len(shown)))
            box.addWidget(label(more, s, NOTE, colour=MUTED))
        box.addStretch(1)

"""Channel dots: the voting grid for one outcome's channels, so every department's favourite is heard.

The same tally as the outcome dots (``VotingModel``) with other rows: the workshop's channels (a retired one only
while it still has dots for the outcome), and, beside the dots, each channel's score (0-100) and its place in the
outcome's ranking. A participant's channel dots for one outcome never exceed the workshop's dots per participant
(the service refuses more, naming the participant).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from workshop.domain.entities import Channel, Workshop
from workshop.domain.text import name_key
from workshop.export.palette import CHANNEL_KIND_COLOURS
from workshop.services.workshops import Edit
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.widgets.voting.model import SHOWN_TABLES, VotingModel

#: Unranked channels sort after every ranked one.
UNRANKED = 1_000_000


class ChannelDotsModel(VotingModel):
    """Rows: the channels that may take dots for the outcome. Columns: the participants, then the channel dots in
    all, the channel's score (0-100) and its rank for the outcome."""

    shown_tables = SHOWN_TABLES | {"channel", "score", "rating", "criterion"}

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        outcomes = session.workshop.outcomes
        self._outcome: str | None = outcomes[0].key if outcomes else None
        super().__init__(session, parent)

    # -- the outcome ------------------------------------------------------------

    @property
    def outcome_key(self) -> str | None:
        return self._outcome

    def set_outcome(self, key: str | None) -> None:
        """Show the channel dots of another outcome."""
        if key == self._outcome and self._shown is self.session.loaded:
            return
        self.beginResetModel()
        self._outcome = key
        self._load(self.session.workshop)
        self.endResetModel()

    def channel(self, row: int) -> Channel:
        return self._rows[row][1]  # type: ignore[no-any-return]

    def _outcome_known(self, ws: Workshop) -> str:
        ok = name_key(self._outcome or "")
        if not any(name_key(o.key) == ok for o in ws.outcomes):
            self._outcome = ws.outcomes[0].key if ws.outcomes else None
            ok = name_key(self._outcome or "")
        return ok

    # -- the rows -----------------------------------------------------------------

    @staticmethod
    def _row_key(item: Any) -> str:
        return name_key(item.name)

    def _row_items(self, ws: Workshop) -> list[tuple[int, Any]]:
        ok = self._outcome_known(ws)
        if not ok:
            return []
        voted = {name_key(v.channel) for v in ws.votes if v.channel is not None and name_key(v.outcome) == ok}
        loaded = self.session.loaded
        return [(loaded.id_of("channel", c.name), c) for c in ws.channels if not c.retired or name_key(c.name) in voted]

    def _row_dots(self, ws: Workshop) -> dict[tuple[str, str], int]:
        ok = name_key(self._outcome or "")
        return {
            (name_key(v.channel), name_key(v.participant)): v.dots
            for v in ws.votes
            if v.channel is not None and name_key(v.outcome) == ok
        }

    def _summaries(self) -> tuple[Counter[str], dict[str, int], dict[str, float | None]]:
        totals: Counter[str] = Counter()
        for (channel, _participant), dots in self._dots.items():
            totals[channel] += dots
        ranking = self.session.analysis.ranking(self._outcome) if self._outcome else []
        ranks = {name_key(cs.channel.name): place for place, cs in enumerate(ranking, start=1)}
        scores = {name_key(cs.channel.name): cs.display for cs in ranking}
        return totals, ranks, scores

    def _vote(self, participant_id: int, row_id: int, dots: int | None) -> Callable[[], Edit]:
        service, outcome_id = self.session.service, self.session.id_of("outcome", self._outcome or "")
        return lambda: service.set_vote(participant_id, outcome_id, row_id, dots)

    def set_dots(self, row: int, column: int, dots: int) -> bool:
        """As for outcome dots; a retired channel may lose dots but not gain them."""
        if self.channel(row).retired and dots > self._matrix[row][column]:
            self.refused.emit(self.tr("%1 is retired: it takes no new dots.").replace("%1", self.channel(row).name))
            return False
        return super().set_dots(row, column, dots)

    # -- what the room reads ----------------------------------------------------

    def progress_text(self) -> str:
        return (
            self.tr("%1 of %2 channel dots placed for %3")
            .replace("%1", str(self.placed()))
            .replace("%2", str(self.capacity()))
            .replace("%3", self._outcome or "")
        )

    def order_text(self) -> str:
        return self.tr("By rank")

    def order_tip(self) -> str:
        return self.tr("Channels in the outcome's ranking: complete scores first, unscored last")

    def _row_label(self, row: int) -> str:
        return self.channel(row).name

    def _display(self, column: Any, value: Any) -> str:
        if column.kind == self.EV:
            return "" if value is None else f"{value:.0f}"
        return super()._display(column, value)

    def _summary_header(self, kind: str, *, tip: bool) -> str:
        outcome = self._outcome or ""
        if kind == self.TOTAL:
            return self.tr("Channel dots for %1 in all").replace("%1", outcome) if tip else self.tr("Total")
        if kind == self.EV:
            return self.tr("Channel score for %1 (0-100)").replace("%1", outcome) if tip else self.tr("Score")
        return self.tr("Place in the ranking of %1").replace("%1", outcome) if tip else self.tr("Rank")

    def _summary_tooltip(self, key: str, kind: str, value: Any) -> str:
        if kind == self.TOTAL:
            return self.tr("%1: %2 channel dots in all").replace("%1", key).replace("%2", str(value))
        if kind == self.EV:
            if value is None:
                return self.tr("%1 is not scored for %2").replace("%1", key).replace("%2", self._outcome or "")
            return self.tr("%1 scores %2 for %3").replace("%1", key).replace("%2", f"{value:.0f}").replace(
                "%3", self._outcome or "")  # fmt: skip
        if value is None:
            return self.tr("%1 is not ranked for %2").replace("%1", key).replace("%2", self._outcome or "")
        return self.tr("%1 is number %2 of the ranking").replace("%1", key).replace("%2", str(value))

    def _row_header(self, row: int, role: int) -> Any:
        channel = self.channel(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("%1 (retired)").replace("%1", channel.name) if channel.retired else channel.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{channel.name}: {channel.kind.value}, {channel.owner}"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(CHANNEL_KIND_COLOURS[channel.kind])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SORT_ROLE and index.isValid() and index.column() == self.col_rank:
            value = self.dots(index.row(), index.column())
            return UNRANKED if value is None else value
        return super().data(index, role)

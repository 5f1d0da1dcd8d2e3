"""The scoring grid of one outcome as a Qt table model: channels by per-outcome criteria, then the channel's score
(0-100, live) and its place in the ranking; incomplete scores are marked and ranked after complete ones.

A cell is a score 1-5; ``set_score`` asks the session to apply one service edit (None clears). Retired channels are
listed only while they still have a score for the outcome (they keep counting until removed) and cannot be newly
scored. The stage page around it comes with the rest of issue 10.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from workshop.domain.entities import Channel, Criterion
from workshop.domain.text import name_key
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.grid_model import ChannelCriterionGrid

Index = QModelIndex | QPersistentModelIndex

#: The library tables the grid shows.
SHOWN_TABLES = frozenset({"score", "rating", "channel", "criterion", "outcome", "workshop"})
SCORE_MIN, SCORE_MAX = 1, 5


class ScoreGridModel(ChannelCriterionGrid):
    """Rows: the workshop's channels in its order (retired ones only while scored here). Columns: the per-outcome
    criteria, then Score and Rank."""

    shown_tables = SHOWN_TABLES

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._outcome: str | None = None
        self._channels: list[Channel] = []
        self._criteria: list[Criterion] = []
        self._scores: dict[tuple[str, str], int] = {}  # (channel key, criterion key) -> score
        self._ranks: dict[str, tuple[int, float, bool]] = {}  # channel key -> (place, 0-100 score, complete)
        self._shown: object | None = None
        session.changed.connect(self._on_changed)
        outcomes = session.workshop.outcomes
        self.set_outcome(outcomes[0].key if outcomes else None)

    # -- state ------------------------------------------------------------------

    @property
    def outcome(self) -> str | None:
        return self._outcome

    @property
    def score_column(self) -> int:
        return len(self._criteria)

    @property
    def rank_column(self) -> int:
        return len(self._criteria) + 1

    def set_outcome(self, key: str | None) -> None:
        self.beginResetModel()
        self._outcome = key
        self._load()
        self.endResetModel()

    def score(self, row: int, column: int) -> int | None:
        return self._scores.get((name_key(self._channels[row].name), name_key(self._criteria[column].key)))

    def place(self, channel: str) -> tuple[int, float, bool] | None:
        """(place in the ranking from 1, 0-100 score, complete) of a scored channel, else None."""
        return self._ranks.get(name_key(channel))

    def is_editable(self, index: Index) -> bool:
        if not index.isValid() or self.session.read_only or index.column() >= len(self._criteria):
            return False
        return not self._channels[index.row()].retired

    # -- loading ----------------------------------------------------------------

    def _load(self) -> None:
        ws = self.session.workshop
        self._shown = self.session.loaded
        ok = name_key(self._outcome or "")
        if not any(name_key(o.key) == ok for o in ws.outcomes):
            self._outcome, ok = None, ""
        self._criteria = [c for c in ws.criteria if c.per_outcome]
        self._scores = {
            (name_key(s.channel), name_key(s.criterion)): s.score for s in ws.scores if name_key(s.outcome) == ok
        }
        scored = {ck for ck, _crit in self._scores}
        self._channels = [c for c in ws.channels if not c.retired or name_key(c.name) in scored]
        analysis = self.session.analysis
        ranking = analysis.ranking(ok) if ok else []
        self._ranks = {
            name_key(cs.channel.name): (place, cs.display or 0.0, cs.complete)
            for place, cs in enumerate(ranking, start=1)
        }

    def refresh(self) -> None:
        """Redraw from the session: a score changes its cell, the scores and the ranks (no reset: the cursor stays);
        channels or criteria that came or went reset the grid."""
        if self._shown is self.session.loaded:
            return
        before = ([c.name for c in self._channels], [c.key for c in self._criteria])
        self._load()
        if ([c.name for c in self._channels], [c.key for c in self._criteria]) != before:
            self.beginResetModel()
            self.endResetModel()
        elif self._channels:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._channels) - 1, self.rank_column))

    # -- editing ----------------------------------------------------------------

    def set_score(self, row: int, column: int, value: int | None) -> bool:
        """A score 1-5 (None clears) as one undoable edit; False when refused (a retired channel, out of range)."""
        index = self.index(row, column)
        if not self.is_editable(index) or self._outcome is None:
            return False
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            return False
        if value == self.score(row, column):
            return True
        loaded = self.session.loaded
        oid = loaded.id_of("outcome", self._outcome)
        cid = loaded.id_of("channel", self._channels[row].name)
        kid = loaded.id_of("criterion", self._criteria[column].key)
        service = self.session.service
        return self.session.apply(lambda: service.set_score(oid, cid, kid, value)) is not None

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._channels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._criteria) + 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.is_editable(index) else flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._channels):
                return None
            c = self._channels[section]
            return f"{c.name} (retired)" if c.retired else c.name
        if section < len(self._criteria):
            crit = self._criteria[section]
            return f"{crit.name} ({crit.weight:g})"
        return self.tr("Score") if section == self.score_column else self.tr("Rank")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._channels):
            return None
        row, col = index.row(), index.column()
        channel = self._channels[row]
        placed = self._ranks.get(name_key(channel.name))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if col < len(self._criteria):
            value = self.score(row, col)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
                return ("" if value is None else str(value)) if role == Qt.ItemDataRole.DisplayRole else value
            return None
        if col == self.score_column:
            if role == SORT_ROLE:
                return None if placed is None else placed[1]
            if role == Qt.ItemDataRole.DisplayRole:
                if placed is None:
                    return ""
                return f"{placed[1]:.0f}" + ("" if placed[2] else self.tr(" (incomplete)"))
            if role == Qt.ItemDataRole.ToolTipRole and placed is not None and not placed[2]:
                return self.tr("Some positive-weight criteria have no score or rating yet: ranked after the complete")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if placed is None:
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            return str(placed[0]) if role == Qt.ItemDataRole.DisplayRole else placed[0]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            score = None if value in (None, "") else int(value)
        except (TypeError, ValueError):
            return False
        return self.set_score(index.row(), index.column(), score)

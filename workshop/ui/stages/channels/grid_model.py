"""What the two grids of channels by criteria share (the scores of an outcome, the channel-level ratings): rows are
channels, columns criteria, both found by name as the method compares names."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel

from workshop.domain.entities import Channel, Criterion
from workshop.domain.text import name_key
from workshop.ui.session import EVERYTHING


class ChannelCriterionGrid(QAbstractTableModel):
    """The base of ``ScoreGridModel`` and ``RatingGridModel``: which channel a row is, which criterion a column."""

    _channels: list[Channel]
    _criteria: list[Criterion]
    #: The library tables the grid shows: it redraws only when one of them changed.
    shown_tables: frozenset[str]

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables >= EVERYTHING or tables & self.shown_tables:
            self.refresh()

    def channel(self, row: int) -> Channel:
        return self._channels[row]

    def criterion(self, column: int) -> Criterion:
        return self._criteria[column]

    def row_of(self, channel: str) -> int | None:
        key = name_key(channel)
        return next((i for i, c in enumerate(self._channels) if name_key(c.name) == key), None)

    def column_of(self, criterion_key: str) -> int | None:
        key = name_key(criterion_key)
        return next((i for i, c in enumerate(self._criteria) if name_key(c.key) == key), None)

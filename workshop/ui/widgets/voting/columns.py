"""The columns of the voting grid and what its cells and headers say, in the room's words.

Kept apart from the counting and editing of ``VotingModel`` (model.py), which builds on ``VotingColumns``.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication

from workshop.domain.text import name_key
from workshop.export.palette import CATEGORY_COLOURS
from workshop.ui.session import WorkshopSession

#: Header lines are wrapped at about this many characters, so that a column stays narrow and readable.
HEADER_WRAP = 10
#: Dots are drawn this much larger than the app's text.
DOTS_SCALE = 1.3


def compact_money(value: float, currency: str) -> str:
    """An amount read from the back of the room: "850 EUR", "12.5k EUR", "120k EUR", "1.2M EUR"."""
    locale, value = QLocale(), float(value)
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            scaled = value / limit
            return f"{locale.toString(scaled, 'f', 1 if abs(scaled) < 100 else 0)}{suffix} {currency}"
    return f"{locale.toString(value, 'f', 0)} {currency}"


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, HEADER_WRAP, break_long_words=False, break_on_hyphens=False) or [text]


@dataclass(frozen=True, slots=True)
class VotingColumn:
    """One column of the grid: a participant, a department (the split tally) or a summary."""

    kind: str  # VotingModel.PARTICIPANT, DEPARTMENT, TOTAL, EV or RANK
    key: str = ""  # the folded participant or department name
    name: str = ""
    department: str = ""
    row_id: int | None = None  # the participant's row id
    members: tuple[str, ...] = ()  # the folded names of a department's participants

    @property
    def identity(self) -> tuple[str, Any]:
        return (self.kind, self.row_id if self.row_id is not None else self.key)


class VotingColumns(QAbstractTableModel):
    """The base of VotingModel: the kinds of column, whether a column shows its values now, and the text, tips
    and fonts of cells and headers; VotingModel keeps the tally these read, loads and edits it."""

    PARTICIPANT, DEPARTMENT, TOTAL, EV, RANK = "participant", "department", "total", "ev", "rank"
    SUMMARY = (TOTAL, EV, RANK)

    # The tally, as VotingModel loads it.
    session: WorkshopSession
    _hidden: bool
    _entering: int | None
    _rows: list[tuple[int, Any]]
    _columns: list[VotingColumn]
    _spent: Counter[str]
    _budget: int

    def remaining(self, participant: str) -> int:
        """Outcome dots a participant still has: the budget minus what they placed."""
        return self._budget - self._spent[name_key(participant)]

    def shows(self, column: int) -> bool:
        """Whether a column shows its values now (hidden: only the entered participant and the values)."""
        if not self._hidden:
            return True
        c = self._columns[column]
        return c.kind == self.EV or (c.kind == self.PARTICIPANT and c.row_id == self._entering)

    @staticmethod
    def _dots_font(*, bold: bool) -> QFont:
        """Dots a size larger than the text, so the room reads them from the back."""
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(font.pointSizeF() * DOTS_SCALE)
        font.setBold(bold)
        return font

    def _display(self, column: VotingColumn, value: Any) -> str:
        if column.kind == self.EV:
            return self.tr("no value") if value is None else compact_money(value, self.session.workshop.currency)
        if column.kind in (self.PARTICIPANT, self.DEPARTMENT):
            return str(value) if value else ""
        return "" if value is None else str(value)

    def _row_label(self, row: int) -> str:
        """What a cell's tooltip calls its row: the outcome's key (a channel's name in the channel dots)."""
        return str(self._rows[row][1].key)

    def _tooltip(self, row: int, column: VotingColumn, value: Any) -> str:
        key = self._row_label(row)
        if column.kind in (self.PARTICIPANT, self.DEPARTMENT):
            return self.tr("%1 on %2: %3 dots").replace("%1", column.name).replace("%2", key).replace("%3", str(value))
        return self._summary_tooltip(key, column.kind, value)

    def _summary_tooltip(self, key: str, kind: str, value: Any) -> str:
        if kind == self.TOTAL:
            return self.tr("%1: %2 outcome dots in all").replace("%1", key).replace("%2", str(value))
        if kind == self.EV:
            if value is None:
                return self.tr("%1 has no value yet (counts as 0 in the priority)").replace("%1", key)
            return self.tr("Expected value of %1: %2 %3").replace("%1", key).replace(
                "%2", f"{value:,.0f}").replace("%3", self.session.workshop.currency)  # fmt: skip
        return self.tr("Priority %1 of %2: by outcome dots, then expected value, then the room's order").replace(
            "%1", str(value)).replace("%2", str(len(self._rows)))  # fmt: skip

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role) if 0 <= section < len(self._rows) else None
        if not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column, tip = self._columns[section], role == Qt.ItemDataRole.ToolTipRole
        if column.kind in self.SUMMARY:
            return self._summary_header(column.kind, tip=tip)
        if column.kind == self.DEPARTMENT:
            count = len(column.members)
            people = self.tr("1 person") if count == 1 else self.tr("%1 people").replace("%1", str(count))
            return f"{column.name}: {people}" if tip else "\n".join([*_lines(column.name), people])
        left = self.remaining(column.name)
        shown = self.shows(section)
        if tip:
            text = f"{column.name} ({column.department})" if column.department else column.name
            if shown:
                text += " — " + self.tr("%1 of %2 dots left").replace("%1", str(left)).replace("%2", str(self._budget))
            return text
        lines = [*_lines(column.name), *(_lines(column.department) if column.department else [])]
        return "\n".join([*lines, self.tr("%1 left").replace("%1", str(left))] if shown else lines)

    def _summary_header(self, kind: str, *, tip: bool) -> str:
        if kind == self.TOTAL:
            return self.tr("Outcome dots in all") if tip else self.tr("Total")
        if kind == self.EV:
            return self.tr("Expected value: annual value × confidence") if tip else self.tr("Value")
        return self.tr("Priority by dots, then expected value") if tip else self.tr("Rank")

    def _row_header(self, row: int, role: int) -> Any:
        outcome = self._rows[row][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{outcome.key}  {outcome.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            category = outcome.category.value.replace("_", " ")
            return f"{outcome.key}: {outcome.title} ({category})"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(CATEGORY_COLOURS[outcome.category])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

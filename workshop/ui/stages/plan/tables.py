"""The plan's read-only tables as Qt models: the return per outcome with the total, and who carries the work.

Where a figure is undefined the cell says why ("no value yet", "no cost yet"); the overloaded stand out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from workshop.domain.plan_report import plan_workload, return_rows, total_return_row
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.plan.actions_model import money

Index = QModelIndex | QPersistentModelIndex
OVERLOADED_BACKGROUND = "#F7D4CF"


class RowsModel(QAbstractTableModel):
    """Rows of cells worked out by ``load``: ``(text, raw value for sorting)`` per column; redrawn on refresh."""

    HEADERS: Sequence[str] = ()
    #: Columns of numbers, right-aligned.
    NUMBERS: frozenset[int] = frozenset()

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[list[tuple[str, Any]]] = []
        self._marked: set[int] = set()
        self._bold: set[int] = set()
        self._analysis: object | None = None

    def load(self) -> tuple[list[list[tuple[str, Any]]], set[int], set[int]]:
        """(rows, rows that stand out, rows in bold)."""
        raise NotImplementedError

    def refresh(self) -> None:
        if self._analysis is self.session.analysis:
            return
        self._analysis = self.session.analysis
        rows, marked, bold = self.load()
        if len(rows) != len(self._rows):
            self.beginResetModel()
            self._rows, self._marked, self._bold = rows, marked, bold
            self.endResetModel()
            return
        self._rows, self._marked, self._bold = rows, marked, bold
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1))

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text, raw = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == SORT_ROLE:
            return raw
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if index.column() in self.NUMBERS else Qt.AlignmentFlag.AlignLeft
            return side | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self._marked:
            return QBrush(QColor(OVERLOADED_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self._marked:
            return QBrush(QColor("#1A1A1A"))
        if role == Qt.ItemDataRole.FontRole and index.row() in self._bold:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ReturnModel(RowsModel):
    """Per outcome in the room's order, then the plan as a whole: cost, expected value, ROI, payback."""

    HEADERS = ("Outcome", "Cost", "Expected value", "ROI", "Payback", "Note")
    NUMBERS = frozenset({1, 2, 3, 4})

    def _months(self, months: float | None) -> str:
        return "n/a" if months is None else self.tr("%1 months").replace("%1", f"{months:.1f}")

    def load(self) -> tuple[list[list[tuple[str, Any]]], set[int], set[int]]:
        analysis = self.session.analysis
        currency = analysis.workshop.currency
        rows = [*return_rows(analysis), total_return_row(analysis)]

        def cells(r: Any, label: str) -> list[tuple[str, Any]]:
            return [
                (label, label),
                (money(r.cost, currency), r.cost),
                ("n/a" if r.expected_value is None else money(r.expected_value, currency), r.expected_value),
                ("n/a" if r.roi is None else f"{100 * r.roi:.0f}%", r.roi),
                (self._months(r.payback_months), r.payback_months),
                (r.why or "", r.why or ""),
            ]

        out = [cells(r, f"{r.key}  {r.title}") for r in rows[:-1]]
        out.append(cells(rows[-1], self.tr("The whole plan")))
        return out, set(), {len(out) - 1}


class WorkloadModel(RowsModel):
    """Every participant in the room's order: actions, effort, cost, and R and A roles against the limit."""

    HEADERS = ("Participant", "Department", "Actions", "Days", "Cost", "R or A on")
    NUMBERS = frozenset({2, 3, 4, 5})

    def load(self) -> tuple[list[list[tuple[str, Any]]], set[int], set[int]]:
        ws = self.session.workshop
        rows = plan_workload(ws)
        departments = {p.name: p.department for p in ws.participants}
        out, marked = [], set()
        for i, r in enumerate(rows):
            department = departments.get(r.participant) or ""
            ra = self.tr("%1 of %2 (over the limit)") if r.overloaded else self.tr("%1 of %2")
            out.append([
                (r.participant, r.participant),
                (department, department),
                (str(r.actions), r.actions),
                (f"{r.effort_days:g}", r.effort_days),
                (money(r.cost, ws.currency) if r.cost else "", r.cost),
                (ra.replace("%1", str(r.responsible_or_accountable)).replace("%2", str(r.limit)),
                 r.responsible_or_accountable),
            ])  # fmt: skip
            if r.overloaded:
                marked.add(i)
        return out, marked, set()

"""Who carries the outcomes: each participant's R and A roles against the overload limit, at a glance, from the
domain's workload report (the plan stage adds the actions to the same report)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from workshop.domain.enums import RaciRole, Severity
from workshop.domain.reports import workload_report
from workshop.domain.text import name_key
from workshop.export.palette import RACI_COLOURS, SEVERITY_TEXT_COLOURS
from workshop.ui.item_list import size_rows
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession

Index = QModelIndex | QPersistentModelIndex
#: A load bar's value and scale: (R and A roles, the overload limit, the longest bar's count).
BAR_ROLE = Qt.ItemDataRole.UserRole + 20


class WorkloadModel(QAbstractTableModel):
    """One row per participant in the room's order: department, R, A, R or A against the limit, a bar."""

    COL_NAME, COL_DEPARTMENT, COL_R, COL_A, COL_LOAD, COL_BAR = range(6)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[dict[str, Any]] = []
        self._shown: object | None = None
        self.refresh()

    def refresh(self) -> None:
        if self._shown is self.session.loaded:
            return
        self._shown = self.session.loaded
        self.beginResetModel()
        self._rows = workload_report(self.session.workshop)
        self.endResetModel()

    def row_of(self, participant: str) -> int | None:
        key = name_key(participant)
        return next((i for i, r in enumerate(self._rows) if name_key(r["participant"]) == key), None)

    def overloaded(self) -> list[str]:
        return [r["participant"] for r in self._rows if r["overloaded"]]

    def headers(self) -> list[str]:
        return [self.tr("Participant"), self.tr("Department"), "R", "A", self.tr("R or A"), self.tr("Load")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        limit = row["limit"]
        values = [row["participant"], row["department"] or "", row["r"], row["a"], row["ra"], row["ra"]]
        if role == SORT_ROLE:
            return values[col].casefold() if isinstance(values[col], str) else values[col]
        if role == BAR_ROLE and col == self.COL_BAR:
            return (row["r"], row["a"], row["ra"], limit, max([limit, *(r["ra"] for r in self._rows)], default=1))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_LOAD:
                return f"{row['ra']} / {limit}"
            if col == self.COL_BAR:
                return self.tr("over the limit") if row["overloaded"] else ""
            return str(values[col])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_R, self.COL_A, self.COL_LOAD):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and row["overloaded"] and col in (self.COL_NAME, self.COL_LOAD):
            return QColor(SEVERITY_TEXT_COLOURS[Severity.WARNING])
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_NAME, self.COL_LOAD) and row["overloaded"]:
            font = QFont(QGuiApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("%1 is R on %2 and A on %3 outcomes: R or A on %4 (limit %5)").replace(
                "%1", row["participant"]).replace("%2", str(row["r"])).replace("%3", str(row["a"])).replace(
                "%4", str(row["ra"])).replace("%5", str(limit))  # fmt: skip
        return None


class LoadBarDelegate(QStyledItemDelegate):
    """The R and A roles as a bar in their role colours, the limit as a line across: over it reads at once."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        bar = index.data(BAR_ROLE)
        if bar is None:
            super().paint(painter, option, index)
            return
        _r_count, a_count, ra, limit, longest = bar
        rect: QRect = option.rect  # type: ignore[attr-defined]
        area = rect.adjusted(8, rect.height() // 4, -8, -rect.height() // 4)
        scale = area.width() / max(1, longest)
        painter.save()
        painter.fillRect(area, QColor("#EEEEEE"))
        # R and A roles may be on the same outcome only once each; the bar shows R-or-A outcomes split by role.
        a_part = min(a_count, ra)
        painter.fillRect(QRect(area.left(), area.top(), int(a_part * scale), area.height()),
                         QColor(RACI_COLOURS[RaciRole.A]))  # fmt: skip
        painter.fillRect(QRect(area.left() + int(a_part * scale), area.top(), int((ra - a_part) * scale),
                               area.height()), QColor(RACI_COLOURS[RaciRole.R]))  # fmt: skip
        x = area.left() + int(limit * scale)
        painter.setPen(QPen(QColor("#1A1A1A"), 3))
        painter.drawLine(x, rect.top() + 3, x, rect.bottom() - 3)
        if ra > limit:
            painter.setPen(QColor(SEVERITY_TEXT_COLOURS[Severity.WARNING]))
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(area.adjusted(0, 0, -4, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             "▲")  # fmt: skip
        painter.restore()


def workload_table(model: WorkloadModel) -> QTableView:
    view = QTableView()
    view.setObjectName("workloadTable")
    view.setModel(model)
    view.setItemDelegateForColumn(WorkloadModel.COL_BAR, LoadBarDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    for col in range(WorkloadModel.COL_BAR):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(WorkloadModel.COL_BAR, QHeaderView.ResizeMode.Stretch)
    size_rows(view)
    return view

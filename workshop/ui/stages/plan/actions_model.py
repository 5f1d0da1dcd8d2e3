"""The action plan as a Qt table model, and the filters of the stage (owner, department, outcome, status, overdue
only): the table-model pattern of ``workshop/ui/models.py``, each cell edit one service edit.

Overdue (due before today, not done) and blocked actions stand out; the origin reads in plain words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from workshop.domain.entities import Action
from workshop.domain.enums import ActionStatus
from workshop.domain.plan_report import origin_words
from workshop.domain.text import name_key
from workshop.domain.validation import EFFORT_DAYS_MAX, MONEY_MAX
from workshop.ui.models import ROW_ID_ROLE, SORT_ROLE, ItemTableModel
from workshop.ui.session import WorkshopSession

Index = QModelIndex | QPersistentModelIndex

#: The library tables the plan shows.
SHOWN_TABLES = frozenset({"action", "outcome", "channel", "participant", "department", "workshop", "dismissed_origin"})
STATUS_TEXT = {ActionStatus.TODO: "To do", ActionStatus.DOING: "Doing", ActionStatus.DONE: "Done",
               ActionStatus.BLOCKED: "Blocked"}  # fmt: skip
OVERDUE_BACKGROUND, BLOCKED_BACKGROUND = "#F7D4CF", "#FCEBC7"
NO_OWNER = "\u2014"  # how "nobody" reads in a cell


def is_overdue(action: Action, today: dt.date) -> bool:
    """Due before today and not done (METHOD.md's plan checks read it the same way)."""
    return action.due is not None and action.due < today and action.status is not ActionStatus.DONE


def money(value: float, currency: str) -> str:
    """Whole amounts without cents (an expected value of 79,999.9999999 reads 80,000)."""
    whole = abs(value - round(value)) < 0.005
    return f"{value:,.0f} {currency}" if whole else f"{value:,.2f} {currency}"


class ActionTableModel(ItemTableModel):
    """The workshop's actions in their order: title, outcome, channel, owner, due, cost, effort, status, origin."""

    kind = "action"
    COL_TITLE, COL_OUTCOME, COL_CHANNEL, COL_OWNER, COL_DUE, COL_COST, COL_EFFORT, COL_STATUS, COL_ORIGIN = range(9)
    NUMERIC_COLUMNS = frozenset({COL_COST, COL_EFFORT})

    def __init__(
        self, session: WorkshopSession, parent: QObject | None = None, *, today: dt.date | None = None
    ) -> None:
        self.today = today or dt.date.today()
        super().__init__(session, parent)

    def headers(self) -> list[str]:
        return [self.tr("Action"), self.tr("Outcome"), self.tr("Channel"), self.tr("Owner"), self.tr("Due"),
                self.tr("Cost"), self.tr("Days"), self.tr("Status"), self.tr("From")]  # fmt: skip

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 9  # asked for thousands of times a repaint: not worth building the headers

    def items(self) -> list[Action]:
        return list(self.session.workshop.actions)

    def row_items(self) -> list[tuple[int, Any]]:
        """Actions by row id, in the workshop's order: titles may repeat, so they name nothing."""
        return list(zip(self.session.loaded.action_ids, self.session.workshop.actions, strict=True))

    def action(self, row: int) -> Action:
        return self._rows[row][1]  # type: ignore[no-any-return]

    # -- cells ------------------------------------------------------------------

    def value(self, item: Action, column: int) -> Any:
        return [item.title, item.outcome, item.channel, item.owner, item.due, item.cost, item.effort_days,
                item.status.value, item.origin][column]  # fmt: skip

    def display(self, item: Action, column: int) -> str:
        if column == self.COL_OWNER:
            return item.owner or NO_OWNER
        if column == self.COL_DUE:
            if item.due is None:
                return ""
            return item.due.isoformat()  # overdue: the row is red and the date bold, the tip says so
        if column == self.COL_COST:
            return money(item.cost, self.session.workshop.currency) if item.cost else ""
        if column == self.COL_EFFORT:
            return f"{item.effort_days:g}" if item.effort_days else ""
        if column == self.COL_STATUS:
            return self.tr(STATUS_TEXT[item.status])
        if column == self.COL_ORIGIN:
            return origin_words(item.origin)
        return super().display(item, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_ORIGIN:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item: Action = self._rows[index.row()][1]
        if role == Qt.ItemDataRole.BackgroundRole:
            if is_overdue(item, self.today):
                return QBrush(QColor(OVERDUE_BACKGROUND))
            if item.status is ActionStatus.BLOCKED:
                return QBrush(QColor(BLOCKED_BACKGROUND))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and (is_overdue(item, self.today)
                                                       or item.status is ActionStatus.BLOCKED):  # fmt: skip
            return QBrush(QColor("#1A1A1A"))
        if role == Qt.ItemDataRole.FontRole and index.column() == self.COL_DUE and is_overdue(item, self.today):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_ORIGIN:
            return item.origin
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_DUE and is_overdue(item, self.today):
            return self.tr("Overdue: due %1, not done").replace("%1", item.due.isoformat() if item.due else "")
        if role == SORT_ROLE and index.column() == self.COL_DUE:
            return item.due or dt.date.max
        return super().data(index, role)

    # -- edits ------------------------------------------------------------------

    def fields_for(self, item: Action, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_TITLE:
            text = str(value or "").strip()
            if not text:
                self.session.refused.emit(self.tr("An action needs a title."))
                return None
            return {} if text == item.title else {"title": text}
        if column in (self.COL_OUTCOME, self.COL_CHANNEL, self.COL_OWNER):
            kind, field, current = {
                self.COL_OUTCOME: ("outcome", "outcome_id", item.outcome),
                self.COL_CHANNEL: ("channel", "channel_id", item.channel),
                self.COL_OWNER: ("participant", "owner_id", item.owner),
            }[column]
            name = str(value or "").strip()
            if name_key(name) == name_key(current or ""):
                return {}
            if not name:
                return {field: None}
            try:
                return {field: self.session.id_of(kind, name)}
            except KeyError:
                self.session.refused.emit(self.tr("There is no %1 named “%2”.").replace("%1", kind).replace("%2", name))
                return None
        if column == self.COL_DUE:
            due = value if isinstance(value, dt.date) or value is None else None
            return {} if due == item.due else {"due": due}
        if column in (self.COL_COST, self.COL_EFFORT):
            field, limit = ("cost", MONEY_MAX) if column == self.COL_COST else ("effort_days", EFFORT_DAYS_MAX)
            try:
                number = float(value or 0)
            except (TypeError, ValueError):
                return None
            if not 0 <= number <= limit:
                return None
            return {} if number == getattr(item, field) else {field: number}
        if column == self.COL_STATUS:
            status = str(value or "")
            return {} if status == item.status.value else {"status": status}
        return None


class ActionFilter(QSortFilterProxyModel):
    """Owner, department (the owner's), outcome, status and overdue only; "" lets everything through."""

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.owner = self.department = self.outcome = self.status = ""
        self.overdue_only = False
        self._departments: dict[str, str] = {}
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, owner: str = "", department: str = "", outcome: str = "", status: str = "",
                    overdue_only: bool = False) -> None:  # fmt: skip
        self.beginFilterChange()
        self.owner, self.department, self.outcome = name_key(owner), name_key(department), name_key(outcome)
        self.status, self.overdue_only = status, overdue_only
        self._departments = {name_key(p.name): name_key(p.department or "") for p in self.session.workshop.participants}
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def active(self) -> bool:
        return bool(self.owner or self.department or self.outcome or self.status or self.overdue_only)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ActionTableModel) or not self.active():
            return True
        a = model.action(source_row)
        if self.owner and name_key(a.owner or "") != self.owner:
            return False
        if self.department and self._departments.get(name_key(a.owner or "")) != self.department:
            return False
        if self.outcome and name_key(a.outcome or "") != self.outcome:
            return False
        if self.status and a.status.value != self.status:
            return False
        return not (self.overdue_only and not is_overdue(a, model.today))

    def row_ids(self, rows: list[int]) -> list[int]:
        """The action ids of proxy rows."""
        return [int(self.index(r, 0).data(ROW_ID_ROLE)) for r in rows]

"""Table models of the workshop's lists, Vorta-style: one per list, ``COL_*`` constants, raw sort values.

A model never changes data itself: ``setData`` asks the session to apply one undoable service edit,
and the rows are rebuilt from the session on ``refresh`` (after any edit, undo or redo).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from workshop.domain.entities import Department, Participant, Stakeholder, Workshop
from workshop.domain.enums import STAGE_TITLES, DepartmentFunction, Stage
from workshop.domain.text import name_key
from workshop.services.workshops import Edit
from workshop.ui.session import WorkshopSession

#: The raw value of a cell (casefolded text, numbers as numbers), for a sort proxy.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row id of the item (the agenda gives the stage id), so views select by identity, not position.
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2

#: A simple check that an address looks like one; the service does not validate email.
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_EMAIL = re.compile(rf"^{EMAIL_PATTERN}$")

Index = QModelIndex | QPersistentModelIndex


def function_label(function: DepartmentFunction) -> str:
    """How a department function reads in the room ("IT", "HR", "Marketing")."""
    labels = {
        DepartmentFunction.IT: QCoreApplication.translate("DepartmentFunction", "IT"),
        DepartmentFunction.HR: QCoreApplication.translate("DepartmentFunction", "HR"),
    }
    return labels.get(function) or QCoreApplication.translate("DepartmentFunction", function.value.capitalize())


def duration_text(minutes: int) -> str:
    """Minutes as a facilitator says them: "45 min", "2 h", "4 h 30 min"."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return QCoreApplication.translate("Agenda", "%1 min").replace("%1", str(rest))
    if not rest:
        return QCoreApplication.translate("Agenda", "%1 h").replace("%1", str(hours))
    return QCoreApplication.translate("Agenda", "%1 h %2 min").replace("%1", str(hours)).replace("%2", str(rest))


def participants_by_department(ws: Workshop) -> list[Participant]:
    """The participants grouped by department in the departments' order (the room's order within each), those
    without a department last: the columns of the voting grid and of the RACI matrix."""
    order = {name_key(d.name): i for i, d in enumerate(ws.departments)}
    return sorted(ws.participants, key=lambda p: order.get(name_key(p.department or ""), len(order)))


class ItemTableModel(QAbstractTableModel):
    """An ordered list of named items of one kind; subclasses say what each column shows and edits."""

    kind: ClassVar[str]
    #: The attribute that names an item among its kind (an outcome is named by its key).
    name_attr: ClassVar[str] = "name"
    NUMERIC_COLUMNS: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[tuple[int, Any]] = []
        self.refresh()

    # -- what subclasses define -------------------------------------------------

    def headers(self) -> list[str]:
        raise NotImplementedError

    def items(self) -> list[Any]:
        raise NotImplementedError

    def value(self, item: Any, column: int) -> Any:
        """The raw value of a cell (what the editor starts from)."""
        raise NotImplementedError

    def display(self, item: Any, column: int) -> str:
        value = self.value(item, column)
        return "" if value is None else str(value)

    def fields_for(self, item: Any, column: int, value: Any) -> dict[str, Any] | None:
        """The service fields an edit of a cell changes: {} when unchanged, None when refused here."""
        raise NotImplementedError

    def add_edit(self, text: str, **fields: Any) -> Callable[[], Edit]:
        """The service call that adds an item from the fast-entry line's text."""
        service, wid, kind = self.session.service, self.session.workshop_id, self.kind
        return lambda: service.add(kind, wid, name=text, **fields)

    # -- the rows ---------------------------------------------------------------

    def row_items(self) -> list[tuple[int, Any]]:
        """(row id, item) of each row, the items found by name."""
        return [(self.session.id_of(self.kind, getattr(item, self.name_attr)), item) for item in self.items()]

    def refresh(self) -> bool:
        """Rebuild from the session; True when rows came or went (the view's selection was reset)."""
        rows = self.row_items()
        if [r[0] for r in rows] == [r[0] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return False
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return True

    def row_id(self, row: int) -> int | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def item(self, row: int) -> Any:
        return self._rows[row][1]

    def row_of_id(self, row_id: int) -> int | None:
        return next((i for i, (rid, _item) in enumerate(self._rows) if rid == row_id), None)

    def row_of_name(self, name: str) -> int | None:
        key = name_key(name)
        return next(
            (i for i, (_rid, item) in enumerate(self._rows) if name_key(getattr(item, self.name_attr)) == key), None
        )

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self.session.read_only else flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row_id, item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.value(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(item, column) or None
        if role == SORT_ROLE:
            value = self.value(item, column)
            return value.casefold() if isinstance(value, str) else ("" if value is None else value)
        if role == ROW_ID_ROLE:
            return row_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC_COLUMNS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row_id, item = self._rows[index.row()]
        fields = self.fields_for(item, index.column(), value)
        if fields is None:
            return False
        if not fields:
            return True
        service, kind = self.session.service, self.kind
        return self.session.apply(lambda: service.update(kind, row_id, **fields)) is not None

    # -- helpers for subclasses -------------------------------------------------

    def _text_field(self, field: str, current: str | None, value: Any) -> dict[str, Any]:
        text = str(value or "").strip()
        return {} if text == (current or "") else {field: text}

    def _department_field(self, current: str | None, value: Any) -> dict[str, Any] | None:
        name = str(value or "").strip()
        if name_key(name) == name_key(current or ""):
            return {}
        if not name:
            return {"department_id": None}
        try:
            return {"department_id": self.session.id_of("department", name)}
        except KeyError:
            self.session.refused.emit(self.tr("There is no department named “%1”.").replace("%1", name))
            return None

    def _score_field(self, field: str, current: int, value: Any) -> dict[str, Any]:
        number = int(value)
        return {} if number == current else {field: number}


class DepartmentTableModel(ItemTableModel):
    """The departments in the room's order: name and function (which lens they bring)."""

    kind = "department"
    COL_NAME, COL_FUNCTION = range(2)

    def headers(self) -> list[str]:
        return [self.tr("Department"), self.tr("Function")]

    def items(self) -> list[Department]:
        return list(self.session.workshop.departments)

    def value(self, item: Department, column: int) -> Any:
        return item.name if column == self.COL_NAME else item.function.value

    def display(self, item: Department, column: int) -> str:
        return item.name if column == self.COL_NAME else function_label(item.function)

    def fields_for(self, item: Department, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_NAME:
            return self._text_field("name", item.name, value)
        return {} if value == item.function.value else {"function": value}


class ParticipantTableModel(ItemTableModel):
    """The people in the room: who they are, where they sit, how much power and interest they hold."""

    kind = "participant"
    COL_NAME, COL_DEPARTMENT, COL_ROLE, COL_EMAIL, COL_POWER, COL_INTEREST = range(6)
    NUMERIC_COLUMNS = frozenset({COL_POWER, COL_INTEREST})

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Department"),
            self.tr("Role"),
            self.tr("Email"),
            self.tr("Power"),
            self.tr("Interest"),
        ]

    def items(self) -> list[Participant]:
        return list(self.session.workshop.participants)

    def value(self, item: Participant, column: int) -> Any:
        if column == self.COL_DEPARTMENT:
            return item.department or ""
        if column == self.COL_EMAIL:
            return item.email or ""
        names = {self.COL_NAME: "name", self.COL_ROLE: "role", self.COL_POWER: "power", self.COL_INTEREST: "interest"}
        return getattr(item, names[column])

    def fields_for(self, item: Participant, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_NAME:
            return self._text_field("name", item.name, value)
        if column == self.COL_DEPARTMENT:
            return self._department_field(item.department, value)
        if column == self.COL_ROLE:
            return self._text_field("role", item.role, value)
        if column == self.COL_EMAIL:
            email = str(value or "").strip()
            if email and not _EMAIL.match(email):
                message = self.tr("Email must look like name@example.org (you entered “%1”).").replace("%1", email)
                self.session.refused.emit(message)
                return None
            return {} if email == (item.email or "") else {"email": email or None}
        field = "power" if column == self.COL_POWER else "interest"
        return self._score_field(field, getattr(item, field), value)


class StakeholderTableModel(ItemTableModel):
    """People who matter but are not in the room (a board member, a key partner)."""

    kind = "stakeholder"
    COL_NAME, COL_ROLE, COL_DEPARTMENT, COL_POWER, COL_INTEREST = range(5)
    NUMERIC_COLUMNS = frozenset({COL_POWER, COL_INTEREST})

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Role"), self.tr("Department"), self.tr("Power"), self.tr("Interest")]

    def items(self) -> list[Stakeholder]:
        return list(self.session.workshop.stakeholders)

    def value(self, item: Stakeholder, column: int) -> Any:
        if column == self.COL_DEPARTMENT:
            return item.department or ""
        names = {self.COL_NAME: "name", self.COL_ROLE: "role", self.COL_POWER: "power", self.COL_INTEREST: "interest"}
        return getattr(item, names[column])

    def fields_for(self, item: Stakeholder, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_NAME:
            return self._text_field("name", item.name, value)
        if column == self.COL_ROLE:
            return self._text_field("role", item.role, value)
        if column == self.COL_DEPARTMENT:
            return self._department_field(item.department, value)
        field = "power" if column == self.COL_POWER else "interest"
        return self._score_field(field, getattr(item, field), value)


class AgendaTableModel(QAbstractTableModel):
    """Minutes planned for each of the seven stages; a stage without an agenda item shows blank."""

    COL_STAGE, COL_MINUTES = range(2)
    NUMERIC_COLUMNS = frozenset({COL_MINUTES})

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stages = list(Stage)
        self._minutes: list[int | None] = [None] * len(self.stages)
        self.refresh()

    def refresh(self) -> bool:
        planned = {item.stage: item.minutes for item in self.session.workshop.agenda}
        self._minutes = [planned.get(stage) for stage in self.stages]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.stages) - 1, self.columnCount() - 1))
        return False

    def minutes(self, row: int) -> int | None:
        return self._minutes[row]

    def total_minutes(self) -> int:
        return sum(m or 0 for m in self._minutes)

    def total_text(self) -> str:
        return self.tr("Total: %1").replace("%1", duration_text(self.total_minutes()))

    def row_of_stage(self, stage: Stage) -> int:
        return self.stages.index(stage)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.stages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return [self.tr("Stage"), self.tr("Time")][section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = index.column() == self.COL_MINUTES and not self.session.read_only
        return flags | Qt.ItemFlag.ItemIsEditable if editable else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        stage, minutes = self.stages[index.row()], self._minutes[index.row()]
        if index.column() == self.COL_STAGE:
            values: dict[int, Any] = {
                Qt.ItemDataRole.DisplayRole: STAGE_TITLES[stage],
                Qt.ItemDataRole.EditRole: STAGE_TITLES[stage],
                SORT_ROLE: self.stages.index(stage),
            }
        else:
            values = {
                Qt.ItemDataRole.DisplayRole: "" if minutes is None else duration_text(minutes),
                Qt.ItemDataRole.EditRole: minutes or 0,
                SORT_ROLE: -1 if minutes is None else minutes,
                Qt.ItemDataRole.TextAlignmentRole: Qt.AlignmentFlag.AlignCenter,
            }
        if role == ROW_ID_ROLE:
            return stage.value
        return values.get(role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.COL_MINUTES:
            return False
        return self.set_minutes(index.row(), None if value is None else int(value))

    def set_minutes(self, row: int, minutes: int | None) -> bool:
        """Plan a stage's minutes (None takes the stage off the agenda); one undoable edit."""
        if minutes == self._minutes[row]:
            return True
        service, wid, stage = self.session.service, self.session.workshop_id, self.stages[row].value
        return self.session.apply(lambda: service.set_agenda(wid, stage, minutes)) is not None

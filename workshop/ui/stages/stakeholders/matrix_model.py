"""The RACI matrix as one Qt table model: outcomes by participants (or by departments), with its summaries
and the stakeholder checks marked on the row, column or cell they name.

No widget per cell: the view paints from the roles this model gives (``ROLE_ROLE``, ``MARK_ROLE``). An edit
asks the session to apply one service call; a block of cells is one ``set_raci_cells`` edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from workshop.domain.checks import CheckResult
from workshop.domain.entities import Outcome, Workshop
from workshop.domain.enums import DepartmentFunction, RaciRole, Stage
from workshop.domain.formulas import annual_value
from workshop.domain.refs import RefKind
from workshop.domain.stakeholders import NO_DEPARTMENT, department_rollup
from workshop.domain.text import name_key
from workshop.ui.models import ROW_ID_ROLE, participants_by_department
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.stages.stakeholders.matrix_words import (
    BAND_ROLE,
    CYCLE,
    LOAD_ROLE,
    MARK_ROLE,
    PAINT_ROLE,
    ROLE_FILLS,
    ROLE_INKS,
    ROLE_NAMES,
    ROLE_ROLE,
    SHOWN_TABLES,
    MatrixColumn,
    RaciMatrixWords,
)

__all__ = [
    "BAND_ROLE", "CYCLE", "LOAD_ROLE", "MARK_ROLE", "PAINT_ROLE", "ROLE_NAMES", "ROLE_ROLE", "SHOWN_TABLES",
    "MatrixColumn", "RaciMatrixModel",
]  # fmt: skip

Index = QModelIndex | QPersistentModelIndex


_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RaciMatrixModel(RaciMatrixWords):
    """Rows: outcomes in the room's order. Columns: participants grouped in department order (or, in the
    department view, departments), then R, A, departments involved and finance. A cell is a RACI role."""

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._by_department = False
        self._shown: object | None = None
        self._outcomes: list[tuple[int, Outcome]] = []
        self._columns: list[MatrixColumn] = []
        self._cells: list[list[RaciRole | None]] = []
        self._holders: list[list[int]] = []  # department view: how many of its people hold a role
        self._fold: dict[str, str] = {}  # each name folded once, not once per cell and refresh
        #: Per outcome key, what its row was built from and what it showed: an edit rebuilds only the rows it changed.
        self._rows_seen: dict[str, tuple[dict[str, RaciRole], bool, list[RaciRole | None], tuple[Any, ...]]] = {}
        self._layout: tuple[Any, ...] = ()
        self._summary: list[tuple[int, int, int, bool | None]] = []  # per row: R, A, departments, finance
        self._load: dict[str, int] = {}  # participant key -> outcomes where R or A
        self._bands: dict[str, tuple[str, int, int]] = {}  # department key -> (name, first, last column)
        self._row_checks: dict[str, list[CheckResult]] = {}
        self._column_checks: dict[str, list[CheckResult]] = {}
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- state ------------------------------------------------------------------

    @property
    def by_department(self) -> bool:
        return self._by_department

    def set_by_department(self, on: bool) -> None:
        if on != self._by_department:
            self.beginResetModel()
            self._by_department = on
            self._load_from(self.session.workshop)
            self.endResetModel()

    @property
    def data_columns(self) -> int:
        return len(self._columns) - len(self.SUMMARY)

    def column(self, column: int) -> MatrixColumn:
        return self._columns[column]

    def outcome(self, row: int) -> Outcome:
        return self._outcomes[row][1]

    def row_of(self, outcome_key: str) -> int | None:
        key = name_key(outcome_key)
        return next((i for i, (_rid, o) in enumerate(self._outcomes) if name_key(o.key) == key), None)

    def column_of(self, participant: str) -> int | None:
        key = name_key(participant)
        return next((i for i, c in enumerate(self._columns) if c.kind == self.PARTICIPANT and c.key == key), None)

    def columns_of_department(self, department: str) -> list[int]:
        """The department's column (department view) or the columns of its participants."""
        key = name_key(department)
        if self._by_department:
            return [i for i, c in enumerate(self._columns) if c.kind == self.DEPARTMENT and c.key == key]
        return [i for i, c in enumerate(self._columns) if c.kind == self.PARTICIPANT and name_key(c.department) == key]

    def role(self, row: int, column: int) -> RaciRole | None:
        return self._cells[row][column] if column < self.data_columns else None

    def load(self, participant: str) -> int:
        return self._load.get(name_key(participant), 0)

    def is_editable(self, index: Index) -> bool:
        return (
            index.isValid()
            and not self.session.read_only
            and not self._by_department
            and index.column() < self.data_columns
        )

    # -- loading ----------------------------------------------------------------

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def _columns_for(self, ws: Workshop) -> list[MatrixColumn]:
        ids = self.session.loaded.ids.get("participant", {})
        people = [
            MatrixColumn(self.PARTICIPANT, name_key(p.name), p.name, p.department or "", ids[name_key(p.name)])
            for p in participants_by_department(ws)
        ]
        if not self._by_department:
            return people
        groups: dict[str, list[MatrixColumn]] = {}
        for person in people:
            groups.setdefault(name_key(person.department), []).append(person)
        return [
            MatrixColumn(
                self.DEPARTMENT,
                key,
                members[0].department or self.tr(NO_DEPARTMENT),
                members[0].department,
                members=tuple(m.key for m in members),
            )
            for key, members in groups.items()
        ]

    def _load_from(self, ws: Workshop) -> None:
        loaded = self.session.loaded
        self._shown = loaded
        self._outcomes = [(loaded.id_of("outcome", o.key), o) for o in ws.outcomes]
        data = self._columns_for(ws)
        self._columns = [*data, *(MatrixColumn(kind) for kind in self.SUMMARY)]
        fold = self._fold
        department_of = {name_key(p.name): name_key(p.department or "") for p in ws.participants}
        finance = {name_key(d.name) for d in ws.departments if d.function is DepartmentFunction.FINANCE}
        held_by: dict[str, dict[str, RaciRole]] = defaultdict(dict)  # outcome key -> participant key -> role
        load: dict[str, int] = defaultdict(int)
        leads = (RaciRole.R, RaciRole.A)
        for r in ws.raci:
            ok = fold.get(r.outcome) or fold.setdefault(r.outcome, name_key(r.outcome))
            pk = fold.get(r.participant) or fold.setdefault(r.participant, name_key(r.participant))
            held_by[ok][pk] = r.role
            if r.role in leads:
                load[pk] += 1
        self._load = dict(load)
        self._cells, self._holders, self._summary = [], [], []
        rollup = department_rollup(ws) if self._by_department else {}
        layout = (
            self._by_department,
            tuple(c.identity for c in data),
            frozenset(finance),
            tuple(department_of.items()),
        )
        if layout != self._layout:
            self._layout, self._rows_seen = layout, {}
        for _rid, o in self._outcomes:
            ok = name_key(o.key)
            held = held_by.get(ok, {})
            valued = annual_value(o) is not None
            seen = self._rows_seen.get(ok)
            if seen is not None and seen[0] == held and seen[1] == valued and not self._by_department:
                cells, summary = seen[2], seen[3]
            else:
                if self._by_department:
                    holds = [rollup.get((ok, c.key)) for c in data]
                    cells = [h.role if h is not None else None for h in holds]
                else:
                    holds = []
                    cells = [held.get(c.key) for c in data]
                values = list(held.values())
                depts = {
                    department_of[pk] for pk, role in held.items() if role is not RaciRole.I and department_of.get(pk)
                }
                summary = (
                    values.count(RaciRole.R),
                    values.count(RaciRole.A),
                    len(depts),
                    bool(depts & finance) if valued else None,
                )
                if self._by_department:
                    self._holders.append([h.holders if h is not None else 0 for h in holds])
                else:
                    self._rows_seen[ok] = (held, valued, cells, summary)
            self._cells.append(cells)
            self._summary.append(summary)
        self._bands = {}
        for i, c in enumerate(data):
            dk = name_key(c.department)
            name, first, _last = self._bands.get(dk, (c.department or self.tr(NO_DEPARTMENT), i, i))
            self._bands[dk] = (name, first, i)
        self._row_checks, self._column_checks = defaultdict(list), defaultdict(list)
        for check in self.session.checks:
            if check.stage is not Stage.STAKEHOLDERS or check.item.key is None:
                continue
            if check.item.kind is RefKind.OUTCOME:
                self._row_checks[name_key(check.item.key)].append(check)
            else:
                self._column_checks[f"{check.item.kind.value}:{name_key(check.item.key)}"].append(check)

    def refresh(self) -> bool:
        """Redraw from the session; True when rows or columns came or went (the model was reset). A change of
        roles repaints only the cells that changed, the summaries and the headers: selection and scroll stay."""
        if self._shown is self.session.loaded:
            return False
        old_rows, old_columns, old_cells = self._outcomes, self._columns, self._cells
        ws = self.session.workshop
        rows = [self.session.id_of("outcome", o.key) for o in ws.outcomes]
        same = rows == [r for r, _o in old_rows] and [c.identity for c in self._columns_for(ws)] == [
            c.identity for c in old_columns[: len(old_columns) - len(self.SUMMARY)]
        ]
        if not same:
            self.beginResetModel()
            self._load_from(ws)
            self.endResetModel()
            return True
        self._load_from(ws)
        last = len(self._columns) - 1
        for r, (before, after) in enumerate(zip(old_cells, self._cells, strict=True)):
            changed = [c for c, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
            if changed:
                self.dataChanged.emit(self.index(r, changed[0]), self.index(r, changed[-1]))
        if self._outcomes:
            self.dataChanged.emit(self.index(0, self.data_columns), self.index(len(self._outcomes) - 1, last))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._outcomes) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        return False

    # -- editing ----------------------------------------------------------------

    def set_roles(self, cells: Iterable[tuple[int, int]], role: RaciRole | None) -> bool:
        """Set (or, with None, clear) every given (row, column) cell as one undoable edit; False when refused."""
        wanted = []
        for row, column in cells:
            if not self.is_editable(self.index(row, column)) or self._cells[row][column] == role:
                continue
            pid = self._columns[column].row_id
            assert pid is not None
            wanted.append((self._outcomes[row][0], pid, None if role is None else role.value))
        if not wanted:
            return True
        service, wid = self.session.service, self.session.workshop_id
        if len(wanted) == 1:
            (oid, pid, value), = wanted  # fmt: skip
            return self.session.apply(lambda: service.set_raci(oid, pid, value)) is not None
        label = self.tr("Clear %1 RACI cells") if role is None else self.tr("Set %1 RACI cells to %2")
        label = label.replace("%1", str(len(wanted))).replace("%2", role.value if role else "")
        return self.session.apply(lambda: service.set_raci_cells(wid, wanted, label)) is not None

    def cycle(self, row: int, column: int) -> bool:
        """A click: the next role of R, A, C, I, empty."""
        current = self.role(row, column)
        following = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
        return self.set_roles([(row, column)], following)

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._outcomes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags  # asked for every cell painted

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._outcomes):
            return None
        row, col = index.row(), index.column()
        column = self._columns[col]
        if role == ROW_ID_ROLE:
            return self._outcomes[row][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if column.kind in self.SUMMARY:
            if role == Qt.ItemDataRole.DisplayRole:
                value = self._summary_value(row, column.kind)
                if column.kind == self.FINANCE:
                    return "–" if value is None else ("✔" if value else "✖")
                return str(value)
            if role == MARK_ROLE:
                return self._summary_mark(row, column.kind)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._summary_tip(row, column.kind)
            return None
        cell = self._cells[row][col]
        holders = self._holders[row][col] if self._by_department else 0
        if role == ROLE_ROLE:
            return cell
        if role == PAINT_ROLE:  # all a repaint needs of a cell, in one call: it asks for hundreds of cells
            mark = self._cell_mark(row, cell)
            if cell is None:
                return None if mark is None else ("", None, None, mark)
            return (self._cell_text(cell, holders), ROLE_FILLS[cell], ROLE_INKS[cell], mark)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if cell is None else self._cell_text(cell, holders)
        if role == Qt.ItemDataRole.BackgroundRole:
            return ROLE_FILLS[cell] if cell is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return ROLE_INKS[cell] if cell is not None else None
        if role == MARK_ROLE:
            return self._cell_mark(row, cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, column, cell, holders)
        return None

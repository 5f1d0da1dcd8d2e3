"""The RACI matrix as one Qt table model: outcomes by participants (or by departments), with its summaries
and the stakeholder checks marked on the row, column or cell they name.

No widget per cell: the view paints from the roles this model gives (``ROLE_ROLE``, ``MARK_ROLE``). An edit
asks the session to apply one service call; a block of cells is one ``set_raci_cells`` edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workshop.domain.checks import CheckResult
from workshop.domain.entities import Outcome, Workshop
from workshop.domain.enums import DepartmentFunction, RaciRole, Severity, Stage
from workshop.domain.formulas import annual_value
from workshop.domain.refs import RefKind
from workshop.domain.stakeholders import NO_DEPARTMENT, department_rollup
from workshop.domain.text import name_key
from workshop.export.palette import CATEGORY_COLOURS, RACI_COLOURS, text_colour_on
from workshop.ui.models import ROW_ID_ROLE, participants_by_department
from workshop.ui.session import EVERYTHING, WorkshopSession

Index = QModelIndex | QPersistentModelIndex

#: The RaciRole of a cell (None: empty); a department cell gives its strongest role.
ROLE_ROLE = Qt.ItemDataRole.UserRole + 10
#: The severity of the worst check marked on a cell or header (None: nothing to mark).
MARK_ROLE = Qt.ItemDataRole.UserRole + 11
#: What the delegate paints: None for an empty cell, else (text, fill, text colour, the severity marked or None).
PAINT_ROLE = Qt.ItemDataRole.UserRole + 14
#: A header's department band: (department name, first column, last column) of the column's department.
BAND_ROLE = Qt.ItemDataRole.UserRole + 12
#: A participant header's load: (R and A roles, the overload limit).
LOAD_ROLE = Qt.ItemDataRole.UserRole + 13

#: Each role's fill and the text that reads on it, made once (a repaint asks for them for every cell).
_FILLS = {role: QColor(RACI_COLOURS[role]) for role in RaciRole}
_INKS = {role: QColor(text_colour_on(RACI_COLOURS[role])) for role in RaciRole}
#: A click on a cell steps through these.
CYCLE: tuple[RaciRole | None, ...] = (RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I, None)
ROLE_NAMES = {RaciRole.R: "Responsible", RaciRole.A: "Accountable", RaciRole.C: "Consulted", RaciRole.I: "Informed"}
#: The library tables the matrix shows.
SHOWN_TABLES = frozenset({"raci", "outcome", "participant", "department", "workshop"})


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """A participant, a department (the department view), or a summary column."""

    kind: str  # RaciMatrixModel.PARTICIPANT, DEPARTMENT, or a summary kind
    key: str = ""  # the folded participant or department name
    name: str = ""
    department: str = ""  # a participant's department (its name as the room wrote it)
    row_id: int | None = None  # the participant's row id
    members: tuple[str, ...] = ()  # the folded names of a department's participants

    @property
    def identity(self) -> tuple[str, Any]:
        return (self.kind, self.row_id if self.row_id is not None else self.key)


class RaciMatrixModel(QAbstractTableModel):
    """Rows: outcomes in the room's order. Columns: participants grouped in department order (or, in the
    department view, departments), then R, A, departments involved and finance. A cell is a RACI role."""

    PARTICIPANT, DEPARTMENT = "participant", "department"
    R_COUNT, A_COUNT, DEPTS, FINANCE = "r", "a", "depts", "finance"
    SUMMARY = (R_COUNT, A_COUNT, DEPTS, FINANCE)

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

    def checks_on_row(self, row: int) -> list[CheckResult]:
        return self._row_checks.get(name_key(self._outcomes[row][1].key), [])

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

    # -- what cells and headers say ----------------------------------------------

    def _summary_value(self, row: int, kind: str) -> Any:
        r_count, a_count, depts, finance = self._summary[row]
        return {self.R_COUNT: r_count, self.A_COUNT: a_count, self.DEPTS: depts, self.FINANCE: finance}[kind]

    def _summary_mark(self, row: int, kind: str) -> Severity | None:
        codes = {c.code for c in self.checks_on_row(row)}
        wanted = {
            self.R_COUNT: {"E_NO_RESPONSIBLE"},
            self.A_COUNT: {"E_NO_ACCOUNTABLE", "E_MULTI_ACCOUNTABLE"},
            self.DEPTS: {"W_SILO"},
            self.FINANCE: {"W_NO_FINANCE"},
        }[kind]
        hits = codes & wanted
        if not hits:
            return None
        return Severity.ERROR if any(code.startswith("E_") for code in hits) else Severity.WARNING

    def _summary_tip(self, row: int, kind: str) -> str:
        key = self._outcomes[row][1].key
        value = self._summary_value(row, kind)
        tips = {
            self.R_COUNT: self.tr("%1: %2 Responsible").replace("%2", str(value)),
            self.A_COUNT: self.tr("%1: %2 Accountable (exactly one is wanted)").replace("%2", str(value)),
            self.DEPTS: self.tr("%1: %2 department(s) hold R, A or C").replace("%2", str(value)),
            self.FINANCE: (
                self.tr("%1 has no value yet: finance need not stand behind it")
                if value is None
                else self.tr("%1: finance holds R, A or C")
                if value
                else self.tr("%1: finance holds no R, A or C")
            ),
        }
        text = tips[kind].replace("%1", key)
        marks = [c.message for c in self.checks_on_row(row) if _CODE_COLUMN.get(c.code) == kind]
        return "\n".join([text, *marks])

    def _cell_tip(self, row: int, column: MatrixColumn, role: RaciRole | None, holders: int) -> str:
        o = self._outcomes[row][1]
        if column.kind == self.DEPARTMENT:
            if role is None:
                return self.tr("Nobody of %1 holds a role on %2").replace("%1", column.name).replace("%2", o.key)
            return (
                self.tr("%1 on %2: strongest role %3, held by %4 of its people")
                .replace("%1", column.name).replace("%2", o.key)
                .replace("%3", self.tr(ROLE_NAMES[role])).replace("%4", str(holders))
            )  # fmt: skip
        who = f"{column.name} ({column.department})" if column.department else column.name
        if role is None:
            return self.tr("%1 has no role on %2: %3").replace("%1", who).replace("%2", o.key).replace("%3", o.title)
        return (
            self.tr("%1 is %2 for %3: %4")
            .replace("%1", who).replace("%2", self.tr(ROLE_NAMES[role])).replace("%3", o.key).replace("%4", o.title)
        )  # fmt: skip

    def _cell_text(self, cell: RaciRole, holders: int) -> str:
        return f"{cell.value}·{holders}" if self._by_department and holders > 1 else cell.value

    def _cell_mark(self, row: int, role: RaciRole | None) -> Severity | None:
        """Two A's on an outcome: each A cell is marked, so the room sees which to resolve."""
        if role is RaciRole.A and any(c.code == "E_MULTI_ACCOUNTABLE" for c in self.checks_on_row(row)):
            return Severity.ERROR
        return None

    def column_checks(self, column: int) -> list[CheckResult]:
        c = self._columns[column]
        if c.kind == self.PARTICIPANT:
            return self._column_checks.get(f"participant:{c.key}", [])
        if c.kind == self.DEPARTMENT:
            return self._column_checks.get(f"department:{c.key}", [])
        return []

    def department_checks(self, department: str) -> list[CheckResult]:
        return self._column_checks.get(f"department:{name_key(department)}", [])

    def bands(self) -> list[tuple[str, int, int, list[CheckResult]]]:
        """Each department's band over its columns: (name, first column, last column, its checks)."""
        return [(name, first, last, self.department_checks(name)) for name, first, last in self._bands.values()]

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._outcomes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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
            return (self._cell_text(cell, holders), _FILLS[cell], _INKS[cell], mark)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if cell is None else self._cell_text(cell, holders)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _FILLS[cell] if cell is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _INKS[cell] if cell is not None else None
        if role == MARK_ROLE:
            return self._cell_mark(row, cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, column, cell, holders)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role) if 0 <= section < len(self._outcomes) else None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if column.kind in self.SUMMARY:
            titles = {self.R_COUNT: "R", self.A_COUNT: "A", self.DEPTS: self.tr("Depts"), self.FINANCE: self.tr("Fin.")}
            tips = {
                self.R_COUNT: self.tr("How many are Responsible (at least one)"),
                self.A_COUNT: self.tr("How many are Accountable (exactly one)"),
                self.DEPTS: self.tr("Departments holding R, A or C (at least two: no silo)"),
                self.FINANCE: self.tr("Finance holds R, A or C on a valued outcome"),
            }
            if role == Qt.ItemDataRole.DisplayRole:
                return titles[column.kind]
            if role == Qt.ItemDataRole.ToolTipRole:
                return tips[column.kind]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        checks = self.column_checks(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.name
        if role == BAND_ROLE:
            return self._bands.get(name_key(column.department))
        if role == LOAD_ROLE:
            if column.kind == self.PARTICIPANT:
                return (self.load(column.name), self.session.workshop.overload_limit)
            return None
        if role == MARK_ROLE:
            return Severity.WARNING if checks else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.kind == self.DEPARTMENT:
                count = len(column.members)
                people = self.tr("1 person") if count == 1 else self.tr("%1 people").replace("%1", str(count))
                return "\n".join([f"{column.name}: {people}", *(c.message for c in checks)])
            load, limit = self.load(column.name), self.session.workshop.overload_limit
            lines = [
                f"{column.name} ({column.department})" if column.department else column.name,
                self.tr("R or A on %1 outcomes (limit %2)").replace("%1", str(load)).replace("%2", str(limit)),
            ]
            return "\n".join([*lines, *(c.message for c in checks)])
        return None

    def _row_header(self, row: int, role: int) -> Any:
        outcome = self._outcomes[row][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{outcome.key}  {outcome.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{outcome.key}: {outcome.title}", *(c.message for c in self.checks_on_row(row))]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(CATEGORY_COLOURS[outcome.category])
        if role == MARK_ROLE:
            checks = self.checks_on_row(row)
            if not checks:
                return None
            return Severity.ERROR if any(c.severity is Severity.ERROR for c in checks) else Severity.WARNING
        return None


#: Which summary column shows which outcome check.
_CODE_COLUMN = {
    "E_NO_RESPONSIBLE": RaciMatrixModel.R_COUNT,
    "E_NO_ACCOUNTABLE": RaciMatrixModel.A_COUNT,
    "E_MULTI_ACCOUNTABLE": RaciMatrixModel.A_COUNT,
    "W_SILO": RaciMatrixModel.DEPTS,
    "W_NO_FINANCE": RaciMatrixModel.FINANCE,
}

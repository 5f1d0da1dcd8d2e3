"""What the RACI matrix's cells and headers say and show, in the room's words: role letters and colours, the
summaries, the tooltips, the marks of the checks and the department bands.

Kept apart from the loading and editing of ``RaciMatrixModel`` (matrix_model.py), which builds on ``RaciMatrixWords``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QColor

from workshop.domain.checks import CheckResult
from workshop.domain.entities import Outcome
from workshop.domain.enums import RaciRole, Severity
from workshop.domain.text import name_key
from workshop.export.palette import CATEGORY_COLOURS, RACI_COLOURS, text_colour_on
from workshop.ui.session import WorkshopSession

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
ROLE_FILLS = {role: QColor(RACI_COLOURS[role]) for role in RaciRole}
ROLE_INKS = {role: QColor(text_colour_on(RACI_COLOURS[role])) for role in RaciRole}
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


class RaciMatrixWords(QAbstractTableModel):
    """The base of RaciMatrixModel: the kinds of column and what cells and headers say; the model keeps the
    state these read, loads and edits it."""

    PARTICIPANT, DEPARTMENT = "participant", "department"
    R_COUNT, A_COUNT, DEPTS, FINANCE = "r", "a", "depts", "finance"
    SUMMARY = (R_COUNT, A_COUNT, DEPTS, FINANCE)

    # The state, as RaciMatrixModel loads it.
    session: WorkshopSession
    _by_department: bool
    _outcomes: list[tuple[int, Outcome]]
    _columns: list[MatrixColumn]
    _summary: list[tuple[Any, ...]]
    _bands: dict[str, tuple[str, int, int]]
    _row_checks: dict[str, list[CheckResult]]
    _column_checks: dict[str, list[CheckResult]]

    def load(self, participant: str) -> int:
        raise NotImplementedError

    def checks_on_row(self, row: int) -> list[CheckResult]:
        return self._row_checks.get(name_key(self._outcomes[row][1].key), [])

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
    "E_NO_RESPONSIBLE": RaciMatrixWords.R_COUNT,
    "E_NO_ACCOUNTABLE": RaciMatrixWords.A_COUNT,
    "E_MULTI_ACCOUNTABLE": RaciMatrixWords.A_COUNT,
    "W_SILO": RaciMatrixWords.DEPTS,
    "W_NO_FINANCE": RaciMatrixWords.FINANCE,
}

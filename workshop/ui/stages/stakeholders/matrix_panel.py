"""The RACI matrix with its controls: the department view, the role legend, and the selection that checks and
fixes point at."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workshop.domain.enums import RaciRole
from workshop.export.palette import RACI_COLOURS, text_colour_on
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.stakeholders.matrix_model import ROLE_NAMES, RaciMatrixModel
from workshop.ui.stages.stakeholders.matrix_view import fit_matrix, raci_grid, summary_for

DEPARTMENT_VIEW_KEYS = "Ctrl+Shift+D"


class RaciMatrixPanel(QWidget):
    """Outcomes by participants; keys and clicks set roles; the department view rolls the people up."""

    #: The current cell moved: its outcome's key and participant's name (None in the department view); the fixes
    #: follow it.
    current_cell_changed = Signal(object, object)

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("raciMatrix")
        self.session = session
        self.model = RaciMatrixModel(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        chips = []
        for role in (RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I):
            fill = RACI_COLOURS[role]
            chips.append(
                f'<span style="background:{fill}; color:{text_colour_on(fill)}; font-weight:bold">&nbsp;{role.value}'
                f"&nbsp;</span>&nbsp;{self.tr(ROLE_NAMES[role])}"
            )
        self.legend = QLabel("&nbsp;&nbsp; ".join(chips))
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # on a narrow window the legend wraps rather than widening the page
        controls.addWidget(self.legend, 1)
        self.department_action = QAction(self.tr("Department view"), self)
        self.department_action.setCheckable(True)
        self.department_action.setShortcut(QKeySequence(DEPARTMENT_VIEW_KEYS))
        self.department_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.department_action.setToolTip(
            self.tr("Roll the people up by department: the strongest role each holds, and how many (%1)").replace(
                "%1", DEPARTMENT_VIEW_KEYS
            )
        )
        self.department_action.toggled.connect(self.set_by_department)
        self.addAction(self.department_action)
        self.department_button = QPushButton(self.department_action.text())
        self.department_button.setObjectName("filterButton")
        self.department_button.setCheckable(True)
        self.department_button.setToolTip(self.department_action.toolTip())
        self.department_button.toggled.connect(self.department_action.setChecked)
        self.department_action.toggled.connect(self.department_button.setChecked)
        controls.addWidget(self.department_button)
        self.fixes_button = QPushButton(self.tr("Fix in one click…"))
        self.fixes_button.setToolTip(self.tr("The fixes for the check picked (Ctrl+J)"))
        controls.addWidget(self.fixes_button)
        layout.addLayout(controls)

        self.grid = raci_grid(self.model)
        self.grid.role_typed.connect(self.type_role)
        self.grid.cell_clicked.connect(self._cell_clicked)
        self.summary = summary_for(self.model, self.grid)
        self.area = QWidget()
        self.area.installEventFilter(self)
        tables = QHBoxLayout(self.area)
        tables.setContentsMargins(0, 0, 0, 0)
        tables.setSpacing(0)
        tables.addWidget(self.grid, 1)
        tables.addWidget(self.summary)
        tables.addStretch(0)
        layout.addWidget(self.area, 1)
        self.hint = QLabel()
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model.modelReset.connect(self.fit)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self._update_hint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        fit_matrix(self.model, self.grid, self.summary, self.area)
        self._update_hint()

    def refresh(self) -> None:
        if self.model.refresh():
            self.fit()
        else:
            header = self.grid.horizontalHeader()
            header.measure_names()  # a renamed participant keeps its column
            header.viewport().update()
        if not self.grid.currentIndex().isValid() and self.model.rowCount() and self.model.data_columns:
            self.grid.setCurrentIndex(self.model.index(0, 0))  # somewhere to type from the first moment
        self._update_hint()

    def _update_hint(self) -> None:
        if not self.model.rowCount() or not self.model.data_columns:
            self.hint.setText(
                self.tr("Add outcomes (stage 2) and participants (stage 1): the matrix is outcomes by people.")
            )
        elif self.model.by_department:
            self.hint.setText(
                self.tr(
                    "Each cell: the strongest role the department holds (A over R over C over I), and how many "
                    "of its people hold one. Switch back to edit."
                )
            )
        elif self.session.read_only:
            self.hint.setText(self.tr("Read-only: the matrix can be browsed, not changed."))
        else:
            self.hint.setText(
                self.tr(
                    "R, A, C, I set the selected cells · Delete clears · a click steps through the roles · "
                    "Shift+arrows select a block"
                )
            )

    # -- editing ----------------------------------------------------------------

    def selected_cells(self) -> list[tuple[int, int]]:
        cells = {(i.row(), i.column()) for i in self.grid.selectionModel().selectedIndexes()}
        current = self.grid.currentIndex()
        if not cells and current.isValid():
            cells = {(current.row(), current.column())}
        return sorted(cells)

    def type_role(self, role: RaciRole | None) -> bool:
        """Set (None: clear) every selected cell; one cell moves on to the next outcome, as typing down a column."""
        cells = self.selected_cells()
        if not cells or not self.model.set_roles(cells, role):
            return False
        if len(cells) == 1:
            row, column = cells[0]
            if row + 1 < self.model.rowCount():
                self.set_current_cell(row + 1, column)
        return True

    def _cell_clicked(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        if modifiers & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            return  # extending the selection, not changing a role
        if self.model.is_editable(index):
            self.model.cycle(index.row(), index.column())

    def set_by_department(self, on: bool) -> None:
        current = self.grid.currentIndex()
        row = current.row() if current.isValid() else 0
        self.model.set_by_department(on)
        self.department_action.setChecked(on)
        if self.model.rowCount() and self.model.data_columns:
            self.set_current_cell(min(row, self.model.rowCount() - 1), 0)

    # -- selecting what a check names ------------------------------------------------

    def set_current_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def _select(self, rows: range, columns: list[int]) -> None:
        if not columns or not len(rows):
            return
        selection = QItemSelection()
        for c in columns:
            selection.select(self.model.index(rows[0], c), self.model.index(rows[-1], c))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.grid.selectionModel().setCurrentIndex(
            self.model.index(rows[0], columns[0]), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.grid.selectionModel().select(selection, flags)
        self.grid.scrollTo(self.model.index(rows[0], columns[0]))
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_outcome(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row is None:
            return False
        self._select(range(row, row + 1), list(range(self.model.data_columns)))
        return True

    def select_participant(self, name: str) -> bool:
        if self.model.by_department:
            self.set_by_department(False)
        column = self.model.column_of(name)
        if column is None or not self.model.rowCount():
            return False
        self._select(range(self.model.rowCount()), [column])
        return True

    def select_department(self, name: str) -> bool:
        columns = self.model.columns_of_department(name)
        if not columns or not self.model.rowCount():
            return False
        self._select(range(self.model.rowCount()), columns)
        return True

    def current_place(self) -> tuple[str | None, str | None]:
        """The current cell's outcome key and participant name (None where there is none)."""
        current = self.grid.currentIndex()
        if not current.isValid():
            return None, None
        column = self.model.column(current.column())
        participant = column.name if column.kind == self.model.PARTICIPANT else None
        return self.model.outcome(current.row()).key, participant

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_cell_changed.emit(*self.current_place())

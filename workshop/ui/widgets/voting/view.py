"""The dot-voting view: the grid with its controls, who is being entered, hiding and revealing the tally,
by department, by priority, the room's progress and the message of a refused vote."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workshop.ui.item_list import size_rows
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.settings import AppSettings
from workshop.ui.widgets.message_line import MessageLine
from workshop.ui.widgets.voting.grid import fit_tables, summary_table, voting_grid
from workshop.ui.widgets.voting.model import VotingModel, remember_tally_hidden, tally_hidden


def _toggle_button(action: QAction) -> QPushButton:
    """A checkable button that is the action: same text, tip, state and enabled."""
    button = QPushButton(action.text())
    button.setObjectName("filterButton")
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def sync() -> None:
        button.setText(action.text())
        button.setToolTip(action.toolTip())
        button.setEnabled(action.isEnabled())
        button.blockSignals(True)
        button.setChecked(action.isChecked())
        button.blockSignals(False)

    button.toggled.connect(action.setChecked)
    action.changed.connect(sync)
    action.toggled.connect(lambda _on: sync())
    sync()
    return button


class VotingView(QWidget):
    """The dot-voting grid with its controls: who is being entered, Hide tally / Reveal (Ctrl+H), by department
    (Ctrl+G), by priority (Ctrl+R), the room's progress and the message of a refused vote."""

    #: The tally was hidden (True) or revealed (False): cards and map of the stage follow it.
    hidden_changed = Signal(bool)

    def __init__(
        self,
        session: WorkshopSession,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
        *,
        model: VotingModel | None = None,
    ) -> None:
        """``model``: what is voted on (the outcomes unless given: ``ChannelDotsModel`` for an outcome's
        channels)."""
        super().__init__(parent)
        self.setObjectName("votingView")
        self.session, self.settings = session, settings
        self._stale = False
        self.model = model if model is not None else VotingModel(session, self)
        self.model.follows_session = False  # refreshed from here: now when shown, else when next shown
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self.model.refused.connect(self.show_message)
        session.changed.connect(self._session_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        controls = QHBoxLayout()
        controls.setSpacing(10)
        self.entering_label = QLabel(self.tr("Entering:"))
        self.participant_combo = QComboBox()
        self.participant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.participant_combo.setToolTip(self.tr("Whose dots you are entering (Alt+← / Alt+→: previous, next)"))
        self.participant_combo.currentIndexChanged.connect(self._participant_chosen)
        self.participant_combo.activated.connect(lambda _i: self.grid.setFocus())
        self.entering_label.setBuddy(self.participant_combo)
        controls.addWidget(self.entering_label)
        controls.addWidget(self.participant_combo)
        controls.addStretch(1)

        self.hide_action = self._action(self.tr("Hide tally"), "Ctrl+H", checkable=True)
        self.hide_action.toggled.connect(self.set_hidden)
        self.department_action = self._action(self.tr("By department"), "Ctrl+G", checkable=True)
        self.department_action.toggled.connect(self.set_split)
        self.priority_action = self._action(self.model.order_text(), "Ctrl+R", checkable=True)
        self.priority_action.toggled.connect(self.set_by_priority)
        self.next_action = self._action(self.tr("Next participant"), "Alt+Right")
        self.next_action.triggered.connect(lambda: self.step_participant(1))
        self.previous_action = self._action(self.tr("Previous participant"), "Alt+Left")
        self.previous_action.triggered.connect(lambda: self.step_participant(-1))
        self.hide_button = _toggle_button(self.hide_action)
        self.department_button = _toggle_button(self.department_action)
        self.priority_button = _toggle_button(self.priority_action)
        for button in (self.hide_button, self.department_button, self.priority_button):
            controls.addWidget(button)
        layout.addLayout(controls)

        status = QHBoxLayout()
        status.setSpacing(16)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("votingProgress")
        font = self.progress_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.progress_label.setFont(font)
        status.addWidget(self.progress_label)
        self.message_label = MessageLine(keep_room=True)  # the grid must not move when a refusal shows
        self.message_label.setText("X")
        self.progress_label.setMinimumHeight(self.message_label.sizeHint().height())
        self.message_label.clear()
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        self.grid = voting_grid(self.proxy, self)
        self.grid.digit_typed.connect(self.type_digit)
        self.grid.cell_clicked.connect(self._cell_clicked)
        self.summary = summary_table(self.proxy, self.grid)
        self.grid_area = QWidget()
        self.grid_area.installEventFilter(self)
        area = QVBoxLayout(self.grid_area)
        area.setContentsMargins(0, 0, 0, 0)
        tables = QHBoxLayout()
        tables.setSpacing(0)
        tables.addWidget(self.grid, 1)
        tables.addWidget(self.summary)
        tables.addStretch(0)
        area.addLayout(tables, 1)
        area.addStretch(0)
        self.clear_action = QAction(self.tr("Clear"), self.grid)
        self.clear_action.setShortcuts([QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.setToolTip(self.tr("Clear the dots of the current cell (Delete)"))
        self.clear_action.triggered.connect(lambda: self.type_digit(0, advance=False))
        self.grid.addAction(self.clear_action)
        layout.addWidget(self.grid_area, 1)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("emptyHint")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)

        if settings is not None and tally_hidden(settings, session):
            session.set_tally_hidden(True)  # every voting view of the window follows it
        session.tally_hidden_changed.connect(self.set_hidden)
        self.refresh()
        if session.tally_hidden:
            self.hide_action.setChecked(True)  # through set_hidden
        self._update_controls()

    def _action(self, text: str, keys: str, *, checkable: bool = False) -> QAction:
        """An action of the voting view, fired by its key wherever the focus is inside the view."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        self.addAction(action)
        return action

    # -- state ------------------------------------------------------------------

    def is_hidden(self) -> bool:
        return self.model.hidden

    def set_hidden(self, hidden: bool) -> None:
        """Hide the tally (only the participant being entered shows) or reveal it; remembered per workshop."""
        if hidden != self.hide_action.isChecked():
            self.hide_action.setChecked(hidden)  # comes back here through toggled
            return
        if hidden == self.model.hidden:
            return
        if hidden:
            self.department_action.setChecked(False)
            self.priority_action.setChecked(False)
        self.model.set_hidden(hidden, entering=self.participant_combo.currentText() or None)
        if self.settings is not None:
            remember_tally_hidden(self.settings, self.session, hidden)
        self._update_controls()
        self._show_columns()
        if hidden:
            self._go_to_entering()
        self.hidden_changed.emit(hidden)
        self.session.set_tally_hidden(hidden)

    def set_split(self, on: bool) -> None:
        """Columns by department (revealed only; read-only), or by participant."""
        if on != self.department_action.isChecked():
            self.department_action.setChecked(on)
            return
        current = self._current_source()
        if not self.model.split_by_department(on):
            self.department_action.setChecked(False)
            return
        self._after_reset(current.row() if current.isValid() else 0, 0)

    def set_by_priority(self, on: bool) -> None:
        """Rows in the priority of METHOD.md (revealed only), or in the room's order."""
        if on != self.priority_action.isChecked():
            self.priority_action.setChecked(on)
            return
        self._apply_sort()
        self.grid.scrollTo(self.grid.currentIndex())

    def step_participant(self, steps: int) -> None:
        combo = self.participant_combo
        if combo.count():
            combo.setCurrentIndex((combo.currentIndex() + steps) % combo.count())

    # -- entering ---------------------------------------------------------------

    def _current_source(self) -> QModelIndex:
        return self.proxy.mapToSource(self.grid.currentIndex())

    def current_cell(self) -> tuple[int, int] | None:
        """(row, column) of the current cell in the model (the room's order), or None."""
        index = self._current_source()
        return (index.row(), index.column()) if index.isValid() else None

    def set_current_cell(self, row: int, column: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def type_digit(self, dots: int, *, advance: bool = True) -> bool:
        """Set the current cell's dots (0 clears) and go down to the next outcome; a refusal stays put."""
        source = self._current_source()
        if not self.model.is_editable(source):
            return False
        if not self.model.set_dots(source.row(), source.column(), dots):
            return False
        current = self.grid.currentIndex()  # the proxy keeps it on the same outcome, wherever that went
        if advance and current.row() + 1 < self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(current.row() + 1, current.column()))
        return True

    def _cell_clicked(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        """A click adds a dot, Shift+click takes one off."""
        source = self.proxy.mapToSource(index)
        if self.model.is_editable(source):
            steps = -1 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1
            self.model.add_dots(source.row(), source.column(), steps)

    def _participant_chosen(self, _index: int) -> None:
        name = self.participant_combo.currentText()
        if not name:
            return
        self.model.set_entering(name)
        if self.model.hidden:
            self._show_columns()
            self.fit_columns()
        self._go_to_entering()

    def _go_to_entering(self) -> None:
        name = self.model.entering()
        column = self.model.column_of(name) if name is not None else None
        if column is None:
            return
        current = self._current_source()
        self.set_current_cell(current.row() if current.isValid() else 0, column)

    # -- redrawing --------------------------------------------------------------

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.clear_message()  # the last edit went through, wherever it was made
        if tables >= EVERYTHING or tables & self.model.shown_tables:
            if self.isVisible():
                self.refresh()
            else:  # fitting a hundred columns is for when the grid is seen: a score typed elsewhere stays quick
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Redraw from the session; a vote changes only cells, so the current cell and scrolling stay."""
        current = self._current_source()
        place = (current.row(), current.column()) if current.isValid() else (0, 0)
        reset = self.model.refresh()
        self._fill_participants()
        self.progress_label.setText(self.model.progress_text())
        if reset or not self.grid.currentIndex().isValid():
            self._after_reset(*place)
        else:
            self.fit_columns()

    def _after_reset(self, row: int, column: int) -> None:
        self._apply_sort()
        self._show_columns()
        self._update_controls()
        if self.model.rowCount() and self.model.columnCount():
            row = min(row, self.model.rowCount() - 1)
            column = min(column, self.model.columnCount() - 1)
            if self.model.hidden or self.grid.isColumnHidden(column):
                name = self.model.entering()
                column = self.model.column_of(name) if name is not None else None
            if column is not None:
                self.set_current_cell(row, column)

    def _fill_participants(self) -> None:
        combo = self.participant_combo
        names = [c.name for c in self.model.participants()]
        if names == [combo.itemText(i) for i in range(combo.count())]:
            return
        chosen = self.model.entering()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(names)
        combo.setCurrentIndex(max(0, names.index(chosen) if chosen in names else 0))
        combo.blockSignals(False)

    def _apply_sort(self) -> None:
        on = self.priority_action.isChecked() and not self.model.hidden
        self.proxy.sort(self.model.col_rank if on else -1, Qt.SortOrder.AscendingOrder)

    def _show_columns(self) -> None:
        """The grid: the participants (hidden: only the one being entered); the summary: Total, value and rank,
        revealed only."""
        entering = self.model.entering()
        column = self.model.column_of(entering) if entering is not None else None
        first_summary = self.model.col_total
        for c in range(self.model.columnCount()):
            summary = c >= first_summary
            self.grid.setColumnHidden(c, summary or (self.model.hidden and c != column))
            self.summary.setColumnHidden(c, not summary)
        self.summary.setVisible(not self.model.hidden)
        self.fit_columns()

    def _update_controls(self) -> None:
        hidden, split = self.model.hidden, self.model.split
        self.hide_action.setText(self.tr("Reveal") if hidden else self.tr("Hide tally"))
        keys = self.hide_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = self.tr("Show the tally to the room") if hidden else self.tr("Hide the tally while the room votes")
        self.hide_action.setToolTip(f"{tip} ({keys})")
        for action, tip in (
            (self.department_action, self.tr("Sum the dots of each department")),
            (self.priority_action, self.model.order_tip()),
        ):
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.department_action.setEnabled(not hidden)
        self.priority_action.setEnabled(not hidden)
        self.participant_combo.setEnabled(not split and self.participant_combo.count() > 0)
        self.entering_label.setEnabled(not split)
        if split:
            hint = self.tr("By department: each column sums its people's dots. Ctrl+G goes back to entering dots.")
        elif self.session.read_only:
            hint = self.tr("Read-only: the dots cannot be changed here.")
        else:
            hint = self.tr(
                "Digits 0–9 set the dots and go down · click adds a dot, Shift+click takes one off · "
                "Delete clears · Ctrl+Z undoes · Ctrl+H hides or reveals the tally"
            )
        self.hint_label.setText(hint)

    def fit_columns(self) -> None:
        """Every shown column as wide as its header or cells, the outcome titles take what is left, rows grow
        to fill the height (see fit_tables)."""
        fit_tables(self.model, self.grid, self.summary, self.grid_area, with_summary=self.summary.isVisibleTo(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid_area and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Rows tall enough again when the facilitator changes the app's font size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "grid"):
            size_rows(self.grid)
            self.fit_columns()

    # -- messages ---------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """A refused vote, said above the grid; it stays until the next edit goes through."""
        self.message_label.say(text)

    def clear_message(self) -> None:
        self.message_label.clear_message()

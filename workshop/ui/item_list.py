"""A list the room builds in a table, with a fast-entry line, remove and move (reused by the stages)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.text import name_key
from workshop.ui.models import (
    ItemTableModel,
)
from workshop.ui.session import WorkshopSession


def table_view(model: Any) -> QTableView:
    """A list view for the room: whole rows, one at a time, edited by keyboard or double click."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # Fit columns to the rows in view and a few hundred more, not to every row of a 3,000-row list on each edit.
    view.horizontalHeader().setResizeContentsPrecision(200)
    size_rows(view)
    return view


def size_rows(view: QTableView) -> None:
    """Rows tall enough for the app's (large) font and for the editors opened in them."""
    view.verticalHeader().setDefaultSectionSize(int(view.fontMetrics().height() * 1.9))
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def key_action(view: QWidget, text: str, tip: str, shortcut: QKeySequence, slot: Any) -> QAction:
    """An action fired by its button, or by its key while the table itself (not a cell editor) has focus."""
    action = QAction(text, view)
    action.setShortcut(shortcut)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def action_button(action: QAction, text: str | None = None) -> QPushButton:
    """A button that triggers ``action``; ``text``: a shorter label than the action's (the tip keeps the rest)."""
    button = QPushButton(action.text() if text is None else text)
    button.setToolTip(action.toolTip())
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelTitle")
    return label


class ItemListPanel(QWidget):
    """One list the room builds (departments, participants, stakeholders) with its fast-entry line."""

    def __init__(self, session: WorkshopSession, model: ItemTableModel, placeholder: str, noun: str) -> None:
        super().__init__()
        self.session, self.model, self.kind = session, model, model.kind
        self.elastic_column = model.columnCount() - 1
        #: The column kept whole (up to a third of the width) when the table is short of room: what the room reads.
        self.keep_whole = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(10)
        entry = QHBoxLayout()
        self.quick_add = QLineEdit()
        self.quick_add.setPlaceholderText(placeholder)
        self.quick_add.setClearButtonEnabled(True)
        self.quick_add.setToolTip(self.tr("Type a name and press Enter to add it; the field stays ready for the next"))
        self.quick_add.returnPressed.connect(self.add_from_entry)
        entry.addWidget(self.quick_add, 1)
        self.department_combo: QComboBox | None = None
        if model.kind == "participant":
            self.department_combo = QComboBox()
            self.department_combo.setToolTip(self.tr("Department of the people you add next"))
            self.department_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            entry.addWidget(self.department_combo)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.add_button.clicked.connect(self.add_from_entry)
        entry.addWidget(self.add_button)
        layout.addLayout(entry)

        self.view = table_view(model)
        self.view.viewport().installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.move_up_action = key_action(
            self.view, self.tr("▲ Up"), self.tr("Move the selected %1 up").replace("%1", noun),
            QKeySequence("Alt+Up"), lambda: self.move_selected(-1),
        )  # fmt: skip
        self.move_down_action = key_action(
            self.view, self.tr("▼ Down"), self.tr("Move the selected %1 down").replace("%1", noun),
            QKeySequence("Alt+Down"), lambda: self.move_selected(1),
        )  # fmt: skip
        self.remove_action = key_action(
            self.view, self.tr("Remove"),
            self.tr("Remove the selected %1 at once; Ctrl+Z brings it back").replace("%1", noun),
            QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected,
        )  # fmt: skip
        buttons = QHBoxLayout()
        for action in (self.move_up_action, self.move_down_action, self.remove_action):
            buttons.addWidget(action_button(action))
        self.hint = hint = QLabel(self.tr("F2 or typing edits a cell · Delete removes · Alt+↑/↓ moves · Ctrl+Z undoes"))
        hint.setWordWrap(True)
        hint.setObjectName("emptyHint")
        buttons.addWidget(hint, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Each column at its content width; when the room is short the widest are trimmed first, evenly.

        The ``keep_whole`` column (the name) is kept whole up to a third of the width (it is what the room
        reads), and no column gets narrower than its header; past that the table scrolls sideways.
        """
        view, header = self.view, self.view.horizontalHeader()
        least = [header.sectionSizeHint(c) for c in range(self.model.columnCount())]
        wanted = [max(view.sizeHintForColumn(c), h) for c, h in enumerate(least)]
        room = view.viewport().width()
        k = self.keep_whole
        least[k] = wanted[k] = min(wanted[k], max(least[k], room // 3))
        cap = max(wanted, default=0)
        while sum(max(min(w, cap), h) for w, h in zip(wanted, least, strict=True)) > room and cap > min(least):
            cap -= 4
        widths = [max(min(w, cap), h) for w, h in zip(wanted, least, strict=True)]
        widths[self.elastic_column] += max(0, room - sum(widths))
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else self.model.row_id(row)

    def select_row(self, row: int, column: int = 0) -> None:
        index = self.model.index(row, max(0, column))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def select_name(self, name: str) -> bool:
        row = self.model.row_of_name(name)
        if row is not None:
            self.select_row(row)
        return row is not None

    def refresh(self) -> None:
        """Rebuild from the session, keeping the same item selected (or its neighbour when it went)."""
        current = self.view.currentIndex()
        row_id = self.model.row_id(current.row()) if current.isValid() else None
        changed = self.model.refresh()
        if changed and current.isValid():
            row = self.model.row_of_id(row_id) if row_id is not None else None
            row = min(current.row(), self.model.rowCount() - 1) if row is None else row
            if row >= 0:
                self.select_row(row, current.column())
        if self.department_combo is not None:
            combo, chosen = self.department_combo, self.department_combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("No department"), "")
            for department in self.session.workshop.departments:
                combo.addItem(department.name, department.name)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        if changed or self.model.rowCount() <= 100:  # a long list is fitted when rows come or go, or on resize
            self.fit_columns()
        self._update_actions()

    def add_from_entry(self) -> None:
        """Add the typed name; on success clear the line for the next one, on refusal keep it to fix."""
        name = self.quick_add.text().strip()
        if not name:
            return
        fields: dict[str, Any] = {}
        department = self.department_combo.currentData() if self.department_combo is not None else ""
        if department and name_key(department) in self.session.loaded.ids["department"]:
            fields["department_id"] = self.session.id_of("department", department)
        edit = self.session.apply(self.model.add_edit(name, **fields))
        self.quick_add.setFocus()
        if edit is None:
            self.quick_add.selectAll()
            return
        self.quick_add.clear()
        row = self.model.row_of_id(edit.result)
        if row is not None:
            self.select_row(row)

    def remove_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            service, kind = self.session.service, self.kind
            self.session.apply(lambda: service.remove(kind, row_id))

    def move_selected(self, steps: int) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            service, kind = self.session.service, self.kind
            self.session.apply(lambda: service.move(kind, row_id, steps))

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.remove_action.setEnabled(row is not None)
        self.move_up_action.setEnabled(row is not None and row > 0)
        self.move_down_action.setEnabled(row is not None and row < self.model.rowCount() - 1)

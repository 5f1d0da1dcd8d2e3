"""The start screen: the library's workshops and what can be done with them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.services.workshops import WorkshopSummary

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class WorkshopListModel(QAbstractTableModel):
    """The library's workshops, one a row; sorts on raw values."""

    COL_TITLE, COL_ORGANISATION, COL_DATE, COL_CHANGED, COL_READINESS = range(5)
    HEADERS = ("Title", "Organisation", "Date", "Last change", "Readiness")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[WorkshopSummary] = []

    def set_rows(self, rows: list[WorkshopSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        w = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return w.id
        if role == SORT_ROLE:
            return (
                w.title.casefold(),
                w.organisation.casefold(),
                w.date.isoformat() if w.date else "",
                w.updated_at.isoformat(),
                (w.stages_ready, -w.errors),
            )[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_TITLE:
                return w.title + (self.tr("  (template)") if w.is_template else "")
            if col == self.COL_ORGANISATION:
                return w.organisation
            if col == self.COL_DATE:
                return w.date.isoformat() if w.date else ""
            if col == self.COL_CHANGED:
                return w.updated_at.strftime("%Y-%m-%d %H:%M")
            if col == self.COL_READINESS:
                if w.errors == 0:
                    return self.tr("Ready: %1 warning(s)").replace("%1", str(w.warnings))
                return (
                    self.tr("%1/7 stages ready, %2 error(s)")
                    .replace("%1", str(w.stages_ready))
                    .replace("%2", str(w.errors))
                )
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_READINESS:
            return self.tr("%1 error(s), %2 warning(s)").replace("%1", str(w.errors)).replace("%2", str(w.warnings))
        return None


class StartScreen(QWidget):
    """Lists the workshops; the main window connects the buttons to its actions."""

    open_requested = Signal(int)
    recent_library_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        title = QLabel(self.tr("Social Working"))
        title.setObjectName("appTitle")
        subtitle = QLabel(self.tr("Outcome-led social and channel strategy, built with the whole room."))
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)

        library_row = QHBoxLayout()
        library_row.addWidget(QLabel(self.tr("Library:")))
        self.library_combo = QComboBox()
        self.library_combo.setObjectName("libraryCombo")
        self.library_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.library_combo.setMinimumContentsLength(30)
        self.library_combo.activated.connect(self._recent_chosen)
        library_row.addWidget(self.library_combo, 1)
        self.open_library_button = QPushButton(self.tr("Open library…"))
        library_row.addWidget(self.open_library_button)
        layout.addLayout(library_row)

        self.message = QLabel()
        self.message.setObjectName("libraryMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.restore_button = QPushButton(self.tr("Restore the latest good backup"))
        self.restore_button.hide()
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.model = WorkshopListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("workshopTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WorkshopListModel.COL_CHANGED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WorkshopListModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addWidget(self.table, 1)
        side = QVBoxLayout()
        side.setSpacing(10)
        middle.addLayout(side)
        layout.addLayout(middle, 1)
        self.empty_hint = QLabel(
            self.tr("No workshop yet. Start a new one, or open the sample to see the method at work.")
        )
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        layout.addWidget(self.empty_hint)

        self.new_button = QPushButton(self.tr("&New workshop"))
        self.sample_button = QPushButton(self.tr("New from &sample"))
        self.template_button = QPushButton(self.tr("New from &template…"))
        self.import_button = QPushButton(self.tr("&Import…"))
        self.open_button = QPushButton(self.tr("&Open"))
        self.duplicate_button = QPushButton(self.tr("&Duplicate"))
        self.save_template_button = QPushButton(self.tr("Save as tem&plate…"))
        self.save_template_button.setToolTip(
            self.tr(
                "A new template with this workshop's structure (departments, criteria, channels, agenda, "
                "outcomes), without the people and what they decided"
            )
        )
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.delete_button = QPushButton(self.tr("De&lete…"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.open_button.setDefault(True)
        for b in (self.open_button, self.duplicate_button, self.save_template_button, self.rename_button,
                  self.export_button, self.delete_button):  # fmt: skip
            side.addWidget(b)
        side.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        for b in (self.new_button, self.sample_button, self.template_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open_selected)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # on the list only, not in every field of the window
            QShortcut(QKeySequence(key), self.table, self._open_selected, context=Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def set_workshops(self, rows: list[WorkshopSummary]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        if rows:
            self.select_workshop(selected if selected is not None else None)
        self._update_buttons()

    def select_workshop(self, workshop_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if workshop_id is None or index.data(ID_ROLE) == workshop_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return int(rows[0].data(ID_ROLE)) if rows else None

    def selected_summary(self) -> WorkshopSummary | None:
        wid = self.selected_id()
        return next((w for w in self.model.rows if w.id == wid), None)

    def set_library(self, current: str, recent: list[str]) -> None:
        self.library_combo.blockSignals(True)
        self.library_combo.clear()
        for path in [current, *[p for p in recent if p != current]]:
            self.library_combo.addItem(path, path)
        self.library_combo.setCurrentIndex(0)
        self.library_combo.blockSignals(False)

    def show_problem(self, text: str, *, can_restore: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.restore_button.setVisible(can_restore)
        self._update_buttons()

    def set_enabled_library(self, writable: bool, available: bool) -> None:
        self._writable, self._available = writable, available
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = getattr(self, "_writable", True)
        available = getattr(self, "_available", True)
        has = self.selected_id() is not None
        for b in (self.new_button, self.sample_button, self.template_button, self.import_button):
            b.setEnabled(writable)
        for b in (self.duplicate_button, self.save_template_button, self.rename_button, self.delete_button):
            b.setEnabled(writable and has)
        self.open_button.setEnabled(available and has)
        self.export_button.setEnabled(available and has)
        self.table.setEnabled(available)

    def _open_selected(self) -> None:
        wid = self.selected_id()
        if wid is not None and self.open_button.isEnabled():
            self.open_requested.emit(wid)

    def _recent_chosen(self, index: int) -> None:
        path = self.library_combo.itemData(index)
        if path and index != 0:
            self.recent_library_chosen.emit(path)

"""The Set-up stage: the workshop's details and agenda, its departments, participants and stakeholders.

Built for fast entry in the room: type a name and press Enter to add it, F2 (or just type) to edit a
cell, Delete to remove (Ctrl+Z brings it back), Alt+Up/Down to reorder. Every change is one undoable
session edit; a refused edit is explained in the message line above the tabs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.enums import DepartmentFunction, Stage
from workshop.domain.text import name_key
from workshop.storage.mapping import LoadedWorkshop
from workshop.ui.delegates import (
    COMMON_CURRENCIES,
    ComboBoxDelegate,
    CurrencyValidator,
    SpinBoxDelegate,
    ValidatedTextDelegate,
)
from workshop.ui.models import (
    EMAIL_PATTERN,
    AgendaTableModel,
    DepartmentTableModel,
    ItemTableModel,
    ParticipantTableModel,
    StakeholderTableModel,
    function_label,
)
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage

_NO_DATE = QDate(2000, 1, 1)
_ARROWS = ":/qt-project.org/styles/commonstyle/images/arrow-"
#: Spin boxes and drop-downs drawn with visible buttons under the app's style sheet, and the refusal line.
_PAGE_STYLE = f"""
QSpinBox, QDateEdit {{ padding-right: 28px; }}
QSpinBox::up-button, QSpinBox::down-button, QDateEdit::drop-down, QComboBox::drop-down {{
    subcontrol-origin: border; width: 26px; background: #e4e9ee; border-left: 1px solid #8a96a3; }}
QSpinBox::up-button, QDateEdit::drop-down, QComboBox::drop-down {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover, QComboBox::drop-down:hover {{ background: #cfdbe7; }}
QSpinBox::up-arrow {{ image: url({_ARROWS}up-16.png); width: 12px; height: 12px; }}
QSpinBox::down-arrow, QDateEdit::down-arrow, QComboBox::down-arrow {{
    image: url({_ARROWS}down-16.png); width: 12px; height: 12px; }}
QSpinBox::up-arrow:off, QSpinBox::down-arrow:off {{ image: none; }}
QLabel#stageMessage {{ background: #fdecea; color: #7a1a12; border: 2px solid #b3261e; border-radius: 6px;
    padding: 8px 12px; }}
"""


def _table(model: Any) -> QTableView:
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
    _size_rows(view)
    return view


def _size_rows(view: QTableView) -> None:
    """Rows tall enough for the app's (large) font and for the editors opened in them."""
    view.verticalHeader().setDefaultSectionSize(int(view.fontMetrics().height() * 1.9))
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def _action(view: QWidget, text: str, tip: str, shortcut: QKeySequence, slot: Any) -> QAction:
    """An action fired by its button, or by its key while the table itself (not a cell editor) has focus."""
    action = QAction(text, view)
    action.setShortcut(shortcut)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def _button(action: QAction) -> QPushButton:
    button = QPushButton(action.text())
    button.setToolTip(action.toolTip())
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelTitle")
    return label


class ItemListPanel(QWidget):
    """One list the room builds (departments, participants, stakeholders) with its fast-entry line."""

    def __init__(self, session: WorkshopSession, model: ItemTableModel, placeholder: str, noun: str) -> None:
        super().__init__()
        self.session, self.model, self.kind = session, model, model.kind
        self.elastic_column = model.columnCount() - 1
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

        self.view = _table(model)
        self.view.viewport().installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.move_up_action = _action(
            self.view, self.tr("▲ Up"), self.tr("Move the selected %1 up").replace("%1", noun),
            QKeySequence("Alt+Up"), lambda: self.move_selected(-1),
        )  # fmt: skip
        self.move_down_action = _action(
            self.view, self.tr("▼ Down"), self.tr("Move the selected %1 down").replace("%1", noun),
            QKeySequence("Alt+Down"), lambda: self.move_selected(1),
        )  # fmt: skip
        self.remove_action = _action(
            self.view, self.tr("Remove"),
            self.tr("Remove the selected %1 at once; Ctrl+Z brings it back").replace("%1", noun),
            QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected,
        )  # fmt: skip
        buttons = QHBoxLayout()
        for action in (self.move_up_action, self.move_down_action, self.remove_action):
            buttons.addWidget(_button(action))
        hint = QLabel(self.tr("F2 or typing edits a cell · Delete removes · Alt+↑/↓ moves · Ctrl+Z undoes"))
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

        The name column is kept whole up to a third of the width (it is what the room reads), and no
        column gets narrower than its header; past that the table scrolls sideways.
        """
        view, header = self.view, self.view.horizontalHeader()
        least = [header.sectionSizeHint(c) for c in range(self.model.columnCount())]
        wanted = [max(view.sizeHintForColumn(c), h) for c, h in enumerate(least)]
        room = view.viewport().width()
        least[0] = wanted[0] = min(wanted[0], max(least[0], room // 3))
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
        if self.model.refresh() and current.isValid():
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
        self.fit_columns()
        self._update_actions()

    def add_from_entry(self) -> None:
        """Add the typed name; on success clear the line for the next one, on refusal keep it to fix."""
        name = self.quick_add.text().strip()
        if not name:
            return
        fields: dict[str, Any] = {"name": name}
        department = self.department_combo.currentData() if self.department_combo is not None else ""
        if department and name_key(department) in self.session.loaded.ids["department"]:
            fields["department_id"] = self.session.id_of("department", department)
        service, wid, kind = self.session.service, self.session.workshop_id, self.kind
        edit = self.session.apply(lambda: service.add(kind, wid, **fields))
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


class WorkshopDetailsForm(QWidget):
    """Title, organisation, date, facilitator, currency, dots and overload limit: one edit per field change."""

    def __init__(self, session: WorkshopSession) -> None:
        super().__init__()
        self.session = session
        self._shown: dict[QWidget, str] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.title_edit, self.organisation_edit, self.facilitator_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setDateRange(_NO_DATE, QDate(2100, 12, 31))
        self.date_edit.setSpecialValueText(self.tr("No date"))
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.addItems(list(COMMON_CURRENCIES))
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency_combo.setValidator(CurrencyValidator(lambda: self.session.workshop.currency, self))
        self.dots_spin, self.overload_spin = QSpinBox(), QSpinBox()
        self.dots_spin.setRange(1, 99)
        self.overload_spin.setRange(0, 99)
        self._fields: list[tuple[QWidget, str, str]] = [
            (self.title_edit, "title", self.tr("Title")),
            (self.organisation_edit, "organisation", self.tr("Organisation")),
            (self.date_edit, "date", self.tr("Date")),
            (self.facilitator_edit, "facilitator", self.tr("Facilitator")),
            (self.currency_combo, "currency", self.tr("Currency")),
            (self.dots_spin, "dots_per_participant", self.tr("Dots per participant")),
            (self.overload_spin, "overload_limit", self.tr("Overload limit")),
        ]
        for widget, field, label in self._fields:
            form.addRow(label, widget)
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(lambda w=widget, f=field: self._commit(w, f, w.text().strip()))
        short = self.fontMetrics().horizontalAdvance("0000") + 60
        for spin in (self.date_edit, self.dots_spin, self.overload_spin):
            spin.setKeyboardTracking(False)
            spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin.setMinimumWidth(short)
        self.currency_combo.setMinimumWidth(short)
        self.date_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("30 Sep 2026") + 60)
        self.currency_combo.setToolTip(self.tr("ISO 4217 code of three capital letters, e.g. EUR, USD, GBP"))
        self.dots_spin.setToolTip(self.tr("Dots each participant places on outcomes, and on channels per outcome"))
        self.overload_spin.setToolTip(self.tr("A warning fires when someone is R or A on more outcomes than this"))
        self.date_edit.setToolTip(self.tr("Alt+Down opens the calendar"))
        self.date_edit.dateChanged.connect(lambda d: self._commit(self.date_edit, "date", self._date_value(d)))
        self.dots_spin.valueChanged.connect(lambda v: self._commit(self.dots_spin, "dots_per_participant", v))
        self.overload_spin.valueChanged.connect(lambda v: self._commit(self.overload_spin, "overload_limit", v))
        self.currency_combo.lineEdit().editingFinished.connect(self._commit_currency)
        self.currency_combo.textActivated.connect(lambda _text: self._commit_currency())

    @staticmethod
    def _date_value(date: QDate) -> dt.date | None:
        return None if date == _NO_DATE else date.toPython()

    def _commit_currency(self) -> None:
        code = self.currency_combo.currentText().strip().upper()
        if len(code) == 3:
            self._commit(self.currency_combo, "currency", code)

    def _commit(self, widget: QWidget, field: str, value: Any) -> None:
        """One undoable edit when the value really changed; a refused value is put back."""
        if getattr(self.session.workshop, field) == value:
            return
        self._shown[widget] = self._text(widget)
        service, wid = self.session.service, self.session.workshop_id
        if self.session.apply(lambda: service.update_workshop(wid, **{field: value})) is None:
            self._load_one(widget, getattr(self.session.workshop, field), force=True)

    @staticmethod
    def _text(widget: QWidget) -> str:
        if isinstance(widget, QComboBox):
            return widget.currentText()
        assert isinstance(widget, QLineEdit | QAbstractSpinBox)
        return widget.text()

    def _editing(self, widget: QWidget) -> bool:
        """True while the facilitator is typing in the field: a refresh must not clobber that."""
        focus = QApplication.focusWidget()
        focused = focus is widget or (focus is not None and widget.isAncestorOf(focus))
        return focused and self._text(widget) != self._shown.get(widget)

    def load(self) -> None:
        for widget, field, _label in self._fields:
            self._load_one(widget, getattr(self.session.workshop, field))

    def _load_one(self, widget: QWidget, value: Any, *, force: bool = False) -> None:
        if not force and self._editing(widget):
            return
        widget.blockSignals(True)
        if isinstance(widget, QLineEdit) and widget.text() != value:
            widget.setText(value)
            widget.setCursorPosition(0)
        elif isinstance(widget, QDateEdit):
            widget.setDate(_NO_DATE if value is None else QDate(value.year, value.month, value.day))
        elif isinstance(widget, QSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findText(value))
            widget.setEditText(value)
        widget.blockSignals(False)
        self._shown[widget] = self._text(widget)


class SetupStagePage(StagePage):
    """Set-up: who is in the room, who matters outside it, and how the day is planned."""

    stage = Stage.SETUP

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._shown_loaded: LoadedWorkshop | None = None
        self.setStyleSheet(_PAGE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.message_label = QLabel()
        self.message_label.setObjectName("stageMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.details = WorkshopDetailsForm(session)
        self.agenda_model = AgendaTableModel(session, self)
        self.agenda_view = _table(self.agenda_model)
        self.agenda_view.setItemDelegateForColumn(
            AgendaTableModel.COL_MINUTES, SpinBoxDelegate(0, 600, step=5, suffix=self.tr(" min"), parent=self)
        )
        header = self.agenda_view.horizontalHeader()
        header.setSectionResizeMode(AgendaTableModel.COL_STAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaTableModel.COL_MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        self.agenda_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clear_agenda_action = _action(
            self.agenda_view, self.tr("Clear"), self.tr("Take the selected stage off the agenda"),
            QKeySequence(QKeySequence.StandardKey.Delete), self._clear_agenda_row,
        )  # fmt: skip
        self.total_label = QLabel()
        self.total_label.setObjectName("agendaTotal")
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.details_columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(28)
        for heading, body, stretch in (
            (self.tr("Workshop"), [self.details], 3),
            (self.tr("Agenda"), [self.agenda_view, self.total_label], 1),
        ):
            column = QVBoxLayout()
            column.setSpacing(12)
            column.addWidget(_heading(heading))
            for widget in body:
                column.addWidget(widget)
            column.addStretch(1)
            columns.addLayout(column, stretch)
        columns.addStretch(0)
        chars = self.fontMetrics().averageCharWidth()
        self.details.setMaximumWidth(64 * chars)
        self.agenda_view.setMinimumWidth(28 * chars)
        self.agenda_view.setMaximumWidth(40 * chars)
        details_tab = QWidget()
        details_tab.setLayout(columns)
        columns.setContentsMargins(16, 12, 16, 12)
        self.details_tab = QScrollArea()
        self.details_tab.setWidgetResizable(True)
        self.details_tab.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details_tab.setWidget(details_tab)
        self.tabs.addTab(self.details_tab, self.tr("Details && agenda"))

        self.departments = ItemListPanel(
            session, DepartmentTableModel(session, self), self.tr("Add a department…"), self.tr("department")
        )
        functions = [(f.value, function_label(f)) for f in DepartmentFunction]
        self.departments.view.setItemDelegateForColumn(
            DepartmentTableModel.COL_FUNCTION, ComboBoxDelegate(lambda: functions, self)
        )
        self.participants = ItemListPanel(
            session, ParticipantTableModel(session, self), self.tr("Add a participant…"), self.tr("participant")
        )
        self.participants.elastic_column = ParticipantTableModel.COL_EMAIL
        self.participants.view.setItemDelegateForColumn(
            ParticipantTableModel.COL_EMAIL,
            ValidatedTextDelegate(f"(?:{EMAIL_PATTERN})?", self.tr("name@example.org"), self),
        )
        self.stakeholders = ItemListPanel(
            session, StakeholderTableModel(session, self), self.tr("Add a stakeholder…"), self.tr("stakeholder")
        )
        self.stakeholders.elastic_column = StakeholderTableModel.COL_ROLE
        for panel in (self.participants, self.stakeholders):
            model: Any = panel.model
            panel.view.setItemDelegateForColumn(model.COL_DEPARTMENT, ComboBoxDelegate(self._department_choices, self))
            for column_number in (model.COL_POWER, model.COL_INTEREST):
                panel.view.setItemDelegateForColumn(column_number, SpinBoxDelegate(1, 5, parent=self))
        self.panels: dict[str, ItemListPanel] = {}
        for panel in (self.departments, self.participants, self.stakeholders):
            self.panels[panel.kind] = panel
            self.tabs.addTab(panel, "")
        session.changed.connect(self._session_changed)
        session.refused.connect(self.show_message)
        self._size_agenda()
        self.refresh()

    def _department_choices(self) -> list[tuple[str, str]]:
        return [("", self.tr("(none)"))] + [(d.name, d.name) for d in self.session.workshop.departments]

    def _clear_agenda_row(self) -> None:
        index = self.agenda_view.currentIndex()
        if index.isValid():
            self.agenda_model.set_minutes(index.row(), None)

    def _size_agenda(self) -> None:
        """The agenda shows all seven stages at once, without a scroll bar."""
        view = self.agenda_view
        rows = view.verticalHeader().defaultSectionSize() * self.agenda_model.rowCount()
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 2)

    def _session_changed(self) -> None:
        self.clear_message()
        self.refresh()

    def show_message(self, text: str) -> None:
        """A refused edit, said where the facilitator is looking; it stays until the next edit succeeds."""
        self.message_label.setText(text)
        self.message_label.show()

    def clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    def refresh(self) -> None:
        """Redraw from the session; a second call for the same state (page and window both ask) costs nothing."""
        if self._shown_loaded is self.session.loaded:
            return
        self._shown_loaded = self.session.loaded
        ws = self.session.workshop
        self.details.load()
        self.agenda_model.refresh()
        self.total_label.setText(self.agenda_model.total_text())
        for panel in self.panels.values():
            panel.refresh()
        for panel, text, count in (
            (self.departments, self.tr("Departments (%1)"), len(ws.departments)),
            (self.participants, self.tr("Participants (%1)"), len(ws.participants)),
            (self.stakeholders, self.tr("Stakeholders (%1)"), len(ws.stakeholders)),
        ):
            self.tabs.setTabText(self.tabs.indexOf(panel), text.replace("%1", str(count)))

    def focus_item(self, kind: str, key: str) -> bool:
        self.refresh()
        if kind == "workshop":
            self.tabs.setCurrentWidget(self.details_tab)
            self.details.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.details.title_edit.selectAll()
            return True
        panel = self.panels.get(kind)
        if panel is None or not panel.select_name(key):
            return False
        self.tabs.setCurrentWidget(panel)
        panel.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Details and agenda side by side when the page is wide enough, else one above the other."""
        super().resizeEvent(event)
        needed = self.details.sizeHint().width() + self.agenda_view.minimumWidth() + 80
        wide = QBoxLayout.Direction.LeftToRight if self.width() >= needed else QBoxLayout.Direction.TopToBottom
        if self.details_columns.direction() != wide:
            self.details_columns.setDirection(wide)
        self._size_agenda()

    def changeEvent(self, event: QEvent) -> None:
        """Keep rows tall enough when the facilitator changes the app's font size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "panels"):
            _size_rows(self.agenda_view)
            self._size_agenda()
            for panel in self.panels.values():
                _size_rows(panel.view)
                panel.fit_columns()

"""The Set-up stage: the workshop's details and agenda, its departments, participants and stakeholders.

Built for fast entry in the room: type a name and press Enter to add it, F2 (or just type) to edit a
cell, Delete to remove (Ctrl+Z brings it back), Alt+Up/Down to reorder. Every change is one undoable
session edit; a refused edit is explained in the message line above the tabs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.enums import DepartmentFunction, Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.services.workshops import LoadedWorkshop
from workshop.ui.delegates import (
    COMMON_CURRENCIES,
    ComboBoxDelegate,
    CurrencyValidator,
    SpinBoxDelegate,
    ValidatedTextDelegate,
)
from workshop.ui.item_list import ItemListPanel, heading, key_action, size_rows, table_view
from workshop.ui.models import (
    EMAIL_PATTERN,
    AgendaTableModel,
    DepartmentTableModel,
    ParticipantTableModel,
    StakeholderTableModel,
    function_label,
)
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage

_NO_DATE = QDate(2000, 1, 1)


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
        self.template_check = QCheckBox(self.tr("Offer as a template for new workshops"))
        self.template_check.toggled.connect(lambda on: self._commit(self.template_check, "is_template", on))
        self._fields: list[tuple[QWidget, str, str]] = [
            (self.title_edit, "title", self.tr("Title")),
            (self.organisation_edit, "organisation", self.tr("Organisation")),
            (self.date_edit, "date", self.tr("Date")),
            (self.facilitator_edit, "facilitator", self.tr("Facilitator")),
            (self.currency_combo, "currency", self.tr("Currency")),
            (self.dots_spin, "dots_per_participant", self.tr("Dots per participant")),
            (self.overload_spin, "overload_limit", self.tr("Overload limit")),
            (self.template_check, "is_template", self.tr("Template")),
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
        merge = f"workshop.{field}" if isinstance(widget, QSpinBox) else None  # spin steps: one undo step
        if self.session.apply(lambda: service.update_workshop(wid, **{field: value}), merge_key=merge) is None:
            self._load_one(widget, getattr(self.session.workshop, field), force=True)

    @staticmethod
    def _text(widget: QWidget) -> str:
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return str(widget.isChecked())
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
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        widget.blockSignals(False)
        self._shown[widget] = self._text(widget)


class SetupStagePage(StagePage):
    """Set-up: who is in the room, who matters outside it, and how the day is planned."""

    stage = Stage.SETUP
    shows = frozenset({"workshop", "department", "participant", "stakeholder", "agenda_item"})

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._shown_loaded: LoadedWorkshop | None = None
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
        self.agenda_view = table_view(self.agenda_model)
        self.agenda_view.setItemDelegateForColumn(
            AgendaTableModel.COL_MINUTES, SpinBoxDelegate(0, 600, step=5, suffix=self.tr(" min"), parent=self)
        )
        header = self.agenda_view.horizontalHeader()
        header.setSectionResizeMode(AgendaTableModel.COL_STAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaTableModel.COL_MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        self.agenda_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clear_agenda_action = key_action(
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
        for title, body, stretch in (
            (self.tr("Workshop"), [self.details], 3),
            (self.tr("Agenda"), [self.agenda_view, self.total_label], 1),
        ):
            column = QVBoxLayout()
            column.setSpacing(12)
            column.addWidget(heading(title))
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
        self.tabs.addTab(self.details_tab, self.tr("Details"))

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

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.clear_message()  # the last edit went through, wherever it was made
        super()._session_changed(tables)

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

    def focus_item(self, ref: ItemRef) -> bool:
        self.refresh()
        if ref.kind is RefKind.WORKSHOP:
            self.tabs.setCurrentWidget(self.details_tab)
            self.details.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.details.title_edit.selectAll()
            return True
        panel = self.panels.get(ref.kind.value)
        if panel is None:
            return False
        if ref.key is None:
            self.tabs.setCurrentWidget(panel)
            panel.quick_add.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not panel.select_name(ref.key):
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
            size_rows(self.agenda_view)
            self._size_agenda()
            for panel in self.panels.values():
                size_rows(panel.view)
                panel.fit_columns()

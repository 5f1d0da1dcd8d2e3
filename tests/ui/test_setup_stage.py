"""The set-up stage driven as a facilitator would (typing, Enter, F2, Delete, Alt+arrows), read from the library."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from workshop.domain.entities import Workshop
from workshop.domain.enums import DepartmentFunction, Stage
from workshop.domain.refs import ItemRef, RefKind
from workshop.services.workshops import WorkshopService
from workshop.ui.models import (
    ROW_ID_ROLE,
    SORT_ROLE,
    AgendaTableModel,
    DepartmentTableModel,
    ParticipantTableModel,
    StakeholderTableModel,
    duration_text,
)
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.setup import ItemListPanel, SetupStagePage


def stored(page: SetupStagePage) -> Workshop:
    """What the library holds now, read afresh (not the page's copy)."""
    return page.session.service.load(page.session.workshop_id).workshop


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Replace a field's text as a person would: focus it, select all, type, press Enter."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def add_by_keyboard(qtbot: QtBot, panel: ItemListPanel, *names: str) -> None:
    for name in names:
        qtbot.keyClicks(panel.quick_add, name)
        qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)


def open_editor(view: QTableView, row: int, column: int) -> QWidget:
    """Open the cell's editor the way F2 does and return it."""
    index = view.model().index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert editor is not None
    assert editor.isVisible(), "open the view's tab first"
    return editor


def commit(qtbot: QtBot, editor: QWidget) -> None:
    """Press Enter in a cell editor; the view commits on its next turn of the event loop and closes it."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())


def select(qtbot: QtBot, panel: ItemListPanel, row: int) -> None:
    panel.view.setFocus()
    panel.select_row(row)
    qtbot.waitUntil(panel.view.hasFocus)


# -- workshop details ----------------------------------------------------------


def test_text_fields_commit_on_enter_once_per_change(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, details = setup_page, setup_page.details
    type_into(qtbot, details.title_edit, "Kick-off 2027")
    type_into(qtbot, details.organisation_edit, "Acme GmbH")
    type_into(qtbot, details.facilitator_edit, "  Maren Vogt  ")
    ws = stored(page)
    assert (ws.title, ws.organisation, ws.facilitator) == ("Kick-off 2027", "Acme GmbH", "Maren Vogt")
    assert page.session.undo_stack.count() == 3, "one undoable edit per field, not per keystroke"
    qtbot.keyClick(details.title_edit, Qt.Key.Key_Return)
    details.organisation_edit.setFocus()
    assert page.session.undo_stack.count() == 3, "an unchanged value is not applied again"
    page.session.undo_stack.undo()
    assert stored(page).facilitator == ""
    assert details.facilitator_edit.text() == ""


def test_date_changes_by_keyboard_and_calendar(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, date_edit = setup_page, setup_page.details.date_edit
    start = stored(page).date
    assert start == date_edit.date().toPython()
    date_edit.setFocus()
    qtbot.keyClick(date_edit, Qt.Key.Key_Up)  # the day section is first
    assert stored(page).date == start + dt.timedelta(days=1)
    date_edit.calendarWidget().setSelectedDate(QDate(2027, 3, 15))
    date_edit.calendarWidget().clicked.emit(QDate(2027, 3, 15))  # what a click in the popup calendar sends
    assert stored(page).date == dt.date(2027, 3, 15)
    assert page.session.undo_stack.count() == 2
    page.details.organisation_edit.setFocus()
    qtbot.keyClick(page.details.organisation_edit, Qt.Key.Key_Tab)  # tabbing in selects the day
    qtbot.waitUntil(date_edit.hasFocus)
    qtbot.keyClicks(date_edit, "28")
    assert stored(page).date == dt.date(2027, 3, 15), "nothing is applied while typing"
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert stored(page).date == dt.date(2027, 3, 28)
    assert page.session.undo_stack.count() == 3


def test_currency_is_three_capitals_and_an_unfinished_code_falls_back(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, combo = setup_page, setup_page.details.currency_combo
    type_into(qtbot, combo.lineEdit(), "usd")
    assert stored(page).currency == "USD"
    assert combo.currentText() == "USD"
    type_into(qtbot, combo.lineEdit(), "x1y")  # the digit is refused as typed
    assert stored(page).currency == "USD"
    for typed, expected in (("ch", "CHF"), ("QZ", "CHF")):  # completed from the list; unfinished falls back
        combo.lineEdit().setFocus()
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(combo.lineEdit(), typed)
        page.details.title_edit.setFocus()
        assert combo.currentText() == expected
        assert stored(page).currency == expected
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next code in the list, chosen at once
    assert stored(page).currency == combo.itemText(combo.findText("CHF") + 1)


def test_dots_and_overload_spins(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, details = setup_page, setup_page.details
    type_into(qtbot, details.dots_spin, "5")
    assert stored(page).dots_per_participant == 5
    details.overload_spin.setFocus()
    qtbot.keyClick(details.overload_spin, Qt.Key.Key_Up)
    assert stored(page).overload_limit == 5
    assert page.session.undo_stack.count() == 2
    assert details.dots_spin.minimum() == 1
    assert details.overload_spin.minimum() == 0


def test_refused_budget_shows_message_and_puts_value_back(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page = setup_sample_page
    type_into(qtbot, page.details.dots_spin, "2")
    assert stored(page).dots_per_participant == 3
    assert page.details.dots_spin.value() == 3
    assert page.message_label.isVisible()
    assert "the budget is 2" in page.message_label.text()
    assert page.message_label.wordWrap()
    type_into(qtbot, page.details.dots_spin, "4")
    assert stored(page).dots_per_participant == 4
    assert not page.message_label.isVisible(), "the next successful edit clears the message"


def test_refresh_does_not_clobber_a_field_being_typed(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, title = setup_page, setup_page.details.title_edit
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " draft")
    service, wid = page.session.service, page.session.workshop_id
    page.session.apply(lambda: service.update_workshop(wid, organisation="Elsewhere"))
    assert title.text() == "T draft"
    assert page.details.organisation_edit.text() == "Elsewhere"
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert stored(page).title == "T draft"


# -- fast entry ----------------------------------------------------------------


def test_quick_add_departments_keeps_focus_for_the_next(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, panel = setup_page, setup_page.departments
    page.tabs.setCurrentWidget(panel)
    panel.quick_add.setFocus()
    add_by_keyboard(qtbot, panel, "Marketing", "Finance", "  ")
    assert [d.name for d in stored(page).departments] == ["Marketing", "Finance"]
    assert panel.quick_add.text() == "  " or panel.quick_add.text().strip() == ""
    assert panel.quick_add.hasFocus()
    assert panel.selected_row() == 1, "the new department is selected"
    assert page.tabs.tabText(page.tabs.indexOf(panel)) == "Departments (2)"
    assert page.session.undo_stack.count() == 2


def test_quick_add_participants_get_the_chosen_department(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page = setup_page
    add_by_keyboard(qtbot, page.departments, "Sales", "IT")
    panel = page.participants
    combo = panel.department_combo
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["No department", "Sales", "IT"]
    add_by_keyboard(qtbot, panel, "Ana")
    combo.setCurrentIndex(combo.findText("IT"))
    add_by_keyboard(qtbot, panel, "Ben", "Chloe")
    people = {p.name: p.department for p in stored(page).participants}
    assert people == {"Ana": None, "Ben": "IT", "Chloe": "IT"}
    assert combo.currentText() == "IT", "the choice stays for the next person"


def test_quick_add_stakeholders(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    add_by_keyboard(qtbot, setup_page.stakeholders, "Board chair", "Key partner")
    ws = stored(setup_page)
    assert [(s.name, s.power, s.interest) for s in ws.stakeholders] == [("Board chair", 3, 3), ("Key partner", 3, 3)]


def test_refused_duplicate_shows_message_keeps_text_and_stores_nothing(
    qtbot: QtBot, setup_page: SetupStagePage
) -> None:
    page, panel = setup_page, setup_page.departments
    add_by_keyboard(qtbot, panel, "Marketing")
    count = page.session.undo_stack.count()
    add_by_keyboard(qtbot, panel, " marketing")
    assert [d.name for d in stored(page).departments] == ["Marketing"]
    assert page.session.undo_stack.count() == count
    assert page.message_label.isVisible()
    assert "already used" in page.message_label.text()
    assert panel.quick_add.text() == " marketing", "the typed name stays to be fixed"
    assert panel.quick_add.selectedText() == " marketing"
    qtbot.keyClicks(panel.quick_add, "Sales")
    qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)
    assert [d.name for d in stored(page).departments] == ["Marketing", "Sales"]
    assert not page.message_label.isVisible()


# -- editing in the tables -------------------------------------------------------


def test_edit_power_interest_department_and_email_through_the_table(
    qtbot: QtBot, setup_sample_page: SetupStagePage
) -> None:
    page, view = setup_sample_page, setup_sample_page.participants.view
    page.tabs.setCurrentWidget(page.participants)
    spin = open_editor(view, 1, ParticipantTableModel.COL_POWER)
    assert isinstance(spin, QSpinBox)
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 5, 2)
    qtbot.keyClicks(spin, "5")
    commit(qtbot, spin)
    lea = stored(page).participants[1]
    assert (lea.name, lea.power) == ("Lea Schuster", 5)
    spin = open_editor(view, 1, ParticipantTableModel.COL_INTEREST)
    qtbot.keyClicks(spin, "9")  # out of range: the spin box does not take it
    commit(qtbot, spin)
    assert stored(page).participants[1].interest == 5

    combo = open_editor(view, 1, ParticipantTableModel.COL_DEPARTMENT)
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Marketing"
    combo.setCurrentIndex(combo.findText("Finance"))
    commit(qtbot, combo)
    assert stored(page).participants[1].department == "Finance"

    email = open_editor(view, 1, ParticipantTableModel.COL_EMAIL)
    assert isinstance(email, QLineEdit)
    email.selectAll()
    qtbot.keyClicks(email, "lea@")
    qtbot.keyClick(email, Qt.Key.Key_Return)  # not an address yet: Enter is ignored
    assert view.indexWidget(view.model().index(1, ParticipantTableModel.COL_EMAIL)) is email
    qtbot.keyClicks(email, "example.org")
    commit(qtbot, email)
    assert stored(page).participants[1].email == "lea@example.org"


def test_f2_renames_and_typing_starts_an_edit(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page, panel = setup_sample_page, setup_sample_page.departments
    page.tabs.setCurrentWidget(panel)
    select(qtbot, panel, 2)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Customer Care")
    commit(qtbot, editor)
    assert stored(page).departments[2].name == "Customer Care"
    assert panel.selected_row() == 2
    qtbot.keyClicks(panel.view, "S")  # typing on a selected cell opens its editor with that key
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "S"
    qtbot.keyClicks(editor, "upport")
    commit(qtbot, editor)
    assert stored(page).departments[2].name == "Support"

    panel.view.setCurrentIndex(panel.model.index(2, DepartmentTableModel.COL_FUNCTION))
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("operations"))
    commit(qtbot, combo)
    assert stored(page).departments[2].function is DepartmentFunction.OPERATIONS


def test_renaming_to_a_used_name_is_refused(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page, view = setup_sample_page, setup_sample_page.stakeholders.view
    page.tabs.setCurrentWidget(page.stakeholders)
    editor = open_editor(view, 0, StakeholderTableModel.COL_NAME)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "dr. henrik sommer")
    commit(qtbot, editor)
    assert stored(page).stakeholders[0].name == "Eva Lindqvist"
    assert view.model().index(0, 0).data() == "Eva Lindqvist"
    assert "already used" in page.message_label.text()


def test_invalid_email_left_by_focus_is_refused(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page = setup_sample_page
    model = page.participants.model
    assert not model.setData(model.index(0, ParticipantTableModel.COL_EMAIL), "not-an-address")
    assert "Email must look like" in page.message_label.text()
    assert stored(page).participants[0].email == "jonas.albrecht@nordlicht-bikes.example"
    assert model.setData(model.index(0, ParticipantTableModel.COL_EMAIL), "")
    assert stored(page).participants[0].email is None


# -- remove, move, undo, redo ----------------------------------------------------


def test_delete_key_removes_and_undo_brings_back_with_its_people(
    qtbot: QtBot, setup_sample_page: SetupStagePage
) -> None:
    page, panel = setup_sample_page, setup_sample_page.departments
    page.tabs.setCurrentWidget(panel)
    before = stored(page)
    select(qtbot, panel, 0)
    assert "Ctrl+Z" in panel.remove_action.toolTip()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    after = stored(page)
    assert [d.name for d in after.departments] == [d.name for d in before.departments[1:]]
    assert after.participants[0].department is None
    assert panel.selected_row() == 0, "the next department is selected, ready for another Delete"
    page.session.undo_stack.undo()
    assert stored(page) == before
    assert panel.model.rowCount() == len(before.departments)
    page.session.undo_stack.redo()
    assert stored(page).departments[0].name == "Sales"
    assert panel.model.index(0, 0).data() == "Sales"


def test_remove_button_and_nothing_selected(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page, panel = setup_sample_page, setup_sample_page.stakeholders
    page.tabs.setCurrentWidget(panel)
    assert not panel.remove_action.isEnabled()
    panel.select_row(2)
    assert panel.remove_action.isEnabled()
    buttons = {b.text(): b for b in panel.findChildren(type(page.departments.add_button))}
    qtbot.mouseClick(buttons["Remove"], Qt.MouseButton.LeftButton)
    assert [s.name for s in stored(page).stakeholders] == ["Eva Lindqvist", "Dr. Henrik Sommer"]
    assert page.tabs.tabText(page.tabs.indexOf(panel)) == "Stakeholders (2)"


def test_alt_arrows_move_and_undo(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page, panel = setup_sample_page, setup_sample_page.participants
    page.tabs.setCurrentWidget(panel)
    select(qtbot, panel, 0)
    assert not panel.move_up_action.isEnabled()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    names = [p.name for p in stored(page).participants]
    assert names[:3] == ["Lea Schuster", "Tobias Brandt", "Jonas Albrecht"]
    assert panel.selected_row() == 2, "the moved person stays selected"
    qtbot.keyClick(panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [p.name for p in stored(page).participants][:2] == ["Lea Schuster", "Jonas Albrecht"]
    for _ in range(3):
        page.session.undo_stack.undo()
    assert stored(page).participants[0].name == "Jonas Albrecht"
    page.session.undo_stack.redo()
    assert stored(page).participants[1].name == "Jonas Albrecht"
    panel.select_row(panel.model.rowCount() - 1)
    assert not panel.move_down_action.isEnabled()


# -- agenda ----------------------------------------------------------------------


def test_agenda_minutes_and_total(qtbot: QtBot, setup_page: SetupStagePage) -> None:
    page, view = setup_page, setup_page.agenda_view
    assert page.total_label.text() == "Total: 0 min"
    spin = open_editor(view, 1, AgendaTableModel.COL_MINUTES)
    assert isinstance(spin, QSpinBox)
    qtbot.keyClicks(spin, "150")
    commit(qtbot, spin)
    spin = open_editor(view, 3, AgendaTableModel.COL_MINUTES)
    qtbot.keyClicks(spin, "120")
    commit(qtbot, spin)
    agenda = {item.stage: item.minutes for item in stored(page).agenda}
    assert agenda == {Stage.OUTCOMES: 150, Stage.CHANNELS: 120}
    assert page.total_label.text() == "Total: 4 h 30 min"
    assert view.model().index(1, AgendaTableModel.COL_MINUTES).data() == "2 h 30 min"
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(view.model().index(3, AgendaTableModel.COL_MINUTES))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert {item.stage for item in stored(page).agenda} == {Stage.OUTCOMES}
    assert page.total_label.text() == "Total: 2 h 30 min"
    page.session.undo_stack.undo()
    assert page.total_label.text() == "Total: 4 h 30 min"


def test_duration_text() -> None:
    assert [duration_text(m) for m in (0, 45, 60, 270)] == ["0 min", "45 min", "1 h", "4 h 30 min"]


# -- focus for the checks panel --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "key", "tab", "row"),
    [
        ("department", "finance", "Departments (8)", 4),
        ("participant", " Paul Lehmann ", "Participants (12)", 8),
        ("stakeholder", "Radhaus Müller KG", "Stakeholders (3)", 2),
    ],
)
def test_focus_item_selects_the_row(
    qtbot: QtBot, setup_sample_page: SetupStagePage, kind: str, key: str, tab: str, row: int
) -> None:
    page = setup_sample_page
    assert page.focus_item(ItemRef(RefKind(kind), key))
    panel = page.panels[kind]
    assert page.tabs.currentWidget() is panel
    assert page.tabs.tabText(page.tabs.currentIndex()) == tab
    assert panel.selected_row() == row
    qtbot.waitUntil(panel.view.hasFocus)


def test_focus_item_workshop_and_unknown(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page = setup_sample_page
    page.tabs.setCurrentIndex(2)
    assert page.focus_item(ItemRef(RefKind.WORKSHOP, "Social strategy 2027"))
    assert page.tabs.currentWidget() is page.details_tab
    qtbot.waitUntil(page.details.title_edit.hasFocus)
    assert page.details.title_edit.selectedText() == "Social strategy 2027"
    assert not page.focus_item(ItemRef(RefKind.PARTICIPANT, "Nobody"))
    assert not page.focus_item(ItemRef(RefKind.OUTCOME, "O1"))


# -- the models on their own (Vorta-style) ----------------------------------------


def test_models_expose_display_sort_and_row_id(service: WorkshopService) -> None:
    from workshop.services.catalog import sample_workshop

    session = WorkshopSession(service, service.import_workshop(sample_workshop()).result)
    departments = DepartmentTableModel(session)
    index = departments.index(5, DepartmentTableModel.COL_FUNCTION)
    assert (index.data(), index.data(Qt.ItemDataRole.EditRole), index.data(SORT_ROLE)) == ("HR", "hr", "hr")
    assert departments.index(5, 0).data(ROW_ID_ROLE) == session.id_of("department", "People & Culture")
    people = ParticipantTableModel(session)
    assert people.rowCount() == 12
    assert people.headerData(ParticipantTableModel.COL_POWER, Qt.Orientation.Horizontal) == "Power"
    power = people.index(0, ParticipantTableModel.COL_POWER)
    assert (power.data(), power.data(SORT_ROLE)) == ("4", 4)
    assert people.index(0, 0).data(SORT_ROLE) == "jonas albrecht"
    count = session.undo_stack.count()
    assert people.setData(power, 4), "an unchanged value is accepted without an edit"
    assert session.undo_stack.count() == count
    assert people.setData(power, 2)
    assert session.undo_stack.count() == count + 1
    assert people.index(0, ParticipantTableModel.COL_POWER).data() == "4", "the model waits for refresh"
    assert people.refresh() is False
    assert people.index(0, ParticipantTableModel.COL_POWER).data() == "2"
    stakeholders = StakeholderTableModel(session)
    assert stakeholders.index(0, StakeholderTableModel.COL_DEPARTMENT).data() == ""
    agenda = AgendaTableModel(session)
    assert agenda.total_minutes() == 270
    assert agenda.index(0, AgendaTableModel.COL_STAGE).data(ROW_ID_ROLE) == "setup"

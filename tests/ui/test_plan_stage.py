"""The action plan stage: the action table model and its filters without widgets, then a walk-through in the
window by keyboard: generate with a preview, edit owner, due and cost, bulk-set a status, delete a generated action
and undo it, filter, reopen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDoubleSpinBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key, open_on_stage, reactivate
from workshop.domain.enums import ActionStatus, Stage
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.main_window import MainWindow
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.plan.actions_model import ActionFilter, ActionTableModel, is_overdue
from workshop.ui.stages.plan.dialogs import BulkEdit, GeneratePreview
from workshop.ui.stages.plan.page import PlanStagePage

M = ActionTableModel
DISPLAY = Qt.ItemDataRole.DisplayRole
TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def test_rows_are_the_actions_with_plain_origins_and_overdue_marked(session: WorkshopSession) -> None:
    model = M(session, today=TODAY)
    ws = session.workshop
    assert model.rowCount() == len(ws.actions)
    first = ws.actions[0]
    assert model.index(0, M.COL_TITLE).data(DISPLAY) == first.title
    assert model.index(0, M.COL_ORIGIN).data(DISPLAY) != first.origin  # plain words, the stored origin in the tip
    assert model.index(0, M.COL_ORIGIN).data(Qt.ItemDataRole.ToolTipRole) == first.origin
    late = next(r for r in range(model.rowCount()) if is_overdue(model.action(r), TODAY))
    assert "Overdue" in model.index(late, M.COL_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(late, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert not model.flags(model.index(0, M.COL_ORIGIN)) & Qt.ItemFlag.ItemIsEditable


def test_each_cell_edit_is_one_undoable_edit_and_a_wrong_name_is_refused(session: WorkshopSession) -> None:
    model = M(session, today=TODAY)
    said: list[str] = []
    session.refused.connect(said.append)
    person = session.workshop.participants[-1].name
    assert model.setData(model.index(0, M.COL_OWNER), person)
    assert model.setData(model.index(0, M.COL_DUE), dt.date(2027, 9, 30))
    assert model.setData(model.index(0, M.COL_COST), 1500.0)
    assert model.setData(model.index(0, M.COL_STATUS), "blocked")
    model.refresh()
    a = session.workshop.actions[0]
    assert (a.owner, a.due, a.cost, a.status) == (person, dt.date(2027, 9, 30), 1500.0, ActionStatus.BLOCKED)
    assert session.undo_stack.count() == 4
    assert not model.setData(model.index(0, M.COL_OWNER), "Nobody Here") and "Nobody Here" in said[-1]
    assert not model.setData(model.index(0, M.COL_COST), -5)
    for _ in range(4):
        session.undo_stack.undo()
    assert session.workshop.actions[0] == sample_workshop().actions[0]


def test_filters_by_owner_department_outcome_status_and_overdue(session: WorkshopSession) -> None:
    model = M(session, today=TODAY)
    proxy = ActionFilter(session)
    proxy.setSourceModel(model)
    ws = session.workshop
    owner = next(a.owner for a in ws.actions if a.owner)
    proxy.set_filters(owner=owner.upper())  # compared as names are
    assert proxy.rowCount() == sum(a.owner == owner for a in ws.actions) > 0
    dept = next(p.department for p in ws.participants if p.name == owner)
    proxy.set_filters(department=dept or "")
    people = {p.name for p in ws.participants if p.department == dept}
    assert proxy.rowCount() == sum(a.owner in people for a in ws.actions)
    proxy.set_filters(outcome="O1", status="todo")
    assert proxy.rowCount() == sum(a.outcome == "O1" and a.status is ActionStatus.TODO for a in ws.actions)
    proxy.set_filters(overdue_only=True)
    assert proxy.rowCount() == sum(is_overdue(a, TODAY) for a in ws.actions)
    proxy.set_filters()
    assert proxy.rowCount() == len(ws.actions) and not proxy.active()


def open_stage(qtbot: QtBot, window: MainWindow, ws) -> tuple[int, PlanStagePage]:  # type: ignore[no-untyped-def]
    wid, page = open_on_stage(qtbot, window, ws, Stage.PLAN)  # Ctrl+6
    assert isinstance(page, PlanStagePage)
    qtbot.waitUntil(page.table.hasFocus)
    return wid, page


def test_a_facilitator_generates_edits_bulk_sets_deletes_undoes_filters_and_reopens(
    qtbot: QtBot, window: MainWindow
) -> None:
    ws = sample_workshop()
    ws.actions = [a for a in ws.actions if a.origin == "manual"]  # generating has work to do
    wid, page = open_stage(qtbot, window, ws)
    session = window.session
    assert session is not None
    manual = len(ws.actions)

    previewed: list[int] = []

    def accept(dialog: QWidget) -> None:
        assert isinstance(dialog, GeneratePreview) and dialog.add_button is not None
        previewed.append(dialog.list.count())
        dialog.add_button.click()

    when_dialog_opens(accept)
    key(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    reactivate(qtbot, window)
    assert previewed and len(session.workshop.actions) == manual + previewed[0]
    assert session.undo_stack.count() == 1

    # Owner, due and cost of the first generated action, by keyboard.
    table, proxy = page.table, page.proxy
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    row = next(r for r in range(proxy.rowCount()) if page.model.action(proxy.mapToSource(proxy.index(r, 0)).row())
               .origin != "manual")  # fmt: skip
    target = page.model.action(proxy.mapToSource(proxy.index(row, 0)).row()).title
    person = session.workshop.participants[2].name
    table.setCurrentIndex(proxy.index(row, M.COL_OWNER))
    key(qtbot, Qt.Key.Key_F2)
    combo = table.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(person))
    key(qtbot, Qt.Key.Key_Return)
    table.setCurrentIndex(proxy.index(row, M.COL_DUE))
    key(qtbot, Qt.Key.Key_F2)
    date = table.findChild(QDateEdit)
    assert isinstance(date, QDateEdit)
    date.setDate(QDate(2027, 10, 15))
    key(qtbot, Qt.Key.Key_Return)
    table.setCurrentIndex(proxy.index(row, M.COL_COST))
    key(qtbot, Qt.Key.Key_F2)
    spin = table.findChild(QDoubleSpinBox)
    assert isinstance(spin, QDoubleSpinBox)
    qtbot.keyClicks(spin.lineEdit(), "2500")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    edited = next(a for a in session.workshop.actions if a.title == target)
    assert (edited.owner, edited.due, edited.cost) == (person, dt.date(2027, 10, 15), 2500.0)

    # Bulk: the first three rows to "doing", as one edit.
    table.selectRow(0)
    for r in (1, 2):
        table.selectionModel().select(proxy.index(r, 0), table.selectionModel().SelectionFlag.Select
                                      | table.selectionModel().SelectionFlag.Rows)  # fmt: skip
    ids = page.selected_ids()
    assert len(ids) == 3
    count = session.undo_stack.count()

    def bulk(dialog: QWidget) -> None:
        assert isinstance(dialog, BulkEdit)
        dialog.status_on.setChecked(True)
        dialog.status.setCurrentIndex(dialog.status.findData("doing"))
        dialog.accept()

    when_dialog_opens(bulk)
    key(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    reactivate(qtbot, window)
    assert session.undo_stack.count() == count + 1
    statuses = [a.status for i, a in zip(session.loaded.action_ids, session.workshop.actions, strict=True) if i in ids]
    assert statuses == [ActionStatus.DOING] * 3

    # Delete a generated action: its origin is dismissed in the same edit; undo brings back both.
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.clearSelection()
    table.setCurrentIndex(proxy.index(row, M.COL_TITLE))
    origin = next(a.origin for a in session.workshop.actions if a.title == target)
    key(qtbot, Qt.Key.Key_Delete)
    assert target not in [a.title for a in session.workshop.actions]
    assert origin in session.workshop.dismissed_origins
    window.undo_action.trigger()
    assert target in [a.title for a in session.workshop.actions] and origin not in session.workshop.dismissed_origins

    # Filter: overdue only, then one owner.
    page.overdue_filter.setChecked(True)
    assert proxy.rowCount() == sum(is_overdue(a, dt.date.today()) for a in session.workshop.actions)
    page.overdue_filter.setChecked(False)
    page.owner_filter.setCurrentIndex(page.owner_filter.findData(person))
    assert proxy.rowCount() == sum(a.owner == person for a in session.workshop.actions) >= 1
    assert "showing" in page.count_label.text()

    window.close_workshop()
    window.open_workshop(wid)
    assert window.session is not None
    again = next(a for a in window.session.workshop.actions if a.title == target)
    assert (again.owner, again.due, again.cost) == (person, dt.date(2027, 10, 15), 2500.0)
    assert len(window.session.workshop.actions) == manual + previewed[0]


def test_return_says_why_a_figure_is_undefined_and_workload_marks_the_overloaded(session: WorkshopSession) -> None:
    from workshop.domain.plan_report import plan_workload, return_rows
    from workshop.ui.stages.plan.tables import ReturnModel, WorkloadModel

    returns = ReturnModel(session)
    returns.refresh()
    rows = return_rows(session.analysis)
    assert returns.rowCount() == len(rows) + 1 and returns.cell(len(rows), 0) == "The whole plan"
    unvalued = next(i for i, r in enumerate(rows) if r.expected_value is None)
    assert returns.cell(unvalued, 2) == "n/a" and returns.cell(unvalued, 5) == rows[unvalued].why
    assert rows[unvalued].why
    workload = WorkloadModel(session)
    workload.refresh()
    people = plan_workload(session.workshop)
    over = next(i for i, r in enumerate(people) if r.overloaded)
    assert "over the limit" in workload.cell(over, 5)
    assert workload.index(over, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert workload.cell(0, 2) == str(people[0].actions)

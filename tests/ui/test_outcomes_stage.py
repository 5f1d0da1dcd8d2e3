"""The outcomes stage: the table model on its own, and the page through its real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.enums import OutcomeCategory, Stage
from workshop.export import palette
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.main_window import MainWindow
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.outcomes import OutcomesStagePage
from workshop.ui.stages.outcomes.models import CATEGORY_ROLE, MARKERS_ROLE, OutcomeTableModel
from workshop.ui.stages.outcomes.templates import TemplatePicker

M = OutcomeTableModel


@pytest.fixture
def model(service: WorkshopService) -> OutcomeTableModel:
    return OutcomeTableModel(WorkshopSession(service, service.import_workshop(sample_workshop()).result))


def test_model_rows_roles_colours_and_sort_values(model: OutcomeTableModel) -> None:
    assert model.rowCount() == 8 and model.columnCount() == 7
    o1 = model.index(0, M.COL_KEY)
    assert o1.data() == "O1" and model.index(0, M.COL_TITLE).data() == "Cut support cost per customer"
    category = model.index(0, M.COL_CATEGORY)
    assert category.data(CATEGORY_ROLE) == OutcomeCategory.SUPPORT
    assert category.data(Qt.ItemDataRole.DecorationRole) == QColor(palette.CATEGORY_COLOURS[OutcomeCategory.SUPPORT])
    annual = model.index(0, M.COL_ANNUAL)
    assert annual.data(SORT_ROLE) == pytest.approx(336000.0)  # |30 - 38| * 42,000
    assert annual.data() == "336,000 EUR"
    assert model.index(0, M.COL_EV).data(SORT_ROLE) == pytest.approx(201600.0)
    o3 = 2
    assert (
        model.index(o3, M.COL_ANNUAL).data() == "no value yet" and model.index(o3, M.COL_ANNUAL).data(SORT_ROLE) == ""
    )
    assert model.index(o3, M.COL_REVIEW).data(MARKERS_ROLE) == ["W_CHANNEL_LED", "W_VANITY", "W_UNVALUED"]
    assert model.index(o3, M.COL_REVIEW).data() == "⚑ names a platform · ⚑ vanity metric · ⚑ no value"
    assert model.index(6, M.COL_REVIEW).data() == "⚑ KPI incomplete"
    assert model.index(0, M.COL_REVIEW).data() == ""


def test_model_flags_and_hidden_dots(model: OutcomeTableModel) -> None:
    editable = {c for c in range(model.columnCount()) if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable}
    assert editable == {M.COL_KEY, M.COL_TITLE, M.COL_CATEGORY}
    dots = [model.index(r, M.COL_DOTS).data(SORT_ROLE) for r in range(model.rowCount())]
    assert sum(dots) == sum(v.dots for v in model.session.workshop.votes if v.channel is None)
    model.hide_dots = True
    assert all(model.index(r, M.COL_DOTS).data() == "" for r in range(model.rowCount()))


def test_model_edits_through_the_session(model: OutcomeTableModel) -> None:
    session = model.session
    assert model.setData(model.index(0, M.COL_TITLE), "Fewer support calls")
    assert session.workshop.outcomes[0].title == "Fewer support calls"
    assert model.setData(model.index(0, M.COL_CATEGORY), "cost_reduction")
    assert session.workshop.outcomes[0].category is OutcomeCategory.COST_REDUCTION
    assert not model.setData(model.index(0, M.COL_KEY), "O2")  # used: refused, nothing stored
    assert session.workshop.outcomes[0].key == "O1"
    assert session.undo_stack.count() == 2


def _page(window: MainWindow) -> OutcomesStagePage:
    window.go_to_stage(Stage.OUTCOMES)
    page = window.view.stage_pages[Stage.OUTCOMES]
    assert isinstance(page, OutcomesStagePage)
    return page


def _pick_template(search: str) -> None:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplatePicker)
        dialog.search.setText(search)
        dialog.search.returnPressed.emit()

    when_dialog_opens(handle)


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.window().activateWindow()  # offscreen, a closed dialog gives activation back to nobody
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _type_in(qtbot: QtBot, widget: QWidget, text: str) -> None:
    _focus(qtbot, widget)
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def test_walk_through_outcomes_by_template_and_by_hand(qtbot: QtBot, window: MainWindow, library_path: Path) -> None:
    assert window.library is not None
    service = window.library.workshops
    wid = int(service.create_workshop("Kick-off").result)
    for name in ("Ana", "Bo", "Cem"):
        service.add("participant", wid, name=name)
    window.refresh_workshops()
    window.open_workshop(wid)
    page = _page(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.panel.view.setFocus()
    qtbot.waitUntil(page.panel.view.hasFocus)
    session = window.session
    # Two from templates (Ctrl+T), one by hand.
    for n, search in enumerate(("support cost", "repeat purchase"), start=1):
        _pick_template(search)
        window.activateWindow()  # offscreen, a closed dialog gives activation back to nobody
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(page.panel.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda n=n: len(session.workshop.outcomes) == n)
    titles = [o.title for o in session.workshop.outcomes]
    assert len(titles) == 2 and [o.key for o in session.workshop.outcomes] == ["O1", "O2"]
    assert page.editor.hint_label.isVisible() and page.editor.hint_label.text().startswith("How to value it")
    _type_in(qtbot, page.panel.quick_add, "Grow our Instagram followers")
    qtbot.keyClick(page.panel.quick_add, Qt.Key.Key_Return)
    assert [o.key for o in session.workshop.outcomes] == ["O1", "O2", "O3"]
    # The platform-talk marker is on the row and in the editor.
    row = page.model.row_of_name("O3")
    assert "names a platform" in page.model.index(row, M.COL_REVIEW).data()
    page.panel.select_row(row)
    assert page.editor.coaching_box.isVisibleTo(page.editor)
    assert "Instagram</span>" in page.editor.coaching.text()
    # Values for O1, and the expected value follows the typing before anything is saved.
    page.panel.select_row(page.model.row_of_name("O1"))
    editor = page.editor
    for field, text in (("kpi_baseline", "40"), ("kpi_target", "30"), ("value_per_unit", "1000")):
        _type_in(qtbot, editor.edits[field], text)
        if field == "value_per_unit":
            assert editor.computed_label.isVisibleTo(editor) and "10,000 EUR a year" in editor.computed_label.text()
            assert editor.ev_label.text() == "5,000 EUR"  # confidence 50 %
        qtbot.keyClick(editor.edits[field], Qt.Key.Key_Tab)
    o1 = session.workshop.outcomes[0]
    assert (o1.kpi.baseline, o1.kpi.target, o1.value_per_unit) == (40, 30, 1000)
    # A wrong value is refused at the field with the service's words; nothing stored.
    _type_in(qtbot, editor.edits["value_per_unit"], "-5")
    qtbot.keyClick(editor.edits["value_per_unit"], Qt.Key.Key_Tab)
    assert editor.message.isVisibleTo(editor) and "Value per unit must be" in editor.message.text()
    assert session.workshop.outcomes[0].value_per_unit == 1000
    # Reframe the platform talk: the marker clears.
    page.panel.select_row(page.model.row_of_name("O3"))
    _pick_template("lead")
    editor.reframe_button.click()
    o3 = next(o for o in session.workshop.outcomes if o.key == "O3")
    assert "Instagram" not in o3.title and not page.editor.coaching_box.isVisibleTo(page.editor)
    assert page.model.index(page.model.row_of_name("O3"), M.COL_REVIEW).data().find("platform") < 0
    # Reorder with Alt+Up, duplicate with Ctrl+D.
    _focus(qtbot, page.panel.view)
    qtbot.keyClick(page.panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [o.key for o in session.workshop.outcomes] == ["O1", "O3", "O2"]
    qtbot.keyClick(page.panel.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [o.key for o in session.workshop.outcomes] == ["O1", "O3", "O4", "O2"]
    # Dot voting (F8): three participants, one over the budget of 3 refused, naming her.
    _focus(qtbot, page.panel.view)
    qtbot.keyClick(page.panel.view, Qt.Key.Key_F8)
    voting = page.voting
    assert page.views.currentWidget() is voting
    for person, key, digit in (("Ana", "O2", "3"), ("Bo", "O3", "2"), ("Cem", "O1", "4")):
        voting.set_current_cell(voting.model.row_of(key) or 0, voting.model.column_of(person) or 0)
        _focus(qtbot, voting.grid)
        qtbot.keyClicks(voting.grid, digit)
    votes = {(v.participant, v.outcome): v.dots for v in session.workshop.votes}
    assert votes == {("Ana", "O2"): 3, ("Bo", "O3"): 2}
    assert "Cem" in voting.message_label.text()
    # Hidden tally: no dots in the table, cards in the room's order without dots; revealed again.
    voting.set_hidden(True)
    assert page.model.hide_dots and page.model.index(0, M.COL_DOTS).data() == ""
    assert voting.model.progress_text() == "5 of 9 dots placed"
    voting.set_hidden(False)
    assert page.model.index(page.model.row_of_name("O2"), M.COL_DOTS).data() == "3"
    # Undo the last vote with Ctrl+Z.
    window.undo_action.trigger()
    assert {(v.participant, v.outcome) for v in session.workshop.votes} == {("Ana", "O2")}
    window.redo_action.trigger()
    # The outcome map (F9) shows, drawn with the dots.
    _focus(qtbot, voting.grid)
    qtbot.keyClick(voting.grid, Qt.Key.Key_F9)
    assert page.views.currentWidget() is page.map
    qtbot.waitUntil(lambda: page.map.figure is not None)
    # Cards for the projector: F7, in priority order.
    _focus(qtbot, page.map)
    qtbot.keyClick(page.map, Qt.Key.Key_F7)
    assert page.views.currentWidget() is page.cards and len(page.cards.cards) == 4
    assert [c.key for c in page.cards.cards][:2] == ["O2", "O3"]  # 3 dots, then 2
    # Close and reopen: all of it is there.
    window.close_workshop()
    window.open_workshop(wid)
    again = [(o.key, o.title) for o in window.session.workshop.outcomes]
    assert [k for k, _t in again] == ["O1", "O3", "O4", "O2"]
    assert window.session.workshop.outcomes[0].value_per_unit == 1000
    assert {(v.participant, v.outcome): v.dots for v in window.session.workshop.votes} == {
        ("Ana", "O2"): 3,
        ("Bo", "O3"): 2,
    }
    QApplication.processEvents()

"""The dot-voting grid: the model without widgets, then typing and clicking into the real view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QFontMetrics, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library
from workshop.ui.app import apply_style
from workshop.ui.models import ROW_ID_ROLE, SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.settings import HIDDEN_TALLY_WORKSHOPS, AppSettings
from workshop.ui.widgets.voting import VotingModel, VotingView, compact_money, fitted_lines

DISPLAY, EDIT, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
PRIORITY = ["O1", "O2", "O4", "O5", "O7", "O3", "O6", "O8"]  # the sample's: dots, then EV, then room order


def _sample_session(service: WorkshopService, *, outcome_votes: bool = True) -> WorkshopSession:
    ws = sample_workshop()
    if not outcome_votes:
        ws.votes = [v for v in ws.votes if v.channel is not None]  # channel dots stay: they must not count
    return WorkshopSession(service, service.import_workshop(ws).result)


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    """The shipped sample: 12 participants in 8 departments, 8 outcomes, every outcome dot placed (36 of 36)."""
    return _sample_session(service)


@pytest.fixture
def fresh(service: WorkshopService) -> WorkshopSession:
    """The sample before the room voted on outcomes (its channel dots are still there)."""
    return _sample_session(service, outcome_votes=False)


def outcome_dots(session: WorkshopSession, participant: str, outcome: str) -> int | None:
    found = [
        v.dots
        for v in session.workshop.votes
        if v.channel is None and name_key(v.participant) == name_key(participant) and v.outcome == outcome
    ]
    return found[0] if found else None


def cell(model: VotingModel, outcome: str, participant: str, role: int = DISPLAY) -> object:
    row, column = model.row_of(outcome), model.column_of(participant)
    assert row is not None and column is not None
    return model.index(row, column).data(role)


def summary(model: VotingModel, outcome: str, column: int, role: int = DISPLAY) -> object:
    row = model.row_of(outcome)
    assert row is not None
    return model.index(row, column).data(role)


# -- the model, without a view ------------------------------------------------------------------------


def test_model_rows_columns_roles_flags_and_sort_values(session: WorkshopSession) -> None:
    model = VotingModel(session)
    assert model.rowCount() == 8 and model.columnCount() == 12 + 3
    assert [model.outcome(r).key for r in range(8)] == [f"O{i}" for i in range(1, 9)]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Jonas\nAlbrecht\nMarketing\n0 left"
    assert "Jonas Albrecht (Marketing)" in model.headerData(0, Qt.Orientation.Horizontal, TIP)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (12, 13, 14)] == ["Total", "Value", "Rank"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "O1  Cut support cost per customer"
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is not None

    assert cell(model, "O2", "Jonas Albrecht") == "1" and cell(model, "O2", "Jonas Albrecht", EDIT) == 1
    assert cell(model, "O1", "Jonas Albrecht") == "" and cell(model, "O1", "Jonas Albrecht", SORT_ROLE) == 0
    assert cell(model, "O3", "Jonas Albrecht", SORT_ROLE) == 2  # his channel dots on O3 do not count
    assert summary(model, "O1", model.col_total) == "8" and summary(model, "O1", model.col_total, SORT_ROLE) == 8
    assert summary(model, "O2", model.col_total) == "8"
    ranks = {model.outcome(r).key: model.index(r, model.col_rank).data(SORT_ROLE) for r in range(8)}
    assert sorted(ranks, key=ranks.__getitem__) == PRIORITY  # O1 and O2 tie on dots: O1 has the larger EV
    assert summary(model, "O1", model.col_rank) == "1" and summary(model, "O8", model.col_rank) == "8"
    assert summary(model, "O3", model.col_ev) == "no value" and summary(model, "O3", model.col_ev, SORT_ROLE) == 0
    assert summary(model, "O1", model.col_ev, SORT_ROLE) == pytest.approx(session.analysis.expected_values["o1"])
    assert model.index(0, 0).data(ROW_ID_ROLE) == session.id_of("outcome", "O1")

    participant = model.index(0, model.column_of("Lea Schuster") or 0)
    assert model.flags(participant) & Qt.ItemFlag.ItemIsEditable
    for column in (model.col_total, model.col_ev, model.col_rank):
        assert not model.flags(model.index(0, column)) & Qt.ItemFlag.ItemIsEditable
    assert model.remaining("Jonas Albrecht") == 0 and model.progress_text() == "36 of 36 dots placed"


def test_columns_are_grouped_in_department_order(session: WorkshopSession) -> None:
    service, wid = session.service, session.workshop_id
    marketing = session.id_of("department", "Marketing")
    session.apply(lambda: service.add("participant", wid, name="Zoe Winter", department_id=marketing))
    session.apply(lambda: service.add("participant", wid, name="Uli Frei"))  # no department: last
    model = VotingModel(session)
    names = [model.column(c).name for c in range(model.data_columns)]
    assert names[:3] == ["Jonas Albrecht", "Lea Schuster", "Zoe Winter"] and names[-1] == "Uli Frei"
    assert model.headerData(model.column_of("Uli Frei") or 0, Qt.Orientation.Horizontal) == "Uli Frei\n3 left"
    assert model.progress_text() == "36 of 42 dots placed"


def test_remaining_dots_and_progress_follow_the_votes(fresh: WorkshopSession) -> None:
    model = VotingModel(fresh)
    assert model.progress_text() == "0 of 36 dots placed" and model.remaining("Aylin Demir") == 3
    column = model.column_of("Aylin Demir")
    assert column is not None
    assert model.setData(model.index(model.row_of("O2") or 0, column), 2)
    assert outcome_dots(fresh, "Aylin Demir", "O2") == 2
    assert model.remaining("Aylin Demir") == 1 and "1 left" in model.headerData(column, Qt.Orientation.Horizontal)
    assert model.progress_text() == "2 of 36 dots placed"
    assert model.setData(model.index(model.row_of("O2") or 0, column), 0)  # 0 clears
    assert outcome_dots(fresh, "Aylin Demir", "O2") is None and model.progress_text() == "0 of 36 dots placed"


def test_a_vote_over_budget_is_refused_naming_the_participant(qtbot: QtBot, fresh: WorkshopSession) -> None:
    model = VotingModel(fresh)
    column = model.column_of("Paul Lehmann")
    assert column is not None and model.setData(model.index(0, column), 2)
    with qtbot.waitSignal(model.refused) as refusal:
        assert not model.setData(model.index(1, column), 2)
    assert "Paul Lehmann" in refusal.args[0] and "budget is 3" in refusal.args[0]
    assert outcome_dots(fresh, "Paul Lehmann", "O2") is None and model.remaining("Paul Lehmann") == 1


def test_a_vote_changes_cells_without_resetting_the_model(qtbot: QtBot, fresh: WorkshopSession) -> None:
    model = VotingModel(fresh)
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda top, _bottom, _roles=(): changed.append((top.row(), top.column())))
    column = model.column_of("Julia Richter") or 0
    model.add_dots(6, column)
    assert not resets and (6, column) in changed and (0, model.col_total) in changed
    changed.clear()
    fresh.apply(lambda: fresh.service.set_agenda(fresh.workshop_id, "plan", 30))  # a table the grid does not show
    assert not changed
    fresh.apply(lambda: fresh.service.add("outcome", fresh.workshop_id, key="O9", title="Ninth", category="insight"))
    assert resets and model.rowCount() == 9


def test_hidden_mode_shows_only_the_participant_being_entered(session: WorkshopSession) -> None:
    model = VotingModel(session)
    model.set_hidden(True, entering="Lea Schuster")
    assert model.hidden and model.entering() == "Lea Schuster"
    lea, jonas = model.column_of("Lea Schuster"), model.column_of("Jonas Albrecht")
    assert lea is not None and jonas is not None
    for row in range(model.rowCount()):
        for role in (DISPLAY, EDIT, TIP, SORT_ROLE):
            assert model.index(row, jonas).data(role) is None
            assert model.index(row, model.col_total).data(role) is None
            assert model.index(row, model.col_rank).data(role) is None
    assert cell(model, "O3", "Lea Schuster") == "2"
    assert "left" in model.headerData(lea, Qt.Orientation.Horizontal)
    assert "left" not in model.headerData(jonas, Qt.Orientation.Horizontal)
    assert "left" not in model.headerData(jonas, Qt.Orientation.Horizontal, TIP)
    assert not model.flags(model.index(0, jonas)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, lea)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, jonas), 1) and outcome_dots(session, "Jonas Albrecht", "O1") is None
    assert model.progress_text() == "36 of 36 dots placed"
    model.set_hidden(False)
    assert summary(model, "O1", model.col_total) == "8" and cell(model, "O2", "Jonas Albrecht") == "1"


def test_department_split_sums_its_participants_and_is_read_only(session: WorkshopSession) -> None:
    model = VotingModel(session)
    assert model.split_by_department(True) and model.split
    departments = [model.column(c).name for c in range(model.data_columns)]
    assert departments == [d.name for d in session.workshop.departments]
    assert model.columnCount() == 8 + 3
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Marketing\n2 people"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "IT\n1 person"
    marketing, sales, finance = 0, 1, 4
    o2, o3 = model.row_of("O2") or 0, model.row_of("O3") or 0
    assert model.index(o3, marketing).data(DISPLAY) == "4"  # Jonas 2 + Lea 2
    assert model.index(o2, sales).data(SORT_ROLE) == 5 and model.index(o2, finance).data(DISPLAY) == "2"
    assert not model.flags(model.index(o2, sales)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(o2, sales), 1)
    assert model.column_of("Jonas Albrecht") is None
    model.set_hidden(True)  # hiding ends the split; the split is refused while hidden
    assert not model.split and not model.split_by_department(True)
    assert model.columnCount() == 12 + 3


def test_compact_money_and_fitted_lines(qtbot: QtBot) -> None:
    assert compact_money(850, "EUR").endswith("850 EUR")
    assert compact_money(201_600, "EUR") == "202k EUR" and compact_money(44_500, "EUR") == "44.5k EUR"
    assert compact_money(1_250_000, "EUR") == "1.3M EUR"
    fm = QFontMetrics(QApplication.font())
    title = "O6 Turn owners into ambassadors who bring in new riders"
    lines = fitted_lines(title, fm, fm.horizontalAdvance("x" * 20), 2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert fitted_lines("O1 Short", fm, 500, 2) == ["O1 Short"]


# -- the view, driven as a facilitator would -----------------------------------------------------------


def shown_view(qtbot: QtBot, session: WorkshopSession, settings: AppSettings | None = None) -> VotingView:
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    view = VotingView(session, settings)
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.wait(20)  # the layout settles (rows take their height) before a test clicks at a cell
    return view


def cell_point(view: VotingView, outcome: str, participant: str) -> QPoint:
    model = view.model
    index = view.proxy.mapFromSource(model.index(model.row_of(outcome) or 0, model.column_of(participant) or 0))
    view.grid.scrollTo(index)
    return view.grid.visualRect(index).center()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Keys reach shortcuts only in the active window (offscreen, activation is not given by itself)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def quick_second_click(widget: QWidget, point: QPoint) -> None:
    """What the system sends for a second click that follows quickly: press, double click, release."""
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
        (QEvent.Type.MouseButtonDblClick, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(kind, QPointF(point), QPointF(widget.mapToGlobal(point)), left, buttons, none)
        QApplication.sendEvent(widget, event)


def go_to(qtbot: QtBot, view: VotingView, outcome: str, participant: str) -> None:
    view.set_current_cell(view.model.row_of(outcome) or 0, view.model.column_of(participant) or 0)
    focus(qtbot, view.grid)


def shown_text(view: VotingView, outcome: str, participant: str) -> object:
    index = view.proxy.mapFromSource(
        view.model.index(view.model.row_of(outcome) or 0, view.model.column_of(participant) or 0)
    )
    return index.data(DISPLAY)


def test_typing_digits_for_three_participants_and_an_over_budget_refusal(qtbot: QtBot, fresh: WorkshopSession) -> None:
    view = shown_view(qtbot, fresh)
    go_to(qtbot, view, "O1", "Jonas Albrecht")
    qtbot.keyClicks(view.grid, "21")  # 2 on O1, then down to O2: 1
    assert outcome_dots(fresh, "Jonas Albrecht", "O1") == 2 and outcome_dots(fresh, "Jonas Albrecht", "O2") == 1
    assert view.current_cell() == (2, view.model.column_of("Jonas Albrecht"))  # ready on O3
    go_to(qtbot, view, "O4", "Tobias Brandt")
    qtbot.keyClicks(view.grid, "3")
    go_to(qtbot, view, "O5", "Sandra Becker")
    qtbot.keyClicks(view.grid, "12")
    assert outcome_dots(fresh, "Tobias Brandt", "O4") == 3 and outcome_dots(fresh, "Sandra Becker", "O6") == 2
    assert shown_text(view, "O6", "Sandra Becker") == "2"
    assert (
        view.model.headerData(view.model.column_of("Sandra Becker") or 0, Qt.Orientation.Horizontal)
        == "Sandra\nBecker\nPeople &\nCulture\n0 left"
    )
    assert view.progress_label.text() == "9 of 36 dots placed"
    assert not view.message_label.isVisible()

    go_to(qtbot, view, "O3", "Jonas Albrecht")
    qtbot.keyClicks(view.grid, "1")  # 2 + 1 + 1 = 4 > 3
    assert outcome_dots(fresh, "Jonas Albrecht", "O3") is None and shown_text(view, "O3", "Jonas Albrecht") == ""
    assert view.message_label.isVisible() and "Jonas Albrecht" in view.message_label.text()
    assert view.current_cell() == (2, view.model.column_of("Jonas Albrecht"))  # stays, to fix
    qtbot.keyClick(view.grid, Qt.Key.Key_Up)
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)  # clears O2
    assert outcome_dots(fresh, "Jonas Albrecht", "O2") is None and not view.message_label.isVisible()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert view.current_cell() == (1, view.model.column_of("Lea Schuster"))


def test_a_click_adds_a_dot_and_at_budget_is_refused(qtbot: QtBot, fresh: WorkshopSession) -> None:
    view = shown_view(qtbot, fresh)
    point = cell_point(view, "O7", "Stefan Krüger")
    for expected in (1, 2, 3):
        qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert outcome_dots(fresh, "Stefan Krüger", "O7") == expected
    where = view.grid.mapTo(view, QPoint(0, 0))
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert outcome_dots(fresh, "Stefan Krüger", "O7") == 3
    assert view.message_label.isVisible() and "Stefan Krüger" in view.message_label.text()
    qtbot.wait(10)
    assert view.grid.mapTo(view, QPoint(0, 0)) == where  # the message does not push the cells away
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, point)
    assert outcome_dots(fresh, "Stefan Krüger", "O7") == 2 and shown_text(view, "O7", "Stefan Krüger") == "2"
    assert view.model.remaining("Stefan Krüger") == 1
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, point)
    assert outcome_dots(fresh, "Stefan Krüger", "O7") == 1
    quick_second_click(view.grid.viewport(), point)  # a click, then one the system makes a double click: two dots
    assert outcome_dots(fresh, "Stefan Krüger", "O7") == 3
    assert view.grid.state() != view.grid.State.EditingState


def test_an_edit_keeps_the_current_cell_and_the_scroll_position(qtbot: QtBot, fresh: WorkshopSession) -> None:
    view = shown_view(qtbot, fresh)
    view.resize(900, 600)
    qtbot.wait(10)
    go_to(qtbot, view, "O8", "Julia Richter")
    bar = view.grid.horizontalScrollBar()
    assert bar.maximum() > 0 and bar.value() > 0
    scrolled = bar.value()
    point = cell_point(view, "O8", "Julia Richter")
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert outcome_dots(fresh, "Julia Richter", "O8") == 1
    assert bar.value() == scrolled and view.current_cell() == (7, view.model.column_of("Julia Richter"))


def test_hide_the_tally_then_reveal_it(qtbot: QtBot, fresh: WorkshopSession) -> None:
    view = shown_view(qtbot, fresh)
    go_to(qtbot, view, "O1", "Tobias Brandt")
    qtbot.keyClicks(view.grid, "2")
    qtbot.mouseClick(view.hide_button, Qt.MouseButton.LeftButton)
    assert view.is_hidden() and view.hide_button.text() == "Reveal" and view.hide_button.isChecked()
    assert not view.department_button.isEnabled() and not view.priority_button.isEnabled()
    entered = view.model.column_of("Jonas Albrecht")
    shown = [c for c in range(view.model.columnCount()) if not view.grid.isColumnHidden(c)]
    assert shown == [entered] and not view.summary.isVisible()
    assert view.current_cell() is not None and view.current_cell()[1] == entered  # type: ignore[index]
    assert shown_text(view, "O1", "Tobias Brandt") is None  # not shown, even to a model reader
    assert view.progress_label.text() == "2 of 36 dots placed"

    view.participant_combo.setCurrentIndex(view.participant_combo.findText("Aylin Demir"))
    aylin = view.model.column_of("Aylin Demir")
    assert [c for c in range(view.model.columnCount()) if not view.grid.isColumnHidden(c)] == [aylin]
    focus(qtbot, view.grid)
    qtbot.keyClicks(view.grid, "3")
    assert outcome_dots(fresh, "Aylin Demir", view.model.outcome(view.current_cell()[0] - 1).key) == 3  # type: ignore[index]
    assert view.progress_label.text() == "5 of 36 dots placed"
    qtbot.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next participant
    assert view.model.entering() == "Katrin Wolff"
    assert view.grid.isColumnHidden(aylin or 0) and not view.grid.isColumnHidden(view.model.column_of("Katrin Wolff"))

    qtbot.keyClick(view.grid, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # Reveal
    assert not view.is_hidden() and view.hide_button.text() == "Hide tally"
    assert not any(view.grid.isColumnHidden(c) for c in range(view.model.data_columns))
    assert view.summary.isVisible() and view.department_button.isEnabled()
    assert shown_text(view, "O1", "Tobias Brandt") == "2"


def test_reveal_by_priority_and_by_department(qtbot: QtBot, session: WorkshopSession) -> None:
    view = shown_view(qtbot, session)
    qtbot.mouseClick(view.priority_button, Qt.MouseButton.LeftButton)
    keys = [view.proxy.index(r, 0).data(ROW_ID_ROLE) for r in range(view.proxy.rowCount())]
    assert keys == [session.id_of("outcome", k) for k in PRIORITY]
    assert [view.proxy.index(r, view.model.col_rank).data(DISPLAY) for r in range(8)] == [str(i) for i in range(1, 9)]
    qtbot.mouseClick(view.department_button, Qt.MouseButton.LeftButton)
    assert view.model.split and view.model.columnCount() == 8 + 3
    assert not view.participant_combo.isEnabled() and "By department" in view.hint_label.text()
    assert view.proxy.index(0, view.model.col_rank).data(DISPLAY) == "1"  # still by priority after the reset
    qtbot.keyClicks(view.grid, "1")  # read-only in the split
    assert session.undo_stack.count() == 0
    qtbot.mouseClick(view.hide_button, Qt.MouseButton.LeftButton)  # hiding ends both
    assert not view.model.split and not view.priority_action.isChecked()
    assert [view.proxy.index(r, 0).data(ROW_ID_ROLE) for r in range(2)] == [
        session.id_of("outcome", "O1"),
        session.id_of("outcome", "O2"),
    ]


def test_undo_shows_the_undone_vote_in_both_modes(qtbot: QtBot, fresh: WorkshopSession) -> None:
    view = shown_view(qtbot, fresh)
    go_to(qtbot, view, "O5", "Paul Lehmann")
    qtbot.keyClicks(view.grid, "12")
    assert shown_text(view, "O6", "Paul Lehmann") == "2"
    fresh.undo_stack.undo()
    assert outcome_dots(fresh, "Paul Lehmann", "O6") is None and shown_text(view, "O6", "Paul Lehmann") == ""
    assert view.progress_label.text() == "1 of 36 dots placed"
    view.participant_combo.setCurrentIndex(view.participant_combo.findText("Paul Lehmann"))
    view.set_hidden(True)
    go_to(qtbot, view, "O2", "Paul Lehmann")
    qtbot.keyClicks(view.grid, "2")
    assert shown_text(view, "O2", "Paul Lehmann") == "2" and view.progress_label.text() == "3 of 36 dots placed"
    fresh.undo_stack.undo()
    assert shown_text(view, "O2", "Paul Lehmann") == "" and view.progress_label.text() == "1 of 36 dots placed"
    fresh.undo_stack.redo()
    assert shown_text(view, "O2", "Paul Lehmann") == "2" and view.is_hidden()


def test_the_hidden_state_is_remembered_per_workshop_as_a_view_setting(
    qtbot: QtBot, service: WorkshopService, tmp_path: Path
) -> None:
    settings = AppSettings(tmp_path / "settings.ini")
    first, second = _sample_session(service), _sample_session(service)
    view = shown_view(qtbot, first, settings)
    assert not view.is_hidden()
    with qtbot.waitSignal(view.hidden_changed) as signal:
        view.hide_action.trigger()
    assert signal.args == [True]
    assert first.undo_stack.count() == 0  # a view setting, not a workshop edit
    assert settings.get(HIDDEN_TALLY_WORKSHOPS) == [f"{service.library.path.resolve()}|{first.workshop_id}"]

    again = shown_view(qtbot, WorkshopSession(service, first.workshop_id), settings)
    assert again.is_hidden() and again.hide_button.text() == "Reveal"
    assert shown_view(qtbot, second, settings).is_hidden() is False
    reread = AppSettings(tmp_path / "settings.ini")
    assert shown_view(qtbot, WorkshopSession(service, first.workshop_id), reread).is_hidden()
    again.set_hidden(False)
    assert not shown_view(qtbot, WorkshopSession(service, first.workshop_id), settings).is_hidden()
    assert settings.get(HIDDEN_TALLY_WORKSHOPS) == []


def test_a_read_only_session_offers_no_editing(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    writer = Library.open(path)
    wid = WorkshopService(writer).import_workshop(sample_workshop()).result
    writer.close()
    reader = Library.open(path, read_only=True)
    try:
        session = WorkshopSession(WorkshopService(reader), wid)
        assert session.read_only
        view = shown_view(qtbot, session)
        model = view.model
        assert not any(
            model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        )
        go_to(qtbot, view, "O1", "Jonas Albrecht")
        qtbot.keyClicks(view.grid, "1")
        qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(view, "O1", "Lea Schuster"))
        qtbot.keyClick(view.grid, Qt.Key.Key_F2)
        assert view.grid.state() != view.grid.State.EditingState
        assert session.undo_stack.count() == 0 and shown_text(view, "O1", "Jonas Albrecht") == ""
        assert "Read-only" in view.hint_label.text()
    finally:
        reader.close()


def test_the_view_keys_do_not_collide_with_the_main_window(qtbot: QtBot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taken = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
    taken |= {"Ctrl+T", "Ctrl+Shift+S", "Ctrl+D", "F7"}  # the outcomes page's own, active around the view
    library = Library.open(tmp_path / "other.sqlite3")
    service = WorkshopService(library)
    view = shown_view(qtbot, _sample_session(service))
    mine = [k.toString() for a in view.actions() for k in a.shortcuts()]
    assert {"Ctrl+H", "Ctrl+G", "Ctrl+R", "Alt+Right", "Alt+Left"} <= set(mine)
    assert not set(mine) & taken
    assert all(a.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut for a in view.actions())
    library.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("hidden", [False, True])
def test_readable_at_projector_sizes(
    qtbot: QtBot, session: WorkshopSession, tmp_path: Path, size: tuple[int, int], hidden: bool
) -> None:
    """Headers whole (no cut-off lines or names), rows tall enough for the large dots, the summary in view."""
    view = shown_view(qtbot, session)
    view.set_hidden(hidden)
    view.resize(*size)
    qtbot.wait(20)
    grid, header = view.grid, view.grid.horizontalHeader()
    line = grid.fontMetrics().height()
    assert grid.verticalHeader().defaultSectionSize() >= 1.9 * line
    for c in range(view.model.columnCount()):
        if not grid.isColumnHidden(c):
            assert header.sectionSize(c) >= header.sectionSizeHint(c)
            lines = str(view.model.headerData(c, Qt.Orientation.Horizontal)).count("\n") + 1
            assert header.height() >= lines * grid.fontMetrics().lineSpacing()
    assert grid.verticalHeader().width() >= 20 * grid.fontMetrics().averageCharWidth()
    if not hidden:
        assert view.summary.isVisible()
        assert view.summary.geometry().right() <= view.width()
        assert view.summary.verticalHeader().defaultSectionSize() == grid.verticalHeader().defaultSectionSize()
    assert view.grab().save(str(tmp_path / f"voting-{'hidden' if hidden else 'revealed'}-{size[0]}x{size[1]}.png"))

"""The criteria and weights of the channels stage: the table model without widgets (kinds, counts, weights, rename,
delete with its scores, reset of the defaults, refusals), then the editor typed and clicked as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.criteria import CriteriaEditor, CriteriaTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
M = CriteriaTableModel


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def row_of(model: CriteriaTableModel, key: str) -> int:
    row = model.row_of_name(key)
    assert row is not None, key
    return row


def cells(model: CriteriaTableModel, key: str) -> list[str]:
    row = row_of(model, key)
    return [str(model.index(row, c).data(DISPLAY)) for c in range(model.columnCount())]


def weight(session: WorkshopSession, key: str) -> float:
    return next(c.weight for c in session.workshop.criteria if c.key == key)


def scores_of(session: WorkshopSession, key: str) -> int:
    return sum(1 for s in session.workshop.scores if name_key(s.criterion) == key)


def first(session: WorkshopSession, outcome: str = "O1") -> str:
    return session.analysis.ranking(outcome)[0].channel.name


# -- the model -------------------------------------------------------------------------------------------------


def test_rows_show_name_key_kind_weight_and_what_hangs_on_each(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Criterion", "Key", "Kind", "Weight", "Scores"]
    assert model.rowCount() == 7
    assert cells(model, "audience_fit") == ["Audience fit", "audience_fit", "per outcome", "3", "34"]
    assert cells(model, "cost_efficiency") == ["Cost efficiency", "cost_efficiency", "per channel", "2", "16"]
    assert cells(model, "audience_ownership")[4] == "0"  # defaults are not entered ratings
    assert model.weight_sum() == 15
    row = row_of(model, "audience_fit")
    editable = [bool(model.flags(model.index(row, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(5)]
    assert editable == [True, False, True, True, False]  # the key and the count are read-only


def test_a_weight_edit_reranks_and_its_steps_are_one_undo_step(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    row = row_of(model, "cost_efficiency")
    assert first(session) == "Customer community forum"
    for step in (2.5, 3.0, 10.0):  # a spin box stepped, then typed
        assert model.setData(model.index(row, M.COL_WEIGHT), step)
    assert weight(session, "cost_efficiency") == 10 and first(session) == "Email newsletter"
    assert cells(model, "cost_efficiency")[M.COL_WEIGHT] == "10" and resets == []  # no reset: the cursor stays
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert weight(session, "cost_efficiency") == 2 and first(session) == "Customer community forum"
    assert cells(model, "cost_efficiency")[M.COL_WEIGHT] == "2"


def test_the_last_positive_weight_is_refused_with_the_reason_and_nothing_changes(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    said: list[str] = []
    model.refused.connect(said.append)
    keys = [c.key for c in session.workshop.criteria]
    for key in keys[:-1]:
        assert model.set_weight(row_of(model, key), 0)
    steps = session.undo_stack.count()
    last = row_of(model, keys[-1])
    assert not model.set_weight(last, 0)
    assert said and "At least one weight must be positive." in said[-1]
    assert weight(session, keys[-1]) == 2 and cells(model, keys[-1])[M.COL_WEIGHT] == "2"
    assert not model.remove(last) and len(session.workshop.criteria) == 7  # deleting it is the same change
    assert session.undo_stack.count() == steps
    assert not model.rename(last, "   ") and said[-1] == "A criterion needs a name."


def test_a_rename_keeps_the_key_so_scores_and_ratings_stay(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    row = row_of(model, "audience_fit")
    assert model.setData(model.index(row, M.COL_NAME), "  Reach  ")
    assert cells(model, "audience_fit")[:2] == ["Reach", "audience_fit"]
    assert scores_of(session, "audience_fit") == 34 and cells(model, "audience_fit")[M.COL_SCORES] == "34"
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Rename criterion"
    session.undo_stack.undo()
    assert cells(model, "audience_fit")[0] == "Audience fit"


def test_the_kind_changes_only_while_nothing_of_the_other_kind_hangs_on_it(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    said: list[str] = []
    model.refused.connect(said.append)
    assert not model.setData(model.index(row_of(model, "audience_fit"), M.COL_KIND), "channel")
    assert said == ["Audience fit has 34 scores: its kind changes once they are gone (deleting the criterion "
                    "removes them)."]  # fmt: skip
    assert model.add("Brand fit", per_outcome=True) is not None
    assert model.setData(model.index(row_of(model, "brand_fit"), M.COL_KIND), "channel")
    assert cells(model, "brand_fit")[M.COL_KIND] == "per channel"


def test_reset_restores_the_default_weights_and_keeps_a_custom_criterion(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    said: list[str] = []
    model.refused.connect(said.append)
    assert not model.reset_defaults() and session.undo_stack.count() == 0  # nothing to reset: no empty undo step
    assert said == ["The default criteria already have their default weights."]
    assert model.add("Brand fit", per_outcome=False) is not None
    assert model.set_weight(row_of(model, "audience_fit"), 7.5)
    assert model.remove(row_of(model, "ease"))
    assert model.rename(row_of(model, "stability"), "Platform stability")
    steps = session.undo_stack.count()
    assert model.reset_defaults()
    assert session.undo_stack.count() == steps + 1
    assert weight(session, "audience_fit") == 3 and weight(session, "ease") == 1
    assert [c.key for c in session.workshop.criteria][-2:] == ["brand_fit", "ease"]  # custom stays, ease comes back
    assert cells(model, "stability")[0] == "Platform stability"  # names are the room's: reset keeps them
    session.undo_stack.undo()
    assert weight(session, "audience_fit") == 7.5 and model.row_of_name("ease") is None


def test_delete_removes_its_scores_and_one_undo_brings_them_back(session: WorkshopSession) -> None:
    model = CriteriaTableModel(session)
    assert model.count(row_of(model, "audience_fit")) == 34
    assert model.remove(row_of(model, "audience_fit"))
    assert model.row_of_name("audience_fit") is None and scores_of(session, "audience_fit") == 0
    cost = row_of(model, "cost_efficiency")
    assert model.count(cost) == 16 and model.remove(cost)
    assert all("cost_efficiency" not in c.ratings for c in session.workshop.channels)
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert scores_of(session, "audience_fit") == 34 and model.count(row_of(model, "audience_fit")) == 34
    assert sum("cost_efficiency" in c.ratings for c in session.workshop.channels) == 16


def test_a_read_only_library_offers_no_editing(qtbot: QtBot, service: WorkshopService, library_path: Path) -> None:
    wid = service.import_workshop(sample_workshop()).result
    reader = Library.open(library_path, read_only=True)
    try:
        editor = CriteriaEditor(WorkshopSession(WorkshopService(reader), wid))
        qtbot.addWidget(editor)
        model = editor.model
        flags = [model.flags(model.index(0, c)) for c in range(model.columnCount())]
        assert flags and not any(f & Qt.ItemFlag.ItemIsEditable for f in flags)
        actions = (editor.add_action, editor.delete_action, editor.reset_action, editor.move_down_action)
        assert not any(a.isEnabled() for a in actions)
    finally:
        reader.close()


# -- the editor ------------------------------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot: QtBot, session: WorkshopSession) -> CriteriaEditor:
    widget = CriteriaEditor(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.view.setFocus()
    qtbot.waitUntil(widget.view.hasFocus)
    return widget


def test_a_weight_typed_in_its_spin_box_reranks_live_as_one_undo_step(qtbot: QtBot, editor: CriteriaEditor) -> None:
    session, view = editor.session, editor.view
    view.setCurrentIndex(editor.model.index(row_of(editor.model, "cost_efficiency"), M.COL_WEIGHT))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    spin = view.findChild(QDoubleSpinBox, "weightEditor")
    assert isinstance(spin, QDoubleSpinBox) and spin.isVisible()
    qtbot.keyClicks(spin.lineEdit(), "10")
    assert weight(session, "cost_efficiency") == 10 and first(session) == "Email newsletter"  # before Enter
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Up)
    assert weight(session, "cost_efficiency") == 10.5
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert session.undo_stack.count() == 1
    assert "Sum of weights: 23.5" in editor.sum_label.text()
    session.undo_stack.undo()
    assert first(session) == "Customer community forum" and "Sum of weights: 15" in editor.sum_label.text()


def test_a_refused_weight_says_why_until_the_next_edit_goes_through(qtbot: QtBot, editor: CriteriaEditor) -> None:
    model, view = editor.model, editor.view
    keys = [c.key for c in editor.session.workshop.criteria]
    for key in keys[:-1]:
        model.set_weight(row_of(model, key), 0)
    view.setCurrentIndex(model.index(row_of(model, keys[-1]), M.COL_WEIGHT))
    qtbot.keyClick(view, Qt.Key.Key_0)  # typing opens the spin box with the digit
    assert editor.message_label.isVisible() and "At least one weight must be positive." in editor.message_label.text()
    assert weight(editor.session, keys[-1]) == 2
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Escape)
    model.set_weight(row_of(model, keys[0]), 1)
    assert not editor.message_label.isVisible()


def test_delete_asks_when_scores_exist_and_one_undo_brings_them_back(qtbot: QtBot, editor: CriteriaEditor) -> None:
    session, view, model = editor.session, editor.view, editor.model
    asked: list[str] = []

    def answer(text: str) -> None:
        def handle(dialog: QWidget) -> None:
            assert isinstance(dialog, QMessageBox)
            asked.append(dialog.text())
            button = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text)
            button.click()

        when_dialog_opens(handle)

    view.setCurrentIndex(model.index(row_of(model, "audience_fit"), M.COL_NAME))
    answer("Keep")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked == ["Delete Audience fit and its 34 scores?"] and scores_of(session, "audience_fit") == 34
    answer("Delete")
    editor.delete_action.trigger()
    assert len(asked) == 2 and model.row_of_name("audience_fit") is None and scores_of(session, "audience_fit") == 0
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert scores_of(session, "audience_fit") == 34 and model.row_of_name("audience_fit") == 0


def test_a_criterion_without_scores_goes_without_a_question(qtbot: QtBot, editor: CriteriaEditor) -> None:
    model, view = editor.model, editor.view
    questions: list[str] = []

    def close_any() -> None:  # a question would block: answer it and remember that it came
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            questions.append(dialog.text())
            dialog.reject()

    timer = QTimer(editor)
    timer.timeout.connect(close_any)
    timer.start(50)
    view.setCurrentIndex(model.index(row_of(model, "audience_ownership"), M.COL_NAME))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    timer.stop()
    assert questions == [] and model.row_of_name("audience_ownership") is None
    assert view.currentIndex().row() == row_of(model, "stability")  # the neighbour takes the cursor


def test_insert_asks_name_and_kind_and_the_new_weight_is_ready(qtbot: QtBot, editor: CriteriaEditor) -> None:
    def fill(dialog: QWidget) -> None:
        name = dialog.findChild(QLineEdit)
        kind = dialog.findChild(QComboBox)
        assert isinstance(name, QLineEdit) and isinstance(kind, QComboBox)
        qtbot.keyClicks(name, "Brand fit")
        kind.setCurrentIndex(kind.findData("channel"))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    when_dialog_opens(fill)
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    model = editor.model
    assert cells(model, "brand_fit") == ["Brand fit", "brand_fit", "per channel", "1", "0"]
    current = editor.view.currentIndex()
    assert (current.row(), current.column()) == (row_of(model, "brand_fit"), M.COL_WEIGHT)
    assert editor.session.undo_stack.count() == 1


def test_keys_move_a_criterion_and_reset_the_defaults(qtbot: QtBot, editor: CriteriaEditor) -> None:
    model, view, session = editor.model, editor.view, editor.session
    view.setCurrentIndex(model.index(row_of(model, "ease"), M.COL_NAME))
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [c.key for c in session.workshop.criteria][2:4] == ["ease", "cost_efficiency"]
    assert view.currentIndex().row() == 2  # the cursor went with it
    model.set_weight(row_of(model, "stability"), 9)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert weight(session, "stability") == 2
    assert "Ctrl+Shift+0" in editor.reset_action.toolTip() and "custom criteria stay" in editor.reset_action.toolTip()
    assert all(k in a.toolTip() for a, k in ((editor.add_action, "Ins"), (editor.delete_action, "Del")))


def test_delete_inside_a_name_being_edited_edits_the_text(qtbot: QtBot, editor: CriteriaEditor) -> None:
    model, view = editor.model, editor.view
    view.setCurrentIndex(model.index(row_of(model, "ease"), M.COL_NAME))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    line = view.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert cells(model, "ease")[:2] == ["ase", "ease"] and len(editor.session.workshop.criteria) == 7


def test_alt_down_in_the_open_kind_list_stays_with_the_list(qtbot: QtBot, editor: CriteriaEditor) -> None:
    model, view = editor.model, editor.view
    view.setCurrentIndex(model.index(row_of(model, "ease"), M.COL_KIND))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the list: moves nothing
    assert [c.key for c in editor.session.workshop.criteria][3] == "ease" and editor.session.undo_stack.count() == 0
    combo.hidePopup()

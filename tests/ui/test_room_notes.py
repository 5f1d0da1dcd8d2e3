"""Parking lot and decisions in the room (issue 15 item 3): captured by key from any stage, shown in the side
panel, edited, moved, removed and undone there, refused plainly, and carried into the exports."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateTimeEdit, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key, open_on_stage, reactivate
from tests.ui.test_shell import seed
from tests.ui.test_shortcuts import _listed, read_shortcut_sheet
from workshop.domain.entities import Note, Participant, Workshop
from workshop.domain.enums import Stage
from workshop.services.catalog import sample_workshop
from workshop.services.library_service import read_workshop_file
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.workshops import WorkshopService
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
from workshop.ui.room.notes_dialog import NoteDialog
from workshop.ui.room.notes_model import FACILITATOR, by_choices, shown_lines, when_text
from workshop.ui.room.notes_panel import NoteListPanel

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def small_workshop() -> Workshop:
    ws = Workshop(title="Room notes")
    ws.participants = [Participant("Ana"), Participant("Ben"), Participant("Chloé")]
    return ws


@pytest.fixture
def room(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window with a small workshop of three participants open on set-up."""
    window.resize(1600, 900)
    open_on_stage(qtbot, window, small_workshop(), Stage.SETUP)
    return window


def choose_by(qtbot: QtBot, dialog: NoteDialog, name: str) -> None:
    """Pick ``name`` in the "by" list by keyboard, as a facilitator does (Down until it is there)."""
    combo = dialog.by_combo
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == name:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == name


def capture(
    qtbot: QtBot,
    window: MainWindow,
    modifier: Qt.KeyboardModifier,
    text: str,
    by: str | None = None,
    *,
    then: Callable[[NoteDialog], None] | None = None,
) -> list[str]:
    """Press Ctrl+K (or Ctrl+Shift+K) wherever the focus is, type ``text`` (lines split by \\n), choose ``by``,
    save with Ctrl+Enter; returns what the dialog's message line said (then closes it by Esc if still open)."""
    said: list[str] = []
    closed: list[bool] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NoteDialog)
        try:
            type_into(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave the dialog waiting (the test would hang)
            closed.append(True)
            raise

    def type_into(dialog: NoteDialog) -> None:
        qtbot.waitUntil(dialog.text_edit.hasFocus)
        for i, line in enumerate(text.split("\n")):
            if i:
                qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
            qtbot.keyClicks(dialog.text_edit, line)
        if by is not None:
            choose_by(qtbot, dialog, by)
        if then is not None:
            then(dialog)
        dialog.text_edit.setFocus()
        qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return, CTRL)
        if dialog.isVisible():
            said.append(dialog.message.text() if dialog.message.isVisible() else "")
            qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Escape)
        closed.append(not dialog.isVisible())

    when_dialog_opens(fill)
    key(qtbot, Qt.Key.Key_K, modifier)
    qtbot.waitUntil(lambda: bool(closed))
    reactivate(qtbot, window)
    return said


def notes(window: MainWindow, kind: str = "parking_lot") -> list[Note]:
    ws = window.service.load(window.session.workshop_id).workshop  # type: ignore[union-attr]
    return list(ws.parking_lot if kind == "parking_lot" else ws.decisions)


def panel(window: MainWindow, kind: str = "parking_lot") -> NoteListPanel:
    assert window.room_notes.dock is not None
    return window.room_notes.dock.panel.lists[kind]


def shown_texts(window: MainWindow, kind: str = "parking_lot") -> list[str]:
    model = panel(window, kind).model
    return [model.index(r, model.COL_TEXT).data() for r in range(model.rowCount())]


# -- capture from any stage --------------------------------------------------------------------------------


def test_capture_by_key_from_three_stages_with_who_and_when(qtbot: QtBot, room: MainWindow) -> None:
    assert not room.room_notes.panel_shown()
    before = dt.datetime.now().replace(second=0, microsecond=0)
    focused = QApplication.focusWidget()
    assert capture(qtbot, room, CTRL, "Budget for paid social?\nAsk finance", "Ben") == []
    assert QApplication.focusWidget() is focused  # the keyboard is back where it was
    assert room.room_notes.panel_shown()  # the panel opens on the new item, selected
    assert panel(room).selected_row() == 0

    room.stage_actions[list(Stage).index(Stage.STAKEHOLDERS)].trigger()
    assert capture(qtbot, room, CTRL_SHIFT, "Ana is accountable for O1", "Ana") == []
    room.stage_actions[list(Stage).index(Stage.PLAN)].trigger()
    assert room.view.stage is Stage.PLAN  # type: ignore[union-attr]
    assert capture(qtbot, room, CTRL, "Translate the posts?") == []  # "by" left at its default

    parked, decided = notes(room), notes(room, "decision")
    assert [(n.text, n.by) for n in parked] == [
        ("Budget for paid social?\nAsk finance", "Ben"),
        ("Translate the posts?", FACILITATOR),
    ]
    assert [(n.text, n.by) for n in decided] == [("Ana is accountable for O1", "Ana")]
    after = dt.datetime.now()
    assert all(n.at is not None and before <= n.at <= after for n in parked + decided)
    assert shown_texts(room) == ["Budget for paid social?\nAsk finance", "Translate the posts?"]
    assert shown_texts(room, "decision") == ["Ana is accountable for O1"]
    assert panel(room).title.text() == "Parking lot (2)"
    assert panel(room, "decision").title.text() == "Decisions (1)"
    assert panel(room).selected_row() == 1  # the newest capture is the one selected

    # each capture is one undo step
    assert room.session.undo_stack.count() == 3  # type: ignore[union-attr]
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert [n.text for n in notes(room)] == ["Budget for paid social?\nAsk finance"]
    assert shown_texts(room) == ["Budget for paid social?\nAsk finance"]


def test_the_dialog_offers_the_facilitator_then_the_participants_in_the_room_s_order(
    qtbot: QtBot, room: MainWindow
) -> None:
    offered: list[list[str]] = []

    def look(dialog: NoteDialog) -> None:
        offered.append([dialog.by_combo.itemText(i) for i in range(dialog.by_combo.count())])
        assert dialog.at_edit.dateTime().toPython() <= dt.datetime.now()

    capture(qtbot, room, CTRL, "A topic", then=look)
    assert offered == [[FACILITATOR, "Ana", "Ben", "Chloé"]]


def test_escape_cancels_and_saves_nothing(qtbot: QtBot, room: MainWindow) -> None:
    seen: list[bool] = []

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, NoteDialog)
        qtbot.keyClicks(dialog.text_edit, "Not this one")
        qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Escape)
        seen.append(dialog.isVisible())

    when_dialog_opens(cancel)
    key(qtbot, Qt.Key.Key_K, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [False]
    assert notes(room, "decision") == []
    assert room.session.undo_stack.count() == 0  # type: ignore[union-attr]


def test_an_empty_text_is_refused_in_the_dialog(qtbot: QtBot, room: MainWindow) -> None:
    said = capture(qtbot, room, CTRL, "   ")
    assert said == ["Write the topic first: the text is empty."]
    assert notes(room) == []


def test_an_over_long_by_is_refused_naming_the_field_and_keeps_what_was_typed(qtbot: QtBot, room: MainWindow) -> None:
    kept: list[str] = []

    def long_name(dialog: NoteDialog) -> None:
        dialog.by_combo.setFocus()
        dialog.by_combo.lineEdit().selectAll()
        dialog.by_combo.lineEdit().setText("x" * 501)
        kept.append(dialog.text_edit.toPlainText())

    said = capture(qtbot, room, CTRL_SHIFT, "We go with LinkedIn", then=long_name)
    assert len(said) == 1 and said[0].startswith("By must be at most 500 characters"), said
    assert kept == ["We go with LinkedIn"]
    assert notes(room, "decision") == []
    assert room.session.undo_stack.count() == 0  # type: ignore[union-attr]


def test_ctrl_k_reaches_the_window_from_a_text_field_that_reads_ctrl_k_itself(qtbot: QtBot, room: MainWindow) -> None:
    """On Linux and macOS a line edit takes Ctrl+K (delete to the end of the line) before any shortcut."""

    class GreedyLineEdit(QLineEdit):
        def event(self, e: QEvent) -> bool:
            if e.type() == QEvent.Type.ShortcutOverride:
                e.accept()
                return True
            return super().event(e)

    field = GreedyLineEdit()
    room.view.header.addWidget(field)  # type: ignore[union-attr]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    assert capture(qtbot, room, CTRL, "Parked while typing") == []
    assert [n.text for n in notes(room)] == ["Parked while typing"]
    assert field.hasFocus()


def test_f1_lists_the_capture_keys_and_the_panel_s_keys(qtbot: QtBot, room: MainWindow) -> None:
    sheet = read_shortcut_sheet(qtbot, room)
    for name, keys in (
        ("Park a topic", "Ctrl+K"), ("Record a decision", "Ctrl+Shift+K"),
        ("Parking lot and decisions panel", "F4"), ("Save the text", "Ctrl+Enter"),
        ("Move the selected item up or down", "Alt+Up, Alt+Down"), ("Remove the selected item", "Del"),
    ):  # fmt: skip
        assert _listed(sheet, name, keys), f"{name} ({keys}) is not on the F1 sheet:\n{sheet}"


# -- the side panel ----------------------------------------------------------------------------------------


@pytest.fixture
def sample_room(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The sample workshop (3 parked topics, 3 decisions) on the channels stage, the panel docked beside it by F4
    (a 1920-pixel window has room for both)."""
    window.resize(1920, 1080)
    open_on_stage(qtbot, window, sample_workshop(), Stage.CHANNELS)
    key(qtbot, Qt.Key.Key_F4)
    assert window.room_notes.panel_shown() and not window.room_notes.dock.isFloating()  # type: ignore[union-attr]
    return window


def test_f4_shows_and_hides_the_panel_and_it_is_remembered(
    qtbot: QtBot, sample_room: MainWindow, settings: S.AppSettings
) -> None:
    assert settings.get(S.ROOM_NOTES_PANEL) is True
    assert sample_room.room_notes.panel_action.isChecked()
    key(qtbot, Qt.Key.Key_F4)
    assert not sample_room.room_notes.panel_shown()
    assert settings.get(S.ROOM_NOTES_PANEL) is False
    key(qtbot, Qt.Key.Key_F4)
    wid = sample_room.session.workshop_id  # type: ignore[union-attr]
    sample_room.close_workshop()
    assert sample_room.room_notes.dock is None  # the panel goes with the workshop
    assert not sample_room.room_notes.panel_action.isEnabled()
    sample_room.open_workshop(wid)
    assert sample_room.room_notes.panel_shown()  # and comes back open, as it was left
    assert shown_texts(sample_room) == [shown_lines(n.text) for n in sample_workshop().parking_lot]


def test_on_a_1280_window_the_panel_floats_over_the_stage_rather_than_widening_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1280, 720)
    open_on_stage(qtbot, window, sample_workshop(), Stage.PLAN)
    key(qtbot, Qt.Key.Key_F4)
    dock = window.room_notes.dock
    assert dock is not None and dock.isVisible() and dock.isFloating()
    qtbot.wait(50)
    assert window.width() == 1280
    inside = window.geometry()
    assert inside.contains(dock.geometry().topLeft()) and inside.contains(dock.geometry().bottomRight())
    assert capture(qtbot, window, CTRL_SHIFT, "Decided on a small screen") == []
    assert window.width() == 1280
    dock.activateWindow()  # a click into the floating panel: the window's keys work there too
    qtbot.waitUntil(dock.isActiveWindow)
    panel(window).view.setFocus()
    qtbot.waitUntil(panel(window).view.hasFocus)
    assert capture(qtbot, window, CTRL, "Parked from the floating panel") == []
    assert [n.text for n in notes(window)][-1] == "Parked from the floating panel"
    window.resize(1920, 1080)  # room enough again: the next F4 docks it beside the stage
    key(qtbot, Qt.Key.Key_F4)
    key(qtbot, Qt.Key.Key_F4)
    assert dock.isVisible() and not dock.isFloating()
    assert window.width() == 1920


def test_edit_in_place_reorder_delete_and_undo(qtbot: QtBot, sample_room: MainWindow) -> None:
    original = [n.text for n in sample_workshop().parking_lot]
    lot = panel(sample_room)
    view, model = lot.view, lot.model
    # F2 on the text: a multi-line editor; Ctrl+Enter saves
    view.setFocus()
    view.setCurrentIndex(model.index(0, model.COL_TEXT))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor.parent() is view.viewport()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "Fleet business: own outcome?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "Ask Tobias")
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert notes(sample_room)[0].text == "Fleet business: own outcome?\nAsk Tobias"
    assert view.hasFocus()
    # "by" from the participants, in place
    view.setCurrentIndex(model.index(0, model.COL_BY))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    (combo,) = view.viewport().findChildren(QComboBox)
    assert combo.hasFocus() and combo.currentText() == sample_workshop().parking_lot[0].by
    step = Qt.Key.Key_Down if combo.findText("Aylin Demir") > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentText() != "Aylin Demir":
        qtbot.keyClick(combo, step)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: notes(sample_room)[0].by == "Aylin Demir")  # the view commits on its next turn
    edited = "Fleet business: own outcome?\nAsk Tobias"
    # Alt+Down moves it one down, one undo step
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    assert [n.text for n in notes(sample_room)] == [original[1], edited, *original[2:]]
    assert lot.selected_row() == 1  # the moved item stays selected
    # Delete removes it at once; Ctrl+Z brings it back in its place
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [n.text for n in notes(sample_room)] == [original[1], *original[2:]]
    assert lot.title.text() == f"Parking lot ({len(original) - 1})"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert [n.text for n in notes(sample_room)] == [original[1], edited, *original[2:]]
    key(qtbot, Qt.Key.Key_Z, CTRL)  # and the order
    assert [n.text for n in notes(sample_room)] == [edited, *original[1:]]
    assert shown_texts(sample_room) == [shown_lines(edited), *original[1:]]


def test_when_is_edited_in_place_and_a_refused_edit_is_said_in_the_panel(qtbot: QtBot, sample_room: MainWindow) -> None:
    lot = panel(sample_room)
    view, model = lot.view, lot.model
    first = notes(sample_room)[0]
    assert first.at is not None
    view.setFocus()
    view.setCurrentIndex(model.index(0, model.COL_AT))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    (editor,) = view.viewport().findChildren(QDateTimeEdit)
    qtbot.keyClick(editor, Qt.Key.Key_End)  # the minutes
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: notes(sample_room)[0].at == first.at + dt.timedelta(minutes=1))  # type: ignore[operator]

    message = sample_room.room_notes.dock.panel.message  # type: ignore[union-attr]
    assert not message.isVisible()
    view.setCurrentIndex(model.index(0, model.COL_BY))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    (combo,) = view.viewport().findChildren(QComboBox)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "y" * 501)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(message.isVisible)
    assert message.text().startswith("By must be at most 500 characters"), message.text()
    assert notes(sample_room)[0].by == first.by
    key(qtbot, Qt.Key.Key_Z, CTRL)  # the next edit that goes through (an undo too) clears the line
    assert not message.isVisible()
    assert notes(sample_room)[0].at == first.at


def test_the_panel_redraws_only_for_the_notes_and_keeps_selection_and_scroll(
    qtbot: QtBot, sample_room: MainWindow
) -> None:
    session = sample_room.session
    assert session is not None
    service, wid = session.service, session.workshop_id
    for i in range(40):
        service.add("parking_lot", wid, text=f"Topic {i}", by="facilitator")
    session.reload()
    lot = panel(sample_room)
    chosen = lot.model.row_id(30)
    assert chosen is not None and lot.select_id(chosen)
    scroll = lot.view.verticalScrollBar().value()
    assert scroll > 0
    redraws: list[str] = []
    lot.model.modelReset.connect(lambda: redraws.append("reset"))
    lot.model.dataChanged.connect(lambda *_a: redraws.append("data"))
    aylin = session.id_of("participant", "Aylin Demir")
    session.apply(lambda: service.update("participant", aylin, role="CEO"))
    assert redraws == []  # not a note: the panel does nothing
    capture(qtbot, sample_room, CTRL_SHIFT, "A decision")
    assert redraws == ["data"]  # the note table changed: redrawn, rows kept
    # rows come and go in this list: the same item stays selected, the list does not jump
    session.apply(lambda: service.add("parking_lot", wid, text="One more", by="Ben"))
    assert "reset" in redraws
    assert lot.selected_id() == chosen and lot.selected_row() == 30
    assert lot.view.verticalScrollBar().value() == scroll
    first = lot.model.row_id(0)
    assert first is not None
    session.apply(lambda: service.remove("parking_lot", first))
    assert lot.selected_id() == chosen and lot.selected_row() == 29


def test_a_read_only_library_shows_the_lists_but_offers_no_editing(
    qtbot: QtBot, settings: S.AppSettings, library_path: Path, seeded: int, holder: subprocess.Popen[str]
) -> None:
    win = MainWindow(settings, library_path)  # another process writes the library: read-only here
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    assert win.library is not None and win.library.read_only
    win.open_workshop(win.start.selected_id())  # type: ignore[arg-type]
    assert not win.room_notes.park_action.isEnabled() and not win.room_notes.decide_action.isEnabled()
    win.room_notes.panel_action.trigger()
    lot = panel(win)
    assert lot.model.rowCount() == len(sample_workshop().parking_lot)
    assert not lot.model.flags(lot.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    lot.select_id(lot.model.row_id(0))  # type: ignore[arg-type]
    assert not lot.remove_action.isEnabled() and not lot.move_down_action.isEnabled()
    assert not lot.capture_button.isEnabled()
    view = lot.view
    view.setCurrentIndex(lot.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() != view.State.EditingState
    win.close()


@pytest.fixture
def seeded(library_path: Path) -> int:
    """The sample in the library, before another process opens it for writing."""
    return seed(library_path)


# -- the exports ---------------------------------------------------------------------------------------


def test_captured_notes_reach_the_team_workbook_and_the_interchange_file(
    qtbot: QtBot, room: MainWindow, tmp_path: Path
) -> None:
    capture(qtbot, room, CTRL, "Paid social budget?\nAsk finance", "Chloé")
    capture(qtbot, room, CTRL_SHIFT, "Instagram stays primary for O1", "Ben")
    expected_lot, expected_decisions = notes(room), notes(room, "decision")
    library, wid = room.library, room.session.workshop_id  # type: ignore[union-attr]

    library.export_file(wid, tmp_path / "w.json")  # type: ignore[union-attr]
    back, _warnings = read_workshop_file(tmp_path / "w.json")
    assert back.parking_lot == expected_lot and back.decisions == expected_decisions

    library.export_file(wid, tmp_path / "team.xlsx")  # type: ignore[union-attr]
    sheet = openpyxl.load_workbook(tmp_path / "team.xlsx")["Parking lot & decisions"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    header = rows.index(("List", "#", "Text", "By", "At"))
    assert rows[header + 1 : header + 3] == [
        ("Parking lot", 1, "Paid social budget?\nAsk finance", "Chloé", expected_lot[0].at),
        ("Decision", 1, "Instagram stays primary for O1", "Ben", expected_decisions[0].at),
    ]


# -- the model, without widgets --------------------------------------------------------------------------


def test_by_choices_and_the_cell_texts() -> None:
    ws = small_workshop()
    assert by_choices(ws) == [FACILITATOR, "Ana", "Ben", "Chloé"]
    assert shown_lines("First\n\n  second  \r\nthird") == "First\n  second\nthird"
    day = dt.date(2026, 12, 1)
    assert when_text(dt.datetime(2026, 12, 1, 9, 5), today=day) == "09:05"  # the day itself: the time
    earlier = when_text(dt.datetime(2026, 11, 30, 17, 45), today=day)
    assert earlier.startswith("30 ") and earlier.endswith(" 17:45") and "2026" not in earlier
    assert "2025" in when_text(dt.datetime(2025, 11, 30, 17, 45), today=day)
    assert when_text(None) == ""


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"text": "", "by": "Ana"}, "Text is required"),
        ({"text": "x" * 32_768, "by": "Ana"}, "Text must be at most 32767 characters"),
        ({"text": "ok", "by": "y" * 501}, "By must be at most 500 characters"),
        ({"text": "ok", "by": "Ana\nBen"}, "By must not contain control characters or line breaks"),
    ],
)
@pytest.mark.parametrize("kind", ["parking_lot", "decision"])
def test_the_service_refuses_a_note_out_of_bounds_naming_the_field(
    service: WorkshopService, kind: str, fields: dict[str, str], said: str
) -> None:
    wid = service.create_workshop("Bounds").result
    with pytest.raises(REFUSALS) as refused:
        service.add(kind, wid, **fields)
    assert describe_refusal(refused.value).startswith(said), describe_refusal(refused.value)
    ws = service.load(wid).workshop
    assert ws.parking_lot == [] and ws.decisions == []


def test_the_bounds_themselves_are_accepted(service: WorkshopService) -> None:
    wid = service.create_workshop("Bounds").result
    text = "line one\n\tindented\r\nline three" + "x" * (32_767 - 30)
    assert len(text) == 32_767
    service.add("parking_lot", wid, text=text, by="y" * 500, at=dt.datetime(2026, 12, 1, 10, 40))
    assert service.load(wid).workshop.parking_lot == [Note(text, "y" * 500, dt.datetime(2026, 12, 1, 10, 40))]

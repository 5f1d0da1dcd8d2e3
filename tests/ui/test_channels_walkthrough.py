"""The whole channels stage in the window, by keyboard as a facilitator runs it: score an outcome, change a weight
and see the ranking flip, add a custom criterion, give channel dots and see dissent (and hide it), choose primary,
supporting and fallback channels, retire a channel, then reopen the workshop and find it all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from tests.ui.keyboard import key as key_on_page
from tests.ui.test_channels_stage import open_stage, score
from workshop.domain.enums import Stage
from workshop.domain.text import name_key
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.channels.choices import ChoiceGridModel
from workshop.ui.stages.channels.criteria_model import CriteriaTableModel

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def click_cell(qtbot: QtBot, view, index) -> None:  # type: ignore[no-untyped-def]
    """Click a cell of a table as a person does (it becomes the current cell)."""
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_a_facilitator_runs_the_channels_stage_by_keyboard_and_finds_it_after_reopening(
    qtbot: QtBot, window: MainWindow
) -> None:
    wid, page = open_stage(qtbot, window)
    session = window.session
    assert session is not None
    window.go_to_stage(Stage.SETUP)
    window.stage_actions[3].trigger()  # Ctrl+4: the focus goes into the scoring grid, ready for digits
    qtbot.waitUntil(page.grid.hasFocus)

    # Score O7 by keyboard: Company website 5 and 5 puts it first.
    for _ in range(6):
        key_on_page(qtbot, Qt.Key.Key_PageDown, ALT)
    assert page.model.outcome == "O7"
    row = page.model.row_of("Company website")
    assert row is not None
    click_cell(qtbot, page.grid, page.model.index(row, 0))
    key_on_page(qtbot, Qt.Key.Key_5)
    key_on_page(qtbot, Qt.Key.Key_5)
    assert page.model.place("Company website") == (1, 93.33333333333333, True)

    # Weights (Alt+W): Ease from 1 to 3 flips the first channel of O1, live.
    assert session.analysis.ranking("O1")[0].channel.name == "Customer community forum"
    key_on_page(qtbot, Qt.Key.Key_W, ALT)
    assert page.views.currentWidget() is page.criteria
    qtbot.waitUntil(page.criteria.view.hasFocus)
    cm = page.criteria.model
    click_cell(qtbot, page.criteria.view, cm.index(cm.row_of_name("ease") or 0, CriteriaTableModel.COL_WEIGHT))
    key_on_page(qtbot, Qt.Key.Key_F2)
    spin = page.criteria.view.findChild(QDoubleSpinBox, "weightEditor")
    assert isinstance(spin, QDoubleSpinBox)
    qtbot.keyClicks(spin.lineEdit(), "3")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert session.analysis.ranking("O1")[0].channel.name == "Company website"

    # A custom criterion (Ins): Brand fit, scored per outcome; it shows in the scoring grid and takes a score.
    def fill(dialog: QWidget) -> None:
        name, kind = dialog.findChild(QLineEdit), dialog.findChild(QComboBox)
        assert isinstance(name, QLineEdit) and isinstance(kind, QComboBox)
        qtbot.keyClicks(name, "Brand fit")
        kind.setCurrentIndex(kind.findData("outcome"))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    when_dialog_opens(fill)
    key_on_page(qtbot, Qt.Key.Key_Insert)
    assert [c.key for c in session.workshop.criteria][-1] == "brand_fit"
    window.activateWindow()  # offscreen, no window is active after a dialog closes (a desktop does this itself)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    key_on_page(qtbot, Qt.Key.Key_Escape)  # leave the weight editor the new criterion opened
    key_on_page(qtbot, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(page.grid.hasFocus)
    brand = page.model.column_of("brand_fit")
    assert brand is not None and page.model.headerData(brand, Qt.Orientation.Horizontal) == "Brand fit (1)"
    click_cell(qtbot, page.grid, page.model.index(page.model.row_of("Company website") or 0, brand))
    key_on_page(qtbot, Qt.Key.Key_4)
    assert score(window, "O7", "Company website", "brand_fit") == 4

    # Channel dots (Alt+D): Tobias (Sales) gives Company website 2 dots on O7; IT and Product prefer the forum.
    key_on_page(qtbot, Qt.Key.Key_D, ALT)
    dots = page.dots
    qtbot.waitUntil(dots.grid.hasFocus)
    while dots.participant_combo.currentText() != "Tobias Brandt":
        key_on_page(qtbot, Qt.Key.Key_Right, ALT)
    website, tobias = page.dots_model.row_of("Company website"), page.dots_model.column_of("Tobias Brandt")
    assert website is not None and tobias is not None
    dots.set_current_cell(website, tobias)  # (a click would add a dot)
    key_on_page(qtbot, Qt.Key.Key_2)
    dissent = [c for c in session.shown_checks if c.code == "W_DISSENT" and c.subject == "O7"]
    assert dissent and "Sales prefers Company website" in dissent[0].message
    assert "Departments differ on O7" in page.dots_favourites.text()
    view = window.view
    assert view is not None
    listed = [view.checks.list.item(i).text() for i in range(view.checks.list.count())]
    assert any("Departments disagree on O7" in t for t in listed)
    # Hidden (Ctrl+H): the dissent goes with the tally, everywhere, and the panel says a check is hidden.
    key_on_page(qtbot, Qt.Key.Key_H, CTRL)
    assert session.tally_hidden and view.stage_pages[Stage.OUTCOMES].voting.is_hidden()  # type: ignore[attr-defined]
    listed = [view.checks.list.item(i).text() for i in range(view.checks.list.count())]
    assert not any("disagree" in t for t in listed)
    assert view.checks.masked.isVisible() and "2 checks are hidden until the tally is revealed" in (
        view.checks.masked.text())  # fmt: skip
    assert "hidden" in page.dots_favourites.text() and "Sales" not in page.dots_favourites.text()
    key_on_page(qtbot, Qt.Key.Key_H, CTRL)
    assert not session.tally_hidden and not view.checks.masked.isVisible()

    # Choices (Alt+C) for O7: Company website primary, the forum supporting, the newsletter fallback.
    key_on_page(qtbot, Qt.Key.Key_C, ALT)
    choices = page.choices
    qtbot.waitUntil(choices.table.hasFocus)
    for channel, key in (("Company website", Qt.Key.Key_P), ("Customer community forum", Qt.Key.Key_S),
                         ("Email newsletter", Qt.Key.Key_F)):  # fmt: skip
        assert choices.select_channel(channel)
        key_on_page(qtbot, key)
    rows = {choices.model.row(r).channel.name: r for r in range(choices.model.rowCount())}
    in_use = {n: choices.model.index(r, ChoiceGridModel.COL_IN_USE).data() for n, r in rows.items()}
    assert (in_use["Company website"], in_use["Customer community forum"], in_use["Email newsletter"]) == (
        "70%", "30%", "0%")  # fmt: skip
    assert not [c for c in session.checks if c.code == "E_NO_CHANNEL" and c.subject == "O7"]
    choices.select_channel("Company website")
    click_cell(qtbot, choices.table, choices.model.index(rows["Company website"], ChoiceGridModel.COL_RELIANCE))
    key_on_page(qtbot, Qt.Key.Key_F2)
    reliance = choices.table.findChild(QDoubleSpinBox)
    assert isinstance(reliance, QDoubleSpinBox)
    qtbot.keyClicks(reliance.lineEdit(), "2")
    qtbot.keyClick(reliance.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: choices.table.state() != choices.table.State.EditingState)
    assert "1 of 2" in choices.note.text()  # the forum has none yet: the default shares stay in use

    # Channels (Alt+L): retire Instagram; it leaves the scoring grid of O7, where it has no score.
    key_on_page(qtbot, Qt.Key.Key_L, ALT)
    assert page.views.currentWidget() is page.catalog
    assert page.catalog.focus_channel("Instagram")
    key_on_page(qtbot, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert next(c for c in session.workshop.channels if c.name == "Instagram").retired
    assert page.model.row_of("Instagram") is None

    # Reopen: everything is there.
    window.close_workshop()
    window.open_workshop(wid)
    session = window.session
    assert session is not None
    ws = session.workshop
    assert score(window, "O7", "Company website", "audience_fit") == 5
    assert score(window, "O7", "Company website", "brand_fit") == 4
    assert {c.key: c.weight for c in ws.criteria}["ease"] == 3
    assert [(v.participant, v.dots) for v in ws.votes
            if v.outcome == "O7" and name_key(v.channel or "") == name_key("Company website")] == [
        ("Tobias Brandt", 2)]  # fmt: skip
    chosen = {c.channel: (c.role.value, c.reliance) for c in ws.choices if c.outcome == "O7"}
    assert chosen == {"Company website": ("primary", 2.0), "Customer community forum": ("supporting", None),
                      "Email newsletter": ("fallback", None)}  # fmt: skip
    assert next(c for c in ws.channels if c.name == "Instagram").retired

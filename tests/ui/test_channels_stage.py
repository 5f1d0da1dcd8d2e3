"""The channels stage's first part in the window: scoring an outcome by keyboard re-ranks it live, the next
outcome by one key, the charts and stability sentences follow, and everything is there after reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workshop.domain.enums import Stage
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.channels.page import ChannelsStagePage


def open_stage(qtbot: QtBot, window: MainWindow) -> tuple[int, ChannelsStagePage]:
    edit = window.service.import_workshop(sample_workshop())  # type: ignore[union-attr]
    window.refresh_workshops(select=edit.result)
    window.open_workshop(edit.result)
    window.activateWindow()
    assert window.view is not None
    window.go_to_stage(Stage.CHANNELS)
    page = window.view.stage_pages[Stage.CHANNELS]
    assert isinstance(page, ChannelsStagePage)
    qtbot.waitExposed(page)
    page.grid.setFocus()
    qtbot.waitUntil(page.grid.hasFocus)
    return edit.result, page


def score(window: MainWindow, outcome: str, channel: str, criterion: str) -> int | None:
    assert window.session is not None
    found = [
        s.score
        for s in window.session.workshop.scores
        if (s.outcome, name_key(s.channel), s.criterion) == (outcome, name_key(channel), criterion)
    ]
    return found[0] if found else None


def test_scoring_by_keyboard_reranks_and_survives_a_reopen(qtbot: QtBot, window: MainWindow) -> None:
    wid, page = open_stage(qtbot, window)
    model, grid = page.model, page.grid
    assert model.outcome == "O1" and model.place("Customer community forum")[0] == 1  # type: ignore[index]
    row = model.row_of("Company website")
    assert row is not None
    grid.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(grid, Qt.Key.Key_5)  # audience fit: 5, then on to outcome fit
    assert grid.currentIndex().column() == 1
    qtbot.keyClick(grid, Qt.Key.Key_5)
    assert score(window, "O1", "Company website", "outcome_fit") == 5
    assert grid.currentIndex().row() == row + 1 and grid.currentIndex().column() == 0  # the next channel
    assert model.place("Company website")[0] == 1  # type: ignore[index]  # the ranking flipped, live
    assert "Company website stays first" in page.sentences.text()
    qtbot.keyClick(grid, Qt.Key.Key_7)  # not a score: refused, nothing stored
    assert page.message_label.isVisible() and "1 to 5" in page.message_label.text()
    grid.setCurrentIndex(model.index(row, 1))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert score(window, "O1", "Company website", "outcome_fit") is None
    assert "(incomplete)" in str(model.index(row, model.score_column).data())
    window.undo_action.trigger()
    assert score(window, "O1", "Company website", "outcome_fit") == 5
    qtbot.keyClick(grid, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert model.outcome == "O2" and page.outcome_combo.currentText().startswith("O2")
    page.views.setCurrentWidget(page.ranking)
    qtbot.waitUntil(lambda: page.ranking.figure is not None)
    page.views.setCurrentWidget(page.stability.parentWidget())
    qtbot.waitUntil(lambda: page.stability.figure is not None)
    window.close_workshop()
    window.open_workshop(wid)
    assert score(window, "O1", "Company website", "audience_fit") == 5
    assert score(window, "O1", "Company website", "outcome_fit") == 5

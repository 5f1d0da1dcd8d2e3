"""ISSUE 4, done when: a workshop made from the start screen and filled through the widgets survives
undo, redo, closing the window and opening it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_shell import press, type_into_input_dialog
from workshop.ui import settings as S
from workshop.ui.app import apply_style
from workshop.ui.item_list import ItemListPanel
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.setup import SetupStagePage


def add(qtbot, panel: ItemListPanel, *names: str) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        qtbot.keyClicks(panel.quick_add, name)
        qtbot.keyClick(panel.quick_add, Qt.Key.Key_Return)


def test_create_fill_undo_redo_close_reopen(qtbot, tmp_path: Path, library_path: Path) -> None:  # type: ignore[no-untyped-def]
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    settings = S.AppSettings(tmp_path / "settings.ini")
    window = MainWindow(settings, library_path)
    qtbot.addWidget(window)
    window.show()

    type_into_input_dialog("Board away-day")
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None)
    page = window.view.stage_pages[window.view.stage]
    assert isinstance(page, SetupStagePage)

    qtbot.keyClicks(page.details.organisation_edit, "Acme Cycles")
    qtbot.keyClick(page.details.organisation_edit, Qt.Key.Key_Return)
    page.tabs.setCurrentWidget(page.departments)
    add(qtbot, page.departments, "Finance", "Marketing")
    page.tabs.setCurrentWidget(page.participants)
    combo = page.participants.department_combo
    combo.setCurrentIndex(combo.findText("Finance"))
    add(qtbot, page.participants, "Ana")
    combo.setCurrentIndex(combo.findText("Marketing"))
    add(qtbot, page.participants, "Ben")
    page.tabs.setCurrentWidget(page.stakeholders)
    add(qtbot, page.stakeholders, "Board chair")

    ws = window.session.workshop
    assert ws.organisation == "Acme Cycles"
    assert [(p.name, p.department) for p in ws.participants] == [("Ana", "Finance"), ("Ben", "Marketing")]
    assert [s.name for s in ws.stakeholders] == ["Board chair"]
    # Set-up checks follow: with participants in the room, E_NO_PARTICIPANTS is gone.
    assert "ready" in window.view.navigator.item(0).text()

    page.stakeholders.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)  # undo the stakeholder
    assert window.session.workshop.stakeholders == []
    assert page.stakeholders.model.rowCount() == 0
    window.redo_action.trigger()
    assert [s.name for s in window.session.workshop.stakeholders] == ["Board chair"]

    window.close()
    reopened = MainWindow(settings, library_path)
    qtbot.addWidget(reopened)
    reopened.show()
    assert [w.title for w in reopened.start.model.rows] == ["Board away-day"]
    reopened.activateWindow()
    qtbot.waitUntil(reopened.isActiveWindow)
    reopened.start.table.setFocus()
    qtbot.keyClick(reopened.start.table, Qt.Key.Key_Return)
    assert reopened.session is not None
    ws = reopened.session.workshop
    assert ws.organisation == "Acme Cycles"
    assert [d.name for d in ws.departments] == ["Finance", "Marketing"]
    assert [(p.name, p.department) for p in ws.participants] == [("Ana", "Finance"), ("Ben", "Marketing")]
    assert [s.name for s in ws.stakeholders] == ["Board chair"]
    page = reopened.view.stage_pages[reopened.view.stage]
    assert page.participants.model.rowCount() == 2
    reopened.close()

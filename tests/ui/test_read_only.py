"""A library that another process writes is read-only on screen, not only when an edit is saved."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPushButton

from tests.ui.test_shell import seed
from workshop.domain.enums import Stage
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow


@pytest.fixture
def seeded(library_path: Path) -> int:
    """The sample in the library, before another process opens it for writing."""
    return seed(library_path)


def open_read_only(qtbot, settings: S.AppSettings, library_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window on the seeded workshop of a library another process writes, shown and active."""
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    win.open_workshop(win.start.selected_id())
    win.activateWindow()
    return win


def test_read_only_library_disables_every_editing_widget_and_says_who_holds_it(  # type: ignore[no-untyped-def]
    qtbot, settings: S.AppSettings, library_path: Path, seeded: int, holder: subprocess.Popen[str]
) -> None:
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    assert win.library is not None and win.library.read_only
    win.open_workshop(win.start.selected_id())
    view = win.view
    qtbot.waitUntil(view.read_only_banner.isVisible)
    assert "open for writing by" in view.read_only_banner.text() and "Read-only" in view.read_only_banner.text()
    page = view.stage_pages[Stage.SETUP]
    edits = [w for w in [*page.findChildren(QLineEdit), *page.findChildren(QAbstractSpinBox)] if w.isVisibleTo(page)]
    assert edits and not any(w.isEnabled() for w in edits)
    buttons = page.findChildren(QPushButton)
    assert buttons and not any(b.isEnabled() for b in buttons)
    panel = page.panels["participant"]
    page.tabs.setCurrentWidget(panel)
    index = panel.model.index(0, 0)
    assert not panel.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    panel.view.setCurrentIndex(index)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    assert panel.view.state() != panel.view.State.EditingState
    assert page.tabs.isEnabled() and panel.view.isEnabled()  # still browsable
    win.close()


def test_the_stakeholders_stage_of_a_read_only_library_browses_but_never_edits(  # type: ignore[no-untyped-def]
    qtbot, settings: S.AppSettings, library_path: Path, seeded: int, holder: subprocess.Popen[str]
) -> None:
    win = open_read_only(qtbot, settings, library_path)
    win.go_to_stage(Stage.STAKEHOLDERS)
    page = win.view.stage_pages[Stage.STAKEHOLDERS]
    grid, model = page.matrix.grid, page.matrix.model
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    before = [model.role(r, c) for r in range(model.rowCount()) for c in range(model.data_columns)]
    grid.setCurrentIndex(model.index(0, 1))
    qtbot.keyClick(grid, Qt.Key.Key_R)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(model.index(0, 1)).center())
    assert [model.role(r, c) for r in range(model.rowCount()) for c in range(model.data_columns)] == before
    page.matrix.set_current_cell(model.row_of("O6"), 0)  # O6, Jonas Albrecht: two A's, no finance, overloaded
    if page.fixes.compact:  # folded on this 1600x900 window: Ctrl+J unfolds the fixes
        qtbot.keyClick(grid, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert not page.fixes.compact
    assert page.fixes.fix_buttons and not any(b.isEnabled() for b in page.fixes.fix_buttons)
    qtbot.keyClick(grid, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.by_department  # browsing still works
    qtbot.keyClick(grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.views.currentWidget() is page.power
    assert win.session is not None and win.session.undo_stack.count() == 0
    win.close()


def test_the_outcomes_views_and_the_tally_still_switch_in_a_read_only_library(  # type: ignore[no-untyped-def]
    qtbot, settings: S.AppSettings, library_path: Path, seeded: int, holder: subprocess.Popen[str]
) -> None:
    win = open_read_only(qtbot, settings, library_path)
    win.go_to_stage(Stage.OUTCOMES)
    page = win.view.stage_pages[Stage.OUTCOMES]
    page.panel.view.setFocus()
    qtbot.waitUntil(page.panel.view.hasFocus)
    qtbot.keyClick(page.panel.view, Qt.Key.Key_F8)
    assert page.views.currentWidget() is page.voting  # a view key still works
    assert page.voting.hide_button.isEnabled() and page.voting.hide_action.isEnabled()
    page.voting.hide_button.click()  # hiding the tally changes the view, not the workshop
    assert page.voting.is_hidden() and page.model.hide_dots
    assert not page.template_action.isEnabled() and not page.duplicate_action.isEnabled()  # editing stays off
    assert win.session is not None and win.session.undo_stack.count() == 0
    win.close()


def test_a_writable_library_shows_no_banner_and_edits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_workshop(seed_into_window(window))
    view = window.view
    assert not view.read_only_banner.isVisible()
    page = view.stage_pages[Stage.SETUP]
    assert page.details.title_edit.isEnabled() and page.panels["participant"].quick_add.isEnabled()


def seed_into_window(window: MainWindow) -> int:
    assert window.library is not None
    return int(window.library.add_sample().result)


def test_the_style_takes_its_meaningful_colours_from_the_palette() -> None:
    from workshop.domain.enums import Severity
    from workshop.export import palette
    from workshop.ui.app import style_sheet

    text = style_sheet()
    body = text.split("*/", 1)[1]
    assert "@" not in body
    for colour in (palette.SEVERITY_TEXT_COLOURS[Severity.ERROR], palette.READY_TEXT_COLOUR):
        assert colour in body


def test_screenshot_of_a_library_another_process_writes_shows_no_banner(  # type: ignore[no-untyped-def]
    tmp_path: Path, library_path: Path, seeded: int, holder: subprocess.Popen[str]
) -> None:
    """Rendered from a private writable copy: the stage as a facilitator sees it, no banner, nothing greyed."""
    import os
    import sys

    from PySide6.QtGui import QColor, QImage

    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "screenshot", str(seeded), "--stage", "setup", "--size", "1280x720",
         "--out", str(out), "--library", str(library_path)],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    banner = QColor("#fff4ce")
    band = [image.pixelColor(x, y) for x in range(100, 1200, 50) for y in range(80, 140, 5)]
    assert banner not in band

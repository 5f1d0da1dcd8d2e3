"""The stakeholders stage in the window, as a facilitator uses it: roles by keyboard with a block fill, each
stakeholder error hit and cleared, fixes applied and one undone, a point dragged on the power/interest grid,
then the workshop reopened with all of it there."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from workshop.domain.enums import RaciRole, Severity, Stage
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.ui.main_window import MainWindow
from workshop.ui.stages.stakeholders.matrix_model import MARK_ROLE
from workshop.ui.stages.stakeholders.page import StakeholdersStagePage
from workshop.ui.workshop_view import CHECK_ROLE

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_stage(qtbot: QtBot, window: MainWindow) -> tuple[int, StakeholdersStagePage]:
    edit = window.service.import_workshop(sample_workshop())  # type: ignore[union-attr]
    window.refresh_workshops(select=edit.result)
    window.open_workshop(edit.result)
    window.resize(1920, 1080)
    window.activateWindow()
    assert window.view is not None
    window.go_to_stage(Stage.STAKEHOLDERS)
    page = window.view.stage_pages[Stage.STAKEHOLDERS]
    assert isinstance(page, StakeholdersStagePage)
    qtbot.waitExposed(page)
    page.matrix.grid.setFocus()
    qtbot.waitUntil(page.matrix.grid.hasFocus)
    return edit.result, page


def role(window: MainWindow, outcome: str, participant: str) -> RaciRole | None:
    assert window.session is not None
    found = [
        r.role
        for r in window.session.workshop.raci
        if r.outcome == outcome and name_key(r.participant) == name_key(participant)
    ]
    return found[0] if found else None


def fires(window: MainWindow, code: str, subject: str) -> bool:
    assert window.session is not None
    return any(c.code == code and c.subject == subject for c in window.session.checks)


def go_to(qtbot: QtBot, page: StakeholdersStagePage, outcome: str, participant: str) -> None:
    """Walk to a cell with the arrow keys from where the cursor is."""
    grid, model = page.matrix.grid, page.matrix.model
    row, column = model.row_of(outcome), model.column_of(participant)
    assert row is not None and column is not None
    while grid.currentIndex().row() != row:
        qtbot.keyClick(grid, Qt.Key.Key_Down if grid.currentIndex().row() < row else Qt.Key.Key_Up)
    while grid.currentIndex().column() != column:
        qtbot.keyClick(grid, Qt.Key.Key_Right if grid.currentIndex().column() < column else Qt.Key.Key_Left)


def fix_button(page: StakeholdersStagePage, text: str) -> QPushButton:
    found = [b for b in page.fixes.fix_buttons if b.text() == text]
    assert found, [b.text() for b in page.fixes.fix_buttons]
    return found[0]


def click_check(qtbot: QtBot, window: MainWindow, code: str, subject: str) -> None:
    """Click a finding in the window's checks panel, as the facilitator does."""
    assert window.view is not None
    panel = window.view.checks.list
    for i in range(panel.count()):
        check = panel.item(i).data(CHECK_ROLE)
        if check is not None and check.code == code and check.subject == subject:
            panel.scrollToItem(panel.item(i))
            qtbot.mouseClick(panel.viewport(), LEFT, NONE, panel.visualItemRect(panel.item(i)).center())
            return
    raise AssertionError(f"{code} {subject} is not in the checks panel")


def test_a_facilitator_walks_the_stakeholders_stage(qtbot: QtBot, window: MainWindow) -> None:
    wid, page = open_stage(qtbot, window)
    grid = page.matrix.grid
    stack = window.session.undo_stack  # type: ignore[union-attr]

    # Roles by keyboard: R on O1 for Lea moves down to O2, where C sets her role.
    go_to(qtbot, page, "O1", "Lea Schuster")
    qtbot.keyClick(grid, Qt.Key.Key_R)
    assert role(window, "O1", "Lea Schuster") is RaciRole.R
    assert grid.currentIndex().row() == page.matrix.model.row_of("O2")
    qtbot.keyClick(grid, Qt.Key.Key_C)
    assert role(window, "O2", "Lea Schuster") is RaciRole.C

    # A block: O7 and O8 for Miriam and Paul (Finance), Shift+arrows, then I: one edit, one undo step.
    go_to(qtbot, page, "O7", "Miriam Hoffmann")
    qtbot.keyClick(grid, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(grid, Qt.Key.Key_Right, SHIFT)
    depth = stack.count()
    qtbot.keyClick(grid, Qt.Key.Key_I)
    assert stack.count() == depth + 1
    assert [role(window, o, p) for o in ("O7", "O8") for p in ("Miriam Hoffmann", "Paul Lehmann")] == [RaciRole.I] * 4
    assert len(grid.selectionModel().selectedIndexes()) == 4  # the block stays selected after the edit

    # E_NO_ACCOUNTABLE: Delete clears Katrin's A on O1; A puts it back.
    go_to(qtbot, page, "O1", "Katrin Wolff")
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert role(window, "O1", "Katrin Wolff") is None and fires(window, "E_NO_ACCOUNTABLE", "O1")
    assert page.matrix.model.checks_on_row(0)  # marked on its row
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_A)
    assert not fires(window, "E_NO_ACCOUNTABLE", "O1")

    # E_NO_RESPONSIBLE: Space clears Felix's R on O1 (and Lea's, set above, goes with a click cycle).
    go_to(qtbot, page, "O1", "Lea Schuster")
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    go_to(qtbot, page, "O1", "Felix Neumann")
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert fires(window, "E_NO_RESPONSIBLE", "O1")
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    rect = grid.visualRect(grid.currentIndex())
    qtbot.mouseClick(grid.viewport(), LEFT, NONE, rect.center())  # a click: empty -> R
    assert role(window, "O1", "Felix Neumann") is RaciRole.R and not fires(window, "E_NO_RESPONSIBLE", "O1")

    # E_MULTI_ACCOUNTABLE by keyboard: A for Lea on O4 (Nils is A there) fires it; I puts her back and clears it.
    go_to(qtbot, page, "O4", "Lea Schuster")
    qtbot.keyClick(grid, Qt.Key.Key_A)
    assert fires(window, "E_MULTI_ACCOUNTABLE", "O4")
    assert (
        page.matrix.model.index(page.matrix.model.row_of("O4"), page.matrix.model.column_of("Lea Schuster")).data(
            MARK_ROLE
        )
        == Severity.ERROR
    )  # marked on the cell
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_I)
    assert role(window, "O4", "Lea Schuster") is RaciRole.I and not fires(window, "E_MULTI_ACCOUNTABLE", "O4")

    # E_MULTI_ACCOUNTABLE on O6 (Jonas and Katrin): the fix panel follows the cursor; keep Katrin.
    go_to(qtbot, page, "O6", "Katrin Wolff")
    assert fires(window, "E_MULTI_ACCOUNTABLE", "O6")
    qtbot.mouseClick(fix_button(page, "Keep Katrin Wolff as A on O6; Jonas Albrecht becomes R"), LEFT)
    assert role(window, "O6", "Jonas Albrecht") is RaciRole.R and role(window, "O6", "Katrin Wolff") is RaciRole.A
    assert not fires(window, "E_MULTI_ACCOUNTABLE", "O6")
    assert stack.undoText() == "Keep Katrin Wolff as A on O6; Jonas Albrecht becomes R"

    # W_SILO on O3, picked in the checks panel: the matrix selects O3's row, the fix adds Sales; then undone.
    click_check(qtbot, window, "W_SILO", "O3")
    assert window.view is not None and window.view.stage is Stage.STAKEHOLDERS
    selected_rows = {i.row() for i in grid.selectionModel().selectedIndexes()}
    assert selected_rows == {page.matrix.model.row_of("O3")}
    qtbot.mouseClick(fix_button(page, "Add Aylin Demir (Sales) as C on O3"), LEFT)
    assert role(window, "O3", "Aylin Demir") is RaciRole.C and not fires(window, "W_SILO", "O3")
    window.undo_action.trigger()
    assert role(window, "O3", "Aylin Demir") is None and fires(window, "W_SILO", "O3")

    # The power/interest grid: Ctrl+Shift+P, drag Miriam (power 5, interest 2) to power 4, interest 4.
    qtbot.keyClick(grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert page.views.currentWidget() is page.power
    power = page.power
    start = power.point_center("participant", "Miriam Hoffmann")
    end = start + power.spot_center(4, 4) - power.spot_center(5, 2)
    QTest.mousePress(power, LEFT, NONE, start.toPoint())
    QTest.mouseMove(power, ((start + end) / 2).toPoint())
    QTest.mouseMove(power, (end + QPointF(3, -2)).toPoint())
    QTest.mouseRelease(power, LEFT, NONE, (end + QPointF(3, -2)).toPoint())
    miriam = next(p for p in window.session.workshop.participants if p.name == "Miriam Hoffmann")  # type: ignore[union-attr]
    assert (miriam.power, miriam.interest) == (4, 4)

    # Reopen: everything is there.
    window.close_workshop()
    window.open_workshop(wid)
    assert role(window, "O1", "Lea Schuster") is None and role(window, "O2", "Lea Schuster") is RaciRole.C
    assert [role(window, o, p) for o in ("O7", "O8") for p in ("Miriam Hoffmann", "Paul Lehmann")] == [RaciRole.I] * 4
    assert role(window, "O1", "Katrin Wolff") is RaciRole.A and role(window, "O1", "Felix Neumann") is RaciRole.R
    assert role(window, "O6", "Jonas Albrecht") is RaciRole.R and role(window, "O3", "Aylin Demir") is None
    miriam = next(p for p in window.session.workshop.participants if p.name == "Miriam Hoffmann")  # type: ignore[union-attr]
    assert (miriam.power, miriam.interest) == (4, 4)
    assert fires(window, "W_SILO", "O3") and not fires(window, "E_MULTI_ACCOUNTABLE", "O6")


def test_each_view_has_its_key_and_the_department_view_rolls_up(qtbot: QtBot, window: MainWindow) -> None:
    _wid, page = open_stage(qtbot, window)
    grid = page.matrix.grid
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | SHIFT
    for key, widget in (
        (Qt.Key.Key_H, page.heatmap),
        (Qt.Key.Key_W, page.workload),
        (Qt.Key.Key_M, page.matrix_tab),
    ):
        qtbot.keyClick(page.views.currentWidget(), key, ctrl_shift)
        assert page.views.currentWidget() is widget
    qtbot.keyClick(grid, Qt.Key.Key_D, ctrl_shift)
    assert page.matrix.model.by_department and page.matrix.department_button.isChecked()
    assert page.matrix.model.data_columns == 8
    depth = window.session.undo_stack.count()  # type: ignore[union-attr]
    qtbot.keyClick(grid, Qt.Key.Key_R)  # read-only roll-up: nothing happens
    assert window.session.undo_stack.count() == depth  # type: ignore[union-attr]
    qtbot.keyClick(grid, Qt.Key.Key_D, ctrl_shift)
    assert not page.matrix.model.by_department


def test_a_participant_check_selects_their_column_and_offers_the_hand_over(qtbot: QtBot, window: MainWindow) -> None:
    _wid, page = open_stage(qtbot, window)
    click_check(qtbot, window, "W_OVERLOAD", "Jonas Albrecht")
    grid, model = page.matrix.grid, page.matrix.model
    columns = {i.column() for i in grid.selectionModel().selectedIndexes()}
    assert columns == {model.column_of("Jonas Albrecht")}
    text = "Hand Jonas Albrecht's R on O2 to Lea Schuster; Jonas Albrecht becomes C there"
    qtbot.mouseClick(fix_button(page, text), LEFT)
    assert role(window, "O2", "Lea Schuster") is RaciRole.R and role(window, "O2", "Jonas Albrecht") is RaciRole.C
    assert model.load("Jonas Albrecht") == 3
    window.undo_action.trigger()
    assert role(window, "O2", "Jonas Albrecht") is RaciRole.R and model.load("Jonas Albrecht") == 4


def test_the_block_selection_and_scroll_stay_after_an_edit(qtbot: QtBot, window: MainWindow) -> None:
    _wid, page = open_stage(qtbot, window)
    grid, model = page.matrix.grid, page.matrix.model
    block = QItemSelection(model.index(2, 2), model.index(4, 5))
    grid.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    scroll = grid.horizontalScrollBar().value(), grid.verticalScrollBar().value()
    qtbot.keyClick(grid, Qt.Key.Key_C)
    assert {(i.row(), i.column()) for i in grid.selectionModel().selectedIndexes()} == {
        (r, c) for r in range(2, 5) for c in range(2, 6)
    }
    assert (grid.horizontalScrollBar().value(), grid.verticalScrollBar().value()) == scroll
    assert all(model.role(r, c) is RaciRole.C for r in range(2, 5) for c in range(2, 6))

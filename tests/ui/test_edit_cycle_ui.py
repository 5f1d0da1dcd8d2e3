"""The edit cycle in the window: one undo step per spin, the checks panel keeps its place, pages redraw
only when something they show changed, and only when shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workshop.domain.enums import Stage
from workshop.ui.main_window import MainWindow
from workshop.ui.session import EVERYTHING
from workshop.ui.stages.setup import SetupStagePage


def open_sample(window: MainWindow) -> None:
    assert window.library is not None
    window.open_workshop(int(window.library.add_sample().result))


def test_spin_steps_are_one_undo_step(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page = setup_sample_page
    spin, session = page.details.dots_spin, page.session
    assert spin.value() == 3
    spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert session.workshop.dots_per_participant == 6
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.workshop.dots_per_participant == 3 and spin.value() == 3
    session.undo_stack.redo()
    assert session.workshop.dots_per_participant == 6


def test_other_fields_do_not_merge(qtbot: QtBot, setup_sample_page: SetupStagePage) -> None:
    page = setup_sample_page
    session = page.session
    page.details.dots_spin.setFocus()
    qtbot.keyClick(page.details.dots_spin, Qt.Key.Key_Up)
    page.details.overload_spin.setFocus()
    qtbot.keyClick(page.details.overload_spin, Qt.Key.Key_Up)
    qtbot.keyClick(page.details.dots_spin, Qt.Key.Key_Up)
    assert session.undo_stack.count() == 3


def test_the_checks_panel_keeps_its_current_check_and_scroll_across_edits(qtbot: QtBot, window: MainWindow) -> None:
    open_sample(window)
    view, session = window.view, window.session
    checks = view.checks.list
    window.resize(1280, 720)
    row = next(i for i in range(checks.count()) if checks.item(i).toolTip() == "W_DISSENT")
    checks.setCurrentRow(row)
    checks.scrollToItem(checks.item(row))
    scroll = checks.verticalScrollBar().value()
    wid = session.workshop_id
    session.apply(lambda: session.service.update_workshop(wid, organisation="Nordlicht AG"))
    assert checks.currentItem().toolTip() == "W_DISSENT" and checks.currentRow() == row
    assert checks.verticalScrollBar().value() == scroll
    # An edit that changes the list: the same finding stays current.
    outcome = session.id_of("outcome", "O7")
    session.apply(lambda: session.service.update("outcome", outcome, kpi_baseline=1.0, kpi_target=2.0))
    assert checks.currentItem().toolTip() == "W_DISSENT"
    assert all(checks.item(i).toolTip() != "W_NO_KPI" for i in range(checks.count()))


def test_a_page_redraws_only_for_what_it_shows_and_only_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    open_sample(window)
    view, session = window.view, window.session
    page = view.stage_pages[Stage.SETUP]
    drawn: list[int] = []
    real = page.refresh
    page.refresh = lambda: (drawn.append(1), real())[1]  # type: ignore[method-assign]
    tables: list[frozenset[str]] = []
    session.changed.connect(tables.append)
    o1, person = session.id_of("outcome", "O1"), session.id_of("participant", "Lea Schuster")
    session.apply(lambda: session.service.set_raci(o1, person, "I"))
    assert tables[-1] == {"raci"} and drawn == []  # set-up does not show RACI
    session.apply(lambda: session.service.update("participant", person, power=2))
    assert tables[-1] == {"participant"} and len(drawn) == 1  # shown: at once
    view.go_to_stage(Stage.OUTCOMES)
    session.apply(lambda: session.service.update("participant", person, power=4))
    assert len(drawn) == 1 and page.stale  # hidden: not yet
    view.go_to_stage(Stage.SETUP)
    assert len(drawn) == 2 and not page.stale  # shown again: now
    session.undo_stack.undo()
    assert tables[-1] == {"participant"}
    session.reload()
    assert tables[-1] == EVERYTHING


def test_after_edits_the_session_figures_and_checks_are_those_of_a_fresh_look(qtbot: QtBot, window: MainWindow) -> None:
    """Checks rerun by group and figures lent by the previous analysis must equal a fresh computation."""
    from workshop.domain.checks import run_checks
    from workshop.domain.formulas import Analysis

    open_sample(window)
    session = window.session
    service = session.service
    o1, o6 = session.id_of("outcome", "O1"), session.id_of("outcome", "O6")
    lea = session.id_of("participant", "Lea Schuster")
    email = session.id_of("channel", "Email newsletter")
    fit = session.id_of("criterion", "audience_fit")
    steps = [
        lambda: service.set_raci(o6, lea, "A"),
        lambda: service.set_raci(o1, lea, "R"),
        lambda: service.set_score(o1, email, fit, 1),
        lambda: service.update("criterion", fit, weight=9),
        lambda: service.set_choice(o6, email, None),
        lambda: service.update_workshop(session.workshop_id, overload_limit=1),
    ]
    for step in steps:
        assert session.apply(step) is not None
        fresh = service.load(session.workshop_id).workshop
        analysis = Analysis(fresh)
        assert session.checks == run_checks(fresh, analysis)
        for o in fresh.outcomes:
            assert session.analysis.ranking(o.key) == analysis.ranking(o.key)
            assert session.analysis.sensitivity(o.key) == analysis.sensitivity(o.key)
    for _ in steps:
        session.undo_stack.undo()
        fresh = service.load(session.workshop_id).workshop
        assert session.checks == run_checks(fresh)


def test_ctrl_z_in_the_spin_box_undoes_its_steps_in_one(qtbot: QtBot, window: MainWindow) -> None:
    """In the real window, Ctrl+Z typed in the spin box undoes the workshop edit, not the box's text."""
    open_sample(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    spin = window.view.stage_pages[Stage.SETUP].details.dots_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert window.session.workshop.dots_per_participant == 6
    qtbot.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.workshop.dots_per_participant == 3 and spin.value() == 3
    qtbot.keyClick(spin, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.session.workshop.dots_per_participant == 6

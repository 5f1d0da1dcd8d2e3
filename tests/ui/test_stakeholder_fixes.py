"""Each fix in one click, through the fix panel's button: it says what it changes, applying it is one undoable edit
that clears its finding (or, for an overload, takes one role off), and undo brings the workshop back exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workshop.domain.enums import Stage
from workshop.domain.stakeholders import FIXABLE_CODES, raci_load
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.stakeholders.fixes import FixPanel


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    """The sample with O1's A (Katrin) and R (Felix) cleared: all six fixable checks fire."""
    wid = service.import_workshop(sample_workshop()).result
    loaded = service.load(wid)
    o1 = loaded.id_of("outcome", "O1")
    cells = [(o1, loaded.id_of("participant", name), None) for name in ("Katrin Wolff", "Felix Neumann")]
    service.set_raci_cells(wid, cells)
    return WorkshopSession(service, wid)


def findings(session: WorkshopSession) -> set[tuple[str, str]]:
    return {(c.code, c.subject) for c in session.checks_for(Stage.STAKEHOLDERS)}


EXPECTED = {
    ("E_NO_ACCOUNTABLE", "O1"),
    ("E_NO_RESPONSIBLE", "O1"),
    ("E_MULTI_ACCOUNTABLE", "O6"),
    ("W_SILO", "O3"),
    ("W_NO_FINANCE", "O6"),
    ("W_OVERLOAD", "Jonas Albrecht"),
}


def test_all_six_fixable_checks_fire_on_the_prepared_sample(session: WorkshopSession) -> None:
    assert findings(session) >= EXPECTED
    assert {code for code, _subject in EXPECTED} == FIXABLE_CODES


@pytest.mark.parametrize(("code", "subject"), sorted(EXPECTED))
def test_a_fix_is_applied_by_its_button_and_undone(
    qtbot: QtBot, session: WorkshopSession, code: str, subject: str
) -> None:
    panel = FixPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    outcome, participant = (None, subject) if code == "W_OVERLOAD" else (subject, None)
    assert panel.show_for_cell(outcome, participant)
    check = next(c for c in panel.shown_checks if c.code == code)
    assert panel.fix_buttons, "the check offers at least one fix"
    before = dumps_workshop(session.workshop)
    depth = session.undo_stack.count()
    load_before = raci_load(session.workshop)[name_key("Jonas Albrecht")]
    button = panel.buttons_for(code)[0]
    title = button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert session.undo_stack.count() == depth + 1 and session.undo_stack.undoText() == title
    if code == "W_OVERLOAD":
        assert raci_load(session.workshop)[name_key("Jonas Albrecht")] == load_before - 1
    else:
        assert (check.code, check.subject) not in findings(session)
    session.undo_stack.undo()
    assert dumps_workshop(session.workshop) == before
    assert (check.code, check.subject) in findings(session)


def test_each_check_on_a_cell_gets_its_own_fixes(qtbot: QtBot, session: WorkshopSession) -> None:
    panel = FixPanel(session)
    qtbot.addWidget(panel)
    panel.show_for_cell("O6", None)
    assert [c.code for c in panel.shown_checks] == ["E_MULTI_ACCOUNTABLE", "W_NO_FINANCE"]
    assert [b.text() for b in panel.fix_buttons] == [
        "Keep Jonas Albrecht as A on O6; Katrin Wolff becomes R",
        "Keep Katrin Wolff as A on O6; Jonas Albrecht becomes R",
        "Add Miriam Hoffmann (Finance) as C on O6",
    ]
    panel.show_for_cell("O7", None)
    assert panel.shown_checks == [] and panel.fix_buttons == []
    assert "nothing to fix" in panel.title.text()

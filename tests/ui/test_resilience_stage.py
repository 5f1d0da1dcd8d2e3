"""The resilience stage: its models without widgets (scenarios worst first, what each outcome loses), and a
walk-through in the window by keyboard: switch a platform off, then its owner, see the outcome stranded, apply a
remedy and see it saved, undo and redo it, reset the what-if, and find the remedy after reopening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.keyboard import key, open_on_stage
from workshop.domain.enums import ChoiceRole, Stage
from workshop.domain.resilience import what_if
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.main_window import MainWindow
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.resilience.models import OutcomeImpactModel, ScenarioTableModel
from workshop.ui.stages.resilience.page import ResilienceStagePage

DISPLAY = Qt.ItemDataRole.DisplayRole
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def test_scenarios_are_listed_worst_first_with_money_shares_and_stranded_outcomes(session: WorkshopSession) -> None:
    model = ScenarioTableModel(session)
    risks = [model.scenario(r).value_at_risk for r in range(model.rowCount())]
    assert risks == sorted(risks, reverse=True) and len(risks) == len(session.analysis.scenarios)
    meta = model.row_of("owner", "Meta")
    assert meta == 0
    cells = [model.index(meta, c).data(DISPLAY) for c in range(model.columnCount())]
    assert cells == ["Meta (owner)", "146k EUR", "14%", "O3", "–"]


def test_unvalued_outcomes_give_shares_not_money(service: WorkshopService) -> None:
    ws = sample_workshop()
    for o in ws.outcomes:
        o.value_per_unit = o.annual_value = None
    session = WorkshopSession(service, service.import_workshop(ws).result)
    model = ScenarioTableModel(session)
    assert model.index(0, ScenarioTableModel.COL_RISK).data(DISPLAY).endswith("%")


def test_the_impact_of_a_what_if_tints_the_stranded_and_the_saved(session: WorkshopSession) -> None:
    model = OutcomeImpactModel(session)
    model.set_result(what_if(session.analysis, ["Instagram"], ["Meta"]))
    o3 = model.row_of("O3")
    assert o3 is not None
    assert [model.index(o3, c).data(DISPLAY) for c in range(1, 4)] == ["100%", "none", "stranded"]
    model.set_result(what_if(session.analysis, ["Customer community forum", "Company website", "YouTube"]))
    o1 = model.row_of("O1")  # all of O1's reliance gone, and its newsletter fallback lives: saved, not stranded
    assert o1 is not None
    assert [model.index(o1, c).data(DISPLAY) for c in range(1, 4)] == ["100%", "live", ""]


def open_stage(qtbot: QtBot, window: MainWindow) -> tuple[int, ResilienceStagePage]:
    wid, page = open_on_stage(qtbot, window, sample_workshop(), Stage.RESILIENCE)  # Ctrl+5
    assert isinstance(page, ResilienceStagePage)
    qtbot.waitUntil(page.scenario_table.hasFocus)
    return wid, page


def o3_row(page: ResilienceStagePage) -> list[str]:
    model = page.what_if.model
    row = model.row_of("O3")
    assert row is not None
    return [model.index(row, c).data(DISPLAY) for c in range(1, 4)]


def test_a_facilitator_strands_an_outcome_saves_it_with_a_remedy_and_finds_it_after_reopening(
    qtbot: QtBot, window: MainWindow
) -> None:
    wid, page = open_stage(qtbot, window)
    session = window.session
    assert session is not None
    # Selecting a scenario lights up the outcomes it touches: Meta strands O3.
    assert page.touched.row_of("O3") is not None and page.touched.outcome(page.touched.row_of("O3") or 0).stranded

    key(qtbot, Qt.Key.Key_W, ALT)  # the what-if, the focus in its switches
    switches = page.what_if.switches
    qtbot.waitUntil(switches.hasFocus)
    names = [switches.item(i).text() for i in range(switches.count())]
    while switches.currentItem().text() != "Instagram":
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # Instagram off: O3 loses its primary, Meta Ads still carries it
    assert session.what_if == (("Instagram",), ())
    assert o3_row(page) == ["70%", "none", ""]
    switches.setCurrentRow(names.index("Meta"))
    key(qtbot, Qt.Key.Key_Space)  # and Meta, its owner: O3 is stranded
    assert o3_row(page) == ["100%", "none", "stranded"]
    assert "stranded: O3" in page.what_if.summary.text()

    window.stage_actions[3].trigger()  # the what-if stays set while the facilitator moves between stages
    window.stage_actions[4].trigger()
    assert session.what_if == (("Instagram",), ("Meta",)) and o3_row(page) == ["100%", "none", "stranded"]

    key(qtbot, Qt.Key.Key_M, ALT)  # remedies: the focus on the first one
    remedy, button = page.remedies.buttons[0]
    assert remedy.text == "Add Company website as fallback for O3"
    qtbot.waitUntil(button.hasFocus)
    key(qtbot, Qt.Key.Key_Space)
    assert o3_row(page) == ["100%", "live", ""]  # saved: its fallback stays live
    assert not [c for c in session.checks if c.code == "W_STRANDED" and c.subject == "O3"]
    assert page.glance.resilience.value.text() != "86 / 100"  # the figures follow at once

    window.undo_action.trigger()
    assert o3_row(page) == ["100%", "none", "stranded"]
    window.redo_action.trigger()
    assert o3_row(page) == ["100%", "live", ""]
    page.views.setCurrentWidget(page.what_if)
    key(qtbot, Qt.Key.Key_0, CTRL)  # everything back on
    assert session.what_if == ((), ()) and o3_row(page) == ["–", "", ""]

    window.close_workshop()
    window.open_workshop(wid)
    assert window.session is not None
    chosen = [(c.channel, c.role) for c in window.session.workshop.choices if c.outcome == "O3"]
    assert ("Company website", ChoiceRole.FALLBACK) in chosen
    assert window.session.what_if == ((), ())  # a view, never stored

"""The choices of an outcome, without widgets: rows in ranking order, P/S/F as one edit each, the reliance in use
(METHOD.md's shares while some are unset), a fallback has none, a retired channel cannot be newly chosen, and the
favourites column hidden with the tally."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workshop.domain.enums import ChoiceRole
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.choices import ChoiceGridModel

DISPLAY = Qt.ItemDataRole.DisplayRole
M = ChoiceGridModel


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def cell(model: ChoiceGridModel, channel: str, column: int) -> str:
    row = model.row_of(channel)
    assert row is not None, channel
    return str(model.index(row, column).data(DISPLAY))


def choice(session: WorkshopSession, outcome: str, channel: str) -> tuple[str, float | None] | None:
    found = [
        (c.role.value, c.reliance)
        for c in session.workshop.choices
        if c.outcome == outcome and name_key(c.channel) == name_key(channel)
    ]
    return found[0] if found else None


def test_rows_follow_the_ranking_then_the_unscored_channels(session: WorkshopSession) -> None:
    model = ChoiceGridModel(session)
    ranking = [cs.channel.name for cs in session.analysis.ranking("O1")]
    names = [model.row(r).channel.name for r in range(model.rowCount())]
    assert names[: len(ranking)] == ranking
    assert set(names) == {c.name for c in session.workshop.channels}
    assert cell(model, "Customer community forum", M.COL_RANK) == "1"
    assert cell(model, "Customer community forum", M.COL_ROLE) == "Primary"
    assert cell(model, "Mobile app", M.COL_SCORE) == "–"
    # O1: one primary and two supporting, no reliance set: 70% and 15% each; the fallback carries 0%.
    assert cell(model, "Customer community forum", M.COL_IN_USE) == "70%"
    assert cell(model, "YouTube", M.COL_IN_USE) == "15%"
    assert cell(model, "Email newsletter", M.COL_IN_USE) == "0%"
    assert "70%" in model.reliance_note()
    assert cell(model, "Customer community forum", M.COL_FAVOURITE) == "Customer Service, IT"


def test_roles_and_reliance_are_one_edit_each_and_undo(session: WorkshopSession) -> None:
    model = ChoiceGridModel(session)
    instagram = model.row_of("Instagram")
    assert instagram is not None
    assert model.set_role(instagram, ChoiceRole.SUPPORTING)
    assert choice(session, "O1", "Instagram") == ("supporting", None)
    assert cell(model, "Instagram", M.COL_IN_USE) == "10%"  # 30% shared by three supporting channels
    assert model.setData(model.index(model.row_of("Instagram") or 0, M.COL_RELIANCE), 0.4)
    assert choice(session, "O1", "Instagram") == ("supporting", 0.4)
    assert "1 of 4" in model.reliance_note()  # the defaults stay in use until every one has a reliance
    assert cell(model, "Instagram", M.COL_IN_USE) == "10%"
    assert model.set_role(model.row_of("Instagram") or 0, ChoiceRole.PRIMARY)  # the reliance stays
    assert choice(session, "O1", "Instagram") == ("primary", 0.4)
    assert model.set_role(model.row_of("Instagram") or 0, ChoiceRole.FALLBACK)  # a fallback has none
    assert choice(session, "O1", "Instagram") == ("fallback", None)
    assert not model.setData(model.index(model.row_of("Instagram") or 0, M.COL_RELIANCE), 0.5)
    assert model.set_role(model.row_of("Instagram") or 0, None)
    assert choice(session, "O1", "Instagram") is None
    for _ in range(5):
        session.undo_stack.undo()
    assert choice(session, "O1", "Instagram") is None and session.undo_stack.index() == 0


def test_every_reliance_set_is_used_scaled(session: WorkshopSession) -> None:
    model = ChoiceGridModel(session)
    model.set_outcome("O4")  # the sample sets 0.5, 0.2 and 0.3
    assert cell(model, "Partner newsletters", M.COL_RELIANCE) == "0.5"
    assert cell(model, "Partner newsletters", M.COL_IN_USE) == "50%"
    assert model.setData(model.index(model.row_of("Partner newsletters") or 0, M.COL_RELIANCE), 1.5)
    assert cell(model, "Partner newsletters", M.COL_IN_USE) == "75%"  # 1.5 / (1.5 + 0.2 + 0.3)
    assert "scaled" in model.reliance_note()


def test_a_retired_channel_cannot_be_newly_chosen(session: WorkshopSession) -> None:
    service = session.service
    session.apply(lambda: service.set_retired(session.id_of("channel", "Instagram"), True))
    refusals: list[str] = []
    session.refused.connect(refusals.append)
    model = ChoiceGridModel(session)
    assert model.row_of("Instagram") is None  # not chosen nor scored for O1: not offered
    model.set_outcome("O3")  # chosen there: it keeps counting, and its role may change
    row = model.row_of("Instagram")
    assert row is not None and "(retired)" in model.headerData(row, Qt.Orientation.Vertical)
    assert model.set_role(row, ChoiceRole.SUPPORTING)
    assert model.set_role(model.row_of("Instagram") or 0, None)
    row = model.row_of("Instagram")
    assert row is not None  # still scored for O3: still listed, as scores keep counting
    assert not model.set_role(row, ChoiceRole.PRIMARY)
    assert refusals and "retired" in refusals[-1]
    assert choice(session, "O3", "Instagram") is None


def test_the_favourites_column_hides_with_the_tally(session: WorkshopSession) -> None:
    model = ChoiceGridModel(session)
    session.set_tally_hidden(True)
    assert cell(model, "Customer community forum", M.COL_FAVOURITE) == ""
    session.set_tally_hidden(False)
    assert cell(model, "Customer community forum", M.COL_FAVOURITE) == "Customer Service, IT"

"""Channel dots through the shared voting widget, without the page: rows are one outcome's channels, the budget
is per outcome, the summary shows score and rank, and a hidden tally masks W_DISSENT and the favourites."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.choices_view import favourites_text
from workshop.ui.widgets.voting.channel_dots import UNRANKED, ChannelDotsModel

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def channel_dots(session: WorkshopSession, participant: str, outcome: str, channel: str) -> int:
    return sum(
        v.dots
        for v in session.workshop.votes
        if (v.participant, v.outcome) == (participant, outcome) and name_key(v.channel or "") == name_key(channel)
    )


def test_rows_are_the_outcomes_channels_with_score_and_rank(session: WorkshopSession) -> None:
    model = ChannelDotsModel(session)
    assert model.outcome_key == "O1"
    assert [model.channel(r).name for r in range(model.rowCount())] == [c.name for c in session.workshop.channels]
    forum = model.row_of("Customer community forum")
    assert forum is not None
    assert model.index(forum, model.col_total).data(DISPLAY) == "6"  # the sample's dots for O1
    assert model.index(forum, model.col_ev).data(DISPLAY) == "85"  # its score, not money
    assert model.index(forum, model.col_rank).data(DISPLAY) == "1"
    app = model.row_of("Mobile app")
    assert app is not None and model.index(app, model.col_rank).data(DISPLAY) == ""  # not scored for O1
    from workshop.ui.models import SORT_ROLE

    assert model.index(app, model.col_rank).data(SORT_ROLE) == UNRANKED  # sorted after every ranked one
    assert model.headerData(model.col_ev, Qt.Orientation.Horizontal) == "Score"
    assert model.progress_text() == "7 of 36 channel dots placed for O1"


def test_a_channel_dot_is_one_edit_for_the_outcome_and_the_budget_is_per_outcome(session: WorkshopSession) -> None:
    model = ChannelDotsModel(session)
    model.set_outcome("O7")
    column = model.column_of("Jonas Albrecht")
    website = model.row_of("Company website")
    assert column is not None and website is not None
    assert model.remaining("Jonas Albrecht") == 3  # his O3 channel dots do not count on O7
    assert model.set_dots(website, column, 3)
    assert channel_dots(session, "Jonas Albrecht", "O7", "Company website") == 3
    refusals: list[str] = []
    model.refused.connect(refusals.append)
    assert not model.add_dots(model.row_of("YouTube") or 0, column)  # a fourth dot for O7
    assert refusals and "Jonas Albrecht" in refusals[0]
    session.undo_stack.undo()
    assert channel_dots(session, "Jonas Albrecht", "O7", "Company website") == 0
    assert model.index(website, column).data(DISPLAY) == ""


def test_a_retired_channel_keeps_its_dots_but_takes_no_new_ones(session: WorkshopSession) -> None:
    service = session.service
    youtube = session.id_of("channel", "YouTube")
    session.apply(lambda: service.set_retired(youtube, True))
    model = ChannelDotsModel(session)  # O1: YouTube has a dot
    row = model.row_of("YouTube")
    assert row is not None and "(retired)" in model.headerData(row, Qt.Orientation.Vertical)
    column = next(c for c in range(model.data_columns) if model.dots(row, c))
    assert not model.add_dots(row, column)
    assert model.set_dots(row, column, 0)  # taking it off is fine
    assert model.row_of("YouTube") is None  # no dots left: a retired channel is gone from the grid
    model.set_outcome("O2")
    assert model.row_of("YouTube") is None


def test_dissent_follows_the_dots_and_a_hidden_tally_masks_it(session: WorkshopSession) -> None:
    model = ChannelDotsModel(session)
    model.set_outcome("O7")  # IT and Product both prefer the forum: no dissent
    assert not [c for c in session.checks if c.code == "W_DISSENT" and c.subject == "O7"]
    website, column = model.row_of("Company website"), model.column_of("Tobias Brandt")  # Sales
    assert website is not None and column is not None
    assert model.set_dots(website, column, 2)
    dissent = [c for c in session.checks if c.code == "W_DISSENT" and c.subject == "O7"]
    assert dissent and "Sales prefers Company website" in dissent[0].message
    assert "Departments differ on O7" in favourites_text(session, "O7")
    assert "Sales: Company website" in favourites_text(session, "O7")
    session.set_tally_hidden(True)
    assert not [c for c in session.shown_checks if c.code == "W_DISSENT"]
    assert session.masked_checks == len([c for c in session.checks if c.code == "W_DISSENT"]) == 2
    stage = dissent[0].stage
    assert sum(session.stage_counts(stage)) == len([c for c in session.checks if c.stage is stage]) - 2
    text = favourites_text(session, "O7")
    assert "hidden" in text and "Company website" not in text
    session.set_tally_hidden(False)
    assert session.masked_checks == 0


def test_a_hidden_view_catches_up_when_shown_and_not_before(qtbot, session: WorkshopSession) -> None:  # type: ignore[no-untyped-def]
    from workshop.ui.widgets.voting import VotingView

    model = ChannelDotsModel(session)
    view = VotingView(session, model=model)
    qtbot.addWidget(view)
    model.set_outcome("O7")
    website, column = model.row_of("Company website"), model.column_of("Tobias Brandt")
    assert website is not None and column is not None
    pid, oid, cid = (session.id_of("participant", "Tobias Brandt"), session.id_of("outcome", "O7"),
                     session.id_of("channel", "Company website"))  # fmt: skip
    session.apply(lambda: session.service.set_vote(pid, oid, cid, 2))
    assert model.dots(website, column) == 0  # not seen: not redrawn (a score typed elsewhere stays quick)
    view.show()
    qtbot.waitExposed(view)
    assert model.dots(website, column) == 2
    session.undo_stack.undo()
    assert model.dots(website, column) == 0  # shown: at once

"""The scoring grid model of the channels stage, without widgets: scores, live score and rank, incomplete ones
after complete ones, retired channels, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.scoring import ScoreGridModel

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def cell(model: ScoreGridModel, channel: str, column: int) -> str:
    row = model.row_of(channel)
    assert row is not None
    return str(model.index(row, column).data(DISPLAY))


def test_rows_are_the_channels_and_columns_the_per_outcome_criteria(session: WorkshopSession) -> None:
    model = ScoreGridModel(session)
    assert model.outcome == "O1"
    assert model.rowCount() == len(session.workshop.channels)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Audience fit (3)", "Outcome fit (3)", "Score", "Rank"]
    assert cell(model, "Customer community forum", 0) == "5"
    assert cell(model, "Customer community forum", model.score_column) == "85"
    assert cell(model, "Customer community forum", model.rank_column) == "1"
    assert cell(model, "Mobile app", 0) == "" and cell(model, "Mobile app", model.rank_column) == ""  # not scored


def test_a_score_is_one_edit_that_reranks_live_and_undo_takes_it_back(session: WorkshopSession) -> None:
    model = ScoreGridModel(session)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    row = model.row_of("Company website")
    assert row is not None
    assert model.set_score(row, 0, 5) and model.set_score(row, 1, 5)
    assert session.undo_stack.count() == 2 and resets == []  # the cursor stays where it is
    assert model.place("Company website")[0] == 1  # type: ignore[index]
    assert model.place("Customer community forum")[0] == 2  # type: ignore[index]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert model.place("Customer community forum")[0] == 1  # type: ignore[index]
    assert not model.set_score(row, 0, 6) and not model.set_score(row, model.score_column, 3)


def test_a_weight_change_reranks_the_grid(session: WorkshopSession) -> None:
    model = ScoreGridModel(session)
    loaded = session.loaded
    service = session.service
    for key in ("audience_fit", "outcome_fit"):  # per-outcome fit no longer counts: the channel-level ratings lead
        session.apply(lambda k=key: service.update("criterion", loaded.id_of("criterion", k), weight=0))
    assert model.place("Customer community forum") != (1, 85.0, True)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Audience fit (0)", "Outcome fit (0)"]


def test_incomplete_scores_are_marked_and_ranked_after_complete_ones(session: WorkshopSession) -> None:
    model = ScoreGridModel(session)
    row = model.row_of("Customer community forum")
    assert row is not None
    assert model.set_score(row, 1, None)  # outcome fit cleared: the forum's score is incomplete
    assert "(incomplete)" in cell(model, "Customer community forum", model.score_column)
    place, _score, complete = model.place("Customer community forum")  # type: ignore[misc]
    assert not complete and place == 5  # after the four complete candidates


def test_retired_channels_are_listed_only_while_scored_and_never_newly_scored(session: WorkshopSession) -> None:
    model = ScoreGridModel(session)
    service, loaded = session.service, session.loaded
    session.apply(lambda: service.set_retired(loaded.id_of("channel", "YouTube"), True))
    session.apply(lambda: service.set_retired(loaded.id_of("channel", "Mobile app"), True))
    assert model.row_of("Mobile app") is None  # retired and not scored for O1: hidden
    row = model.row_of("YouTube")
    assert row is not None and model.headerData(row, Qt.Orientation.Vertical) == "YouTube (retired)"
    assert not model.is_editable(model.index(row, 0)) and not model.set_score(row, 0, 1)
    assert model.place("YouTube") is not None  # it keeps counting
    model.set_outcome("O2")
    assert model.outcome == "O2" and model.row_of("YouTube") is None  # not scored for O2

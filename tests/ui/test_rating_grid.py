"""The channel-level ratings grid: the model without widgets (defaults of METHOD.md shown as defaults until a rating
is entered, one undo step per rating, retired channels), then the grid typed into as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from pytestqt.qtbot import QtBot

from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.ratings import DEFAULT_ROLE, RatingGrid, RatingGridModel

DISPLAY, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def at(model: RatingGridModel, channel: str, criterion: str) -> tuple[int, int]:
    row, column = model.row_of(channel), model.column_of(criterion)
    assert row is not None and column is not None, (channel, criterion)
    return row, column


def cell(model: RatingGridModel, channel: str, criterion: str, role: int = DISPLAY) -> object:
    return model.index(*at(model, channel, criterion)).data(role)


def stored(session: WorkshopSession, channel: str, criterion: str) -> int | None:
    found = next(c for c in session.workshop.channels if name_key(c.name) == name_key(channel))
    return found.ratings.get(criterion)


# -- the model -------------------------------------------------------------------------------------------------


def test_rows_are_the_channels_and_columns_the_channel_level_criteria(session: WorkshopSession) -> None:
    model = RatingGridModel(session)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Cost efficiency (2)",
        "Ease (1)",
        "Measurability (2)",
        "Audience ownership (2)",
        "Stability (2)",
    ]
    assert model.rowCount() == len(session.workshop.channels) == 16
    assert model.headerData(0, Qt.Orientation.Vertical) == "Company website"
    assert cell(model, "Company website", "cost_efficiency") == "4"


def test_the_defaults_of_the_method_show_as_defaults_and_entered_ratings_as_numbers(session: WorkshopSession) -> None:
    model = RatingGridModel(session)
    # Company website: portability full, platform risk 1; WhatsApp Business: partial, 3; Instagram: none, 3.
    assert [cell(model, c, "audience_ownership") for c in ("Company website", "WhatsApp Business", "Instagram")] == [
        "5", "3", "1"]  # fmt: skip
    assert [cell(model, c, "stability") for c in ("Company website", "WhatsApp Business", "YouTube")] == ["5", "3", "4"]
    assert cell(model, "Company website", "audience_ownership", DEFAULT_ROLE) is True
    assert cell(model, "Company website", "cost_efficiency", DEFAULT_ROLE) is False
    assert str(cell(model, "Company website", "audience_ownership", TIP)).startswith("default from portability full")
    assert str(cell(model, "WhatsApp Business", "stability", TIP)).startswith("default: 6 - platform risk 3")
    font = cell(model, "Company website", "stability", Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert isinstance(cell(model, "Company website", "stability", Qt.ItemDataRole.ForegroundRole), QColor)
    assert cell(model, "Company website", "cost_efficiency", Qt.ItemDataRole.FontRole) is None  # entered: plain
    assert cell(model, "Company website", "stability", Qt.ItemDataRole.EditRole) is None  # nothing entered


def test_a_rating_is_one_edit_that_replaces_the_default_and_clearing_brings_it_back(session: WorkshopSession) -> None:
    model = RatingGridModel(session)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    row, column = at(model, "Company website", "audience_ownership")
    assert model.set_rating(row, column, 2)
    assert stored(session, "Company website", "audience_ownership") == 2
    assert cell(model, "Company website", "audience_ownership") == "2"
    assert cell(model, "Company website", "audience_ownership", DEFAULT_ROLE) is False
    assert "Delete gives back the default from portability full (5)" in str(
        cell(model, "Company website", "audience_ownership", TIP))  # fmt: skip
    assert session.undo_stack.count() == 1 and resets == []  # the cursor stays where it is
    assert model.set_rating(row, column, None)
    assert stored(session, "Company website", "audience_ownership") is None
    assert cell(model, "Company website", "audience_ownership") == "5"
    assert cell(model, "Company website", "audience_ownership", DEFAULT_ROLE) is True
    session.undo_stack.undo()
    assert cell(model, "Company website", "audience_ownership") == "2"
    assert not model.set_rating(row, column, 6) and not model.set_rating(row, column, 0)
    assert session.undo_stack.count() == 2
    assert model.set_rating(row, column, 2) and session.undo_stack.count() == 2  # the same rating: no edit


def test_a_custom_channel_criterion_has_no_default_and_a_weight_shows_in_its_header(session: WorkshopSession) -> None:
    model = RatingGridModel(session)
    service, wid = session.service, session.workshop_id
    kid = session.apply(lambda: service.add_criterion(wid, "Brand fit", per_outcome=False)).result  # type: ignore[union-attr]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Brand fit (1)"
    assert (
        cell(model, "Company website", "brand_fit") == ""
        and cell(model, "Mobile app", "brand_fit", DEFAULT_ROLE) is False
    )
    session.apply(lambda: service.update("criterion", kid, weight=4.5))
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Brand fit (4.5)"


def test_retired_channels_are_listed_only_while_rated_and_never_newly_rated(session: WorkshopSession) -> None:
    model = RatingGridModel(session)
    service, wid = session.service, session.workshop_id
    new = session.apply(lambda: service.add("channel", wid, name="Podcast", kind="owned", owner="(own)",
                                                  portability="none", platform_risk=3))  # fmt: skip
    assert new is not None and model.row_of("Podcast") == 16
    assert cell(model, "Podcast", "cost_efficiency") == "" and cell(model, "Podcast", "stability") == "3"  # 6 - risk 3
    session.apply(lambda: service.set_retired(new.result, True))
    assert model.row_of("Podcast") is None  # retired with no entered rating: gone
    session.apply(lambda: service.set_retired(session.loaded.id_of("channel", "YouTube"), True))
    row = model.row_of("YouTube")
    assert row is not None and model.headerData(row, Qt.Orientation.Vertical) == "YouTube (retired)"
    column = model.column_of("ease")
    assert column is not None and not model.is_editable(model.index(row, column))
    assert not model.set_rating(row, column, 5) and stored(session, "YouTube", "ease") == 2


def test_a_read_only_library_offers_no_rating(qtbot: QtBot, service: WorkshopService, library_path: Path) -> None:
    wid = service.import_workshop(sample_workshop()).result
    reader = Library.open(library_path, read_only=True)
    try:
        grid = RatingGrid(WorkshopSession(WorkshopService(reader), wid))
        qtbot.addWidget(grid)
        model = grid.model
        assert not any(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable for c in range(5))
        assert grid.grid.currentIndex().isValid() and not grid.type_rating(3)
        assert stored(grid.session, "Company website", "cost_efficiency") == 4
    finally:
        reader.close()


# -- the grid --------------------------------------------------------------------------------------------------


@pytest.fixture
def grid(qtbot: QtBot, session: WorkshopSession) -> RatingGrid:
    widget = RatingGrid(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.grid.setFocus()
    qtbot.waitUntil(widget.grid.hasFocus)
    return widget


def test_digits_set_a_rating_and_move_on_and_delete_clears_back_to_the_default(qtbot: QtBot, grid: RatingGrid) -> None:
    model, view, session = grid.model, grid.grid, grid.session
    assert view.currentIndex().isValid()  # somewhere to type from the first moment
    view.setCurrentIndex(model.index(*at(model, "Company website", "audience_ownership")))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert stored(session, "Company website", "audience_ownership") == 2
    assert view.currentIndex() == model.index(*at(model, "Company website", "stability"))
    qtbot.keyClick(view, Qt.Key.Key_4)  # the last column: on to the next channel's first criterion
    assert stored(session, "Company website", "stability") == 4
    assert view.currentIndex() == model.index(*at(model, "Email newsletter", "cost_efficiency"))
    qtbot.keyClick(view, Qt.Key.Key_7)
    assert grid.message_label.isVisible() and grid.message_label.text() == "A rating is a whole number from 1 to 5."
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert stored(session, "Email newsletter", "cost_efficiency") == 5  # refused: unchanged
    view.setCurrentIndex(model.index(*at(model, "Company website", "audience_ownership")))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored(session, "Company website", "audience_ownership") is None
    assert not grid.message_label.isVisible()  # an edit went through
    assert cell(model, "Company website", "audience_ownership") == "5"  # the default is back, shown as one
    assert cell(model, "Company website", "audience_ownership", DEFAULT_ROLE) is True
    assert view.currentIndex() == model.index(*at(model, "Company website", "audience_ownership"))  # clear stays
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # nothing entered: nothing to clear, no undo step
    assert session.undo_stack.count() == 3


def test_the_cursor_stays_when_weights_change_and_follows_its_cell_when_rows_come(
    qtbot: QtBot, grid: RatingGrid
) -> None:
    model, view, session = grid.model, grid.grid, grid.session
    service, wid = session.service, session.workshop_id
    view.setCurrentIndex(model.index(*at(model, "Instagram", "measurability")))
    session.apply(lambda: service.update("criterion", session.loaded.id_of("criterion", "ease"), weight=3))
    assert model.headerData(model.column_of("ease") or 0, Qt.Orientation.Horizontal) == "Ease (3)"
    assert view.currentIndex() == model.index(*at(model, "Instagram", "measurability"))
    session.apply(lambda: service.remove("criterion", session.loaded.id_of("criterion", "cost_efficiency")))
    assert view.currentIndex() == model.index(*at(model, "Instagram", "measurability"))  # one column to the left
    session.apply(lambda: service.add_criterion(wid, "Brand fit", per_outcome=False))
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert stored(session, "Instagram", "measurability") == 3

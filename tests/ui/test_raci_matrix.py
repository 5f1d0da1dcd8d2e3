"""The RACI matrix model without widgets: roles, counts, colours, marks, block edits, the department view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from workshop.domain.enums import RaciRole, Severity
from workshop.domain.text import name_key
from workshop.export.palette import RACI_COLOURS, text_colour_on
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.stakeholders.matrix_model import (
    BAND_ROLE,
    LOAD_ROLE,
    MARK_ROLE,
    ROLE_ROLE,
    RaciMatrixModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def session(service: WorkshopService) -> WorkshopSession:
    """The shipped sample: 8 outcomes, 12 participants in 8 departments, overload limit 2."""
    return WorkshopSession(service, service.import_workshop(sample_workshop()).result)


def role_of(session: WorkshopSession, outcome: str, participant: str) -> RaciRole | None:
    found = [
        r.role
        for r in session.workshop.raci
        if r.outcome == outcome and name_key(r.participant) == name_key(participant)
    ]
    return found[0] if found else None


def cell(model: RaciMatrixModel, outcome: str, participant: str, role: int = ROLE_ROLE) -> object:
    row, column = model.row_of(outcome), model.column_of(participant)
    assert row is not None and column is not None
    return model.index(row, column).data(role)


def summary(model: RaciMatrixModel, outcome: str, kind: str, role: int = DISPLAY) -> object:
    row = model.row_of(outcome)
    column = next(i for i in range(model.columnCount()) if model.column(i).kind == kind)
    assert row is not None
    return model.index(row, column).data(role)


def test_cells_show_the_roles_in_their_colours(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    assert model.rowCount() == 8 and model.data_columns == 12 and model.columnCount() == 16
    assert cell(model, "O1", "Katrin Wolff") == RaciRole.A
    assert cell(model, "O1", "Katrin Wolff", DISPLAY) == "A"
    assert cell(model, "O1", "Lea Schuster") is None and cell(model, "O1", "Lea Schuster", DISPLAY) == ""
    fill = cell(model, "O2", "Jonas Albrecht", Qt.ItemDataRole.BackgroundRole)
    assert fill == QColor(RACI_COLOURS[RaciRole.R])
    assert cell(model, "O2", "Jonas Albrecht", Qt.ItemDataRole.ForegroundRole) == QColor(
        text_colour_on(RACI_COLOURS[RaciRole.R])
    )
    assert cell(model, "O1", "Lea Schuster", Qt.ItemDataRole.BackgroundRole) is None
    assert "Katrin Wolff (Customer Service) is Accountable for O1" in str(
        cell(model, "O1", "Katrin Wolff", Qt.ItemDataRole.ToolTipRole)
    )


def test_columns_are_grouped_under_a_band_per_department(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    names = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.data_columns)]
    assert names[:4] == ["Jonas Albrecht", "Lea Schuster", "Tobias Brandt", "Aylin Demir"]
    assert model.headerData(1, Qt.Orientation.Horizontal, BAND_ROLE) == ("Marketing", 0, 1)
    bands = model.bands()
    assert [b[0] for b in bands] == [d.name for d in session.workshop.departments]
    assert bands[4][:3] == ("Finance", 7, 8)


def test_row_summaries_count_roles_and_mark_the_checks(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    # O6: two A (Jonas, Katrin), one R, Marketing + Customer Service + Product hold R/A/C; valued, no finance.
    assert [summary(model, "O6", k) for k in model.SUMMARY] == ["1", "2", "3", "✖"]
    assert summary(model, "O6", model.A_COUNT, MARK_ROLE) == Severity.ERROR
    assert summary(model, "O6", model.FINANCE, MARK_ROLE) == Severity.WARNING
    assert summary(model, "O6", model.R_COUNT, MARK_ROLE) is None
    assert "keep one A" in str(summary(model, "O6", model.A_COUNT, Qt.ItemDataRole.ToolTipRole))
    # O3: Marketing alone (Jonas A, Lea R; Tobias only I), unvalued: finance is not asked.
    assert [summary(model, "O3", k) for k in model.SUMMARY] == ["1", "1", "1", "–"]
    assert summary(model, "O3", model.DEPTS, MARK_ROLE) == Severity.WARNING
    # The two A cells of O6 are marked, the R cell is not.
    assert cell(model, "O6", "Jonas Albrecht", MARK_ROLE) == Severity.ERROR
    assert cell(model, "O6", "Katrin Wolff", MARK_ROLE) == Severity.ERROR
    assert cell(model, "O6", "Felix Neumann", MARK_ROLE) is None
    assert model.headerData(model.row_of("O6"), Qt.Orientation.Vertical, MARK_ROLE) == Severity.ERROR
    assert model.headerData(model.row_of("O7"), Qt.Orientation.Vertical, MARK_ROLE) is None


def test_column_summaries_hold_the_load_against_the_limit(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    jonas, lea = model.column_of("Jonas Albrecht"), model.column_of("Lea Schuster")
    assert jonas is not None and lea is not None
    assert model.headerData(jonas, Qt.Orientation.Horizontal, LOAD_ROLE) == (4, 2)
    assert model.headerData(jonas, Qt.Orientation.Horizontal, MARK_ROLE) == Severity.WARNING
    assert "limit 2" in model.headerData(jonas, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(lea, Qt.Orientation.Horizontal, LOAD_ROLE) == (2, 2)
    assert model.headerData(lea, Qt.Orientation.Horizontal, MARK_ROLE) is None


def test_a_block_is_one_edit_and_undo_takes_it_back_without_a_reset(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    block = [(row, column) for row in range(0, 3) for column in range(8, 12)]
    depth = session.undo_stack.count()
    assert model.set_roles(block, RaciRole.I)
    assert session.undo_stack.count() == depth + 1
    assert session.undo_stack.undoText() == "Set 11 RACI cells to I"  # Nils is I on O2 already
    assert all(model.role(r, c) is RaciRole.I for r, c in block)
    assert role_of(session, "O1", "Paul Lehmann") is RaciRole.I  # was C
    assert resets == [] and changed  # only the changed cells were repainted: selection and scroll stay
    session.undo_stack.undo()
    assert role_of(session, "O2", "Miriam Hoffmann") == RaciRole.C
    assert model.role(0, 8) is RaciRole.C  # O1, Paul Lehmann: C again
    assert model.set_roles(block, None)
    assert all(model.role(r, c) is None for r, c in block)
    session.undo_stack.undo()
    assert model.role(0, 8) == RaciRole.C


def test_a_click_steps_through_the_roles(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    row, column = model.row_of("O1"), model.column_of("Lea Schuster")
    assert row is not None and column is not None
    seen = []
    for _ in range(5):
        assert model.cycle(row, column)
        seen.append(model.role(row, column))
    assert seen == [RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I, None]


def test_the_department_view_rolls_people_up_and_is_read_only(session: WorkshopSession) -> None:
    model = RaciMatrixModel(session)
    model.set_by_department(True)
    assert model.data_columns == 8
    names = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.data_columns)]
    assert names == [d.name for d in session.workshop.departments]
    marketing, finance = 0, 4
    o8 = model.row_of("O8")
    assert o8 is not None
    # O8: Jonas A and Lea R (Marketing): A over R, two people; Finance: Paul C and Miriam I: C, two people.
    assert model.index(o8, marketing).data(ROLE_ROLE) == RaciRole.A
    assert model.index(o8, marketing).data(DISPLAY) == "A·2"
    assert model.index(o8, finance).data(ROLE_ROLE) == RaciRole.C
    assert model.index(o8, finance).data(DISPLAY) == "C·2"
    assert "held by 2 of its people" in model.index(o8, finance).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.is_editable(model.index(o8, marketing))
    assert (
        not model.set_roles([(o8, marketing)], RaciRole.R) or model.index(o8, marketing).data(ROLE_ROLE) == RaciRole.A
    )
    model.set_by_department(False)
    assert model.data_columns == 12

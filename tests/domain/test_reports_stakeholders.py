"""``workload_report`` and ``silo_heatmap_data``: on the shipped sample, worked out by hand, and on small rooms.

The sample's stakeholder checks are E_MULTI_ACCOUNTABLE O6, W_SILO O3, W_NO_FINANCE O6 and W_OVERLOAD Jonas
Albrecht (overload limit 2); its RACI, by outcome (department in brackets):
  O1  Jonas I (Mkt), Katrin A, Felix R (CS), Stefan C (IT), Paul C (Fin)
  O2  Jonas R (Mkt), Tobias A, Aylin R (Sales), Stefan C (IT), Miriam C (Fin), Nils I (Dealer)
  O3  Jonas A, Lea R (Mkt), Tobias I (Sales)
  O4  Lea I (Mkt), Tobias R, Aylin C (Sales), Paul C (Fin), Nils A (Dealer)
  O5  Lea C (Mkt), Stefan C (IT), Paul C (Fin), Sandra A (P&C), Julia R (Product)
  O6  Jonas A (Mkt), Katrin A, Felix R (CS), Nils I (Dealer), Julia C (Product)
  O7  Katrin C, Felix C (CS), Stefan R (IT), Paul C (Fin), Julia A (Product)
  O8  Jonas A, Lea R (Mkt), Katrin C (CS), Miriam I, Paul C (Fin), Nils C (Dealer)
"""

from __future__ import annotations

import pytest

from workshop.domain.checks import run_checks
from workshop.domain.entities import Department, Outcome, Participant, RaciAssignment, Workshop
from workshop.domain.enums import RaciRole
from workshop.domain.reports import SiloHeatmapData, silo_heatmap_data, workload_report
from workshop.domain.stakeholders import NO_DEPARTMENT
from workshop.services.catalog import sample_workshop

R, A, C, I = RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I  # noqa: E741 - the method's letters


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return sample_workshop()


# -- workload ----------------------------------------------------------------------------------------

WORKLOAD_KEYS = {"participant", "department", "r", "a", "ra", "limit", "overloaded"}


def test_workload_has_a_row_per_participant_in_the_rooms_order(sample: Workshop) -> None:
    rows = workload_report(sample)
    assert [r["participant"] for r in rows] == [p.name for p in sample.participants]
    assert all(set(r) == WORKLOAD_KEYS for r in rows)
    by_name = {r["participant"]: r for r in rows}
    assert by_name["Jonas Albrecht"] == {
        "participant": "Jonas Albrecht",
        "department": "Marketing",
        "r": 1,  # O2
        "a": 3,  # O3, O6, O8
        "ra": 4,
        "limit": 2,
        "overloaded": True,
    }
    assert (by_name["Lea Schuster"]["r"], by_name["Lea Schuster"]["a"]) == (2, 0)  # O3, O8: at the limit, not over
    assert by_name["Lea Schuster"]["overloaded"] is False
    assert (by_name["Katrin Wolff"]["r"], by_name["Katrin Wolff"]["a"], by_name["Katrin Wolff"]["ra"]) == (0, 2, 2)
    assert by_name["Paul Lehmann"] == {
        "participant": "Paul Lehmann",
        "department": "Finance",
        "r": 0,
        "a": 0,
        "ra": 0,  # C on five outcomes: C is no load
        "limit": 2,
        "overloaded": False,
    }


def test_workload_overloaded_is_exactly_w_overload(sample: Workshop) -> None:
    overloaded = {r["participant"] for r in workload_report(sample) if r["overloaded"]}
    assert overloaded == {c.subject for c in run_checks(sample) if c.code == "W_OVERLOAD"} == {"Jonas Albrecht"}


def test_workload_names_the_department_as_set_up_and_none_without_one() -> None:
    ws = Workshop(overload_limit=0, departments=[Department("Sales")])
    ws.participants = [Participant("Ana", " sales"), Participant("Ben")]
    ws.outcomes = [Outcome("O1"), Outcome("O2")]
    ws.raci = [RaciAssignment("O1", "ana", R), RaciAssignment("o2", "Ana", A), RaciAssignment("O1", "Ben", C)]
    rows = workload_report(ws)
    assert [(r["participant"], r["department"], r["r"], r["a"], r["ra"], r["overloaded"]) for r in rows] == [
        ("Ana", "Sales", 1, 1, 2, True),
        ("Ben", None, 0, 0, 0, False),  # 0 is not over a limit of 0
    ]
    assert workload_report(Workshop()) == []


# -- the silo heatmap --------------------------------------------------------------------------------

SAMPLE_DEPARTMENTS = (
    "Marketing", "Sales", "Customer Service", "IT", "Finance", "People & Culture", "Dealer Partnerships", "Product",
)  # fmt: skip
#: Strongest role by department (columns as above): A 4, R 3, C 2, I 1, none 0.
SAMPLE_CELLS = (
    (1, 0, 4, 2, 2, 0, 0, 0),  # O1
    (3, 4, 0, 2, 2, 0, 1, 0),  # O2
    (4, 1, 0, 0, 0, 0, 0, 0),  # O3: Marketing alone (Sales only informed)
    (1, 3, 0, 0, 2, 0, 4, 0),  # O4
    (2, 0, 0, 2, 2, 4, 0, 3),  # O5
    (4, 0, 4, 0, 0, 0, 1, 2),  # O6
    (0, 0, 2, 3, 2, 0, 0, 4),  # O7
    (4, 0, 2, 0, 2, 0, 2, 0),  # O8
)


def test_silo_heatmap_of_the_sample(sample: Workshop) -> None:
    data = silo_heatmap_data(sample)
    assert data.keys == tuple(f"O{i}" for i in range(1, 9))
    assert data.titles == tuple(o.title for o in sample.outcomes)
    assert data.departments == SAMPLE_DEPARTMENTS
    assert data.no_department is False
    assert data.cells == SAMPLE_CELLS
    assert data.alone == ("O3",)
    assert data.alone_share == pytest.approx(1 / 8)
    silo = {c.subject for c in run_checks(sample) if c.code == "W_SILO"}
    assert set(data.alone) == silo  # no sample outcome is held by no department at all


def test_departments_without_people_are_left_out_and_a_no_department_column_added() -> None:
    ws = Workshop(departments=[Department("Legal"), Department("Sales"), Department("IT")])
    ws.participants = [Participant("Ana", "Sales"), Participant("Ben", "IT"), Participant("Cleo")]
    ws.outcomes = [Outcome("O1", "One"), Outcome("O2", "Two"), Outcome("O3", "Three")]
    ws.raci = [
        RaciAssignment("O1", "Ana", R), RaciAssignment("O1", "Cleo", A),  # Sales with someone of no department
        RaciAssignment("O2", "Ana", C), RaciAssignment("O2", "Ben", I), RaciAssignment("O2", "Cleo", I),
        RaciAssignment("O3", "Ben", A), RaciAssignment("O3", "Ana", C),
    ]  # fmt: skip
    data = silo_heatmap_data(ws)
    assert data.departments == ("Sales", "IT", NO_DEPARTMENT)
    assert data.no_department is True
    assert data.cells == ((3, 0, 4), (2, 1, 1), (2, 4, 0))
    # O1 and O2: Sales alone (people without a department are no department, as for W_SILO); O3: two.
    assert data.alone == ("O1", "O2")
    assert data.alone_share == pytest.approx(2 / 3)
    assert {c.subject for c in run_checks(ws) if c.code == "W_SILO"} == {"O1", "O2"}


def test_an_outcome_nobody_holds_is_a_silo_but_not_alone() -> None:
    ws = Workshop(departments=[Department("Sales")], participants=[Participant("Ana", "Sales")])
    ws.outcomes = [Outcome("O1"), Outcome("O2")]
    ws.raci = [RaciAssignment("O1", "Ana", I), RaciAssignment("O2", "Ana", C)]
    data = silo_heatmap_data(ws)
    assert data.cells == ((1,), (2,))
    assert data.alone == ("O2",)
    assert data.alone_share == 0.5


def test_an_empty_workshop_has_no_share() -> None:
    data = silo_heatmap_data(Workshop())
    assert data == SiloHeatmapData((), (), (), (), (), None, False)
    ws = Workshop(outcomes=[Outcome("O1")])
    data = silo_heatmap_data(ws)
    assert (data.keys, data.departments, data.cells, data.alone_share) == (("O1",), (), ((),), 0.0)

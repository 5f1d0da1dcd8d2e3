"""The plan's figures (METHOD.md, Return and Workload): each outcome's return with the reason where it is
undefined, the plan's total, who carries the work, origins in plain words, and the ``plan --json`` shape.

Expected figures are worked out here from the entities with the formulas written out by hand; hand-built
workshops are asserted valid first, so the report is only judged on a state the app can hold.
"""

from __future__ import annotations

import datetime as dt

from workshop.domain.entities import Action, Channel, Kpi, Outcome, Participant, RaciAssignment, Workshop
from workshop.domain.enums import ActionStatus, ChannelKind, RaciRole
from workshop.domain.formulas import Analysis, expected_value
from workshop.domain.plan_report import (
    NO_COST,
    NO_VALUE,
    NO_VALUED_OUTCOME,
    NOTHING_TO_PAY_BACK,
    TOTAL_TITLE,
    ReturnRow,
    WorkloadRow,
    origin_words,
    plan_report,
    plan_workload,
    return_rows,
    total_return_row,
)
from workshop.domain.reports import workload_report
from workshop.domain.text import name_key
from workshop.domain.validation import workshop_problems
from workshop.services.catalog import sample_workshop

R, A, C = RaciRole.R, RaciRole.A, RaciRole.C


def room() -> Workshop:
    """O1 valued (40,000 a year at confidence 0.5, so EV 20,000) with 8,000 of actions; O2 unvalued with 3,000;
    O3 valued at 0 with 1,000; O4 valued (EV 6,000) with no cost; and a 500 action tied to no outcome."""
    ws = Workshop(
        title="Kick-off",
        overload_limit=1,
        participants=[Participant("Ana"), Participant("Ben"), Participant("Cleo")],
        outcomes=[
            Outcome("O1", "Cut support cost", annual_value=40_000, confidence=0.5),
            Outcome("O2", "Grow partner sales"),
            Outcome("O3", "Keep riders", kpi=Kpi("churn", "%", 5, 5), value_per_unit=100.0),
            Outcome("O4", "Hire faster", annual_value=10_000, confidence=0.6),
        ],
        channels=[Channel("Forum", ChannelKind.OWNED, "(own)")],
        raci=[
            RaciAssignment("O1", "Ana", R),
            RaciAssignment("O2", "Ana", A),
            RaciAssignment("O3", "Ana", R),
            RaciAssignment("O3", "Ben", A),
            RaciAssignment("O1", "Ben", C),
        ],
        actions=[
            Action("Open the forum", "O1", "Forum", "Ana", dt.date(2027, 3, 1), 5_000, 10, ActionStatus.DOING,
                   "choice:O1:Forum"),
            Action("Seed the FAQ", "o1", None, "ben", None, 3_000, 2.5),
            Action("Partner kit", "O2", None, "Ana", cost=3_000, effort_days=4),
            Action("Exit survey", "O3", None, None, cost=1_000, effort_days=1),
            Action("Social media policy", None, None, "Cleo", cost=500, effort_days=0.5),
        ],
    )  # fmt: skip
    assert workshop_problems(ws) == []
    return ws


def test_a_valued_outcome_with_cost_has_roi_and_payback_by_the_formulas() -> None:
    rows = return_rows(Analysis(room()))
    o1 = rows[0]
    ev, cost = 40_000 * 0.5, 5_000 + 3_000.0  # its two actions, the second naming "o1" in lower case
    assert o1 == ReturnRow("O1", "Cut support cost", cost, ev, (ev - cost) / cost, cost * 12 / ev, None)


def test_each_undefined_figure_says_why() -> None:
    rows = {r.key: r for r in return_rows(Analysis(room()))}
    assert [r.key for r in return_rows(Analysis(room()))] == ["O1", "O2", "O3", "O4"]  # the room's order
    unvalued = rows["O2"]
    assert (unvalued.cost, unvalued.expected_value, unvalued.roi, unvalued.payback_months) == (
        3_000.0,
        None,
        None,
        None,
    )
    assert unvalued.why == NO_VALUE == "no value yet"
    zero_ev = rows["O3"]  # valued at |5 - 5| * 100 = 0: zero is a value, so the ROI is -100%, but no payback
    assert (zero_ev.expected_value, zero_ev.roi, zero_ev.payback_months) == (0.0, -1.0, None)
    assert zero_ev.why == NOTHING_TO_PAY_BACK == "no value to pay back"
    no_cost = rows["O4"]
    assert (no_cost.cost, no_cost.expected_value, no_cost.roi, no_cost.payback_months) == (
        0.0,
        10_000 * 0.6,
        None,
        None,
    )
    assert no_cost.why == NO_COST == "no cost yet"


def test_the_total_counts_every_action_and_the_valued_outcomes_only() -> None:
    ws = room()
    total = total_return_row(Analysis(ws))
    cost = float(sum(a.cost for a in ws.actions))  # the action without an outcome included
    assert cost == 12_500
    ev = 40_000 * 0.5 + 0.0 + 10_000 * 0.6  # O2 is unvalued and left out
    assert total == ReturnRow(None, TOTAL_TITLE, cost, ev, (ev - cost) / cost, cost * 12 / ev, None)


def test_a_total_without_any_valued_outcome_has_no_value_and_says_why() -> None:
    ws = room()
    for o in ws.outcomes:
        o.annual_value, o.value_per_unit = None, None
    total = total_return_row(Analysis(ws))
    assert (total.cost, total.expected_value, total.roi, total.payback_months) == (12_500.0, None, None, None)
    assert total.why == NO_VALUED_OUTCOME


def test_a_total_without_cost_says_so() -> None:
    ws = room()
    ws.actions = []
    total = total_return_row(Analysis(ws))
    assert (total.cost, total.roi, total.payback_months, total.why) == (0.0, None, None, NO_COST)


def test_a_figure_beyond_a_float_is_undefined_and_says_why() -> None:
    ws = Workshop(outcomes=[Outcome("O1", annual_value=1e12, confidence=1.0)], actions=[Action("x", "O1", cost=1e-300)])
    (row,) = return_rows(Analysis(ws))
    assert (row.roi, row.why) == (None, "too large to show")


def test_returns_on_the_sample_match_the_formulas() -> None:
    ws = sample_workshop()
    rows = return_rows(Analysis(ws))
    assert [r.key for r in rows] == [o.key for o in ws.outcomes]
    for o, row in zip(ws.outcomes, rows, strict=True):
        cost = float(
            sum(a.cost for a in ws.actions if a.outcome is not None and name_key(a.outcome) == name_key(o.key))
        )
        ev = expected_value(o)
        assert (row.title, row.cost, row.expected_value) == (o.title, cost, ev)
        if ev is None:
            assert (row.roi, row.payback_months, row.why) == (None, None, NO_VALUE)
        elif cost == 0:
            assert (row.roi, row.payback_months, row.why) == (None, None, NO_COST)
        else:
            assert (row.roi, row.payback_months, row.why) == ((ev - cost) / cost, cost * 12 / ev, None)
    assert {r.why for r in rows} == {None, NO_VALUE, NO_COST}  # the sample has O3 unvalued and O7 without actions


def test_workload_counts_the_actions_each_participant_owns_and_their_r_and_a() -> None:
    rows = plan_workload(room())
    assert rows == [
        # Ana: R on O1 and O3, A on O2: 3 outcomes against a limit of 1. Her two actions.
        WorkloadRow("Ana", 2, 10 + 4, 5_000 + 3_000, 3, 1, True),
        # Ben: A on O3 (C on O1 does not count); owns "Seed the FAQ", named "ben".
        WorkloadRow("Ben", 1, 2.5, 3_000, 1, 1, False),
        WorkloadRow("Cleo", 1, 0.5, 500, 0, 1, False),
    ]
    assert all(isinstance(r.effort_days, float) and isinstance(r.cost, float) for r in rows)


def test_workload_on_the_sample_agrees_with_the_stakeholder_stage() -> None:
    ws = sample_workshop()
    rows = plan_workload(ws)
    assert [r.participant for r in rows] == [p.name for p in ws.participants]
    for row, held in zip(rows, workload_report(ws), strict=True):
        owned = [a for a in ws.actions if a.owner is not None and name_key(a.owner) == name_key(row.participant)]
        assert (row.actions, row.effort_days, row.cost) == (
            len(owned),
            float(sum(a.effort_days for a in owned)),
            float(sum(a.cost for a in owned)),
        )
        assert (row.responsible_or_accountable, row.limit, row.overloaded) == (
            held["ra"],
            held["limit"],
            held["overloaded"],
        )
    assert sum(r.actions for r in rows) == sum(a.owner is not None for a in ws.actions)
    assert [r.participant for r in rows if r.overloaded] == ["Jonas Albrecht"]  # R or A on 4 outcomes, limit 2


def test_origins_in_plain_words() -> None:
    assert origin_words("manual") == "added by hand"
    assert origin_words(" Manual ") == "added by hand"
    assert origin_words("choice:O3:Email newsletter") == "from the choice of Email newsletter for O3"
    assert origin_words("choice:O3:Shop: EU") == "from the choice of Shop: EU for O3"  # a colon in a channel name
    assert origin_words("fallback:O3") == "from the missing fallback of O3"
    titles = {"o3": "Grow awareness"}
    assert origin_words("fallback:o3", titles) == "from the missing fallback of o3 (Grow awareness)"
    assert origin_words("choice:O3:Blog", titles) == "from the choice of Blog for O3 (Grow awareness)"
    assert origin_words("choice:O9:Blog", titles) == "from the choice of Blog for O9"
    for odd in ("imported", "choice:O3", "fallback:", ""):
        assert origin_words(odd) == odd


def test_report_shape_and_spelling() -> None:
    ws = room()
    data = plan_report(Analysis(ws))
    assert list(data) == ["actions", "returns", "total", "workload"]
    seed = data["actions"][1]
    assert seed == {
        "title": "Seed the FAQ",
        "outcome": "O1",  # spelled as the workshop spells it
        "channel": None,
        "owner": "Ben",
        "due": None,
        "cost": 3_000.0,
        "effort_days": 2.5,
        "status": "todo",
        "origin": "manual",
    }
    assert data["actions"][0]["due"] == "2027-03-01"
    assert data["actions"][0]["status"] == "doing"
    assert data["actions"][4]["outcome"] is None
    assert [r["outcome"] for r in data["returns"]] == ["O1", "O2", "O3", "O4"]
    assert data["returns"][1] == {"outcome": "O2", "cost": 3_000.0, "expected_value": None, "roi": None,
                                  "payback_months": None}  # fmt: skip
    assert list(data["total"]) == ["cost", "expected_value", "roi", "payback_months"]
    assert data["workload"][0] == {
        "participant": "Ana",
        "actions": 2,
        "effort_days": 14.0,
        "cost": 8_000.0,
        "responsible_or_accountable": 3,
    }


def test_an_empty_workshop_has_an_empty_plan() -> None:
    data = plan_report(Analysis(Workshop()))
    assert data == {
        "actions": [],
        "returns": [],
        "total": {"cost": 0.0, "expected_value": None, "roi": None, "payback_months": None},
        "workload": [],
    }

"""``outcomes_report`` and ``outcome_map_data`` on the shipped sample, against METHOD.md's Priority rule.

Priority: outcome dots (channel dots do not count), then EV (unvalued counts as 0), then the room's order.
Every expected figure is worked out by hand from resources/sample/sample-workshop.json in a comment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop.domain.entities import Kpi, Outcome, Participant, Vote, Workshop
from workshop.domain.enums import OutcomeCategory
from workshop.domain.formulas import Analysis
from workshop.domain.reports import OutcomeMapData, OutcomeMapPoint, outcome_map_data, outcomes_report
from workshop.resources import SAMPLE, resource
from workshop.storage.interchange import read_workshop

SAMPLE_PATH = Path(str(resource(*SAMPLE)))

# The sample's outcomes, in the room's order, with their outcome dots (sum of the votes whose channel is null):
#   key  dots  annual value                                    confidence  EV
#   O1    8    |30 - 38| * 42,000         = 336,000             0.6         201,600
#   O2    8    |1000 - 850| * 2,160       = 324,000             0.5         162,000
#   O3    4    no value_per_unit, no annual_value: unvalued     0.4         (0)
#   O4    4    |31e6 - 28e6| * 0.22       = 660,000             0.5         330,000
#   O5    4    |45 - 78| * 2,700          = 89,100              0.5          44,550
#   O6    3    |1500 - 620| * 180         = 158,400             0.4          63,360
#   O7    4    baseline missing: the entered 96,000             0.3          28,800
#   O8    1    |4.5 - 4.1| * 400,000      = 160,000.00000000015 0.5          80,000.00000000007
# O1 and O2 tie on 8 dots: O1's EV is higher. O3, O4, O5, O7 tie on 4: by EV O4, O5, O7, and O3 (0) last.
PRIORITY = ["O1", "O2", "O4", "O5", "O7", "O3", "O6", "O8"]


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return read_workshop(SAMPLE_PATH).workshop


def test_the_sample_ranks_by_dots_then_expected_value(sample: Workshop) -> None:
    rows = outcomes_report(Analysis(sample))["outcomes"]
    assert [r["key"] for r in rows] == PRIORITY
    assert [r["rank"] for r in rows] == list(range(1, 9))
    assert [r["dots"] for r in rows] == [8, 8, 4, 4, 4, 4, 3, 1]
    assert all(type(r["dots"]) is int for r in rows)


def test_channel_dots_do_not_count(sample: Workshop) -> None:
    every_dot = sum(v.dots for v in sample.votes if v.outcome == "O8")
    assert every_dot > 1  # the sample gives O8 channel dots too
    rows = {r["key"]: r for r in outcomes_report(Analysis(sample))["outcomes"]}
    assert rows["O8"]["dots"] == 1


def test_each_row_has_exactly_the_contract_keys(sample: Workshop) -> None:
    report = outcomes_report(Analysis(sample))
    assert list(report) == ["outcomes"]
    keys = ["rank", "key", "title", "category", "dots", "annual_value", "expected_value"]
    assert all(list(r) == keys for r in report["outcomes"])
    first = report["outcomes"][0]
    assert first == {
        "rank": 1,
        "key": "O1",
        "title": "Cut support cost per customer",
        "category": "support",
        "dots": 8,
        "annual_value": 336000.0,
        "expected_value": 201600.0,
    }
    assert all(type(r["category"]) is str for r in report["outcomes"])


def test_unvalued_is_null_and_numbers_keep_full_precision(sample: Workshop) -> None:
    report = outcomes_report(Analysis(sample))
    rows = {r["key"]: r for r in report["outcomes"]}
    assert rows["O3"]["annual_value"] is None and rows["O3"]["expected_value"] is None
    assert rows["O7"]["annual_value"] == 96000.0 and type(rows["O7"]["annual_value"]) is float
    o8 = abs(4.5 - 4.1) * 400000
    assert o8 != 160000.0  # the float that the computation gives, not a rounded one
    assert rows["O8"]["annual_value"] == o8
    assert rows["O8"]["expected_value"] == o8 * 0.5
    assert json.loads(json.dumps(report)) == report  # JSON keeps every digit


def _room(*outcomes: tuple[str, float | None, int]) -> Workshop:
    """Outcomes (key, annual value, outcome dots) with confidence 1, dots from one participant each."""
    ws = Workshop(dots_per_participant=1000)
    for key, value, dots in outcomes:
        ws.outcomes.append(Outcome(key, f"Outcome {key}", kpi=Kpi(), annual_value=value, confidence=1.0))
        ws.participants.append(Participant(f"P{key}"))
        if dots:
            ws.votes.append(Vote(f"P{key}", key, None, dots))
    return ws


def test_a_full_tie_keeps_the_rooms_order_and_unvalued_counts_as_zero() -> None:
    # A and C: 2 dots, EV 0 (A valued at 0, C unvalued): the room's order. B: 2 dots, EV 5 comes first.
    # D: 3 dots beats them all; E: no dots, EV 1,000 comes last.
    ws = _room(("A", 0.0, 2), ("B", 5.0, 2), ("C", None, 2), ("D", None, 3), ("E", 1000.0, 0))
    rows = outcomes_report(Analysis(ws))["outcomes"]
    expected = [(1, "D", 3), (2, "B", 2), (3, "A", 2), (4, "C", 2), (5, "E", 0)]
    assert [(r["rank"], r["key"], r["dots"]) for r in rows] == expected
    assert rows[2]["annual_value"] == 0.0 and rows[2]["expected_value"] == 0.0  # zero is a value
    assert rows[3]["annual_value"] is None


def test_no_outcomes_is_an_empty_list() -> None:
    assert outcomes_report(Analysis(Workshop())) == {"outcomes": []}


def test_outcome_map_data_follows_the_priority(sample: Workshop) -> None:
    data = outcome_map_data(Analysis(sample))
    assert isinstance(data, OutcomeMapData)
    assert data.currency == "EUR"
    assert [p.key for p in data.outcomes] == PRIORITY
    first = data.outcomes[0]
    assert first == OutcomeMapPoint("O1", "Cut support cost per customer", OutcomeCategory.SUPPORT, 0.6, 336000.0, 8)
    assert [p.key for p in data.unvalued] == ["O3"]
    assert [p.key for p in data.valued] == [k for k in PRIORITY if k != "O3"]
    assert not data.dots_hidden
    with pytest.raises(AttributeError):
        first.dots = 1  # type: ignore[misc]


def test_outcome_map_data_can_hide_the_dots(sample: Workshop) -> None:
    data = outcome_map_data(Analysis(sample), hide_dots=True)
    assert data.dots_hidden
    assert all(p.dots is None for p in data.outcomes)
    # The room's order: while the tally is hidden, not even the order of the labels' placing may tell it.
    assert [p.key for p in data.outcomes] == [o.key for o in sample.outcomes]

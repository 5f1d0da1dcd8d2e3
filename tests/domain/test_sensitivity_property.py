"""The fast sensitivity test agrees with recomputing every ranking with the moved weight."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain.entities import Channel, Criterion, Outcome, Score, Workshop, default_criteria
from workshop.domain.enums import ChannelKind, OutcomeCategory, Portability
from workshop.domain.formulas import SENSITIVITY_FACTORS, Analysis
from workshop.domain.validation import workshop_problems

score = st.integers(1, 5)


@st.composite
def scored_workshops(draw: st.DrawFn) -> Workshop:
    """One outcome and 2-7 channels, every criterion scored or rated: all are candidates."""
    criteria = [
        Criterion(c.key, c.name, draw(st.sampled_from([0, 0.5, 1, 2, 3, 4])), c.per_outcome) for c in default_criteria()
    ]
    if not any(c.weight > 0 for c in criteria):
        criteria[0].weight = 1
    names = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=2, max_size=7, unique=True))
    channels = [
        Channel(
            name,
            ChannelKind.OWNED,
            "(own)",
            draw(st.sampled_from(list(Portability))),
            draw(st.integers(1, 5)),
            ratings={k: draw(score) for k in ("cost_efficiency", "ease", "measurability")},
        )
        for name in names
    ]
    scores = [Score("O1", n, k, draw(score)) for n in names for k in ("audience_fit", "outcome_fit")]
    ws = Workshop(
        title="t",
        outcomes=[Outcome("O1", "x", OutcomeCategory.SUPPORT)],
        criteria=criteria,
        channels=channels,
        scores=scores,
    )
    assert workshop_problems(ws) == []
    return ws


def brute_force_sensitive(ws: Workshop) -> list[str]:
    cands = Analysis(ws).candidates("o1")
    if len(cands) < 2:
        return []
    first = cands[0].channel.name
    found = []
    for i, crit in enumerate(ws.criteria):
        if crit.weight <= 0:
            continue
        for factor in SENSITIVITY_FACTORS:
            moved = copy.deepcopy(ws)
            moved.criteria[i].weight = crit.weight * factor
            if Analysis(moved).candidates("o1")[0].channel.name != first:
                found.append(crit.key)
                break
    return found


@settings(max_examples=300, deadline=None)
@given(scored_workshops())
def test_sensitivity_matches_recomputed_rankings(ws: Workshop) -> None:
    assert [c.key for c in Analysis(ws).sensitivity("o1")] == brute_force_sensitive(ws)

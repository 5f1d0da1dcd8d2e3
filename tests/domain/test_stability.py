"""Stability intervals against brute force: the exact-fraction oracle of METHOD.md re-ranks with one weight moved.

Inside an interval (away from its ends) the first candidate stays first; past an end it does not; and a criterion
is in W_SENSITIVE exactly when 0.8 or 1.2 times its weight lies outside its interval.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

from tests.domain.strategies import ranking_workshops
from tests.domain.test_sensitivity_property import ident, method_first, weights_as_written
from workshop.domain.entities import Channel, Criterion, Outcome, Score, Workshop
from workshop.domain.enums import ChannelKind
from workshop.domain.formulas import Analysis
from workshop.domain.stability import StabilityInterval, stability_intervals, stability_sentence, stays_first

#: Points this close to an end (relatively) are ties the name rule settles: not sampled.
MARGIN = 1e-6


def _near(t: float, end: float | None) -> bool:
    return end is not None and abs(t - end) <= MARGIN * max(1.0, abs(end))


def samples(interval: StabilityInterval) -> tuple[list[float], list[float]]:
    """Weights inside the interval and weights outside it, none next to an end."""
    w = interval.criterion.weight
    low, high = interval.low, interval.high
    inside = [w * 0.999 if low is None or w * 0.999 > low else w, w]
    inside += [(low + w) / 2] if low is not None else [w / 2, w / 100]
    inside += [(high + w) / 2] if high is not None else [w * 2, w * 50]
    outside = []
    if low is not None and low > 1e-3:
        outside += [low * 0.9, low / 2]
    if high is not None:
        outside += [high * 1.1, high * 2]
    keep = [t for t in inside if t > 0 and not _near(t, low) and not _near(t, high)]
    return keep, [t for t in outside if t > 0 and not _near(t, low) and not _near(t, high)]


def oracle_stays_first(ws: Workshop, o: Outcome, criterion: Criterion, weight: float) -> bool:
    weights = weights_as_written(ws)
    first = method_first(ws, o, weights)
    return method_first(ws, o, {**weights, ident(criterion.key): Fraction(weight)}) == first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ranking_workshops())
def test_intervals_agree_with_brute_force_inside_and_outside(ws: Workshop) -> None:
    a = Analysis(ws)
    for o in ws.outcomes:
        intervals = stability_intervals(a, o.key)
        if len(a.candidates(o.key)) < 2:
            assert intervals == []
            continue
        assert [i.criterion.key for i in intervals] == [c.key for c in ws.criteria if c.weight > 0]
        for interval in intervals:
            assert interval.low is None or interval.low > 0
            assert interval.low is None or interval.high is None or interval.low <= interval.high
            inside, outside = samples(interval)
            for t in inside:
                assert interval.holds(t) or t == interval.criterion.weight
                assert oracle_stays_first(ws, o, interval.criterion, t), (o.key, interval, t)
                assert stays_first(a, o.key, interval.criterion, t), (o.key, interval, t)
            for t in outside:
                assert not interval.holds(t)
                assert not oracle_stays_first(ws, o, interval.criterion, t), (o.key, interval, t)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ranking_workshops())
def test_sensitive_exactly_when_a_fifth_either_way_leaves_the_interval(ws: Workshop) -> None:
    a = Analysis(ws)
    for o in ws.outcomes:
        sensitive = {c.key for c in a.sensitivity(o.key)}
        for interval in stability_intervals(a, o.key):
            moved = [interval.criterion.weight * f for f in (0.8, 1.2)]
            if any(_near(t, interval.low) or _near(t, interval.high) for t in moved):
                continue  # 0.8w or 1.2w sits on an end: a tie the name rule settles
            leaves = any(not interval.holds(t) for t in moved)
            assert (interval.criterion.key in sensitive) == leaves, (o.key, interval, sensitive)


def _two_channels(weight: float = 3.0) -> Workshop:
    """One outcome, one per-outcome criterion ``fit`` and one channel-level ``ease``, two channels."""
    criteria = [Criterion("fit", "Fit", weight, True), Criterion("ease", "Ease", 1.0, False)]
    channels = [
        Channel("Website", ChannelKind.OWNED, "(own)", ratings={"ease": 2}),
        Channel("Instagram", ChannelKind.RENTED, "Meta", ratings={"ease": 5}),
    ]
    scores = [Score("O1", "Website", "fit", 5), Score("O1", "Instagram", "fit", 3)]
    return Workshop(title="T", outcomes=[Outcome("O1", "Sell more")], criteria=criteria, channels=channels,
                    scores=scores)  # fmt: skip


def test_a_worked_example_and_its_sentence() -> None:
    # Website: (3*5 + 1*2) / 4 = 4.25; Instagram: (3*3 + 1*5) / 4 = 3.5. Fit at t: Website 5t + 2 against
    # Instagram 3t + 5, so Website stays first while t > 1.5; ease at u: 15 + 2u against 9 + 5u, while u < 2.
    ws = _two_channels()
    a = Analysis(ws)
    fit, ease = stability_intervals(a, "O1")
    assert (fit.low, fit.high) == (pytest.approx(1.5), None)
    assert (ease.low, ease.high) == (None, pytest.approx(2.0))
    assert stability_sentence("Website", fit) == "Website stays first unless the weight of Fit goes below 1.5"
    assert stability_sentence("Website", ease) == "Website stays first unless the weight of Ease goes above 2.0"
    assert fit.as_json() == [pytest.approx(1.5), None]


def test_the_sentence_rounds_the_lower_end_up_and_the_upper_end_down() -> None:
    crit = Criterion("audience_fit", "Audience fit", 3.0, True)
    interval = StabilityInterval(crit, 1.7142857, 4.4999)
    assert stability_sentence("Website", interval) == (
        "Website stays first unless the weight of Audience fit goes below 1.8 or above 4.4"
    )
    assert stability_sentence("Website", StabilityInterval(crit, None, None)) == (
        "Website stays first whatever the weight of Audience fit"
    )


def test_fewer_than_two_candidates_have_no_intervals() -> None:
    ws = _two_channels()
    ws.scores = ws.scores[:1]
    assert stability_intervals(Analysis(ws), "O1") == []

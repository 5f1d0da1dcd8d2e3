"""How far each criterion's weight may move before an outcome's first channel changes (issue 10, Sensitivity).

For one criterion k, the others' weights fixed, every candidate's score is ``(N_c + (t - w_k) * v_ck) / (D + t - w_k)``
at weight t: the denominators are the same for all candidates (they are complete), so the first candidate f stays
ahead of c exactly while the numerator difference ``d_c(t) = d_c(w_k) + (t - w_k) * (v_fk - v_ck)`` stays positive
(at zero the method's tie rule decides, by name). Each other candidate bounds t on one side; the interval is where
all the bounds hold. Pure Python, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workshop.domain.entities import Criterion
from workshop.domain.formulas import Analysis
from workshop.domain.text import name_key, name_sort_key


@dataclass(frozen=True, slots=True)
class StabilityInterval:
    """The widest range of one criterion's weight, inside (0, infinity) and containing its weight now, over which
    the first candidate stays first; ``low`` or ``high`` is None where that end has no limit."""

    criterion: Criterion
    low: float | None
    high: float | None

    def holds(self, weight: float) -> bool:
        """Whether ``weight`` lies inside (the ends themselves are ties the method's name rule decides)."""
        return (self.low is None or weight > self.low) and (self.high is None or weight < self.high)

    def as_json(self) -> list[float | None]:
        return [self.low, self.high]


def stability_intervals(analysis: Analysis, outcome_key: str) -> list[StabilityInterval]:
    """Each positive-weight criterion's interval for an outcome, in the criteria's order; empty with fewer than
    two candidates."""
    ok = name_key(outcome_key)
    candidates = analysis.candidates(ok)
    if len(candidates) < 2:
        return []
    criteria = analysis.criteria
    keys = [name_key(c.key) for c in criteria]
    values = {
        cs.channel.name: analysis.criterion_values(ok, name_key(cs.channel.name)) for cs in candidates
    }  # fmt: skip
    numerators = {name: sum(c.weight * v[k] for c, k in zip(criteria, keys, strict=True)) for name, v in values.items()}
    first = candidates[0].channel.name
    # Scores are compared to 9 places: a smaller gap is a tie the name rule settled, meeting at the weight now (its
    # float noise would put the two ends a hair apart the wrong way round).
    tie = 1e-9 * sum(c.weight for c in criteria)
    out = []
    for crit, k in zip(criteria, keys, strict=True):
        low: float | None = None
        high: float | None = None
        for cs in candidates[1:]:
            other = cs.channel.name
            gap = numerators[first] - numerators[other]  # >= 0: the first is first now
            if abs(gap) <= tie:
                gap = 0.0
            slope = values[first][k] - values[other][k]
            if slope == 0:
                continue  # this weight moves both alike: the other never passes
            bound = crit.weight - gap / slope  # where the two meet
            if slope > 0:  # a lighter weight helps the other: a lower end
                if bound > 0 and (low is None or bound > low):
                    low = bound
            elif high is None or bound < high:
                high = bound
        out.append(StabilityInterval(crit, _clean(low), _clean(high)))
    return out


def _clean(end: float | None) -> float | None:
    """An end at full precision; an end at or below 0 is no limit inside (0, infinity)."""
    if end is None or end <= 0 or not math.isfinite(end):
        return None
    return end


def stays_first(analysis: Analysis, outcome_key: str, criterion: Criterion, weight: float) -> bool:
    """Brute force: re-rank the outcome's candidates with one criterion at ``weight`` and say whether the first
    candidate is still first (the method's tie rule: the higher score, then the name)."""
    ok = name_key(outcome_key)
    candidates = analysis.candidates(ok)
    if len(candidates) < 2:
        return True
    k = name_key(criterion.key)
    ranked = []
    for cs in candidates:
        v = analysis.criterion_values(ok, name_key(cs.channel.name))
        num = sum((weight if name_key(c.key) == k else c.weight) * v[name_key(c.key)] for c in analysis.criteria)
        den = sum(weight if name_key(c.key) == k else c.weight for c in analysis.criteria)
        ranked.append((-round(num / den, 9), name_sort_key(cs.channel.name), cs.channel.name))
    return min(ranked)[2] == candidates[0].channel.name


def stability_sentence(first: str, interval: StabilityInterval) -> str:
    """The interval for the room: "Website stays first unless the weight of Audience fit goes below 1.8 or above
    4.4" (the lower end rounded up, the upper end rounded down, to one decimal)."""
    name = interval.criterion.name
    parts = []
    if interval.low is not None:
        parts.append(f"below {_one_decimal(math.ceil(interval.low * 10 - 1e-9) / 10)}")
    if interval.high is not None:
        parts.append(f"above {_one_decimal(math.floor(interval.high * 10 + 1e-9) / 10)}")
    if not parts:
        return f"{first} stays first whatever the weight of {name}"
    return f"{first} stays first unless the weight of {name} goes {' or '.join(parts)}"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def stability_lines(analysis: Analysis, outcome_key: str) -> list[str] | None:
    """The stability sentences of an outcome, as the channels stage and the workbooks show them: one per criterion
    with a limit, then one for the criteria whose weight cannot flip the first place; None with fewer than two
    complete candidates (nothing can flip yet)."""
    candidates = analysis.candidates(outcome_key)
    if len(candidates) < 2:
        return None
    first = candidates[0].channel.name
    intervals = stability_intervals(analysis, outcome_key)
    lines = [stability_sentence(first, i) for i in intervals if i.low is not None or i.high is not None]
    free = [i.criterion.name for i in intervals if i.low is None and i.high is None]
    if free:
        lines.append(f"{first} stays first whatever the weight of {', '.join(free)}.")
    return lines

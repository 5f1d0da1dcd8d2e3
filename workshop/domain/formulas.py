"""Every formula of METHOD.md (Formulas), computed once per workshop snapshot.

``Analysis`` indexes a workshop and caches each figure on first use, so checks, the
CLI, the screens and the exports read the same numbers without computing them twice.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from workshop.domain.entities import Channel, Choice, Criterion, Outcome, Workshop
from workshop.domain.enums import (
    EXPOSED_KINDS,
    OWN_OWNER,
    PORTABILITY_RATING,
    ChannelKind,
    ChoiceRole,
)
from workshop.domain.text import name_key, name_sort_key

STRANDED_EPSILON = 1e-9
SENSITIVITY_FACTORS = (0.8, 1.2)
_TIE_DIGITS = 9


def annual_value(o: Outcome) -> float | None:
    """|target - baseline| * value_per_unit when all three are present, else the entered value."""
    k = o.kpi
    if o.value_per_unit is not None and k.baseline is not None and k.target is not None:
        return abs(k.target - k.baseline) * o.value_per_unit
    return o.annual_value


def expected_value(o: Outcome) -> float | None:
    value = annual_value(o)
    return None if value is None else value * o.confidence


def display_score(s: float) -> float:
    """A channel score S in 1..5 shown on the 0..100 scale."""
    return 100 * (s - 1) / 4


def owner_key(owner: str) -> str:
    return owner.strip()


class ChannelScore(NamedTuple):
    """S(o, c) of one channel for one outcome; a tuple, as 54,000 of them are made for a large workshop."""

    channel: Channel
    s: float | None
    complete: bool

    @property
    def display(self) -> float | None:
        return None if self.s is None else display_score(self.s)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A demise: one exposed channel on its own, or every channel of one owner."""

    kind: str  # "channel" or "owner"; "what-if" for a set the room switches off
    name: str
    channels: frozenset[str]  # name keys


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    scenario: Scenario
    value_at_risk: float
    per_outcome: Mapping[str, float]  # outcome key as written -> VaR
    stranded: tuple[str, ...]  # outcome keys as written
    saved: tuple[str, ...]  # outcome keys as written: they lose all their reliance, but a fallback stays live


class OutcomeDemise(NamedTuple):
    """What one outcome loses when a set S of channels goes: L(o,S), a live fallback, VaR(o,S), stranded or saved.

    The one place the demise formula is written, so scenarios and what-ifs cannot disagree."""

    reliance_lost: float
    fallback_live: bool
    value_at_risk: float
    stranded: bool
    saved: bool  # loses all its reliance, but a live fallback catches it


@dataclass(frozen=True, slots=True)
class Portfolio:
    resilience_score: float
    owned_share: float
    hhi: float
    owner_shares: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class OutcomeReturn:
    cost: float
    roi: float | None
    payback_months: float | None


def _finite(value: float) -> float | None:
    """A figure beyond what a float holds (a cost of 1e-300 against a value of 1e12) is no figure: n/a."""
    return value if math.isfinite(value) else None


def _return(ev: float | None, cost: float) -> OutcomeReturn:
    if ev is None or cost <= 0:
        return OutcomeReturn(cost, None, None)
    payback = _finite(cost * 12 / ev) if ev > 0 else None  # not cost / (ev / 12): ev / 12 can underflow to 0
    return OutcomeReturn(cost, _finite((ev - cost) / cost), payback)


def _tie(s: float) -> float:
    return round(s, _TIE_DIGITS)


class Analysis:
    """The figures of one workshop; build a new one after each edit."""

    def __init__(self, workshop: Workshop, previous: Analysis | None = None) -> None:
        """``previous``, the analysis of the workshop before an edit, lends what depends only on parts the edit
        left as they were (the very same lists): after a RACI edit, every channel ranking and sensitivity."""
        self.workshop = workshop
        ws = workshop
        self.outcomes: list[Outcome] = ws.outcomes
        self.outcome_by_key = {name_key(o.key): o for o in ws.outcomes}
        self.channel_by_key = {name_key(c.name): c for c in ws.channels}
        self.channel_order = {name_key(c.name): i for i, c in enumerate(ws.channels)}
        self.criteria: list[Criterion] = [c for c in ws.criteria if c.weight > 0]
        self._criterion_keys = [(name_key(c.key), c) for c in self.criteria]
        pw = previous.workshop if previous is not None else None
        if (
            previous is not None
            and pw is not None
            and pw.scores is ws.scores
            and pw.criteria is ws.criteria
            and pw.channels is ws.channels
        ):
            # Scores, criteria and channels are the very same: so is everything channel scores are made of.
            self._values = previous._values
            self._channel_ratings = previous._channel_ratings
            self._channel_parts = previous._channel_parts
            self.scores = previous.scores
            self.scored_channels = previous.scored_channels
            self._scoring: dict[str, Any] = previous._scoring
        else:
            self._values = {}
            self._channel_ratings = {}
            self._channel_parts = {}
            scores: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
            fold: dict[str, str] = {}
            for s in ws.scores:
                ok = fold.get(s.outcome) or fold.setdefault(s.outcome, name_key(s.outcome))
                ck = fold.get(s.channel) or fold.setdefault(s.channel, name_key(s.channel))
                kk = fold.get(s.criterion) or fold.setdefault(s.criterion, name_key(s.criterion))
                scores[(ok, ck)][kk] = s.score
            self.scores = scores
            self.scored_channels = defaultdict(list)
            for ok, ck in scores:
                self.scored_channels[ok].append(ck)
            self._scoring = {"rankings": {}, "sensitivity": {}}
            if previous is not None and pw is not None and pw.criteria is ws.criteria and pw.channels is ws.channels:
                self._lend_unchanged_outcomes(previous)
        same_votes = pw is not None and all(
            getattr(pw, part) is getattr(ws, part) for part in ("votes", "participants", "departments", "channels")
        )
        #: Each outcome's favourites, worked out once: they read only votes, people, departments and channels.
        self._favourites: dict[str, dict[str, str]] = previous._favourites if same_votes and previous else {}
        self.choices: dict[str, list[Choice]] = defaultdict(list)
        for c in ws.choices:
            self.choices[name_key(c.outcome)].append(c)

    def _lend_unchanged_outcomes(self, previous: Analysis) -> None:
        """After a score edit (criteria and channels the same): the outcomes whose scores did not change keep the
        previous rankings, sensitivity and criterion values; only the edited outcome is worked out again."""
        same_channels = self.scored_channels.keys() & previous.scored_channels.keys()
        unchanged = {
            ok
            for ok in same_channels
            if self.scored_channels[ok] == previous.scored_channels[ok]
            and all(self.scores[(ok, ck)] == previous.scores[(ok, ck)] for ck in self.scored_channels[ok])
        }
        unchanged |= {ok for ok in self.outcome_by_key if ok not in self.scored_channels
                      and ok not in previous.scored_channels}  # fmt: skip
        self._channel_ratings = previous._channel_ratings
        self._channel_parts = previous._channel_parts
        self._values = {key: v for key, v in previous._values.items() if key[0] in unchanged}
        for part in ("rankings", "sensitivity"):
            self._scoring[part] = {ok: v for ok, v in previous._scoring[part].items() if ok in unchanged}

    # -- value ---------------------------------------------------------------

    @cached_property
    def expected_values(self) -> dict[str, float | None]:
        return {name_key(o.key): expected_value(o) for o in self.outcomes}

    @cached_property
    def weights_in_money(self) -> bool:
        """Whether w(o) is money: some outcome has a positive expected value. Otherwise every outcome weighs the
        same (or the valued ones 0), and a value at risk means something only as a share of the plan."""
        return sum(ev for ev in self.expected_values.values() if ev is not None) > 0

    @cached_property
    def weights(self) -> dict[str, float]:
        """w(o) of METHOD.md: EV, or the mean EV of the valued outcomes, or 1."""
        evs = self.expected_values
        valued = [ev for ev in evs.values() if ev is not None]
        mean = sum(valued) / len(valued) if valued else 0.0
        fill = mean if mean != 0 else 1.0
        weights = {ok: (ev if ev is not None else fill) for ok, ev in evs.items()}
        if sum(weights.values()) == 0:
            weights = dict.fromkeys(weights, 1.0)
        return weights

    @cached_property
    def total_weight(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def outcome_dots(self) -> Counter[str]:
        dots: Counter[str] = Counter()
        for v in self.workshop.votes:
            if v.channel is None:
                dots[name_key(v.outcome)] += v.dots
        return dots

    @cached_property
    def priority(self) -> list[Outcome]:
        """Outcomes by outcome dots, then EV (unvalued as 0), then the room's order."""
        order = {name_key(o.key): i for i, o in enumerate(self.outcomes)}
        evs = self.expected_values

        def key(o: Outcome) -> tuple[int, float, int]:
            ok = name_key(o.key)
            return (-self.outcome_dots[ok], -(evs[ok] or 0.0), order[ok])

        return sorted(self.outcomes, key=key)

    # -- channel scores ------------------------------------------------------

    def rating(self, channel: Channel, criterion: Criterion) -> int | None:
        """An explicit rating, else the defaults for audience_ownership and stability."""
        ck = name_key(criterion.key)
        for key, value in channel.ratings.items():
            if name_key(key) == ck:
                return value
        if ck == "audience_ownership":
            return PORTABILITY_RATING[channel.portability]
        if ck == "stability":
            return 6 - channel.platform_risk
        return None

    def channel_ratings(self, channel_key: str) -> dict[str, int]:
        """Explicit or default ratings of a channel for the positive-weight channel-level criteria."""
        ratings = self._channel_ratings.get(channel_key)
        if ratings is None:
            channel = self.channel_by_key[channel_key]
            ratings = {}
            for ck, crit in self._criterion_keys:
                if not crit.per_outcome:
                    value = self.rating(channel, crit)
                    if value is not None:
                        ratings[ck] = value
            self._channel_ratings[channel_key] = ratings
        return ratings

    def criterion_values(self, outcome_key: str, channel_key: str) -> dict[str, int]:
        """Score or rating of every positive-weight criterion that has one, by criterion key."""
        cache_key = (outcome_key, channel_key)
        values = self._values.get(cache_key)
        if values is None:
            per_outcome = self.scores.get(cache_key, {})
            values = {
                ck: per_outcome[ck] for ck, crit in self._criterion_keys if crit.per_outcome and ck in per_outcome
            }
            values.update(self.channel_ratings(channel_key))
            self._values[cache_key] = values
        return values

    @cached_property
    def _per_outcome_keys(self) -> list[tuple[str, float]]:
        return [(ck, c.weight) for ck, c in self._criterion_keys if c.per_outcome]

    def _channel_part(self, channel_key: str) -> tuple[float, float, int]:
        """The channel-level share of S: (weighted sum, weights, how many), once per channel."""
        part = self._channel_parts.get(channel_key)
        if part is None:
            weights = {ck: c.weight for ck, c in self._criterion_keys}
            ratings = self.channel_ratings(channel_key)
            part = (
                sum(weights[ck] * v for ck, v in ratings.items()),
                sum(weights[ck] for ck in ratings),
                len(ratings),
            )
            self._channel_parts[channel_key] = part
        return part

    def channel_score(self, outcome_key: str, channel_key: str) -> ChannelScore:
        """S(o, c) over the positive-weight criteria that have a score or rating, and whether all do."""
        num, den, count = self._channel_part(channel_key)
        per_outcome = self.scores.get((outcome_key, channel_key), {})
        for ck, weight in self._per_outcome_keys:
            value = per_outcome.get(ck)
            if value is not None:
                num += weight * value
                den += weight
                count += 1
        complete = count == len(self._criterion_keys)
        return ChannelScore(self.channel_by_key[channel_key], num / den if den > 0 else None, complete)

    @property
    def _rankings(self) -> dict[str, list[ChannelScore]]:
        return self._scoring["rankings"]  # type: ignore[no-any-return]

    def ranking(self, outcome_key: str) -> list[ChannelScore]:
        """Candidates by S, then incomplete scored channels by S; ties by channel name."""
        ok = name_key(outcome_key)
        cached = self._rankings.get(ok)
        if cached is not None:
            return cached
        scored = [self.channel_score(ok, ck) for ck in self.scored_channels.get(ok, [])]
        order = self._name_order

        def key(cs: ChannelScore) -> tuple[bool, float, int]:
            return (not cs.complete, -_tie(cs.s or 0.0), order[cs.channel.name])

        ranked = sorted((cs for cs in scored if cs.s is not None), key=key)
        self._rankings[ok] = ranked
        return ranked

    @cached_property
    def _name_order(self) -> dict[str, int]:
        """Each channel's place in the tie-break order of names (case-folded, then as written), sorted once."""
        names = sorted({c.name for c in self.workshop.channels}, key=name_sort_key)
        return {name: i for i, name in enumerate(names)}

    def candidates(self, outcome_key: str) -> list[ChannelScore]:
        return [cs for cs in self.ranking(outcome_key) if cs.complete]

    def sensitivity(self, outcome_key: str) -> list[Criterion]:
        """Criteria whose weight, times 0.8 or 1.2, changes the first candidate."""
        ok = name_key(outcome_key)
        known = self._scoring["sensitivity"]
        if ok not in known:
            known[ok] = self._sensitivity(ok)
        return list(known[ok])

    def _sensitivity(self, ok: str) -> list[Criterion]:
        cands = self.candidates(ok)
        if len(cands) < 2:
            return []
        first = cands[0].channel.name
        base_den = sum(c.weight for c in self.criteria)
        # Candidates are complete, so S = numerator / the same denominator for all of them.
        base_num = {cs.channel.name: (cs.s or 0.0) * base_den for cs in cands}
        # A 20% move of one weight shifts a numerator by at most 0.2 * w * 4 against the first;
        # candidates further behind than that can never overtake it, so they are not examined.
        reach = 0.2 * max(c.weight for c in self.criteria) * 4 + 1e-6
        rows = [
            (cs.channel.name, self.criterion_values(ok, name_key(cs.channel.name)))
            for cs in cands
            if cs is cands[0] or base_num[cs.channel.name] >= base_num[first] - reach
        ]
        if len(rows) < 2:
            return []
        sensitive = []
        for ck, crit in self._criterion_keys:
            for factor in SENSITIVITY_FACTORS:
                delta = (factor - 1) * crit.weight
                den = base_den + delta
                raw_first = (base_num[first] + delta * rows[0][1][ck]) / den
                best_name, best_s = first, _tie(raw_first)
                for name, values in rows[1:]:
                    raw = (base_num[name] + delta * values[ck]) / den
                    if raw < raw_first - 1e-6:
                        continue  # clearly behind: no need for the exact tie rule
                    s = _tie(raw)
                    if s > best_s or (s == best_s and name_sort_key(name) < name_sort_key(best_name)):
                        best_name, best_s = name, s
                if best_name != first:
                    sensitive.append(crit)
                    break
        return sensitive

    # -- reliance and demise -------------------------------------------------

    @cached_property
    def reliance(self) -> dict[str, dict[str, float]]:
        """r(o, c) by outcome key and channel key; fallbacks rely 0."""
        result: dict[str, dict[str, float]] = {}
        for o in self.outcomes:
            ok = name_key(o.key)
            active = [c for c in self.choices.get(ok, []) if c.role is not ChoiceRole.FALLBACK]
            r: dict[str, float] = {}
            if active and all(c.reliance is not None for c in active):
                total = sum(c.reliance for c in active)  # type: ignore[misc]
                for c in active:
                    r[name_key(c.channel)] = c.reliance / total  # type: ignore[operator]
            else:
                primaries = [c for c in active if c.role is ChoiceRole.PRIMARY]
                supporting = [c for c in active if c.role is ChoiceRole.SUPPORTING]
                p_share, s_share = (0.7, 0.3) if primaries and supporting else (1.0, 1.0)
                for group, share in ((primaries, p_share), (supporting, s_share)):
                    for c in group:
                        r[name_key(c.channel)] = r.get(name_key(c.channel), 0.0) + share / len(group)
            result[ok] = r
        return result

    def has_active_choice(self, outcome_key: str) -> bool:
        return any(c.role is not ChoiceRole.FALLBACK for c in self.choices.get(name_key(outcome_key), []))

    @cached_property
    def chosen_channels(self) -> list[Channel]:
        """Channels that some outcome has chosen, in any role, in the workshop's order."""
        keys = {name_key(c.channel) for cs in self.choices.values() for c in cs}
        return [c for c in self.workshop.channels if name_key(c.name) in keys]

    @cached_property
    def scenarios(self) -> list[Scenario]:
        """Each exposed chosen channel alone, then each owner (but "(own)") of a chosen channel."""
        result = [
            Scenario("channel", c.name, frozenset({name_key(c.name)}))
            for c in self.chosen_channels
            if c.kind in EXPOSED_KINDS
        ]
        owners: list[str] = []
        for c in self.chosen_channels:
            owner = owner_key(c.owner)
            if owner != OWN_OWNER and owner not in owners:
                owners.append(owner)
        for owner in owners:
            members = frozenset(name_key(c.name) for c in self.workshop.channels if owner_key(c.owner) == owner)
            result.append(Scenario("owner", owner, members))
        return result

    @cached_property
    def _choice_keys(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """Per outcome key: (all chosen channel keys, fallback channel keys)."""
        result = {}
        for o in self.outcomes:
            ok = name_key(o.key)
            choices = self.choices.get(ok, [])
            result[ok] = (
                frozenset(name_key(c.channel) for c in choices),
                frozenset(name_key(c.channel) for c in choices if c.role is ChoiceRole.FALLBACK),
            )
        return result

    def outcome_demise(self, outcome_key: str, members: frozenset[str]) -> OutcomeDemise:
        """METHOD.md's demise of the channel keys ``members`` for one outcome (by name key)."""
        chosen, fallbacks = self._choice_keys[outcome_key]
        fallback_live = not fallbacks <= members
        if chosen.isdisjoint(members):
            return OutcomeDemise(0.0, fallback_live, 0.0, False, False)
        r = self.reliance[outcome_key]
        lost = sum(share for ck, share in r.items() if ck in members)
        var = self.weights[outcome_key] * lost * (0.5 if fallback_live else 1.0)
        gone = bool(r) and lost >= 1 - STRANDED_EPSILON
        return OutcomeDemise(lost, fallback_live, var, gone and not fallback_live, gone and fallback_live)

    def demise(self, scenario: Scenario) -> ScenarioResult:
        per_outcome: dict[str, float] = {}
        stranded: list[str] = []
        saved: list[str] = []
        total = 0.0
        members = scenario.channels
        choice_keys = self._choice_keys
        for o in self.outcomes:
            ok = name_key(o.key)
            if choice_keys[ok][0].isdisjoint(members):  # untouched: skip the helper, most outcomes of a scenario
                per_outcome[o.key] = 0.0
                continue
            d = self.outcome_demise(ok, members)
            per_outcome[o.key] = d.value_at_risk
            total += d.value_at_risk
            if d.stranded:
                stranded.append(o.key)
            elif d.saved:
                saved.append(o.key)
        return ScenarioResult(scenario, total, per_outcome, tuple(stranded), tuple(saved))

    @cached_property
    def demise_results(self) -> list[ScenarioResult]:
        return [self.demise(s) for s in self.scenarios]

    @cached_property
    def portfolio(self) -> Portfolio | None:
        """Resilience score, owned share and owner concentration; None without outcomes."""
        if not self.outcomes:
            return None
        total = self.total_weight
        owner_vars = [r.value_at_risk for r in self.demise_results if r.scenario.kind == "owner"]
        resilience = 100 * (1 - max(owner_vars) / total) if owner_vars else 100.0
        owned = 0.0
        shares: dict[str, float] = defaultdict(float)
        for o in self.outcomes:
            ok = name_key(o.key)
            w = self.weights[ok]
            for ck, r in self.reliance[ok].items():
                channel = self.channel_by_key[ck]
                if channel.kind is ChannelKind.OWNED:
                    owned += w * r
                shares[owner_key(channel.owner)] += w * r
        owner_shares = {owner: s / total for owner, s in shares.items()}
        hhi = sum(s * s for s in owner_shares.values())
        return Portfolio(resilience, owned / total, hhi, owner_shares)

    # -- votes ---------------------------------------------------------------

    @cached_property
    def _department_of(self) -> dict[str, str]:
        """Each participant's department, spelled as the department list spells it."""
        departments = {name_key(d.name): d.name for d in self.workshop.departments}
        return {
            name_key(p.name): departments.get(name_key(p.department), p.department)
            for p in self.workshop.participants
            if p.department is not None
        }

    @cached_property
    def _channel_votes(self) -> dict[str, list[tuple[str, str, int]]]:
        """Channel votes by outcome key: (participant key, channel key, dots)."""
        votes: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for v in self.workshop.votes:
            if v.channel is not None:
                votes[name_key(v.outcome)].append((name_key(v.participant), name_key(v.channel), v.dots))
        return votes

    def favourites(self, outcome_key: str) -> dict[str, str]:
        """Each department's favourite channel for an outcome (its unique most-dotted one)."""
        ok = name_key(outcome_key)
        known = self._favourites.get(ok)
        if known is None:
            known = self._favourites[ok] = self._work_out_favourites(ok)
        return dict(known)

    def _work_out_favourites(self, ok: str) -> dict[str, str]:
        department_of = self._department_of
        dots: dict[str, Counter[str]] = defaultdict(Counter)
        names: dict[str, str] = {}
        for participant, channel, count in self._channel_votes.get(ok, []):
            department = department_of.get(participant)
            if department is None:
                continue
            dept_key = name_key(department)
            names.setdefault(dept_key, department)
            dots[dept_key][channel] += count
        result = {}
        for dept_key, counter in dots.items():
            ranked = counter.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                result[names[dept_key]] = self.channel_by_key[ranked[0][0]].name
        return result

    def dissent(self, outcome_key: str) -> dict[str, str]:
        """The departments' favourites when two or more differ, else empty."""
        favourites = self.favourites(outcome_key)
        if len({name_key(c) for c in favourites.values()}) >= 2:
            return favourites
        return {}

    # -- return --------------------------------------------------------------

    @cached_property
    def returns(self) -> dict[str, OutcomeReturn]:
        cost: dict[str, float] = defaultdict(float)
        for a in self.workshop.actions:
            if a.outcome is not None:
                cost[name_key(a.outcome)] += a.cost
        return {o.key: _return(self.expected_values[name_key(o.key)], cost[name_key(o.key)]) for o in self.outcomes}

    @cached_property
    def total_return(self) -> OutcomeReturn:
        cost = sum(a.cost for a in self.workshop.actions)
        valued = [ev for ev in self.expected_values.values() if ev is not None]
        return _return(sum(valued) if valued else None, cost)

"""Hypothesis strategies that build VALID domain workshops.

``workshops()`` draws a whole :class:`~workshop.domain.entities.Workshop` that keeps every
rule of METHOD.md (Entities), i.e. ``workshop_problems(ws) == []``:

- names and keys are unique among their kind after trimming and case-folding,
- every reference (department, participant, outcome, channel, criterion) resolves,
- dot budgets are kept (outcome dots per participant, channel dots per participant and outcome),
- scores only name per-outcome criteria, ratings only channel-level ones, and a fallback has no reliance,
- at least one criterion weight is positive.

By default references are written exactly as the names they point to, and names have no
leading or trailing spaces, so that a round trip (file, database) can compare workshops field by
field. ``workshops(messy=True)`` also varies how references are written (case, surrounding
spaces) and pads channel owners, which the method resolves the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st

from workshop.domain.entities import (
    Action,
    AgendaItem,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Note,
    Outcome,
    Participant,
    RaciAssignment,
    Score,
    Stakeholder,
    Vote,
    Workshop,
    default_criteria,
)
from workshop.domain.enums import (
    ActionStatus,
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
    Stage,
)
from workshop.domain.text import name_key

__all__ = [
    "TIE_NAMES",
    "amounts",
    "criteria_lists",
    "names",
    "ranking_workshops",
    "texts",
    "workshops",
]

_NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +&-'.éÉøÅçßΣ"
_TEXT_ALPHABET = _NAME_ALPHABET + ",;:!?()/%"

OWNERS = ("(own)", "Meta", "Google", "Microsoft", "Mailchimp", "Acme partners", "ByteDance")
CRITERION_KEYS = (
    "audience_fit",
    "outcome_fit",
    "cost_efficiency",
    "ease",
    "measurability",
    "audience_ownership",
    "stability",
    "brand_safety",
    "Speed",
    "reach quality",
)
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY", "SEK")

#: Required text: not blank, no surrounding spaces.
names = st.text(alphabet=_NAME_ALPHABET, min_size=1, max_size=14).map(str.strip).filter(bool)
#: Free text (may be empty).
texts = st.text(alphabet=_TEXT_ALPHABET, max_size=24)
#: Money and other non-negative amounts; zero is frequent on purpose ("zero is a value").
amounts = st.one_of(
    st.just(0.0),
    st.integers(min_value=0, max_value=1_000_000).map(float),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
_kpi_numbers = st.one_of(
    st.integers(min_value=-1000, max_value=100_000).map(float),
    st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
_unit_values = st.one_of(
    st.integers(min_value=0, max_value=500).map(float),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
_confidence = st.one_of(
    st.sampled_from([0.0, 0.25, 0.5, 0.8, 1.0]),
    st.floats(min_value=0, max_value=1, allow_nan=False, allow_subnormal=False),
)
_weights = st.one_of(
    st.sampled_from([0, 1, 2, 3]),
    st.floats(min_value=0, max_value=5, allow_nan=False, allow_subnormal=False),
)
_reliance = st.one_of(
    st.sampled_from([0.5, 1.0, 2.0, 3.0]),
    st.floats(min_value=0.01, max_value=100, allow_nan=False, allow_subnormal=False),
)
_dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
_datetimes = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
_levels = st.integers(min_value=1, max_value=5)
_emails = st.builds(
    "{}@{}.org".format, st.from_regex(r"[a-z][a-z.]{0,8}", fullmatch=True), st.from_regex(r"[a-z]{1,8}", fullmatch=True)
)
_by = st.one_of(st.just("facilitator"), texts)
_ENUMS: dict[type, st.SearchStrategy[Any]] = {
    e: st.sampled_from(list(e))
    for e in (DepartmentFunction, OutcomeCategory, ChannelKind, Portability, RaciRole, ChoiceRole, ActionStatus, Stage)
}


@functools.cache
def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``strategy`` or None (built once per strategy: building strategies is slow)."""
    return st.one_of(st.none(), strategy)


def _unique_names(max_size: int, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(names, min_size=min_size, max_size=max_size, unique_by=name_key)


@st.composite
def criteria_lists(draw: st.DrawFn) -> list[Criterion]:
    """The default criteria with drawn weights, or a custom list; at least one weight is positive."""
    if draw(st.booleans()):
        criteria = default_criteria()
        for c in criteria:
            if draw(st.booleans()):
                c.weight = draw(_weights)
    else:
        keys = draw(st.lists(st.sampled_from(CRITERION_KEYS), min_size=1, max_size=5, unique_by=name_key))
        criteria = [Criterion(k, k.replace("_", " ").capitalize(), draw(_weights), draw(st.booleans())) for k in keys]
    if not any(c.weight > 0 for c in criteria):
        criteria[draw(st.integers(0, len(criteria) - 1))].weight = draw(st.sampled_from([1, 2, 0.5]))
    return criteria


@st.composite
def workshops(
    draw: st.DrawFn,
    *,
    messy: bool = False,
    max_outcomes: int = 5,
    max_channels: int = 7,
    max_participants: int = 6,
) -> Workshop:
    """A valid workshop (``workshop_problems(ws) == []``); see the module docstring."""

    def ref(name: str) -> str:
        """How a reference to ``name`` is written: exactly, or (messy) in another case or padded."""
        if not messy:
            return name
        variants = [v for v in (name, name.upper(), name.lower(), f" {name} ") if name_key(v) == name_key(name)]
        return draw(st.sampled_from(variants))

    def maybe(strategy: st.SearchStrategy) -> Any:
        return draw(_optional(strategy))

    criteria = draw(criteria_lists())
    per_outcome = [c for c in criteria if c.per_outcome]
    channel_level = [c for c in criteria if not c.per_outcome]

    departments = [Department(n, draw(_ENUMS[DepartmentFunction])) for n in draw(_unique_names(4))]
    dept_names = [d.name for d in departments]

    def maybe_department() -> str | None:
        if not dept_names or draw(st.integers(0, 3)) == 0:
            return None
        return ref(draw(st.sampled_from(dept_names)))

    participants = [
        Participant(
            n,
            department=maybe_department(),
            role=draw(texts),
            email=maybe(_emails),
            power=draw(_levels),
            interest=draw(_levels),
        )
        for n in draw(_unique_names(max_participants))
    ]
    stakeholders = [
        Stakeholder(n, role=draw(texts), department=maybe_department(), power=draw(_levels), interest=draw(_levels))
        for n in draw(_unique_names(3))
    ]

    outcomes = []
    for key in draw(_unique_names(max_outcomes)):
        kpi = Kpi(
            metric=maybe(texts),
            unit=maybe(texts),
            baseline=maybe(_kpi_numbers),
            target=maybe(_kpi_numbers),
            due=maybe(_dates),
        )
        outcomes.append(
            Outcome(
                key,
                title=draw(texts),
                category=draw(_ENUMS[OutcomeCategory]),
                audience=draw(texts),
                kpi=kpi,
                value_per_unit=maybe(_unit_values),
                annual_value=maybe(amounts),
                confidence=draw(_confidence),
                notes=draw(texts),
            )
        )
    outcome_keys = [o.key for o in outcomes]
    participant_names = [p.name for p in participants]

    channels = []
    channel_list = draw(_unique_names(max_channels))
    claimed = {name_key(n) for n in channel_list}  # a name or alias names one channel only
    for n in channel_list:
        owner = draw(st.sampled_from(OWNERS))
        if messy and draw(st.booleans()):
            owner = f" {owner} "
        aliases = [a for a in draw(st.lists(names, max_size=2, unique_by=name_key)) if name_key(a) not in claimed]
        claimed |= {name_key(a) for a in aliases}
        rated = (
            draw(st.lists(st.sampled_from(channel_level), unique_by=lambda c: name_key(c.key))) if channel_level else []
        )
        channels.append(
            Channel(
                n,
                kind=draw(_ENUMS[ChannelKind]),
                owner=owner,
                portability=draw(_ENUMS[Portability]),
                platform_risk=draw(_levels),
                aliases=aliases,
                ratings={ref(c.key): draw(_levels) for c in rated},
                retired=draw(st.booleans()),
            )
        )
    channel_names = [c.name for c in channels]

    raci = []
    for ok in outcome_keys:
        for pn in participant_names:
            role = maybe(_ENUMS[RaciRole])
            if role is not None:
                raci.append(RaciAssignment(ref(ok), ref(pn), role))

    scores = []
    choices = []
    for ok in outcome_keys:
        for cn in channel_names:
            if per_outcome and draw(st.booleans()):
                for crit in per_outcome:
                    if draw(st.integers(0, 3)) > 0:
                        scores.append(Score(ref(ok), ref(cn), ref(crit.key), draw(_levels)))
            role = maybe(_ENUMS[ChoiceRole])
            if role is not None:
                reliance = None if role is ChoiceRole.FALLBACK else maybe(_reliance)
                choices.append(Choice(ref(ok), ref(cn), role, reliance))

    budget = draw(st.integers(min_value=1, max_value=5))
    votes = []
    for pn in participant_names:
        left = budget
        for ok in outcome_keys:
            dots = draw(st.integers(0, left)) if left and draw(st.booleans()) else 0
            if dots:
                votes.append(Vote(ref(pn), ref(ok), None, dots))
                left -= dots
        for ok in outcome_keys:
            if not channel_names or not draw(st.booleans()):
                continue
            left_here = budget
            for cn in channel_names:
                dots = draw(st.integers(0, left_here)) if left_here and draw(st.booleans()) else 0
                if dots:
                    votes.append(Vote(ref(pn), ref(ok), ref(cn), dots))
                    left_here -= dots

    def origin() -> str:
        kinds = ["manual"]
        if outcome_keys:
            kinds.append("fallback")
            if channel_names:
                kinds.append("choice")
        kind = draw(st.sampled_from(kinds))
        if kind == "fallback":
            return f"fallback:{draw(st.sampled_from(outcome_keys))}"
        if kind == "choice":
            return f"choice:{draw(st.sampled_from(outcome_keys))}:{draw(st.sampled_from(channel_names))}"
        return "manual"

    actions = [
        Action(
            title=draw(names),
            outcome=ref(draw(st.sampled_from(outcome_keys))) if outcome_keys and draw(st.booleans()) else None,
            channel=ref(draw(st.sampled_from(channel_names))) if channel_names and draw(st.booleans()) else None,
            owner=ref(draw(st.sampled_from(participant_names))) if participant_names and draw(st.booleans()) else None,
            due=maybe(_dates),
            cost=draw(amounts),
            effort_days=draw(st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0])),
            status=draw(_ENUMS[ActionStatus]),
            origin=origin(),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    dismissed = sorted({o for o in (origin() for _ in range(draw(st.integers(0, 2)))) if o != "manual"})
    agenda = [
        AgendaItem(stage, draw(st.integers(0, 120)))
        for stage in draw(st.lists(_ENUMS[Stage], unique=True, max_size=len(Stage)))
    ]

    def notes() -> list[Note]:
        return [Note(draw(names), by=draw(_by), at=maybe(_datetimes)) for _ in range(draw(st.integers(0, 2)))]

    return Workshop(
        title=draw(texts),
        organisation=draw(texts),
        date=maybe(_dates),
        facilitator=draw(texts),
        currency=draw(st.sampled_from(CURRENCIES)),
        dots_per_participant=budget,
        overload_limit=draw(st.integers(min_value=1, max_value=6)),
        is_template=draw(st.booleans()),
        dismissed_origins=dismissed,
        departments=departments,
        participants=participants,
        stakeholders=stakeholders,
        outcomes=outcomes,
        raci=raci,
        criteria=criteria,
        channels=channels,
        scores=scores,
        choices=choices,
        votes=votes,
        actions=actions,
        agenda=agenda,
        parking_lot=notes(),
        decisions=notes(),
    )


#: Channel names whose order as written, or with ``str.lower``, differs from the case-folded order of
#: METHOD.md: "B" < "a" as written; "ß" > "st" and "Straße" > "Strassf" lowered, but case-folded
#: "ss" < "st" and "strasse" < "strassf". (Names that differ only in case cannot both exist: names
#: are unique case-insensitively.)
TIE_NAMES = ("a", "B", "c", "apple", "Banana", "ß", "st", "Straße", "Strassf", "éclair", "Fig", "Zed")
#: Decimal weights: 0.1, 0.2, 0.3, 0.7 and 0.9 are not exact in binary, so equal sums can differ in the last
#: bit; neighbours such as 0.9 and 1, 2.5 and 3, 3.5 and 4 are within 20% of each other, so a 20% move can
#: overturn a lead that one of them gives and the other takes back.
TIE_WEIGHTS = (0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1, 1.5, 2, 2.5, 3, 3.5, 4)
_TIE_EXTRA_CRITERIA = (
    Criterion("tone", "Tone", 1, True),  # a third per-outcome criterion
    Criterion("brand_safety", "Brand safety", 1, False),  # channel-level, no default rating
)


@st.composite
def ranking_workshops(draw: st.DrawFn, *, max_outcomes: int = 2, max_channels: int = 8) -> Workshop:
    """A valid workshop built for ranking and sensitivity: many exact ties and near-ties.

    Half are drawn broadly: any weights of :data:`TIE_WEIGHTS`, scores 1-5, every channel fresh. In the
    others, weights often come from a palette of one to three values (so many are equal); scores often
    come from a narrow band (one to three levels); channels often copy an earlier channel's scores and
    ratings exactly (an exact tie, settled by the name), with two values swapped (between equally
    weighted criteria, an exact tie that floats may round apart), with one value moved by one (a
    near-tie) or with one value raised and another lowered (a lead that a moved weight may overturn).
    Always: names come from :data:`TIE_NAMES`; ratings are explicit or left to the defaults
    (``audience_ownership`` from portability, ``stability`` = 6 - platform risk); some values are
    missing, so some scored channels are incomplete; references are written in varying case and spacing.
    """
    criteria = default_criteria() + [
        Criterion(c.key, c.name, c.weight, c.per_outcome) for c in _TIE_EXTRA_CRITERIA if draw(st.booleans())
    ]
    # Half the workshops are drawn for ties; the others broadly (any weights, full band, fresh channels),
    # where a candidate well behind the first can still overtake it.
    ties = draw(st.booleans())
    palette = list(TIE_WEIGHTS)
    if ties and draw(st.booleans()):  # a few weights only: many equal
        palette = draw(st.lists(st.sampled_from(TIE_WEIGHTS), min_size=1, max_size=3))
    for c in criteria:
        c.weight = draw(st.sampled_from(palette))
    if not any(c.weight > 0 for c in criteria):
        criteria[draw(st.integers(0, len(criteria) - 1))].weight = draw(st.sampled_from([0.1, 1, 2]))
    weight_of = {c.key: c.weight for c in criteria}
    per_outcome = [c.key for c in criteria if c.per_outcome]
    channel_level = [c.key for c in criteria if not c.per_outcome]

    lo, hi = 1, 5
    if ties and draw(st.booleans()):  # a narrow band: one to three levels
        lo = draw(st.integers(1, 5))
        hi = draw(st.integers(lo, min(5, lo + 2)))
    level = st.integers(lo, hi)
    missing_percent = draw(st.sampled_from([0, 0, 5, 15, 30]))

    def present() -> bool:
        return draw(st.integers(0, 99)) >= missing_percent

    def ref(name: str) -> str:
        variants = [v for v in (name, name.upper(), name.lower(), f" {name} ") if name_key(v) == name_key(name)]
        return draw(st.sampled_from(variants))

    outcome_keys = draw(st.lists(st.sampled_from(["O1", "O2", "o3"]), min_size=1, max_size=max_outcomes, unique=True))
    channel_names = draw(st.lists(st.sampled_from(TIE_NAMES), min_size=2, max_size=max_channels, unique_by=name_key))

    # A pattern: portability, platform risk, explicit ratings, and per outcome its scores (None: not scored).
    Pattern = tuple[Portability, int, dict[str, int], dict[str, dict[str, int] | None]]

    def new_pattern() -> Pattern:
        ratings = {k: draw(level) for k in channel_level if present()}
        if draw(st.booleans()):  # leave the defaulted criteria to their defaults
            ratings = {k: v for k, v in ratings.items() if k not in ("audience_ownership", "stability")}
        scores: dict[str, dict[str, int] | None] = {
            ok: ({k: draw(level) for k in per_outcome if present()} if draw(st.integers(0, 9)) else None)
            for ok in outcome_keys
        }
        risk = draw(st.integers(1, 5))
        return draw(_ENUMS[Portability]), risk, ratings, scores

    def nudged(pattern: Pattern) -> Pattern:
        """The same values, one of them moved by one: a near-tie."""
        portability, risk, ratings, scores = pattern
        ratings = dict(ratings)
        scores = {ok: (None if s is None else dict(s)) for ok, s in scores.items()}
        slots = [("rating", k) for k in ratings] + [(ok, k) for ok, s in scores.items() if s for k in s]
        if not slots:
            return portability, risk + 1 if risk < 5 else risk - 1, ratings, scores
        where, k = draw(st.sampled_from(slots))
        table = ratings if where == "rating" else scores[where]
        assert table is not None
        table[k] = table[k] + 1 if table[k] < 5 else table[k] - 1
        return portability, risk, ratings, scores

    def swapped(pattern: Pattern) -> Pattern:
        """Two values swapped: of equally weighted criteria, an exact tie that floats may round apart; of
        others, a lead of (w1 - w2) * (x - y) that moving one weight may overturn."""
        portability, risk, ratings, scores = pattern
        ratings = dict(ratings)
        scores = {ok: (None if s is None else dict(s)) for ok, s in scores.items()}
        tables = [ratings, *(s for s in scores.values() if s)]
        pairs = [(t, x, y) for t in tables for x in t for y in t if x < y and t[x] != t[y]]
        if draw(st.booleans()):
            pairs = [(t, x, y) for t, x, y in pairs if weight_of[x] == weight_of[y]] or pairs
        if pairs:
            table, x, y = draw(st.sampled_from(pairs))
            table[x], table[y] = table[y], table[x]
        return portability, risk, ratings, scores

    def traded(pattern: Pattern) -> Pattern:
        """One value raised and another lowered: a lead on one criterion against a loss on another."""
        portability, risk, ratings, scores = pattern
        ratings = dict(ratings)
        scores = {ok: (None if s is None else dict(s)) for ok, s in scores.items()}
        tables = [ratings, *(s for s in scores.values() if s)]
        pairs = [(t, x, y) for t in tables for x in t for y in t if x != y and t[x] < 5 and t[y] > 1]
        if pairs:
            table, x, y = draw(st.sampled_from(pairs))
            table[x] = draw(st.integers(table[x] + 1, 5))
            table[y] = draw(st.integers(1, table[y] - 1))
        return portability, risk, ratings, scores

    patterns: list[Pattern] = []
    channels, scores = [], []
    for name in channel_names:
        how = "new"
        if ties and patterns:
            how = draw(st.sampled_from(["new", "copy", "copy", "nudge", "swap", "trade"]))
        if how == "new":
            pattern = new_pattern()
        else:
            pattern = draw(st.sampled_from(patterns))
            if how == "nudge":
                pattern = nudged(pattern)
            elif how == "swap":
                pattern = swapped(pattern)
            elif how == "trade":
                pattern = traded(pattern)
        patterns.append(pattern)
        portability, risk, ratings, per_outcome_scores = pattern
        channels.append(
            Channel(
                name,
                kind=draw(_ENUMS[ChannelKind]),
                owner=draw(st.sampled_from(OWNERS)),
                portability=portability,
                platform_risk=risk,
                ratings={ref(k): v for k, v in ratings.items()},
            )
        )
        for ok, values in per_outcome_scores.items():
            for k, v in (values or {}).items():
                scores.append(Score(ref(ok), ref(name), ref(k), v))
    return Workshop(
        title="Ranking",
        outcomes=[Outcome(k, f"Outcome {k}", OutcomeCategory.SUPPORT) for k in outcome_keys],
        criteria=criteria,
        channels=channels,
        scores=draw(st.permutations(scores)),
    )

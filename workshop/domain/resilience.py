"""The resilience stage's figures beyond the formulas: scenarios by risk, what-ifs, and sentences for the room.

Every number comes from ``Analysis.demise`` and ``Analysis.portfolio``, so the stage, the CLI and the exports
read the same demise; this module only orders, resolves names and words what those give.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from workshop.domain.enums import OWN_OWNER
from workshop.domain.formulas import Analysis, Scenario, ScenarioResult, owner_key
from workshop.domain.text import name_key

#: Competition authorities' HHI bands (as shares, not points): below 0.15 unconcentrated, up to 0.25 moderately.
HHI_CONCENTRATED = 0.15
HHI_HIGHLY_CONCENTRATED = 0.25
_BAND_DIGITS = 9  # an HHI of exactly 0.25 computed as 0.25000000000000006 is still in its band


def ranked_scenarios(analysis: Analysis) -> list[ScenarioResult]:
    """Demise scenarios by value at risk, highest first; ties keep METHOD.md's order (the sort is stable)."""
    return sorted(analysis.demise_results, key=lambda r: -r.value_at_risk)


def scenario_share(analysis: Analysis, result: ScenarioResult) -> float | None:
    """A scenario's value at risk as a share of the plan (the sum of w(o)); None without outcomes."""
    if not analysis.outcomes:
        return None
    return result.value_at_risk / analysis.total_weight


class UnknownNames(ValueError):
    """Names a what-if asked for that the workshop does not have; ``known`` lists the ones it has, in its order."""

    def __init__(self, kind: str, names: tuple[str, ...], known: tuple[str, ...]) -> None:
        quoted = ", ".join(f"'{n}'" for n in names)
        super().__init__(f"The workshop has no {kind} named {quoted}.")
        self.kind = kind
        self.names = names
        self.known = known


@dataclass(frozen=True, slots=True)
class OutcomeWhatIf:
    """One outcome under a what-if: L(o,S), whether a fallback outside S is live, stranded, VaR(o,S)."""

    key: str
    reliance_lost: float
    fallback_live: bool
    stranded: bool
    value_at_risk: float


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The room switches off channels and owners at once; a view, the workshop is unchanged."""

    channels: tuple[str, ...]  # every channel switched off, as the workshop spells it, in its order
    owners: tuple[str, ...]  # trimmed, in the order the workshop's channels first name them
    value_at_risk: float
    stranded: tuple[str, ...]
    live_fallbacks: tuple[str, ...]  # outcomes that lose reliance and keep a fallback outside the set
    outcomes: tuple[OutcomeWhatIf, ...]  # every outcome, in the room's order


def _workshop_owners(analysis: Analysis) -> list[str]:
    """Each owner once, trimmed, in the order the workshop's channels first name it."""
    return list(dict.fromkeys(owner_key(c.owner) for c in analysis.workshop.channels))


def _unknown(names: tuple[str, ...], key: Callable[[str], str], known: Container[str]) -> tuple[str, ...]:
    """The names (first spelling of each) whose key the workshop does not have."""
    missing: dict[str, str] = {}
    for n in names:
        if key(n) not in known:
            missing.setdefault(key(n), n)
    return tuple(missing.values())


def _resolve(analysis: Analysis, channels: tuple[str, ...], owners: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Channel names as references resolve (names only, retired ones too) and owners trimmed, exactly."""
    ws_channels = analysis.workshop.channels
    unknown = _unknown(channels, name_key, analysis.channel_by_key)
    if unknown:
        raise UnknownNames("channel", unknown, tuple(c.name for c in ws_channels))
    known_owners = _workshop_owners(analysis)
    unknown = _unknown(owners, owner_key, set(known_owners))
    if unknown:
        raise UnknownNames("owner", unknown, tuple(known_owners))
    wanted_owners = {owner_key(n) for n in owners}
    keys = {name_key(n) for n in channels}
    keys |= {name_key(c.name) for c in ws_channels if owner_key(c.owner) in wanted_owners}
    return keys, [o for o in known_owners if o in wanted_owners]


def what_if(analysis: Analysis, channels: Iterable[str] = (), owners: Iterable[str] = ()) -> WhatIf:
    """METHOD.md's what-if: S is ``channels`` plus every channel of ``owners``; raises UnknownNames."""
    keys, owner_names = _resolve(analysis, _names(channels), _names(owners))
    switched = tuple(c.name for c in analysis.workshop.channels if name_key(c.name) in keys)
    members = frozenset(keys)
    result = analysis.demise(Scenario("what-if", ", ".join(switched), members))
    rows = []
    live: list[str] = []
    for o in analysis.outcomes:
        d = analysis.outcome_demise(name_key(o.key), members)
        rows.append(OutcomeWhatIf(o.key, d.reliance_lost, d.fallback_live, d.stranded, result.per_outcome[o.key]))
        if d.reliance_lost > 0 and d.fallback_live:
            live.append(o.key)
    return WhatIf(switched, tuple(owner_names), result.value_at_risk, result.stranded, tuple(live), tuple(rows))


def _names(names: Iterable[str]) -> tuple[str, ...]:
    """One name given as a bare string is one name, not its letters."""
    return (names,) if isinstance(names, str) else tuple(names)


# -- sentences for the stage -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortfolioWords:
    """The portfolio figures as sentences a CFO reads off the projector; None without outcomes."""

    resilience: str | None
    owned: str | None
    concentration: str | None


def hhi_band(hhi: float) -> str:
    """The HHI read as competition authorities do: spread, concentrated, highly concentrated."""
    value = round(hhi, _BAND_DIGITS)
    if value < HHI_CONCENTRATED:
        return "spread"
    if value <= HHI_HIGHLY_CONCENTRATED:
        return "concentrated"
    return "highly concentrated"


def _percent(share: float) -> str:
    """A share as a whole percentage that never says 0% or 100% for what is not exactly that."""
    if share <= 0:
        return "0%"
    if share < 0.005:
        return "less than 1%"
    if share >= 1 - 1e-9:
        return "100%"
    if share >= 0.995:
        return "more than 99%"
    return f"{share:.0%}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _resilience_words(analysis: Analysis, currency: str) -> str:
    owners = [r for r in ranked_scenarios(analysis) if r.scenario.kind == "owner"]
    if not owners:
        if not analysis.chosen_channels:
            return "No channel is chosen yet, so no platform closing can put the plan at risk."
        return "No channel the plan uses belongs to another company, so no platform closing puts the plan at risk."
    worst = owners[0]
    share = worst.value_at_risk / analysis.total_weight
    opening = f"If {_possessive(worst.scenario.name)} platforms closed tomorrow"
    if not analysis.weights_in_money:
        if share <= 0:
            return f"{opening}, none of the plan would be at risk."
        return f"{opening}, {_percent(share)} of the plan would be at risk."
    if share <= 0:
        return f"{opening}, none of the plan's expected value would be at risk."
    money = f"{worst.value_at_risk:,.0f} {currency}"
    return f"{opening}, {_percent(share)} of the plan's expected value would be at risk ({money})."


def _owned_words(analysis: Analysis, owned_share: float, carried: bool) -> str:
    if not carried:
        return "No channel carries the plan yet."
    of_plan = "of the plan's expected value" if analysis.weights_in_money else "of the plan"
    if owned_share <= 0:
        return f"None {of_plan} runs on channels the organisation owns."
    return f"{_percent(owned_share)} {of_plan} runs on channels the organisation owns."


def _concentration_words(hhi: float, owner_shares: dict[str, float]) -> str:
    if not owner_shares:
        return "No channel carries the plan yet, so no owner concentrates it."
    opening = f"Owner concentration {hhi:.2f}: {hhi_band(hhi)}"
    own = owner_shares.get(OWN_OWNER, 0.0)
    outside = [(owner, s) for owner, s in owner_shares.items() if owner != OWN_OWNER and s > 0]
    largest = max(outside, key=lambda item: item[1]) if outside else None
    if own > 0 and (largest is None or own >= largest[1]):
        sentence = (
            f"{opening}; the organisation's own channels carry the largest share, {_percent(own)}: "
            "relying on what you own is not platform risk."
        )
        if largest is not None:
            sentence += f" The largest outside owner, {largest[0]}, carries {_percent(largest[1])}."
        return sentence
    assert largest is not None
    return f"{opening}; {largest[0]} carries {_percent(largest[1])}."


def portfolio_words(analysis: Analysis, currency: str) -> PortfolioWords:
    """Resilience, owned share and owner concentration in plain words: the worst owner's closure in money when
    the plan is valued (in shares when every outcome weighs the same), the HHI's band and its largest owner."""
    p = analysis.portfolio
    if p is None:
        return PortfolioWords(None, None, None)
    shares = {owner: s for owner, s in p.owner_shares.items() if s > 0}
    return PortfolioWords(
        _resilience_words(analysis, currency),
        _owned_words(analysis, p.owned_share, bool(shares)),
        _concentration_words(p.hhi, shares),
    )

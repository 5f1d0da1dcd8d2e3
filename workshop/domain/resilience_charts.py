"""What the resilience stage's charts draw, as plain frozen data built from an ``Analysis``.

Pure Python, no matplotlib: ``workshop.export.resilience_charts`` draws these, the stage page and the workbook reuse
them, and the tests check the figures here against METHOD.md ("Demise of a set S", "Portfolio figures").
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.enums import EXPOSED_KINDS, ChannelKind, ChoiceRole
from workshop.domain.formulas import Analysis, owner_key
from workshop.domain.text import name_key

#: Value-at-risk shares that differ by less than this are a tie (float noise must not reorder equal bars).
_TIE_DIGITS = 9


# -- value at risk by owner ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnerRiskBar:
    """One owner's demise: every channel it runs goes at once."""

    owner: str
    value_at_risk: float  # VaR(S) in the weights' unit: money when the data is valued
    share: float  # VaR(S) / sum w(o), 0..1
    stranded: tuple[str, ...]  # outcome keys left with no reliance and no live fallback
    channels: tuple[str, ...]  # the owner's chosen channels, in the workshop's order

    @property
    def stranded_count(self) -> int:
        return len(self.stranded)


@dataclass(frozen=True, slots=True)
class OwnerRiskData:
    """The owner scenarios by value at risk, highest first; ``valued`` False: draw shares, not money."""

    bars: tuple[OwnerRiskBar, ...]
    valued: bool
    currency: str
    total_weight: float
    resilience_score: float | None  # None without outcomes
    outcomes: int
    chosen: int  # channels chosen by some outcome, in any role
    unvalued: int  # outcomes without a value, weighed at the valued ones' mean EV

    @property
    def worst(self) -> OwnerRiskBar | None:
        """The owner whose demise sets the resilience score."""
        return self.bars[0] if self.bars else None


def owner_risk_data(analysis: Analysis) -> OwnerRiskData:
    """One bar per owner scenario, sorted by value at risk (ties keep the scenarios' order)."""
    total = analysis.total_weight
    chosen = analysis.chosen_channels
    bars = []
    for result in analysis.demise_results:
        scenario = result.scenario
        if scenario.kind != "owner":
            continue
        share = result.value_at_risk / total if total > 0 else 0.0
        channels = tuple(c.name for c in chosen if owner_key(c.owner) == scenario.name)
        bars.append(OwnerRiskBar(scenario.name, result.value_at_risk, share, result.stranded, channels))
    bars.sort(key=lambda b: -round(b.share, _TIE_DIGITS))
    portfolio = analysis.portfolio
    return OwnerRiskData(
        bars=tuple(bars),
        valued=analysis.weights_in_money,
        currency=analysis.workshop.currency,
        total_weight=total,
        resilience_score=None if portfolio is None else portfolio.resilience_score,
        outcomes=len(analysis.outcomes),
        chosen=len(chosen),
        unvalued=sum(ev is None for ev in analysis.expected_values.values()),
    )


# -- the reliance heatmap ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RelianceColumn:
    channel: str
    kind: ChannelKind
    owner: str


@dataclass(frozen=True, slots=True)
class RelianceHeatmapData:
    """``cells[i][j]`` is r(outcome i, channel j) in 0..1 (0 where not chosen); ``fallbacks[i][j]`` marks a
    fallback choice, which relies 0 until it is needed."""

    keys: tuple[str, ...]
    titles: tuple[str, ...]
    columns: tuple[RelianceColumn, ...]
    cells: tuple[tuple[float, ...], ...]
    fallbacks: tuple[tuple[bool, ...], ...]

    @property
    def rows(self) -> tuple[str, ...]:
        """Each outcome as the room names it: "O1 Cut support cost per customer"."""
        return tuple(f"{k} {t}".rstrip() for k, t in zip(self.keys, self.titles, strict=True))

    @property
    def kinds(self) -> tuple[ChannelKind, ...]:
        """The kinds among the columns, in the method's order (the legend)."""
        shown = {c.kind for c in self.columns}
        return tuple(k for k in ChannelKind if k in shown)


def reliance_heatmap_data(analysis: Analysis) -> RelianceHeatmapData:
    """Outcomes in the room's order by the chosen channels in the workshop's order."""
    columns = analysis.chosen_channels
    column_keys = [name_key(c.name) for c in columns]
    cells, fallbacks = [], []
    for o in analysis.outcomes:
        ok = name_key(o.key)
        r = analysis.reliance.get(ok, {})
        fallback = {name_key(c.channel) for c in analysis.choices.get(ok, []) if c.role is ChoiceRole.FALLBACK}
        cells.append(tuple(float(r.get(ck, 0.0)) for ck in column_keys))
        fallbacks.append(tuple(ck in fallback for ck in column_keys))
    return RelianceHeatmapData(
        keys=tuple(o.key for o in analysis.outcomes),
        titles=tuple(o.title for o in analysis.outcomes),
        columns=tuple(RelianceColumn(c.name, c.kind, c.owner) for c in columns),
        cells=tuple(cells),
        fallbacks=tuple(fallbacks),
    )


# -- the share of reliance by kind ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindShare:
    kind: ChannelKind
    share: float  # of the portfolio's weighted reliance, 0..1

    @property
    def exposed(self) -> bool:
        """Rented, paid and partner channels: a platform or a partner can take them away."""
        return self.kind in EXPOSED_KINDS


@dataclass(frozen=True, slots=True)
class KindShareData:
    """Every kind in the method's order with its share of ``sum_o w(o) * r(o, c)``; the shares sum to 1 when some
    outcome relies on a channel. Outcomes without a primary or supporting channel rely on nothing and are left out
    (``uncovered``, their share of the total weight ``uncovered_share``): the kinds' shares stay a whole."""

    shares: tuple[KindShare, ...]
    uncovered: tuple[str, ...]
    uncovered_share: float
    outcomes: int
    chosen: int

    @property
    def relied(self) -> bool:
        return any(s.share > 0 for s in self.shares)

    @property
    def exposed_share(self) -> float:
        return sum(s.share for s in self.shares if s.exposed)

    def share_of(self, kind: ChannelKind) -> float:
        return next(s.share for s in self.shares if s.kind is kind)


def kind_share_data(analysis: Analysis) -> KindShareData:
    """The weighted reliance per channel kind, as a share of all the weighted reliance."""
    mass = dict.fromkeys(ChannelKind, 0.0)
    uncovered = []
    uncovered_weight = 0.0
    for o in analysis.outcomes:
        ok = name_key(o.key)
        w = analysis.weights[ok]
        r = analysis.reliance.get(ok, {})
        if not r:
            uncovered.append(o.key)
            uncovered_weight += w
        for ck, share in r.items():
            mass[analysis.channel_by_key[ck].kind] += w * share
    total = sum(mass.values())
    shares = tuple(KindShare(k, mass[k] / total if total > 0 else 0.0) for k in ChannelKind)
    weight = analysis.total_weight
    return KindShareData(
        shares=shares,
        uncovered=tuple(uncovered),
        uncovered_share=uncovered_weight / weight if weight > 0 else 0.0,
        outcomes=len(analysis.outcomes),
        chosen=len(analysis.chosen_channels),
    )

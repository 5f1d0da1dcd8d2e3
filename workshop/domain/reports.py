"""An analysis as the plain figures that the CLI's ``--json``, the stage pages and the workbooks all show.

Each report is a dict of JSON types: keys as the contract names them, numbers at full precision,
None where a figure is undefined. Each stage adds its report here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop.domain.checks import CheckResult
from workshop.domain.entities import Workshop
from workshop.domain.enums import OutcomeCategory, RaciRole
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.resilience import WhatIf
from workshop.domain.stakeholders import NO_DEPARTMENT, ROLE_STRENGTH, department_rollup, ra_outcomes
from workshop.domain.text import name_key


def checks_report(results: list[CheckResult]) -> list[dict[str, Any]]:
    """``check --json``: each finding with what a click selects."""
    return [r.as_dict() | {"item": r.item.as_json()} for r in results]


def resilience_report(analysis: Analysis, what_if: WhatIf | None = None) -> dict[str, Any]:
    """``resilience --json``: the portfolio figures and every demise scenario, and a what-if when the room asked
    for one (the key is left out otherwise, so the shape without one stays as it was)."""
    p = analysis.portfolio
    report: dict[str, Any] = {
        "resilience_score": None if p is None else p.resilience_score,
        "owned_share": None if p is None else p.owned_share,
        "hhi": None if p is None else p.hhi,
        "owner_shares": None if p is None else dict(p.owner_shares),
        "scenarios": [
            {
                "kind": r.scenario.kind,
                "name": r.scenario.name,
                "value_at_risk": r.value_at_risk,
                "stranded": list(r.stranded),
                "saved": list(r.saved),
            }
            for r in analysis.demise_results
        ],
    }
    if what_if is not None:
        report["what_if"] = {
            "channels": list(what_if.channels),
            "owners": list(what_if.owners),
            "value_at_risk": what_if.value_at_risk,
            "stranded": list(what_if.stranded),
            "live_fallbacks": list(what_if.live_fallbacks),
            "outcomes": [
                {
                    "key": o.key,
                    "reliance_lost": o.reliance_lost,
                    "fallback_live": o.fallback_live,
                    "stranded": o.stranded,
                    "value_at_risk": o.value_at_risk,
                }
                for o in what_if.outcomes
            ],
        }
    return report


def outcomes_report(analysis: Analysis) -> dict[str, Any]:
    """``outcomes --json``: the outcomes in priority order; ``rank`` is the 1-based place in it."""
    dots = analysis.outcome_dots
    evs = analysis.expected_values
    rows = []
    for rank, o in enumerate(analysis.priority, start=1):
        ok = name_key(o.key)
        rows.append(
            {
                "rank": rank,
                "key": o.key,
                "title": o.title,
                "category": o.category.value,
                "dots": int(dots[ok]),
                "annual_value": _float_or_none(annual_value(o)),
                "expected_value": _float_or_none(evs[ok]),
            }
        )
    return {"outcomes": rows}


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class OutcomeMapPoint:
    """One bubble of the outcome map; ``annual_value`` None: unvalued, ``dots`` None: the tally is hidden."""

    key: str
    title: str
    category: OutcomeCategory
    confidence: float
    annual_value: float | None
    dots: int | None


@dataclass(frozen=True, slots=True)
class OutcomeMapData:
    """What the outcome map draws, most important first (the first outcomes get the best places for their
    labels): in priority order, or in the room's order while the tally is hidden."""

    outcomes: tuple[OutcomeMapPoint, ...]
    currency: str

    @property
    def dots_hidden(self) -> bool:
        """Any hidden tally hides them all: bubbles can only be compared when every one has its dots."""
        return any(p.dots is None for p in self.outcomes)

    @property
    def valued(self) -> tuple[OutcomeMapPoint, ...]:
        return tuple(p for p in self.outcomes if p.annual_value is not None)

    @property
    def unvalued(self) -> tuple[OutcomeMapPoint, ...]:
        return tuple(p for p in self.outcomes if p.annual_value is None)


def outcome_map_data(analysis: Analysis, *, hide_dots: bool = False) -> OutcomeMapData:
    """The outcome map of a workshop; ``hide_dots`` while voting is anonymous, so every bubble is the same size
    and the outcomes come in the room's order (the priority order, which sets who labels first, would tell)."""
    dots = analysis.outcome_dots
    points = tuple(
        OutcomeMapPoint(
            key=o.key,
            title=o.title,
            category=o.category,
            confidence=float(o.confidence),
            annual_value=_float_or_none(annual_value(o)),
            dots=None if hide_dots else int(dots[name_key(o.key)]),
        )
        for o in (analysis.outcomes if hide_dots else analysis.priority)
    )
    return OutcomeMapData(points, analysis.workshop.currency)


def workload_report(ws: Workshop) -> list[dict[str, Any]]:
    """Who carries the outcomes, one row per participant in the room's order: their R and A roles against the
    overload limit (the plan stage adds the actions they own as further keys of the same rows)."""
    held = ra_outcomes(ws)
    department_names = {name_key(d.name): d.name for d in ws.departments}
    rows = []
    for p in ws.participants:
        r, a = held[name_key(p.name)]
        ra = len(r | a)
        department = None if p.department is None else department_names.get(name_key(p.department), p.department)
        rows.append(
            {
                "participant": p.name,
                "department": department,
                "r": len(r),
                "a": len(a),
                "ra": ra,
                "limit": ws.overload_limit,
                "overloaded": ra > ws.overload_limit,
            }
        )
    return rows


@dataclass(frozen=True, slots=True)
class SiloHeatmapData:
    """Which departments hold each outcome: ``cells[i][j]`` is the strongest role (ROLE_STRENGTH, 0 for none) of
    department ``j``'s people on outcome ``i``; a last column "No department" when ``no_department``."""

    keys: tuple[str, ...]
    titles: tuple[str, ...]
    departments: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    alone: tuple[str, ...]
    alone_share: float | None
    no_department: bool = False


def silo_heatmap_data(ws: Workshop) -> SiloHeatmapData:
    """The silo heatmap of a workshop. An outcome is held by one department ``alone`` when exactly one department
    holds R, A or C on it; as for W_SILO, people without a department are no department and do not count."""
    rollup = department_rollup(ws)
    staffed = {"" if p.department is None else name_key(p.department) for p in ws.participants}
    columns = [(name_key(d.name), d.name) for d in ws.departments if name_key(d.name) in staffed]
    no_department = "" in staffed
    if no_department:
        columns.append(("", NO_DEPARTMENT))
    consulted = ROLE_STRENGTH[RaciRole.C]
    cells, alone = [], []
    for o in ws.outcomes:
        ok = name_key(o.key)
        row = tuple(ROLE_STRENGTH[h.role] if (h := rollup.get((ok, dk))) is not None else 0 for dk, _ in columns)
        cells.append(row)
        if sum(1 for (dk, _), s in zip(columns, row, strict=True) if dk and s >= consulted) == 1:
            alone.append(o.key)
    return SiloHeatmapData(
        keys=tuple(o.key for o in ws.outcomes),
        titles=tuple(o.title for o in ws.outcomes),
        departments=tuple(name for _, name in columns),
        cells=tuple(cells),
        alone=tuple(alone),
        alone_share=len(alone) / len(ws.outcomes) if ws.outcomes else None,
        no_department=no_department,
    )


def channels_report(analysis: Analysis) -> dict[str, Any]:
    """``channels --json``: per outcome in the room's order, every scored channel (candidates first, each part in
    the ranking's order) with its 0-100 score, the criteria the ranking is sensitive to, each criterion's
    stability interval (empty with fewer than two candidates; None for an open end), the departments' favourites
    (in the departments' order) and the choices (in the workshop's channel order) with the reliance in use."""
    from workshop.domain.stability import stability_intervals

    ws = analysis.workshop
    department_order = {name_key(d.name): i for i, d in enumerate(ws.departments)}
    rows = []
    for o in ws.outcomes:
        ok = name_key(o.key)
        favourites = analysis.favourites(ok)
        choices = sorted(analysis.choices.get(ok, []), key=lambda c: analysis.channel_order[name_key(c.channel)])
        reliance = analysis.reliance.get(ok, {})
        rows.append(
            {
                "key": o.key,
                "ranking": [
                    {"channel": cs.channel.name, "score": cs.display, "complete": cs.complete}
                    for cs in analysis.ranking(ok)
                ],
                "sensitive_to": [c.key for c in analysis.sensitivity(ok)],
                "stability": {i.criterion.key: i.as_json() for i in stability_intervals(analysis, ok)},
                "favourites": {
                    d: favourites[d]
                    for d in sorted(favourites, key=lambda d: department_order.get(name_key(d), len(department_order)))
                },
                "choices": [
                    {
                        "channel": analysis.channel_by_key[name_key(c.channel)].name,
                        "role": c.role.value,
                        "reliance": float(reliance.get(name_key(c.channel), 0.0)),
                    }
                    for c in choices
                ],
            }
        )
    return {"outcomes": rows}


@dataclass(frozen=True, slots=True)
class StabilityBar:
    """One criterion of the stability chart: its name, its weight now and its interval (None: no limit)."""

    criterion: str
    weight: float
    low: float | None
    high: float | None
    sensitive: bool


@dataclass(frozen=True, slots=True)
class StabilityChartData:
    """An outcome's first candidate and how far each weight may move before it loses first place."""

    key: str
    title: str
    first: str | None
    bars: tuple[StabilityBar, ...]


def stability_chart_data(analysis: Analysis, outcome_key: str) -> StabilityChartData:
    """The bars of ``figure_for_stability``, narrowest interval (relative to the weight) first: the tornado."""
    from workshop.domain.stability import stability_intervals

    o = analysis.outcome_by_key[name_key(outcome_key)]
    candidates = analysis.candidates(o.key)
    sensitive = {name_key(c.key) for c in analysis.sensitivity(o.key)}
    bars = [
        StabilityBar(i.criterion.name, i.criterion.weight, i.low, i.high, name_key(i.criterion.key) in sensitive)
        for i in stability_intervals(analysis, o.key)
    ]

    def width(bar: StabilityBar) -> float:
        low = bar.low / bar.weight if bar.low is not None else 0.0
        high = bar.high / bar.weight if bar.high is not None else float("inf")
        return high - low

    bars.sort(key=width)
    return StabilityChartData(o.key, o.title, candidates[0].channel.name if candidates else None, tuple(bars))


@dataclass(frozen=True, slots=True)
class RankingBar:
    channel: str
    kind: str
    score: float
    complete: bool
    role: str | None  # the channel's choice for the outcome: primary, supporting, fallback, or None


@dataclass(frozen=True, slots=True)
class RankingChartData:
    key: str
    title: str
    bars: tuple[RankingBar, ...]  # the ranking's order: candidates, then the incomplete ones


def ranking_chart_data(analysis: Analysis, outcome_key: str) -> RankingChartData:
    """The bars of ``figure_for_ranking``: an outcome's scored channels by score, with their chosen roles."""
    o = analysis.outcome_by_key[name_key(outcome_key)]
    roles = {name_key(c.channel): c.role.value for c in analysis.choices.get(name_key(o.key), [])}
    bars = tuple(
        RankingBar(cs.channel.name, cs.channel.kind.value, cs.display or 0.0, cs.complete,
                   roles.get(name_key(cs.channel.name)))
        for cs in analysis.ranking(o.key)
    )  # fmt: skip
    return RankingChartData(o.key, o.title, bars)

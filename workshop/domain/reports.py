"""An analysis as the plain figures that the CLI's ``--json``, the stage pages and the workbooks all show.

Each report is a dict of JSON types: keys as the contract names them, numbers at full precision,
None where a figure is undefined. Each stage adds its report here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop.domain.checks import CheckResult
from workshop.domain.enums import OutcomeCategory
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.text import name_key


def checks_report(results: list[CheckResult]) -> list[dict[str, Any]]:
    """``check --json``: each finding with what a click selects."""
    return [r.as_dict() | {"item": r.item.as_json()} for r in results]


def resilience_report(analysis: Analysis) -> dict[str, Any]:
    """``resilience --json``: the portfolio figures and every demise scenario."""
    p = analysis.portfolio
    return {
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
            }
            for r in analysis.demise_results
        ],
    }


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

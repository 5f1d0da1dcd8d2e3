"""An analysis as the plain figures that the CLI's ``--json``, the stage pages and the workbooks all show.

Each report is a dict of JSON types: keys as the contract names them, numbers at full precision,
None where a figure is undefined. Each stage adds its report here.
"""

from __future__ import annotations

from typing import Any

from workshop.domain.checks import CheckResult
from workshop.domain.formulas import Analysis


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

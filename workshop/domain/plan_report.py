"""The action plan as figures: each outcome's return, the plan's total, who carries the work, and where each
action came from, in plain words.

Pure, so the plan stage, ``plan --json`` and the workbooks show one answer. The figures themselves are
``Analysis.returns`` and ``Analysis.total_return`` (METHOD.md, Return); here they gain the reason a figure is
undefined, and the workload adds the actions to ``workload_report``'s R and A count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workshop.domain.entities import Workshop
from workshop.domain.formulas import Analysis, OutcomeReturn
from workshop.domain.plan import MANUAL, parse_origin
from workshop.domain.reports import workload_report
from workshop.domain.text import name_key

NO_VALUE = "no value yet"
NO_VALUED_OUTCOME = "no outcome valued yet"
NO_COST = "no cost yet"
NOTHING_TO_PAY_BACK = "no value to pay back"
TOO_LARGE = "too large to show"
TOTAL_TITLE = "The whole plan"


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One line of the returns table; ``key`` None for the plan as a whole. ``why`` says, in plain words, why
    the ROI or the payback is undefined (None when both are figures)."""

    key: str | None
    title: str
    cost: float
    expected_value: float | None
    roi: float | None
    payback_months: float | None
    why: str | None


@dataclass(frozen=True, slots=True)
class WorkloadRow:
    """What one participant carries: the actions they own, and the outcomes where they are R or A (what
    W_OVERLOAD compares with ``limit``)."""

    participant: str
    actions: int
    effort_days: float
    cost: float
    responsible_or_accountable: int
    limit: int
    overloaded: bool


def _why(ev: float | None, r: OutcomeReturn, unvalued: str) -> str | None:
    """The first reason, in METHOD.md's order, that makes the ROI or the payback undefined."""
    if ev is None:
        return unvalued
    if r.cost <= 0:
        return NO_COST
    if ev <= 0:
        return NOTHING_TO_PAY_BACK
    if r.roi is None or r.payback_months is None:
        return TOO_LARGE
    return None


def _row(key: str | None, title: str, ev: float | None, r: OutcomeReturn, unvalued: str) -> ReturnRow:
    return ReturnRow(
        key=key,
        title=title,
        cost=float(r.cost),
        expected_value=None if ev is None else float(ev),
        roi=r.roi,
        payback_months=r.payback_months,
        why=_why(ev, r, unvalued),
    )


def return_rows(analysis: Analysis) -> list[ReturnRow]:
    """One row per outcome in the room's order: its actions' cost against its expected value."""
    evs = analysis.expected_values
    returns = analysis.returns
    return [_row(o.key, o.title, evs[name_key(o.key)], returns[o.key], NO_VALUE) for o in analysis.outcomes]


def total_return_row(analysis: Analysis) -> ReturnRow:
    """The plan as a whole: every action's cost (with or without an outcome) against the summed expected value
    of the valued outcomes; no valued outcome, no total expected value."""
    valued = [ev for ev in analysis.expected_values.values() if ev is not None]
    total_ev = sum(valued) if valued else None
    return _row(None, TOTAL_TITLE, total_ev, analysis.total_return, NO_VALUED_OUTCOME)


def plan_workload(ws: Workshop) -> list[WorkloadRow]:
    """Every participant in the room's order; the R and A count is ``workload_report``'s, so the plan and the
    stakeholder stage never disagree on who is overloaded."""
    count: dict[str, int] = {name_key(p.name): 0 for p in ws.participants}
    effort: dict[str, float] = dict.fromkeys(count, 0.0)
    cost: dict[str, float] = dict.fromkeys(count, 0.0)
    for a in ws.actions:
        pk = None if a.owner is None else name_key(a.owner)
        if pk is not None and pk in count:
            count[pk] += 1
            effort[pk] += a.effort_days
            cost[pk] += a.cost
    rows = []
    for p, held in zip(ws.participants, workload_report(ws), strict=True):
        pk = name_key(p.name)
        rows.append(
            WorkloadRow(
                participant=p.name,
                actions=count[pk],
                effort_days=float(effort[pk]),
                cost=float(cost[pk]),
                responsible_or_accountable=held["ra"],
                limit=held["limit"],
                overloaded=held["overloaded"],
            )
        )
    return rows


def origin_words(origin: str, outcome_titles: Mapping[str, str] | None = None) -> str:
    """Where an action came from, for a person: "added by hand", "from the choice of Email newsletter for O3",
    "from the missing fallback of O3". ``outcome_titles`` (folded key -> title) adds the outcome's title;
    an origin that is none of these comes back as written."""
    if name_key(origin) == MANUAL:
        return "added by hand"
    parsed = parse_origin(origin)
    if parsed is None:
        return origin
    outcome = parsed.outcome.strip()
    title = (outcome_titles or {}).get(name_key(outcome), "").strip()
    if title:
        outcome = f"{outcome} ({title})"
    if parsed.channel is None:
        return f"from the missing fallback of {outcome}"
    return f"from the choice of {parsed.channel.strip()} for {outcome}"


def plan_report(analysis: Analysis) -> dict[str, Any]:
    """``plan --json``: the actions in the workshop's order (references spelled as the workshop spells them,
    the origin as stored), each outcome's return, the total and the workload; null where a figure is undefined."""
    ws = analysis.workshop
    people = {name_key(p.name): p.name for p in ws.participants}

    def spelled(ref: str | None, names: Mapping[str, str]) -> str | None:
        return None if ref is None else names.get(name_key(ref), ref)

    outcome_keys = {ok: o.key for ok, o in analysis.outcome_by_key.items()}
    channel_names = {ck: c.name for ck, c in analysis.channel_by_key.items()}
    total = total_return_row(analysis)
    return {
        "actions": [
            {
                "title": a.title,
                "outcome": spelled(a.outcome, outcome_keys),
                "channel": spelled(a.channel, channel_names),
                "owner": spelled(a.owner, people),
                "due": None if a.due is None else a.due.isoformat(),
                "cost": float(a.cost),
                "effort_days": float(a.effort_days),
                "status": a.status.value,
                "origin": a.origin,
            }
            for a in ws.actions
        ],
        "returns": [
            {
                "outcome": r.key,
                "cost": r.cost,
                "expected_value": r.expected_value,
                "roi": r.roi,
                "payback_months": r.payback_months,
            }
            for r in return_rows(analysis)
        ],
        "total": {
            "cost": total.cost,
            "expected_value": total.expected_value,
            "roi": total.roi,
            "payback_months": total.payback_months,
        },
        "workload": [
            {
                "participant": w.participant,
                "actions": w.actions,
                "effort_days": w.effort_days,
                "cost": w.cost,
                "responsible_or_accountable": w.responsible_or_accountable,
            }
            for w in plan_workload(ws)
        ],
    }

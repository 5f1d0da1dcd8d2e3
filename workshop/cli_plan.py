"""``social-working plan WORKSHOP [--json] [--generate]``: the action plan, its return and who carries it.

Its own module as ``cli.py`` had reached ~400 lines; ``cli.py`` registers it through ``add_plan_command``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from workshop.cli import CliError, _fmt_number, _library_path, _write_json, load_workshop
from workshop.domain.entities import Workshop
from workshop.domain.formulas import Analysis
from workshop.domain.plan_report import (
    ReturnRow,
    WorkloadRow,
    plan_report,
    plan_workload,
    return_rows,
    total_return_row,
)

FILE_REFUSED = "--generate changes a workshop: import the file into the library first (social-working import {ref})"
NOTHING_TO_ADD = "Nothing to add: every generated action is there or was dismissed."


def add_plan_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], library: argparse.ArgumentParser, ref_help: str
) -> None:
    """Register ``plan`` beside the other commands, with the same ``--library`` and WORKSHOP help."""
    plan = sub.add_parser(
        "plan", help="the actions, each outcome's return, the total and the workload", parents=[library]
    )
    plan.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument(
        "--generate",
        action="store_true",
        help="first add the generated actions that are missing (a library workshop only)",
    )
    plan.set_defaults(handler=cmd_plan)


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    """The plan as it is, or as it is once ``--generate`` added what was missing (then the count comes first)."""
    if args.generate:
        ws, added = _generate(args)
        message = f"Added {added} action{'' if added == 1 else 's'}." if added else NOTHING_TO_ADD
        # With --json, stdout holds the JSON alone; what generating did goes beside it.
        print(message, file=sys.stderr if args.json else out)
        if not args.json:
            out.write("\n")
    else:
        ws = load_workshop(args.workshop, args)
    analysis = Analysis(ws)
    if args.json:
        return _write_json(plan_report(analysis), out)
    _print_plan(analysis, out)
    return 0


def _generate(args: argparse.Namespace) -> tuple[Workshop, int]:
    """Generate the plan of a library workshop in one edit: the workshop as it is after, and how many were added.
    A file is refused: generating changes the workshop, and a file is only read."""
    from workshop.services.library_service import LibraryService, library_path_or_default

    ref = args.workshop
    if Path(ref).is_file():
        raise CliError(FILE_REFUSED.format(ref=ref))
    if Path(ref).suffix.lower() == ".json":
        raise CliError(f"No workshop file at {ref}.")
    path = library_path_or_default(_library_path(args))
    if not path.exists():
        raise CliError(f"{ref!r} is not a workshop of a library: there is no library at {path} yet.")
    with LibraryService.open(path) as service:
        workshop_id = service.find(ref)
        edit = service.workshops.generate_plan(workshop_id)
        ws = service.workshops.load(workshop_id).workshop
    return ws, len(edit.result or [])


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int], out: TextIO) -> None:
    """A plain table: columns as wide as their widest cell, numbers (``right``) aligned right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        cells = [f"{c:>{w}}" if i in right else f"{c:<{w}}" for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        out.write(("  " + "  ".join(cells)).rstrip() + "\n")


def _print_plan(analysis: Analysis, out: TextIO) -> None:
    ws = analysis.workshop
    currency = ws.currency
    if ws.actions:
        out.write(f"Actions ({len(ws.actions)}):\n")
        rows = [
            (a.title, a.owner or "(no owner)", a.due.isoformat() if a.due else "no date", a.status.value,
             _fmt_number(a.cost, 0))
            for a in ws.actions
        ]  # fmt: skip
        _table(("title", "owner", "due", "status", f"cost {currency}"), rows, {4}, out)
    else:
        out.write("No actions yet.\n")
    returns = return_rows(analysis)
    if returns:
        out.write(f"\nReturn ({currency} a year, expected value):\n")
        _table(_RETURN_HEADERS, [_return_cells(r) for r in returns], {2, 3, 4, 5}, out)
    total = total_return_row(analysis)
    out.write(
        f"\nTotal: cost {_fmt_number(total.cost, 0)} {currency}, expected value "
        f"{_fmt_number(total.expected_value, 0)}, ROI {_percent(total.roi)}, payback {_months(total.payback_months)}"
        f"{f' ({total.why})' if total.why else ''}\n"
    )
    workload = plan_workload(ws)
    if workload:
        out.write(f"\nWorkload (overloaded: R or A on more than {ws.overload_limit} outcomes):\n")
        _table(_WORKLOAD_HEADERS, [_workload_cells(w) for w in workload], {1, 2, 3, 4}, out)


_RETURN_HEADERS = ("key", "title", "cost", "expected value", "ROI", "payback", "")
_WORKLOAD_HEADERS = ("participant", "actions", "effort days", "cost", "R or A", "")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0%}"


def _months(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f} months"


def _return_cells(r: ReturnRow) -> tuple[str, ...]:
    return (r.key or "", r.title, _fmt_number(r.cost, 0), _fmt_number(r.expected_value, 0), _percent(r.roi),
            _months(r.payback_months), r.why or "")  # fmt: skip


def _workload_cells(w: WorkloadRow) -> tuple[str, ...]:
    return (w.participant, str(w.actions), _fmt_number(w.effort_days), _fmt_number(w.cost, 0),
            str(w.responsible_or_accountable), "overloaded" if w.overloaded else "")  # fmt: skip

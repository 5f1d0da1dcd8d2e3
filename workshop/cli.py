"""Headless commands over the same core the app uses: ``social-working COMMAND ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from workshop import __version__
from workshop.domain.checks import CheckResult, run_checks
from workshop.domain.entities import Workshop
from workshop.domain.enums import Severity
from workshop.domain.formulas import Analysis


class CliError(Exception):
    """A failure to report in one clear message (and maybe a list of problems), without a traceback."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


def load_workshop(ref: str) -> Workshop:
    """WORKSHOP on the command line: for now, a path to an interchange file."""
    from workshop.storage.interchange import InterchangeError, read_workshop

    path = Path(ref)
    if not path.is_file():
        raise CliError(f"No workshop file at {ref}.")
    try:
        result = read_workshop(path)
    except InterchangeError as exc:
        raise CliError(f"{ref} is not a valid workshop file:", [str(p) for p in exc.problems]) from None
    for warning in result.warnings:
        print(f"warning: {ref}: {warning.path}: {warning.reason}", file=sys.stderr)
    return result.workshop


def _fmt_number(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    ws = load_workshop(args.workshop)
    results = run_checks(ws)
    if args.json:
        json.dump([r.as_dict() | {"item": list(r.item)} for r in results], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _print_checks(results, out)
    has_error = any(r.severity is Severity.ERROR for r in results)
    return 1 if args.strict and has_error else 0


def _print_checks(results: list[CheckResult], out: TextIO) -> None:
    if not results:
        out.write("No findings: every check passes.\n")
        return
    width = max(len(r.code) for r in results)
    for r in results:
        out.write(f"{r.severity.value} {r.code:<{width}}  {r.stage.value:<12}  {r.subject}: {r.message}\n")
    errors = sum(r.severity is Severity.ERROR for r in results)
    out.write(f"{errors} error(s), {len(results) - errors} warning(s)\n")


def resilience_data(ws: Workshop) -> dict[str, Any]:
    a = Analysis(ws)
    p = a.portfolio
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
            for r in a.demise_results
        ],
    }


def cmd_resilience(args: argparse.Namespace, out: TextIO) -> int:
    ws = load_workshop(args.workshop)
    data = resilience_data(ws)
    if args.json:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    share = data["owned_share"]
    out.write(f"Resilience score:   {_fmt_number(data['resilience_score'])} / 100\n")
    out.write(f"Owned share:        {'n/a' if share is None else f'{share:.0%}'}\n")
    out.write(f"Owner concentration (HHI): {_fmt_number(data['hhi'], 3)}\n")
    if not data["scenarios"]:
        out.write("No demise scenario: no rented, paid or partner channel and no outside owner is chosen.\n")
        return 0
    out.write(f"\nDemise scenarios (value at risk in {ws.currency} a year, expected value):\n")
    rows = [
        (s["kind"], s["name"], _fmt_number(s["value_at_risk"], 0), ", ".join(s["stranded"]) or "-")
        for s in data["scenarios"]
    ]
    headers = ("kind", "name", "value at risk", "stranded")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        out.write(f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="social-working",
        description="Social Working: outcome-led social and channel strategy workshops.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="run every check of the method on a workshop")
    check.add_argument("workshop", metavar="WORKSHOP", help="an interchange file (.json)")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--strict", action="store_true", help="exit 1 when an error-level check fires")
    check.set_defaults(handler=cmd_check)

    resilience = sub.add_parser("resilience", help="portfolio figures and every demise scenario")
    resilience.add_argument("workshop", metavar="WORKSHOP", help="an interchange file (.json)")
    resilience.add_argument("--json", action="store_true", help="print the figures as JSON")
    resilience.set_defaults(handler=cmd_resilience)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return 0
    try:
        return int(args.handler(args, out))
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        for line in exc.details:
            print(f"  {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

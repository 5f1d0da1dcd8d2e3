"""Headless commands over the same core the app uses: ``social-working COMMAND ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workshop import __version__
from workshop.domain.checks import CheckResult, run_checks
from workshop.domain.entities import Workshop
from workshop.domain.enums import Severity
from workshop.domain.formulas import Analysis
from workshop.domain.reports import checks_report, outcomes_report, resilience_report
from workshop.domain.validation import Problem
from workshop.services.refusals import REFUSALS, refusal_lines

if TYPE_CHECKING:
    from workshop.domain.resilience import WhatIf


class CliError(Exception):
    """A failure to report in one clear message (and maybe a list of problems), without a traceback."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


def _library_path(args: argparse.Namespace) -> Path | None:
    return Path(args.library) if getattr(args, "library", None) else None


def _warn(ref: str, warnings: Sequence[Problem]) -> None:
    for warning in warnings:
        print(f"warning: {ref}: {warning.path}: {warning.reason}", file=sys.stderr)


def load_workshop(ref: str, args: argparse.Namespace | None = None) -> Workshop:
    """WORKSHOP: an existing file, else a library id, else a unique title."""
    from workshop.services.library_service import resolve_workshop

    resolved = resolve_workshop(ref, _library_path(args or argparse.Namespace()))
    _warn(ref, resolved.warnings)
    return resolved.workshop


def _fmt_number(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    ws = load_workshop(args.workshop, args)
    results = run_checks(ws)
    if args.json:
        json.dump(checks_report(results), out, indent=2, ensure_ascii=False)
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


def cmd_resilience(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.domain.resilience import UnknownNames, what_if

    ws = load_workshop(args.workshop, args)
    analysis = Analysis(ws)
    switched_off = None
    if args.without_channel or args.without_owner:
        try:
            switched_off = what_if(analysis, args.without_channel, args.without_owner)
        except UnknownNames as exc:
            raise CliError(f"{exc} The {exc.kind}s it has:", exc.known or ["(none)"]) from None
    data = resilience_report(analysis, switched_off)
    if args.json:
        return _write_json(data, out)
    _print_portfolio(data, ws.currency, out)
    if switched_off is not None:
        _print_what_if(switched_off, ws.currency, out)
    return 0


def _print_portfolio(data: dict[str, Any], currency: str, out: TextIO) -> None:
    share = data["owned_share"]
    out.write(f"Resilience score:   {_fmt_number(data['resilience_score'])} / 100\n")
    out.write(f"Owned share:        {'n/a' if share is None else f'{share:.0%}'}\n")
    out.write(f"Owner concentration (HHI): {_fmt_number(data['hhi'], 3)}\n")
    if not data["scenarios"]:
        out.write("No demise scenario: no rented, paid or partner channel and no outside owner is chosen.\n")
        return
    out.write(f"\nDemise scenarios (value at risk in {currency} a year, expected value):\n")
    rows = [
        (s["kind"], s["name"], _fmt_number(s["value_at_risk"], 0), ", ".join(s["stranded"]) or "-")
        for s in data["scenarios"]
    ]
    headers = ("kind", "name", "value at risk", "stranded")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        out.write(f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}\n")


def _print_what_if(w: WhatIf, currency: str, out: TextIO) -> None:
    """The what-if block: what the set costs, who is stranded or caught, and each outcome that loses reliance."""
    owners = f" (owner{'s' if len(w.owners) > 1 else ''} {', '.join(w.owners)})" if w.owners else ""
    out.write(f"\nWhat-if: without {', '.join(w.channels)}{owners}\n")
    out.write(f"  value at risk:   {_fmt_number(w.value_at_risk, 0)} {currency} a year\n")
    out.write(f"  stranded:        {', '.join(w.stranded) or '-'}\n")
    out.write(f"  live fallbacks:  {', '.join(w.live_fallbacks) or '-'}\n")
    touched = [o for o in w.outcomes if o.reliance_lost > 0]
    if not touched:
        out.write("  no outcome loses any reliance\n")
    width = max((len(o.key) for o in touched), default=0)
    for o in touched:
        state = "stranded" if o.stranded else "fallback live" if o.fallback_live else "no live fallback"
        out.write(
            f"  {o.key:<{width}}  loses {o.reliance_lost:.0%} of its reliance, {state}: "
            f"{_fmt_number(o.value_at_risk, 0)} {currency} at risk\n"
        )


def _write_json(data: object, out: TextIO) -> int:
    """A command's ``--json``: indented, non-ASCII as written, ending with a newline."""
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")
    return 0


def cmd_outcomes(args: argparse.Namespace, out: TextIO) -> int:
    ws = load_workshop(args.workshop, args)
    data = outcomes_report(Analysis(ws))
    if args.json:
        return _write_json(data, out)
    if not data["outcomes"]:
        out.write("No outcomes yet.\n")
        return 0

    def money(value: float | None) -> str:
        return "n/a" if value is None else f"{value:,.0f} {ws.currency}"

    rows = [
        (str(o["rank"]), o["key"], o["title"], str(o["dots"]), money(o["annual_value"]), money(o["expected_value"]))
        for o in data["outcomes"]
    ]
    headers = ("rank", "key", "title", "dots", "annual value", "expected value")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for r in (headers, *rows):
        out.write(
            f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}"
            f"  {r[4]:>{widths[4]}}  {r[5]:>{widths[5]}}\n"
        )
    return 0


def cmd_channels(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.domain.reports import channels_report
    from workshop.domain.stability import stability_intervals, stability_sentence

    ws = load_workshop(args.workshop, args)
    analysis = Analysis(ws)
    data = channels_report(analysis)
    if args.json:
        return _write_json(data, out)
    if not data["outcomes"]:
        out.write("No outcomes yet.\n")
        return 0
    titles = {o.key: o.title for o in ws.outcomes}
    for row in data["outcomes"]:
        out.write(f"{row['key']}  {titles[row['key']]}\n")
        if not row["ranking"]:
            out.write("  no channel scored yet\n")
        for place, r in enumerate(row["ranking"], start=1):
            mark = "" if r["complete"] else "  (incomplete)"
            out.write(f"  {place:>2}. {r['channel']:<28} {r['score']:5.1f}{mark}\n")
        if row["sensitive_to"]:
            out.write(f"  sensitive to: {', '.join(row['sensitive_to'])}\n")
        first = row["ranking"][0]["channel"] if row["ranking"] else ""
        for interval in stability_intervals(analysis, row["key"]):
            out.write(f"  {stability_sentence(first, interval)}\n")
        for department, channel in row["favourites"].items():
            out.write(f"  favourite of {department}: {channel}\n")
        for choice in row["choices"]:
            out.write(f"  chosen: {choice['channel']} ({choice['role']}, reliance {choice['reliance']:.2f})\n")
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.services.library_service import LibraryService

    with LibraryService.open(_library_path(args)) as service:
        edit = service.add_sample()
    out.write(f"{edit.result}\n")
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.services.library_service import LibraryService, library_path_or_default

    path = library_path_or_default(_library_path(args))
    if not path.exists():
        if _library_path(args) is not None:
            raise CliError(f"There is no library at {path}.")
        out.write("The library is empty: add a workshop with 'social-working demo' or 'import'.\n")
        return 0
    with LibraryService.open(path, read_only=True) as service:
        summaries = service.summaries()
    if not summaries:
        out.write("The library is empty: add a workshop with 'social-working demo' or 'import'.\n")
    for w in summaries:
        date = w.date.isoformat() if w.date else "no date"
        template = "  [template]" if w.is_template else ""
        out.write(
            f"{w.id}\t{w.title}\t{w.organisation}\t{date}\tchanged {w.updated_at:%Y-%m-%d %H:%M}\t"
            f"{w.stages_ready}/7 stages ready, {w.errors} error(s), {w.warnings} warning(s){template}\n"
        )
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.services.library_service import LibraryService, read_workshop_file

    # Read the file before taking the library's writer lock: a bad file is refused without touching the library.
    ws, warnings = read_workshop_file(args.file, refusal="{path} is not a valid workshop file; nothing was imported:")
    _warn(args.file, warnings)
    with LibraryService.open(_library_path(args)) as service:
        edit = service.workshops.import_workshop(ws)
    out.write(f"{edit.result}\n")
    return 0


def cmd_screenshot(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.domain.enums import Stage

    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        raise CliError(f"--size must look like 1920x1080, not {args.size!r}.") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise CliError(f"--size {args.size} is out of range (320x240 to 7680x4320).")
    if args.stage not in {s.value for s in Stage}:
        raise CliError(f"--stage must be one of {', '.join(s.value for s in Stage)}.")
    from workshop.ui.app import render_screenshot

    path = render_screenshot(_library_path(args), args.workshop, Stage(args.stage), Path(args.out), (width, height),
                             presenter=args.presenter)  # fmt: skip
    out.write(f"{path}\n")
    return 0


def start_app(args: argparse.Namespace) -> int:
    """Start the window, or, where none can open (no display, Qt's system libraries missing), say why in one
    sentence and exit 2 before Qt would abort."""
    import os

    from workshop.ui.display import check_display

    display = check_display()
    if not display.ok:
        print(display.problem, file=sys.stderr)
        return 2
    if display.platform:
        os.environ["QT_QPA_PLATFORM"] = display.platform
    from workshop.ui.app import run_app

    return run_app(_library_path(args), exit_when_ready=args.exit_when_ready)


def _log_to_file() -> None:
    """Commands log where the app does (what an upgrade of the library changed); a log that cannot be written
    does not stop a command."""
    from workshop.services.logs import configure_logging, warnings_to_stderr

    try:
        configure_logging()
    except OSError as exc:
        print(f"warning: no log file ({exc.strerror or exc})", file=sys.stderr)
    warnings_to_stderr()


def build_parser() -> argparse.ArgumentParser:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument(
        "--library",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the library file (default: in the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="social-working",
        description="Social Working: outcome-led social and channel strategy workshops.",
        parents=[library],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--exit-when-ready", action="store_true", help="quit as soon as the start screen has shown the library"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ref_help = "a workshop file (.json), or a library workshop's id or unique title"

    check = sub.add_parser("check", help="run every check of the method on a workshop", parents=[library])
    check.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--strict", action="store_true", help="exit 1 when an error-level check fires")
    check.set_defaults(handler=cmd_check)

    resilience = sub.add_parser("resilience", help="portfolio figures and every demise scenario", parents=[library])
    resilience.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    resilience.add_argument(
        "--without-channel",
        metavar="NAME",
        action="append",
        default=[],
        help="what-if: switch this channel off (repeatable; its name, ignoring case)",
    )
    resilience.add_argument(
        "--without-owner",
        metavar="NAME",
        action="append",
        default=[],
        help="what-if: switch off every channel of this owner (repeatable; as written, spaces trimmed)",
    )
    resilience.add_argument("--json", action="store_true", help="print the figures (and the what-if) as JSON")
    resilience.set_defaults(handler=cmd_resilience)

    outcomes = sub.add_parser("outcomes", help="the outcomes in priority order, with dots and value", parents=[library])
    outcomes.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    outcomes.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    outcomes.set_defaults(handler=cmd_outcomes)

    channels = sub.add_parser(
        "channels",
        help="per outcome: channel ranking, sensitivity, stability intervals, favourites, choices",
        parents=[library],
    )
    channels.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    channels.add_argument("--json", action="store_true", help="print the figures as JSON")
    channels.set_defaults(handler=cmd_channels)

    from workshop.cli_plan import add_plan_command  # here: cli_plan reads cli's helpers

    add_plan_command(sub, library, ref_help)

    demo = sub.add_parser("demo", help="add the sample workshop to the library; prints its id", parents=[library])
    demo.set_defaults(handler=cmd_demo)

    listing = sub.add_parser(
        "list", help="the library's workshops, one a line, starting with the id", parents=[library]
    )
    listing.set_defaults(handler=cmd_list)

    imp = sub.add_parser("import", help="add a workshop file to the library (all or nothing)", parents=[library])
    imp.add_argument("file", metavar="FILE.json")
    imp.set_defaults(handler=cmd_import)

    from workshop.cli_export import add_export_command

    add_export_command(sub, library, ref_help)

    from workshop.cli_diff import add_diff_command

    add_diff_command(sub, library, ref_help)

    shot = sub.add_parser("screenshot", help="render the window on a stage to a PNG, headless", parents=[library])
    shot.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    shot.add_argument(
        "--stage", default="setup", help="setup, outcomes, stakeholders, channels, resilience, plan, export"
    )
    shot.add_argument("--out", metavar="FILE.png", required=True)
    shot.add_argument("--size", default="1920x1080", metavar="WxH")
    shot.add_argument(
        "--presenter", action="store_true", help="the presenter view of the stage, as the room sees it (no names)"
    )
    shot.set_defaults(handler=cmd_screenshot)
    return parser


def _report(exc: CliError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    for line in exc.details:
        print(f"  {line}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return start_app(args)
        _log_to_file()
        return int(args.handler(args, out))
    except REFUSALS as exc:
        return _report(CliError(*refusal_lines(exc)))
    except CliError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``social-working export WORKSHOP``: the interchange file or the team workbook (the format follows the
extension), one participant's plan, or every participant's into a folder, through ``services.exports``.

Its own module as ``cli.py`` had passed ~400 lines; ``cli.py`` registers it through ``add_export_command``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from workshop.cli import CliError, load_workshop

if TYPE_CHECKING:
    from workshop.services.library_service import ResolvedWorkshop


def add_export_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], library: argparse.ArgumentParser, ref_help: str
) -> None:
    """Register ``export`` beside the other commands, with the same ``--library`` and WORKSHOP help."""
    exp = sub.add_parser(
        "export",
        help="write a workshop out: the interchange file (.json), the team workbook (.xlsx), participants' plans",
        parents=[library],
    )
    exp.add_argument("workshop", metavar="WORKSHOP", help=ref_help)
    exp.add_argument("--out", metavar="FILE", help="FILE.json: the interchange file; FILE.xlsx: the team workbook")
    exp.add_argument("--participant", metavar="NAME", help="with --out FILE.xlsx: that participant's own plan")
    exp.add_argument("--all-participants", metavar="DIR", help="every participant's plan, one workbook each, in DIR")
    exp.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from workshop.services import exports

    job = exports.ExportJob(progress=_progress_on_terminal())
    if args.all_participants is not None:
        if args.out is not None or args.participant is not None:
            raise CliError("--all-participants writes a folder of workbooks: give it without --out and --participant.")
        ws = load_workshop(args.workshop, args)
        result = exports.export_all_participants(ws, args.all_participants, job)
    elif args.out is None:
        raise CliError("Say where to write: --out FILE.xlsx or FILE.json, or --all-participants DIR.")
    elif args.participant is not None:
        if exports.export_format(args.out) != ".xlsx":
            raise CliError(f"A participant's plan is a workbook: --out must end in .xlsx, not {args.out!r}.")
        ws = load_workshop(args.workshop, args)
        result = exports.export_participant_workbook(ws, args.participant, args.out, job)
    else:
        exports.export_format(args.out)  # refuse an unknown extension before reading anything
        resolved = _resolve(args.workshop, args)
        result = exports.export_workshop(resolved.workshop, args.out, job, timings=resolved.timings)
    for line in result.cleaned:
        print(f"cleaned: {line}", file=sys.stderr)
    for path in result.written:
        out.write(f"{path}\n")
    return 0


def _resolve(ref: str, args: argparse.Namespace) -> ResolvedWorkshop:
    """WORKSHOP as ``load_workshop`` reads it (warnings on stderr), with the stage timer's timings of a library
    workshop for the team workbook's Summary (a file has none: its Summary says "not timed")."""
    from workshop.cli import _library_path, _warn
    from workshop.services.library_service import resolve_workshop

    resolved = resolve_workshop(ref, _library_path(args))
    _warn(ref, resolved.warnings)
    return resolved


def _progress_on_terminal() -> Callable[[int, int, str], None] | None:
    """Progress on stderr, one line rewritten in place, when a person watches it; nothing in a pipe or a log."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r\x1b[2K[{done}/{total}] {what}{end}")
        sys.stderr.flush()

    return show

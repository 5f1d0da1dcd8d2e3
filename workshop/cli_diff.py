"""``social-working diff A B``: what changed from one workshop to another, in plain words, grouped by stage.

Its own module as ``cli.py`` had passed ~400 lines; ``cli.py`` registers it through ``add_diff_command``. Exit 0
when the two are the same, 1 when they differ, 2 when either cannot be read (one message on stderr).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from workshop.cli import load_workshop
from workshop.domain.diff import group_changes, workshop_changes

SAME = "No difference: the two workshops are the same."


def add_diff_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], library: argparse.ArgumentParser, ref_help: str
) -> None:
    """Register ``diff`` beside the other commands, with the same ``--library`` and WORKSHOP help."""
    diff = sub.add_parser(
        "diff",
        help="what changed from workshop A to workshop B, one change a line, grouped by stage (exit 1: they differ)",
        parents=[library],
    )
    diff.add_argument("a", metavar="A", help=f"the workshop before: {ref_help}")
    diff.add_argument("b", metavar="B", help=f"the workshop after: {ref_help}")
    diff.set_defaults(handler=cmd_diff)


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    before = load_workshop(args.a, args)
    after = load_workshop(args.b, args)
    changes = workshop_changes(before, after)
    if not changes:
        out.write(f"{SAME}\n")
        return 0
    for heading, lines in group_changes(changes):
        out.write(f"{heading}\n")
        for line in lines:
            out.write(f"  {line}\n")
    return 1

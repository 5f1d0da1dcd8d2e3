"""``python -m tests.reliability [--long] [--only PART] [--seed N]``: one figure per line, exit 1 when any
guarantee broke (each broken run is described under its figure)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

#: The parts in the order they print; each is a module of this package with ``run(long, seed)``.
PARTS = (
    "kill9_edits",
    "kill9_files",
    "damaged",
    "two_instances",
    "migration",
    "export_faults",
    "hostile_files",
    "app_exceptions",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability", description=__doc__)
    parser.add_argument("--long", action="store_true", help="the long run (10x the default)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--seed", type=int, default=20261202, help="the random seed (default: fixed)")
    args = parser.parse_args(argv)
    ok = True
    for part in args.only or PARTS:
        module = importlib.import_module(f"tests.reliability.{part}")
        started = time.monotonic()
        for figure in module.run(long=args.long, seed=args.seed):
            print(figure.line(), flush=True)
            for failure in figure.failures[:10]:
                print(f"  {failure}", flush=True)
            ok &= figure.ok
        print(f"  ({part}: {time.monotonic() - started:.1f} s)", file=sys.stderr, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

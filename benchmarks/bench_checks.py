"""All checks of a 300-outcome, 60-channel workshop: budget 100 ms (ISSUE 2).

Absolute budget (no baseline exists): measured on the project's machine kind,
2 cores / 24 GiB x86_64, CPython 3.11. Run: ``python -m benchmarks.bench_checks``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.large_workshop import large_workshop
from workshop.domain.checks import run_checks
from workshop.domain.validation import workshop_problems

BUDGET_MS = 100.0


def measure(repeat: int) -> list[float]:
    ws = large_workshop()
    assert not workshop_problems(ws), "the benchmark workshop must be valid"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_checks(ws)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    times = measure(args.repeat)
    median = statistics.median(times)
    print(f"run_checks, 300 outcomes x 60 channels: median {median:.1f} ms, best {min(times):.1f} ms")
    print(f"budget {BUDGET_MS:.0f} ms: {'within' if median <= BUDGET_MS else 'OVER'}")
    return 0 if median <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""All checks of a 300-outcome, 60-channel workshop: budget 100 ms (ISSUE 2).

Absolute budget (no baseline exists): measured on the project's machine kind,
2 cores / 24 GiB x86_64 (AMD EPYC, a shared VM), CPython 3.11. The budget is judged on the
median CPU time of the process over 30 runs, which a busy neighbour on the VM does not
inflate; wall time is printed beside it. Run: ``python -m benchmarks.bench_checks``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.large_workshop import large_workshop
from workshop.domain.checks import run_checks
from workshop.domain.validation import workshop_problems

BUDGET_MS = 100.0


def measure(repeat: int) -> tuple[list[float], list[float]]:
    """(CPU ms, wall ms) of each run, after one warm-up run."""
    ws = large_workshop()
    assert not workshop_problems(ws), "the benchmark workshop must be valid"
    run_checks(ws)
    cpu, wall = [], []
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        run_checks(ws)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    cpu, wall = measure(args.repeat)
    median = statistics.median(cpu)
    print(
        f"run_checks, 300 outcomes x 60 channels: CPU median {median:.1f} ms (best {min(cpu):.1f}); "
        f"wall median {statistics.median(wall):.1f} ms"
    )
    print(f"budget {BUDGET_MS:.0f} ms: {'within' if median <= BUDGET_MS else 'OVER'}")
    return 0 if median <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

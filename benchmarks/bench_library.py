"""Reading a large workshop from the library, and one edit with its validation.

Absolute budgets (no baseline exists), on the project's machine kind, 2 cores / 24 GiB
x86_64, CPython 3.11: load a 300-outcome, 60-channel workshop in under 500 ms ("well
under a second", ISSUE 3); one service edit, validated and committed, and its undo, each under 300 ms.
Run: ``python -m benchmarks.bench_library``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.large_workshop import large_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library

LOAD_BUDGET_MS = 500.0
EDIT_BUDGET_MS = 300.0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "bench.sqlite3") as library:
        service = WorkshopService(library)
        start = time.perf_counter()
        wid = service.import_workshop(large_workshop()).result
        import_ms = (time.perf_counter() - start) * 1000
        loads = []
        for _ in range(10):
            start = time.perf_counter()
            loaded = service.load(wid)
            loads.append((time.perf_counter() - start) * 1000)
        outcome = loaded.id_of("outcome", "O1")
        edits, undos = [], []
        for i in range(10):
            start = time.perf_counter()
            edit = service.update("outcome", outcome, title=f"Edited {i}")
            edits.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            service.undo(edit)
            undos.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        service.update_workshop(wid, title="Renamed")
        rename_ms = (time.perf_counter() - start) * 1000
    load_ms, edit_ms, undo_ms = statistics.median(loads), statistics.median(edits), statistics.median(undos)
    print(f"import of 300 outcomes x 60 channels: {import_ms:.0f} ms")
    print(f"load: median {load_ms:.0f} ms (budget {LOAD_BUDGET_MS:.0f} ms)")
    print(f"one validated edit: median {edit_ms:.0f} ms, its undo {undo_ms:.0f} ms (budget {EDIT_BUDGET_MS:.0f} ms)")
    print(f"renaming the workshop: {rename_ms:.0f} ms")
    ok = max(edit_ms, undo_ms, rename_ms) <= EDIT_BUDGET_MS and load_ms <= LOAD_BUDGET_MS
    print("within budget" if ok else "OVER budget")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

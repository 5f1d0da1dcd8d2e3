"""The fork server of ``processes.py`` and the tasks its processes run (``python -m tests.reliability._child``).

The server imports the app, says ``ready``, then forks one process per command line read from stdin (JSON:
``{"token", "task", "args"}``) and reaps them as they end. It never opens a library itself, so every task process
starts with no SQLite connection and no lock, as a fresh app would.
"""

from __future__ import annotations

import json
import logging
import os
import select
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

# Imported before forking, so a task process starts in milliseconds.
import openpyxl  # noqa: F401  (the team workbook's writer)

from workshop.export.excel import team  # noqa: F401
from workshop.services.exports import ExportJob, export_team_workbook, export_workshop
from workshop.services.library_service import LibraryService
from workshop.services.refusals import Refusal
from workshop.storage.library import Library
from workshop.storage.lock import LibraryLockedError

_OUT = 1


def _emit(kind: str, text: str) -> None:
    """One line in one write (shorter than PIPE_BUF): a kill never leaves half of it."""
    data = f"{kind} {text}\n".encode()
    assert len(data) < 4096
    os.write(_OUT, data)


def say(text: str) -> None:
    _emit("L", f"{os.getpid()} {text}")


# -- tasks --------------------------------------------------------------------


def task_edits(library: str, workshop_id: int, max_edits: int) -> None:
    """Edit through the services; ``B i`` before edit i, ``D i`` once it is committed."""
    from tests.reliability.kill9_edits import EditPlan

    service = LibraryService.open(library)
    say("open")
    plan = EditPlan(service.workshops, workshop_id)
    for i in range(max_edits):
        say(f"B {i}")
        plan.edit(i)
        say(f"D {i}")
    say("finished")
    service.close()


def task_import(library: str, source: str) -> None:
    service = LibraryService.open(library)
    say("open")
    imported = service.import_file(source)
    say(f"D {imported.edit.result}")
    service.close()


def task_export(library: str, workshop_id: int, target: str, kind: str) -> None:
    """The interchange file (``json``) or the team workbook (``xlsx``), saying each step of the export."""
    service = LibraryService.open(library, read_only=True)
    ws = service.workshops.load(workshop_id).workshop
    say("open")
    job = ExportJob(progress=lambda _done, _total, what: say(f"P {what}"))
    if kind == "json":
        export_workshop(ws, target, job)
    else:
        export_team_workbook(ws, target, job)
    say("D exported")
    service.close()


def task_hold(library: str, workshop_id: int, seconds: float) -> None:
    """Hold the library open for writing and rename the workshop every few milliseconds (``D <title>``)."""
    service = LibraryService.open(library)
    say("open")
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        title = f"Held {i}"
        service.workshops.update_workshop(workshop_id, title=title)
        say(f"D {title}")
        i += 1
        time.sleep(0.002)
    service.close()


def task_second_writer(library: str) -> None:
    """Try to open a library another process writes: what each way of opening says, as one JSON line."""
    out: dict[str, Any] = {}
    try:
        Library.open(library).close()
        out["library"] = {"opened": True}
    except LibraryLockedError as exc:
        holder = exc.holder
        out["library"] = {
            "opened": False,
            "error": type(exc).__name__,
            "holder": None if holder is None else [holder.user, holder.host, holder.pid],
        }
    except Exception as exc:  # what else was raised is the finding
        out["library"] = {"opened": False, "error": f"{type(exc).__name__}: {exc}"}
    try:
        LibraryService.open(library).close()
        out["service"] = {"opened": True}
    except Refusal as exc:
        out["service"] = {"opened": False, "error": type(exc).__name__, "message": str(exc)}
    except Exception as exc:
        out["service"] = {"opened": False, "error": f"{type(exc).__name__}: {exc}"}
    opened = LibraryService.open_for_app(library)
    out["app"] = {
        "read_only": opened.service is not None and opened.service.read_only,
        "writer": opened.writer,
        "problem": opened.problem,
    }
    if opened.service is not None:
        opened.service.close()
    say("R " + json.dumps(out))


def task_reopen(library: str, workshop_id: int) -> None:
    """Open for writing as a fresh app would (no clean-up), make an edit, close: ``R`` and what it found."""
    try:
        service = LibraryService.open(library)
    except Exception as exc:
        say("R " + json.dumps({"opened": False, "error": f"{type(exc).__name__}: {exc}"}))
        return
    title = service.workshops.load(workshop_id).workshop.title
    service.workshops.update_workshop(workshop_id, title="Reopened")
    service.close()
    say("R " + json.dumps({"opened": True, "title": title}))


TASKS: dict[str, Callable[..., None]] = {
    "edits": task_edits,
    "import": task_import,
    "export": task_export,
    "hold": task_hold,
    "second_writer": task_second_writer,
    "reopen": task_reopen,
}


# -- the server -----------------------------------------------------------------


def _run_task(token: str, task: str, args: dict[str, Any]) -> None:
    """In the forked process: never returns."""
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        _emit("S", f"{token} {os.getpid()}")
        _log_as_lines()
        TASKS[task](**args)
    except BaseException:  # reported on stderr; the status says it failed
        traceback.print_exc()
        say("X " + traceback.format_exc().strip().splitlines()[-1][:300])
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


class _SayHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        say("W " + record.getMessage()[:800])


def _log_as_lines() -> None:
    """What the app logs (e.g. a journal kept aside on opening) becomes ``W`` lines, not noise on stderr."""
    logger = logging.getLogger("workshop")
    logger.addHandler(_SayHandler(logging.INFO))
    logger.propagate = False


def _reap(children: set[int]) -> None:
    for pid in list(children):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            children.discard(pid)
            _emit("E", f"{pid} {status}")


def warm_export() -> None:
    """Build a team workbook once in memory, so the lazy imports and caches of its charts are in place before
    forking (no library is opened: the sample comes from the app's resources)."""
    import datetime as dt

    from workshop.export.excel.team import build_team_workbook
    from workshop.services.catalog import sample_workshop

    build_team_workbook(sample_workshop(), today=dt.date(2026, 1, 1), step=lambda _what: None).to_bytes()


def serve() -> None:
    if "--warm-export" in sys.argv:
        warm_export()
    children: set[int] = set()
    pending = b""
    _emit("ready", str(os.getpid()))
    while True:
        readable, _, _ = select.select([0], [], [], 0.005)
        _reap(children)
        if not readable:
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            break
        pending += chunk
        while b"\n" in pending:
            raw, pending = pending.split(b"\n", 1)
            command = json.loads(raw)
            pid = os.fork()
            if pid == 0:
                _run_task(command["token"], command["task"], command["args"])
            children.add(pid)
    deadline = time.monotonic() + 10
    while children and time.monotonic() < deadline:
        _reap(children)
        time.sleep(0.01)


if __name__ == "__main__":
    serve()

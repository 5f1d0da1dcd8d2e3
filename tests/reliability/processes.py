"""Child processes for the kill -9 parts of the suite, started fast and read with a timeout everywhere.

A Python that imports the services takes about 0.7 s to start on this machine kind: too slow for a hundred kills a
minute. So one *fork server* (``python -m tests.reliability._child``) imports the app once and then forks a fresh
process per task. Each task process is a real, separate process: it opens the library itself (its own SQLite
connection, its own writer lock; the server never opens a library), and it is killed with ``SIGKILL`` like any other.

Every line a task writes is one ``os.write`` of less than ``PIPE_BUF`` bytes, so a kill never leaves half a line,
and the server writes ``E <pid> <status>`` only after it has reaped the task: a line the task wrote before it died
always arrives before that. The protocol on the server's stdout:

``S <token> <pid>``  a task started;   ``L <pid> <text>``  a line of a task;   ``E <pid> <status>``  it ended.

POSIX only (``fork``, ``SIGKILL``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: How long any single wait may take before the suite gives up on it (and says so).
WAIT = 30.0


class ChildError(RuntimeError):
    """A task process or the fork server did not answer in time, or broke the protocol."""


@dataclass
class Line:
    at: float  # time.monotonic() when the parent read it
    text: str


@dataclass
class Child:
    """One task process: its lines as they come, a SIGKILL, and its end."""

    server: ForkServer
    pid: int
    lines: list[Line] = field(default_factory=list)
    status: int | None = None
    _queue: queue.Queue[Line | int] = field(default_factory=queue.Queue)

    @property
    def ended(self) -> bool:
        return self.status is not None

    @property
    def killed(self) -> bool:
        return self.status is not None and os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL

    def next_line(self, timeout: float) -> Line | None:
        """The next line within ``timeout`` seconds; None when the time is up or the process ended."""
        if self.ended:
            return None
        try:
            item = self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if isinstance(item, int):
            self.status = item
            return None
        self.lines.append(item)
        return item

    def wait_for(self, prefix: str, timeout: float = WAIT) -> Line:
        """Read until a line starting with ``prefix``; ``ChildError`` if it ends or the time is up first."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.next_line(deadline - time.monotonic())
            if line is not None and line.text.startswith(prefix):
                return line
            if line is None:
                state = f"ended with status {self.status}" if self.ended else f"said nothing for {timeout:.0f} s"
                raise ChildError(f"process {self.pid} {state} before {prefix!r}; it said {self.texts()[-5:]}")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def finish(self, timeout: float = WAIT) -> int:
        """Read the rest of its lines until it has ended (killing it if it has not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not self.ended:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                deadline = time.monotonic() + 5
                if self.next_line(5) is None and not self.ended:
                    raise ChildError(f"process {self.pid} did not end even after SIGKILL")
                continue
            self.next_line(left)
        assert self.status is not None
        return self.status

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


class ForkServer:
    """``with ForkServer() as server: child = server.start("edits", library=...)``."""

    def __init__(self, *, warm_export: bool = False) -> None:
        """``warm_export``: build a team workbook in the server first, so each export process starts warm."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability._child", *(["--warm-export"] if warm_export else [])],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._children: dict[int, Child] = {}
        self._early: dict[int, list[Line | int]] = {}  # lines of a pid not yet registered
        self._started: queue.Queue[tuple[str, int]] = queue.Queue()
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._tokens = 0
        self._reader = threading.Thread(target=self._read, name="fork-server-reader", daemon=True)
        self._reader.start()
        if not self._ready.wait(WAIT):
            self.close()
            raise ChildError("the fork server did not start within 30 s")

    def _read(self) -> None:
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            now = time.monotonic()
            text = raw.decode("utf-8", "replace").rstrip("\n")
            kind, _, rest = text.partition(" ")
            if kind == "ready":
                self._ready.set()
            elif kind == "S":
                token, _, pid = rest.partition(" ")
                self._started.put((token, int(pid)))
            elif kind in ("L", "E"):
                pid_text, _, payload = rest.partition(" ")
                item: Line | int = Line(now, payload) if kind == "L" else int(payload)
                with self._lock:
                    child = self._children.get(int(pid_text))
                    if child is None:
                        self._early.setdefault(int(pid_text), []).append(item)
                    else:
                        child._queue.put(item)

    def start(self, task: str, **args: Any) -> Child:
        """Fork a process that runs ``task`` of ``tests.reliability._child`` with ``args``."""
        if self._process.poll() is not None:
            raise ChildError(f"the fork server has ended (status {self._process.returncode})")
        self._tokens += 1
        token = str(self._tokens)
        assert self._process.stdin is not None
        self._process.stdin.write((json.dumps({"token": token, "task": task, "args": args}) + "\n").encode())
        self._process.stdin.flush()
        try:
            got, pid = self._started.get(timeout=WAIT)
        except queue.Empty:
            raise ChildError(f"the fork server did not start {task!r} within 30 s") from None
        if got != token:
            raise ChildError(f"the fork server answered task {got} for task {token}")
        child = Child(self, pid)
        with self._lock:
            self._children[pid] = child
            for item in self._early.pop(pid, []):
                child._queue.put(item)
        return child

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(5)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kill_after(child: Child, trigger: str, count: int, delay: float, timeout: float = WAIT) -> None:
    """SIGKILL ``child`` ``delay`` seconds after the ``count``-th line starting with ``trigger`` (count 0: after
    it started), reading its lines meanwhile; if it ends first, nothing is killed."""
    seen = 0
    at = time.monotonic()
    deadline = at + timeout
    while seen < count:
        line = child.next_line(deadline - time.monotonic())
        if line is None:
            if child.ended:
                return
            raise ChildError(f"process {child.pid} said nothing for {timeout:.0f} s; it said {child.texts()[-5:]}")
        if line.text.startswith(trigger):
            seen += 1
            at = line.at
    kill_at = at + delay
    while (left := kill_at - time.monotonic()) > 0:
        child.next_line(left)
        if child.ended:
            return
    child.kill()


@contextlib.contextmanager
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()


class LogCount(logging.Handler):
    """Counts what the app logs while the suite reopens its libraries (e.g. "a journal no program owned was kept
    aside"), instead of letting Python print each one: the suite says how many there were."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def counting_app_logs() -> Iterator[LogCount]:
    logger = logging.getLogger("workshop")
    handler, propagate = LogCount(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate

"""Item 5, interrupted migration: a failure injected after each statement of the upgrade from schema 1 (to 2,
then 3, in one transaction), and kill -9 at random moments of it, leave the library on schema 1 or the newest
schema, never between, with a sound pre-migration backup; a later normal open then upgrades cleanly.

A *step* is one statement the upgrade's connection executes (Alembic's own reads and writes, the revision's
updates and deletes, the closing ``foreign_key_check``) and, last, its commit. A clean run is counted first, then
the upgrade is run again once per step with a failure raised right after that step. Both committed schema-1
libraries are used: the plain one (few steps: nothing in it is out of bounds) and the out-of-bounds one (every
kind of change the revision makes).
"""

from __future__ import annotations

import logging
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event

import workshop.storage.library as library_module
from tests.reliability.figures import Figure
from workshop.storage.backup import list_backups, quick_check
from workshop.storage.library import Library, LibraryError

FIXTURES = Path(__file__).resolve().parents[1] / "storage" / "fixtures"
LIBRARIES = ("library-schema-1.sqlite3", "library-schema-1-out-of-bounds.sqlite3")
ROOT = Path(__file__).resolve().parents[2]
KILLS_LONG = 20
KILLS_DEFAULT = 3
#: The revision the upgrade ends on (the newest).
HEAD = "0003"
REVISION_LOGGER = "workshop.storage.migrations.versions.0002_within_bounds"


class InjectedFailure(RuntimeError):
    """The failure put in after a step of the upgrade."""


class _Steps:
    """Counts the statements (and the commit) of ``migrate``'s connection; raises after the ``fail_after``-th."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.fail_after = fail_after
        self.count = 0
        self.active = False

    def step(self, what: str) -> None:
        if not self.active:
            return
        self.count += 1
        if self.fail_after is not None and self.count == self.fail_after:
            raise InjectedFailure(f"injected failure after step {self.count} ({what})")

    def after_execute(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.step(" ".join(str(statement).split())[:60])

    def commit(self, conn) -> None:  # type: ignore[no-untyped-def]
        self.step("commit")


@contextmanager
def _counting(steps: _Steps) -> Iterator[None]:
    """Count (and maybe fail) only inside ``library.migrate``; every engine's events are listened to meanwhile."""
    real = library_module.migrate

    def migrate(path: Path) -> None:
        steps.active = True
        try:
            real(path)
        finally:
            steps.active = False

    event.listen(Engine, "after_cursor_execute", steps.after_execute)
    event.listen(Engine, "commit", steps.commit)
    library_module.migrate = migrate
    try:
        yield
    finally:
        library_module.migrate = real
        event.remove(Engine, "after_cursor_execute", steps.after_execute)
        event.remove(Engine, "commit", steps.commit)


def _state(path: Path) -> tuple[int, str, list[str]]:
    """Schema number, Alembic revision and every row of every table (``iterdump``), read on a private copy so
    that a hot journal is rolled back there and the library itself is not touched."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        for suffix in ("", "-journal", "-wal"):
            if Path(f"{path}{suffix}").exists():
                shutil.copy(f"{path}{suffix}", f"{copy}{suffix}")
        con = sqlite3.connect(copy)
        try:
            number = con.execute("SELECT schema_number FROM library_info WHERE id = 1").fetchone()[0]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            dump = [line for line in con.iterdump() if not line.startswith(("BEGIN", "COMMIT"))]
        finally:
            con.close()
    return int(number), str(revision), dump


def _without_backup_mark(dump: list[str]) -> list[str]:
    """A dump less the library_info row, whose backed_up_version an open after the upgrade moves on."""
    return [line for line in dump if not line.startswith('INSERT INTO "library_info"')]


class _Expected:
    """What a library of one fixture looks like before, after the upgrade alone, and after a whole open."""

    def __init__(self, fixture: str, folder: Path) -> None:
        self.fixture = fixture
        old = self.copy(folder / "reference-old")
        self.old = _state(old)
        upgraded = self.copy(folder / "reference-upgraded")
        steps = _Steps()
        with _counting(steps):
            library_module.migrate(upgraded)
        self.steps = steps.count
        self.new = _state(upgraded)
        opened = self.copy(folder / "reference-opened")
        Library.open(opened).close()
        self.opened = _state(opened)

    def copy(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "library.sqlite3"
        shutil.copy(FIXTURES / self.fixture, path)
        return path

    def between(self, path: Path) -> str | None:
        """None when the library is wholly on the old or the new version, else what is wrong."""
        state = _state(path)
        if state in (self.old, self.new, self.opened):  # ``opened``: killed after the open's own backup
            return None
        number, revision, dump = state
        near = "old" if len(set(dump) ^ set(self.old[2])) <= len(set(dump) ^ set(self.new[2])) else "new"
        other = self.old if near == "old" else self.new
        differ = sorted(set(dump) ^ set(other[2]))
        return (
            f"left between versions (schema {number}, revision {revision}; {len(differ)} line(s) differ from the "
            f"{near} version, e.g. {differ[0][:100] if differ else ''!r})"
        )

    def backup_problem(self, path: Path) -> str | None:
        backups = [p for p in list_backups(path) if p.name.endswith("-pre-migration.sqlite3")]
        if not backups:
            return "no pre-migration backup"
        problems = quick_check(backups[0])
        if problems:
            return f"the pre-migration backup {backups[0].name} fails its check ({problems[0]})"
        if _state(backups[0]) != self.old:
            return f"the pre-migration backup {backups[0].name} is not the library as it was"
        return None

    def reopen_problem(self, path: Path) -> str | None:
        try:
            Library.open(path).close()
        except Exception as exc:  # any failure of the later open is what is measured
            return f"the later open failed: {type(exc).__name__}: {exc}"
        state = _state(path)
        upgraded = state[:2] == (library_module.SCHEMA_NUMBER, HEAD)
        if not upgraded or _without_backup_mark(state[2]) != _without_backup_mark(self.opened[2]):
            return f"the later open did not upgrade cleanly (schema {state[0]}, revision {state[1]})"
        return None


def _failure_after(expected: _Expected, step: int, folder: Path) -> str | None:
    path = expected.copy(folder)
    steps = _Steps(fail_after=step)
    raised: BaseException | None = None
    with _counting(steps):
        try:
            Library.open(path).close()
        except LibraryError as exc:
            raised = exc
        except Exception as exc:  # any other failure is what is measured
            return f"{expected.fixture}, step {step}: {type(exc).__name__} instead of a LibraryError: {exc}"
    where = f"{expected.fixture}, step {step} of {expected.steps}"
    if raised is None:
        return f"{where}: the open succeeded although the upgrade failed"
    if "injected failure" not in str(raised):
        return f"{where}: the refusal does not give the cause: {raised}"
    for problem in (expected.between(path), expected.backup_problem(path), expected.reopen_problem(path)):
        if problem is not None:
            return f"{where}: {problem}"
    return None


#: Opens the library on "go"; says "migrating" as the upgrade starts, so the kills fall in or around it.
_CHILD = """
import sys
import workshop.storage.library as library
real = library.migrate
def migrate(path):
    print("migrating", flush=True)
    real(path)
    print("migrated", flush=True)
library.migrate = migrate
import alembic.command, alembic.config, alembic.script  # loaded before the timed part
print("ready", flush=True)
sys.stdin.readline()
library.Library.open(sys.argv[1]).close()
"""


def _kill_during(expected: _Expected, rng: random.Random, duration: float, folder: Path) -> str | None:
    path = expected.copy(folder)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdout.readline()
    delay = rng.uniform(0, duration * 1.25)  # mostly in the upgrade, some in the rest of the open
    child.stdin.write("go\n")
    child.stdin.flush()
    child.stdout.readline()  # "migrating": the pre-migration backup is made
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    where = f"{expected.fixture}, killed after {delay * 1000:.0f} ms"
    # Killed after "migrating": the pre-migration backup was made and must be there, whole, whatever the state.
    for problem in (expected.between(path), expected.backup_problem(path), expected.reopen_problem(path)):
        if problem is not None:
            return f"{where}: {problem}"
    return None


def _upgrade_duration(expected: _Expected, folder: Path) -> float:
    """How long a child's upgrade takes, from its start to its commit."""
    path = expected.copy(folder)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdout.readline()
    child.stdin.write("go\n")
    child.stdin.close()
    child.stdout.readline()
    started = time.monotonic()
    child.stdout.readline()
    duration = time.monotonic() - started
    child.wait()
    return duration


def run(long: bool, seed: int, *, stride: int = 1) -> list[Figure]:
    """Every step once (``stride`` 2: every other one and the commit, for the normal test run), then the kills."""
    quiet = logging.NullHandler()  # the revision's warning, once per run, is not a figure
    revision_log = logging.getLogger(REVISION_LOGGER)
    revision_log.addHandler(quiet)
    try:
        return _run(long, seed, stride)
    finally:
        revision_log.removeHandler(quiet)


def _run(long: bool, seed: int, stride: int) -> list[Figure]:
    rng = random.Random(seed)
    failures: list[str] = []
    kill_failures: list[str] = []
    total = 0
    kills = KILLS_LONG if long else KILLS_DEFAULT
    with tempfile.TemporaryDirectory(prefix="reliability-migration-") as tmp:
        folder = Path(tmp)
        for fixture in LIBRARIES:
            expected = _Expected(fixture, folder / fixture / "reference")
            for step in sorted({*range(1, expected.steps + 1, stride), expected.steps}):
                total += 1
                problem = _failure_after(expected, step, folder / fixture / f"step-{step}")
                if problem is not None:
                    failures.append(problem)
        expected = _Expected(LIBRARIES[1], folder / "kills" / "reference")
        duration = _upgrade_duration(expected, folder / "kills" / "timing")
        for n in range(kills):
            problem = _kill_during(expected, rng, duration, folder / "kills" / f"kill-{n}")
            if problem is not None:
                kill_failures.append(problem)
    return [
        Figure("migration_left_between", total, failures, unit="steps"),
        Figure("migration_kill9_left_between", kills, kill_failures, unit="kills"),
    ]

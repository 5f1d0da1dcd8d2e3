"""The writer lock: one writer per library, told who holds it, and never stuck after a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from workshop.storage.lock import LibraryLockedError, LockHolder, WriterLock

HOLD_IN_CHILD = """
import sys, time
from workshop.storage.lock import WriterLock
lock = WriterLock(sys.argv[1])
holder = lock.acquire()
print(holder.to_json(), flush=True)
time.sleep(120)
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"")
    return path


@pytest.fixture
def child_holder(library: Path) -> Iterator[tuple[subprocess.Popen[str], LockHolder]]:
    """Another process that holds the lock until it is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_CHILD, str(library)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"the child did not take the lock: {proc.communicate(timeout=10)[1]}")
        holder = LockHolder.from_json(line)
        assert holder is not None
        yield proc, holder
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_acquire_writes_holder_and_release_removes_it(library: Path) -> None:
    lock = WriterLock(library)
    holder = lock.acquire()
    assert lock.held
    assert holder.pid == os.getpid()
    assert WriterLock.holder(library) == holder
    assert lock.lock_path == library.with_name("lib.sqlite3.lock")
    assert lock.info_path == library.with_name("lib.sqlite3.lock-info")
    assert json.loads(lock.info_path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert WriterLock.is_locked(library)

    lock.release()
    assert not lock.held
    assert not lock.info_path.exists()
    assert WriterLock.holder(library) is None
    assert not WriterLock.is_locked(library)
    lock.release()  # idempotent


def test_acquire_twice_on_the_same_object_is_a_no_op(library: Path) -> None:
    with WriterLock(library) as lock:
        assert lock.acquire() == lock.acquire()
        assert lock.held
    assert not lock.held


def test_second_lock_in_the_same_process_is_refused(library: Path) -> None:
    with WriterLock(library) as first:
        second = WriterLock(library)
        with pytest.raises(LibraryLockedError) as caught:
            second.acquire()
        assert not second.held
        assert caught.value.holder == WriterLock.holder(library)
        assert caught.value.path == library
        # The refusal leaves the holder's note alone.
        assert first.info_path.exists()
    with WriterLock(library):
        pass  # free again once released


def test_context_manager_releases_on_error(library: Path) -> None:
    with pytest.raises(ValueError), WriterLock(library):
        raise ValueError("boom")
    assert not WriterLock.is_locked(library)


def test_another_process_is_refused_with_holders_details(
    library: Path, child_holder: tuple[subprocess.Popen[str], LockHolder]
) -> None:
    proc, holder = child_holder
    assert holder.pid == proc.pid

    with pytest.raises(LibraryLockedError) as caught:
        WriterLock(library).acquire()

    assert caught.value.holder == holder
    message = str(caught.value)
    since = datetime.fromisoformat(holder.started).strftime("%Y-%m-%d %H:%M")
    assert message == (
        f"The library {library} is open for writing by {holder.user} on {holder.host} "
        f"(process {proc.pid}, since {since}). Close it there, or open the library read-only."
    )
    assert WriterLock.is_locked(library)


def test_lock_is_free_once_the_holder_is_killed(
    library: Path, child_holder: tuple[subprocess.Popen[str], LockHolder]
) -> None:
    proc, holder = child_holder
    proc.kill()  # SIGKILL on POSIX: no cleanup runs in the child
    proc.wait(timeout=10)
    assert WriterLock.holder(library) == holder, "the killed holder's note is left behind"

    assert not WriterLock.is_locked(library), "the OS released the lock with the process"
    with WriterLock(library) as lock:
        current = WriterLock.holder(library)
        assert current is not None
        assert current.pid == os.getpid()
        assert lock.held


def test_stale_or_garbled_info_does_not_block(library: Path) -> None:
    info = library.with_name(library.name + ".lock-info")
    stale = LockHolder(user="bob", host="old-pc", pid=999_999, started="2020-01-01T08:00:00+00:00")
    info.write_text(stale.to_json(), encoding="utf-8")
    library.with_name(library.name + ".lock").write_text("left over", encoding="utf-8")

    with WriterLock(library):
        current = WriterLock.holder(library)
        assert current is not None and current.pid == os.getpid()

    info.write_text("{not json", encoding="utf-8")
    assert WriterLock.holder(library) is None
    with WriterLock(library):
        assert WriterLock.holder(library) is not None


def test_refused_without_a_note_says_another_process(library: Path) -> None:
    with WriterLock(library) as first:
        first.info_path.unlink()
        with pytest.raises(LibraryLockedError) as caught:
            WriterLock(library).acquire()
    assert caught.value.holder is None
    assert str(caught.value) == (
        f"The library {library} is open for writing by another process. Close it there, or open the library read-only."
    )


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"user": "a", "host": "b", "pid": "12", "started": "x"}',
        '{"user": "a", "host": "b", "pid": true, "started": "x"}',
        '{"user": "a", "pid": 1, "started": "x"}',
    ],
)
def test_incomplete_holder_notes_are_ignored(text: str) -> None:
    assert LockHolder.from_json(text) is None


def test_describe() -> None:
    holder = LockHolder(user="alice", host="laptop-3", pid=1234, started="2026-12-01T09:14:37+01:00")
    assert holder.describe() == "alice on laptop-3 (process 1234, since 2026-12-01 09:14)"
    odd = LockHolder(user="alice", host="laptop-3", pid=1, started="yesterday")
    assert odd.describe() == "alice on laptop-3 (process 1, since yesterday)"
    assert LockHolder.from_json(holder.to_json()) == holder

"""One writer per library: an OS-level lock that dies with its process, plus a note of who holds it.

The lock is taken on a side file ``<library>.lock`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows), never
on the library itself, so SQLite's own locking is untouched and readers can still read. The operating system
drops the lock when the holder's process ends, even by ``kill -9`` or a power cut, so a crashed session never
leaves the library stuck; that is why this is a lock and not a pid file. Who holds it (user, host, process,
start time) is written to a separate ``<library>.lock-info`` file, because on Windows a locked region cannot be
read by others, and so a refused writer can be told whom to ask.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from workshop.storage.atomic import atomic_write_text

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

__all__ = ["LibraryLockedError", "LockHolder", "WriterLock"]

_log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
INFO_SUFFIX = ".lock-info"


def _current_user() -> str:
    """``getpass.getuser`` fails in some service and container accounts; a name is only for the message."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown user"


@dataclass(frozen=True)
class LockHolder:
    """Who has a library open for writing, so a refused second writer can be told whom to ask."""

    user: str
    host: str
    pid: int
    started: str  # ISO 8601, local time of the holder with its UTC offset

    @classmethod
    def current(cls) -> LockHolder:
        """This process, as it is described to others."""
        return cls(
            user=_current_user(),
            host=socket.gethostname() or "unknown host",
            pid=os.getpid(),
            started=datetime.now().astimezone().isoformat(timespec="seconds"),
        )

    def describe(self) -> str:
        """E.g. "alice on laptop-3 (process 1234, since 2026-12-01 09:14)"."""
        try:
            since = datetime.fromisoformat(self.started).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.started
        return f"{self.user} on {self.host} (process {self.pid}, since {since})"

    def to_json(self) -> str:
        return json.dumps({"user": self.user, "host": self.host, "pid": self.pid, "started": self.started})

    @classmethod
    def from_json(cls, text: str) -> LockHolder | None:
        """None for anything that is not a complete holder note: the note is advice, never a reason to fail."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        user, host, pid, started = (data.get(key) for key in ("user", "host", "pid", "started"))
        if not (isinstance(user, str) and isinstance(host, str) and isinstance(started, str)):
            return None
        if not isinstance(pid, int) or isinstance(pid, bool):
            return None
        return cls(user=user, host=host, pid=pid, started=started)


class LibraryLockedError(RuntimeError):
    """Another process (or another window of this one) is writing to the library."""

    def __init__(self, path: str | os.PathLike[str], holder: LockHolder | None) -> None:
        self.path = Path(path)
        self.holder = holder
        who = holder.describe() if holder is not None else "another process"
        super().__init__(
            f"The library {self.path} is open for writing by {who}. Close it there, or open the library read-only."
        )


def _is_contention(exc: OSError) -> bool:
    """Tell "somebody else holds it" apart from real failures (no lock support, I/O error)."""
    contended = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}
    contended.add(getattr(errno, "EDEADLOCK", errno.EDEADLK))
    return isinstance(exc, BlockingIOError) or exc.errno in contended


def _try_lock(fd: int) -> bool:
    """Exclusive, non-blocking; False when another open file already holds it."""
    try:
        if sys.platform == "win32":
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if _is_contention(exc):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open_lock_file(path: Path, *, create: bool) -> int:
    """Open without truncating: the file may be another process's locked file.

    Falls back to read-only when another user created it without write permission for us; both
    ``flock`` and ``msvcrt.locking`` work on a descriptor opened for reading.
    """
    flags = getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags | os.O_RDWR | (os.O_CREAT if create else 0), 0o666)
    except PermissionError:
        return os.open(path, flags | os.O_RDONLY)


class WriterLock:
    """The writer lock of one library file, held from opening the library for writing until closing it.

    Two ``WriterLock`` objects on the same path conflict even inside one process (each opens its own file
    description), so a second window of the app is refused like a second app.
    """

    def __init__(self, library_path: str | os.PathLike[str]) -> None:
        self.library_path = Path(library_path)
        self.lock_path = self.library_path.with_name(self.library_path.name + LOCK_SUFFIX)
        self.info_path = self.library_path.with_name(self.library_path.name + INFO_SUFFIX)
        self._fd: int | None = None
        self._holder: LockHolder | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockHolder:
        """Take the lock or raise ``LibraryLockedError`` naming the holder; calling it again while held is a no-op.

        Raises ``OSError`` when the lock file cannot be created or the file system cannot lock (e.g. a read-only
        folder): the caller should then offer read-only access.
        """
        if self._holder is not None:
            return self._holder
        fd = _open_lock_file(self.lock_path, create=True)
        try:
            locked = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            raise LibraryLockedError(self.library_path, self.holder(self.library_path))
        self._fd = fd
        self._holder = LockHolder.current()
        try:
            atomic_write_text(self.info_path, self._holder.to_json())
        except OSError as exc:
            # The lock is what keeps writers apart; without the note a refused writer only hears "another process".
            _log.warning("Could not write %s: %s", self.info_path, exc)
        return self._holder

    def release(self) -> None:
        """Remove the holder note, then unlock; safe to call twice."""
        fd, self._fd, self._holder = self._fd, None, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                self.info_path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"WriterLock({str(self.library_path)!r}, held={self.held})"

    @staticmethod
    def holder(library_path: str | os.PathLike[str]) -> LockHolder | None:
        """The last writer's note, or None if there is none or it cannot be read.

        The note does not prove the lock is held: a killed writer leaves it behind. Use ``is_locked`` to know.
        """
        path = Path(library_path)
        info = path.with_name(path.name + INFO_SUFFIX)
        try:
            text = info.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return LockHolder.from_json(text)

    @staticmethod
    def is_locked(library_path: str | os.PathLike[str]) -> bool:
        """Whether some writer (in any process, this one included) holds the lock right now.

        Probes by locking and unlocking at once, so the answer can be out of date by the time it is read; use it
        to label a read-only window, never to decide whether to write (``acquire`` decides that).
        """
        path = Path(library_path)
        lock_path = path.with_name(path.name + LOCK_SUFFIX)
        try:
            fd = _open_lock_file(lock_path, create=False)
        except FileNotFoundError:
            return False
        try:
            if not _try_lock(fd):
                return True
            _unlock(fd)
            return False
        finally:
            os.close(fd)

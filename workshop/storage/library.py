"""Opening the library safely: check, lock, back up, migrate, then one writer connection.

Order matters (DESIGN.md, Storage and safety): ``PRAGMA quick_check`` on a read-only
connection before anything writes; the writer lock before the first write; a verified
backup before a migration; and the library left untouched when any of it fails.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from workshop.storage.backup import (
    BackupError,
    LibraryDamagedError,
    checking_connection,
    latest_good_backup,
    quick_check,
    read_only_uri,
    take_backup,
)
from workshop.storage.lock import WriterLock
from workshop.storage.orm import LibraryInfo

log = logging.getLogger(__name__)

#: The ordered schema number of the newest migration this app knows (see migrations/versions).
SCHEMA_NUMBER = 3
APP_NAME = "social-working"


class LibraryError(RuntimeError):
    """A library that cannot be opened; the message is one sentence for the user."""


class LibraryTooNewError(LibraryError):
    pass


class NotALibraryError(LibraryError):
    pass


def default_library_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library.sqlite3"


def _schema_number(path: Path) -> int | None:
    """The library's schema number read without writing; None for a new, empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with checking_connection(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "library_info" not in tables:
            raise NotALibraryError(
                f"{path} is an SQLite database but not a Social Working library; it was left untouched."
            )
        row = con.execute("SELECT schema_number FROM library_info WHERE id = 1").fetchone()
        if row is None:
            raise NotALibraryError(f"{path} has no library information; it was left untouched.")
        return int(row[0])


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _sqlite_engine(path: Path, *, read_only: bool) -> Engine:
    """One pooled connection to exactly this file: opened by sqlite3 itself, so no URL parsing
    can mistake a '#' or '?' in a folder name for something else."""
    target, uri = (read_only_uri(path), True) if read_only else (os.fspath(path), False)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=uri, check_same_thread=False)

    return create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=1, max_overflow=0)


def _engine(path: Path, *, read_only: bool) -> Engine:
    engine = _sqlite_engine(path, read_only=read_only)
    event.listen(engine, "connect", _set_pragmas)
    if not read_only:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
    return engine


def migrate(path: Path) -> None:
    """Bring the library to the newest schema with Alembic (imported only when due)."""
    from alembic import command
    from alembic.config import Config

    engine = _sqlite_engine(path, read_only=False)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            cfg = Config()
            cfg.set_main_option("script_location", "workshop.storage:migrations")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise LibraryError(f"Upgrading {path} left {len(broken)} broken reference(s); the upgrade was undone.")
    finally:
        engine.dispose()


def keep_unowned_journal(path: Path, *, now: datetime | None = None) -> Path | None:
    """Before SQLite replays a ``-wal`` that no process owns (a crash left it, it was copied in, a sync tool brought
    an old one back: one from another library would silently replace this one's workshops), keep the library as it
    is, with its ``-wal`` and ``-shm``, beside it under a name with the time; returns that copy, None when there was
    no such journal. Called holding the writer lock, so no other process can own the journal."""
    wal = Path(f"{path}-wal")
    try:
        if not wal.is_file() or wal.stat().st_size == 0:
            return None
    except OSError:
        return None
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H-%M-%S")
    kept = path.with_name(f"{path.stem} (journal kept {stamp}){path.suffix}")
    number = 1
    while any(Path(f"{kept}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        number += 1
        kept = path.with_name(f"{path.stem} (journal kept {stamp}, {number}){path.suffix}")
    try:
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                _copy_whole(source, Path(f"{kept}{suffix}"))
    except OSError as exc:
        raise LibraryError(
            f"{path} has a journal ({wal.name}) that no running program owns; it could not be kept aside before "
            f"being replayed ({exc.strerror or exc}), so the library was not opened and is unchanged."
        ) from exc
    log.warning(journal_kept_sentence(path, kept))
    return kept


def journal_kept_sentence(path: Path, kept: Path) -> str:
    return (
        f"{path.name} had a journal that no running program owned (the app or a command stopped without closing it, "
        f"or the journal came from elsewhere): before it was replayed, the library as it was, with its journal, "
        f"was kept as {kept}."
    )


def _copy_whole(source: Path, target: Path) -> None:
    """The file's bytes, flushed to disk: a copy that survives a power cut right after."""
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


class Library:
    """An open library file. Writers hold the OS lock from open to close."""

    def __init__(self, path: Path, engine: Engine, lock: WriterLock | None) -> None:
        self.path = path
        self.engine = engine
        self.lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: The copy of the library and its unowned journal kept aside on opening (see keep_unowned_journal).
        self.journal_kept: Path | None = None

    @property
    def read_only(self) -> bool:
        return self.lock is None

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Library:
        path = Path(path) if path is not None else default_library_path()
        if path.exists():
            problems = quick_check(path)
            if problems:
                raise LibraryDamagedError(path, problems, latest_good_backup(path))
        elif read_only:
            raise LibraryError(f"There is no library at {path} yet.")
        number = _schema_number(path)
        if number is not None and number > SCHEMA_NUMBER:
            raise LibraryTooNewError(
                f"{path} was written by a newer version of Social Working (schema {number}; "
                f"this version knows up to {SCHEMA_NUMBER}). Update the app to open it; the file was left untouched."
            )
        if read_only and number == SCHEMA_NUMBER:
            return cls(path, _engine(path, read_only=True), None)
        if read_only:
            # An older library is upgraded once, under the writer lock, then read.
            cls.open(path).close()
            return cls(path, _engine(path, read_only=True), None)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = WriterLock(path)
        try:
            lock.acquire()
        except OSError as exc:
            raise LibraryError(f"{path} cannot be locked for writing ({exc.strerror or exc}).") from exc
        try:
            kept = keep_unowned_journal(path)
            if number is None or number < SCHEMA_NUMBER:
                if number is not None:
                    try:
                        take_backup(path, reason="pre-migration")
                    except BackupError as exc:
                        raise LibraryError(f"{exc} The library was not upgraded and is unchanged.") from exc
                try:
                    migrate(path)
                except LibraryError:
                    raise
                except Exception as exc:  # Alembic and SQLite raise many kinds; the upgrade was rolled back
                    raise LibraryError(
                        f"Upgrading {path} failed ({exc}); it was rolled back and the library is as it was."
                    ) from exc
            library = cls(path, _engine(path, read_only=False), lock)
            library.journal_kept = kept
            library._backup_if_changed()
            return library
        except BaseException:
            lock.release()
            raise

    def _backup_if_changed(self) -> None:
        with self.session() as s:
            info = s.get(LibraryInfo, 1)
            if info is None or info.data_version == info.backed_up_version:
                return
            version = info.data_version
        try:
            take_backup(self.path, reason="open")
        except BackupError as exc:
            # Not fatal: the facilitator keeps working; the next open tries again.
            log.warning("Backup on open failed: %s", exc)
            return
        with self.session() as s, s.begin():
            s.execute(update(LibraryInfo).where(LibraryInfo.id == 1).values(backed_up_version=version))

    def _checkpoint(self) -> None:
        """Move every committed edit from the ``-wal`` into the library file and empty the journal, so that the file
        on its own (copied, mailed, synced after closing) carries every edit."""
        try:
            with self.engine.connect() as conn:
                busy, _log_frames, _moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        except Exception as exc:  # the edits are safe in the journal; SQLite replays it on the next open
            log.warning("Checkpoint on closing %s failed: %s", self.path, exc)
            return
        if busy:
            log.warning("Checkpoint on closing %s was blocked by a reader; the journal keeps the rest", self.path)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; it counts as a change for the next backup."""
        if self.read_only:
            raise LibraryError(f"{self.path} is open read-only: nothing can be changed here (see the start screen).")
        with self._sessions() as s, s.begin():
            yield s
            s.execute(update(LibraryInfo).where(LibraryInfo.id == 1).values(data_version=LibraryInfo.data_version + 1))

    def close(self) -> None:
        if self.lock is not None:
            self._checkpoint()
        self.engine.dispose()
        if self.lock is not None:
            with suppress(OSError):
                self.lock.release()
            self.lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

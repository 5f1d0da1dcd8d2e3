"""Integrity checks and verified, thinned backups of a library file.

Copies are made with SQLite's online backup API from a read-only connection, never by copying the bytes of a file
that may be open: the API reads one consistent snapshot, committed content still in the ``-wal`` included. Every
copy is checked before it is given its real name, and a damaged library is never written to or deleted.

Backups live in ``<library folder>/backups/`` as ``<library file name>-YYYYmmdd-HHMMSS-ffffff-<reason>.sqlite3`` (local
time); the time in the name, not the file's mtime, is what thinning goes by. Each backup is a single self-contained
file (rollback-journal mode, no ``-wal``), so it can be copied, mailed or opened as it is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "BackupError",
    "LibraryDamagedError",
    "backup_dir",
    "latest_good_backup",
    "list_backups",
    "quick_check",
    "restore_backup",
    "take_backup",
    "thin_backups",
]

_log = logging.getLogger(__name__)

BACKUP_DIR_NAME = "backups"
PRE_MIGRATION = "pre-migration"
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_STAMP_PATTERN = r"(\d{8}-\d{6}-\d{6})"
_REASON_PATTERN = r"([a-z0-9]+(?:-[a-z0-9]+)*)"
_SIDE_FILES = ("-wal", "-journal")  # hold data: moved aside with a damaged library, never deleted
_PRE_MIGRATION_KEEP = timedelta(days=30)

Fingerprint = tuple[int, tuple[tuple[str, int | None], ...]]


class BackupError(RuntimeError):
    """A backup could not be made, verified or restored; ``path`` is the file concerned."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.path = Path(path)
        super().__init__(message)


class LibraryDamagedError(RuntimeError):
    """The library failed its integrity check; it was left untouched and the newest good backup is named."""

    def __init__(self, path: str | os.PathLike[str], problems: list[str], backup: Path | None = None) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        self.backup = backup
        first = _shorten(self.problems[0]) if self.problems else "no details"
        more = len(self.problems) - 1
        detail = f"{first}, and {more} more problem{'s' if more > 1 else ''}" if more > 0 else first
        offer = f"The latest good backup is {backup}." if backup is not None else "No good backup was found."
        super().__init__(
            f"{self.path} is damaged or is not a Social Working library ({detail}); it was left untouched. {offer}"
        )


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI SQLite opens read-only, safe for spaces, ``?``, ``#``, ``%`` and Windows drives or shares.

    Built by hand rather than with ``Path.as_uri()``: a UNC share would become a URI authority, which SQLite refuses.
    """
    posix = quote(Path(os.path.abspath(path)).as_posix(), safe="/:")
    prefix = "file://" if posix.startswith("/") else "file:///"
    return f"{prefix}{posix}?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)


#: The files SQLite keeps beside a database in WAL mode; opening one read-only makes them when they are missing.
_COMPANIONS = ("-wal", "-shm")


@contextlib.contextmanager
def checking_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection for a look at a file (its integrity, its schema) that leaves nothing behind: the
    journal files opening it made are removed after, as long as they hold nothing and no process writes the file.
    A damaged or foreign file checked and refused keeps no empty ``-wal`` and ``-shm`` beside it."""
    path = Path(path)
    before = {suffix for suffix in _COMPANIONS if Path(f"{path}{suffix}").exists()}
    connection = connect_read_only(path)
    try:
        yield connection
    finally:
        connection.close()
        _remove_made_companions(path, before)


def _remove_made_companions(path: Path, before: set[str]) -> None:
    made = [Path(f"{path}{suffix}") for suffix in _COMPANIONS if suffix not in before]
    made = [companion for companion in made if companion.exists()]
    if not made:
        return
    wal = Path(f"{path}-wal")
    with contextlib.suppress(OSError):
        if wal.exists() and wal.stat().st_size > 0:
            return  # it holds data: never removed
    from workshop.storage.lock import WriterLock

    if WriterLock.is_locked(path):
        return  # a writer has the file open and shares these files
    for companion in made:
        with contextlib.suppress(OSError):
            companion.unlink()


def _describe_error(path: Path, exc: sqlite3.Error) -> str:
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        return (
            f"it has an unfinished transaction in {path.name}-journal, which only opening it for writing can roll back"
        )
    return str(exc) or type(exc).__name__


def quick_check(path: str | os.PathLike[str]) -> list[str]:
    """Run ``PRAGMA quick_check`` on a read-only connection: the problems found, ``[]`` when the file is sound.

    Never writes to the file (its ``-shm`` index may be refreshed). An empty file counts as a sound, empty database.
    """
    path = Path(path)
    if not path.is_file():
        return [f"{path} does not exist" if not path.exists() else f"{path} is not a file"]
    try:
        with checking_connection(path) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        return [_describe_error(path, exc)]
    except UnicodeDecodeError:  # the report quotes damaged bytes that are not even text
        return ["its integrity check reports damage in bytes that are not even text"]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def _fingerprint(connection: sqlite3.Connection) -> Fingerprint:
    """Schema number and row count of each table: what a copy must share with its source."""
    user_version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    tables = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    counts: list[tuple[str, int | None]] = []
    for name, sql in tables:
        if str(sql or "").upper().startswith("CREATE VIRTUAL"):
            counts.append((name, None))  # its module may be missing; its shadow tables are counted instead
            continue
        quoted = '"' + str(name).replace('"', '""') + '"'
        counts.append((name, int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])))
    return user_version, tuple(counts)


def _copy(source: Path, target: Path) -> Fingerprint:
    """Copy ``source`` into a new single-file database ``target`` and return the source's fingerprint.

    The fingerprint and the copy come from one read transaction, so they describe the same snapshot even while
    another connection writes.
    """
    _remove_database_files(target)
    src = connect_read_only(source)
    try:
        src.execute("BEGIN")
        expected = _fingerprint(src)
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        src.execute("ROLLBACK")
    finally:
        src.close()
    return expected


def _verify(copy: Path, expected: Fingerprint, named: Path) -> None:
    problems = quick_check(copy)
    if problems:
        raise BackupError(named, f"The copy {named} failed its integrity check ({_shorten(problems[0])}).")
    connection = connect_read_only(copy)
    try:
        found = _fingerprint(connection)
    finally:
        connection.close()
    if found != expected:
        raise BackupError(named, f"The copy {named} does not match its source (schema number or row counts differ).")


def copy_library(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """A verified single-file copy of a library at ``target`` (not a backup: nothing is thinned or named)."""
    source, target = Path(source), Path(target)
    try:
        expected = _copy(source, target)
        _verify(target, expected, target)
    except (BackupError, sqlite3.Error, OSError) as exc:
        _remove_database_files(target)
        raise BackupError(target, f"Could not copy {source} to {target}: {exc}.") from exc
    return target


def _remove_database_files(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in (*_SIDE_FILES, "-shm"))):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable on POSIX; Windows cannot open a directory and does not need it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_dir(library_path: str | os.PathLike[str]) -> Path:
    """``<library folder>/backups/``: beside the library so they move together; shared by libraries in that folder."""
    return Path(library_path).parent / BACKUP_DIR_NAME


def _clean_reason(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return cleaned or "manual"


@dataclass(frozen=True)
class _Entry:
    path: Path
    taken: datetime
    reason: str


def _entries(library_path: str | os.PathLike[str]) -> list[_Entry]:
    """This library's backups, newest first, as read from their names; other files are ignored."""
    library = Path(library_path)
    folder = backup_dir(library)
    pattern = re.compile(re.escape(library.name) + "-" + _STAMP_PATTERN + "-" + _REASON_PATTERN + r"\.sqlite3")
    entries: list[_Entry] = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    for child in children:
        match = pattern.fullmatch(child.name)
        if match is None or not child.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), _STAMP_FORMAT)
        except ValueError:
            continue
        entries.append(_Entry(child, taken, match.group(2)))
    entries.sort(key=lambda entry: (entry.taken, entry.path.name), reverse=True)
    return entries


def list_backups(library_path: str | os.PathLike[str]) -> list[Path]:
    """This library's backups, newest first (by the time in the name)."""
    return [entry.path for entry in _entries(library_path)]


def latest_good_backup(library_path: str | os.PathLike[str]) -> Path | None:
    """The newest backup that is not empty and passes ``quick_check``; what to offer when the library is damaged."""
    for path in list_backups(library_path):
        with contextlib.suppress(OSError):
            if path.stat().st_size > 0 and not quick_check(path):
                return path
    return None


def take_backup(library_path: str | os.PathLike[str], reason: str = "open") -> Path:
    """Copy the library into ``backup_dir``, verify the copy, thin old backups; return the new backup's path.

    Raises ``BackupError`` (naming the file) when the copy cannot be made or fails verification; a bad copy is
    deleted and the library is never written to. Safe while another connection, even this process's writer, has the
    library open.
    """
    library = Path(library_path)
    if not library.is_file():
        raise BackupError(library, f"Cannot back up {library}: there is no such file.")
    folder = backup_dir(library)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(folder, f"Cannot create the backup folder {folder}: {exc.strerror or exc}.") from exc
    taken = datetime.now()
    stem, label = library.name, _clean_reason(reason)
    target = folder / f"{stem}-{taken.strftime(_STAMP_FORMAT)}-{label}.sqlite3"
    while target.exists():
        taken += timedelta(microseconds=1)
        target = folder / f"{stem}-{taken.strftime(_STAMP_FORMAT)}-{label}.sqlite3"
    temporary = folder / f".{target.name}.tmp"
    try:
        expected = _copy(library, temporary)
        _verify(temporary, expected, target)
        os.replace(temporary, target)
    except BackupError as exc:
        _remove_database_files(temporary)
        raise BackupError(exc.path, f"{exc} It was deleted; the library {library} was not changed.") from exc
    except (sqlite3.Error, OSError) as exc:
        _remove_database_files(temporary)
        raise BackupError(target, f"Could not back up {library} to {target}: {exc}.") from exc
    _fsync_directory(folder)
    try:
        thin_backups(library)
    except OSError as exc:  # thinning is housekeeping; the backup itself is made
        _log.warning("Could not thin the backups in %s: %s", folder, exc)
    return target


def thin_backups(library_path: str | os.PathLike[str], now: datetime | None = None, keep_last: int = 10) -> list[Path]:
    """Delete old backups, keeping a spread over time; return what was deleted, newest first.

    Kept: the newest ``keep_last``; the newest of each day for the last 7 days (today included), of each ISO week
    for the last 8 weeks, of each month for the last 12 months; and every "pre-migration" backup younger than
    30 days. Times are naive local times, as in the names.
    """
    if keep_last < 0:
        raise ValueError("keep_last must not be negative")
    now = now if now is not None else datetime.now()
    today = now.date()
    this_monday = today - timedelta(days=today.weekday())
    entries = _entries(library_path)
    keep = {entry.path for entry in entries[:keep_last]}
    days: set[date] = set()
    weeks: set[date] = set()
    months: set[tuple[int, int]] = set()
    for entry in entries:  # newest first, so the first one met in a period is that period's newest
        day = entry.taken.date()
        monday = day - timedelta(days=day.weekday())
        month = (day.year, day.month)
        if (today - day).days < 7 and day not in days:
            days.add(day)
            keep.add(entry.path)
        if (this_monday - monday).days // 7 < 8 and monday not in weeks:
            weeks.add(monday)
            keep.add(entry.path)
        if (today.year - day.year) * 12 + today.month - day.month < 12 and month not in months:
            months.add(month)
            keep.add(entry.path)
        if entry.reason == PRE_MIGRATION and now - entry.taken < _PRE_MIGRATION_KEEP:
            keep.add(entry.path)
    removed: list[Path] = []
    for entry in entries:
        if entry.path in keep:
            continue
        try:
            entry.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            _log.warning("Could not delete the old backup %s: %s", entry.path, exc)
            continue
        removed.append(entry.path)
    return removed


def _unused_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists() or any(candidate.with_name(candidate.name + s).exists() for s in _SIDE_FILES):
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def restore_backup(backup: str | os.PathLike[str], library_path: str | os.PathLike[str]) -> None:
    """Put a verified copy of ``backup`` in place of the library, keeping the old file aside, never deleting it.

    The old library (with its ``-wal``/``-journal``) is renamed to ``<library>.damaged-YYYYmmdd-HHMMSS``; its
    ``-shm`` index is removed. The caller must have closed every connection to the library (and hold its writer
    lock): on Windows an open file cannot be renamed, and everywhere an open connection would keep the old file.
    """
    backup, library = Path(backup), Path(library_path)
    if library.exists() and backup.exists() and os.path.samefile(backup, library):
        raise BackupError(backup, f"Cannot restore {backup} onto itself.")
    problems = quick_check(backup)
    if not problems and backup.stat().st_size == 0:
        problems = ["the file is empty"]
    if problems:
        raise BackupError(
            backup, f"The backup {backup} cannot be restored: {_shorten(problems[0])}. Nothing was changed."
        )
    temporary = library.with_name(f".{library.name}.restore.tmp")
    try:
        copy_library(backup, temporary)
    except BackupError as exc:
        raise BackupError(library, f"Could not restore {backup} into {library}: {exc} Nothing was changed.") from exc
    aside: Path | None = None
    try:
        sides = [library.with_name(library.name + suffix) for suffix in _SIDE_FILES]
        if library.exists() or any(side.exists() for side in sides):
            aside = _unused_name(library.with_name(f"{library.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}"))
            if library.exists():
                os.replace(library, aside)
            for suffix, side in zip(_SIDE_FILES, sides, strict=True):
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        library.with_name(library.name + "-shm").unlink(missing_ok=True)
        os.replace(temporary, library)
    except OSError as exc:
        _remove_database_files(temporary)
        kept = f" The old library is kept as {aside}." if aside is not None else ""
        raise BackupError(
            library, f"Could not put {backup} in place of {library}: {exc.strerror or exc}.{kept}"
        ) from exc
    _fsync_directory(library.parent)

"""Library and file work, for the command line and the app alike.

Opening a library (with the read-only fallback and the backup offer), restoring a backup,
importing and exporting workshop files, the sample, new workshops from a template, and
finding a workshop from a reference: written once here, so neither the CLI nor the app
orchestrates storage itself. Every failure a person should read is a ``Refusal``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from workshop.domain.entities import Workshop
from workshop.domain.templates import template_of, workshop_from_template
from workshop.domain.timer import StageTiming
from workshop.domain.validation import Problem
from workshop.services.catalog import sample_workshop
from workshop.services.refusals import FileRefused, NotFound, Refusal
from workshop.services.timer import TimerService
from workshop.services.workshops import Edit, WorkshopService, WorkshopSummary
from workshop.storage.atomic import WriteError
from workshop.storage.backup import BackupError, LibraryDamagedError, copy_library
from workshop.storage.backup import restore_backup as _restore_backup
from workshop.storage.interchange import InterchangeError, read_workshop, write_workshop
from workshop.storage.library import Library, LibraryError, default_library_path, journal_kept_sentence
from workshop.storage.lock import LibraryLockedError, WriterLock

#: The failures of opening a library, each already one sentence for a person.
_OPEN_FAILURES = (LibraryError, LibraryDamagedError, LibraryLockedError, BackupError, OSError)


@dataclass
class OpenedLibrary:
    """The outcome of opening a library for the app: the service, or why not; and why read-only."""

    path: Path
    service: LibraryService | None
    problem: str = ""
    #: The latest good backup of a damaged library, to offer for restoring.
    backup: Path | None = None
    #: Who writes the library when it was opened read-only for that reason ("sam on laptop-7 (process 12, ...)").
    writer: str = ""


@dataclass
class ImportedFile:
    edit: Edit
    #: Unknown keys that were ignored, each naming its path.
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ResolvedWorkshop:
    """A workshop named on the command line, read from its file or from the library; a library workshop comes with
    its stage timer's time planned and used per stage (a file carries no timer: None)."""

    workshop: Workshop
    warnings: list[Problem] = field(default_factory=list)
    timings: list[StageTiming] | None = None


def library_path_or_default(path: str | Path | None) -> Path:
    return Path(path) if path is not None else default_library_path()


class LibraryService:
    """One open library and the jobs done on it as a whole."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.workshops = WorkshopService(library)

    # -- opening and closing -----------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> LibraryService:
        """Open the library (the default one when ``path`` is None); a failure is one clear refusal."""
        try:
            return cls(Library.open(path, read_only=read_only))
        except _OPEN_FAILURES as exc:
            raise Refusal(str(exc)) from None

    @classmethod
    def open_for_app(cls, path: str | Path, *, read_only: bool = False) -> OpenedLibrary:
        """Open for writing, else read-only when another process writes it; never raises a known failure."""
        path = Path(path)
        try:
            service = cls(Library.open(path, read_only=read_only))
            return OpenedLibrary(path, service, service.journal_notice)
        except LibraryLockedError as exc:
            try:
                service = cls(Library.open(path, read_only=True))
            except _OPEN_FAILURES as inner:
                return OpenedLibrary(path, None, str(inner))
            writer = exc.holder.describe() if exc.holder is not None else "another process"
            return OpenedLibrary(path, service, f"{exc} The library is shown read-only.", writer=writer)
        except LibraryDamagedError as exc:
            return OpenedLibrary(path, None, str(exc), exc.backup)
        except _OPEN_FAILURES as exc:
            return OpenedLibrary(path, None, str(exc))

    @property
    def path(self) -> Path:
        return self.library.path

    @property
    def read_only(self) -> bool:
        return self.library.read_only

    @property
    def journal_notice(self) -> str:
        """What to tell the user when opening kept an unowned journal aside (empty otherwise)."""
        kept = self.library.journal_kept
        return "" if kept is None else journal_kept_sentence(self.library.path, kept)

    def close(self) -> None:
        self.library.close()

    def __enter__(self) -> LibraryService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def restore_backup(library_path: str | Path, backup: str | Path) -> None:
        """Put ``backup`` in place of the library (kept aside, never deleted), under the writer lock, so a
        file that another process is writing is never swapped. The caller has closed the library."""
        library_path = Path(library_path)
        lock = WriterLock(library_path)
        try:
            lock.acquire()
        except (LibraryLockedError, OSError) as exc:
            raise Refusal(f"{exc} Nothing was changed; restore once it is closed there.") from None
        try:
            _restore_backup(backup, library_path)
        except (BackupError, OSError) as exc:
            raise Refusal(str(exc)) from None
        finally:
            lock.release()

    # -- workshops as a whole ------------------------------------------------

    def summaries(self) -> list[WorkshopSummary]:
        return self.workshops.summaries()

    def templates(self) -> list[WorkshopSummary]:
        return [w for w in self.summaries() if w.is_template]

    def find(self, ref: str) -> int:
        return self.workshops.find(ref)

    def add_sample(self, label: str = "Add sample workshop") -> Edit:
        return self.workshops.import_workshop(sample_workshop(), label)

    def new_from_template(self, template_id: int, title: str) -> Edit:
        """A new workshop, dated today, starting from the template's structure (``domain.templates``): the people
        and what they decided are left out, even when the template was a workshop marked as one in its set-up."""
        ws = workshop_from_template(self.workshops.load(template_id).workshop, title, dt.date.today())
        return self.workshops.import_workshop(ws, "New from template")

    def save_as_template(self, workshop_id: int, title: str) -> Edit:
        """A new template holding the workshop's structure without the room; the workshop itself is unchanged."""
        ws = template_of(self.workshops.load(workshop_id).workshop, title=title)
        return self.workshops.import_workshop(ws, "Save as template")

    # -- files ---------------------------------------------------------------

    def import_file(self, path: str | Path) -> ImportedFile:
        """Add a workshop file to the library, all or nothing."""
        ws, warnings = read_workshop_file(path, refusal="{path} is not a valid workshop file; nothing was imported.")
        return ImportedFile(self.workshops.import_workshop(ws), warnings)

    def export_file(self, workshop_id: int, path: str | Path) -> Path:
        """Write a library workshop out in the format ``path``'s extension names (``services.exports``): the
        interchange file or the team workbook; a target that cannot be written leaves the old file as it was."""
        from workshop.services.exports import export_workshop

        ws = self.workshops.load(workshop_id).workshop
        export_workshop(ws, path, timings=TimerService(self.workshops).timings(workshop_id, ws.agenda))
        return Path(path)


def read_workshop_file(
    path: str | Path, *, refusal: str = "{path} is not a valid workshop file:"
) -> tuple[Workshop, list[Problem]]:
    """A workshop file's workshop and its warnings; every problem of an invalid file in one ``FileRefused``."""
    try:
        result = read_workshop(path)
    except InterchangeError as exc:
        raise FileRefused(refusal.format(path=path), exc.problems) from None
    return result.workshop, result.warnings


def write_workshop_file(ws: Workshop, path: str | Path) -> None:
    try:
        write_workshop(ws, path)
    except WriteError as exc:
        raise Refusal(str(exc)) from None


def resolve_workshop(ref: str, library_path: str | Path | None = None) -> ResolvedWorkshop:
    """WORKSHOP on the command line: an existing file (whatever its name), else a library id, else a unique title."""
    path = Path(ref)
    if path.is_file():
        ws, warnings = read_workshop_file(path)
        return ResolvedWorkshop(ws, warnings)
    with LibraryService.open(_library_holding(ref, library_path), read_only=True) as service:
        wid = service.find(ref)
        ws = service.workshops.load(wid).workshop
        return ResolvedWorkshop(ws, timings=TimerService(service.workshops).timings(wid, ws.agenda))


def _library_holding(ref: str, library_path: str | Path | None) -> Path:
    """The library in which to look ``ref`` up, once it is clear that it names no file."""
    if Path(ref).suffix.lower() == ".json":
        raise NotFound(f"No workshop file at {ref}.")
    library = library_path_or_default(library_path)
    if not library.exists():
        raise NotFound(
            f"{ref!r} is neither a workshop file nor a workshop of a library: there is no library at {library} yet."
        )
    return library


@contextmanager
def private_copy(ref: str, library_path: str | Path | None = None) -> Iterator[tuple[Path, int]]:
    """A private, writable library holding the workshop ``ref`` names (a file, or a workshop of the library,
    copied whole), and that workshop's id: for showing it as a facilitator sees it, without touching the original."""
    with tempfile.TemporaryDirectory(prefix="social-working-") as tmp:
        copy = Path(tmp) / "library.sqlite3"
        path = Path(ref)
        if path.is_file():
            ws, _warnings = read_workshop_file(path)
            with LibraryService.open(copy) as service:
                wid = int(service.workshops.import_workshop(ws).result)
        else:
            source = _library_holding(ref, library_path)
            with LibraryService.open(source, read_only=True) as service:
                wid = service.find(ref)
                try:
                    copy_library(source, copy)
                except BackupError as exc:
                    raise Refusal(str(exc)) from None
        yield copy, wid

"""Writing a workshop out: the interchange file, the team workbook, one participant's workbook and every
participant's into a folder, for the CLI and the export stage alike.

Each file is built in memory and moved into place whole (``workshop.atomic``): a failure or a cancel leaves an
earlier file as it was and no temporary file behind. Progress goes to a callback; a cancel is asked for through
``ExportJob.cancel`` (a ``threading.Event``, so a worker thread can be stopped from the window) and honoured
between the parts of the work.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workshop.atomic import WriteError, atomic_write_bytes
from workshop.domain.entities import Participant, Workshop
from workshop.domain.text import name_key
from workshop.domain.timer import StageTiming
from workshop.export.file_names import file_names_in_order
from workshop.services.refusals import NotFound, Refusal

#: The formats ``export --out`` writes, by the file's extension.
FORMATS = {".json": "interchange file", ".xlsx": "team workbook"}

#: ``(done, total, what)``: parts finished of all, and the part being done now ("Summary", "Ana Lopez.xlsx").
Progress = Callable[[int, int, str], None]


class ExportCancelled(Refusal):
    """The export was stopped at the user's request; the files already finished are kept."""


@dataclass
class ExportJob:
    """How an export reports progress and learns that it is to stop."""

    progress: Progress | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0

    def start(self, total: int) -> None:
        self.done, self.total = 0, total

    def step(self, what: str) -> None:
        """Called before each part of the work: reports it, and stops the work when a cancel was asked for."""
        if self.cancel.is_set():
            raise ExportCancelled("The export was cancelled.")
        if self.progress is not None:
            self.progress(self.done, self.total, what)
        self.done += 1

    def finish(self, what: str = "Done") -> None:
        if self.progress is not None:
            self.progress(self.total, self.total, what)


@dataclass
class ExportResult:
    """What an export wrote and what it had to clean on the way (``Sheet!B4 (what): reason`` lines)."""

    written: list[Path] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    #: True when a cancel stopped an export of every participant part way; ``written`` holds the finished files.
    cancelled: bool = False


def export_format(path: str | Path) -> str:
    """The format ``path``'s extension asks for, or a refusal naming the ones there are."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        kinds = ", ".join(f"{ext} ({what})" for ext, what in FORMATS.items())
        raise Refusal(f"Cannot export to {Path(path).name}: the file name must end in {kinds}.")
    return suffix


def export_workshop(ws: Workshop, path: str | Path, job: ExportJob | None = None, *, today: dt.date | None = None,
                    timings: Sequence[StageTiming] | None = None) -> ExportResult:  # fmt: skip
    """``export --out FILE``: the interchange file for ``.json``, the team workbook for ``.xlsx``. ``timings`` (the
    stage timer's, of a library workshop) go in the workbook's Summary only, never in the interchange file."""
    if export_format(path) == ".json":
        from workshop.services.library_service import write_workshop_file

        job = job or ExportJob()
        job.start(1)
        job.step(Path(path).name)
        write_workshop_file(ws, path)
        job.finish()
        return ExportResult([Path(path)])
    return export_team_workbook(ws, path, job, today=today, timings=timings)


def export_team_workbook(ws: Workshop, path: str | Path, job: ExportJob | None = None, *,
                         today: dt.date | None = None,
                         timings: Sequence[StageTiming] | None = None) -> ExportResult:  # fmt: skip
    """The team workbook: every stage's figures, charts and the action plan, ready to print; the Summary shows the
    time planned and used per stage (``timings`` None: planned only, "not timed")."""
    from workshop.export.excel.team import TEAM_PARTS, build_team_workbook

    job = job or ExportJob()
    job.start(len(TEAM_PARTS) + 1)
    book = build_team_workbook(ws, today=today or dt.date.today(), step=job.step, timings=timings)
    job.step(f"Saving {Path(path).name}")
    _save(book.to_bytes(), Path(path))
    job.finish()
    return ExportResult([Path(path)], book.cleaning.lines())


def find_participant(ws: Workshop, name: str) -> Participant:
    """The participant of that name (case and outer spaces aside), or a refusal listing who there is."""
    for p in ws.participants:
        if name_key(p.name) == name_key(name):
            return p
    who = ", ".join(p.name for p in ws.participants) or "nobody yet"
    raise NotFound(f"No participant {name!r} in {ws.title or 'the workshop'}; the participants are: {who}.")


def export_participant_workbook(ws: Workshop, name: str, path: str | Path, job: ExportJob | None = None, *,
                                today: dt.date | None = None) -> ExportResult:  # fmt: skip
    """One participant's "my plan" workbook at ``path``; an earlier file there is replaced whole."""
    from workshop.export.excel.participant import build_participant_workbook

    participant = find_participant(ws, name)
    job = job or ExportJob()
    job.start(2)
    job.step(participant.name)
    book = build_participant_workbook(ws, participant, today=today or dt.date.today())
    job.step(f"Saving {Path(path).name}")
    _save(book.to_bytes(), Path(path))
    job.finish()
    return ExportResult([Path(path)], book.cleaning.lines())


def participant_paths(ws: Workshop, folder: str | Path) -> list[tuple[Participant, Path]]:
    """Where each participant's workbook goes in ``folder``: names made safe everywhere, clashes numbered."""
    folder = Path(folder)
    names = file_names_in_order([p.name for p in ws.participants], extension=".xlsx")
    return [(p, folder / file_name) for p, file_name in zip(ws.participants, names, strict=True)]


def export_all_participants(ws: Workshop, folder: str | Path, job: ExportJob | None = None, *,
                            today: dt.date | None = None) -> ExportResult:  # fmt: skip
    """Every participant's workbook into ``folder`` (made when missing). A cancel keeps the files finished so
    far, each whole, and leaves no half file; ``result.cancelled`` says it stopped."""
    from workshop.export.excel.participant import build_participant_workbook

    folder = Path(folder)
    if not ws.participants:
        raise Refusal(f"{ws.title or 'The workshop'} has no participants yet; there is no plan to write for anyone.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refusal(f"Cannot make the folder {folder}: {exc.strerror or exc}.") from None
    if not folder.is_dir():
        raise Refusal(f"{folder} is not a folder.")
    job = job or ExportJob()
    targets = participant_paths(ws, folder)
    job.start(len(targets))
    result = ExportResult()
    today = today or dt.date.today()
    try:
        for participant, path in targets:
            job.step(path.name)
            book = build_participant_workbook(ws, participant, today=today)
            _save(book.to_bytes(), path)
            result.written.append(path)
            result.cleaned.extend(f"{path.name}: {line}" for line in book.cleaning.lines())
    except ExportCancelled:
        result.cancelled = True
        return result
    job.finish()
    return result


def _save(data: bytes, path: Path) -> None:
    """Move the finished file into place; a target that cannot be written is one clear refusal."""
    try:
        atomic_write_bytes(path, data)
    except WriteError as exc:
        cause = exc.__cause__
        reason = getattr(cause, "strerror", None) or cause or exc
        hint = " Is it open in Excel? Close it there and export again." if isinstance(cause, PermissionError) else ""
        raise Refusal(f"Cannot write {path}: {reason}; an earlier file there is unchanged.{hint}") from None

"""The library's journal files: a check leaves none behind, a journal that no process owns is kept aside before it
is replayed (a foreign one would silently replace the workshops), closing leaves the file whole on its own, and an
atomic replace syncs the folder."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.reliability.damaged import crash_after_adding
from workshop.services.library_service import LibraryService
from workshop.services.refusals import Refusal
from workshop.storage.backup import quick_check
from workshop.storage.library import Library, LibraryError, NotALibraryError

COMPANIONS = ("-wal", "-shm")


def companions(path: Path) -> list[str]:
    return [suffix for suffix in COMPANIONS if Path(f"{path}{suffix}").exists()]


def titles(path: Path) -> list[str]:
    """The workshops' titles as SQLite reads the file now (a ``-wal`` beside it included), without writing."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(row[0] for row in connection.execute("SELECT title FROM workshop"))
    finally:
        connection.close()


def library_with(path: Path, *titles_: str) -> Path:
    from workshop.services.catalog import sample_workshop

    with LibraryService.open(path) as service:
        for title in titles_:
            ws = sample_workshop()
            ws.title = title
            service.workshops.import_workshop(ws)
    return path


# -- a check leaves nothing behind ------------------------------------------------------------------------------


def test_checking_a_foreign_wal_file_leaves_no_journal_files(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    connection = sqlite3.connect(foreign)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE notes (text)")
    connection.commit()
    connection.close()
    assert companions(foreign) == []
    assert quick_check(foreign) == []
    with pytest.raises(NotALibraryError):
        Library.open(foreign)
    assert companions(foreign) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_checking_a_damaged_file_leaves_no_journal_files(tmp_path: Path) -> None:
    damaged = tmp_path / "library.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    before = damaged.read_bytes()
    with pytest.raises(Refusal, match="damaged"):
        LibraryService.open(damaged)
    assert damaged.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("library")] == ["library.sqlite3"]


def test_a_check_keeps_the_journal_files_a_writer_shares(tmp_path: Path) -> None:
    path = library_with(tmp_path / "library.sqlite3", "One")
    with LibraryService.open(path) as service:
        service.workshops.import_workshop(service.workshops.load(1).workshop)
        assert companions(path) == ["-wal", "-shm"]
        assert quick_check(path) == []
        assert companions(path) == ["-wal", "-shm"]


# -- a journal that no process owns -----------------------------------------------------------------------------


def test_a_crash_left_journal_is_kept_aside_then_replayed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = library_with(tmp_path / "library.sqlite3", "Before the crash")
    crash_after_adding(path, "Added before the crash")
    assert Path(f"{path}-wal").stat().st_size > 0
    with LibraryService.open(path) as service:
        kept = service.library.journal_kept
        assert kept is not None and kept.parent == tmp_path
        assert kept.name.startswith("library (journal kept ") and kept.suffix == ".sqlite3"
        assert "was kept as" in service.journal_notice and str(kept) in service.journal_notice
        # Nothing lost: the crashed process's edit is replayed into the library.
        assert sorted(w.title for w in service.summaries()) == ["Added before the crash", "Before the crash"]
    # The copy is the library as it was, with its journal: read together they give the same workshops.
    assert Path(f"{kept}-wal").is_file()
    assert titles(kept) == ["Added before the crash", "Before the crash"]


def test_a_foreign_journal_cannot_take_the_workshops_without_a_copy(tmp_path: Path) -> None:
    """A -wal from another library (a sync tool, a copy) replays silently and integrity_check still says ok; the
    copy kept aside holds this library's own workshops."""
    ours = library_with(tmp_path / "ours" / "library.sqlite3", "Our workshop")
    theirs = library_with(tmp_path / "theirs" / "library.sqlite3", "Their workshop")
    crash_after_adding(theirs, "Their second workshop")
    shutil.copyfile(f"{theirs}-wal", f"{ours}-wal")
    with LibraryService.open(ours) as service:
        kept = service.library.journal_kept
    assert kept is not None
    alone = tmp_path / "alone.sqlite3"
    shutil.copyfile(kept, alone)  # the library file as it was, without the foreign journal
    assert titles(alone) == ["Our workshop"]


def test_the_app_says_a_journal_was_kept(tmp_path: Path) -> None:
    path = library_with(tmp_path / "library.sqlite3", "One")
    crash_after_adding(path, "Two")
    opened = LibraryService.open_for_app(path)
    try:
        assert opened.service is not None
        assert "was kept as" in opened.problem
    finally:
        opened.service.close()


def test_a_command_says_a_journal_was_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workshop.cli import main

    path = library_with(tmp_path / "library.sqlite3", "One")
    crash_after_adding(path, "Two")
    assert main(["demo", "--library", str(path)], out=io.StringIO()) == 0
    err = capsys.readouterr().err
    assert "warning: library.sqlite3 had a journal that no running program owned" in err


def test_an_empty_journal_is_no_reason_to_keep_a_copy(tmp_path: Path) -> None:
    path = library_with(tmp_path / "library.sqlite3", "One")
    Path(f"{path}-wal").write_bytes(b"")
    with LibraryService.open(path) as service:
        assert service.library.journal_kept is None
    assert [p.name for p in tmp_path.iterdir() if "journal kept" in p.name] == []


def test_a_journal_that_cannot_be_kept_stops_the_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = library_with(tmp_path / "library.sqlite3", "One")
    crash_after_adding(path, "Two")
    wal = Path(f"{path}-wal").read_bytes()

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workshop.storage.library.shutil.copyfile", full_disk)
    with pytest.raises(LibraryError, match=r"could not be kept aside.*No space left on device"):
        Library.open(path)
    assert Path(f"{path}-wal").read_bytes() == wal


# -- closing leaves the file whole -----------------------------------------------------------------------------


def test_closing_leaves_every_edit_in_the_library_file_itself(tmp_path: Path) -> None:
    path = library_with(tmp_path / "library.sqlite3", "One")
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)  # another process reading keeps the -wal
    try:
        with LibraryService.open(path) as service:
            ws = service.workshops.load(1).workshop
            ws.title = "Two"
            service.workshops.import_workshop(ws)
        wal = Path(f"{path}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        copy = tmp_path / "copy.sqlite3"
        shutil.copyfile(path, copy)  # the file alone, as a sync tool or a mail would take it
    finally:
        reader.close()
    assert titles(copy) == ["One", "Two"]


# -- an atomic replace syncs the folder ----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="only POSIX needs the folder synced")
def test_an_atomic_replace_syncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workshop.atomic

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(workshop.atomic.os, "fsync", fsync)
    workshop.atomic.atomic_write_bytes(tmp_path / "team.xlsx", b"data")
    assert synced == ["file", "folder"]

"""Backups: made through SQLite's backup API, verified, thinned, and restored without losing the damaged file."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from workshop.storage import backup as backup_module
from workshop.storage.backup import (
    BackupError,
    LibraryDamagedError,
    backup_dir,
    latest_good_backup,
    list_backups,
    quick_check,
    restore_backup,
    take_backup,
    thin_backups,
)

NAME = re.compile(r"lib\.sqlite3-\d{8}-\d{6}-\d{6}-(?P<reason>[a-z0-9-]+)\.sqlite3")


def make_library(path: Path, rows: int = 200, user_version: int = 7) -> Path:
    """A small real library in WAL mode, everything checkpointed into the main file."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        connection.execute(f"PRAGMA user_version={user_version}")
        connection.execute("CREATE TABLE outcome (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
        connection.execute("CREATE TABLE channel (id INTEGER PRIMARY KEY, name TEXT)")
        connection.executemany("INSERT INTO outcome (title) VALUES (?)", [(f"outcome {i} " * 10,) for i in range(rows)])
        connection.commit()
    finally:
        connection.close()
    return path


def count_rows(path: Path, table: str = "outcome") -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "lib.sqlite3")


def test_backup_dir_is_beside_the_library(tmp_path: Path) -> None:
    assert backup_dir(tmp_path / "lib.sqlite3") == tmp_path / "backups"


def test_take_backup_makes_a_verified_single_file_copy(library: Path) -> None:
    before = library.read_bytes()

    made = take_backup(library)

    assert made.parent == backup_dir(library)
    match = NAME.fullmatch(made.name)
    assert match is not None and match["reason"] == "open"
    assert count_rows(made) == count_rows(library) == 200
    assert user_version(made) == 7
    assert quick_check(made) == []
    assert made.read_bytes()[18:20] == b"\x01\x01", "the copy is in rollback-journal mode, one file"
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name], "no temporary or -wal file left"
    assert list_backups(library) == [made]
    assert library.read_bytes() == before


def test_reason_is_kept_in_the_name(library: Path) -> None:
    made = take_backup(library, reason="Pre Migration")
    match = NAME.fullmatch(made.name)
    assert match is not None and match["reason"] == "pre-migration"


def test_backup_holds_committed_rows_while_another_connection_writes(library: Path) -> None:
    writer = sqlite3.connect(library, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("BEGIN")
        writer.executemany("INSERT INTO channel (name) VALUES (?)", [(f"committed {i}",) for i in range(50)])
        writer.execute("COMMIT")
        assert library.with_name("lib.sqlite3-wal").stat().st_size > 0, "the committed rows are only in the -wal"
        writer.execute("BEGIN")
        writer.executemany("INSERT INTO channel (name) VALUES (?)", [(f"pending {i}",) for i in range(25)])

        made = take_backup(library)

        assert count_rows(made, "channel") == 50
        assert count_rows(made, "outcome") == 200
        writer.execute("COMMIT")  # the backup did not get in the writer's way
    finally:
        writer.close()
    assert count_rows(library, "channel") == 75


def test_failed_verification_deletes_the_copy(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_module, "quick_check", lambda path: ["row 3 missing from index"])

    with pytest.raises(BackupError) as caught:
        take_backup(library)

    assert "row 3 missing from index" in str(caught.value)
    assert str(caught.value.path) in str(caught.value)
    assert caught.value.path.parent == backup_dir(library)
    assert list(backup_dir(library).iterdir()) == []
    assert count_rows(library) == 200


def test_take_backup_of_a_missing_library_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no such file"):
        take_backup(tmp_path / "missing.sqlite3")


def test_quick_check_passes_a_sound_library(library: Path) -> None:
    assert quick_check(library) == []


def test_quick_check_handles_awkward_paths(tmp_path: Path) -> None:
    folder = tmp_path / "a folder?#%20 é"
    folder.mkdir()
    path = make_library(folder / "my lib#1?.sqlite3")
    assert quick_check(path) == []
    made = take_backup(path)
    assert count_rows(made) == 200


def test_quick_check_reports_a_truncated_file_without_changing_it(library: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(library.read_bytes()[:1000])
    before = truncated.read_bytes()

    problems = quick_check(truncated)

    assert problems and all(isinstance(problem, str) and problem for problem in problems)
    assert truncated.read_bytes() == before


def test_quick_check_reports_a_text_file_without_changing_it(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("Not a database, just notes.\n" * 50, encoding="utf-8")
    before = text.read_bytes()

    assert quick_check(text) == ["file is not a database"]
    assert text.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_quick_check_of_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite3"
    assert quick_check(missing) == [f"{missing} does not exist"]
    assert not missing.exists()


def test_latest_good_backup_skips_damaged_newer_ones(library: Path) -> None:
    good = take_backup(library)
    damaged = take_backup(library)
    truncated = take_backup(library)
    empty = take_backup(library)
    assert list_backups(library) == [empty, truncated, damaged, good]
    damaged.write_text("overwritten by something else", encoding="utf-8")
    truncated.write_bytes(good.read_bytes()[:1000])
    empty.write_bytes(b"")

    assert latest_good_backup(library) == good


def test_latest_good_backup_without_backups(library: Path) -> None:
    assert latest_good_backup(library) is None


def test_damaged_error_names_the_file_and_the_backup(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    good = tmp_path / "backups" / "lib.sqlite3-20261201-091400-000000-open.sqlite3"

    error = LibraryDamagedError(library, ["file is not a database"], good)

    assert error.path == library and error.backup == good and error.problems == ["file is not a database"]
    assert str(error) == (
        f"{library} is damaged or is not a Social Working library (file is not a database); it was left untouched. "
        f"The latest good backup is {good}."
    )
    several = LibraryDamagedError(library, ["a", "b", "c"])
    assert "(a, and 2 more problems)" in str(several)
    assert str(several).endswith("No good backup was found.")


def _touch_backup(folder: Path, taken: datetime, reason: str = "open", stem: str = "lib.sqlite3") -> Path:
    path = folder / f"{stem}-{taken:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3"
    path.write_bytes(b"")
    return path


def test_thinning_over_400_days(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite3"
    folder = backup_dir(library)
    folder.mkdir()
    now = datetime(2026, 12, 15, 12, 0)  # a Tuesday
    for days_ago in range(400):
        _touch_backup(folder, datetime(2026, 12, 15, 9, 0) - timedelta(days=days_ago))
    _touch_backup(folder, datetime(2026, 12, 15, 10, 0))
    _touch_backup(folder, datetime(2026, 12, 15, 11, 0))
    _touch_backup(folder, datetime(2026, 11, 25, 15, 0), reason="pre-migration")  # 20 days old: kept
    _touch_backup(folder, datetime(2026, 11, 5, 15, 0), reason="pre-migration")  # 40 days old: thinned
    strangers = [
        _touch_backup(folder, datetime(2024, 1, 1), stem="other"),
        folder / "lib-notes.txt",
        folder / "lib.sqlite3-20240101-000000-000000-.sqlite3",
    ]
    for stranger in strangers[1:]:
        stranger.write_bytes(b"")

    removed = thin_backups(library, now=now, keep_last=10)

    survivors = [(p.name[12:27], p.name.split("-", 4)[4].removesuffix(".sqlite3")) for p in list_backups(library)]
    expected = [
        # the newest ten: three from today and one from each of the seven days before
        "20261215-110000", "20261215-100000", "20261215-090000",
        "20261214-090000", "20261213-090000", "20261212-090000", "20261211-090000",
        "20261210-090000", "20261209-090000", "20261208-090000",
        # newest of each ISO week back to the week of Monday 26 October (eight weeks in all)
        "20261206-090000",
        "20261130-090000",  # newest of November
        "20261129-090000",
        "20261125-150000",  # pre-migration, 20 days old
        "20261122-090000", "20261115-090000", "20261108-090000", "20261101-090000",
        # newest of each month back to January 2026 (twelve months in all)
        "20261031-090000", "20260930-090000", "20260831-090000", "20260731-090000", "20260630-090000",
        "20260531-090000", "20260430-090000", "20260331-090000", "20260228-090000", "20260131-090000",
    ]  # fmt: skip
    assert [stamp for stamp, _ in survivors] == expected
    assert dict(survivors)["20261125-150000"] == "pre-migration"
    assert len(removed) == 400 + 2 + 2 - len(expected)
    assert not set(removed) & set(list_backups(library))
    assert all(not path.exists() for path in removed)
    assert all(stranger.exists() for stranger in strangers)
    assert thin_backups(library, now=now, keep_last=10) == [], "thinning again changes nothing"


def test_thinning_refuses_a_negative_keep_last(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        thin_backups(tmp_path / "lib.sqlite3", keep_last=-1)


def test_take_backup_thins(library: Path) -> None:
    folder = backup_dir(library)
    folder.mkdir()
    start = datetime.now()
    older = [_touch_backup(folder, start - timedelta(milliseconds=i)) for i in range(1, 16)]

    made = take_backup(library)

    assert list_backups(library) == [made, *older[:9]]


def test_restore_keeps_the_damaged_library_aside(library: Path, tmp_path: Path) -> None:
    good = take_backup(library)
    library.write_text("garbage " * 500, encoding="utf-8")
    damaged_bytes = library.read_bytes()
    wal = library.with_name("lib.sqlite3-wal")
    wal.write_bytes(b"stale wal")
    library.with_name("lib.sqlite3-shm").write_bytes(b"stale shm")
    assert quick_check(library)

    restore_backup(good, library)

    assert quick_check(library) == []
    assert count_rows(library) == 200
    assert user_version(library) == 7
    aside = [path for path in tmp_path.iterdir() if re.fullmatch(r"lib\.sqlite3\.damaged-\d{8}-\d{6}", path.name)]
    assert len(aside) == 1
    assert aside[0].read_bytes() == damaged_bytes
    assert aside[0].with_name(aside[0].name + "-wal").read_bytes() == b"stale wal"
    assert not wal.exists()
    assert not library.with_name("lib.sqlite3-shm").exists()
    assert good.exists(), "the backup itself stays"
    assert not any(path.name.endswith(".tmp") for path in tmp_path.iterdir())


def test_restore_when_the_library_is_gone(library: Path) -> None:
    good = take_backup(library)
    library.unlink()
    restore_backup(good, library)
    assert count_rows(library) == 200


def test_restore_refuses_a_bad_backup_and_changes_nothing(library: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a backup", encoding="utf-8")
    before = sorted(path.name for path in tmp_path.iterdir())
    library_bytes = library.read_bytes()

    with pytest.raises(BackupError) as caught:
        restore_backup(bad, library)

    assert str(bad) in str(caught.value)
    assert caught.value.path == bad
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert library.read_bytes() == library_bytes


def test_libraries_sharing_a_folder_and_a_stem_keep_their_own_backups(tmp_path: Path) -> None:
    first = make_library(tmp_path / "team.sqlite3")
    second = make_library(tmp_path / "team.db")
    mine = take_backup(first)
    theirs = take_backup(second)
    assert list_backups(first) == [mine]
    assert list_backups(second) == [theirs]

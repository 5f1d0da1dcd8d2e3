"""Opening a library safely: lock, damage, migrations, backups (DESIGN.md, Storage and safety)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.backup import LibraryDamagedError, list_backups
from workshop.storage.interchange import dumps_workshop
from workshop.storage.library import SCHEMA_NUMBER, Library, LibraryTooNewError, NotALibraryError, migrate
from workshop.storage.lock import LibraryLockedError
from workshop.storage.orm import Base

FIXTURES = Path(__file__).parent / "fixtures"


def test_second_writer_is_refused_with_the_holder_named(library_path: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(LibraryLockedError) as info:
        Library.open(library_path)
    message = str(info.value)
    assert f"process {holder.pid}" in message
    assert os.uname().nodename in message


def test_readers_still_read_while_a_writer_holds_the_library(library_path: Path, holder: subprocess.Popen[str]) -> None:
    with Library.open(library_path, read_only=True) as lib:
        assert WorkshopService(lib).workshop_ids() == []


def test_after_killing_the_holder_writing_works(library_path: Path, holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Library.open(library_path) as lib:
        edit = WorkshopService(lib).import_workshop(sample_workshop())
        assert edit.result == 1


def test_writes_need_a_writer(library_path: Path) -> None:
    Library.open(library_path).close()
    with Library.open(library_path, read_only=True) as lib, pytest.raises(Exception, match="read-only"):
        WorkshopService(lib).import_workshop(sample_workshop())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"Dear diary, this is not a database at all.\n" * 50, id="not-sqlite"),
    ],
)
def test_damaged_library_reported_untouched_and_backup_named(library_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    with Library.open(library_path) as lib:
        WorkshopService(lib).import_workshop(sample_workshop())
    with Library.open(library_path):  # opened after changes: a backup is taken
        pass
    backups = list_backups(library_path)
    assert backups
    damaged = damage(library_path.read_bytes())
    library_path.write_bytes(damaged)
    for side in (
        library_path.with_name(library_path.name + "-wal"),
        library_path.with_name(library_path.name + "-shm"),
    ):
        side.unlink(missing_ok=True)
    with pytest.raises(LibraryDamagedError) as info:
        Library.open(library_path)
    assert library_path.read_bytes() == damaged
    message = str(info.value)
    assert str(library_path) in message and str(backups[0]) in message
    assert message.count(".") >= 1 and "\n" not in message
    with pytest.raises(LibraryDamagedError):
        Library.open(library_path, read_only=True)
    assert library_path.read_bytes() == damaged


def test_an_sqlite_file_that_is_not_a_library_is_left_alone(library_path: Path) -> None:
    con = sqlite3.connect(library_path)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    before = library_path.read_bytes()
    with pytest.raises(NotALibraryError, match="not a Social Working library"):
        Library.open(library_path)
    assert library_path.read_bytes() == before


def test_first_revision_library_upgrades_with_backup_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "library-schema-1.sqlite3", path)
    with Library.open(path) as lib:
        ws = WorkshopService(lib).load(1).workshop
    assert dumps_workshop(ws) == dumps_workshop(sample_workshop())


def test_migrations_build_exactly_the_orm_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    path = tmp_path / "fresh.sqlite3"
    migrate(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        number = conn.exec_driver_sql("SELECT schema_number FROM library_info").scalar()
    engine.dispose()
    assert diff == []
    assert number == SCHEMA_NUMBER


def test_head_revision_declares_the_apps_schema_number() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "workshop.storage:migrations")
    head = ScriptDirectory.from_config(cfg).get_current_head()
    module = ScriptDirectory.from_config(cfg).get_revision(head).module
    assert module.SCHEMA_NUMBER == SCHEMA_NUMBER


def test_library_from_a_newer_version_is_refused_untouched(library_path: Path) -> None:
    Library.open(library_path).close()
    con = sqlite3.connect(library_path)
    con.execute("UPDATE library_info SET schema_number = ?", (SCHEMA_NUMBER + 5,))
    con.commit()
    con.close()
    before = library_path.read_bytes()
    with pytest.raises(LibraryTooNewError, match="newer version"):
        Library.open(library_path)
    with pytest.raises(LibraryTooNewError):
        Library.open(library_path, read_only=True)
    assert library_path.read_bytes() == before


def test_backup_on_open_only_after_changes(library_path: Path) -> None:
    Library.open(library_path).close()
    Library.open(library_path).close()
    assert list_backups(library_path) == []
    with Library.open(library_path) as lib:
        WorkshopService(lib).import_workshop(sample_workshop())
    Library.open(library_path).close()
    backups = list_backups(library_path)
    assert len(backups) == 1
    Library.open(library_path).close()
    assert list_backups(library_path) == backups
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT count(*) FROM outcome").fetchone()[0] == len(sample_workshop().outcomes)
    con.close()


def test_pragmas_of_the_writer(library: Library) -> None:
    with library.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_committed_edit_survives_kill_9(library_path: Path) -> None:
    code = (
        "import os, sys\n"
        "from workshop.storage.library import Library\n"
        "from workshop.services.workshops import WorkshopService\n"
        "lib = Library.open(sys.argv[1])\n"
        "wid = WorkshopService(lib).create_workshop('Survivor').result\n"
        "print(wid, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(library_path)], capture_output=True, text=True)
    assert proc.returncode == -9
    with Library.open(library_path) as lib:
        assert WorkshopService(lib).load(int(proc.stdout)).workshop.title == "Survivor"


def test_paths_with_spaces_and_hashes_open_for_reading_and_writing(tmp_path: Path) -> None:
    path = tmp_path / "team room #2" / "strategy library.sqlite3"
    with Library.open(path) as lib:
        WorkshopService(lib).import_workshop(sample_workshop())
    with Library.open(path, read_only=True) as lib:
        assert WorkshopService(lib).workshop_ids() == [1]


def test_a_failed_upgrade_is_one_sentence_and_leaves_the_library_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workshop.storage.library as library_module

    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "library-schema-1.sqlite3", path)
    con = sqlite3.connect(path)
    con.execute("UPDATE library_info SET schema_number = 0")
    con.commit()
    con.close()
    before = path.read_bytes()

    def broken(_path: Path) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(library_module, "migrate", broken)
    with pytest.raises(library_module.LibraryError, match=r"failed .*disk I/O error.*as it was"):
        Library.open(path)
    assert path.read_bytes() == before
    assert next(p.name for p in list_backups(path)).endswith("pre-migration.sqlite3")

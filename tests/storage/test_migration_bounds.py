"""Schema revision 2 brings libraries made before the bounds within them, after the verified backup."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import math
import shutil
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.domain.formulas import Analysis
from workshop.domain.text import name_key
from workshop.domain.validation import name_bounds, text_bounds, workshop_problems
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.backup import list_backups
from workshop.storage.interchange import dumps_workshop
from workshop.storage.library import SCHEMA_NUMBER, Library

FIXTURES = Path(__file__).parent / "fixtures"
LOGGER = "workshop.storage.migrations.versions.0002_within_bounds"
REVISION: ModuleType = importlib.import_module(LOGGER)
#: The newest revision, which a migrated library ends on.
HEAD = "0003"
FOLDED = {
    "department": ("name", "name_key"),
    "participant": ("name", "name_key"),
    "stakeholder": ("name", "name_key"),
    "channel": ("name", "name_key"),
    "outcome": ("key", "key_folded"),
    "criterion": ("key", "key_folded"),
}


def copy_of(tmp_path: Path, fixture: str) -> Path:
    path = tmp_path / "library.sqlite3"
    shutil.copy(FIXTURES / fixture, path)
    return path


def stored(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def changes(records: list[logging.LogRecord], level: int = logging.INFO) -> list[str]:
    """The revision's log lines (its changes, at INFO) among ``records``."""
    return [r.getMessage() for r in records if r.name == LOGGER and r.levelno == level]


def test_revision_0002_is_schema_2_and_the_app_is_past_it() -> None:
    assert REVISION.SCHEMA_NUMBER == 2 < SCHEMA_NUMBER
    assert (REVISION.revision, REVISION.down_revision) == ("0002", "0001")


# -- (a) the committed schema-1 library ------------------------------------------------------------------


def test_the_schema_1_library_migrates_to_2_and_its_workshops_load_intact(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = copy_of(tmp_path, "library-schema-1.sqlite3")
    caplog.set_level(logging.INFO, logger=LOGGER)
    with Library.open(path) as lib:
        service = WorkshopService(lib)
        ids = service.workshop_ids()
        workshops = [service.load(wid).workshop for wid in ids]
    assert stored(path, "SELECT schema_number FROM library_info") == [(SCHEMA_NUMBER,)]
    assert stored(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert ids == [1]
    assert dumps_workshop(workshops[0]) == dumps_workshop(sample_workshop())
    assert all(workshop_problems(ws) == [] for ws in workshops)
    assert changes(caplog.records) == []  # nothing in it was out of bounds
    assert any(p.name.endswith("pre-migration.sqlite3") for p in list_backups(path))


# -- (b) a schema-1 library holding out-of-bounds data ---------------------------------------------------


@pytest.fixture
def migrated(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Path:
    path = copy_of(tmp_path, "library-schema-1-out-of-bounds.sqlite3")
    assert stored(path, "SELECT schema_number FROM library_info") == [(1,)]
    caplog.set_level(logging.INFO, logger=LOGGER)
    Library.open(path).close()
    return path


def test_the_fixture_is_a_schema_1_library_out_of_bounds(tmp_path: Path) -> None:
    path = FIXTURES / "library-schema-1-out-of-bounds.sqlite3"
    assert stored(path, "SELECT schema_number FROM library_info") == [(1,)]
    assert stored(path, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert stored(path, "SELECT overload_limit, dots_per_participant FROM workshop WHERE id = 100") == [(-1, 5000)]
    assert stored(path, "SELECT value_per_unit FROM outcome WHERE id = 101") == [(1e308,)]
    assert "\x00" in str(stored(path, "SELECT title FROM workshop WHERE id = 100")[0][0])


def test_the_fixture_script_makes_the_committed_fixture(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixture", FIXTURES / "make_out_of_bounds_fixture.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = copy_of(tmp_path, "library-schema-1.sqlite3")
    con = sqlite3.connect(made)
    with con:
        script.build(con)
    fresh = list(con.iterdump())
    con.close()
    committed = sqlite3.connect(FIXTURES / "library-schema-1-out-of-bounds.sqlite3")
    try:
        assert list(committed.iterdump()) == fresh
    finally:
        committed.close()


def test_every_stored_value_is_within_the_bounds_after_the_migration(migrated: Path) -> None:
    assert stored(migrated, "SELECT schema_number FROM library_info") == [(SCHEMA_NUMBER,)]
    with Library.open(migrated, read_only=True) as lib:
        service = WorkshopService(lib)
        loaded = {wid: service.load(wid).workshop for wid in service.workshop_ids()}
    assert sorted(loaded) == [1, 100]
    for wid, ws in loaded.items():
        assert workshop_problems(ws) == [], wid
        portfolio = Analysis(ws).portfolio
        assert portfolio is not None
        assert math.isfinite(portfolio.resilience_score) and math.isfinite(portfolio.hhi)
    assert dumps_workshop(loaded[1]) == dumps_workshop(sample_workshop())  # the sample was in bounds: untouched
    ws = loaded[100]
    assert (ws.title, ws.organisation, ws.facilitator) == ("Out of[31m bounds", "Acme GmbH", "Maren Vogt")
    assert (ws.overload_limit, ws.dots_per_participant) == (0, 1000)
    assert [p.name for p in ws.participants][:3] == ["Ana Lee", "Ana Lee (2)", "Ana Lee (3)"]
    assert len(ws.participants[3].name) == 500
    assert [d.name for d in ws.departments] == ["Sales", "Sales (2)"]
    assert [c.name for c in ws.channels][:2] == ["Forum", "Forum (2)"]
    assert ws.channels[0].aliases == ["Community", "Board forum"]
    assert [o.key for o in ws.outcomes] == ["O1", "O1 (2)"]
    o1 = ws.outcomes[0]
    assert (o1.kpi.baseline, o1.kpi.target, o1.value_per_unit) == (-1e12, 1e12, 1e12)
    assert len(o1.notes) == 32_767 and "\x00" not in o1.notes
    assert ws.outcomes[1].notes == "fine\tnotes\nkeep\r\ntheir breaks"  # free text keeps its line breaks
    assert ws.outcomes[1].annual_value == 1e12  # was infinite
    assert [c.weight for c in ws.criteria] == [1000, 1000, 1]
    assert sorted((c.reliance or 0) for c in ws.choices) == [0, 1000, 1000]
    assert [(a.cost, a.effort_days) for a in ws.actions] == [(1e12, 36_500), (1e12, 2), (10, 1)]
    assert [a.origin for a in ws.actions] == ["choice:O1:Forum", "choice:O1 (2):Forum (2)", "fallback:O1 (2)"]
    assert sorted(ws.dismissed_origins) == ["choice:O1 (2):Forum", "fallback:O1", "fallback:O1 (2)"]
    assert [a.minutes for a in ws.agenda if a.stage.value == "setup"] == [10_080]
    assert len(ws.parking_lot[0].text) == 32_767 and ws.parking_lot[0].by == "facil itator"
    assert [n.text for n in ws.decisions] == ["(no text)", "Forum first,\r\nthen the rest"]
    dots = {(v.participant, v.outcome, v.channel): v.dots for v in ws.votes}
    assert dots[("Ana Lee", "O1", None)] == 1000
    assert dots[("Ana Lee (2)", "O1", None)] + dots[("Ana Lee (2)", "O1 (2)", None)] == 1000  # the budget holds


def test_the_folded_key_columns_follow_the_cleaned_names(migrated: Path) -> None:
    for table, (column, folded) in FOLDED.items():
        for name, key in stored(migrated, f'SELECT "{column}", "{folded}" FROM "{table}"'):
            assert key == name_key(str(name)), (table, name, key)


def test_the_log_names_each_change(migrated: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = caplog.get_records("setup")  # the migration ran while the fixture opened the library
    lines = changes(records)
    for expected in (
        "Schema 2 changed workshop 100, overload_limit: -1 -> 0",
        "Schema 2 changed workshop 100, dots_per_participant: 5000 -> 1000",
        "Schema 2 changed outcome 101, value_per_unit: 1e+308 -> 1000000000000.0",
        "Schema 2 changed workshop 100, title: 'Out\\x00 of\\x1b[31m bounds' -> 'Out of[31m bounds'",
        "Schema 2 changed participant 102, name: 'Ana\\nLee' -> 'Ana Lee (2)'",
        "Schema 2 changed vote 101, dots: 5000 -> 1000",
        "Schema 2 changed choice (outcome_id 101, channel_id 102), reliance: inf -> 1000",
        "Schema 2 changed action 102, origin: 'choice:O\\x1b1:Fo\\x00rum' -> 'choice:O1 (2):Forum (2)'",
    ):
        assert expected in lines, expected
    [long_note] = [line for line in lines if line.startswith("Schema 2 changed note 101, text:")]
    assert "(40001 characters) -> " in long_note and "(32767 characters)" in long_note and len(long_note) < 250
    summary = changes(records, logging.WARNING)
    assert summary == [
        f"Schema 2 brought {len(lines)} stored value(s) within the bounds of the method; "
        "the log lists each change and the pre-migration backup keeps the old values."
    ]


def test_the_pre_migration_backup_keeps_the_old_values(migrated: Path) -> None:
    [backup] = [p for p in list_backups(migrated) if p.name.endswith("pre-migration.sqlite3")]
    assert stored(backup, "SELECT schema_number FROM library_info") == [(1,)]
    assert stored(backup, "SELECT overload_limit FROM workshop WHERE id = 100") == [(-1,)]
    # The migration changed data, so it counts as a change: the open after it backed up again.
    assert any(p.name.endswith("-open.sqlite3") for p in list_backups(migrated))


def test_opening_again_changes_nothing(migrated: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    before = stored(migrated, "SELECT * FROM participant ORDER BY id")
    Library.open(migrated).close()
    assert changes(caplog.records) == []
    assert stored(migrated, "SELECT * FROM participant ORDER BY id") == before


def test_a_read_only_open_upgrades_once_as_well(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "library-schema-1-out-of-bounds.sqlite3")
    with Library.open(path, read_only=True) as lib:
        ws = WorkshopService(lib).load(100).workshop
    assert workshop_problems(ws) == []


# -- the revision's cleaning agrees with the domain's bounds ---------------------------------------------


@given(st.text(max_size=700))
def test_a_cleaned_name_keeps_the_bounds_of_a_name(text: str) -> None:
    assert list(name_bounds("name", REVISION.clean_name(text))) == []


@given(st.text(max_size=40) | st.text(min_size=1, max_size=40).map(lambda t: t * 1000))
def test_cleaned_free_text_keeps_the_bounds_of_free_text(text: str) -> None:
    assert list(text_bounds("text", REVISION.clean_text(text))) == []


@pytest.mark.parametrize(
    ("value", "args", "expected"),
    [
        (1e308, (0, 1e12, False, True, False), 1e12),
        (math.inf, (0, 1e12, False, False, False), 1e12),
        (-math.inf, (-1e12, 1e12, False, True, False), -1e12),
        (math.nan, (0, 1e12, False, True, False), None),
        (math.nan, (0, 1e12, False, False, False), 0),
        (-1, (0, 1000, True, False, False), 0),
        (5000, (1, 1000, True, False, False), 1000),
        (2.6, (0, 1000, True, False, False), 3),
        (0.0, (0, 1000, False, True, True), None),
        (None, (0, 1e12, False, True, False), None),
        (7.5, (0, 1e12, False, True, False), 7.5),
    ],
)
def test_clamp(value: float | None, args: tuple[float, float, bool, bool, bool], expected: float | None) -> None:
    assert REVISION.clamp(value, *args) == expected

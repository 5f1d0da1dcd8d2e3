"""The reliability suite's hostile files (item 7) as a test, on fewer examples than the suite's 1,000 so it
stays within the normal test run's time (``python -m tests.reliability --only hostile_files`` runs them all)."""

from __future__ import annotations

from tests.reliability import hostile_files

EXAMPLES_IN_PYTEST = 300


def test_hostile_files_are_imported_cleanly_or_refused_with_nothing_written() -> None:
    figures = hostile_files.run(long=False, seed=20261202, examples=EXAMPLES_IN_PYTEST)
    assert [f.runs for f in figures] == [EXAMPLES_IN_PYTEST]
    assert [f.line() for f in figures if not f.ok] == [], [f.failures[:5] for f in figures]

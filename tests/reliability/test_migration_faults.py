"""The reliability suite's interrupted migration (item 5) as a test: every other step of the upgrade (and its
commit) and a few kills, to stay within the normal run's time; ``python -m tests.reliability --only migration``
fails it after every step."""

from __future__ import annotations

from tests.reliability import migration


def test_an_interrupted_upgrade_leaves_the_old_or_the_new_version_with_its_backup() -> None:
    figures = migration.run(long=False, seed=20261202, stride=2)
    assert figures and all(f.runs > 0 for f in figures)
    assert [f.line() for f in figures if not f.ok] == [], [f.failures[:5] for f in figures]

"""The reliability suite's export faults (item 6) as a test."""

from __future__ import annotations

from tests.reliability import export_faults


def test_a_failing_export_leaves_the_old_file_no_temporary_file_and_a_clear_refusal() -> None:
    figures = export_faults.run(long=False, seed=20261202)
    assert figures and all(f.runs > 0 for f in figures)
    assert [f.line() for f in figures if not f.ok] == [], [f.failures[:5] for f in figures]

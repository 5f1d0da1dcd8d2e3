"""The damaged-library part of the reliability suite, short run, as part of the normal tests."""

from __future__ import annotations

import sys

import pytest

from tests.reliability import damaged


@pytest.mark.skipif(sys.platform == "win32", reason="the variants are made and checked with POSIX paths")
def test_damaged_libraries_never_crash_hang_change_or_lose() -> None:
    figures = damaged.run(long=False, seed=20261202)
    for figure in figures:
        print(figure.line())
    assert [f.name for f in figures if not f.ok] == [], "\n".join(x for f in figures for x in f.failures)
    assert all(f.runs == damaged.RUNS for f in figures)

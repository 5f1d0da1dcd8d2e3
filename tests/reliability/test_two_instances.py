"""The default run of the two-instances part of the reliability suite (item 4 of issue 14): every figure 0."""

from __future__ import annotations

import sys

import pytest

from tests.reliability import two_instances

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and fork are POSIX")


def test_a_second_writer_is_refused_and_a_killed_writer_leaves_the_library_openable() -> None:
    figures = two_instances.run(long=False, seed=20261202)
    for figure in figures:
        print(figure.line(), *figure.failures[:10], sep="\n  ")
    assert [f.name for f in figures] == ["second_writer_refused", "reopen_after_kill9"]
    assert all(f.runs == 10 for f in figures)
    assert [f.line() for f in figures if not f.ok] == []

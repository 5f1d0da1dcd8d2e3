"""The one atomic writer: a new file gets the permissions a plain ``open()`` would give (not ``mkstemp``'s 0600,
which would hide an export from the team), a replaced file keeps its own."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from workshop.atomic import atomic_write_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(b"x")
    atomic_write_bytes(tmp_path / "new.xlsx", b"data")
    assert mode(tmp_path / "new.xlsx") == mode(plain)
    assert mode(plain) & 0o044, "readable by others, as the umask allows"


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    atomic_write_bytes(path, b"new")
    assert (path.read_bytes(), mode(path)) == (b"new", 0o640)

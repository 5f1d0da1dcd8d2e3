"""Shared fixtures: a library in tmp_path, opened for writing, with a service over it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Headless Qt with a 1920x1080 virtual screen (the projector), so window sizes are not clamped.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).parent / 'ui' / 'offscreen.json'}"

# What the commands and the app under test log goes to a throwaway folder, not the user's log folder.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="social-working-test-state-")

from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    lib = Library.open(library_path)
    yield lib
    lib.close()


@pytest.fixture
def service(library: Library) -> WorkshopService:
    return WorkshopService(library)


HOLDER = """
import sys, time
from workshop.storage.library import Library
lib = Library.open(sys.argv[1])
print("ready", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(library_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that has the library open for writing, as the app would (killed afterwards)."""
    if not library_path.exists():
        Library.open(library_path).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(library_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    proc.kill()
    proc.wait()

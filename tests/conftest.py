"""Shared fixtures: a library in tmp_path, opened for writing, with a service over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Headless Qt with a 1920x1080 virtual screen (the projector), so window sizes are not clamped.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).parent / 'ui' / 'offscreen.json'}"

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

"""Fixtures for the set-up stage: a workshop in a real library, its session, and the page shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.ui import settings as S
from workshop.ui.app import apply_style
from workshop.ui.main_window import MainWindow
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.setup import SetupStagePage


def _shown_page(qtbot: QtBot, service: WorkshopService, wid: int) -> SetupStagePage:
    page = SetupStagePage(WorkshopSession(service, wid))
    qtbot.addWidget(page)
    page.resize(1450, 880)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    return page


@pytest.fixture
def setup_page(qtbot: QtBot, service: WorkshopService) -> SetupStagePage:
    """A new, empty workshop titled "T"."""
    return _shown_page(qtbot, service, service.create_workshop("T").result)


@pytest.fixture
def setup_sample_page(qtbot: QtBot, service: WorkshopService) -> SetupStagePage:
    """The shipped sample workshop (8 departments, 12 participants, 3 stakeholders, a full agenda)."""
    return _shown_page(qtbot, service, service.import_workshop(sample_workshop()).result)


@pytest.fixture
def settings(tmp_path: Path) -> S.AppSettings:
    return S.AppSettings(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, settings: S.AppSettings, library_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    win = MainWindow(settings, library_path)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()

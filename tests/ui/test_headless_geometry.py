"""A window nobody saw (the offscreen platform, --exit-when-ready) keeps the user's window layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow

USERS_GEOMETRY = QByteArray(b"the user's own window geometry")
USERS_SPLITTER = QByteArray(b"the user's own splitter")


@pytest.fixture
def users_settings(tmp_path: Path) -> Path:
    path = tmp_path / "settings.ini"
    settings = S.AppSettings(path)
    settings.set(S.WINDOW_GEOMETRY, USERS_GEOMETRY)
    settings.set(S.SPLITTER_STATE, USERS_SPLITTER)
    settings.sync()
    return path


def saved(path: Path) -> tuple[QByteArray, QByteArray]:
    settings = S.AppSettings(path)  # read anew from the file, as the next start would
    return settings.get(S.WINDOW_GEOMETRY), settings.get(S.SPLITTER_STATE)


def open_and_close(qtbot, settings_path: Path, library_path: Path, **kwargs) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The window's size as it closed (a workshop's minimum width may have widened the one asked for)."""
    from tests.ui.test_shell import seed

    wid = seed(library_path)
    window = MainWindow(S.AppSettings(settings_path), library_path, **kwargs)
    qtbot.addWidget(window)
    window.resize(1111, 666)
    window.show()
    window.open_workshop(wid)
    size = (window.width(), window.height())
    window.close()
    return size


def test_the_platform_name_decides(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert QApplication.platformName() == "offscreen"
    assert not S.keeps_window_layout()
    assert not S.keeps_window_layout("offscreen") and not S.keeps_window_layout("minimal")
    assert S.keeps_window_layout("xcb") and S.keeps_window_layout("wayland") and S.keeps_window_layout("windows")


def test_an_offscreen_window_leaves_the_users_geometry_and_splitter(
    qtbot, users_settings: Path, library_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_and_close(qtbot, users_settings, library_path)
    assert saved(users_settings) == (USERS_GEOMETRY, USERS_SPLITTER)


def test_a_seen_window_saves_its_layout(qtbot, users_settings: Path, library_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    assert S.keeps_window_layout()
    size = open_and_close(qtbot, users_settings, library_path)
    geometry, splitter = saved(users_settings)
    assert geometry != USERS_GEOMETRY and not geometry.isEmpty()
    assert splitter != USERS_SPLITTER and not splitter.isEmpty()
    again = MainWindow(S.AppSettings(users_settings), library_path, keep_layout=True)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == size
    again.close()


def test_exit_when_ready_keeps_the_users_layout_even_on_a_real_display(
    qtbot, users_settings: Path, library_path: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_shell import seed
    from workshop.ui.app import run_app

    seed(library_path)
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    code = run_app(library_path, exit_when_ready=True, settings_path=users_settings, log_dir=tmp_path / "logs")
    assert code == 0
    assert saved(users_settings) == (USERS_GEOMETRY, USERS_SPLITTER)

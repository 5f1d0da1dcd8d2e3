"""App preferences, each declared once with its type, default and label (Picard's options.py).

Preferences are about the app on this computer (window layout, recent libraries); what
changes a workshop's results is workshop data, never a preference.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

SETTINGS_VERSION = 1
MAX_RECENT = 8


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    label: str


WINDOW_GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray(), "Main window size and place")
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray(), "Docks and toolbars")
SPLITTER_STATE: Setting[QByteArray] = Setting("window/splitter", QByteArray(), "Navigator and checks panel widths")
RECENT_LIBRARIES: Setting[list[str]] = Setting("library/recent", [], "Recently opened libraries")
FONT_POINT_SIZE: Setting[int] = Setting("view/font_point_size", 14, "Text size (points)")
#: Where the export stage's save dialogs start: the folder of the last export, on this computer.
LAST_EXPORT_FOLDER: Setting[str] = Setting("export/last_folder", "", "Folder of the last export")
#: "library path|workshop id" of each workshop whose dot-voting tally is hidden (anonymous voting): a view
#: setting of this computer, never workshop data or export content.
HIDDEN_TALLY_WORKSHOPS: Setting[list[str]] = Setting(
    "view/hidden_tally_workshops", [], "Workshops whose dot-voting tally is hidden until revealed"
)
#: The stage timer's short sound at two minutes left and at zero (the colour changes either way).
TIMER_SOUND: Setting[bool] = Setting("room/timer_sound", True, "Timer sound at two minutes and at zero")
#: Whether the room's side panel (parking lot and decisions) is open when a workshop opens.
ROOM_NOTES_PANEL: Setting[bool] = Setting("room/notes_panel_shown", False, "Parking lot and decisions panel shown")
#: The screen the presenter view goes full screen on, by the screen's name ("" until the facilitator picks one).
PRESENTER_SCREEN: Setting[str] = Setting("room/presenter_screen", "", "Screen for the presenter view")


#: Qt platforms on which nobody sees the window (tests, --exit-when-ready in CI, screenshots): a size and
#: place from there is nobody's, so it never replaces the user's.
UNSEEN_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl"})


def keeps_window_layout(platform_name: str | None = None) -> bool:
    """Whether closing a window here should save its geometry and splitter over the user's settings."""
    if platform_name is None:
        from PySide6.QtGui import QGuiApplication

        platform_name = QGuiApplication.platformName()
    return platform_name not in UNSEEN_PLATFORMS


class AppSettings:
    """Typed access to QSettings; an INI file at ``path`` (tests) or the platform's place."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            import platformdirs

            path = platformdirs.user_config_path("social-working", appauthor=False) / "settings.ini"
        self.path = path
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        """Versioned upgrades: a settings file from an older app is brought forward once."""
        version = int(self._qsettings.value("meta/version", 0) or 0)
        if version < SETTINGS_VERSION:
            self._qsettings.setValue("meta/version", SETTINGS_VERSION)

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._qsettings.value(setting.key, setting.default)
        default = setting.default
        if isinstance(default, list):
            if value is None or value == "":
                return list(default)  # type: ignore[return-value]
            return list(value) if isinstance(value, (list, tuple)) else [value]  # type: ignore[return-value]
        if isinstance(default, bool):
            return (value in (True, "true", "1", 1)) if value is not None else default  # type: ignore[return-value]
        if isinstance(default, int):
            try:
                return int(value)  # type: ignore[return-value]
            except (TypeError, ValueError):
                return default
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()  # type: ignore[return-value]
        return value  # type: ignore[no-any-return]

    def set(self, setting: Setting[T], value: T) -> None:
        self._qsettings.setValue(setting.key, value)

    def sync(self) -> None:
        self._qsettings.sync()

    def add_recent_library(self, path: Path) -> list[str]:
        text = str(Path(path).resolve())
        recent = [p for p in self.get(RECENT_LIBRARIES) if p != text]
        recent.insert(0, text)
        recent = recent[:MAX_RECENT]
        self.set(RECENT_LIBRARIES, recent)
        return recent

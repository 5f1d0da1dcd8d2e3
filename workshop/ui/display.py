"""Whether the app can open a window here, asked before Qt is: Qt aborts (exit 134) when no platform plugin
starts, so the app says what is missing, which packages bring it, and what works without a window.

No Qt import: this runs where Qt itself cannot load.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: Qt platforms that open no window on a desktop, so need neither DISPLAY nor WAYLAND_DISPLAY.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"})

#: Commands that need no display; ``screenshot`` renders offscreen.
HEADLESS_COMMANDS = "check, resilience, outcomes, channels, plan, list, demo, import and export"


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library Qt loads from the system, with the Debian/Ubuntu package that ships it."""

    soname: str
    package: str


def _libs(*pairs: str) -> tuple[SystemLibrary, ...]:
    return tuple(SystemLibrary(soname, package) for soname, package in (p.split(" ") for p in pairs))


#: What libQt6Gui (and libQt6DBus under it) needs on every platform, offscreen too (`readelf -d`).
GUI_LIBRARIES = _libs(
    "libGL.so.1 libgl1",
    "libEGL.so.1 libegl1",
    "libfontconfig.so.1 libfontconfig1",
    "libfreetype.so.6 libfreetype6",
    "libX11.so.6 libx11-6",
    "libxkbcommon.so.0 libxkbcommon0",
    "libglib-2.0.so.0 libglib2.0-0",
    "libgthread-2.0.so.0 libglib2.0-0",
    "libdbus-1.so.3 libdbus-1-3",
)

#: What the xcb platform plugin (libqxcb.so and libQt6XcbQpa) needs: a fresh Debian or Ubuntu lacks
#: libxcb-cursor0 and often the xcb-util family.
XCB_LIBRARIES = _libs(
    "libxcb.so.1 libxcb1",
    "libX11-xcb.so.1 libx11-xcb1",
    "libxkbcommon-x11.so.0 libxkbcommon-x11-0",
    "libxcb-cursor.so.0 libxcb-cursor0",
    "libxcb-icccm.so.4 libxcb-icccm4",
    "libxcb-image.so.0 libxcb-image0",
    "libxcb-keysyms.so.1 libxcb-keysyms1",
    "libxcb-randr.so.0 libxcb-randr0",
    "libxcb-render.so.0 libxcb-render0",
    "libxcb-render-util.so.0 libxcb-render-util0",
    "libxcb-shape.so.0 libxcb-shape0",
    "libxcb-shm.so.0 libxcb-shm0",
    "libxcb-sync.so.1 libxcb-sync1",
    "libxcb-util.so.1 libxcb-util1",
    "libxcb-xfixes.so.0 libxcb-xfixes0",
    "libxcb-xkb.so.1 libxcb-xkb1",
)

#: What the wayland platform plugin needs beyond the GUI libraries.
WAYLAND_LIBRARIES = _libs(
    "libwayland-client.so.0 libwayland-client0",
    "libwayland-cursor.so.0 libwayland-cursor0",
)

ALL_PACKAGES = tuple(dict.fromkeys(lib.package for lib in GUI_LIBRARIES + XCB_LIBRARIES))


def library_loads(soname: str) -> bool:
    """Ask the dynamic loader Qt's plugin will use (faster and truer than ``ctypes.util.find_library``,
    which runs ldconfig once a name and cannot tell whether the file really loads)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def x_display_answers(display: str) -> bool:
    """Whether the X server named by DISPLAY accepts a connection (a stale DISPLAY, left from an old
    session or an ssh login without X forwarding, makes Qt abort just as a missing one does)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


@dataclass(frozen=True)
class DisplayCheck:
    """``problem`` is the one sentence to print (then exit 2), or empty when the app can start;
    ``platform`` is a QT_QPA_PLATFORM to set first when Qt's own choice would fail and another works."""

    problem: str = ""
    platform: str = ""
    missing: tuple[SystemLibrary, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lib.package for lib in self.missing))


def check_display(
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    loads: Callable[[str], bool] = library_loads,
    x_answers: Callable[[str], bool] = x_display_answers,
) -> DisplayCheck:
    """Can a window open? On macOS and Windows always; on Linux when the platform Qt will pick has its
    display (DISPLAY for xcb, WAYLAND_DISPLAY for wayland) and its system libraries, or is a headless one."""
    env = os.environ if environ is None else environ
    if not (system or sys.platform).startswith("linux"):
        return DisplayCheck()
    checked: dict[str, bool] = {}

    def missing(libraries: tuple[SystemLibrary, ...]) -> tuple[SystemLibrary, ...]:
        for lib in libraries:
            if lib.soname not in checked:
                checked[lib.soname] = loads(lib.soname)
        return tuple(lib for lib in libraries if not checked[lib.soname])

    gui_missing = missing(GUI_LIBRARIES)
    requested = [p.split(":", 1)[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    requested = [p for p in requested if p]
    if any(p in HEADLESS_PLATFORMS for p in requested):
        if not gui_missing:
            return DisplayCheck()
        return DisplayCheck(_sentence([], gui_missing, with_screenshot=False), missing=gui_missing)
    if any(_kind(p) is None for p in requested):
        return DisplayCheck()  # a platform we do not know: Qt's to judge
    displays = {"xcb": bool(env.get("DISPLAY")), "wayland": bool(env.get("WAYLAND_DISPLAY"))}
    libraries = {"xcb": XCB_LIBRARIES, "wayland": WAYLAND_LIBRARIES}
    if requested:
        candidates = list(dict.fromkeys(k for p in requested if (k := _kind(p))))
    else:
        default = _qt_default_platform(env)
        candidates = [default, "wayland" if default == "xcb" else "xcb"]
    reasons: list[str] = []
    lacking: tuple[SystemLibrary, ...] = gui_missing
    for kind in candidates:
        kind_missing = missing(libraries[kind])
        if kind == "xcb" and displays["xcb"] and not kind_missing and not x_answers(env["DISPLAY"]):
            displays["xcb"] = False
            reasons.append(f"the X display {env['DISPLAY']} does not answer")
            continue
        if displays[kind] and not kind_missing and not gui_missing:
            switch = not requested and kind != candidates[0]
            return DisplayCheck(platform=kind if switch else "")
        if displays[kind] or kind == "xcb" or requested:
            lacking += tuple(lib for lib in kind_missing if lib not in lacking)
    if not any(env.get(_DISPLAY_VARIABLE[k]) for k in candidates):
        names = [_DISPLAY_VARIABLE[k] for k in candidates]
        unset = f"neither {' nor '.join(names)} is set" if len(names) > 1 else f"{names[0]} is not set"
        reasons.insert(0, f"there is no display to open a window on ({unset})")
    return DisplayCheck(_sentence(reasons, lacking, with_screenshot=not gui_missing), missing=lacking)


_DISPLAY_VARIABLE = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}


def _kind(platform: str) -> str | None:
    if platform == "xcb":
        return "xcb"
    if platform.startswith("wayland"):
        return "wayland"
    return None


def _qt_default_platform(env: Mapping[str, str]) -> str:
    """Qt 6 on Linux picks xcb, or wayland in a Wayland session outside GNOME (qguiapplication.cpp)."""
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        desktops = (env.get("XDG_CURRENT_DESKTOP", "") + env.get("XDG_SESSION_DESKTOP", "")).lower()
        if "gnome" not in desktops:
            return "wayland"
    return "xcb"


def _sentence(reasons: list[str], missing: tuple[SystemLibrary, ...], *, with_screenshot: bool) -> str:
    parts = list(reasons)
    if missing:
        sonames = ", ".join(lib.soname for lib in missing)
        packages = " ".join(dict.fromkeys(lib.package for lib in missing))
        parts.append(f"Qt cannot load {sonames} (install: sudo apt-get install {packages})")
    headless = f"social-working {HEADLESS_COMMANDS} work without a display"
    if with_screenshot:
        headless += ", and social-working screenshot renders a stage offscreen"
    return f"Social Working cannot open its window: {'; '.join(parts)}; {headless}."

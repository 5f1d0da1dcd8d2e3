"""Started where no window can open, the app says why in one sentence and exits 2, before Qt would abort."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from workshop.ui.display import GUI_LIBRARIES, XCB_LIBRARIES, check_display


def loads_all_but(*absent: str) -> Callable[[str], bool]:
    return lambda soname: soname not in absent


def answers(_display: str) -> bool:
    return True


def check(env: dict[str, str], *absent: str, x_answers: Callable[[str], bool] = answers, system: str = "linux"):  # type: ignore[no-untyped-def]
    return check_display(env, system, loads_all_but(*absent), x_answers)


def test_no_display_at_all_is_said_with_what_works_without_one() -> None:
    result = check({})
    assert not result.ok
    assert "no display" in result.problem and "neither DISPLAY nor WAYLAND_DISPLAY is set" in result.problem
    assert "check" in result.problem and "export" in result.problem and "screenshot" in result.problem
    assert result.problem.count(".") == 1 and result.problem.endswith(".")  # one sentence


def test_no_display_and_missing_libraries_names_the_packages_for_later() -> None:
    result = check({}, "libxcb-cursor.so.0")
    assert "no display" in result.problem
    assert "sudo apt-get install libxcb-cursor0" in result.problem
    assert result.packages == ("libxcb-cursor0",)


def test_a_display_without_libxcb_cursor_names_the_library_and_the_package() -> None:
    result = check({"DISPLAY": ":0"}, "libxcb-cursor.so.0", "libxcb-icccm.so.4")
    assert not result.ok
    assert "no display" not in result.problem
    assert "libxcb-cursor.so.0" in result.problem
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in result.problem
    assert "work without a display" in result.problem


def test_a_stale_display_that_does_not_answer_is_said() -> None:
    result = check({"DISPLAY": ":7"}, x_answers=lambda _d: False)
    assert not result.ok and "the X display :7 does not answer" in result.problem


def test_wayland_alone_starts_on_wayland() -> None:
    result = check({"WAYLAND_DISPLAY": "wayland-0"})
    assert result.ok and result.platform == "wayland"  # Qt would pick xcb and abort: we pick for it
    session = check({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"})
    assert session.ok and session.platform == ""  # Qt's own choice works


def test_wayland_without_its_libraries_names_them() -> None:
    result = check({"WAYLAND_DISPLAY": "wayland-0"}, "libwayland-cursor.so.0")
    assert not result.ok and "sudo apt-get install libwayland-cursor0" in result.problem


def test_the_offscreen_platform_needs_no_display() -> None:
    for platform in ("offscreen", "offscreen:configfile=/tmp/x.json", "minimal", "vnc"):
        assert check({"QT_QPA_PLATFORM": platform}, "libxcb-cursor.so.0").ok, platform


def test_offscreen_without_qts_own_libraries_is_said() -> None:
    result = check({"QT_QPA_PLATFORM": "offscreen"}, "libGL.so.1")
    assert not result.ok and "sudo apt-get install libgl1" in result.problem
    assert "screenshot" not in result.problem  # it needs them too


def test_an_asked_for_platform_is_checked_alone() -> None:
    assert "DISPLAY is not set" in check({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}).problem
    assert check({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}).ok


def test_everything_present_starts() -> None:
    result = check({"DISPLAY": ":0"})
    assert result.ok and result.problem == "" and result.platform == "" and result.missing == ()


def test_macos_and_windows_always_have_a_display() -> None:
    absent = [lib.soname for lib in GUI_LIBRARIES + XCB_LIBRARIES]
    assert check({}, *absent, system="darwin").ok
    assert check({}, *absent, system="win32").ok


def test_the_real_lookup_finds_what_this_machine_has() -> None:
    result = check_display({"QT_QPA_PLATFORM": "offscreen"})
    assert result.ok  # the tests themselves run offscreen, so Qt's own libraries are here


def test_starting_without_a_display_exits_2_with_the_sentence_not_qts_abort(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = ""
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "--library", str(tmp_path / "library.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Social Working cannot open its window" in proc.stderr
    assert "no display" in proc.stderr and "work without a display" in proc.stderr
    assert "qt.qpa" not in proc.stderr and "Aborted" not in proc.stderr
    assert not (tmp_path / "library.sqlite3").exists()  # nothing opened, nothing written

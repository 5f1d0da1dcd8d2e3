"""Starting the desktop app, and rendering a stage headless for screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QApplication

from workshop.domain.enums import Stage
from workshop.resources import resource
from workshop.services.refusals import Refusal
from workshop.ui import settings as S
from workshop.ui.errors import ExceptionHandler, configure_logging, default_log_dir

APP_NAME = "Social Working"


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, styled for the room: large type, high contrast."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    return app


def apply_style(app: QApplication, point_size: int = 14) -> None:
    """Large type and the app's style sheet. Setting either again re-polishes every widget of the application, so
    what is already in force is not set again (each new window of a test run asks for the same style)."""
    font = QFont(app.font())
    font.setPointSize(point_size)
    if font != app.font():
        app.setFont(font)
    sheet = style_sheet()
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def style_sheet() -> str:
    """The app's style, with the colours that mean something taken from the one palette."""
    from workshop.domain.enums import Severity
    from workshop.export import palette

    colours = {
        "@ERROR_TEXT@": palette.SEVERITY_TEXT_COLOURS[Severity.ERROR],
        "@WARNING_TEXT@": palette.SEVERITY_TEXT_COLOURS[Severity.WARNING],
        "@WARNING@": palette.SEVERITY_COLOURS[Severity.WARNING],
        "@READY_TEXT@": palette.READY_TEXT_COLOUR,
    }
    text = resource("styles", "app.qss").read_text(encoding="utf-8")
    for name, colour in colours.items():
        text = text.replace(name, colour)
    return text


def run_app(
    library_path: Path | None,
    *,
    exit_when_ready: bool = False,
    settings_path: Path | None = None,
    log_dir: Path | None = None,
) -> int:
    from workshop.services.library_service import library_path_or_default
    from workshop.ui.main_window import MainWindow

    app = application()
    settings = S.AppSettings(settings_path)
    apply_style(app, settings.get(S.FONT_POINT_SIZE))
    log_path = configure_logging(log_dir or default_log_dir())
    handler = ExceptionHandler(log_path, app)
    handler.install()
    # A run that quits by itself is a measurement, not a person's session: it keeps the user's window layout.
    window = MainWindow(settings, library_path_or_default(library_path), keep_layout=False if exit_when_ready else None)
    window.show()
    if exit_when_ready:
        # Quit once the start screen has shown the library: for measuring start-up.
        QTimer.singleShot(0, window.close)
    code = app.exec()
    handler.uninstall()
    return code


def render_screenshot(
    library_path: Path | None,
    workshop_ref: str,
    stage: Stage,
    out: Path,
    size: tuple[int, int],
    *,
    presenter: bool = False,
) -> Path:
    """Render the main window on a stage, headless, as a facilitator sees it: from a private, writable copy
    of the workshop (a file, or a library's workshop), so the original is only read. ``presenter``: the presenter
    view of the stage instead, as the room sees it (no names on the grid; the tally as a new computer shows it)."""
    import json
    import tempfile

    if QApplication.instance() is None and os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # A virtual screen as large as the picture, so the window is not clamped to a default 800x600.
        screen = {"name": "shot", "x": 0, "y": 0, "width": size[0], "height": size[1], "logicalDpi": 96}
        config = Path(tempfile.mkdtemp()) / "offscreen.json"
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"

    from workshop.services.library_service import library_path_or_default, private_copy
    from workshop.ui.main_window import MainWindow

    app = application()
    apply_style(app)
    with private_copy(workshop_ref, library_path) as (copy, workshop_id), tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(S.AppSettings(Path(tmp) / "settings.ini"), copy)
        window.resize(*size)
        window.show()
        window.open_workshop(workshop_id)
        window.go_to_stage(stage)
        source = workshop_ref if Path(workshop_ref).is_file() else str(library_path_or_default(library_path))
        window.status_library.setText(window.tr("Shown from %1").replace("%1", source))
        app.processEvents()
        image = window.grab() if not presenter else _presenter_image(window, size)
        window.close()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refusal(f"Cannot write {out}: {exc.strerror or exc}.") from None
    if not image.save(str(out)):
        raise Refusal(f"Cannot write {out}: the folder is missing or not writable, or the name is not a PNG file.")
    return out


def _presenter_image(window: object, size: tuple[int, int]) -> QPixmap:
    """The presenter view of the window's stage at ``size``, laid out and drawn, as the room sees it."""
    from workshop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    app = application()
    window.presenter.show_action.setChecked(True)
    shown = window.presenter.window
    assert shown is not None
    if shown.isFullScreen():
        shown.showNormal()
    shown.resize(*size)
    app.processEvents()
    shown.settle()
    for _ in range(3):  # the charts build when shown, then draw on the next turn of the event loop
        app.processEvents()
    image = shown.grab()
    window.presenter.show_action.setChecked(False)
    return image

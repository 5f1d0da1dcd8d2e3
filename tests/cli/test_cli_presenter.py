"""``social-working screenshot WORKSHOP --stage STAGE --presenter --out FILE.png`` (issue 15 item 7): the presenter
view of a stage, headless, as the room sees it, at the size asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.cli.test_cli import SAMPLE_PATH, run
from workshop.domain.enums import Stage
from workshop.ui.room.presenter.style import BAND


def _colours(image: QImage, step: int = 24) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


@pytest.mark.parametrize("stage", [s.value for s in Stage])
def test_the_presenter_view_of_each_stage_is_a_png_of_the_size_asked(tmp_path: Path, stage: str) -> None:
    out = tmp_path / f"presenter-{stage}.png"
    code, printed = run("screenshot", str(SAMPLE_PATH), "--stage", stage, "--presenter", "--out", str(out))
    assert (code, printed) == (0, f"{out}\n")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.pixelColor(4, 4) == QColor(BAND)  # the presenter's header band, not the facilitator's window
    assert _colours(image) > 6  # something drawn beneath it, not an empty page


def test_the_presenter_screenshot_from_the_command_line_at_1280x720(tmp_path: Path) -> None:
    out = tmp_path / "stakeholders.png"
    proc = subprocess.run(
        [sys.executable, "-m", "workshop", "screenshot", str(SAMPLE_PATH), "--stage", "stakeholders", "--presenter",
         "--size", "1280x720", "--out", str(out), "--library", str(tmp_path / "none.sqlite3")],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    assert image.pixelColor(4, 4) == QColor(BAND)
    assert not (tmp_path / "none.sqlite3").exists()  # the file is only read


def test_the_main_window_screenshot_is_unchanged_without_presenter(tmp_path: Path) -> None:
    out = tmp_path / "setup.png"
    assert run("screenshot", str(SAMPLE_PATH), "--stage", "setup", "--out", str(out))[0] == 0
    assert QImage(str(out)).pixelColor(4, 4) != QColor(BAND)


def test_presenter_is_in_the_screenshot_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("screenshot", "--help")
    assert "--presenter" in capsys.readouterr().out

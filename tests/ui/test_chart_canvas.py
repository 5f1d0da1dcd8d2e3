"""The chart canvas: matplotlib's Qt backend on PySide6, loaded only when a chart is shown; Ctrl+Shift+S saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialogs import when_dialog_opens
from workshop.domain.formulas import Analysis
from workshop.domain.reports import OutcomeMapData, outcome_map_data
from workshop.services.catalog import sample_workshop
from workshop.ui.widgets.chart_canvas import SAVE_SHORTCUT, ChartCanvas

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_data() -> OutcomeMapData:
    return outcome_map_data(Analysis(sample_workshop()))


def outcome_map(data: OutcomeMapData):  # type: ignore[no-untyped-def]
    from workshop.export.charts import figure_for_outcome_map

    return figure_for_outcome_map(data)


@pytest.fixture
def shown(qtbot: QtBot, sample_data: OutcomeMapData) -> tuple[QWidget, ChartCanvas]:
    """A window holding a canvas with the sample's outcome map, shown and focused."""
    window = QWidget()
    layout = QVBoxLayout(window)
    chart = ChartCanvas(file_name="outcome-map.png")
    layout.addWidget(chart)
    qtbot.addWidget(window)
    chart.set_figure_factory(lambda: outcome_map(sample_data))
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    chart.setFocus()
    return window, chart


LAZY = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workshop.ui.widgets.chart_canvas import ChartCanvas

def factory():
    from workshop.domain.formulas import Analysis
    from workshop.domain.reports import outcome_map_data
    from workshop.export.charts import figure_for_outcome_map
    from workshop.services.catalog import sample_workshop
    return figure_for_outcome_map(outcome_map_data(Analysis(sample_workshop())))

chart = ChartCanvas()
chart.set_figure_factory(factory)
before = "matplotlib" in sys.modules
chart.resize(800, 500)
chart.show()
app.processEvents()
from matplotlib.backends.qt_compat import QT_API
print(before, type(chart.canvas).__name__, QT_API, "matplotlib.pyplot" in sys.modules)
"""


def test_matplotlib_is_loaded_when_the_chart_is_first_shown_and_runs_on_pyside6() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", LAZY], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert proc.stdout.split() == ["False", "FigureCanvasQTAgg", "PySide6", "False"], proc.stdout + proc.stderr


def test_the_canvas_embeds_the_figure_at_its_size(shown: tuple[QWidget, ChartCanvas]) -> None:
    _window, chart = shown
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    assert isinstance(chart.canvas, FigureCanvasQTAgg)
    assert chart.figure is chart.canvas.figure
    assert chart.canvas.isVisible()
    width, height = chart.figure.get_size_inches() * chart.figure.dpi / chart.canvas.device_pixel_ratio
    assert (round(width), round(height)) == (chart.canvas.width(), chart.canvas.height())
    chart.canvas.draw()
    image = chart.canvas.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    assert len(colours) > 5  # bubbles, text and grid drawn, not a blank widget


def test_a_hidden_canvas_builds_its_chart_when_shown(qtbot: QtBot, sample_data: OutcomeMapData) -> None:
    calls: list[int] = []

    def factory():  # type: ignore[no-untyped-def]
        calls.append(1)
        return outcome_map(sample_data)

    chart = ChartCanvas()
    qtbot.addWidget(chart)
    chart.set_figure_factory(factory)
    assert calls == [] and chart.figure is None and not chart.save_action.isEnabled()
    chart.show()
    qtbot.waitExposed(chart)
    assert calls == [1] and chart.figure is not None and chart.save_action.isEnabled()
    first = chart.figure
    chart.refresh()
    assert calls == [1, 1] and chart.figure is not first
    chart.hide()
    chart.refresh()  # the data changed while the page was away: built again when it is back
    assert calls == [1, 1]
    chart.show()
    qtbot.waitExposed(chart)
    assert calls == [1, 1, 1]


def test_the_save_action_is_ctrl_shift_s_for_the_canvas_alone(shown: tuple[QWidget, ChartCanvas]) -> None:
    _window, chart = shown
    action = chart.save_action
    assert action.text() == "Save chart as PNG…"
    assert action.shortcut().toString() == SAVE_SHORTCUT
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert action in chart.actions()


def choose_file(path: Path, seen: list[str]):  # type: ignore[no-untyped-def]
    """Type a file name into the save dialog and press Enter, as a person would."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen.append(dialog.windowTitle())
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setText(str(path))
        QtBot.keyClick(edit, Qt.Key.Key_Return)

    return handle


def test_ctrl_shift_s_saves_the_chart_as_png(qtbot: QtBot, shown: tuple[QWidget, ChartCanvas], tmp_path: Path) -> None:
    _window, chart = shown
    target = tmp_path / "outcome-map"  # no suffix typed: the dialog adds .png
    seen: list[str] = []
    when_dialog_opens(choose_file(target, seen))
    with qtbot.waitSignal(chart.chart_saved, timeout=10_000) as saved:
        qtbot.keyClick(chart, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen == ["Save chart as PNG"]
    png = tmp_path / "outcome-map.png"
    assert saved.args == [str(png)]
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) == (chart.canvas.width(), chart.canvas.height())  # type: ignore[union-attr]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcome-map.png"]
    assert chart.last_folder == tmp_path


def test_a_failed_save_says_so_naming_the_file(
    qtbot: QtBot, shown: tuple[QWidget, ChartCanvas], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.export import charts

    def disk_full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(charts.os, "replace", disk_full)
    _window, chart = shown
    target = tmp_path / "map.png"
    said: list[str] = []

    def acknowledge(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text() + "\n" + box.informativeText())
        box.button(QMessageBox.StandardButton.Ok).click()

    def then_acknowledge(dialog: QWidget) -> None:
        when_dialog_opens(acknowledge)  # the refusal comes as a second dialog
        choose_file(target, [])(dialog)

    when_dialog_opens(then_acknowledge)
    chart.save_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert str(target) in said[0] and "No space left on device" in said[0]
    assert list(tmp_path.iterdir()) == []
    assert QApplication.activeModalWidget() is None


def test_a_chart_is_built_again_for_a_much_smaller_window_not_for_a_small_change(
    qtbot: QtBot, shown: tuple[QWidget, ChartCanvas], sample_data: OutcomeMapData
) -> None:
    window, chart = shown
    built: list[int] = []
    chart.set_figure_factory(lambda: built.append(chart.width()) or outcome_map(sample_data))
    assert len(built) == 1
    window.resize(1180, 690)  # a few pixels: the same chart
    qtbot.wait(400)
    assert len(built) == 1
    window.resize(800, 450)  # from 1920x1080 to 1280x720, say: its type is sized again
    qtbot.waitUntil(lambda: len(built) == 2)
    assert built[-1] < 900

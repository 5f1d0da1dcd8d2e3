"""The one thin widget that embeds the charts of ``workshop.export.charts``, and saves them as PNG.

matplotlib (and its Qt backend) is imported when the first chart is shown, never when a page that holds a
canvas is built: start-up does not pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FigureFactory = Callable[[], "Figure"]
SAVE_SHORTCUT = "Ctrl+Shift+S"
PNG_FILTER = "PNG image (*.png)"
#: A chart is built again for its new size once the canvas grew or shrank by more than this share (the factories
#: size their type to the canvas: a chart built for 1920x1080 is unreadable squeezed into 1280x720).
RESIZE_SHARE = 0.15


def _canvas_class() -> type[Any]:
    """matplotlib's Qt canvas, bound to PySide6 (the binding this app already loaded)."""
    os.environ.setdefault("QT_API", "pyside6")
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    return FigureCanvasQTAgg


class ChartCanvas(QWidget):
    """Shows one Figure at a time; a factory is called when the canvas is shown (and again on ``refresh()``), so a
    chart on a hidden page costs nothing until the page is opened."""

    chart_saved = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, file_name: str = "chart.png") -> None:
        super().__init__(parent)
        self.setObjectName("chartCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the save shortcut works once the chart is clicked
        self.file_name = file_name
        self.last_folder: Path | None = None
        self._factory: FigureFactory | None = None
        self._stale = False
        self._canvas: QWidget | None = None
        self._built_for = QSize()
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(150)  # once the window stops changing size
        self._resized.timeout.connect(self._rebuild_if_resized)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(self.tr("The chart appears here."))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._placeholder)
        self.save_action = QAction(self.tr("Save chart as PNG…"), self)
        self.save_action.setShortcut(QKeySequence(SAVE_SHORTCUT))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.setEnabled(False)
        self.save_action.triggered.connect(self.save_as_png)
        self.addAction(self.save_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # -- showing -------------------------------------------------------------

    @property
    def figure(self) -> Figure | None:
        return None if self._canvas is None else self._canvas.figure  # type: ignore[attr-defined,no-any-return]

    @property
    def canvas(self) -> QWidget | None:
        """matplotlib's canvas widget, once a figure is shown."""
        return self._canvas

    def fitted_dpi(self) -> float:
        """The dpi at which a 16 x 9 in figure of ``workshop.export.charts`` reads best in this canvas: type as large
        as the pane allows, by its width and its height (a short pane on a 1280x720 window)."""
        return max(56.0, min(120.0, self.width() / 9, self.height() / 5.6))

    def set_figure_factory(self, factory: FigureFactory | None) -> None:
        """The chart to show: built now when the canvas is visible, else when it is next shown."""
        self._factory = factory
        self.refresh()

    def refresh(self) -> None:
        """Build the chart again from the factory (after the data changed): now when the canvas is visible, else
        when it is next shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._factory is not None:
            self.show_figure(self._factory())

    def show_figure(self, figure: Figure) -> None:
        canvas = _canvas_class()(figure)
        canvas.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        canvas.setObjectName("chartFigure")
        old = self._canvas
        if old is None:
            self._layout.removeWidget(self._placeholder)
            self._placeholder.hide()
        else:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self._canvas = canvas
        self._built_for = self.size()
        self._layout.addWidget(canvas)
        self.save_action.setEnabled(True)
        canvas.draw_idle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._canvas is not None and self._factory is not None:
            self._resized.start()

    def _rebuild_if_resized(self) -> None:
        was, now = self._built_for, self.size()
        if was.isEmpty() or any(abs(b - a) > RESIZE_SHARE * a for a, b in ((was.width(), now.width()),
                                                                          (was.height(), now.height()))):  # fmt: skip
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- saving --------------------------------------------------------------

    def save_as_png(self) -> Path | None:
        """Ask where, then write the chart there; a target that cannot be written is said, naming it."""
        figure = self.figure
        if figure is None:
            return None
        folder = self.last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or Path.home()
        )
        dialog = QFileDialog(self, self.tr("Save chart as PNG"), str(folder / self.file_name), self.tr(PNG_FILTER))
        dialog.setObjectName("saveChartDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setDefaultSuffix("png")
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        path = Path(dialog.selectedFiles()[0])
        self.last_folder = path.parent
        from workshop.export.charts import save_png

        try:
            save_png(figure, path)
        except OSError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Chart not saved"),
                self.tr("The chart was not saved as %1.").replace("%1", str(path)),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("chartNotSaved")
            box.setInformativeText(str(exc))
            box.exec()
            return None
        self.chart_saved.emit(str(path))
        return path

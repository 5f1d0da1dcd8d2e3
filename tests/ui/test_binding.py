"""The Qt binding itself: PySide6 6.12.0 dropped a reference to None each time Qt got None back from Python,
and on Python 3.11 (where None is not immortal) the app aborted after a few hours of painting."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

Index = QModelIndex | QPersistentModelIndex


class _Empty(QAbstractTableModel):
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> None:
        return None  # what every model of the app answers for most roles


class _Painted(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).end()


def test_none_returned_to_qt_keeps_its_references(qtbot: QtBot) -> None:
    model = _Empty()
    index = model.index(0, 0)
    index.data(Qt.ItemDataRole.ToolTipRole)
    before = sys.getrefcount(None)
    for _ in range(500):
        index.data(Qt.ItemDataRole.ToolTipRole)
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    for _ in range(50):
        widget.repaint()
    # A few references may come and go with the widget; 500 lost ones are the bug.
    assert sys.getrefcount(None) - before > -50

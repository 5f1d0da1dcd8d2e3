"""The editors of a note, in a cell and in the capture dialog: multi-line text, who, when.

Text is written over several lines: Enter starts a new line, Ctrl+Enter saves (as in the capture dialog),
Esc cancels; leaving the cell saves too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QDateTime, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QDateTimeEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop.ui.models import Index

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
#: Lines of a note's text its cell shows (its row is that tall; the rest is elided).
CELL_LINES = 2
#: Lines of text a cell's editor shows (it grows over the rows below; the table keeps its row height).
EDITOR_LINES = 5


def is_save_key(event: QEvent) -> bool:
    """Ctrl+Enter (either Enter key): save the text written."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    )


class NoteTextEdit(QPlainTextEdit):
    """Free text over several lines; Ctrl+Enter says ``save_requested``; Tab leaves the field (no tab typed)."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_save_key(event):
            self.save_requested.emit()
            return
        super().keyPressEvent(event)


def by_combo(choices: list[str], current: str, parent: QWidget | None = None) -> QComboBox:
    """Who: the facilitator or a participant, or any other name typed."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(15)
    combo.addItems(choices)
    at = combo.findText(current, Qt.MatchFlag.MatchFixedString)
    if at >= 0:
        combo.setCurrentIndex(at)
    else:
        combo.setEditText(current)
    return combo


def datetime_edit(value: dt.datetime | None, parent: QWidget | None = None) -> QDateTimeEdit:
    """When: date and time to the minute, with a calendar (Alt+Down opens it)."""
    editor = QDateTimeEdit(parent)
    editor.setCalendarPopup(True)
    editor.setDisplayFormat(DATETIME_FORMAT)
    now = dt.datetime.now().replace(second=0, microsecond=0)
    editor.setDateTime(QDateTime(value if value is not None else now))
    return editor


class NoteTextDelegate(QStyledItemDelegate):
    """A note's text edited in place, several lines tall."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = NoteTextEdit(parent)
        editor.save_requested.connect(lambda: self._save_and_close(editor))
        return editor

    def _save_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, NoteTextEdit)
        if editor.toPlainText() != (text := str(index.data(Qt.ItemDataRole.EditRole) or "")):
            editor.setPlainText(text)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, NoteTextEdit)
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        """Over the whole row (who and when too: a side panel's text column is narrow) and taller than it, moved
        up when the rows below are too few to hold it."""
        rect = QRect(option.rect)
        parent = editor.parentWidget()
        if parent is not None:
            rect.setRight(max(rect.right(), parent.width() - 1))
        height = max(rect.height(), editor.fontMetrics().lineSpacing() * EDITOR_LINES + 12)
        room = parent.height() if parent is not None else height
        rect.setHeight(min(height, max(room, rect.height())))
        if rect.bottom() > room:
            rect.moveBottom(max(rect.height() - 1, room - 1))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, NoteTextEdit) and is_save_key(event):
            return False  # the editor saves itself (the base filter would take Enter for a new line)
        return super().eventFilter(watched, event)


class ByDelegate(QStyledItemDelegate):
    """Who: the facilitator or a participant (as the room is now), or a name typed."""

    def __init__(self, choices: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return by_combo(self.choices(), str(index.data(Qt.ItemDataRole.EditRole) or ""), parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Set once when opened (the view calls this again after each edit; the typed name stays)."""

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class DateTimeDelegate(QStyledItemDelegate):
    """When: a date and a time."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = datetime_edit(index.data(Qt.ItemDataRole.EditRole), parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Set once when opened."""

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDateTimeEdit)
        editor.interpretText()
        model.setData(index, editor.dateTime(), Qt.ItemDataRole.EditRole)

"""The side panel: the parking lot and the decisions, each a table edited in place, moved and removed by key.

It redraws only when an edit touched the notes (or the workshop was read again whole), keeping the selected
item and the scroll position of each list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workshop.ui.item_list import action_button, heading, key_action, table_view
from workshop.ui.room.notes_editors import CELL_LINES, ByDelegate, DateTimeDelegate, NoteTextDelegate
from workshop.ui.room.notes_model import NoteTableModel, by_choices, kind_noun, note_model_for
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.widgets.message_line import MessageLine

#: The library table of both lists.
NOTE_TABLE = "note"


class NoteListPanel(QWidget):
    """One list (the parking lot or the decisions): a heading with its count, the table, its buttons."""

    def __init__(self, session: WorkshopSession, kind: str, capture: Callable[[], None]) -> None:
        super().__init__()
        self.session, self.kind = session, kind
        self.setObjectName(f"notes-{kind}")
        self.model: NoteTableModel = note_model_for(kind, session)
        self.model.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title = heading(self.model.title())
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.view = view = table_view(self.model)
        view.setObjectName(f"notesTable-{kind}")
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A note's text wraps over two lines, the rest elided (the tool tip and the editor hold it all); every row
        # the same height, so a redraw never measures each row of a long list.
        view.setWordWrap(True)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() * CELL_LINES + 14)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._delegates = (
            NoteTextDelegate(view),
            ByDelegate(lambda: by_choices(self.session.workshop), view),
            DateTimeDelegate(view),
        )
        for column, delegate in enumerate(self._delegates):
            view.setItemDelegateForColumn(column, delegate)
        view.viewport().installEventFilter(self)
        layout.addWidget(view, 1)
        noun = kind_noun(kind)
        parking = kind == "parking_lot"
        #: The button's action; the window's own action holds its key (Ctrl+K / Ctrl+Shift+K) from any stage.
        self.capture_action = QAction(self.tr("Park…") if parking else self.tr("Record…"), self)
        self.capture_action.setToolTip(
            self.tr("Park a topic (Ctrl+K)") if parking else self.tr("Record a decision (Ctrl+Shift+K)")
        )
        self.capture_action.triggered.connect(lambda _checked=False: capture())
        self.move_up_action = key_action(
            view, self.tr("▲ Up"), self.tr("Move the selected %1 up").replace("%1", noun),
            QKeySequence("Alt+Up"), lambda: self.move_selected(-1),
        )  # fmt: skip
        self.move_down_action = key_action(
            view, self.tr("▼ Down"), self.tr("Move the selected %1 down").replace("%1", noun),
            QKeySequence("Alt+Down"), lambda: self.move_selected(1),
        )  # fmt: skip
        self.remove_action = key_action(
            view, self.tr("Remove"),
            self.tr("Remove the selected %1 at once; Ctrl+Z brings it back").replace("%1", noun),
            QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected,
        )  # fmt: skip
        self.capture_button = action_button(self.capture_action)
        top.addWidget(self.capture_button)
        buttons = QHBoxLayout()
        for action in (self.move_up_action, self.move_down_action, self.remove_action):
            buttons.addWidget(action_button(action))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        view.selectionModel().selectionChanged.connect(self._update_actions)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """When at its content width, who up to a fifth of the room, the text the rest (it wraps)."""
        view, header, model = self.view, self.view.horizontalHeader(), self.model
        room = view.viewport().width()
        least = {c: header.sectionSizeHint(c) for c in range(model.columnCount())}
        at = max(view.sizeHintForColumn(model.COL_AT), least[model.COL_AT])
        by = min(max(view.sizeHintForColumn(model.COL_BY), least[model.COL_BY]), max(least[model.COL_BY], room // 5))
        header.resizeSection(model.COL_AT, at)
        header.resizeSection(model.COL_BY, by)
        header.resizeSection(model.COL_TEXT, max(least[model.COL_TEXT] * 2, room - at - by))

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else self.model.row_id(row)

    def select_id(self, row_id: int) -> bool:
        row = self.model.row_of_id(row_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return row is not None

    def refresh(self) -> None:
        """Rebuild from the session, keeping the same item selected (or its neighbour when it went) and the
        scroll position."""
        current = self.view.currentIndex()
        row_id = self.model.row_id(current.row()) if current.isValid() else None
        scroll = self.view.verticalScrollBar().value()
        changed = self.model.refresh()
        if changed:
            row = self.model.row_of_id(row_id) if row_id is not None else None
            if row is None and current.isValid():
                row = min(current.row(), self.model.rowCount() - 1)
            if row is not None and row >= 0:
                self.view.setCurrentIndex(self.model.index(row, max(0, current.column())))
            self.view.verticalScrollBar().setValue(scroll)
            if row is not None and row >= 0:
                self.view.scrollTo(self.model.index(row, 0))
            self.fit_columns()
        self.title.setText(self.model.title())
        self._update_actions()

    def remove_selected(self) -> None:
        row_id = self.selected_id()
        if row_id is not None and not self.session.read_only:
            service, kind = self.session.service, self.kind
            self.session.apply(lambda: service.remove(kind, row_id))

    def move_selected(self, steps: int) -> None:
        row_id = self.selected_id()
        if row_id is not None and not self.session.read_only:
            service, kind = self.session.service, self.kind
            self.session.apply(lambda: service.move(kind, row_id, steps))

    def _update_actions(self) -> None:
        row = self.selected_row()
        writable = not self.session.read_only
        self.capture_action.setEnabled(writable)
        self.remove_action.setEnabled(writable and row is not None)
        self.move_up_action.setEnabled(writable and row is not None and row > 0)
        self.move_down_action.setEnabled(writable and row is not None and row < self.model.rowCount() - 1)


class NotesPanel(QWidget):
    """Both lists, one above the other, and the keys that work in them."""

    def __init__(self, session: WorkshopSession, capture: Callable[[str], None]) -> None:
        super().__init__()
        self.session = session
        self.stale = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.lists = {
            kind: NoteListPanel(session, kind, lambda k=kind: capture(k)) for kind in ("parking_lot", "decision")
        }
        for panel in self.lists.values():
            self.splitter.addWidget(panel)
        layout.addWidget(self.splitter, 1)
        self.message = MessageLine()
        layout.addWidget(self.message)
        for panel in self.lists.values():
            panel.model.refused_here.connect(self.message.say)
        read_only = session.read_only
        self.hint = QLabel(
            self.tr("Read-only library: the lists can be read, not changed.")
            if read_only
            else self.tr("F2 edits (Ctrl+Enter saves a text) · Delete removes · Alt+↑/↓ moves · Ctrl+Z undoes")
        )
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        session.changed.connect(self._session_changed)

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.message.clear_message()  # the last edit went through, wherever it was made
        if not (tables >= EVERYTHING or NOTE_TABLE in tables):
            return
        if not self.isVisible():
            self.stale = True  # redrawn when shown
            return
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        for panel in self.lists.values():
            panel.refresh()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.stale:
            self.refresh()


class NotesDock(QDockWidget):
    """The panel docked at the window's right; ``closed_by_user`` when its own close button hides it."""

    closed_by_user = Signal()

    def __init__(self, session: WorkshopSession, capture: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Parking lot and decisions"), parent)
        self.setObjectName("roomNotesDock")
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.panel = NotesPanel(session, capture)
        self.setWidget(self.panel)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed_by_user.emit()

"""What every stage page offers the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.checks import CheckResult
from workshop.domain.enums import Stage
from workshop.domain.refs import ItemRef
from workshop.ui.session import EVERYTHING, WorkshopSession

#: What a person edits with; disabled on the pages of a read-only library.
EDITING_WIDGETS = (QAbstractButton, QAbstractSpinBox, QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit, QTextEdit)


#: The property that marks a widget or action as changing only the view: a read-only page keeps it enabled.
BROWSING = "forBrowsing"


def for_browsing(*items: QObject) -> None:
    """Mark widgets and actions that change only what is shown, never the workshop."""
    for item in items:
        item.setProperty(BROWSING, True)


class UndoPassesThrough(QObject):
    """Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y in a spin box undo the workshop's last edit (each step is already saved),
    rather than the spin box's own text."""

    KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = event.keyCombination().toCombined()
            if any(event.matches(k) for k in self.KEYS) or QKeySequence(combo) in _REDO_KEYS:
                event.ignore()
                return True
        return False


_REDO_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


class StagePage(QWidget):
    """A stage's page. It redraws from ``session`` when something it shows changed, at once when it is shown and
    else when it is next shown; it can select the item a check names."""

    stage: Stage
    #: The library tables this page shows ("outcome", "raci", ...); None: all of them.
    shows: frozenset[str] | None = None

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"stage-{self.stage.value}")
        self.stale = True
        self._spins_pass_undo = False
        self._undo_filter = UndoPassesThrough(self)
        self._message: QLabel | None = None
        session.changed.connect(self._session_changed)

    def page_layout(self) -> tuple[QVBoxLayout, QLabel]:
        """The layout of a page with views, and the line above them where a refused edit says why (hidden)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        message = QLabel()
        message.setObjectName("stageMessage")
        message.setWordWrap(True)
        message.hide()
        layout.addWidget(message)
        self._message = message
        return layout, message

    def affected_by(self, tables: frozenset[str]) -> bool:
        return self.shows is None or tables >= EVERYTHING or bool(tables & self.shows)

    def says_itself(self) -> bool:
        """Whether the view shown says a refused edit beside itself (the page's line would say it twice)."""
        return False

    def show_message(self, text: str) -> None:
        """A refused edit, said on the line above the views until the next edit goes through."""
        if self._message is not None and self.isVisible() and not self.says_itself():
            self._message.setText(text)
            self._message.show()

    def view_changed(self, _index: int = 0) -> None:
        """Another tab: redraw it, and put the keyboard where it is typed into when the focus was on the page."""
        self.refresh()
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or self.isAncestorOf(focused)):
            self.focus_view()

    def _session_changed(self, tables: frozenset[str]) -> None:
        if self._message is not None:
            self._message.hide()  # the last edit went through, wherever it was made
        if not self.affected_by(tables):
            return
        self.stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._spins_pass_undo:
            self._spins_pass_undo = True
            for spin in self.findChildren(QAbstractSpinBox):
                spin.installEventFilter(self._undo_filter)
                if isinstance(spin, QSpinBox | QDoubleSpinBox):
                    spin.lineEdit().installEventFilter(self._undo_filter)
        if self.stale:
            self.redraw()

    def redraw(self) -> None:
        self.stale = False
        self.refresh()
        if self.session.read_only:
            self.lock_editing()

    def lock_editing(self) -> None:
        """A read-only library is read-only on screen: every editing widget and action of the page is disabled
        (tables stay browsable; their models offer no editing), except what only changes the view (marked with
        ``for_browsing``: switching views, hiding the tally, saving a chart as PNG)."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, EDITING_WIDGETS) and not isinstance(widget.parentWidget(), QTabBar):
                widget.setEnabled(bool(widget.property(BROWSING)))
        for action in self.findChildren(QAction):
            action.setEnabled(bool(action.property(BROWSING)))

    def refresh(self) -> None:
        """Redraw from the session's current workshop."""

    def page_action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        """An action of this page, fired by its key wherever the focus is inside the page."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def key_hints(self) -> list[tuple[str, str]]:
        """Keys the page's own widgets read (arrows in a grid, a drag) that are no action: the F1 sheet lists them
        after the actions, as (keys, what)."""
        return []

    def focus_view(self) -> None:
        """Put the keyboard focus where the page is typed into, when the facilitator comes to it by key."""

    def focus_check(self, check: CheckResult) -> bool:
        """Go to what a check names (by default its item; a page may pick the view that fixes it)."""
        return self.focus_item(check.item)

    def focus_item(self, ref: ItemRef) -> bool:
        """Select the item a check names, e.g. ``ItemRef(RefKind.PARTICIPANT, "Ana")``; False when this page has
        no such item."""
        return False

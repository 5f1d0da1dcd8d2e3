"""Parking lot and decisions in the room: capture one with a key from any stage, see both lists beside the stage.

``RoomNotes`` is the window's controller (created once in ``MainWindow.__init__``): Ctrl+K parks a topic,
Ctrl+Shift+K records a decision (each one undo step), F4 shows or hides the side panel. The panel is built when
a workshop opens and goes with it; whether it is open is remembered on this computer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from workshop.services.workshops import Edit
from workshop.ui import settings as S
from workshop.ui.room import room_action
from workshop.ui.room.notes_dialog import NoteDialog
from workshop.ui.room.notes_model import by_choices
from workshop.ui.room.notes_panel import NotesDock
from workshop.ui.session import WorkshopSession

if TYPE_CHECKING:
    from workshop.ui.main_window import MainWindow


class RoomNotes(QObject):
    """The window's parking lot and decisions: the capture keys, the side panel, and the panel's place."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: WorkshopSession | None = None
        self.dock: NotesDock | None = None
        #: The dock floats because the window had no room beside the stage (it docks again when there is).
        self._floated_for_room = False
        if window.room_menu.actions():
            window.room_menu.addSeparator()
        self.park_action = room_action(
            window, self.tr("&Park a topic…"), "Ctrl+K", triggered=lambda: self.capture("parking_lot")
        )
        self.decide_action = room_action(
            window, self.tr("Record a &decision…"), "Ctrl+Shift+K", triggered=lambda: self.capture("decision")
        )
        self.panel_action = room_action(
            window, self.tr("Parking lot and decisions &panel"), "F4",
            triggered=lambda: self.set_panel_shown(not self.panel_shown()),
        )  # fmt: skip
        self.panel_action.setCheckable(True)
        window.workshop_opened.connect(self.workshop_opened)
        window.workshop_closing.connect(self.workshop_closing)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Only the widget with the keyboard is asked (a filter on the whole application would run for
            # every event of every widget): installing again on the same widget keeps one filter.
            app.focusChanged.connect(self._focus_changed)
        self._update_actions()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The capture keys work while typing, too: a text field that reads Ctrl+K itself (delete to the end of
        the line, on Linux and macOS) is not asked first."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget):
            return False
        top = watched.window()
        if top is not self.window and (self.dock is None or top is not self.dock):  # the panel may float
            return False
        keys = QKeySequence(event.keyCombination())
        for action in (self.park_action, self.decide_action):
            if action.isEnabled() and keys == action.shortcut():
                event.ignore()
                return True
        return False

    def key_hints(self) -> list[tuple[str, str]]:
        """The panel's and the dialog's own keys for the F1 sheet (the Room menu's are listed with the window's)."""
        return [
            ("", ""),
            ("", self.tr("In the parking lot and decisions panel:")),
            ("F2", self.tr("Edit the selected cell (a text over several lines)")),
            ("Ctrl+Enter", self.tr("Save the text (in a cell or in the capture dialog); Enter starts a new line")),
            ("Alt+Up, Alt+Down", self.tr("Move the selected item up or down")),
            ("Del", self.tr("Remove the selected item (Ctrl+Z brings it back)")),
        ]

    # -- following the workshop ---------------------------------------------------

    def workshop_opened(self, view: QWidget) -> None:
        self.session = view.session  # type: ignore[attr-defined]
        self._floated_for_room = False
        if self.window.settings.get(S.ROOM_NOTES_PANEL):
            self._show_dock(True)
        self._update_actions()

    def _made_dock(self) -> NotesDock:
        """The panel, made the first time it is shown for the workshop (most workshops open without it)."""
        if self.dock is None:
            assert self.session is not None
            window: QMainWindow = self.window
            self.dock = NotesDock(self.session, self.capture, window)
            self.dock.closed_by_user.connect(self._closed_by_user)
            self.dock.visibilityChanged.connect(lambda _v: self._update_actions())
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.hide()
        return self.dock

    def workshop_closing(self) -> None:
        dock, self.dock, self.session = self.dock, None, None
        if dock is not None:
            dock.closed_by_user.disconnect()
            dock.visibilityChanged.disconnect()
            self.window.removeDockWidget(dock)
            dock.hide()
            dock.deleteLater()
        self._update_actions()

    def _update_actions(self) -> None:
        writable = self.session is not None and not self.session.read_only
        self.park_action.setEnabled(writable)
        self.decide_action.setEnabled(writable)
        self.panel_action.setEnabled(self.session is not None)
        self.panel_action.setChecked(self.panel_shown())

    # -- the panel ----------------------------------------------------------------

    def panel_shown(self) -> bool:
        return self.dock is not None and not self.dock.isHidden()

    def set_panel_shown(self, shown: bool) -> None:
        """F4, or a capture: show or hide the panel, and remember it for the next workshop opened here."""
        if self.session is None:
            return
        self._show_dock(shown)
        self.window.settings.set(S.ROOM_NOTES_PANEL, shown)
        self._update_actions()

    def _show_dock(self, shown: bool) -> None:
        """Show it placed for the window's room, or hide it; a floating panel never takes the keyboard from the
        window (the window's keys work in it too)."""
        if not shown and self.dock is None:
            return
        dock, window = self._made_dock(), self.window
        active = QApplication.activeWindow()
        if shown and dock.isHidden():
            self._place_dock()
        dock.setVisible(shown)
        if dock.isFloating() and active in (window, dock):
            window.activateWindow()

    def _place_dock(self) -> None:
        """Beside the stage when the window has room for both (the stage keeps its least width), else floating
        over the window's right side (a 1280-pixel screen): the window never grows past the screen."""
        dock, window = self.dock, self.window
        assert dock is not None
        central = window.centralWidget().minimumSizeHint().width()
        least = dock.minimumSizeHint().width()
        if window.width() - central >= least:
            if self._floated_for_room:
                dock.setFloating(False)
                self._floated_for_room = False
            if not dock.isFloating():
                wanted = max(least, min(window.width() - central, window.width() // 4))
                window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
            return
        if dock.isFloating() and not self._floated_for_room:
            return  # the facilitator floated it where it is
        width = min(window.width(), max(least, window.width() * 2 // 5))
        top = window.menuBar().height()
        view = window.view
        if view is not None:  # below the workshop's header, so the title and the timer stay in sight
            top = view.mapTo(window, QPoint(0, view.header.geometry().bottom() + 4)).y()
        bottom = window.statusBar().height() if window.statusBar().isVisible() else 0
        corner = window.mapToGlobal(QPoint(window.width() - width, top))
        dock.setFloating(True)
        self._floated_for_room = True
        dock.setGeometry(QRect(corner, QSize(width, window.height() - top - bottom)))

    def _closed_by_user(self) -> None:
        self.window.settings.set(S.ROOM_NOTES_PANEL, False)
        self._update_actions()

    # -- capture ------------------------------------------------------------------

    def capture(self, kind: str) -> None:
        """Ctrl+K / Ctrl+Shift+K: the capture dialog; once saved, the panel shows the new item selected. The
        keyboard goes back where it was."""
        session = self.session
        if session is None or session.read_only:
            return
        focused = QApplication.focusWidget()
        dialog = NoteDialog(
            kind, by_choices(session.workshop), lambda text, by, at: self.save(kind, text, by, at), self.window
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if focused is not None and shiboken6.isValid(focused) and focused.isVisible():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self, kind: str, text: str, by: str, at: dt.datetime | None) -> str | None:
        """Add one note as one undo step; None when saved, else the refusal in words (naming the field)."""
        session = self.session
        if session is None:
            return self.tr("No workshop is open.")
        refusals: list[str] = []

        def heard(message: str) -> None:
            refusals.append(message)

        session.refused.connect(heard)
        service, wid = session.service, session.workshop_id
        label = self.tr("Park a topic") if kind == "parking_lot" else self.tr("Record a decision")

        def add() -> Edit:
            edit = service.add(kind, wid, text=text, by=by, at=at)
            edit.label = label
            return edit

        try:
            edit = session.apply(add)
        finally:
            session.refused.disconnect(heard)
        if edit is None:
            return refusals[-1] if refusals else self.tr("Not saved.")
        if self.session is not None:
            self.set_panel_shown(True)
            panel = self._made_dock().panel
            if panel.stale:
                panel.refresh()
            panel.lists[kind].select_id(int(edit.result))
        return None

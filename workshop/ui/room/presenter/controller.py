"""The presenter view's controller: its Room-menu actions (F10, Ctrl+Shift+B, the grid's names, the notes, the
screen), the window it opens for the workshop shown, and what that window follows (the stage, the channels page's
outcome, the room timer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu

from workshop.domain.enums import Stage
from workshop.ui import settings as S
from workshop.ui.room import room_action
from workshop.ui.room.presenter.screens import place, presenter_screen, screen_text
from workshop.ui.room.presenter.slides import RoomState
from workshop.ui.room.presenter.window import WINDOW_KEYS, PresenterWindow

if TYPE_CHECKING:
    from workshop.ui.main_window import MainWindow
    from workshop.ui.workshop_view import WorkshopView


class Presenter(QObject):
    """Shows the room what it may see of the workshop open in ``window``, on the screen the facilitator picks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.view: WorkshopView | None = None
        self.window: PresenterWindow | None = None
        self.state = RoomState()
        menu = window.room_menu
        menu.addSeparator()
        self.show_action = room_action(window, self.tr("Presenter &view"), "F10", toggled=self._set_shown)
        self.blank_action = room_action(
            window, self.tr("&Blank the presenter view"), "Ctrl+Shift+B", toggled=self._set_blank
        )
        self.names_action = room_action(
            window, self.tr("&Names on the presenter's power grid"), toggled=self._set_names
        )
        self.notes_action = room_action(
            window, self.tr("Parking lot and decisions on the presenter vie&w"), toggled=self._set_notes
        )
        self.screen_menu = QMenu(self.tr("Presenter s&creen"), menu)
        self.screen_menu.setObjectName("presenterScreenMenu")
        self.screen_menu.aboutToShow.connect(self.fill_screen_menu)
        menu.addMenu(self.screen_menu)
        self.fill_screen_menu()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        window.workshop_opened.connect(self._opened)
        window.workshop_closing.connect(self._closing)
        self._enable()

    def _enable(self) -> None:
        open_ = self.view is not None
        for action in (self.show_action, self.names_action, self.notes_action):
            action.setEnabled(open_)
        self.blank_action.setEnabled(self.window is not None)

    # -- the workshop -------------------------------------------------------------------

    def _opened(self, view: WorkshopView) -> None:
        self.view = view
        self.state.names_on = False  # a workshop's grid starts without names, whatever the last one did
        self.names_action.setChecked(False)
        channels = view.stage_pages.get(Stage.CHANNELS)
        self.state.outcome_key = getattr(channels, "outcome_key", None)
        signal = getattr(channels, "outcome_shown", None)
        if signal is not None:
            signal.connect(self._outcome_shown)
        view.stage_shown.connect(self._stage_shown)
        self._enable()

    def _closing(self) -> None:
        self.show_action.setChecked(False)  # closes the window
        self.view = None
        self._enable()

    def _stage_shown(self, stage: Stage) -> None:
        if self.window is not None:
            self.window.show_stage(stage)

    def _outcome_shown(self, key: str | None) -> None:
        self.state.outcome_key = key
        if self.window is not None:
            self.window.redraw(Stage.CHANNELS)

    # -- the window -----------------------------------------------------------------------

    def _set_shown(self, shown: bool) -> None:
        if shown and self.window is None and self.view is not None:
            self._open(self.view)
        elif not shown and self.window is not None:
            window, self.window = self.window, None
            window.blockSignals(True)
            window.hide()
            window.deleteLater()
            self.blank_action.setChecked(False)
        self._enable()

    def _open(self, view: WorkshopView) -> None:
        window = PresenterWindow(view.session, self.state, view.stage)
        self.window = window
        window.blank_changed.connect(self.blank_action.setChecked)
        window.notes_requested.connect(self.notes_action.setChecked)
        window.close_requested.connect(lambda: self.show_action.setChecked(False))
        window.set_notes_shown(self.notes_action.isChecked())
        timer = getattr(self.main, "room_timer", None)
        if timer is not None:
            timer.reading_changed.connect(window.show_reading)
            window.show_reading(timer.reading())
        # The facilitator types on: the room's window opens without taking the keyboard (a click on it gives it B,
        # N and Esc).
        window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        place(window, presenter_screen(self.main.settings.get(S.PRESENTER_SCREEN), self.main))
        window.settle()
        self.main.activateWindow()

    def _set_blank(self, blank: bool) -> None:
        if self.window is not None:
            self.window.set_blank(blank)
        elif blank:
            self.blank_action.setChecked(False)

    def _set_names(self, on: bool) -> None:
        self.state.names_on = on
        if self.window is not None:
            self.window.redraw(Stage.STAKEHOLDERS)

    def _set_notes(self, shown: bool) -> None:
        if self.window is not None:
            self.window.set_notes_shown(shown)

    # -- the screen -------------------------------------------------------------------------

    def fill_screen_menu(self) -> None:
        """Every screen, the presenter's checked; with one screen, a line saying the view opens as a window."""
        menu = self.screen_menu
        for action in menu.actions():
            menu.removeAction(action)
            action.deleteLater()
        group = QActionGroup(menu)
        target = presenter_screen(self.main.settings.get(S.PRESENTER_SCREEN), self.main)
        screens = QGuiApplication.screens()
        for number, screen in enumerate(screens, start=1):
            name = screen.name()
            action = QAction(screen_text(number, screen), menu)
            action.setCheckable(True)
            action.setChecked(screen is target)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.choose_screen(n))
            group.addAction(action)
            menu.addAction(action)
        if len(screens) < 2:
            note = QAction(self.tr("One screen: the presenter view opens as a window"), menu)
            note.setEnabled(False)
            menu.addAction(note)

    def choose_screen(self, name: str) -> None:
        """Remember the screen by its name, and move the presenter view there now if it is shown."""
        self.main.settings.set(S.PRESENTER_SCREEN, name)
        self._screens_changed()

    def _screens_changed(self, *_args: object) -> None:
        if self.window is not None:
            place(self.window, presenter_screen(self.main.settings.get(S.PRESENTER_SCREEN), self.main))
        self.fill_screen_menu()

    # -- help -------------------------------------------------------------------------------

    def key_hints(self) -> list[tuple[str, str]]:
        """The presenter window's own keys for the F1 sheet (the Room menu's are listed with the window's)."""
        return [("", ""), ("", self.tr("In the presenter window:")), *((k, self.tr(w)) for k, w in WINDOW_KEYS)]

    def is_shown(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def focus(self) -> None:
        """Make the presenter window the active one (its keys work there)."""
        if self.window is not None:
            self.window.activateWindow()
            self.window.setFocus(Qt.FocusReason.OtherFocusReason)

"""The window the facilitator lives in: the start screen, then one workshop at a time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QStackedWidget,
)

from workshop import __version__
from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.services.library_service import LibraryService
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.workshops import WorkshopService
from workshop.ui import settings as S
from workshop.ui.room.notes import RoomNotes
from workshop.ui.room.presenter import Presenter
from workshop.ui.room.snapshots import RoomSnapshots
from workshop.ui.room.timer import RoomTimer
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage
from workshop.ui.start_actions import StartScreenActions
from workshop.ui.start_screen import StartScreen
from workshop.ui.workshop_view import WorkshopView

LIBRARY_FILTER = "Social Working library (*.sqlite3 *.db);;All files (*)"


class MainWindow(StartScreenActions):
    """Owns the open library (and its writer lock) from opening it to closing the window."""

    library_shown = Signal()
    #: A workshop was opened: the WorkshopView (its ``session`` is the workshop's). The room's tools (timer,
    #: presenter view, parking lot, snapshots) follow the workshop through these two signals.
    workshop_opened = Signal(object)
    #: The workshop shown is about to close (its view and session still exist).
    workshop_closing = Signal()

    def __init__(
        self,
        settings: S.AppSettings,
        library_path: Path,
        *,
        read_only: bool = False,
        keep_layout: bool | None = None,
    ) -> None:
        """``keep_layout``: save the window's geometry and splitter on closing; by default only where a
        person sees the window (not on the offscreen platform)."""
        super().__init__()
        self.keep_layout = S.keeps_window_layout() if keep_layout is None else keep_layout
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Social Working"))
        self.settings = settings
        self.library: LibraryService | None = None
        self.service: WorkshopService | None = None
        self._damaged_backup: Path | None = None
        self._read_only_reason = ""
        self.session: WorkshopSession | None = None
        self.view: WorkshopView | None = None
        self.library_path = library_path
        self.force_read_only = read_only
        self.stack = QStackedWidget()
        self.start = StartScreen()
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.status_library = QLabel()
        self.statusBar().addPermanentWidget(self.status_library)
        self._build_actions()
        self.room_timer = RoomTimer(self)
        self.room_snapshots = RoomSnapshots(self)
        self.room_notes = RoomNotes(self)
        self.presenter = Presenter(self)
        self._connect_start_screen()
        geometry = settings.get(S.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 900)
        self.open_library(library_path, read_only=read_only)

    # -- actions and menus ---------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(self.tr(text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = self._action("&New workshop…", self.new_workshop, QKeySequence.StandardKey.New)
        self.open_library_action = self._action("Open &library…", self.choose_library, "Ctrl+Shift+O")
        self.import_action = self._action("&Import workshop…", self.import_workshop, "Ctrl+I")
        self.export_action = self._action("&Export workshop…", self.export_workshop, "Ctrl+E")
        self.export_team_action = self._action("Export &team workbook…", self.export_team_workbook, "Ctrl+Shift+E")
        self.close_action = self._action("&Close workshop", self.close_workshop, "Ctrl+W")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        for a in (self.new_action, self.open_library_action, None, self.import_action, self.export_action,
                  self.export_team_action, None,
                  self.close_action, self.quit_action):  # fmt: skip
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action("&Undo", lambda: self._undo_stack_call("undo"), QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("&Redo", lambda: self._undo_stack_call("redo"), QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        go_menu = bar.addMenu(self.tr("&Go"))
        self.stage_actions: list[QAction] = []
        for i, stage in enumerate(Stage):
            action = self._action(
                f"&{i + 1} {STAGE_TITLES[stage]}", lambda _c=False, s=stage: self.go_to_stage(s), f"Ctrl+{i + 1}"
            )
            self.stage_actions.append(action)
            go_menu.addAction(action)
        go_menu.addSeparator()
        self.next_stage_action = self._action("&Next stage", lambda: self.step_stage(1), "Ctrl+PgDown")
        self.previous_stage_action = self._action("&Previous stage", lambda: self.step_stage(-1), "Ctrl+PgUp")
        self.checks_action = self._action("Go to the &checks", self.focus_checks, "F6")
        self.library_action = self._action("Back to the &library", self.close_workshop, "Ctrl+L")
        for a in (self.next_stage_action, self.previous_stage_action, self.checks_action, self.library_action):
            go_menu.addAction(a)
        #: The facilitator's tools for the room (timer, presenter view, parking lot and decisions, snapshots): each
        #: adds its actions here (and to the window, so F1 lists them).
        self.room_menu = bar.addMenu(self.tr("Room"))  # no Alt letter: every letter of it is taken on some stage
        help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.about_action = self._action("&About Social Working", self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self._update_actions()

    def _connect_start_screen(self) -> None:
        st = self.start
        st.open_requested.connect(self.open_workshop)
        st.new_button.clicked.connect(self.new_workshop)
        st.sample_button.clicked.connect(self.new_from_sample)
        st.template_button.clicked.connect(self.new_from_template)
        st.duplicate_button.clicked.connect(self.duplicate_workshop)
        st.save_template_button.clicked.connect(self.save_as_template)
        st.rename_button.clicked.connect(self.rename_workshop)
        st.delete_button.clicked.connect(self.delete_workshop)
        st.import_button.clicked.connect(self.import_workshop)
        st.export_button.clicked.connect(self.export_workshop)
        st.open_library_button.clicked.connect(self.choose_library)
        st.recent_library_chosen.connect(lambda p: self.open_library(Path(p)))
        st.restore_button.clicked.connect(self.restore_backup)

    def _update_actions(self) -> None:
        in_workshop = self.session is not None
        writable = self.library is not None and not self.library.read_only
        for a in (*self.stage_actions, self.next_stage_action, self.previous_stage_action, self.checks_action,
                  self.close_action, self.library_action, self.export_team_action):  # fmt: skip
            a.setEnabled(in_workshop)
        self.new_action.setEnabled(writable)
        self.import_action.setEnabled(writable)
        self.export_action.setEnabled(self.library is not None)
        stack = self.session.undo_stack if self.session else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(
            self.tr("&Undo %1").replace("%1", stack.undoText()).strip() if stack else self.tr("&Undo")
        )
        self.redo_action.setText(
            self.tr("&Redo %1").replace("%1", stack.redoText()).strip() if stack else self.tr("&Redo")
        )

    def _undo_index_changed(self, _index: int) -> None:
        self._update_actions()

    def _undo_stack_call(self, name: str) -> None:
        if self.session is not None:
            getattr(self.session.undo_stack, name)()

    # -- the library ---------------------------------------------------------

    def open_library(self, path: Path, *, read_only: bool = False) -> bool:
        """Open a library for writing (read-only if another process writes it); report problems plainly."""
        self.close_workshop()
        if self.library is not None:
            self.library.close()
        self.library = self.service = None
        self.library_path = path
        opened = LibraryService.open_for_app(path, read_only=read_only)
        self.library, self._damaged_backup = opened.service, opened.backup
        self._read_only_reason = (
            self.tr("The library is open for writing by %1: close it there to make changes here.").replace(
                "%1", opened.writer
            )
            if opened.writer
            else ""
        )
        if self.library is not None:
            self.service = self.library.workshops
            self.settings.add_recent_library(path)
        self.start.set_library(str(path), self.settings.get(S.RECENT_LIBRARIES))
        self.start.show_problem(opened.problem, can_restore=opened.backup is not None)
        self.start.set_enabled_library(
            writable=self.library is not None and not self.library.read_only, available=self.library is not None
        )
        self.status_library.setText(
            self.tr("Library: %1%2")
            .replace("%1", str(path))
            .replace("%2", self.tr(" (read-only)") if self.library is not None and self.library.read_only else "")
        )
        self.refresh_workshops()
        self._update_actions()
        self.library_shown.emit()
        return self.library is not None

    def refresh_workshops(self, select: int | None = None) -> None:
        self.start.set_workshops(self.service.summaries() if self.service else [])
        if select is not None:
            self.start.select_workshop(select)
        if self.session is None and self.start.model.rows:
            self.start.table.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter opens the selected workshop

    def choose_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Open or create a library"),
            str(self.library_path.parent),
            self.tr(LIBRARY_FILTER),
            options=QFileDialog.Option.DontConfirmOverwrite | QFileDialog.Option.DontUseNativeDialog,
        )
        if path:
            self.open_library(Path(path))

    def restore_backup(self) -> None:
        backup = self._damaged_backup
        if backup is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore backup"),
            self.tr("Restore %1? The damaged library is kept aside, not deleted.").replace("%1", str(backup)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            LibraryService.restore_backup(self.library_path, backup)
        except REFUSALS as exc:
            QMessageBox.warning(self, self.tr("Not restored"), describe_refusal(exc))
            return
        self.open_library(self.library_path)

    # -- one workshop --------------------------------------------------------

    def open_workshop(self, workshop_id: int) -> None:
        if self.service is None:
            return
        self.close_workshop()
        try:
            self.session = WorkshopSession(self.service, workshop_id, self)
        except REFUSALS as exc:  # a workshop the library cannot read back: say so, and stay on the start screen
            QMessageBox.warning(self, self.tr("Not opened"), describe_refusal(exc))
            return
        self.session.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.session.refused.connect(lambda msg: self.statusBar().showMessage(msg, 10000))
        self.view = WorkshopView(self.session, self._read_only_reason, settings=self.settings)
        self.view.back_requested.connect(self.close_workshop)
        splitter_state = self.settings.get(S.SPLITTER_STATE)
        if not splitter_state.isEmpty():
            self.view.splitter.restoreState(splitter_state)
            self.view._sized = True
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.setWindowTitle(f"{self.session.workshop.title} — Social Working")
        self.view.navigator.setFocus()
        self._update_actions()
        self.workshop_opened.emit(self.view)

    def close_workshop(self) -> None:
        if self.view is not None:
            self.workshop_closing.emit()
            if self.keep_layout:
                self.settings.set(S.SPLITTER_STATE, self.view.splitter.saveState())
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
        wid = self.session.workshop_id if self.session else None
        if self.session is not None:
            self.session.undo_stack.indexChanged.disconnect()
            self.session.deleteLater()
        self.view = self.session = None
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle(self.tr("Social Working"))
        if self.service is not None:
            self.refresh_workshops(select=wid)
        self._update_actions()

    def go_to_stage(self, stage: Stage) -> None:
        if self.view is not None:
            self.view.go_to_stage(stage)
            self.view.stage_pages[stage].focus_view()  # Ctrl+4 then 5: the score is typed at once

    def step_stage(self, steps: int) -> None:
        if self.view is not None:
            self.view.step_stage(steps)
            self.view.stage_pages[self.view.stage].focus_view()

    def focus_checks(self) -> None:
        if self.view is not None:
            self.view.checks.list.setFocus()

    # -- help ----------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Every shortcut of the window, as the F1 sheet lists it: (keys, what), all keys of an action; then
        those of the stage shown (in its lists), each once."""
        native = QKeySequence.SequenceFormat.NativeText

        def rows(actions: list[QAction]) -> list[tuple[str, str]]:
            found = [
                (", ".join(k.toString(native) for k in a.shortcuts()), a.text().replace("&", ""))
                for a in actions
                if a.shortcuts()
            ]
            return list(dict.fromkeys(found))

        out = rows(self.actions())
        out += [hint for tool in self.children() if hasattr(tool, "key_hints") for hint in tool.key_hints()]
        page = self.view.pages.currentWidget() if self.view is not None else None
        if page is not None:
            on_page = [r for r in rows(page.findChildren(QAction)) if r not in out]
            on_page += page.key_hints() if isinstance(page, StagePage) else []
            if on_page:
                out.append(("", ""))
                out.append(("", self.tr("On this stage, in its lists:")))
                out += on_page
        return out

    def show_shortcuts(self) -> None:
        """The F1 sheet: a two-column table (keys, what), one row a line, readable at projector size."""
        from html import escape

        lines = ['<table cellspacing="0" cellpadding="3">']
        for keys, name in self.shortcut_rows():
            if not keys:
                lines.append(f'<tr><td colspan="2"><br><b>{escape(name)}</b></td></tr>' if name else "")
                continue
            lines.append(f"<tr><td><b>{escape(keys)}</b></td><td>&nbsp;&nbsp;{escape(name)}</td></tr>")
        lines.append("</table>")
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            self.tr("Keyboard shortcuts"),
            "\n".join(line for line in lines if line),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Social Working"),
            self.tr(
                "<h3>Social Working %1</h3><p>Outcome-led social and channel strategy, built with the whole room: "
                "business outcomes first, departments together, value shown, and a plan that survives the "
                "platforms it uses.</p><p>Library: %2</p>"
            )
            .replace("%1", __version__)
            .replace("%2", str(self.library_path)),
        )

    # -- closing -------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_layout:
            self.settings.set(S.WINDOW_GEOMETRY, self.saveGeometry())
        self.close_workshop()
        self.settings.sync()
        if self.library is not None:
            self.library.close()
            self.library = None
        super().closeEvent(event)

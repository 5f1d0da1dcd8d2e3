"""The window the facilitator lives in: the start screen, then one workshop at a time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from workshop import __version__
from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.services.library_service import LibraryService
from workshop.services.refusals import REFUSALS, FileRefused, describe_refusal
from workshop.services.workshops import WorkshopService
from workshop.ui import settings as S
from workshop.ui.room.notes import RoomNotes
from workshop.ui.room.presenter import Presenter
from workshop.ui.room.snapshots import RoomSnapshots
from workshop.ui.room.timer import RoomTimer
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.base import StagePage
from workshop.ui.start_screen import StartScreen
from workshop.ui.workshop_view import WorkshopView

JSON_FILTER = "Social Working workshop (*.json)"
LIBRARY_FILTER = "Social Working library (*.sqlite3 *.db);;All files (*)"


class MainWindow(QMainWindow):
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

    # -- workshops on the start screen --------------------------------------

    def _run(self, call, *, select_result: bool = True) -> object | None:  # type: ignore[no-untyped-def]
        """Run a library-level service call; a refusal is shown plainly, a programming error goes on to the
        error log and dialog."""
        try:
            edit = call()
        except REFUSALS as exc:
            QMessageBox.warning(self, self.tr("Not done"), describe_refusal(exc))
            return None
        result = getattr(edit, "result", None)
        self.refresh_workshops(select=result if select_result and isinstance(result, int) else None)
        return edit

    def _ask_title(self, caption: str, default: str = "") -> str | None:
        title, ok = QInputDialog.getText(self, caption, self.tr("Title:"), text=default)
        title = title.strip()
        return title if ok and title else None

    def new_workshop(self) -> None:
        if self.service is None or self.library is None or self.library.read_only:
            return
        title = self._ask_title(self.tr("New workshop"))
        if title:
            edit = self._run(lambda: self.service.create_workshop(title))  # type: ignore[union-attr]
            if edit is not None:
                self.open_workshop(edit.result)  # type: ignore[attr-defined]

    def new_from_sample(self) -> None:
        library = self.library
        if library is not None:
            edit = self._run(lambda: library.add_sample("New from sample"))
            if edit is not None:
                self.open_workshop(edit.result)  # type: ignore[attr-defined]

    def new_from_template(self) -> None:
        library = self.library
        if library is None:
            return
        templates = library.templates()
        if not templates:
            QMessageBox.information(
                self,
                self.tr("No template yet"),
                self.tr(
                    "Save a workshop as a template (Save as template… beside the list), or mark one as a "
                    "template in its set-up details; then start new workshops from it."
                ),
            )
            return
        labels = [f"{w.title} ({w.organisation})" if w.organisation else w.title for w in templates]
        choice, ok = QInputDialog.getItem(self, self.tr("New from template"), self.tr("Template:"), labels, 0, False)
        if not ok:
            return
        template = templates[labels.index(choice)]
        title = self._ask_title(self.tr("New workshop"), template.title)
        if title:
            edit = self._run(lambda: library.new_from_template(template.id, title))
            if edit is not None:
                self.open_workshop(edit.result)  # type: ignore[attr-defined]

    def save_as_template(self) -> None:
        summary = self.start.selected_summary()
        library = self.library
        if summary is None or library is None:
            return
        title = self._ask_title(self.tr("Save as template"), self.tr("%1 (template)").replace("%1", summary.title))
        if title:
            self._run(lambda: library.save_as_template(summary.id, title))

    def duplicate_workshop(self) -> None:
        wid = self.start.selected_id()
        if wid is not None and self.service is not None:
            self._run(lambda: self.service.duplicate_workshop(wid))  # type: ignore[union-attr]

    def rename_workshop(self) -> None:
        summary = self.start.selected_summary()
        if summary is None or self.service is None:
            return
        title = self._ask_title(self.tr("Rename workshop"), summary.title)
        if title and title != summary.title:
            self._run(lambda: self.service.update_workshop(summary.id, title=title))  # type: ignore[union-attr]
            self.start.select_workshop(summary.id)

    def delete_workshop(self) -> None:
        summary = self.start.selected_summary()
        if summary is None or self.service is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete workshop"),
            self.tr("Delete “%1” and everything in it? A backup of the library is kept.").replace("%1", summary.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.service.delete_workshop(summary.id), select_result=False)  # type: ignore[union-attr]

    def import_workshop(self) -> None:
        library = self.library
        if library is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a workshop"), "", self.tr(JSON_FILTER), options=QFileDialog.Option.DontUseNativeDialog
        )
        if not path:
            return
        try:
            imported = library.import_file(path)
        except FileRefused as exc:
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Not imported"), exc.message, QMessageBox.StandardButton.Ok, self
            )
            box.setDetailedText("\n".join(exc.details))
            box.setInformativeText(
                self.tr("%1 problem(s), for example: %2")
                .replace("%1", str(len(exc.details)))
                .replace("%2", exc.details[0] if exc.details else "")
            )
            box.exec()
            return
        except REFUSALS as exc:
            QMessageBox.warning(self, self.tr("Not imported"), describe_refusal(exc))
            return
        self.refresh_workshops(select=imported.edit.result)
        if imported.warnings:
            self.statusBar().showMessage(
                self.tr("Imported; ignored: %1").replace("%1", ", ".join(w.path for w in imported.warnings)), 10000
            )

    def export_workshop(self) -> None:
        library = self.library
        wid = self.session.workshop_id if self.session else self.start.selected_id()
        if wid is None or library is None:
            return
        summary = self.start.selected_summary()
        title = self.session.workshop.title if self.session else summary.title if summary else ""
        suggested = (title or "workshop").replace("/", "-") + ".json"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export workshop"),
            suggested,
            self.tr(JSON_FILTER),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if not path:
            return
        if not Path(path).suffix:
            path += ".json"  # the dialog's filter names the format; a name typed without it gets it
        try:
            library.export_file(wid, path)
        except REFUSALS as exc:
            QMessageBox.warning(self, self.tr("Not exported"), describe_refusal(exc))
            return
        self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", path), 8000)

    def export_team_workbook(self) -> None:
        """Ctrl+Shift+E from any stage: the export stage, and its save dialog for the team workbook."""
        if self.view is None:
            return
        from workshop.ui.stages.export.page import ExportStagePage

        self.go_to_stage(Stage.EXPORT)
        page = self.view.stage_pages[Stage.EXPORT]
        if isinstance(page, ExportStagePage):
            page.export_team()

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

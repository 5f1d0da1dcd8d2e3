"""The start screen's work on whole workshops: new, from the sample, from a template, save as a template,
duplicate, rename, delete, import and export; each a library-level service call whose refusal is said plainly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from workshop.domain.enums import Stage
from workshop.services.refusals import REFUSALS, FileRefused, describe_refusal

if TYPE_CHECKING:
    from workshop.services.library_service import LibraryService
    from workshop.services.workshops import WorkshopService
    from workshop.ui.session import WorkshopSession
    from workshop.ui.start_screen import StartScreen
    from workshop.ui.workshop_view import WorkshopView

JSON_FILTER = "Social Working workshop (*.json)"


class StartScreenActions(QMainWindow):
    """What the main window does with whole workshops (the main window is one of these)."""

    library: LibraryService | None
    service: WorkshopService | None
    session: WorkshopSession | None
    view: WorkshopView | None
    start: StartScreen

    if TYPE_CHECKING:  # the main window's own, which these call

        def refresh_workshops(self, select: int | None = None) -> None: ...
        def open_workshop(self, workshop_id: int) -> None: ...
        def go_to_stage(self, stage: Stage) -> None: ...

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

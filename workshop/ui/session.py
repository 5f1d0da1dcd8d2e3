"""One open workshop in the window: its service, its undo stack, its current figures.

Every edit goes ``WorkshopSession.apply(call)``: the service commits it at once (so the
saved indicator follows the commits), and a small ``ServiceEditCommand`` on the
``QUndoStack`` undoes and redoes it through the service. After any change the session
reloads the workshop and its checks and emits ``changed``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop.domain.checks import CheckResult, run_checks
from workshop.domain.entities import Workshop
from workshop.domain.enums import Severity, Stage
from workshop.domain.formulas import Analysis
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.workshops import Edit, LoadedWorkshop, WorkshopService


class ServiceEditCommand(QUndoCommand):
    """An edit already committed by the service; undo and redo replay its row images."""

    def __init__(self, session: WorkshopSession, edit: Edit) -> None:
        super().__init__(edit.label)
        self.session = session
        self.edit = edit
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._replay(self.session.service.redo)

    def undo(self) -> None:
        self._replay(self.session.service.undo)

    def _replay(self, call: Callable[[Edit], None]) -> None:
        """Undo or redo through the service. If the library refuses, nothing changed there, but the
        stack has already moved: it no longer matches the library, so its history is dropped."""
        try:
            call(self.edit)
        except REFUSALS as exc:
            self.session.refused.emit(
                describe_refusal(exc) + " " + self.session.tr("The undo history was cleared to stay in step.")
            )
            QTimer.singleShot(0, self.session.undo_stack.clear)
        self.session.reload()


class WorkshopSession(QObject):
    """The workshop the facilitator is working on."""

    changed = Signal()
    #: A refused edit: the message names what is wrong (the UI shows it; nothing was saved).
    refused = Signal(str)

    def __init__(self, service: WorkshopService, workshop_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.workshop_id = workshop_id
        self.undo_stack = QUndoStack(self)
        self.loaded: LoadedWorkshop = service.load(workshop_id)
        self.checks: list[CheckResult] = []
        self.analysis: Analysis = Analysis(self.loaded.workshop)
        self._refresh_figures()

    @property
    def workshop(self) -> Workshop:
        return self.loaded.workshop

    def id_of(self, kind: str, name: str) -> int:
        return self.loaded.id_of(kind, name)

    def _refresh_figures(self) -> None:
        self.analysis = Analysis(self.loaded.workshop)
        self.checks = run_checks(self.loaded.workshop, self.analysis)

    def reload(self) -> None:
        self.loaded = self.service.load(self.workshop_id)
        self._refresh_figures()
        self.changed.emit()

    def apply(self, call: Callable[[], Edit]) -> Edit | None:
        """Run one service edit; on a broken rule emit ``refused`` and return None."""
        try:
            edit = call()
        except REFUSALS as exc:
            self.refused.emit(describe_refusal(exc))
            return None
        self.undo_stack.push(ServiceEditCommand(self, edit))
        self.reload()
        return edit

    def checks_for(self, stage: Stage) -> list[CheckResult]:
        return [c for c in self.checks if c.stage is stage]

    def stage_counts(self, stage: Stage) -> tuple[int, int]:
        found = self.checks_for(stage)
        errors = sum(c.severity is Severity.ERROR for c in found)
        return errors, len(found) - errors

"""One open workshop in the window: its service, its undo stack, its current figures.

Every edit goes ``WorkshopSession.apply(call)``: the service commits it at once (so the
saved indicator follows the commits), and a small ``ServiceEditCommand`` on the
``QUndoStack`` undoes and redoes it through the service. The service hands back the workshop
it has just validated; the session recomputes only the figures and checks whose inputs changed
and emits ``changed`` with the tables the edit touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop.domain.checks import CheckResult, CheckRun, check_run
from workshop.domain.entities import Workshop
from workshop.domain.enums import Severity, Stage
from workshop.domain.formulas import Analysis
from workshop.services.refusals import REFUSALS, describe_refusal
from workshop.services.workshops import Edit, LoadedWorkshop, WorkshopService

#: ``changed`` with this: everything may have changed (the workshop was read again whole).
EVERYTHING: frozenset[str] = frozenset({"*"})

#: Checks that would tell the room how the hidden dots fall: masked while the tally is hidden.
MASKED_WHILE_HIDDEN: frozenset[str] = frozenset({"W_DISSENT"})

#: Edits merge into one undo step when they share a merge key and follow each other within this time.
MERGE_WINDOW_S = 2.0


class ServiceEditCommand(QUndoCommand):
    """An edit already committed by the service; undo and redo replay its row images."""

    _MERGE_ID = 1

    def __init__(self, session: WorkshopSession, edit: Edit, merge_key: str | None = None) -> None:
        super().__init__(edit.label)
        self.session = session
        self.edit = edit
        self.merge_key = merge_key
        self.at = time.monotonic()
        self._first = True

    def id(self) -> int:
        return self._MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Steps of one spin box on one field: one undo step, from the first value to the last."""
        if not isinstance(other, ServiceEditCommand) or other.merge_key != self.merge_key:
            return False
        if other.at - self.at > MERGE_WINDOW_S or set(other.edit.before) != set(self.edit.before):
            return False
        self.edit = replace(other.edit, before=self.edit.before)
        self.at = other.at
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._replay(self.session.service.redo)

    def undo(self) -> None:
        self._replay(self.session.service.undo)

    def _replay(self, call: Callable[[Edit], LoadedWorkshop | None]) -> None:
        """Undo or redo through the service. If the library refuses, nothing changed there, but the
        stack has already moved: it no longer matches the library, so its history is dropped."""
        try:
            loaded = call(self.edit)
        except REFUSALS as exc:
            self.session.refused.emit(
                describe_refusal(exc) + " " + self.session.tr("The undo history was cleared to stay in step.")
            )
            QTimer.singleShot(0, self.session.undo_stack.clear)
            self.session.reload()
            return
        self.session.take(loaded, self.edit.tables)


class WorkshopSession(QObject):
    """The workshop the facilitator is working on."""

    #: After any change, with the library tables it touched ("raci", "outcome", ...; EVERYTHING after a reload),
    #: so a page redraws only when something it shows changed.
    changed = Signal(object)
    #: A refused edit: the message names what is wrong (the UI shows it; nothing was saved).
    refused = Signal(str)
    #: The dot tally was hidden (True) or revealed: anonymous voting, the same in every voting view of the window.
    tally_hidden_changed = Signal(bool)
    #: The resilience what-if changed (the channels and owners switched off): a view, never workshop data.
    what_if_changed = Signal()

    def __init__(self, service: WorkshopService, workshop_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.workshop_id = workshop_id
        self.undo_stack = QUndoStack(self)
        self.loaded: LoadedWorkshop = service.load(workshop_id)
        self.analysis: Analysis = Analysis(self.loaded.workshop)
        self._check_run: CheckRun = check_run(self.loaded.workshop, self.analysis)
        self._tally_hidden = False
        self._what_if: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @property
    def workshop(self) -> Workshop:
        return self.loaded.workshop

    @property
    def checks(self) -> list[CheckResult]:
        return self._check_run.results

    @property
    def tally_hidden(self) -> bool:
        """Whether the dots are hidden from the room (a view state; the voting views remember it per workshop)."""
        return self._tally_hidden

    def set_tally_hidden(self, hidden: bool) -> None:
        if hidden != self._tally_hidden:
            self._tally_hidden = hidden
            self.tally_hidden_changed.emit(hidden)

    @property
    def what_if(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(channels, owners) switched off in the resilience what-if, as the workshop spells them; kept while the
        facilitator moves between stages (the presenter view shows it too), never stored."""
        return self._what_if

    def set_what_if(self, channels: tuple[str, ...], owners: tuple[str, ...]) -> None:
        if (channels, owners) != self._what_if:
            self._what_if = (channels, owners)
            self.what_if_changed.emit()

    @property
    def shown_checks(self) -> list[CheckResult]:
        """The checks the room may see now: while the tally is hidden, not those that tell how the dots fall."""
        if not self._tally_hidden:
            return self.checks
        return [c for c in self.checks if c.code not in MASKED_WHILE_HIDDEN]

    @property
    def masked_checks(self) -> int:
        """How many checks are hidden until the reveal."""
        return len(self.checks) - len(self.shown_checks)

    @property
    def read_only(self) -> bool:
        return self.service.library.read_only

    def id_of(self, kind: str, name: str) -> int:
        return self.loaded.id_of(kind, name)

    def take(self, loaded: LoadedWorkshop | None, tables: frozenset[str]) -> None:
        """The workshop as an edit, undo or redo left it (validated by the service): recompute what depends on
        what changed, then tell the pages."""
        if loaded is None:
            self.reload()
            return
        self.loaded = loaded
        self.analysis = Analysis(loaded.workshop, previous=self.analysis)
        self._check_run = check_run(loaded.workshop, self.analysis, self._check_run)
        self.changed.emit(tables)

    def reload(self) -> None:
        """Read the workshop again whole (after a refused undo, or when it is gone)."""
        try:
            self.loaded = self.service.load(self.workshop_id)
        except REFUSALS:
            return  # the workshop was deleted meanwhile: keep showing the last state
        self.analysis = Analysis(self.loaded.workshop)
        self._check_run = check_run(self.loaded.workshop, self.analysis)
        self.changed.emit(EVERYTHING)

    def apply(self, call: Callable[[], Edit], *, merge_key: str | None = None) -> Edit | None:
        """Run one service edit; on a broken rule emit ``refused`` and return None. Successive edits with the
        same ``merge_key`` (the steps of one spin box) are one undo step."""
        try:
            edit = call()
        except REFUSALS as exc:
            self.refused.emit(describe_refusal(exc))
            return None
        self.undo_stack.push(ServiceEditCommand(self, edit, merge_key))
        self.take(edit.loaded, edit.tables)
        return edit

    def checks_for(self, stage: Stage) -> list[CheckResult]:
        return [c for c in self.checks if c.stage is stage]

    def stage_counts(self, stage: Stage) -> tuple[int, int]:
        found = [c for c in self.shown_checks if c.stage is stage]
        errors = sum(c.severity is Severity.ERROR for c in found)
        return errors, len(found) - errors

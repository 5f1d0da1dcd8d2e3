"""Fixes in one click: for the checks on the current cell's outcome and participant, each fix the method offers,
saying what it will change before it does; applying one is one undoable edit.

The list of checks is the window's checks panel: clicking one there selects what it names in the matrix, and
this panel follows the matrix's current cell.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from workshop.domain.checks import CheckResult
from workshop.domain.enums import Severity, Stage
from workshop.domain.refs import RefKind
from workshop.domain.stakeholders import FIXABLE_CODES, Fix, fix_offers
from workshop.domain.text import name_key
from workshop.export.palette import SEVERITY_TEXT_COLOURS
from workshop.services.workshops import Edit
from workshop.ui.session import WorkshopSession

#: The most fixes shown for one check (the least loaded first).
SHOWN_FIXES = 6
#: Fix buttons side by side (one: each says its whole sentence).
COLUMNS = 1


class FixPanel(QScrollArea):
    """The fixes for the checks that name the current outcome or participant, as buttons that say what they do."""

    #: A fix was applied: the edit.
    fixed = Signal(object)

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fixPanel")
        self.session = session
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        host = QWidget()
        self.body = QVBoxLayout(host)
        self.body.setContentsMargins(0, 4, 0, 4)
        self.body.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.body.addWidget(self.title)
        self.sections = QVBoxLayout()
        self.sections.setSpacing(8)
        self.body.addLayout(self.sections)
        self.body.addStretch(1)
        self.setWidget(host)
        self.fix_buttons: list[QPushButton] = []
        self.shown_checks: list[CheckResult] = []
        self._buttons_of: dict[str, list[QPushButton]] = {}
        self._outcome: str | None = None
        self._participant: str | None = None
        self._showing: tuple[object, ...] = ()
        self._content: tuple[object, ...] = ()
        self._compact = False
        self.refresh()

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, on: bool) -> None:
        """On a small screen the panel folds to its one title line (how many fixes there are here), so the
        matrix keeps its rows; Ctrl+J unfolds it."""
        if on != self._compact:
            self._compact = on
            self._showing = self._content = ()
            self.refresh()

    def checks_here(self) -> list[CheckResult]:
        """The stage's fixable findings that name the current outcome or participant."""
        wanted = {
            (RefKind.OUTCOME, name_key(self._outcome or "")),
            (RefKind.PARTICIPANT, name_key(self._participant or "")),
        }
        return [
            c
            for c in self.session.checks_for(Stage.STAKEHOLDERS)
            if c.code in FIXABLE_CODES and c.item.key is not None and (c.item.kind, name_key(c.item.key)) in wanted
        ]

    def show_for_cell(self, outcome: str | None, participant: str | None) -> bool:
        """Follow the matrix: the fixes for the checks on this outcome (its row) and participant (its column)."""
        self._outcome, self._participant = outcome, participant
        self.refresh()
        return bool(self.shown_checks)

    def refresh(self) -> None:
        """Show the fixes of the current cell's checks; the buttons are rebuilt only when what they offer changed
        (an edit elsewhere in the matrix usually leaves them as they were)."""
        showing = (self.session.loaded, self._outcome, self._participant, self.session.read_only, self._compact)
        if showing == self._showing:
            return
        self._showing = showing
        checks = self.checks_here()
        offers = fix_offers(self.session.workshop, checks) if checks and not self._compact else []
        content = (self._outcome, self._participant, self.session.read_only, self._compact, tuple(checks),
                   tuple((o.fixes, o.note, o.prompt) for o in offers))  # fmt: skip
        if content == self._content:
            return
        self._content = content
        self._clear()
        self.shown_checks = checks
        where = " · ".join(x for x in (self._outcome, self._participant) if x)
        if not checks:
            self.title.setText(
                self.tr("Fix in one click: nothing to fix at %1. Move to a marked row or column, or pick a "
                        "stakeholder check in the checks panel.").replace("%1", where or self.tr("this cell"))
            )  # fmt: skip
            return
        if self._compact:
            self.title.setText(
                self.tr("Fix in one click: %1 check(s) to fix at %2. Ctrl+J shows the fixes.")
                .replace("%1", str(len(checks))).replace("%2", where)
            )  # fmt: skip
            self.shown_checks = checks
            return
        self.title.setText(self.tr("Fix in one click (Ctrl+J), at %1:").replace("%1", where))
        for check, offer in zip(checks, offers, strict=True):
            section = QWidget()
            grid = QGridLayout(section)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(6)
            mark = "✖" if check.severity is Severity.ERROR else "▲"
            lead = QLabel(f"{mark}  {check.message}  {offer.note or offer.prompt}")
            lead.setWordWrap(True)
            lead.setStyleSheet(f"color: {SEVERITY_TEXT_COLOURS[check.severity]};")
            grid.addWidget(lead, 0, 0, 1, COLUMNS)
            for i, fix in enumerate(offer.fixes[:SHOWN_FIXES]):
                button = QPushButton(fix.title)
                button.setObjectName("fixButton")
                button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                button.setToolTip(self.tr("Apply: %1 (one step; Ctrl+Z undoes it)").replace("%1", fix.title))
                button.setEnabled(not self.session.read_only)
                button.clicked.connect(lambda _checked=False, f=fix: self.apply(f))
                grid.addWidget(button, 1 + i // COLUMNS, i % COLUMNS)
                self.fix_buttons.append(button)
                self._buttons_of.setdefault(check.code, []).append(button)
            self.sections.addWidget(section)

    def _clear(self) -> None:
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # out of sight now, gone at the next turn of the event loop
                widget.deleteLater()
        self.fix_buttons = []
        self.shown_checks = []
        self._buttons_of = {}

    def buttons_for(self, code: str) -> list[QPushButton]:
        """The fix buttons shown for a check of this code, in the offer's order."""
        return list(self._buttons_of.get(code, []))

    def apply(self, fix: Fix) -> Edit | None:
        """The fix's cells as one edit, labelled with what it does."""
        session = self.session
        cells = [
            (session.id_of("outcome", c.outcome), session.id_of("participant", c.participant),
             None if c.role is None else c.role.value)
            for c in fix.changes
        ]  # fmt: skip
        service, wid = session.service, session.workshop_id
        edit = session.apply(lambda: service.set_raci_cells(wid, cells, fix.title))
        if edit is not None:
            self.fixed.emit(edit)
        return edit

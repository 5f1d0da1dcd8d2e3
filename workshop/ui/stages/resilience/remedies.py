"""Remedies in one click: for each outcome the resilience checks flag, what is wrong in words and a button per
remedy saying what it will change; each is one undoable edit, and the figures follow at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.plan import fallback_origin, generated_actions
from workshop.domain.remedies import FALLBACK_CODES, OWNED_CODE, Remedy, RemedyKind, remedies_for
from workshop.domain.text import name_key
from workshop.domain.validation import RELIANCE_MAX
from workshop.ui.session import WorkshopSession

#: How many workshop channels a finding offers as its fallback (the best scored first); more would be a list.
MOST_FALLBACKS = 3


class RemediesView(QWidget):
    """One block per flagged outcome, in the room's order; a button per remedy."""

    #: A remedy was applied (its text), so the page can say so and keep the focus near.
    applied = Signal(str)

    def __init__(self, session: WorkshopSession, catalog: Callable[[], list] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self._catalog = catalog
        self._shown: object | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)
        self.buttons: list[tuple[Remedy, QPushButton]] = []

    def findings(self) -> dict[str, set[str]]:
        """The outcomes flagged by a resilience or owned-channel check, with their codes (room's order)."""
        order = {name_key(o.key): i for i, o in enumerate(self.session.workshop.outcomes)}
        found: dict[str, set[str]] = {}
        for c in self.session.checks:
            if c.code in FALLBACK_CODES or c.code == OWNED_CODE:
                found.setdefault(c.subject, set()).add(c.code)
        return dict(sorted(found.items(), key=lambda kv: order.get(name_key(kv[0]), len(order))))

    def remedies(self) -> dict[str, list[Remedy]]:
        analysis = self.session.analysis
        open_fallbacks = {name_key(a.origin) for a in generated_actions(self.session.workshop)}
        catalog = self._catalog() if self._catalog is not None else []
        out = {}
        for key, codes in self.findings().items():
            found = remedies_for(analysis, key, codes, catalog,
                                 action_open=name_key(fallback_origin(key)) in open_fallbacks)  # fmt: skip
            fallbacks = [r for r in found if r.kind is RemedyKind.FALLBACK_CHANNEL][:MOST_FALLBACKS]
            out[key] = [*fallbacks, *(r for r in found if r.kind is not RemedyKind.FALLBACK_CHANNEL)]
        return out

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Build the blocks again after an edit: now when shown, else when next shown (a large workshop has
        hundreds of findings, not worth building for a view nobody sees)."""
        if self._shown is self.session.loaded or not self.isVisible():
            return
        self._shown = self.session.loaded
        focused = next((r for r, b in self.buttons if b.hasFocus()), None)
        body = QWidget()
        box = QVBoxLayout(body)
        box.setSpacing(14)
        self.buttons = []
        messages = {(c.subject, c.code): c.message for c in self.session.checks}
        titles = {o.key: o.title for o in self.session.workshop.outcomes}
        remedies = self.remedies()
        if not remedies:
            done = QLabel(self.tr("No outcome needs a remedy: every one has an owned channel and a live fallback."))
            done.setObjectName("emptyHint")
            done.setWordWrap(True)
            box.addWidget(done)
        for key, found in remedies.items():
            head = QLabel(f"{key}  {titles.get(key, '')}")
            head.setObjectName("remedyOutcome")
            font = head.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            head.setFont(font)
            box.addWidget(head)
            for code in ("W_STRANDED", "W_NO_FALLBACK", OWNED_CODE):
                if (key, code) in messages:
                    why = QLabel("▲ " + messages[(key, code)])
                    why.setWordWrap(True)
                    why.setObjectName("remedyWhy")
                    box.addWidget(why)
            for remedy in found:  # one a line, left-aligned: each says in full what it will change
                row = QHBoxLayout()
                button = QPushButton(remedy.text)
                button.setObjectName("remedyButton")
                button.setToolTip(self.tr("%1: one edit; Ctrl+Z undoes it").replace("%1", remedy.text))
                button.setEnabled(not self.session.read_only)
                button.clicked.connect(lambda _c=False, r=remedy: self.apply(r))
                row.addWidget(button)
                row.addStretch(1)
                box.addLayout(row)
                self.buttons.append((remedy, button))
            if not found:
                box.addWidget(QLabel(self.tr("No remedy to offer: add an owned channel on the channels stage.")))
        box.addStretch(1)
        self.scroll.setWidget(body)
        if focused is not None:
            again = next((b for r, b in self.buttons if r.outcome == focused.outcome), None)
            if again is not None:
                again.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first(self) -> None:
        """The keyboard on the first remedy (Tab walks the rest, Space or Enter applies one)."""
        self.refresh()
        if self.buttons:
            self.scroll.ensureWidgetVisible(self.buttons[0][1])
            self.buttons[0][1].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply(self, remedy: Remedy) -> bool:
        """Apply one remedy as one edit; one that needs a reliance asks for it first."""
        reliance = None
        if remedy.needs_reliance:
            value, ok = QInputDialog.getDouble(
                self, self.tr("Reliance"),
                self.tr("The other channels of %1 have a reliance each. How much does %2 carry?").replace(
                    "%1", remedy.outcome).replace("%2", remedy.channel or ""),
                0.2, 0.01, float(RELIANCE_MAX), 2,
            )  # fmt: skip
            if not ok:
                return False
            reliance = value
        service, wid = self.session.service, self.session.workshop_id
        edit = self.session.apply(lambda: service.apply_remedy(wid, remedy, reliance))
        if edit is not None:
            self.applied.emit(remedy.text)
        return edit is not None

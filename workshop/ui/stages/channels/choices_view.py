"""The choices table of an outcome with its keys (P, S, F, Delete), the reliance note, and the departments'
favourites and dissent, which stay hidden while the tally is hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workshop.domain.enums import ChoiceRole
from workshop.domain.text import name_key
from workshop.domain.validation import RELIANCE_MAX
from workshop.ui.delegates import DoubleSpinBoxDelegate
from workshop.ui.item_list import size_rows
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.choices import ROLE_KEYS, ChoiceGridModel
from workshop.ui.widgets.grid_parts import TitleHeader


def favourites_text(session: WorkshopSession, outcome: str | None) -> str:
    """The departments' favourite channels for an outcome and whether they differ, in one or two lines for the
    room; while the tally is hidden, only that they are hidden."""
    if outcome is None:
        return ""
    if session.tally_hidden:
        return session.tr("Favourites and dissent are hidden until the tally is revealed (Ctrl+H on Channel dots).")
    analysis = session.analysis
    favourites = analysis.favourites(outcome)
    order = {name_key(d.name): i for i, d in enumerate(session.workshop.departments)}
    named = sorted(favourites.items(), key=lambda kv: order.get(name_key(kv[0]), len(order)))
    if not named:
        return session.tr("No department has a favourite channel for %1 yet: channel dots tell.").replace(
            "%1", outcome)  # fmt: skip
    listing = "; ".join(f"{d}: {c}" for d, c in named)
    if analysis.dissent(outcome):
        return session.tr("Departments differ on %1. Favourites: %2.").replace("%1", outcome).replace("%2", listing)
    return session.tr("The departments agree on %1. Favourites: %2.").replace("%1", outcome).replace("%2", listing)


class ChoicesView(QWidget):
    """The outcome's channels in ranking order; P, S and F choose the current one in that role, Delete clears, F2 on
    the reliance sets it."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ChoiceGridModel(session, self)
        self.model.follows_session = False  # redrawn by refresh(): now when shown, else when next shown
        self._outcome = self.model.outcome
        self._stale = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.favourites = QLabel()
        self.favourites.setObjectName("favouritesLine")
        self.favourites.setWordWrap(True)
        layout.addWidget(self.favourites)
        self.table = QTableView()
        self.table.setObjectName("choiceTable")
        self.table.setVerticalHeader(TitleHeader(self.table))  # the kind's swatch, a long name elided
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setItemDelegateForColumn(
            ChoiceGridModel.COL_RELIANCE, DoubleSpinBoxDelegate(0.0, float(RELIANCE_MAX), step=0.1, parent=self)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ChoiceGridModel.COL_FAVOURITE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        size_rows(self.table)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setObjectName("emptyHint")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.role_actions: dict[ChoiceRole, QAction] = {}
        for key, role in ROLE_KEYS.items():
            text = {ChoiceRole.PRIMARY: self.tr("Choose as primary"), ChoiceRole.SUPPORTING: self.tr(
                "Choose as supporting"), ChoiceRole.FALLBACK: self.tr("Choose as fallback")}[role]  # fmt: skip
            self.role_actions[role] = self._table_action(text, [key], lambda _c=False, r=role: self.choose(r))
        self.clear_action = self._table_action(self.tr("Clear the choice"), ["Del", "Backspace"],
                                               lambda: self.choose(None))  # fmt: skip
        session.tally_hidden_changed.connect(lambda _h: self.refresh())
        self.model.modelReset.connect(self._keep_current)
        self._current_channel: str | None = None
        self.table.selectionModel().currentRowChanged.connect(self._remember_current)
        self.refresh()

    def _table_action(self, text: str, keys: list[str], slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.table)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Long channel names give way (elided) on a laptop screen, so the favourites column keeps room."""
        super().resizeEvent(event)
        self.table.verticalHeader().setMaximumWidth(max(160, int(self.width() * 0.26)))

    def set_outcome(self, key: str | None) -> None:
        self._outcome = key
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Redraw from the session, now when shown, else when next shown (a score typed elsewhere stays quick)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._outcome != self.model.outcome:
            self.model.set_outcome(self._outcome)
            if self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(0, ChoiceGridModel.COL_ROLE))
        self.model.refresh()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, ChoiceGridModel.COL_ROLE))
        self.favourites.setText(favourites_text(self.session, self.model.outcome))
        keys = self.tr("P, S, F: primary, supporting, fallback · Delete clears · F2 on Reliance sets it")
        self.note.setText(f"{self.model.reliance_note()}  {keys}")

    def choose(self, role: ChoiceRole | None) -> bool:
        """The current channel in ``role`` for the outcome (None clears): one undoable edit."""
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        return self.model.set_role(index.row(), role)

    def select_channel(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, ChoiceGridModel.COL_ROLE))
        return True

    def _remember_current(self) -> None:
        index = self.table.currentIndex()
        self._current_channel = self.model.row(index.row()).channel.name if index.isValid() else None

    def _keep_current(self) -> None:
        """A new order (a score moved a channel up) keeps the cursor on the same channel."""
        if self._current_channel is not None:
            name = self._current_channel
            row = self.model.row_of(name)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, ChoiceGridModel.COL_ROLE))

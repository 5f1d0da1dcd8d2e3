"""The what-if: switch any set of owners and channels off at once (a click on its box, or Space) and see what each
outcome loses, at once. It changes nothing in the workshop; the session keeps it while the facilitator moves
between stages; Ctrl+0 switches everything back on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.formulas import OWN_OWNER, owner_key
from workshop.domain.resilience import WhatIf, what_if
from workshop.domain.text import name_key
from workshop.export.palette import CHANNEL_KIND_COLOURS
from workshop.ui.item_list import size_rows
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.resilience.models import OutcomeImpactModel, risk_text

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "owner" or "channel"
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


def switchable(session: WorkshopSession) -> tuple[list[str], list[str]]:
    """(owners, channels) the room may switch off: every outside owner of the workshop's channels, and its channels
    (a retired one only while some outcome still chooses it)."""
    ws, analysis = session.workshop, session.analysis
    chosen = {name_key(c.channel) for cs in analysis.choices.values() for c in cs}
    channels = [c.name for c in ws.channels if not c.retired or name_key(c.name) in chosen]
    owners: list[str] = []
    for c in ws.channels:
        owner = owner_key(c.owner)
        if owner != OWN_OWNER and owner not in owners and (not c.retired or name_key(c.name) in chosen):
            owners.append(owner)
    return owners, channels


def what_if_sentence(session: WorkshopSession, result: WhatIf) -> str:
    """The what-if in one line for the room."""
    channels, owners = session.what_if
    if not channels and not owners:
        return session.tr("Everything is on. Tick an owner or a channel (Space) to see what its closing would cost.")
    off = [*(session.tr("%1 (owner)").replace("%1", o) for o in owners), *channels]
    text = session.tr("Without %1: %2 at risk").replace("%1", ", ".join(off)).replace(
        "%2", risk_text(session.analysis, result.value_at_risk))  # fmt: skip
    if result.stranded:
        text += session.tr("; stranded: %1").replace("%1", ", ".join(result.stranded))
    if result.live_fallbacks:
        text += session.tr("; kept going by a fallback: %1").replace("%1", ", ".join(result.live_fallbacks))
    return text + "."


class WhatIfView(QWidget):
    """Owners and channels with boxes at the left, what each outcome loses at the right."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("whatIfSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.switches = QListWidget()
        self.switches.setObjectName("whatIfSwitches")
        self.switches.setToolTip(self.tr("Tick to switch off (Space); Ctrl+0 switches everything back on"))
        self.switches.itemChanged.connect(self._switched)
        self.switches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elide
        row.addWidget(self.switches, 2)
        self.model = OutcomeImpactModel(session, self)
        self.table = QTableView()
        self.table.setObjectName("whatIfOutcomes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutcomeImpactModel.COL_OUTCOME, QHeaderView.ResizeMode.Stretch)
        size_rows(self.table)
        row.addWidget(self.table, 5)
        layout.addLayout(row, 1)
        session.what_if_changed.connect(self.refresh)
        self._filling = False

    # -- the switches -----------------------------------------------------------

    def _fill(self) -> None:
        owners, channels = switchable(self.session)
        wanted = [("owner", o) for o in owners] + [("channel", c) for c in channels]
        listed = [(self.switches.item(i).data(KIND_ROLE), self.switches.item(i).data(NAME_ROLE))
                  for i in range(self.switches.count())]  # fmt: skip
        off_channels, off_owners = self.session.what_if
        off = {("channel", name_key(c)) for c in off_channels} | {("owner", o) for o in off_owners}
        self._filling = True
        try:
            if [w for w in wanted] != [(k, n) for k, n in listed if k is not None]:
                self._rebuild(owners, channels)
            for i in range(self.switches.count()):
                item = self.switches.item(i)
                kind, name = item.data(KIND_ROLE), item.data(NAME_ROLE)
                if kind is None:
                    continue
                key = (kind, name_key(name) if kind == "channel" else name)
                state = Qt.CheckState.Checked if key in off else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    item.setCheckState(state)
        finally:
            self._filling = False

    def _rebuild(self, owners: list[str], channels: list[str]) -> None:
        current = self.switches.currentItem()
        was = (current.data(KIND_ROLE), current.data(NAME_ROLE)) if current is not None else None
        self.switches.clear()
        kinds = {c.name: c.kind for c in self.session.workshop.channels}
        for title, kind, names in ((self.tr("Owners: all their channels"), "owner", owners),
                                   (self.tr("Channels"), "channel", channels)):  # fmt: skip
            head = QListWidgetItem(title)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.switches.font())
            font.setBold(True)
            head.setFont(font)
            self.switches.addItem(head)
            for name in names:
                item = QListWidgetItem(name)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(KIND_ROLE, kind)
                item.setData(NAME_ROLE, name)
                if kind == "channel" and name in kinds:
                    item.setData(Qt.ItemDataRole.DecorationRole, QColor(CHANNEL_KIND_COLOURS[kinds[name]]))
                    item.setToolTip(f"{name}: {kinds[name].value}")
                self.switches.addItem(item)
                if was == (kind, name):
                    self.switches.setCurrentItem(item)
        if self.switches.currentItem() is None and self.switches.count() > 1:
            self.switches.setCurrentRow(1)

    def _switched(self, item: QListWidgetItem) -> None:
        if self._filling or item.data(KIND_ROLE) is None:
            return
        channels, owners = [], []
        for i in range(self.switches.count()):
            it = self.switches.item(i)
            if it.data(KIND_ROLE) is not None and it.checkState() == Qt.CheckState.Checked:
                (owners if it.data(KIND_ROLE) == "owner" else channels).append(it.data(NAME_ROLE))
        self.session.set_what_if(tuple(channels), tuple(owners))

    def toggle(self, kind: str, name: str) -> bool:
        """Switch one owner or channel off, or back on (as a click on its box does)."""
        for i in range(self.switches.count()):
            item = self.switches.item(i)
            if item.data(KIND_ROLE) == kind and name_key(item.data(NAME_ROLE)) == name_key(name):
                on = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)
                return True
        return False

    # -- the figures ------------------------------------------------------------

    def result(self) -> WhatIf:
        """The what-if on the workshop as it is now; names that went (renamed, removed) are let go."""
        owners, channels = switchable(self.session)
        off_channels, off_owners = self.session.what_if
        known_c = {name_key(c) for c in channels}
        keep_c = tuple(c for c in off_channels if name_key(c) in known_c)
        keep_o = tuple(o for o in off_owners if o in owners)
        if (keep_c, keep_o) != (off_channels, off_owners):
            self.session.set_what_if(keep_c, keep_o)  # comes back through what_if_changed
        return what_if(self.session.analysis, keep_c, keep_o)

    def refresh(self) -> None:
        self._fill()
        result = self.result()
        self.model.set_result(result)
        self.summary.setText(what_if_sentence(self.session, result))
        tint = "#A3261E" if result.stranded else "#1A1A1A"
        self.summary.setStyleSheet(f"color: {tint};")
        for i in range(self.switches.count()):
            item = self.switches.item(i)
            if item.data(KIND_ROLE) is not None:
                off = item.checkState() == Qt.CheckState.Checked
                item.setForeground(QBrush(QColor("#6B6B6B" if off else "#1A1A1A")))

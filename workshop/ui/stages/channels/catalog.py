"""The workshop's channels, browsed and edited: search and filters, cells edited in place, retire and bring back,
and channels added from the shipped catalog.

Each change is one undoable service edit through the session; the browser only narrows what it shows, so a
retired channel leaves the list (unless shown) while scores and choices that refer to it keep counting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.entities import Channel
from workshop.domain.enums import ChannelKind, Portability
from workshop.domain.text import name_key
from workshop.services.workshops import Edit
from workshop.ui.delegates import ComboBoxDelegate, SpinBoxDelegate
from workshop.ui.item_list import table_view
from workshop.ui.models import ROW_ID_ROLE
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.stages.base import for_browsing
from workshop.ui.stages.channels.catalog_model import (
    CatalogChannelsDialog,
    ChannelFilterProxy,
    ChannelTableModel,
    OwnerDelegate,
    kind_icon,
    kind_label,
    new_channel_name,
    portability_label,
)
from workshop.ui.widgets.message_line import MessageLine

M = ChannelTableModel
ADD_KEYS, RETIRE_KEYS, CATALOG_KEYS, SEARCH_KEYS = "Ins", "Ctrl+Shift+R", "Ctrl+Shift+A", "Ctrl+F"


class ChannelCatalogView(QWidget):
    """The workshop's own channels: a searchable, filterable table edited in place, with add, retire and bring
    back, and the shipped catalog's missing channels a key away."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelCatalog")
        self.session = session
        self._shown_loaded: object = None
        self._stale = False
        self._applying = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("channelSearch")
        self.search_edit.setPlaceholderText(self.tr("Search name, owner or alias (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.kind_combo = QComboBox()
        self.kind_combo.setToolTip(self.tr("Show one kind of channel"))
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in ChannelKind:
            self.kind_combo.addItem(kind_icon(kind), kind_label(kind), kind.value)
        self.owner_combo = QComboBox()
        self.owner_combo.setToolTip(self.tr("Show the channels of one owner"))
        self.owner_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retired_button = QPushButton(self.tr("Show retired"))
        self.retired_button.setObjectName("filterButton")
        self.retired_button.setCheckable(True)
        self.retired_button.setToolTip(self.tr("List retired channels too (greyed)"))
        for widget, stretch in ((self.search_edit, 1), (self.kind_combo, 0), (self.owner_combo, 0),
                                (self.retired_button, 0)):  # fmt: skip
            filters.addWidget(widget, stretch)
        layout.addLayout(filters)
        self.message_label = MessageLine()
        layout.addWidget(self.message_label)

        self.model = ChannelTableModel(session, self)
        self.proxy = ChannelFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(self.proxy)
        self.table.setObjectName("channelTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()  # filtered rows: a position number would mislead
        kinds = [(k.value, kind_label(k)) for k in ChannelKind]
        portabilities = [(p.value, portability_label(p)) for p in Portability]
        statuses = [(M.ACTIVE, self.tr("Active")), (M.RETIRED, self.tr("Retired"))]
        for column, delegate in (
            (M.COL_KIND, ComboBoxDelegate(lambda: kinds, self)),
            (M.COL_OWNER, OwnerDelegate(self.owners, self)),
            (M.COL_PORTABILITY, ComboBoxDelegate(lambda: portabilities, self)),
            (M.COL_RISK, SpinBoxDelegate(1, 5, parent=self)),
            (M.COL_STATUS, ComboBoxDelegate(lambda: statuses, self)),
        ):
            self.table.setItemDelegateForColumn(column, delegate)
        layout.addWidget(self.table, 1)

        self.add_action = self._action(
            self.tr("Add channel"), self.tr("Add a channel and type its name"), ADD_KEYS, self.add_channel
        )
        self.retire_action = self._action(
            self.tr("Retire"), self.tr("Retire the selected channels, or bring them back"), RETIRE_KEYS,
            self.retire_selected,
        )  # fmt: skip
        self.catalog_action = self._action(
            self.tr("Add from catalog…"), self.tr("Add channels of the shipped catalog that this workshop lacks"),
            CATALOG_KEYS, self.add_from_catalog,
        )  # fmt: skip
        self.search_action = self._action(self.tr("Search"), self.tr("Search the channels"), SEARCH_KEYS,
                                          self.focus_search)  # fmt: skip
        bottom = QHBoxLayout()
        self.add_button, self.retire_button, self.catalog_button = (
            self._button(a) for a in (self.add_action, self.retire_action, self.catalog_action)
        )
        for button in (self.add_button, self.retire_button, self.catalog_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("channelCount")
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)
        for_browsing(self.search_edit, self.kind_combo, self.owner_combo, self.retired_button, self.search_action)

        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.owner_combo.currentIndexChanged.connect(lambda _i: self.proxy.set_owner(self.owner_combo.currentData()))
        self.retired_button.toggled.connect(self.proxy.set_show_retired)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._count)
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_actions())
        self.search_edit.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        session.changed.connect(self._session_changed)
        session.refused.connect(self._refused)
        self.refresh()

    # -- parts ----------------------------------------------------------------

    def _action(self, text: str, tip: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction) -> QPushButton:
        """A button that follows its action: text, tip and whether it can be pressed."""
        button = QPushButton(action.text())
        button.setToolTip(action.toolTip())
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setText(action.text())
            button.setEnabled(action.isEnabled())

        action.changed.connect(follow)
        return button

    def key_hints(self) -> list[tuple[str, str]]:
        """Keys the table and the search field read that are no action, for the F1 sheet."""
        return [
            (self.tr("F2, double click or typing"), self.tr("Edit the channel's cell")),
            (self.tr("↓ or Enter in the search"), self.tr("Go to the channels found")),
            (self.tr("Esc in the search"), self.tr("Clear the search")),
        ]

    def owners(self) -> list[str]:
        """The owners the workshop's channels name, each once, sorted as read."""
        found: dict[str, str] = {}
        for channel in self.session.workshop.channels:
            found.setdefault(name_key(channel.owner), channel.owner)
        return sorted(found.values(), key=str.casefold)

    # -- redraw ---------------------------------------------------------------

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.message_label.hide()  # the last edit went through, wherever it was made
        if "channel" in tables or tables >= EVERYTHING:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Redraw from the session, keeping the current channel, the selection and the scroll position."""
        self._stale = False
        if self._shown_loaded is self.session.loaded:
            return
        self._shown_loaded = self.session.loaded
        current = self.table.currentIndex()
        current_id, column = current.data(ROW_ID_ROLE), max(0, current.column())
        selected = {i.data(ROW_ID_ROLE) for i in self.table.selectionModel().selectedRows()}
        scroll = self.table.verticalScrollBar().value()
        if self.model.refresh():
            self._restore(current_id, column, selected, scroll)
            self.fit_columns()
        elif self.model.rowCount() <= 200:
            self.fit_columns()
        self._fill_owners()
        self._count()
        self._update_actions()

    def _restore(self, current_id: int | None, column: int, selected: set[int], scroll: int) -> None:
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ROW_ID_ROLE) in selected:
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
            if index.data(ROW_ID_ROLE) == current_id:
                selection.setCurrentIndex(self.proxy.index(row, column), selection.SelectionFlag.NoUpdate)
        self.table.verticalScrollBar().setValue(scroll)

    def _fill_owners(self) -> None:
        combo, chosen = self.owner_combo, self.owner_combo.currentData()
        owners = self.owners()
        if [combo.itemData(i) for i in range(1, combo.count())] != owners:
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All owners"), None)
            for owner in owners:
                combo.addItem(owner, owner)
            keys = [name_key(o) for o in owners]
            combo.setCurrentIndex(keys.index(name_key(chosen)) + 1 if chosen and name_key(chosen) in keys else 0)
            combo.blockSignals(False)
            self.proxy.set_owner(combo.currentData())

    def _count(self) -> None:
        channels = self.session.workshop.channels
        total, retired = len(channels), sum(c.retired for c in channels)
        text = self.tr("1 channel") if total == 1 else self.tr("%1 channels").replace("%1", str(total))
        text += " · " + self.tr("%1 retired").replace("%1", str(retired))
        text += " · " + self.tr("showing %1").replace("%1", str(self.proxy.rowCount()))
        self.count_label.setText(text)

    def _update_actions(self) -> None:
        chosen = self.selected_channels()
        editable = not self.session.read_only
        self.add_action.setEnabled(editable)
        self.catalog_action.setEnabled(editable)
        self.retire_action.setEnabled(editable and bool(chosen))
        back = bool(chosen) and all(c.retired for _i, c in chosen)
        self.retire_action.setText(self.tr("Bring back") if back else self.tr("Retire"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.search_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount():
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.proxy.index(0, M.COL_NAME))
                self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Columns at their content width; when short of room the name (kept up to a third of the width), owner and
        aliases are trimmed evenly, never the short closed values; the aliases take what is left over."""
        view, header = self.table, self.table.horizontalHeader()
        least = [header.sectionSizeHint(c) for c in range(M.COL_STATUS + 1)]
        wanted = [max(view.sizeHintForColumn(c), h) for c, h in enumerate(least)]
        for column in (M.COL_KIND, M.COL_PORTABILITY, M.COL_RISK, M.COL_STATUS):
            least[column] = wanted[column]
        room = view.viewport().width()
        least[M.COL_NAME] = wanted[M.COL_NAME] = min(wanted[M.COL_NAME], max(least[M.COL_NAME], room // 3))
        cap = max(wanted)
        while sum(max(min(w, cap), h) for w, h in zip(wanted, least, strict=True)) > room and cap > min(least):
            cap -= 4
        widths = [max(min(w, cap), h) for w, h in zip(wanted, least, strict=True)]
        widths[M.COL_ALIASES] += max(0, room - sum(widths))
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    # -- what the facilitator does -------------------------------------------

    def selected_channels(self) -> list[tuple[int, Channel]]:
        """The selected channels with their row ids, in the workshop's order."""
        rows = sorted(self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows())
        return [(row_id, self.model.channel(r)) for r in rows if (row_id := self.model.row_id(r)) is not None]

    def _apply(self, call: Callable[[], Edit]) -> Edit | None:
        """One edit of this view; its refusal is said in this view's message line."""
        self._applying = True
        try:
            edit = self.session.apply(call)
        finally:
            self._applying = False
        self.refresh()
        return edit

    def _refused(self, text: str) -> None:
        if self._applying or self.model.applying:
            self.message_label.say(text)

    def _kind_chosen(self, _index: int) -> None:
        value = self.kind_combo.currentData()
        self.proxy.set_kind(ChannelKind(value) if value else None)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def show_all(self) -> None:
        """Let go of the search, kind and owner filters (the retired toggle stays as set)."""
        self.search_edit.clear()
        self.kind_combo.setCurrentIndex(0)
        self.owner_combo.setCurrentIndex(0)

    def select_channel(self, row_id: int, column: int = M.COL_NAME) -> bool:
        """Make a channel current (filters let go, retired shown, when they hide it); False when there is none."""
        row = self.model.row_of_id(row_id)
        if row is None:
            return False
        channel = self.model.channel(row)
        if channel.retired and not self.proxy.show_retired:
            self.retired_button.setChecked(True)
        if not self.proxy.accepts(channel):
            self.show_all()
        index = self.proxy.mapFromSource(self.model.index(row, column))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def focus_channel(self, name: str) -> bool:
        """Select the channel a check names and put the focus on it; False when the workshop has none so named."""
        self.refresh()
        row = self.model.row_of_name(name)
        row_id = None if row is None else self.model.row_id(row)
        if row_id is None or not self.select_channel(row_id):
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def add_channel(self) -> None:
        """A new owned channel of the organisation's own, named "New channel" (2, 3...), its name ready to type."""
        if self.session.read_only:
            return
        service, wid = self.session.service, self.session.workshop_id
        name = new_channel_name(self.session.workshop.channels)
        fields: dict[str, Any] = {"name": name, "kind": "owned", "owner": "(own)", "portability": "none",
                                  "platform_risk": 3, "aliases": []}  # fmt: skip
        edit = self._apply(lambda: service.add("channel", wid, **fields))
        if edit is not None and self.select_channel(int(edit.result)):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.edit(self.table.currentIndex())

    def retire_selected(self) -> None:
        """Retire the selected channels, or bring them back when all of them are retired: one undoable edit."""
        chosen = self.selected_channels()
        if not chosen or self.session.read_only:
            return
        retire = not all(c.retired for _i, c in chosen)
        ids = [i for i, c in chosen if c.retired != retire]
        service, wid = self.session.service, self.session.workshop_id
        if len(ids) == 1:
            self._apply(lambda: service.set_retired(ids[0], retire))
            return
        text = self.tr("Retire %1 channels") if retire else self.tr("Bring back %1 channels")
        label = text.replace("%1", str(len(ids)))
        self._apply(lambda: service.batch(label, wid, lambda: [service.set_retired(i, retire) for i in ids]))

    def add_from_catalog(self) -> None:
        """Pick among the shipped catalog's channels that the workshop lacks; the ticked ones come in one edit."""
        if self.session.read_only:
            return
        service, wid = self.session.service, self.session.workshop_id
        dialog = CatalogChannelsDialog(service.missing_catalog_channels(wid), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        names = dialog.checked_names()
        dialog.deleteLater()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not accepted or not names:
            return
        edit = self._apply(lambda: service.add_catalog_channels(wid, names))
        if edit is not None and edit.result:
            self.select_channel(int(edit.result[0]))

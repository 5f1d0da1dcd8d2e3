"""What the channel catalog browser is made of: the workshop's channels as a table model, the filter that narrows
it, the owner cell editor, and the dialog that picks channels of the shipped catalog.

The model edits through the session like the set-up lists (one undoable service edit per cell); the proxy only
chooses which rows show, so a retired channel leaves the browser while the workshop keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.entities import Channel
from workshop.domain.enums import ChannelKind, Portability
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.ui.models import ItemTableModel
from workshop.ui.session import WorkshopSession

Index = QModelIndex | QPersistentModelIndex

#: What a new channel is named, numbered from 2 when taken ("New channel 2").
NEW_CHANNEL_NAME = "New channel"

_KIND_WORDS = {
    ChannelKind.OWNED: "Owned",
    ChannelKind.RENTED: "Rented",
    ChannelKind.EARNED: "Earned",
    ChannelKind.PAID: "Paid",
    ChannelKind.PARTNER: "Partner",
    ChannelKind.OFFLINE: "Offline",
}
_PORTABILITY_WORDS = {Portability.FULL: "Full", Portability.PARTIAL: "Partial", Portability.NONE: "None"}
_KIND_ICONS: dict[ChannelKind, QIcon] = {}
#: The grey of a retired channel's row: plainly set back, still readable from the back of the room (4.5:1 on white).
RETIRED_TEXT = QColor("#767676")


def kind_label(kind: ChannelKind) -> str:
    return QCoreApplication.translate("ChannelKind", _KIND_WORDS[kind])


def portability_label(portability: Portability) -> str:
    return QCoreApplication.translate("Portability", _PORTABILITY_WORDS[portability])


def kind_icon(kind: ChannelKind, size: int = 14) -> QIcon:
    """A swatch of the kind's one colour (the charts and workbooks use the same), made once."""
    icon = _KIND_ICONS.get(kind)
    if icon is None:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(palette.CHANNEL_KIND_COLOURS[kind]))
        icon = _KIND_ICONS[kind] = QIcon(pixmap)
    return icon


def split_aliases(text: str) -> list[str]:
    """Aliases as typed in one cell, "Insta, IG" -> ["Insta", "IG"]; blanks between commas are dropped."""
    return [part.strip() for part in str(text or "").split(",") if part.strip()]


def new_channel_name(channels: list[Channel]) -> str:
    """The first of "New channel", "New channel 2"... that no channel uses as its name or an alias."""
    taken = {name_key(n) for c in channels for n in (c.name, *c.aliases)}
    name, n = NEW_CHANNEL_NAME, 1
    while name_key(name) in taken:
        n += 1
        name = f"{NEW_CHANNEL_NAME} {n}"
    return name


class ChannelTableModel(ItemTableModel):
    """The workshop's channels, retired ones included (greyed): what they are, whose they are, how exposed."""

    kind = "channel"
    COL_NAME, COL_KIND, COL_OWNER, COL_PORTABILITY, COL_RISK, COL_ALIASES, COL_STATUS = range(7)
    NUMERIC_COLUMNS = frozenset({COL_RISK})
    RETIRED, ACTIVE = "retired", "active"

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        #: True while a cell edit of this model is being applied: its refusal belongs to the catalog's view.
        self.applying = False
        super().__init__(session, parent)

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Kind"), self.tr("Owner"), self.tr("Portability"), self.tr("Risk"),
                self.tr("Aliases"), self.tr("Status")]  # fmt: skip

    def header_tips(self) -> list[str]:
        return [
            self.tr("What the room calls the channel"),
            self.tr("Whose audience it is: owned, rented, earned, paid, partner or offline"),
            self.tr("Whose infrastructure it runs on; “(own)” for the organisation itself"),
            self.tr("Can the audience be taken elsewhere: full, partial or none"),
            self.tr("Platform risk, 1-5: 5 = most likely to decline, change its terms or vanish"),
            self.tr("Other names people use for it, separated by commas"),
            self.tr("A retired channel cannot be newly chosen or scored; what refers to it keeps counting"),
        ]

    def items(self) -> list[Channel]:
        return list(self.session.workshop.channels)

    def channel(self, row: int) -> Channel:
        return self._rows[row][1]

    def value(self, item: Channel, column: int) -> Any:
        values = {
            self.COL_NAME: item.name,
            self.COL_KIND: item.kind.value,
            self.COL_OWNER: item.owner,
            self.COL_PORTABILITY: item.portability.value,
            self.COL_RISK: item.platform_risk,
            self.COL_ALIASES: ", ".join(item.aliases),
            self.COL_STATUS: self.RETIRED if item.retired else self.ACTIVE,
        }
        return values[column]

    def display(self, item: Channel, column: int) -> str:
        if column == self.COL_KIND:
            return kind_label(item.kind)
        if column == self.COL_PORTABILITY:
            return portability_label(item.portability)
        if column == self.COL_STATUS:
            return self.tr("retired") if item.retired else ""
        return super().display(item, column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.header_tips()[section]
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item: Channel = self._rows[index.row()][1]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == self.COL_KIND:
            return kind_icon(item.kind)
        if item.retired and role == Qt.ItemDataRole.ForegroundRole:
            return RETIRED_TEXT
        if item.retired and role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setItalic(True)
            return font
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        self.applying = True
        try:
            return super().setData(index, value, role)
        finally:
            self.applying = False

    def fields_for(self, item: Channel, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_NAME:
            fields = self._text_field("name", item.name, value)
            if fields.get("name") == "":
                message = self.tr("A channel needs a name; it stays “%1”.").replace("%1", item.name)
                self.session.refused.emit(message)
                return None
            return fields
        if column == self.COL_OWNER:
            return self._text_field("owner", item.owner, value)
        if column == self.COL_RISK:
            return self._score_field("platform_risk", item.platform_risk, value)
        if column == self.COL_ALIASES:
            aliases = split_aliases(value)
            return {} if aliases == item.aliases else {"aliases": aliases}
        if column == self.COL_STATUS:
            retired = value == self.RETIRED
            return {} if retired == item.retired else {"retired": retired}
        if column == self.COL_KIND:
            return {} if value == item.kind.value else {"kind": value}
        return {} if value == item.portability.value else {"portability": value}


class ChannelFilterProxy(QSortFilterProxyModel):
    """The rows the browser shows, in the workshop's order: a search over name, owner and aliases, one kind, one
    owner, retired or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.kind: ChannelKind | None = None
        self.owner: str | None = None
        self.show_retired = False
        self.setDynamicSortFilter(True)

    def channels(self) -> ChannelTableModel:
        model = self.sourceModel()
        assert isinstance(model, ChannelTableModel)
        return model

    def set_search(self, text: str) -> None:
        self._set("search", text.strip().casefold())

    def set_kind(self, kind: ChannelKind | None) -> None:
        self._set("kind", kind)

    def set_owner(self, owner: str | None) -> None:
        self._set("owner", owner)

    def set_show_retired(self, shown: bool) -> None:
        self._set("show_retired", shown)

    def clear_filters(self) -> None:
        """Every channel the toggle allows (the search, kind and owner let go)."""

        def let_go() -> None:
            self.search, self.kind, self.owner = "", None, None

        self._refilter(let_go)

    def _set(self, name: str, value: Any) -> None:
        if getattr(self, name) != value:
            self._refilter(lambda: setattr(self, name, value))

    def _refilter(self, change: Callable[[], object]) -> None:
        """Change what the filter lets through, the way the running Qt asks (6.10 replaced invalidateRowsFilter)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def accepts(self, channel: Channel) -> bool:
        if channel.retired and not self.show_retired:
            return False
        if self.kind is not None and channel.kind is not self.kind:
            return False
        if self.owner is not None and name_key(channel.owner) != name_key(self.owner):
            return False
        texts = (channel.name, channel.owner, *channel.aliases)
        return not self.search or any(self.search in text.casefold() for text in texts)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.accepts(self.channels().channel(source_row))


class OwnerDelegate(QStyledItemDelegate):
    """Free text completed from the owners the workshop already names, so "Alphabet" is spelled one way."""

    def __init__(self, owners: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.owners = owners

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        completer = QCompleter(self.owners(), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.setCompleter(completer)
        return editor


class CatalogChannelsDialog(QDialog):
    """The shipped catalog's channels this workshop lacks: tick some (Space or click) and add them in one edit."""

    def __init__(self, channels: list[Channel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogChannelsDialog")
        self.setWindowTitle(self.tr("Add channels from the catalog"))
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr("The shipped catalog has %1 channels this workshop lacks. Tick those to add: each comes with "
                    "the catalog's kind, owner, portability, platform risk, aliases and ratings."
                    ).replace("%1", str(len(channels))) if channels else
            self.tr("This workshop already has every channel of the shipped catalog: there is nothing to add.")
        )  # fmt: skip
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, kind or owner…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.installEventFilter(self)
        layout.addWidget(self.filter_edit)
        self.tree = QTreeWidget()
        self.tree.setObjectName("catalogTree")
        self.tree.setHeaderLabels([self.tr("Channel"), self.tr("Kind"), self.tr("Owner")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet(
            "QTreeView::item { padding: 5px 8px; } QTreeView::indicator { width: 20px; height: 20px; }"
        )
        for channel in channels:
            item = QTreeWidgetItem([channel.name, kind_label(channel.kind), channel.owner])
            item.setIcon(1, kind_icon(channel.kind))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setToolTip(0, ", ".join(channel.aliases))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, self.tree.columnWidth(column) + 24)
        self.tree.itemChanged.connect(lambda _item, _column: self._count())
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(self.tr("Add channels"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel if channels else QDialogButtonBox.StandardButton.Close
        )
        self.add_button.setVisible(bool(channels))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter_edit.setVisible(bool(channels))
        self.tree.setVisible(bool(channels))
        self._count()
        (self.filter_edit if channels else self.cancel_button).setFocus()
        if channels:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        else:
            self.resize(640, 180)

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def checked_names(self) -> list[str]:
        return [item.text(0) for item in self.items() if item.checkState(0) == Qt.CheckState.Checked]

    def shown(self) -> list[QTreeWidgetItem]:
        return [item for item in self.items() if not item.isHidden()]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for item in self.items():
            haystack = " ".join(item.text(c) for c in range(3)).casefold()
            item.setHidden(not all(w in haystack for w in words))
        current, shown = self.tree.currentItem(), self.shown()
        if shown and (current is None or current.isHidden()):
            self.tree.setCurrentItem(shown[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the filter line goes to the channels found, where Space ticks one."""
        key = event.key() if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) else None
        if watched is self.filter_edit and key == Qt.Key.Key_Down and self.shown():
            self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _count(self) -> None:
        n = len(self.checked_names())
        text = self.tr("Add 1 channel") if n == 1 else self.tr("Add %1 channels").replace("%1", str(n))
        self.add_button.setText(text if n else self.tr("Add channels"))
        self.add_button.setEnabled(n > 0)
        self.add_button.setDefault(n > 0)

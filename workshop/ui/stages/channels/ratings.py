"""The channel-level ratings as a grid typed into: channels by the criteria rated once per channel.

An entered rating shows as its number; where METHOD.md gives a default (audience ownership from portability,
stability from platform risk) and none is entered, the default shows greyed and in italics, so the room sees what
counts and that it can still be changed. Only entered ratings are stored. A retired channel is listed only while it
has an entered rating, and cannot be rated anew.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QVBoxLayout, QWidget

from workshop.domain.entities import Channel, Criterion
from workshop.domain.text import name_key
from workshop.ui.item_list import size_rows
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.channels.grid_model import ChannelCriterionGrid
from workshop.ui.widgets.grid_parts import DigitGrid
from workshop.ui.widgets.message_line import MessageLine

Index = QModelIndex | QPersistentModelIndex

#: The library tables the grid shows.
SHOWN_TABLES = frozenset({"rating", "channel", "criterion", "workshop"})
RATING_MIN, RATING_MAX = 1, 5
#: True where the cell shows the method's default, not an entered rating.
DEFAULT_ROLE = Qt.ItemDataRole.UserRole + 3
#: How a default reads beside entered ratings: greyed (still legible on a projector) and in italics.
DEFAULT_COLOUR = "#6b6b6b"


class RatingGridModel(ChannelCriterionGrid):
    """Rows: the workshop's channels in its order (retired ones only while they have an entered rating). Columns:
    the channel-level criteria, headed "Name (weight)"."""

    shown_tables = SHOWN_TABLES

    #: Why a rating asked of this model was refused.
    refused = Signal(str)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._channels: list[Channel] = []
        self._criteria: list[Criterion] = []
        self._ratings: dict[tuple[str, str], int] = {}  # (channel key, criterion key) -> entered rating
        self._shown: object | None = None
        self._applying = False
        self._load()
        session.changed.connect(self._on_changed)
        session.refused.connect(self._on_refused)

    # -- reading ------------------------------------------------------------------

    def rating(self, row: int, column: int) -> int | None:
        """The rating entered for the cell, else None (a default is not a rating)."""
        return self._ratings.get((name_key(self._channels[row].name), name_key(self._criteria[column].key)))

    def default(self, row: int, column: int) -> int | None:
        """What METHOD.md gives when no rating is entered (None for most criteria): the domain's own rule."""
        return self.session.analysis.rating(replace(self._channels[row], ratings={}), self._criteria[column])

    def shown(self, row: int, column: int) -> tuple[int | None, bool]:
        """(the value that counts, whether it is the default) of a cell."""
        entered = self.rating(row, column)
        return (entered, False) if entered is not None else (self.default(row, column), True)

    def default_reason(self, row: int, column: int) -> str:
        """Where a default comes from, as the tooltip says it ("default from portability full")."""
        channel, key = self._channels[row], name_key(self._criteria[column].key)
        if key == "audience_ownership":
            return self.tr("default from portability %1").replace("%1", channel.portability.value)
        if key == "stability":
            return self.tr("default: 6 - platform risk %1").replace("%1", str(channel.platform_risk))
        return self.tr("default")

    def is_editable(self, index: Index) -> bool:
        if not index.isValid() or self.session.read_only or not 0 <= index.row() < len(self._channels):
            return False
        return not self._channels[index.row()].retired

    # -- loading ------------------------------------------------------------------

    def _load(self) -> None:
        """Read the rows, the columns and the entered ratings from the session's workshop."""
        ws = self.session.workshop
        self._shown = self.session.loaded
        self._criteria = [c for c in ws.criteria if not c.per_outcome]
        keys = {name_key(c.key) for c in self._criteria}
        self._ratings = {
            (name_key(ch.name), name_key(k)): v
            for ch in ws.channels
            for k, v in ch.ratings.items()
            if name_key(k) in keys
        }
        rated = {ck for ck, _crit in self._ratings}
        self._channels = [c for c in ws.channels if not c.retired or name_key(c.name) in rated]

    def refresh(self) -> None:
        """Redraw from the session: a rating changes its cells (no reset: the cursor stays); channels or criteria
        that came or went reset the grid."""
        if self._shown is self.session.loaded:
            return
        old = (self._channels, self._criteria, self._ratings)
        before, heads = self._shape()
        self._load()
        after, new_heads = self._shape()
        if after != before:
            new = (self._channels, self._criteria, self._ratings)
            self._channels, self._criteria, self._ratings = old  # what the view is told about before the reset
            self.beginResetModel()
            self._channels, self._criteria, self._ratings = new
            self.endResetModel()
            return
        if new_heads != heads:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self._criteria) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self._channels) - 1))
        if self._channels and self._criteria:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._channels) - 1, len(self._criteria) - 1))

    def _shape(self) -> tuple[tuple[list[str], list[str]], tuple[list[bool], list[tuple[str, float]]]]:
        """(the rows and columns by identity, what their headers say): a change of the first resets the grid."""
        rows, columns = [c.name for c in self._channels], [c.key for c in self._criteria]
        return (rows, columns), ([c.retired for c in self._channels], [(c.name, c.weight) for c in self._criteria])

    # -- editing ------------------------------------------------------------------

    def set_rating(self, row: int, column: int, value: int | None) -> bool:
        """A rating 1-5 (None clears it, back to the default where there is one) as one undoable edit; False when
        refused (a retired channel, out of range, or by the service)."""
        if not self.is_editable(self.index(row, column)):
            return False
        if value is not None and not RATING_MIN <= value <= RATING_MAX:
            return False
        if value == self.rating(row, column):
            return True
        loaded = self.session.loaded
        cid = loaded.id_of("channel", self._channels[row].name)
        kid = loaded.id_of("criterion", self._criteria[column].key)
        service = self.session.service
        self._applying = True
        try:
            return self.session.apply(lambda: service.set_rating(cid, kid, value)) is not None
        finally:
            self._applying = False

    def _on_refused(self, text: str) -> None:
        if self._applying:
            self.refused.emit(text)

    # -- Qt -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._channels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._criteria)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.is_editable(index) else flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._channels):
                return None
            c = self._channels[section]
            return self.tr("%1 (retired)").replace("%1", c.name) if c.retired else c.name
        if not 0 <= section < len(self._criteria):
            return None
        crit = self._criteria[section]
        return f"{crit.name} ({crit.weight:g})"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._channels) or index.column() >= len(self._criteria):
            return None
        row, col = index.row(), index.column()
        value, is_default = self.shown(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role in (Qt.ItemDataRole.EditRole, SORT_ROLE):
            return self.rating(row, col) if role == Qt.ItemDataRole.EditRole else value
        if role == DEFAULT_ROLE:
            return value is not None and is_default
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if value is None or not is_default:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._entered_tip(row, col, value)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(DEFAULT_COLOUR)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QGuiApplication.font())
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.default_reason(row, col) + self.tr(" (until a rating is entered)")
        return None

    def _entered_tip(self, row: int, column: int, value: int | None) -> str:
        if value is None:
            return self.tr("No rating yet: type 1-5")
        default = self.default(row, column)
        if default is None:
            return self.tr("Entered: %1").replace("%1", str(value))
        return self.tr("Entered: %1; Delete gives back the %2 (%3)").replace("%1", str(value)).replace(
            "%2", self.default_reason(row, column)).replace("%3", str(default))  # fmt: skip

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            rating = None if value in (None, "") else int(value)
        except (TypeError, ValueError):
            return False
        return self.set_rating(index.row(), index.column(), rating)


def _two_line_width(text: str, metrics: QFontMetrics) -> int:
    """The least width that shows ``text`` on two lines broken between words (one line when it is one word)."""
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))] or [(text, "")]
    return min(max(metrics.horizontalAdvance(a), metrics.horizontalAdvance(b)) for a, b in splits)


class RatingGrid(QWidget):
    """The channel-level ratings typed in by keyboard: a digit 1-5 sets the rating and moves on, Delete clears it
    (back to the default where there is one); a hint line and the reason of a refusal below."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = RatingGridModel(session, self)
        self._kept: tuple[str | None, str | None] = (None, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = DigitGrid()
        self.grid.setObjectName("ratingGrid")
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.grid.viewport().installEventFilter(self)
        size_rows(self.grid)
        self.grid.digit_typed.connect(self.type_rating)
        self.clear_action = QAction(self.tr("Clear the rating"), self.grid)
        self.clear_action.setShortcuts([QKeySequence("Del"), QKeySequence("Backspace")])
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.setToolTip(self.tr("Clear the rating: the default comes back where there is one (Del)"))
        self.clear_action.triggered.connect(lambda: self.type_rating(None))
        self.grid.addAction(self.clear_action)
        layout.addWidget(self.grid, 1)
        self.hint = QLabel(
            self.tr("A digit 1-5 sets the rating and moves on · Delete clears it · greyed, in italics: the method's "
                    "default (audience ownership from portability, stability 6\u00a0-\u00a0platform risk) until one "
                    "is entered")
        )  # fmt: skip
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.message_label = MessageLine()
        layout.addWidget(self.message_label)
        self.model.refused.connect(self.show_message)
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._restore_current)
        session.changed.connect(lambda _tables: self.clear_message())
        self.model.modelReset.connect(self.fit_columns)
        self.model.headerDataChanged.connect(lambda _o, _f, _l: self.fit_columns())
        self.fit_columns()
        self._restore_current()  # somewhere to type from the first moment

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Each criterion's header on one line when all fit, else on two (split where the wider line is
        narrowest), so the default criteria fit a 1000-pixel pane without scrolling sideways."""
        header = self.grid.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)  # as the style draws header sections
        metrics = QFontMetrics(font)
        air, least = 18, self.fontMetrics().horizontalAdvance("0") * 5  # air: the style's padding and a little
        texts = [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(self.model.columnCount())]
        widths = [max(least, metrics.horizontalAdvance(t) + air) for t in texts]
        lines = 1
        if sum(widths) > self.grid.viewport().width():
            widths, lines = [max(least, _two_line_width(t, metrics) + air) for t in texts], 2
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setFixedHeight(lines * metrics.lineSpacing() + 16)

    # -- the current cell -----------------------------------------------------------

    def _keep_current(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self._kept = (self.model.channel(index.row()).name, self.model.criterion(index.column()).key)

    def _restore_current(self) -> None:
        channel, criterion = self._kept
        row = self.model.row_of(channel) if channel is not None else None
        column = self.model.column_of(criterion) if criterion is not None else None
        if self.model.rowCount() and self.model.columnCount():
            self.grid.setCurrentIndex(self.model.index(row or 0, column or 0))

    def focus_channel(self, name: str) -> bool:
        """Put the cursor on a channel's first rating (a check names it); False when it is not listed."""
        row = self.model.row_of(name)
        if row is None or not self.model.columnCount():
            return False
        self.grid.setCurrentIndex(self.model.index(row, 0))
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- typing ---------------------------------------------------------------------

    def type_rating(self, value: int | None) -> bool:
        """A digit 1-5 sets the current cell and moves on to the next criterion (then the next channel); Delete
        clears it; another digit is refused with a message."""
        index = self.grid.currentIndex()
        if not index.isValid() or not self.model.is_editable(index):
            return False
        if value is not None and not RATING_MIN <= value <= RATING_MAX:
            self.show_message(self.tr("A rating is a whole number from 1 to 5."))
            return False
        if not self.model.set_rating(index.row(), index.column(), value):
            return False
        if value is not None:
            row, column = index.row(), index.column() + 1
            if column >= self.model.columnCount():
                row, column = row + 1, 0
            if row < self.model.rowCount():
                self.grid.setCurrentIndex(self.model.index(row, column))
        return True

    # -- messages -------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """Why a rating was refused, under the grid; it stays until the next edit goes through."""
        self.message_label.say(text)

    def clear_message(self) -> None:
        self.message_label.clear_message()

    def key_hints(self) -> list[tuple[str, str]]:
        """Keys the grid reads that are no action, for the F1 sheet."""
        return [
            (self.tr("1 … 5"), self.tr("Ratings: set the rating and move on")),
            (self.tr("Arrows"), self.tr("Ratings: move between channels and criteria")),
        ]

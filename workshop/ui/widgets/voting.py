"""Dot voting: outcomes by participants, entered with digits or clicks, hidden (anonymous) until revealed.

A shared widget: the outcomes stage places outcome dots with it; the channels stage is meant to reuse it for
the channel dots of an outcome (not built yet: today the rows are outcomes and the votes have no channel).
Votes go through ``session.apply``, so the window's undo takes them back whether the tally is hidden or not.
Whether the tally is hidden is a view setting of this computer, remembered per workshop in the app's
settings: never workshop data, never in an export.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.domain.entities import Outcome, Workshop
from workshop.domain.text import name_key
from workshop.export.palette import CATEGORY_COLOURS
from workshop.services.workshops import Edit
from workshop.ui.delegates import SpinBoxDelegate
from workshop.ui.item_list import size_rows
from workshop.ui.models import ROW_ID_ROLE, SORT_ROLE
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.settings import HIDDEN_TALLY_WORKSHOPS, AppSettings

Index = QModelIndex | QPersistentModelIndex

#: The library tables the grid shows: it redraws only when one of them changed.
SHOWN_TABLES = frozenset({"vote", "outcome", "participant", "department", "workshop"})
#: Header lines are wrapped at about this many characters, so that a column stays narrow and readable.
HEADER_WRAP = 10
#: The most dots one cell editor (F2) offers; the service refuses what is over a participant's budget.
MOST_DOTS = 1_000
#: Dots are drawn this much larger than the app's text.
DOTS_SCALE = 1.3


# -- the hidden state, per workshop ---------------------------------------------------------------


def tally_key(session: WorkshopSession) -> str:
    """A workshop's identity on this computer: its library file and its id there."""
    return f"{Path(session.service.library.path).resolve()}|{session.workshop_id}"


def tally_hidden(settings: AppSettings, session: WorkshopSession) -> bool:
    """Whether this workshop's tally is hidden (other views, cards and map, follow it too)."""
    return tally_key(session) in settings.get(HIDDEN_TALLY_WORKSHOPS)


def remember_tally_hidden(settings: AppSettings, session: WorkshopSession, hidden: bool) -> None:
    key = tally_key(session)
    kept = [k for k in settings.get(HIDDEN_TALLY_WORKSHOPS) if k != key]
    settings.set(HIDDEN_TALLY_WORKSHOPS, [*kept, key] if hidden else kept)
    settings.sync()


def compact_money(value: float, currency: str) -> str:
    """An amount read from the back of the room: "850 EUR", "12.5k EUR", "120k EUR", "1.2M EUR"."""
    locale, value = QLocale(), float(value)
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            scaled = value / limit
            return f"{locale.toString(scaled, 'f', 1 if abs(scaled) < 100 else 0)}{suffix} {currency}"
    return f"{locale.toString(value, 'f', 0)} {currency}"


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, HEADER_WRAP, break_long_words=False, break_on_hyphens=False) or [text]


# -- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VotingColumn:
    """One column of the grid: a participant, a department (the split tally) or a summary."""

    kind: str  # VotingModel.PARTICIPANT, DEPARTMENT, TOTAL, EV or RANK
    key: str = ""  # the folded participant or department name
    name: str = ""
    department: str = ""
    row_id: int | None = None  # the participant's row id
    members: tuple[str, ...] = ()  # the folded names of a department's participants

    @property
    def identity(self) -> tuple[str, Any]:
        return (self.kind, self.row_id if self.row_id is not None else self.key)


class VotingModel(QAbstractTableModel):
    """Rows: the outcomes in the room's order. Columns: the participants, grouped in department order, then
    Total, expected value and Rank (the priority of METHOD.md). A cell is a participant's outcome dots.

    Hidden (anonymous): only the participant being entered shows dots; Total, Rank and every other
    participant's dots and remaining dots show nothing; ``progress_text`` tells the room how far it is.
    Revealed, ``split_by_department`` sums the dots of each department's participants (read-only).
    """

    PARTICIPANT, DEPARTMENT, TOTAL, EV, RANK = "participant", "department", "total", "ev", "rank"
    SUMMARY = (TOTAL, EV, RANK)

    #: A vote this model asked for was refused: the service's message, which names the participant.
    refused = Signal(str)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._hidden = False
        self._split = False
        self._entering: int | None = None  # the row id of the participant being entered
        self._shown: object | None = None  # the session's loaded workshop the model shows
        self._outcomes: list[tuple[int, Outcome]] = []
        self._columns: list[VotingColumn] = []
        self._matrix: list[list[int]] = []  # dots per row and data column
        self._dots: dict[tuple[str, str], int] = {}  # (outcome key, participant key) -> outcome dots
        self._spent: Counter[str] = Counter()  # participant key -> outcome dots placed
        self._totals: Counter[str] = Counter()
        self._ranks: dict[str, int] = {}
        self._evs: dict[str, float | None] = {}
        self._budget = 0
        self._people = 0
        self._applying = False
        self._refusal = ""
        session.refused.connect(self._on_refused)
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- state ------------------------------------------------------------------

    @property
    def hidden(self) -> bool:
        return self._hidden

    @property
    def split(self) -> bool:
        return self._split

    @property
    def col_total(self) -> int:
        return len(self._columns) - 3

    @property
    def col_ev(self) -> int:
        return len(self._columns) - 2

    @property
    def col_rank(self) -> int:
        return len(self._columns) - 1

    @property
    def data_columns(self) -> int:
        """How many participant (or department) columns come before the summary columns."""
        return len(self._columns) - 3

    def column(self, column: int) -> VotingColumn:
        return self._columns[column]

    def column_of(self, participant: str) -> int | None:
        """The column of a participant (None in the department split, or when there is no such one)."""
        key = name_key(participant)
        return next((i for i, c in enumerate(self._columns) if c.kind == self.PARTICIPANT and c.key == key), None)

    def row_of(self, outcome_key: str) -> int | None:
        key = name_key(outcome_key)
        return next((i for i, (_rid, o) in enumerate(self._outcomes) if name_key(o.key) == key), None)

    def outcome(self, row: int) -> Outcome:
        return self._outcomes[row][1]

    def participants(self) -> list[VotingColumn]:
        """The participants in column order (also in the department split)."""
        return self._participant_columns(self.session.workshop)

    def entering(self) -> str | None:
        """The name of the participant being entered (the one column shown while the tally is hidden)."""
        return next((c.name for c in self.participants() if c.row_id == self._entering), None)

    def set_entering(self, participant: str) -> None:
        found = next((c for c in self.participants() if c.key == name_key(participant)), None)
        if found is not None and found.row_id != self._entering:
            self._entering = found.row_id
            self._everything_changed()

    def set_hidden(self, hidden: bool, entering: str | None = None) -> None:
        """Hide the tally (anonymous voting) or reveal it; hiding ends the department split."""
        if entering is not None:
            found = next((c for c in self.participants() if c.key == name_key(entering)), None)
            if found is not None:
                self._entering = found.row_id
        if hidden and self._split:
            self.split_by_department(False)
        self._hidden = hidden
        self._everything_changed()

    def split_by_department(self, on: bool) -> bool:
        """Columns become departments (the dots of their participants); refused (False) while hidden."""
        if on and self._hidden:
            return False
        if on != self._split:
            self.beginResetModel()
            self._split = on
            self._load(self.session.workshop)
            self.endResetModel()
        return True

    def remaining(self, participant: str) -> int:
        """Outcome dots a participant still has: the budget minus what they placed."""
        return self._budget - self._spent[name_key(participant)]

    def placed(self) -> int:
        return sum(self._spent[c.key] for c in self.participants())

    def capacity(self) -> int:
        return self._people * self._budget

    def progress_text(self) -> str:
        """How far the room is, never who placed what: "21 of 36 dots placed"."""
        return self.tr("%1 of %2 dots placed").replace("%1", str(self.placed())).replace("%2", str(self.capacity()))

    def shows(self, column: int) -> bool:
        """Whether a column shows its values now (hidden: only the entered participant and the values)."""
        if not self._hidden:
            return True
        c = self._columns[column]
        return c.kind == self.EV or (c.kind == self.PARTICIPANT and c.row_id == self._entering)

    def is_editable(self, index: Index) -> bool:
        if not index.isValid() or self.session.read_only or self._split:
            return False
        return self._columns[index.column()].kind == self.PARTICIPANT and self.shows(index.column())

    def dots(self, row: int, column: int) -> int | float | None:
        """The raw value of a cell, whether or not it is shown."""
        okey = name_key(self._outcomes[row][1].key)
        kind = self._columns[column].kind
        if kind == self.TOTAL:
            return self._totals[okey]
        if kind == self.EV:
            return self._evs.get(okey)
        if kind == self.RANK:
            return self._ranks.get(okey)
        return self._matrix[row][column]

    # -- loading ----------------------------------------------------------------

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def _on_refused(self, message: str) -> None:
        if self._applying:
            self._refusal = message

    def _participant_columns(self, ws: Workshop) -> list[VotingColumn]:
        order = {name_key(d.name): i for i, d in enumerate(ws.departments)}
        people = sorted(ws.participants, key=lambda p: order.get(name_key(p.department or ""), len(order)))
        ids = self.session.loaded.ids.get("participant", {})
        return [
            VotingColumn(self.PARTICIPANT, name_key(p.name), p.name, p.department or "", ids[name_key(p.name)])
            for p in people
        ]

    def _department_columns(self, people: list[VotingColumn]) -> list[VotingColumn]:
        groups: dict[str, list[VotingColumn]] = {}
        for person in people:
            groups.setdefault(name_key(person.department), []).append(person)
        return [
            VotingColumn(
                self.DEPARTMENT,
                key,
                members[0].department or self.tr("No department"),
                members=tuple(m.key for m in members),
            )
            for key, members in groups.items()
        ]

    def _load(self, ws: Workshop) -> None:
        loaded = self.session.loaded
        self._shown = loaded
        self._outcomes = [(loaded.id_of("outcome", o.key), o) for o in ws.outcomes]
        people = self._participant_columns(ws)
        data = self._department_columns(people) if self._split else people
        self._columns = [*data, *(VotingColumn(kind) for kind in self.SUMMARY)]
        ids = [c.row_id for c in people]
        if self._entering not in ids:
            self._entering = ids[0] if ids else None
        self._dots = {(name_key(v.outcome), name_key(v.participant)): v.dots for v in ws.votes if v.channel is None}
        self._spent = Counter()
        for (_okey, pkey), dots in self._dots.items():
            self._spent[pkey] += dots
        self._budget, self._people = ws.dots_per_participant, len(people)
        analysis = self.session.analysis
        self._totals = Counter(analysis.outcome_dots)
        self._ranks = {name_key(o.key): i + 1 for i, o in enumerate(analysis.priority)}
        self._evs = dict(analysis.expected_values)
        self._matrix = [
            [self._cell(name_key(o.key), c) for c in data] for _rid, o in self._outcomes
        ]  # fmt: skip

    def _cell(self, okey: str, column: VotingColumn) -> int:
        if column.kind == self.DEPARTMENT:
            return sum(self._dots.get((okey, m), 0) for m in column.members)
        return self._dots.get((okey, column.key), 0)

    def refresh(self) -> bool:
        """Redraw from the session; True when rows or columns came or went (the model was reset). A vote
        changes only its cells, the summary columns and the headers, so the view keeps its place."""
        if self._shown is self.session.loaded:
            return False
        old_rows, old_columns, old_matrix = self._outcomes, self._columns, self._matrix
        ws = self.session.workshop
        rows = [self.session.id_of("outcome", o.key) for o in ws.outcomes]
        people = self._participant_columns(ws)
        columns = self._department_columns(people) if self._split else people
        same = rows == [r for r, _o in old_rows] and [c.identity for c in columns] == [
            c.identity for c in old_columns[: len(old_columns) - 3]
        ]
        if not same:
            self.beginResetModel()
            self._load(ws)
            self.endResetModel()
            return True
        self._load(ws)
        for r, (before, after) in enumerate(zip(old_matrix, self._matrix, strict=True)):
            for c, (a, b) in enumerate(zip(before, after, strict=True)):
                if a != b:
                    self.dataChanged.emit(self.index(r, c), self.index(r, c))
        if self._outcomes:
            self.dataChanged.emit(self.index(0, self.col_total), self.index(len(self._outcomes) - 1, self.col_rank))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._outcomes) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        return False

    def _everything_changed(self) -> None:
        if self._outcomes:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._outcomes) - 1, len(self._columns) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # -- editing ----------------------------------------------------------------

    def set_dots(self, row: int, column: int, dots: int) -> bool:
        """A participant's outcome dots on an outcome (0 clears): one undoable edit; False when refused."""
        index = self.index(row, column)
        if dots < 0 or not self.is_editable(index):
            return False
        if dots == self._matrix[row][column]:
            return True
        pid, oid, service = self._columns[column].row_id, self._outcomes[row][0], self.session.service
        assert pid is not None
        return self._apply(lambda: service.set_vote(pid, oid, None, dots or None))

    def add_dots(self, row: int, column: int, steps: int = 1) -> bool:
        """One more dot (or, with ``steps=-1``, one fewer); over the budget the service refuses it."""
        if not self.is_editable(self.index(row, column)):
            return False
        current = self._matrix[row][column]
        return current + steps >= 0 and self.set_dots(row, column, current + steps)

    def _apply(self, call: Callable[[], Edit]) -> bool:
        self._applying, self._refusal = True, ""
        try:
            edit = self.session.apply(call)
        finally:
            self._applying = False
        if edit is None and self._refusal:
            self.refused.emit(self._refusal)
        return edit is not None

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._outcomes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.is_editable(index) else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._outcomes):
            return None
        row, col = index.row(), index.column()
        if role == ROW_ID_ROLE:
            return self._outcomes[row][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if not self.shows(col):
            return None
        column, value = self._columns[col], self.dots(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if column.kind in (self.PARTICIPANT, self.DEPARTMENT) else None
        if role == SORT_ROLE:
            return (value or 0.0) if column.kind == self.EV else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, value)
        if role == Qt.ItemDataRole.FontRole and column.kind != self.EV:
            return self._dots_font(bold=column.kind in (self.TOTAL, self.RANK))
        return None

    @staticmethod
    def _dots_font(*, bold: bool) -> QFont:
        """Dots a size larger than the text, so the room reads them from the back."""
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(font.pointSizeF() * DOTS_SCALE)
        font.setBold(bold)
        return font

    def _display(self, column: VotingColumn, value: Any) -> str:
        if column.kind == self.EV:
            return self.tr("no value") if value is None else compact_money(value, self.session.workshop.currency)
        if column.kind in (self.PARTICIPANT, self.DEPARTMENT):
            return str(value) if value else ""
        return "" if value is None else str(value)

    def _tooltip(self, row: int, column: VotingColumn, value: Any) -> str:
        key = self._outcomes[row][1].key
        if column.kind in (self.PARTICIPANT, self.DEPARTMENT):
            return self.tr("%1 on %2: %3 dots").replace("%1", column.name).replace("%2", key).replace("%3", str(value))
        if column.kind == self.TOTAL:
            return self.tr("%1: %2 outcome dots in all").replace("%1", key).replace("%2", str(value))
        if column.kind == self.EV:
            if value is None:
                return self.tr("%1 has no value yet (counts as 0 in the priority)").replace("%1", key)
            return self.tr("Expected value of %1: %2 %3").replace("%1", key).replace(
                "%2", f"{value:,.0f}").replace("%3", self.session.workshop.currency)  # fmt: skip
        return self.tr("Priority %1 of %2: by outcome dots, then expected value, then the room's order").replace(
            "%1", str(value)).replace("%2", str(len(self._outcomes)))  # fmt: skip

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role) if 0 <= section < len(self._outcomes) else None
        if not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column, tip = self._columns[section], role == Qt.ItemDataRole.ToolTipRole
        if column.kind == self.TOTAL:
            return self.tr("Outcome dots in all") if tip else self.tr("Total")
        if column.kind == self.EV:
            return self.tr("Expected value: annual value × confidence") if tip else self.tr("Value")
        if column.kind == self.RANK:
            return self.tr("Priority by dots, then expected value") if tip else self.tr("Rank")
        if column.kind == self.DEPARTMENT:
            count = len(column.members)
            people = self.tr("1 person") if count == 1 else self.tr("%1 people").replace("%1", str(count))
            return f"{column.name}: {people}" if tip else "\n".join([*_lines(column.name), people])
        left = self.remaining(column.name)
        shown = self.shows(section)
        if tip:
            text = f"{column.name} ({column.department})" if column.department else column.name
            if shown:
                text += " — " + self.tr("%1 of %2 dots left").replace("%1", str(left)).replace("%2", str(self._budget))
            return text
        lines = [*_lines(column.name), *(_lines(column.department) if column.department else [])]
        return "\n".join([*lines, self.tr("%1 left").replace("%1", str(left))] if shown else lines)

    def _row_header(self, row: int, role: int) -> Any:
        outcome = self._outcomes[row][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{outcome.key}  {outcome.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            category = outcome.category.value.replace("_", " ")
            return f"{outcome.key}: {outcome.title} ({category})"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(CATEGORY_COLOURS[outcome.category])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            dots = 0 if value is None or value == "" else int(value)
        except (TypeError, ValueError):
            return False
        return self.set_dots(index.row(), index.column(), dots)


# -- the view -------------------------------------------------------------------------------------


class VotingGrid(QTableView):
    """The table the facilitator types into: a digit sets the current cell; a click on a cell adds a dot."""

    digit_typed = Signal(int)
    #: A left click released on the cell it was pressed on, with the keyboard modifiers held.
    cell_clicked = Signal(QModelIndex, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed = QPersistentModelIndex()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and len(text) == 1 and text in "0123456789":
            self.digit_typed.emit(int(text))
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A quick second click is a second dot, not an editor."""
        self.mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and index == QModelIndex(self._pressed):
            self.cell_clicked.emit(index, event.modifiers())
        self._pressed = QPersistentModelIndex()


def fitted_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """``text`` wrapped at words into at most ``lines`` lines of ``width`` pixels, the last one elided."""
    out: list[str] = []
    current = ""
    words = text.split()
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(trial) <= width:
            current = trial
            continue
        if len(out) == lines - 1:
            current = " ".join([current, *words[i:]])
            break
        out.append(current)
        current = word
    out.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in out]


class TitleHeader(QHeaderView):
    """Row headers that keep a long outcome title readable: the category swatch, then the key and title on up to
    two lines (as the row height allows), elided after that; the whole title is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid() or self.model() is None:
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        text, option.text, option.icon = option.text, "", QIcon()
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        colour = self.model().headerData(logicalIndex, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)
        left, side = rect.left() + 8, max(10, metrics.height() * 2 // 3)
        if isinstance(colour, QColor):
            painter.fillRect(QRect(left, rect.center().y() - side // 2, side, side), colour)
            left += side + 8
        area = QRect(left, rect.top() + 2, rect.right() - 6 - left, rect.height() - 4)
        lines = max(1, min(2, area.height() // metrics.lineSpacing()))
        painter.save()
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, flags, "\n".join(fitted_lines(text, metrics, area.width(), lines)))
        painter.restore()


class PinnedTable(QTableView):
    """Columns kept in view beside a grid that scrolls sideways; its rows stay level with the grid's."""

    def set_bottom_margin(self, pixels: int) -> None:
        """Leave room level with the grid's horizontal scroll bar, so both show the same rows."""
        self.setViewportMargins(0, 0, 0, pixels)


def _toggle_button(action: QAction) -> QPushButton:
    """A checkable button that is the action: same text, tip, state and enabled."""
    button = QPushButton(action.text())
    button.setObjectName("filterButton")
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def sync() -> None:
        button.setText(action.text())
        button.setToolTip(action.toolTip())
        button.setEnabled(action.isEnabled())
        button.blockSignals(True)
        button.setChecked(action.isChecked())
        button.blockSignals(False)

    button.toggled.connect(action.setChecked)
    action.changed.connect(sync)
    action.toggled.connect(lambda _on: sync())
    sync()
    return button


class VotingView(QWidget):
    """The dot-voting grid with its controls: who is being entered, Hide tally / Reveal (Ctrl+H), by department
    (Ctrl+G), by priority (Ctrl+R), the room's progress and the message of a refused vote."""

    #: The tally was hidden (True) or revealed (False): cards and map of the stage follow it.
    hidden_changed = Signal(bool)

    def __init__(
        self, session: WorkshopSession, settings: AppSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("votingView")
        self.session, self.settings = session, settings
        self.model = VotingModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self.model.refused.connect(self.show_message)
        session.changed.connect(self._session_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        controls = QHBoxLayout()
        controls.setSpacing(10)
        self.entering_label = QLabel(self.tr("Entering:"))
        self.participant_combo = QComboBox()
        self.participant_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.participant_combo.setToolTip(self.tr("Whose dots you are entering (Alt+← / Alt+→: previous, next)"))
        self.participant_combo.currentIndexChanged.connect(self._participant_chosen)
        self.participant_combo.activated.connect(lambda _i: self.grid.setFocus())
        self.entering_label.setBuddy(self.participant_combo)
        controls.addWidget(self.entering_label)
        controls.addWidget(self.participant_combo)
        controls.addStretch(1)

        self.hide_action = self._action(self.tr("Hide tally"), "Ctrl+H", checkable=True)
        self.hide_action.toggled.connect(self.set_hidden)
        self.department_action = self._action(self.tr("By department"), "Ctrl+G", checkable=True)
        self.department_action.toggled.connect(self.set_split)
        self.priority_action = self._action(self.tr("By priority"), "Ctrl+R", checkable=True)
        self.priority_action.toggled.connect(self.set_by_priority)
        self.next_action = self._action(self.tr("Next participant"), "Alt+Right")
        self.next_action.triggered.connect(lambda: self.step_participant(1))
        self.previous_action = self._action(self.tr("Previous participant"), "Alt+Left")
        self.previous_action.triggered.connect(lambda: self.step_participant(-1))
        self.hide_button = _toggle_button(self.hide_action)
        self.department_button = _toggle_button(self.department_action)
        self.priority_button = _toggle_button(self.priority_action)
        for button in (self.hide_button, self.department_button, self.priority_button):
            controls.addWidget(button)
        layout.addLayout(controls)

        status = QHBoxLayout()
        status.setSpacing(16)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("votingProgress")
        font = self.progress_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.progress_label.setFont(font)
        status.addWidget(self.progress_label)
        self.message_label = QLabel("X")
        self.message_label.setObjectName("stageMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.ensurePolished()
        # The grid must not move when a refusal shows: a facilitator clicking on a cell would hit the next one.
        self.progress_label.setMinimumHeight(self.message_label.sizeHint().height())
        policy = self.message_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.message_label.setSizePolicy(policy)
        self.message_label.clear()
        self.message_label.hide()
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        self.grid = VotingGrid()
        self.grid.setVerticalHeader(TitleHeader(self.grid))
        self.grid.setModel(self.proxy)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.grid.setItemDelegate(SpinBoxDelegate(0, MOST_DOTS, parent=self))
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(False)
        self.grid.setCornerButtonEnabled(False)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        vertical = self.grid.verticalHeader()
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setHighlightSections(True)
        size_rows(self.grid)
        self.grid.digit_typed.connect(self.type_digit)
        self.grid.cell_clicked.connect(self._cell_clicked)
        self.summary = self._summary_table()
        self.grid_area = QWidget()
        self.grid_area.installEventFilter(self)
        area = QVBoxLayout(self.grid_area)
        area.setContentsMargins(0, 0, 0, 0)
        tables = QHBoxLayout()
        tables.setSpacing(0)
        tables.addWidget(self.grid, 1)
        tables.addWidget(self.summary)
        tables.addStretch(0)
        area.addLayout(tables, 1)
        area.addStretch(0)
        self.clear_action = QAction(self.tr("Clear"), self.grid)
        self.clear_action.setShortcuts([QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.setToolTip(self.tr("Clear the dots of the current cell (Delete)"))
        self.clear_action.triggered.connect(lambda: self.type_digit(0, advance=False))
        self.grid.addAction(self.clear_action)
        layout.addWidget(self.grid_area, 1)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("emptyHint")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)

        hidden = settings is not None and tally_hidden(settings, session)
        self.refresh()
        if hidden:
            self.hide_action.setChecked(True)  # through set_hidden
        self._update_controls()

    def _summary_table(self) -> PinnedTable:
        """Total, value and rank pinned at the right of the grid: in view however far the grid scrolls sideways."""
        table = PinnedTable()
        table.setObjectName("votingSummary")
        table.setModel(self.proxy)
        table.verticalHeader().hide()
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setHighlightSections(False)
        size_rows(table)
        table.verticalScrollBar().valueChanged.connect(self.grid.verticalScrollBar().setValue)
        self.grid.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        return table

    def _action(self, text: str, keys: str, *, checkable: bool = False) -> QAction:
        """An action of the voting view, fired by its key wherever the focus is inside the view."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        self.addAction(action)
        return action

    # -- state ------------------------------------------------------------------

    def is_hidden(self) -> bool:
        return self.model.hidden

    def set_hidden(self, hidden: bool) -> None:
        """Hide the tally (only the participant being entered shows) or reveal it; remembered per workshop."""
        if hidden != self.hide_action.isChecked():
            self.hide_action.setChecked(hidden)  # comes back here through toggled
            return
        if hidden == self.model.hidden:
            return
        if hidden:
            self.department_action.setChecked(False)
            self.priority_action.setChecked(False)
        self.model.set_hidden(hidden, entering=self.participant_combo.currentText() or None)
        if self.settings is not None:
            remember_tally_hidden(self.settings, self.session, hidden)
        self._update_controls()
        self._show_columns()
        if hidden:
            self._go_to_entering()
        self.hidden_changed.emit(hidden)

    def set_split(self, on: bool) -> None:
        """Columns by department (revealed only; read-only), or by participant."""
        if on != self.department_action.isChecked():
            self.department_action.setChecked(on)
            return
        current = self._current_source()
        if not self.model.split_by_department(on):
            self.department_action.setChecked(False)
            return
        self._after_reset(current.row() if current.isValid() else 0, 0)

    def set_by_priority(self, on: bool) -> None:
        """Rows in the priority of METHOD.md (revealed only), or in the room's order."""
        if on != self.priority_action.isChecked():
            self.priority_action.setChecked(on)
            return
        self._apply_sort()
        self.grid.scrollTo(self.grid.currentIndex())

    def step_participant(self, steps: int) -> None:
        combo = self.participant_combo
        if combo.count():
            combo.setCurrentIndex((combo.currentIndex() + steps) % combo.count())

    # -- entering ---------------------------------------------------------------

    def _current_source(self) -> QModelIndex:
        return self.proxy.mapToSource(self.grid.currentIndex())

    def current_cell(self) -> tuple[int, int] | None:
        """(row, column) of the current cell in the model (the room's order), or None."""
        index = self._current_source()
        return (index.row(), index.column()) if index.isValid() else None

    def set_current_cell(self, row: int, column: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def type_digit(self, dots: int, *, advance: bool = True) -> bool:
        """Set the current cell's dots (0 clears) and go down to the next outcome; a refusal stays put."""
        source = self._current_source()
        if not self.model.is_editable(source):
            return False
        if not self.model.set_dots(source.row(), source.column(), dots):
            return False
        current = self.grid.currentIndex()  # the proxy keeps it on the same outcome, wherever that went
        if advance and current.row() + 1 < self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(current.row() + 1, current.column()))
        return True

    def _cell_clicked(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        """A click adds a dot, Shift+click takes one off."""
        source = self.proxy.mapToSource(index)
        if self.model.is_editable(source):
            steps = -1 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1
            self.model.add_dots(source.row(), source.column(), steps)

    def _participant_chosen(self, _index: int) -> None:
        name = self.participant_combo.currentText()
        if not name:
            return
        self.model.set_entering(name)
        if self.model.hidden:
            self._show_columns()
            self.fit_columns()
        self._go_to_entering()

    def _go_to_entering(self) -> None:
        name = self.model.entering()
        column = self.model.column_of(name) if name is not None else None
        if column is None:
            return
        current = self._current_source()
        self.set_current_cell(current.row() if current.isValid() else 0, column)

    # -- redrawing --------------------------------------------------------------

    def _session_changed(self, tables: frozenset[str]) -> None:
        self.clear_message()  # the last edit went through, wherever it was made
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def refresh(self) -> None:
        """Redraw from the session; a vote changes only cells, so the current cell and scrolling stay."""
        current = self._current_source()
        place = (current.row(), current.column()) if current.isValid() else (0, 0)
        reset = self.model.refresh()
        self._fill_participants()
        self.progress_label.setText(self.model.progress_text())
        if reset or not self.grid.currentIndex().isValid():
            self._after_reset(*place)
        else:
            self.fit_columns()

    def _after_reset(self, row: int, column: int) -> None:
        self._apply_sort()
        self._show_columns()
        self._update_controls()
        if self.model.rowCount() and self.model.columnCount():
            row = min(row, self.model.rowCount() - 1)
            column = min(column, self.model.columnCount() - 1)
            if self.model.hidden or self.grid.isColumnHidden(column):
                name = self.model.entering()
                column = self.model.column_of(name) if name is not None else None
            if column is not None:
                self.set_current_cell(row, column)

    def _fill_participants(self) -> None:
        combo = self.participant_combo
        names = [c.name for c in self.model.participants()]
        if names == [combo.itemText(i) for i in range(combo.count())]:
            return
        chosen = self.model.entering()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(names)
        combo.setCurrentIndex(max(0, names.index(chosen) if chosen in names else 0))
        combo.blockSignals(False)

    def _apply_sort(self) -> None:
        on = self.priority_action.isChecked() and not self.model.hidden
        self.proxy.sort(self.model.col_rank if on else -1, Qt.SortOrder.AscendingOrder)

    def _show_columns(self) -> None:
        """The grid: the participants (hidden: only the one being entered); the summary: Total, value and rank,
        revealed only."""
        entering = self.model.entering()
        column = self.model.column_of(entering) if entering is not None else None
        first_summary = self.model.col_total
        for c in range(self.model.columnCount()):
            summary = c >= first_summary
            self.grid.setColumnHidden(c, summary or (self.model.hidden and c != column))
            self.summary.setColumnHidden(c, not summary)
        self.summary.setVisible(not self.model.hidden)
        self.fit_columns()

    def _update_controls(self) -> None:
        hidden, split = self.model.hidden, self.model.split
        self.hide_action.setText(self.tr("Reveal") if hidden else self.tr("Hide tally"))
        keys = self.hide_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = self.tr("Show the tally to the room") if hidden else self.tr("Hide the tally while the room votes")
        self.hide_action.setToolTip(f"{tip} ({keys})")
        for action, tip in (
            (self.department_action, self.tr("Sum the dots of each department")),
            (self.priority_action, self.tr("Outcomes by dots, then expected value, then the room's order")),
        ):
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.department_action.setEnabled(not hidden)
        self.priority_action.setEnabled(not hidden)
        self.participant_combo.setEnabled(not split and self.participant_combo.count() > 0)
        self.entering_label.setEnabled(not split)
        if split:
            hint = self.tr("By department: each column sums its people's dots. Ctrl+G goes back to entering dots.")
        elif self.session.read_only:
            hint = self.tr("Read-only: the dots cannot be changed here.")
        else:
            hint = self.tr(
                "Digits 0–9 set the dots and go down · click adds a dot, Shift+click takes one off · "
                "Delete clears · Ctrl+Z undoes · Ctrl+H hides or reveals the tally"
            )
        self.hint_label.setText(hint)

    def fit_columns(self) -> None:
        """Every shown column as wide as its header or cells, the outcome titles take what is left (at least
        about 24 characters: past that the grid scrolls sideways, the summary staying in view), spare room
        widens the columns a little, and rows grow to fill the height (up to a limit)."""
        grid, header, vertical = self.grid, self.grid.horizontalHeader(), self.grid.verticalHeader()
        fm, frame = grid.fontMetrics(), 2 * grid.frameWidth()
        least = fm.horizontalAdvance("000") + 28
        if self.model.hidden:
            least = max(least, fm.horizontalAdvance("0") * 12)
        columns = range(self.model.columnCount())

        def natural(view: QTableView) -> dict[int, int]:
            shown = [c for c in columns if not view.isColumnHidden(c)]
            head = view.horizontalHeader()
            return {c: max(head.sectionSizeHint(c), view.sizeHintForColumn(c), least) for c in shown}

        widths, pinned = natural(grid), natural(self.summary) if self.summary.isVisibleTo(self) else {}
        line, rows = fm.height(), self.model.rowCount()
        heads = max(header.sizeHint().height(), self.summary.horizontalHeader().sizeHint().height())
        height = self.grid_area.height() - frame - heads - grid.horizontalScrollBar().sizeHint().height() - 4
        row = int(min(max(1.9 * line, height / rows if rows else 0), 2.7 * line))
        bar = grid.verticalScrollBar().sizeHint().width() if row * rows > height else 0
        room = self.grid_area.width() - frame - bar - (sum(pinned.values()) + frame if pinned else 0)
        wanted = vertical.sizeHint().width()
        titles = max(min(wanted, room - sum(widths.values())), min(wanted, 24 * fm.averageCharWidth()))
        spare = room - titles - sum(widths.values())
        if spare > 0 and widths:
            more = min(spare // len(widths), least)
            widths = {c: w + more for c, w in widths.items()}
        vertical.setFixedWidth(titles)
        for view, sizes in ((grid, widths), (self.summary, pinned)):
            view.horizontalHeader().setFixedHeight(heads)
            view.verticalHeader().setDefaultSectionSize(row)
            for c, w in sizes.items():
                view.horizontalHeader().resizeSection(c, w)
        across = grid.horizontalScrollBar().sizeHint().height() if spare < 0 else 0
        grid.setMaximumWidth(titles + sum(widths.values()) + frame + bar)
        grid.setMaximumHeight(heads + row * rows + frame + across)
        self.summary.setFixedWidth(sum(pinned.values()) + frame)
        self.summary.setMaximumHeight(grid.maximumHeight())
        self.summary.set_bottom_margin(across)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid_area and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Rows tall enough again when the facilitator changes the app's font size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "grid"):
            size_rows(self.grid)
            self.fit_columns()

    # -- messages ---------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """A refused vote, said above the grid; it stays until the next edit goes through."""
        self.message_label.setText(text)
        self.message_label.show()

    def clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

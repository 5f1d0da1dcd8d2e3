"""The dot-voting tally as a Qt table model, and whether a workshop's tally is hidden on this computer.

The hidden state is a view setting of this computer, remembered per workshop in the app's settings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from workshop.domain.entities import Outcome, Workshop
from workshop.domain.text import name_key
from workshop.services.workshops import Edit
from workshop.ui.models import ROW_ID_ROLE, SORT_ROLE, participants_by_department
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.settings import HIDDEN_TALLY_WORKSHOPS, AppSettings
from workshop.ui.widgets.voting.columns import VotingColumn, VotingColumns

Index = QModelIndex | QPersistentModelIndex

#: The library tables the grid shows: it redraws only when one of them changed.
SHOWN_TABLES = frozenset({"vote", "outcome", "participant", "department", "workshop"})


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


# -- the model ------------------------------------------------------------------------------------


class VotingModel(VotingColumns):
    """Rows: the outcomes in the room's order. Columns: the participants, grouped in department order, then
    Total, expected value and Rank (the priority of METHOD.md). A cell is a participant's outcome dots.

    Hidden (anonymous): only the participant being entered shows dots; Total, Rank and every other
    participant's dots and remaining dots show nothing; ``progress_text`` tells the room how far it is.
    Revealed, ``split_by_department`` sums the dots of each department's participants (read-only).
    """

    #: The library tables the grid shows.
    shown_tables: frozenset[str] = SHOWN_TABLES

    #: A vote this model asked for was refused: the service's message, which names the participant.
    refused = Signal(str)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._hidden = False
        self._split = False
        self._entering: int | None = None  # the row id of the participant being entered
        self._shown: object | None = None  # the session's loaded workshop the model shows
        self._rows: list[tuple[int, Any]] = []  # (row id, the outcome or channel of the row)
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
        #: Whether the model redraws itself after each edit; a view that shows it turns this off and drives it,
        #: so a grid nobody sees costs nothing until it is shown.
        self.follows_session = True
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

    def row_of(self, name: str) -> int | None:
        """The row of an outcome (by key), or in the channel dots of an outcome, of a channel (by name)."""
        key = name_key(name)
        return next((i for i, (_rid, item) in enumerate(self._rows) if self._row_key(item) == key), None)

    def outcome(self, row: int) -> Outcome:
        return self._rows[row][1]

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

    def placed(self) -> int:
        return sum(self._spent[c.key] for c in self.participants())

    def capacity(self) -> int:
        return self._people * self._budget

    def progress_text(self) -> str:
        """How far the room is, never who placed what: "21 of 36 dots placed"."""
        return self.tr("%1 of %2 dots placed").replace("%1", str(self.placed())).replace("%2", str(self.capacity()))

    def is_editable(self, index: Index) -> bool:
        if not index.isValid() or self.session.read_only or self._split:
            return False
        return self._columns[index.column()].kind == self.PARTICIPANT and self.shows(index.column())

    def dots(self, row: int, column: int) -> int | float | None:
        """The raw value of a cell, whether or not it is shown."""
        okey = self._row_key(self._rows[row][1])
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
        if self.follows_session and (tables >= EVERYTHING or tables & self.shown_tables):
            self.refresh()

    def _on_refused(self, message: str) -> None:
        if self._applying:
            self._refusal = message

    def _participant_columns(self, ws: Workshop) -> list[VotingColumn]:
        ids = self.session.loaded.ids.get("participant", {})
        return [
            VotingColumn(self.PARTICIPANT, name_key(p.name), p.name, p.department or "", ids[name_key(p.name)])
            for p in participants_by_department(ws)
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

    # -- what the rows are: outcomes here, an outcome's channels in ChannelDotsModel -----------------

    @staticmethod
    def _row_key(item: Any) -> str:
        return name_key(item.key)

    def _row_items(self, ws: Workshop) -> list[tuple[int, Any]]:
        loaded = self.session.loaded
        return [(loaded.id_of("outcome", o.key), o) for o in ws.outcomes]

    def _row_dots(self, ws: Workshop) -> dict[tuple[str, str], int]:
        """(row key, participant key) -> the dots of the cell."""
        return {(name_key(v.outcome), name_key(v.participant)): v.dots for v in ws.votes if v.channel is None}

    def _summaries(self) -> tuple[Counter[str], dict[str, int], dict[str, float | None]]:
        """Per row key: the total dots, the rank, and the value of the middle summary column."""
        analysis = self.session.analysis
        ranks = {name_key(o.key): i + 1 for i, o in enumerate(analysis.priority)}
        return Counter(analysis.outcome_dots), ranks, dict(analysis.expected_values)

    def order_text(self) -> str:
        """The toggle that sorts the rows by the Rank column."""
        return self.tr("By priority")

    def order_tip(self) -> str:
        return self.tr("Outcomes by dots, then expected value, then the room's order")

    def _vote(self, participant_id: int, row_id: int, dots: int | None) -> Callable[[], Edit]:
        service = self.session.service
        return lambda: service.set_vote(participant_id, row_id, None, dots)

    def _load(self, ws: Workshop) -> None:
        self._shown = self.session.loaded
        self._rows = self._row_items(ws)
        people = self._participant_columns(ws)
        data = self._department_columns(people) if self._split else people
        self._columns = [*data, *(VotingColumn(kind) for kind in self.SUMMARY)]
        ids = [c.row_id for c in people]
        if self._entering not in ids:
            self._entering = ids[0] if ids else None
        self._dots = self._row_dots(ws)
        self._spent = Counter()
        for (_okey, pkey), dots in self._dots.items():
            self._spent[pkey] += dots
        self._budget, self._people = ws.dots_per_participant, len(people)
        self._totals, self._ranks, self._evs = self._summaries()
        self._matrix = [[self._cell(self._row_key(item), c) for c in data] for _rid, item in self._rows]

    def _cell(self, okey: str, column: VotingColumn) -> int:
        if column.kind == self.DEPARTMENT:
            return sum(self._dots.get((okey, m), 0) for m in column.members)
        return self._dots.get((okey, column.key), 0)

    def refresh(self) -> bool:
        """Redraw from the session; True when rows or columns came or went (the model was reset). A vote
        changes only its cells, the summary columns and the headers, so the view keeps its place."""
        if self._shown is self.session.loaded:
            return False
        old_rows, old_columns, old_matrix = self._rows, self._columns, self._matrix
        ws = self.session.workshop
        rows = [r for r, _item in self._row_items(ws)]
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
        if self._rows:
            self.dataChanged.emit(self.index(0, self.col_total), self.index(len(self._rows) - 1, self.col_rank))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        return False

    def _everything_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # -- editing ----------------------------------------------------------------

    def set_dots(self, row: int, column: int, dots: int) -> bool:
        """A participant's outcome dots on an outcome (0 clears): one undoable edit; False when refused."""
        index = self.index(row, column)
        if dots < 0 or not self.is_editable(index):
            return False
        if dots == self._matrix[row][column]:
            return True
        pid = self._columns[column].row_id
        assert pid is not None
        return self._apply(self._vote(pid, self._rows[row][0], dots or None))

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
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self.is_editable(index) else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = index.row(), index.column()
        if role == ROW_ID_ROLE:
            return self._rows[row][0]
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

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            dots = 0 if value is None or value == "" else int(value)
        except (TypeError, ValueError):
            return False
        return self.set_dots(index.row(), index.column(), dots)

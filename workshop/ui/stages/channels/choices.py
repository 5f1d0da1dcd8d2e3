"""Choices for one outcome: the channels in its ranking, each marked primary, supporting or fallback (keys P, S, F;
Delete clears) with an optional reliance, the reliance in use beside it (METHOD.md's shares when some are unset),
and the departments whose favourite it is (hidden while the tally is hidden).

Rows: the ranked channels in the ranking's order (complete first), then the unscored ones in the workshop's order;
a retired channel only while it is chosen or scored (it keeps counting, and cannot be newly chosen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from workshop.domain.entities import Channel, Choice
from workshop.domain.enums import ChoiceRole
from workshop.domain.text import name_key
from workshop.domain.validation import RELIANCE_MAX
from workshop.export.palette import CHANNEL_KIND_COLOURS
from workshop.ui.models import SORT_ROLE
from workshop.ui.session import EVERYTHING, WorkshopSession

Index = QModelIndex | QPersistentModelIndex

#: The library tables the choices show.
SHOWN_TABLES = frozenset({"choice", "score", "rating", "channel", "criterion", "outcome", "vote", "participant",
                          "department", "workshop"})  # fmt: skip
ROLE_KEYS: dict[str, ChoiceRole] = {"P": ChoiceRole.PRIMARY, "S": ChoiceRole.SUPPORTING, "F": ChoiceRole.FALLBACK}


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    """What one row shows: the channel, its place and score for the outcome, its choice and reliance in use."""

    channel: Channel
    place: int | None
    score: float | None
    complete: bool
    choice: Choice | None
    in_use: float | None
    favourite_of: tuple[str, ...]


class ChoiceGridModel(QAbstractTableModel):
    """The choices of one outcome as a table; ``set_role`` and ``set_reliance`` are one service edit each."""

    COL_RANK, COL_SCORE, COL_ROLE, COL_RELIANCE, COL_IN_USE, COL_FAVOURITE = range(6)

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._outcome: str | None = None
        self._rows: list[ChoiceRow] = []
        self._shown: object | None = None
        self._hidden = session.tally_hidden
        #: Off when a view drives the model (it redraws it when shown).
        self.follows_session = True
        session.changed.connect(self._on_changed)
        session.tally_hidden_changed.connect(self._on_hidden)
        outcomes = session.workshop.outcomes
        self.set_outcome(outcomes[0].key if outcomes else None)

    # -- state ------------------------------------------------------------------

    @property
    def outcome(self) -> str | None:
        return self._outcome

    def set_outcome(self, key: str | None) -> None:
        self.beginResetModel()
        self._outcome = key
        self._load()
        self.endResetModel()

    def row(self, row: int) -> ChoiceRow:
        return self._rows[row]

    def row_of(self, channel: str) -> int | None:
        key = name_key(channel)
        return next((i for i, r in enumerate(self._rows) if name_key(r.channel.name) == key), None)

    def uses_default_shares(self) -> bool:
        """Whether METHOD.md's default shares are in use: some primary or supporting choice has no reliance."""
        active = [r.choice for r in self._rows if r.choice is not None and r.choice.role is not ChoiceRole.FALLBACK]
        return bool(active) and any(c.reliance is None for c in active)

    def reliance_note(self) -> str:
        """One line on where the reliance in use comes from."""
        active = [r.choice for r in self._rows if r.choice is not None and r.choice.role is not ChoiceRole.FALLBACK]
        if not active:
            return self.tr("No primary or supporting channel yet: P, S and F choose one.")
        given = sum(c.reliance is not None for c in active)
        if given == len(active):
            return self.tr("Reliance in use: the reliances set, scaled to add up to 100%.")
        if given == 0:
            return self.tr("Reliance in use: primaries share 70% and supporting channels 30% (one role alone "
                           "takes 100%), until every primary and supporting channel has a reliance set.")  # fmt: skip
        return self.tr("Reliance in use: the default shares, because %1 of %2 primary and supporting channels have "
                       "a reliance set; set the rest to use your own.").replace("%1", str(given)).replace(
            "%2", str(len(active)))  # fmt: skip

    # -- loading ----------------------------------------------------------------

    def _on_changed(self, tables: frozenset[str]) -> None:
        if self.follows_session and (tables >= EVERYTHING or tables & SHOWN_TABLES):
            self.refresh()

    def _on_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.COL_FAVOURITE), self.index(last, self.COL_FAVOURITE))

    def _load(self) -> None:
        ws, analysis = self.session.workshop, self.session.analysis
        self._shown = self.session.loaded
        ok = name_key(self._outcome or "")
        if not any(name_key(o.key) == ok for o in ws.outcomes):
            self._outcome, ok = None, ""
        if not ok:
            self._rows = []
            return
        choices = {name_key(c.channel): c for c in ws.choices if name_key(c.outcome) == ok}
        reliance = analysis.reliance.get(ok, {})
        favourites: dict[str, list[str]] = {}
        for department, channel in analysis.favourites(ok).items():
            favourites.setdefault(name_key(channel), []).append(department)
        ranking = analysis.ranking(ok)
        ranked = {name_key(cs.channel.name) for cs in ranking}
        rows = [
            self._row(cs.channel, place, cs.display, cs.complete, choices, reliance, favourites)
            for place, cs in enumerate(ranking, start=1)
        ]
        for c in ws.channels:
            ck = name_key(c.name)
            if ck not in ranked and (not c.retired or ck in choices):
                rows.append(self._row(c, None, None, False, choices, reliance, favourites))
        self._rows = rows

    @staticmethod
    def _row(
        channel: Channel,
        place: int | None,
        score: float | None,
        complete: bool,
        choices: dict[str, Choice],
        reliance: dict[str, float],
        favourites: dict[str, list[str]],
    ) -> ChoiceRow:
        ck = name_key(channel.name)
        choice = choices.get(ck)
        in_use = reliance.get(ck, 0.0) if choice is not None else None
        return ChoiceRow(channel, place, score, complete, choice, in_use, tuple(favourites.get(ck, ())))

    def refresh(self) -> None:
        """Redraw from the session: values change in place; a new order or other channels reset the table."""
        if self._shown is self.session.loaded:
            return
        before = [r.channel.name for r in self._rows]
        self._load()
        if [r.channel.name for r in self._rows] != before:
            self.beginResetModel()
            self.endResetModel()
        elif self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COL_FAVOURITE))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    # -- editing ----------------------------------------------------------------

    def set_role(self, row: int, role: ChoiceRole | None) -> bool:
        """Choose the channel for the outcome in a role (None clears the choice): one undoable edit. A reliance
        stays when the role stays primary or supporting; a fallback has none."""
        if self.session.read_only or self._outcome is None or not 0 <= row < len(self._rows):
            return False
        current = self._rows[row].choice
        if (current.role if current else None) is role:
            return True
        keep = current.reliance if current is not None and role is not ChoiceRole.FALLBACK else None
        return self._set(row, role, keep)

    def set_reliance(self, row: int, reliance: float | None) -> bool:
        """The reliance of a primary or supporting choice (None or 0: back to the default shares)."""
        if self.session.read_only or self._outcome is None or not 0 <= row < len(self._rows):
            return False
        choice = self._rows[row].choice
        if choice is None or choice.role is ChoiceRole.FALLBACK:
            return False
        value = reliance if reliance else None
        if value == choice.reliance:
            return True
        return self._set(row, choice.role, value)

    def _set(self, row: int, role: ChoiceRole | None, reliance: float | None) -> bool:
        loaded, service = self.session.loaded, self.session.service
        oid = loaded.id_of("outcome", self._outcome or "")
        cid = loaded.id_of("channel", self._rows[row].channel.name)
        value = role.value if role is not None else None
        return self.session.apply(lambda: service.set_choice(oid, cid, value, reliance)) is not None

    # -- Qt ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 6

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        choice = self._rows[index.row()].choice
        editable = (
            index.column() == self.COL_RELIANCE
            and not self.session.read_only
            and choice is not None
            and choice.role is not ChoiceRole.FALLBACK
        )
        return flags | Qt.ItemFlag.ItemIsEditable if editable else flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            channel = self._rows[section].channel
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("%1 (retired)").replace("%1", channel.name) if channel.retired else channel.name
            if role == Qt.ItemDataRole.DecorationRole:
                return QColor(CHANNEL_KIND_COLOURS[channel.kind])
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{channel.name}: {channel.kind.value}, {channel.owner}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Rank"), self.tr("Score"), self.tr("Choice"), self.tr("Reliance"), self.tr("In use"),
                    self.tr("Favourite of")][section]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("Place in the outcome's ranking: complete scores first"),
                self.tr("Channel score 0-100; (incomplete) when a positive-weight criterion has no score"),
                self.tr("P primary, S supporting, F fallback; Delete clears"),
                self.tr("The reliance you set for a primary or supporting channel (F2 to edit; 0 clears)"),
                self.tr("Reliance in use: the share of the outcome that depends on the channel, as the method uses it"),
                self.tr("The departments whose participants gave it the most channel dots"),
            ][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter if col == self.COL_FAVOURITE else (
                Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole and col == self.COL_RELIANCE:
            return r.choice.reliance if r.choice is not None and r.choice.reliance is not None else 0.0
        if role == SORT_ROLE:
            return [r.place, r.score, r.choice.role.value if r.choice else None,
                    r.choice.reliance if r.choice else None, r.in_use, ", ".join(r.favourite_of)][col]  # fmt: skip
        if role == Qt.ItemDataRole.FontRole and col == self.COL_ROLE and r.choice is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        return None

    def _display(self, r: ChoiceRow, col: int) -> str:
        if col == self.COL_RANK:
            return "" if r.place is None else str(r.place)
        if col == self.COL_SCORE:
            if r.score is None:
                return "–"
            return f"{r.score:.0f}" + ("" if r.complete else self.tr(" (incomplete)"))
        if col == self.COL_ROLE:
            return "" if r.choice is None else self._role_text(r.choice.role)
        if col == self.COL_RELIANCE:
            return "" if r.choice is None or r.choice.reliance is None else f"{r.choice.reliance:g}"
        if col == self.COL_IN_USE:
            return "" if r.in_use is None else f"{100 * r.in_use:.0f}%"
        if self._hidden:
            return ""
        return ", ".join(r.favourite_of)

    def _role_text(self, role: ChoiceRole) -> str:
        return {ChoiceRole.PRIMARY: self.tr("Primary"), ChoiceRole.SUPPORTING: self.tr("Supporting"),
                ChoiceRole.FALLBACK: self.tr("Fallback")}[role]  # fmt: skip

    def _tooltip(self, r: ChoiceRow, col: int) -> str | None:
        if col == self.COL_IN_USE and r.choice is not None:
            if r.choice.role is ChoiceRole.FALLBACK:
                return self.tr("A fallback carries nothing until a channel it backs up fails")
            if r.choice.reliance is None or self.uses_default_shares():
                return self.tr("The default share of METHOD.md: primaries share 70%, supporting channels 30%")
            return self.tr("Its reliance set, scaled with the others to add up to 100%")
        if col == self.COL_FAVOURITE:
            if self._hidden:
                return self.tr("Hidden until the tally is revealed")
            if r.favourite_of:
                return self.tr("The favourite of %1").replace("%1", ", ".join(r.favourite_of))
        if col == self.COL_SCORE and r.score is None:
            return self.tr("Not scored for this outcome")
        if col == self.COL_ROLE and r.channel.retired:
            return self.tr("Retired: it keeps counting where chosen, and cannot be newly chosen")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.COL_RELIANCE:
            return False
        try:
            reliance = None if value in (None, "") else float(value)
        except (TypeError, ValueError):
            return False
        if reliance is not None and not 0 <= reliance <= RELIANCE_MAX:
            return False
        return self.set_reliance(index.row(), reliance)

"""The parking lot and the decisions as table models: the shared ``ItemTableModel`` over the workshop's notes.

A note has no name, so its rows are found by the row ids the service loaded beside the list (in its order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, Signal

from workshop.domain.entities import Note, Workshop
from workshop.ui.models import Index, ItemTableModel

#: Who a note is by when nobody in particular said it (the method's own word, as in the sample workshop).
FACILITATOR = "facilitator"

#: The two lists: item kind of the service -> (the workshop's list, the loaded row ids).
NOTE_LISTS: dict[str, tuple[str, str]] = {
    "parking_lot": ("parking_lot", "parking_lot_ids"),
    "decision": ("decisions", "decision_ids"),
}


def by_choices(ws: Workshop) -> list[str]:
    """What "by" offers: the facilitator first (the default), then the participants in the room's order."""
    return [FACILITATOR, *(p.name for p in ws.participants if p.name != FACILITATOR)]


def shown_lines(text: str) -> str:
    """A note's text as its cell shows it (wrapped, at most a few lines): its lines, blank ones dropped."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def when_text(at: dt.datetime | None, today: dt.date | None = None) -> str:
    """When a note was taken, short enough for a side panel: the time alone on the day itself, else the day and
    month (and the year when it is another year) in the user's language, then the time."""
    if at is None:
        return ""
    today = today or dt.date.today()
    if at.date() == today:
        return at.strftime("%H:%M")
    pattern = "d MMM HH:mm" if at.year == today.year else "d MMM yyyy HH:mm"
    return QLocale().toString(QDateTime(at), pattern)


def as_datetime(value: Any) -> dt.datetime | None:
    """A timestamp from an editor (QDateTime) or from code (datetime), to the minute as the room notes it."""
    if isinstance(value, QDateTime):
        value = value.toPython() if value.isValid() else None
    if not isinstance(value, dt.datetime):
        return None
    return value.replace(second=0, microsecond=0, tzinfo=None)


class NoteTableModel(ItemTableModel):
    """One of the two lists (parking lot or decisions): text, by, when; each cell edited in place."""

    COL_TEXT, COL_BY, COL_AT = range(3)
    list_attr: ClassVar[str]
    ids_attr: ClassVar[str]
    #: An edit made in this table was refused: why, naming the field (the panel says it beside the lists).
    refused_here = Signal(str)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        heard: list[str] = []

        def hear(message: str) -> None:
            heard.append(message)

        self.session.refused.connect(hear)
        try:
            done = super().setData(index, value, role)
        finally:
            self.session.refused.disconnect(hear)
        if heard:
            self.refused_here.emit(heard[-1])
        return done

    def headers(self) -> list[str]:
        return [self.tr("Text"), self.tr("By"), self.tr("When")]

    def items(self) -> list[Note]:
        return list(getattr(self.session.workshop, self.list_attr))

    def row_items(self) -> list[tuple[int, Any]]:
        return list(zip(getattr(self.session.loaded, self.ids_attr), self.items(), strict=True))

    def row_of_name(self, name: str) -> int | None:
        """The first row whose text is ``name`` (notes have no names; tests and checks find them by text)."""
        return next((i for i, (_rid, item) in enumerate(self._rows) if item.text == name), None)

    def value(self, item: Note, column: int) -> Any:
        if column == self.COL_TEXT:
            return item.text
        if column == self.COL_BY:
            return item.by
        return item.at

    def display(self, item: Note, column: int) -> str:
        if column == self.COL_TEXT:
            return shown_lines(item.text)
        if column == self.COL_AT:
            return when_text(item.at)
        return item.by

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self._rows):
            item: Note = self._rows[index.row()][1]
            if index.column() == self.COL_TEXT:
                return item.text or None
            if index.column() == self.COL_AT and item.at is not None:
                return item.at.strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_AT:
            return Qt.AlignmentFlag.AlignCenter
        return super().data(index, role)

    def fields_for(self, item: Note, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_TEXT:
            text = str(value or "").strip()
            return {} if text == item.text else {"text": text}  # an empty text: the service says it is required
        if column == self.COL_BY:
            return self._text_field("by", item.by, value)
        at = as_datetime(value)
        if at is None:
            self.session.refused.emit(self.tr("When must be a date and a time."))
            return None
        return {} if at == item.at else {"at": at}

    def title(self) -> str:
        """The list's heading with its count: "Parking lot (3)"."""
        raise NotImplementedError


class ParkingLotTableModel(NoteTableModel):
    """Topics the room parked to come back to."""

    kind = "parking_lot"
    list_attr, ids_attr = NOTE_LISTS["parking_lot"]

    def title(self) -> str:
        return self.tr("Parking lot (%1)").replace("%1", str(self.rowCount()))


class DecisionTableModel(NoteTableModel):
    """What the room decided."""

    kind = "decision"
    list_attr, ids_attr = NOTE_LISTS["decision"]

    def title(self) -> str:
        return self.tr("Decisions (%1)").replace("%1", str(self.rowCount()))


def note_model_for(kind: str, session: Any) -> NoteTableModel:
    return ParkingLotTableModel(session) if kind == "parking_lot" else DecisionTableModel(session)


def kind_noun(kind: str) -> str:
    """A note of this kind as a person names one ("parked topic", "decision")."""
    if kind == "parking_lot":
        return QCoreApplication.translate("RoomNotes", "parked topic")
    return QCoreApplication.translate("RoomNotes", "decision")

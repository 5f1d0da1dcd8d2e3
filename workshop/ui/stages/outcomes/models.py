"""The outcome table: one row an outcome, its KPI, value, confidence, dots and what to review, as the room reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QColor

from workshop.domain.entities import Outcome
from workshop.domain.enums import CATEGORY_TITLES, OutcomeCategory, Severity
from workshop.domain.formulas import annual_value, expected_value
from workshop.export import palette
from workshop.services.workshops import Edit
from workshop.ui.models import Index, ItemTableModel

#: The category of the row, as the enum (for tests and delegates).
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 10
#: The review markers of the row, as check codes.
MARKERS_ROLE = Qt.ItemDataRole.UserRole + 11

#: The outcome checks that mark a row, with the words shown on it (a projector has no mouse-over).
MARKER_WORDS: dict[str, str] = {
    "W_CHANNEL_LED": "⚑ names a platform",
    "W_VANITY": "⚑ vanity metric",
    "W_UNVALUED": "⚑ no value",
    "W_NO_KPI": "⚑ KPI incomplete",
}


def category_label(category: OutcomeCategory) -> str:
    return QCoreApplication.translate("OutcomeCategory", CATEGORY_TITLES[category])


def category_colour(category: OutcomeCategory) -> QColor:
    return QColor(palette.CATEGORY_COLOURS[category])


def _locale() -> QLocale:
    """The locale's number format, with its group separator even where the locale leaves it out (C)."""
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return locale


def number_text(value: float | None, digits: int | None = None) -> str:
    """A number with the locale's separators: whole when large, two decimals when small."""
    if value is None:
        return ""
    if digits is None:
        digits = 0 if abs(value) >= 100 or float(value).is_integer() else 2
    return _locale().toString(float(value), "f", digits)


def money_text(value: float | None, currency: str) -> str:
    return "" if value is None else f"{number_text(value, 0 if abs(value) >= 100 else 2)} {currency}"


def parse_number(text: str) -> float | None:
    """A number typed the locale's way or the plain way ("1.234,5", "1234.5", "1 234"); None when blank.
    Raises ValueError when it is not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    value, ok = _locale().toDouble(cleaned)
    if ok:
        return value
    return float(cleaned.replace(",", ""))


def kpi_text(o: Outcome) -> str:
    """ "10 → 8 EUR by 31 Dec 2027": the KPI as the room says it."""
    k = o.kpi
    parts = [k.metric or ""]
    if k.baseline is not None or k.target is not None:
        move = f"{number_text(k.baseline) or '?'} → {number_text(k.target) or '?'}"
        parts.append(f"{move} {k.unit or ''}".strip())
    if k.due is not None:
        parts.append(QCoreApplication.translate("Outcomes", "by %1").replace("%1", _date_text(k.due)))
    return ": ".join(p for p in parts[:2] if p) + (f" {parts[2]}" if len(parts) > 2 else "")


def _date_text(day: dt.date) -> str:
    return day.strftime("%d %b %Y").lstrip("0")


class OutcomeTableModel(ItemTableModel):
    """The outcomes in the room's order; key, title, category and confidence are edited in place."""

    kind = "outcome"
    name_attr = "key"
    COL_KEY, COL_TITLE, COL_REVIEW, COL_CATEGORY, COL_ANNUAL, COL_EV, COL_DOTS = range(7)
    NUMERIC_COLUMNS: ClassVar[frozenset[int]] = frozenset({COL_ANNUAL, COL_EV, COL_DOTS})
    EDITABLE: ClassVar[frozenset[int]] = frozenset({COL_KEY, COL_TITLE, COL_CATEGORY})

    #: When the tally is hidden (anonymous voting) the dots column shows nothing.
    hide_dots = False

    def headers(self) -> list[str]:
        return [
            self.tr("Key"), self.tr("Title"), self.tr("To review"), self.tr("Category"), self.tr("Annual value"),
            self.tr("Expected value"), self.tr("Dots"),
        ]  # fmt: skip

    def items(self) -> list[Outcome]:
        return list(self.session.workshop.outcomes)

    def refresh(self) -> bool:
        """Rebuild from the session; the review markers of every row are gathered once, not per cell."""
        markers: dict[str, list[str]] = {}
        for check in self.session.checks:
            if check.code in MARKER_WORDS and check.item.key is not None:
                markers.setdefault(check.item.key, []).append(check.code)
        self._markers = markers
        return super().refresh()

    def markers(self, key: str) -> list[str]:
        return self._markers.get(key, [])

    def value(self, item: Outcome, column: int) -> Any:
        if column == self.COL_KEY:
            return item.key
        if column == self.COL_TITLE:
            return item.title
        if column == self.COL_CATEGORY:
            return item.category.value
        if column == self.COL_ANNUAL:
            return annual_value(item)
        if column == self.COL_EV:
            return expected_value(item)
        if column == self.COL_DOTS:
            return None if self.hide_dots else self.session.analysis.outcome_dots.get(item.key.strip().casefold(), 0)
        return " · ".join(MARKER_WORDS[code] for code in self.markers(item.key))

    def display(self, item: Outcome, column: int) -> str:
        currency = self.session.workshop.currency
        if column == self.COL_CATEGORY:
            return category_label(item.category)
        if column in (self.COL_ANNUAL, self.COL_EV):
            value = self.value(item, column)
            return money_text(value, currency) if value is not None else self.tr("no value yet")
        if column == self.COL_DOTS:
            dots = self.value(item, column)
            return "" if dots is None else str(dots)
        value = self.value(item, column)
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        item: Outcome = self.item(index.row())
        column = index.column()
        if role == CATEGORY_ROLE:
            return item.category
        if role == MARKERS_ROLE:
            return self.markers(item.key)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_CATEGORY:
            return category_colour(item.category)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_REVIEW:
            return QColor(palette.SEVERITY_TEXT_COLOURS[Severity.WARNING])
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.COL_ANNUAL, self.COL_EV):
            return QColor("#5a5a5a") if annual_value(item) is None else None
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() not in self.EDITABLE:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def fields_for(self, item: Outcome, column: int, value: Any) -> dict[str, Any] | None:
        if column == self.COL_KEY:
            return self._text_field("key", item.key, value)
        if column == self.COL_TITLE:
            return self._text_field("title", item.title, value)
        return {} if value == item.category.value else {"category": value}

    def add_edit(self, text: str, **fields: Any) -> Callable[[], Edit]:
        service, wid = self.session.service, self.session.workshop_id
        return lambda: service.add_outcome(wid, title=text, **fields)

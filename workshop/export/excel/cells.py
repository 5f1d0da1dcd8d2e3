"""The safe cell writer of the Excel export: user text goes in as text, never as a formula or an error,
and whatever a workbook cannot hold is removed or cut and reported, so that a save never fails or corrupts.

Pure functions over openpyxl cells; every workbook builder writes user text through here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.cell.cell import Cell

#: Excel's limit on the text of one cell, counted in UTF-16 code units as Excel counts.
MAX_CELL_TEXT = 32_767
#: Text no longer than this is within ``MAX_CELL_TEXT`` whatever its characters (at most two UTF-16 units each).
_SURELY_SHORT = MAX_CELL_TEXT // 2
#: Excel's limit on a sheet title.
MAX_SHEET_TITLE = 31

#: Characters that make a spreadsheet treat the text as a formula or a command (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Outside XML 1.0 (controls other than tab, LF, CR; lone surrogates; U+FFFE, U+FFFF): openpyxl refuses
#: the controls and saves the rest silently into a file Excel cannot open.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters a sheet title cannot hold, beside the illegal ones.
_TITLE_RE = re.compile(r"[\\*?:/\[\]]")
#: Excel keeps this title for its change history and refuses it for a sheet.
_RESERVED_TITLES = frozenset({"history"})


@dataclass(slots=True)
class Cleaning:
    """What an export removed or cut from the user's text, so the user can be told rather than surprised."""

    entries: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        """Record one change: ``where`` is the sheet and cell (``Outcomes!B4``), ``what`` the reason."""
        self.entries.append((where, what))

    def lines(self) -> list[str]:
        """One readable line per change, in the order they were made."""
        return [f"{where}: {what}" if where else what for where, what in self.entries]

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut_utf16(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` UTF-16 units, never splitting a surrogate pair."""
    if len(text) <= limit // 2 or _utf16_len(text) <= limit:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def _remove_illegal(text: str) -> tuple[str, int]:
    """``text`` without the characters a workbook cannot hold, and how many there were."""
    return _ILLEGAL_RE.subn("", text)


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` as a workbook can hold it, with the reasons for each change; shared by cells and headers.

    CR and CRLF become LF: the XML of a saved workbook turns a bare CR into LF on reading anyway.
    """
    if len(text) <= _SURELY_SHORT and text.isprintable():
        # The common case, checked at C speed: no control, surrogate or non-character (none is printable), no CR,
        # and too short to pass the limit even if every character took two UTF-16 units.
        return text, []
    reasons: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = _remove_illegal(text)
    if removed:
        reasons.append(
            f"{_plural(removed, 'character')} a workbook cannot hold {'was' if removed == 1 else 'were'} removed"
        )
    if _utf16_len(text) > MAX_CELL_TEXT:
        before = len(text)
        text = _cut_utf16(text, MAX_CELL_TEXT)
        reasons.append(
            f"cut to {len(text):,} characters, the most a cell can hold ({before - len(text):,} characters left out)"
        )
    return text, reasons


def _where(cell: Cell, where: str) -> str:
    try:
        place = f"{cell.parent.title}!{cell.coordinate}"
    except AttributeError:  # a cell outside any sheet; only in tests
        place = ""
    if where and place:
        return f"{place} ({where})"
    return where or place


def write_text(cell: Cell, text: str, cleaning: Cleaning, *, where: str = "") -> None:
    """Write user text so that it stays text: never a formula, never an error cell, never a failed save.

    ``where`` names what the text is (``"outcome 'Reach'"``); it is added to the cell's place in reports.
    """
    text, reasons = clean_text(str(text))
    for reason in reasons:
        cleaning.add(_where(cell, where), reason)
    cell.value = text
    # openpyxl makes "=..." a formula and "#N/A" and the like an error cell: text it stays.
    cell.data_type = "s"
    # Tells Excel the text was typed with a leading apostrophe, so editing the cell keeps it text.
    cell.quotePrefix = text.startswith(_FORMULA_STARTS)


def write_value(cell: Cell, value: object, cleaning: Cleaning, *, number_format: str | None = None) -> None:
    """Write a number, date, bool or nothing as it is, and anything else as text through ``write_text``.

    What Excel cannot hold is made so and reported: NaN and infinities leave the cell empty, time zones are dropped.
    """
    if (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        cleaning.add(_where(cell, ""), f"{value} is not a number a workbook can hold; the cell was left empty")
        value = None
    elif isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        cleaning.add(_where(cell, ""), "the time zone was dropped (a workbook holds local times only)")
        value = value.replace(tzinfo=None)
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.time, dt.timedelta)):
        cell.value = value
    else:
        write_text(cell, value if isinstance(value, str) else str(value), cleaning)
    if number_format is not None:
        cell.number_format = number_format


def header_footer_text(text: str) -> str:
    """Text for a header or footer part: "&" is a control code there, so it is doubled; what cells cannot hold goes."""
    cleaned, _ = clean_text(text)
    return cleaned.replace("&", "&&")


def sheet_title(name: str, taken: set[str], *, fallback: str = "Sheet") -> str:
    """A title Excel accepts and no other sheet has (case-insensitively), added to ``taken``.

    Removes ``\\ * ? : / [ ]`` and illegal characters, outer apostrophes and spaces; at most 31 characters,
    with " (2)", " (3)"... to tell it from a title already taken.
    """
    base = _TITLE_RE.sub("", _remove_illegal(name.replace("\r", " ").replace("\n", " ").replace("\t", " "))[0])
    base = base.strip(" '") or fallback
    folded = {title.casefold() for title in taken} | _RESERVED_TITLES

    def fit(stem: str, suffix: str) -> str:
        return _cut_utf16(stem, MAX_SHEET_TITLE - _utf16_len(suffix)).rstrip(" '") + suffix

    title = fit(base, "")
    number = 1
    while not title or title.casefold() in folded:
        number += 1
        title = fit(base, f" ({number})")
    taken.add(title)
    return title

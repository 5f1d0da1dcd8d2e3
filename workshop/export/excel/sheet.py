"""Writing a workbook the same way on every sheet: text through the safe cell writer, headers styled, column
widths fitted, and every sheet set up to print (landscape A4, fit to width, header rows repeated, the workshop
title and "Page N of M").

``BookWriter`` holds the workbook, the shared ``Cleaning`` report and the sheet titles taken; ``SheetWriter``
writes one sheet top to bottom. The workbook modules (``team``, ``participant``) only say what goes where.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from workshop.export.excel import styles
from workshop.export.excel.cells import (
    Cleaning,
    clean_text,
    header_footer_text,
    sheet_title,
    write_text,
    write_value,
)

#: Column widths in characters: never narrower than a date, never wider than a readable line.
MIN_WIDTH = 8
MAX_WIDTH = 60
#: The most columns printed on one landscape page before a sheet is spread across pages.
COLUMNS_PER_PAGE = 30
#: Excel allows 255 characters in a header or footer, codes included; the title takes at most this many.
_HEADER_TITLE_CHARS = 180

#: The looks ``put`` takes: the argument, openpyxl's collection of the workbook and the cell's style field.
_STYLE_SLOTS = (
    ("font", "_fonts", "fontId"),
    ("fill", "_fills", "fillId"),
    ("border", "_borders", "borderId"),
    ("alignment", "_alignments", "alignmentId"),
)

#: Called before each part of the work, naming it; may raise to cancel (the services' ExportCancelled).
Step = Callable[[str], None]


def no_step(_what: str) -> None:
    """The step of a build nobody watches."""


@dataclass(frozen=True, slots=True)
class Styled:
    """A value with its look, for ``SheetWriter.row``."""

    value: Any
    number_format: str | None = None
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None


def _shown_length(value: Any, number_format: str | None) -> int:
    """About how many characters the value takes on screen, for fitting the column."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.split("\n")), default=0)
    if isinstance(value, bool):
        return 5
    if isinstance(value, (dt.datetime, dt.date)):
        return 16 if isinstance(value, dt.datetime) else 10
    if isinstance(value, (int, float)):
        text = f"{value:,.2f}"
        extra = 0
        if number_format and '"' in number_format:
            extra = len(number_format.split('"')[1]) + 1
        return len(text) + extra
    return len(str(value))


class BookWriter:
    """One workbook being written: its sheets, the titles taken and what the cell writer cleaned."""

    def __init__(self, workshop_title: str, *, currency: str = "EUR") -> None:
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.cleaning = Cleaning()
        self.titles: set[str] = set()
        self.workshop_title = workshop_title
        self.money = styles.money_format(currency)
        self._style_ids: dict[tuple[str, int], tuple[Any, int]] = {}

    def sheet(self, name: str, *, hidden: bool = False) -> SheetWriter:
        sheet = self.book.create_sheet(sheet_title(name, self.titles))
        if hidden:
            sheet.sheet_state = "hidden"
        return SheetWriter(self, sheet)

    def set_properties(self, *, title: str, subject: str, creator: str, keywords: str, description: str) -> None:
        """The document properties a file browser and Excel's Info pane show."""
        props = self.book.properties
        props.title = _property(title)
        props.subject = _property(subject)
        props.creator = _property(creator)
        props.lastModifiedBy = _property(creator)
        props.keywords = _property(keywords)
        props.description = _property(description)
        props.category = "Social Working"

    def style_id(self, collection: str, style: Any) -> int:
        """The index of a font, fill, alignment or border in the workbook's ``collection`` (``"_fonts"``...), as
        openpyxl's ``cell.font = style`` finds it, but hashing each style object once rather than at every cell:
        the styles written are constants (``styles``), never changed once written."""
        key = (collection, id(style))
        known = self._style_ids.get(key)
        if known is not None and known[0] is style:
            return known[1]
        index = getattr(self.book, collection).add(style)
        self._style_ids[key] = (style, index)  # holding the object keeps its id from being reused
        return index

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def _property(text: str) -> str:
    return clean_text(text)[0][:255]


class SheetWriter:
    """Writes one sheet from the top; ``row`` is the next row to write (1-based)."""

    def __init__(self, book: BookWriter, sheet: Worksheet) -> None:
        self.book = book
        self.sheet = sheet
        self.row = 1
        self._widths: dict[int, int] = {}
        self._title_rows: tuple[int, int] | None = None
        #: Headings and notes (row, column): they run on across the empty cells to their right, never wrapped.
        self._running: set[tuple[int, int]] = set()
        #: The cells given text, by (row, column): the only ones ``finish`` may wrap.
        self._texts: dict[tuple[int, int], Cell] = {}

    @property
    def cleaning(self) -> Cleaning:
        return self.book.cleaning

    # -- cells ------------------------------------------------------------------------------------------

    def put(self, row: int, column: int, value: Any, *, where: str = "", fit: bool = True, **look: Any) -> Cell:
        """Write one value: text through the safe writer, anything else as it is, with its look."""
        cell = self.sheet.cell(row=row, column=column)
        number_format = look.get("number_format")
        if isinstance(value, str):
            write_text(cell, value, self.cleaning, where=where)
        else:
            write_value(cell, value, self.cleaning, number_format=number_format)
        book = self.book
        for name, collection, key in _STYLE_SLOTS:
            style = look.get(name)
            if style is not None:
                if cell._style is None:
                    cell._style = StyleArray()
                setattr(cell._style, key, book.style_id(collection, style))
        if number_format is not None and isinstance(value, str):
            cell.number_format = "@"
        shown = cell.value
        if fit:
            self._widths[column] = max(self._widths.get(column, 0), _shown_length(shown, number_format))
        else:
            self._running.add((row, column))
        if isinstance(shown, str):
            self._texts[row, column] = cell
        return cell

    def title(self, text: str, *, font: Font = styles.TITLE_FONT) -> None:
        """A heading over what follows; not counted in the column width."""
        self.put(self.row, 1, text, font=font, fit=False)
        self.sheet.row_dimensions[self.row].height = font.size * 1.6 if font.size else None
        self.row += 1

    def note(self, text: str) -> None:
        self.put(self.row, 1, text, font=styles.MUTED, fit=False)
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def header(self, labels: Sequence[str], *, column: int = 1, repeat: bool = True) -> int:
        """A header band; the first one with ``repeat`` is printed at the top of every page."""
        for offset, label in enumerate(labels):
            self.put(self.row, column + offset, label, font=styles.HEADER_FONT, fill=styles.HEADER_FILL,
                     alignment=styles.WRAP)  # fmt: skip
        if repeat and self._title_rows is None:
            self._title_rows = (self.row, self.row)
        self.row += 1
        return self.row - 1

    def values(self, values: Iterable[Any], *, column: int = 1, where: str = "", **look: Any) -> int:
        """One row: each value plain or ``Styled``; ``look`` applies to the plain ones. Text sits left and numbers
        right unless an alignment is given. Returns the row written."""
        for offset, value in enumerate(values):
            if isinstance(value, Styled):
                cell_look = {"number_format": value.number_format, "font": value.font, "fill": value.fill,
                             "alignment": value.alignment or look.get("alignment")}  # fmt: skip
                value = value.value
            else:
                cell_look = dict(look)
            if cell_look.get("alignment") is None:
                cell_look["alignment"] = styles.TEXT if isinstance(value, str) else styles.NUMBER
            self.put(self.row, column + offset, value, where=where, **cell_look)
        self.row += 1
        return self.row - 1

    def pairs(self, pairs: Iterable[tuple[str, Any, str | None]]) -> None:
        """Label and value rows (the workshop's facts): label bold in A, value in B with its format, all left, so
        that a figure sits next to its label."""
        for label, value, number_format in pairs:
            self.put(self.row, 1, label, font=styles.BOLD)
            self.put(self.row, 2, value, number_format=number_format, alignment=styles.TEXT)
            self.row += 1

    def picture(self, png: bytes, *, width: float | None = None, new_page: bool = True) -> None:
        """A chart rendered by matplotlib at the next row, scaled to ``width`` pixels; on a page of its own when
        printed, so that it is never cut between two pages."""
        if new_page and self.row > 1:
            self.sheet.row_breaks.append(Break(id=self.row - 1))
        anchor = f"A{self.row}"
        image = Image(BytesIO(png))
        if width is not None and image.width:
            scale = width / image.width
            image.width, image.height = image.width * scale, image.height * scale
        self.sheet.add_image(image, anchor)

    # -- the sheet as a whole -------------------------------------------------------------------------

    def width(self, column: int, characters: int) -> None:
        """At least this width for a column (a chart's room, a long header)."""
        self._widths[column] = max(self._widths.get(column, 0), characters)

    def finish(self, *, freeze: str | None = None) -> None:
        """Fit the columns (wrapping what is too long for the widest), fit the rows to wrapped text, freeze the
        panes, and set the sheet up to print."""
        widths = {column: min(MAX_WIDTH, max(MIN_WIDTH, chars + 3)) for column, chars in self._widths.items()}
        for column, width in widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        # Only text written here can need wrapping: go through those cells, row by row, not the whole grid.
        lines_by_row: dict[int, int] = {}
        alignments = self.sheet.parent._alignments
        for (row, column), cell in sorted(self._texts.items()):
            text = cell.value
            if (not isinstance(text, str) or cell.data_type == "f" or column not in widths
                    or (row, column) in self._running):  # fmt: skip
                continue
            room = max(1, widths[column] - 1)
            # The cell's alignment as ``cell.alignment`` reads it, without a proxy object per cell.
            wrapped = cell._style is not None and bool(alignments[cell._style.alignmentId].wrap_text)
            if len(text) > room and not wrapped:
                cell.alignment = styles.WRAP
                wrapped = True
            if wrapped:
                lines = sum(max(1, math.ceil(len(part) / room)) for part in text.split("\n"))
                lines_by_row[row] = max(lines_by_row.get(row, 1), lines)
        for row, lines in lines_by_row.items():
            if lines > 1:
                # Spreadsheets do not all fit a row to wrapped text on opening: give it the height it needs.
                self.sheet.row_dimensions[row].height = min(409, 15 * lines)
        if freeze:
            self.sheet.freeze_panes = freeze
        self._print_setup()

    def _print_setup(self) -> None:
        sheet = self.sheet
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        # Fit to the page's width; a matrix wider than a page can hold legibly (a RACI of 300 outcomes) is printed
        # across as many pages as it needs, about 30 columns a page, rather than shrunk past reading.
        sheet.page_setup.fitToWidth = max(1, math.ceil(sheet.max_column / COLUMNS_PER_PAGE))
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = False
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.75
        # The table's header on every page; a sheet without a repeated table repeats its title.
        first, last = self._title_rows or (1, 1)
        sheet.print_title_rows = f"{first}:{last}"
        title = header_footer_text(self.book.workshop_title[:_HEADER_TITLE_CHARS] or "Workshop")
        for header, footer in ((sheet.oddHeader, sheet.oddFooter), (sheet.evenHeader, sheet.evenFooter)):
            header.left.text = title
            header.right.text = "&A"  # the sheet's name
            footer.left.text = "Social Working"
            footer.right.text = "Page &P of &N"

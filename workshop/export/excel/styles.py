"""The workbooks' look: the app's colours (``export/palette.py``), fonts and number formats, defined once.

Every fill that means something comes from the palette, so a RACI role, a category, a status or a severity
reads the same in the app, the charts and the workbook.
"""

from __future__ import annotations

from functools import cache

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from workshop.export import palette

#: The header band of every table: the app's dark blue, white bold text.
HEADER_FILL_COLOUR = palette.BLUE
#: Every font is named, so that a program without the workbook's default (LibreOffice) does not fall back to a serif.
FONT_NAME = "Calibri"
FONT_SIZE = 11
TITLE_SIZE = 16
SUBTITLE_SIZE = 12

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
SCORE_FORMAT = "0.0"
NUMBER_FORMAT = "#,##0.##"
INTEGER_FORMAT = "0"
DAYS_FORMAT = "0.0"
RATIO_FORMAT = "0.000"
MONTHS_FORMAT = '0.0 "months"'


def argb(colour: str) -> str:
    """openpyxl's ``"FFRRGGBB"`` of a palette ``"#RRGGBB"``."""
    palette.rgb(colour)  # refuses anything that is not a palette colour
    return "FF" + colour[1:].upper()


@cache
def fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=argb(colour), end_color=argb(colour))


@cache
def font_on(colour: str, *, bold: bool = False) -> Font:
    """Text that reads on a fill of ``colour`` (black or white, by WCAG contrast)."""
    return Font(name=FONT_NAME, size=FONT_SIZE, color=argb(palette.text_colour_on(colour)), bold=bold)


def money_format(currency: str) -> str:
    """Whole units with thousands and the workshop's currency code after the number: ``1,235 "EUR"`` (the cell
    keeps the full figure; estimates read better without cents)."""
    code = "".join(ch for ch in currency if ch.isalnum())[:8] or "EUR"
    return f'#,##0 "{code}";-#,##0 "{code}"'


HEADER_FONT = font_on(HEADER_FILL_COLOUR, bold=True)
HEADER_FILL = fill(HEADER_FILL_COLOUR)
TITLE_FONT = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=SUBTITLE_SIZE, bold=True)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
MUTED = Font(name=FONT_NAME, size=FONT_SIZE, color="FF595959", italic=True)
WRAP = Alignment(wrap_text=True, vertical="top", indent=1, horizontal="left")
#: The default of a table cell: text left, numbers right, each a little clear of the cell's edge.
TEXT = Alignment(horizontal="left", vertical="top", indent=1)
NUMBER = Alignment(horizontal="right", vertical="top", indent=1)
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
_THIN = Side(style="thin", color="FFBFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
#: The first row of a department's band in the RACI matrix.
BAND_TOP = Border(top=Side(style="medium", color="FF404040"))

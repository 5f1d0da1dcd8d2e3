"""The team workbook of the large workshop (300 outcomes, 150 participants, 3,000 actions) against openpyxl
itself: goal (issue 13) at most 2x the time openpyxl takes to write the same cell values with the same cell
styles, measured in the same run.

The team export is timed without its three matplotlib pictures: the picture functions are replaced, for that
part only, by a fixed 1x1 PNG, so the build and the save are measured without matplotlib; the pictures are
rendered apart, each timed. The baseline loads the workbook just written (openpyxl, normal mode), takes every
sheet's cells with their value, font, fill, alignment, border and number format before the clock starts, and
times only writing them into a fresh ``openpyxl.Workbook()`` and saving it to bytes (no charts, no pictures,
no tables, no conditional formats). Medians of 3 rounds each, wall time.
Run: ``python -m benchmarks.bench_export``.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

from benchmarks.large_workshop import large_workshop
from workshop.domain.formulas import Analysis
from workshop.export.excel import pictures
from workshop.export.excel.team import build_team_workbook

GOAL_RATIO = 2.0
ROUNDS = 3
TODAY = dt.date(2026, 6, 1)
#: A valid 1x1 PNG, in place of each picture while the workbook is timed.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
_PICTURES = ("outcome_map_png", "silo_heatmap_png", "timeline_png")

#: (sheet index, row, column, value, font, fill, alignment, border, number format) of one cell.
CellCopy = tuple[int, int, int, Any, Any, Any, Any, Any, str]


@contextmanager
def without_pictures() -> Iterator[None]:
    """The team build with every picture a fixed 1x1 PNG (the sheets import them from ``pictures`` when built)."""
    saved = {name: getattr(pictures, name) for name in _PICTURES}
    try:
        for name in _PICTURES:
            setattr(pictures, name, lambda *_args: TINY_PNG)
        yield
    finally:
        for name, function in saved.items():
            setattr(pictures, name, function)


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return (time.perf_counter() - start) * 1000, result


def team_export(ws: Any) -> bytes:
    return build_team_workbook(ws, today=TODAY).to_bytes()


def cell_copies(data: bytes) -> tuple[list[str], list[CellCopy]]:
    """Every sheet's title and every cell holding a value or a style, its style as the loaded style objects (one
    object per distinct style, as openpyxl keeps them)."""
    book = load_workbook(BytesIO(data))
    fonts, fills, borders = list(book._fonts), list(book._fills), list(book._borders)
    alignments = list(book._alignments)
    titles = book.sheetnames
    copies: list[CellCopy] = []
    for index, sheet in enumerate(book.worksheets):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                style = cell._style
                copies.append(
                    (
                        index,
                        cell.row,
                        cell.column,
                        cell.value,
                        fonts[style.fontId],
                        fills[style.fillId],
                        alignments[style.alignmentId],
                        borders[style.borderId],
                        cell.number_format,
                    )
                )
    return titles, copies


def lean(copies: list[CellCopy]) -> list[CellCopy]:
    """The copies with None for each style that is openpyxl's default, so that the baseline sets only the others,
    as a program writing these cells would (worked out before the clock starts)."""
    default = Workbook()
    plain = (default._fonts[0], default._fills[0], default._alignments[0], default._borders[0], "General")
    return [
        (
            index,
            row,
            column,
            value,
            *[None if style == plain_style else style for style, plain_style in zip(look, plain, strict=True)],
        )
        for index, row, column, value, *look in copies
    ]


def baseline(titles: list[str], copies: list[CellCopy]) -> bytes:
    """openpyxl writing the same values with the same styles through its public API, then saving; a style given
    as None is left as openpyxl's default."""
    book = Workbook()
    book.remove(book.active)
    sheets = [book.create_sheet(title) for title in titles]
    for index, row, column, value, font, fill, alignment, border, number_format in copies:
        cell = sheets[index].cell(row=row, column=column)
        cell.value = value
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        if border is not None:
            cell.border = border
        if number_format is not None:
            cell.number_format = number_format
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    ws = large_workshop()
    export_ms: list[float] = []
    data = b""
    with without_pictures():
        for _ in range(ROUNDS):
            ms, data = timed(lambda: team_export(ws))
            export_ms.append(ms)
    titles, copies = cell_copies(data)
    every_ms = [timed(lambda: baseline(titles, copies))[0] for _ in range(ROUNDS)]
    lean_copies = lean(copies)
    lean_ms = [timed(lambda: baseline(titles, lean_copies))[0] for _ in range(ROUNDS)]
    analysis = Analysis(ws)
    picture_ms = {
        "outcome map": [timed(lambda: pictures.outcome_map_png(analysis))[0] for _ in range(ROUNDS)],
        "silo heatmap": [timed(lambda: pictures.silo_heatmap_png(analysis))[0] for _ in range(ROUNDS)],
        "timeline": [timed(lambda: pictures.timeline_png(analysis, TODAY))[0] for _ in range(ROUNDS)],
    }
    full = team_export(ws)
    reloaded = load_workbook(BytesIO(full))
    export, every, only = (statistics.median(times) for times in (export_ms, every_ms, lean_ms))
    # Judged on the faster baseline (the lean one): the stricter goal.
    ratio = export / min(every, only)
    print(f"workbook: {len(titles)} sheets, {len(copies):,} cells written (values or styles)")
    print(f"team export, build + save without pictures: median {export:.0f} ms (best {min(export_ms):.0f})")
    print(f"openpyxl baseline, all six styles set on every cell: median {every:.0f} ms (best {min(every_ms):.0f})")
    print(f"openpyxl baseline, only the styles not the default: median {only:.0f} ms (best {min(lean_ms):.0f})")
    print(f"ratio to the faster baseline: {ratio:.2f}x (goal at most {GOAL_RATIO:.1f}x): "
          f"{'within' if ratio <= GOAL_RATIO else 'OVER'}; to the other {export / max(every, only):.2f}x")  # fmt: skip
    for name, times in picture_ms.items():
        print(f"picture {name}: median {statistics.median(times):.0f} ms")
    print(f"file size: {len(data) / 1e6:.2f} MB without pictures, {len(full) / 1e6:.2f} MB with them")
    names = ", ".join(reloaded.sheetnames)
    print(f"with pictures, loads back with openpyxl: {len(reloaded.sheetnames)} sheets ({names})")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})"
    )
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())

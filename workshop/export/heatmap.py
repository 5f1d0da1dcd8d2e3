"""The silo heatmap as a pure Figure: outcomes by departments, each cell the strongest role a department holds.

matplotlib's object API only, no pyplot, no Qt; ``workshop.export.charts`` re-exports the builder with the other
charts and holds the sizes every chart shares (read from six metres).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

from workshop.domain.enums import Severity
from workshop.domain.reports import SiloHeatmapData
from workshop.domain.stakeholders import ROLE_STRENGTH
from workshop.export.charts import (
    _SUBTLE,
    _TEXT,
    EMPTY_MESSAGE,
    FIGURE_DPI,
    FIGURE_SIZE,
    KEY_LABEL_SIZE,
    LEGEND_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    message_figure,
)
from workshop.export.palette import INVOLVEMENT_COLOURS, SEVERITY_TEXT_COLOURS, text_colour_on

HEATMAP_TITLE = "Departments on each outcome"
NO_DEPARTMENTS_MESSAGE = "Nobody with a department is in the room yet"
#: The legend's names for involvement 0..4.
INVOLVEMENT_LABELS = ("none", "I: Informed", "C: Consulted", "R: Responsible", "A: Accountable")
SILO_LABEL = "Silo: one department alone"
SILO_HEADER = "Silo"
LEGEND_TITLE = "Strongest role any of the department's people holds on the outcome"
#: Outcomes held by one department alone: the warning's text colour, dark enough to read as a bar or a label.
SILO_COLOUR = SEVERITY_TEXT_COLOURS[Severity.WARNING]

#: Up to this many outcomes every row is labelled with its key and shortened title; beyond, keys only, thinned.
FULL_LABEL_ROWS = 20
#: At most this many row labels: 15-point keys need about 20 points each on the 6.3 inches of rows.
MAX_ROW_LABELS = 20
#: Role letters are written in the cells while the cells are this few, so that they stay large enough to read.
LETTER_ROWS, LETTER_COLUMNS = 20, 16
TITLE_CHARS = 36
#: Titles cut shorter than this say nothing: the keys stand alone.
MIN_TITLE_CHARS = 14
#: Department names too long to wrap are turned and cut to this many characters.
TURNED_CHARS = 30
#: The silo strip's width against the cells'.
STRIP_SHARE = 0.05
_LETTERS = {strength: role.value for role, strength in ROLE_STRENGTH.items()}
_CELL_EDGE = "white"
#: The layout's pad round the figure, in inches: matplotlib's default, and more beside slanted names.
_PAD, _SLANT_PAD = 3 / 72, 12 / 72


def silo_share_text(share: float) -> str:
    """The share as the room reads it: 38%, never "0%" for some nor "100%" for not all."""
    percent = share * 100
    if 0 < percent < 1:
        return "<1%"
    if 99 < percent < 100:
        return ">99%"
    return f"{math.floor(percent + 0.5)}%"


def silo_title(data: SiloHeatmapData) -> str:
    """The heatmap's point in plain words: "3 of 8 outcomes (38%) sit in one department alone"."""
    if data.alone_share is None:
        return HEATMAP_TITLE
    n, alone = len(data.keys), len(data.alone)
    outcomes = "outcome" if n == 1 else "outcomes"
    verb = "sits" if alone == 1 else "sit"
    return f"{alone} of {n} {outcomes} ({silo_share_text(data.alone_share)}) {verb} in one department alone"


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis when it must be: at a space if one is near
    the end, else within the word (so that names alike at the start still differ)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space >= 0.75 * limit else cut).rstrip() + "…"


def row_step(rows: int) -> int:
    """Label every outcome, or every 2nd, 5th, 10th, 20th, 25th, 50th ... so that at most MAX_ROW_LABELS show."""
    scale = 1
    while True:
        for step in (1, 2, 5, 10, 20, 25, 50):
            if math.ceil(rows / (step * scale)) <= MAX_ROW_LABELS:
                return step * scale
        scale *= 100


def figure_for_silo_heatmap(data: SiloHeatmapData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Outcomes as rows, departments as columns, each cell shaded by the strongest role the department's people
    hold there; the outcomes one department holds alone are marked in a strip beside their labels and counted in
    the title. The strip sits left of the cells, so that names turned to fit spill into the free right margin."""
    fig = Figure(figsize=FIGURE_SIZE, dpi=dpi, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    if not data.keys or not data.departments:
        fig.suptitle(HEATMAP_TITLE, fontsize=TITLE_SIZE, color=_TEXT)
        message = EMPTY_MESSAGE if not data.keys else NO_DEPARTMENTS_MESSAGE
        message_figure(fig, message)
        return fig
    fig.suptitle(silo_title(data), fontsize=TITLE_SIZE, color=_TEXT)
    grid = fig.add_gridspec(1, 2, width_ratios=(STRIP_SHARE, 1.0), wspace=0.01)
    strip = fig.add_subplot(grid[0])
    ax = fig.add_subplot(grid[1], sharey=strip)
    ax.set_gid("silo-heatmap")
    strip.set_gid("silo-strip")
    _draw_strip(strip, data)
    _draw_cells(ax, data)
    ax.xaxis.tick_top()
    _fit(fig, strip, ax, data)
    fig.canvas.mpl_connect("resize_event", lambda _event: _fit(fig, strip, ax, data))  # the registry travels
    return fig


def _fit(fig: Figure, strip: Axes, ax: Axes, data: SiloHeatmapData) -> None:
    """Labels and legend for the figure's width, at build time and whenever an embedding canvas resizes it: titles
    shorten with the width (keys alone on a narrow figure), so that the columns keep room for their names."""
    width = float(fig.get_size_inches()[0])
    chars = int(TITLE_CHARS * min(1.0, width / FIGURE_SIZE[0])) if len(data.keys) <= FULL_LABEL_ROWS else 0
    _label_rows(strip, data, chars if chars >= MIN_TITLE_CHARS else 0)
    _label_departments(ax, strip, data)
    _fit_legend(fig)


def _draw_cells(ax: Axes, data: SiloHeatmapData) -> None:
    colours = [to_rgb(c) for c in INVOLVEMENT_COLOURS]
    image = [[colours[s] for s in row] for row in data.cells]
    ax.imshow(image, aspect="auto", interpolation="nearest").set_gid("involvement")
    rows, columns = len(data.keys), len(data.departments)
    ax.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    if rows <= 60:  # beyond, row lines would be all there is to see
        ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(True, which="minor", color=_CELL_EDGE, linewidth=2.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0, labelsize=TICK_SIZE, colors=_TEXT, labelleft=False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if rows <= LETTER_ROWS and columns <= LETTER_COLUMNS:
        for y, row in enumerate(data.cells):
            for x, strength in enumerate(row):
                if strength:
                    ax.text(x, y, _LETTERS[strength], ha="center", va="center", fontsize=KEY_LABEL_SIZE,
                            fontweight="bold", color=text_colour_on(INVOLVEMENT_COLOURS[strength]))  # fmt: skip


def _label_rows(ax: Axes, data: SiloHeatmapData, chars: int) -> None:
    """Key and title (shortened to ``chars``; 0: none) of every outcome, or the keys of every n-th one when they are
    many."""
    alone = set(data.alone)
    step = row_step(len(data.keys))
    shown = range(0, len(data.keys), step)
    ax.set_yticks(list(shown))
    if chars:
        labels = [f"{data.keys[i]}  {shorten(data.titles[i], chars)}".rstrip() for i in shown]
    else:
        labels = [data.keys[i] for i in shown]
    ax.set_yticklabels(labels)
    for i, label in zip(shown, ax.get_yticklabels(), strict=True):
        if data.keys[i] in alone:
            label.set_color(SILO_COLOUR)
            label.set_fontweight("bold")
    if step > 1:
        ax.set_ylabel(f"{len(data.keys)} outcomes, every {step}{_ordinal(step)} labelled", fontsize=TICK_SIZE,
                      color=_SUBTLE)  # fmt: skip


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _label_departments(ax: Axes, strip: Axes, data: SiloHeatmapData) -> None:
    """Department names above their columns, wrapped to the width a column has at the figure's size; turned when a
    word would not fit or a name would need more than three lines. Runs again when the figure is resized."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(size=TICK_SIZE)

    def points(text: str) -> float:
        return float(renderer.get_text_width_height_descent(text, font, ismath=False)[0]) * 72 / fig.dpi

    # The figure's width less the row labels, the pads and the strip (1 : 0.055), shared by the columns, with a
    # few points between neighbouring names.
    rows = max((points(t.get_text()) for t in strip.get_yticklabels()), default=0.0)
    width = float(fig.get_size_inches()[0]) * 72
    column = (width - rows - 24) / (1 + STRIP_SHARE) / len(data.departments) - 4
    wrapped = [_wrap(name, column, points) for name in data.departments]
    ax.set_xticks(range(len(data.departments)))
    engine = fig.get_layout_engine()
    if all(lines is not None for lines in wrapped):
        ax.set_xticklabels(["\n".join(lines or ()) for lines in wrapped], rotation=0, ha="center")
        if engine is not None:
            engine.set(w_pad=_PAD)
        return
    if engine is not None:  # a slanted last name reaches right: the layout's first pass falls a few points short
        engine.set(w_pad=_SLANT_PAD)
    names = [shorten(name, TURNED_CHARS) for name in data.departments]
    if (column + 4) * math.sin(math.radians(40)) >= 1.4 * TICK_SIZE:
        ax.set_xticklabels(names, rotation=40, ha="left", rotation_mode="anchor")
    else:  # too close for a slant: upright, so that the last one does not run off the right edge
        ax.set_xticklabels(names, rotation=90, ha="center", rotation_mode="default")


def _wrap(name: str, width: float, points: Callable[[str], float]) -> list[str] | None:
    """``name`` in at most three lines no wider than ``width`` points, broken between words; None if it cannot be."""
    lines: list[str] = []
    for word in name.split():
        if lines and points(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif points(word) <= width:
            lines.append(word)
        else:
            return None
    return lines if len(lines) <= 3 else None


def _draw_strip(strip: Axes, data: SiloHeatmapData) -> None:
    alone = set(data.alone)
    white, mark = to_rgb("white"), to_rgb(SILO_COLOUR)
    strip.imshow([[mark if key in alone else white] for key in data.keys], aspect="auto", interpolation="nearest")
    strip.xaxis.tick_top()
    strip.set_xticks([0])
    strip.set_xticklabels([SILO_HEADER])
    strip.tick_params(which="both", length=0, labelsize=TICK_SIZE)
    strip.tick_params(axis="x", colors=SILO_COLOUR)
    strip.tick_params(axis="y", colors=_TEXT)
    strip.grid(False, which="both")
    for side in ("top", "right", "bottom", "left"):
        strip.spines[side].set_color("#BBBBBB")


def _fit_legend(fig: Figure) -> None:
    """The legend below the cells in one row, or in as few rows as the figure's width allows (again on resize)."""
    for legend in list(fig.legends):
        legend.remove()
    handles = [
        Patch(facecolor=colour, edgecolor="#BBBBBB", label=label)
        for colour, label in zip(INVOLVEMENT_COLOURS, INVOLVEMENT_LABELS, strict=True)
    ]
    handles.append(Patch(facecolor=SILO_COLOUR, edgecolor=SILO_COLOUR, label=SILO_LABEL))
    for ncols in (6, 3, 2, 1):
        # matplotlib fills a legend column by column; this order reads row by row.
        ordered = [handles[i] for c in range(ncols) for i in range(c, len(handles), ncols)]
        legend = fig.legend(
            handles=ordered,
            loc="outside lower center",
            ncols=ncols,
            fontsize=LEGEND_SIZE,
            title=LEGEND_TITLE,
            title_fontsize=LEGEND_SIZE,
            frameon=False,
            handlelength=1.6,
            handleheight=1.2,
            columnspacing=1.4,
        )
        if legend.get_window_extent().width <= 0.96 * fig.bbox.width or ncols == 1:
            return
        legend.remove()

"""Charts as pure functions ``figure_for_x(data) -> Figure``: the stage pages embed them, the exports reuse them.

matplotlib's object API only: never pyplot (no global figure state, no GUI backend), no Qt. This module
imports matplotlib at its top, so nothing imported at start-up may import it.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter
from matplotlib.transforms import Bbox, IdentityTransform

from workshop.domain.enums import CATEGORY_TITLES, OutcomeCategory
from workshop.domain.reports import OutcomeMapData, OutcomeMapPoint
from workshop.export.palette import CATEGORY_COLOURS

#: 16 x 9 inches at 120 dots per inch: the projector's 1920 x 1080.
FIGURE_SIZE = (16.0, 9.0)
FIGURE_DPI = 120

# Read from six metres: nothing under 12 points.
TITLE_SIZE = 24
SUBTITLE_SIZE = 15
AXIS_LABEL_SIZE = 17
TICK_SIZE = 15
KEY_LABEL_SIZE = 16
LEGEND_SIZE = 15
MESSAGE_SIZE = 26

#: Bubble areas in points squared: the most dots get the largest, 0 dots the smallest that still shows.
MAX_BUBBLE_AREA = 4200.0
MIN_BUBBLE_AREA = 180.0
HIDDEN_BUBBLE_AREA = 1500.0

#: A value axis turns logarithmic when the largest value is more than this many times the smallest.
LOG_SPAN = 100.0

UNVALUED_TITLE = "No value yet"
EMPTY_MESSAGE = "No outcomes yet"

_GRID = "#D9D9D9"
_TEXT = "#1A1A1A"
_SUBTLE = "#444444"
_STRIP_FACE = "#F2F2F2"
_LEADER = "#666666"


class ChartWriteError(OSError):
    """A chart that could not be saved; the message names the file and the reason."""


# -- the outcome map ---------------------------------------------------------------------------------


def bubble_area(dots: int | None, max_dots: int | None) -> float:
    """Area in points squared, proportional to dots; every bubble the same size when the tally is hidden."""
    if dots is None or max_dots is None:
        return HIDDEN_BUBBLE_AREA
    if dots <= 0 or max_dots <= 0:
        return MIN_BUBBLE_AREA
    return max(MIN_BUBBLE_AREA, MAX_BUBBLE_AREA * dots / max_dots)


def uses_log_scale(values: Sequence[float]) -> bool:
    """Logarithmic when every value is above 0 and the largest is more than LOG_SPAN times the smallest."""
    return bool(values) and min(values) > 0 and max(values) / min(values) > LOG_SPAN


def category_title(category: OutcomeCategory) -> str:
    return CATEGORY_TITLES[category]


def money_tick(value: float, _pos: object = None) -> str:
    """Axis ticks short enough to read from the back of the room: 0, 500, 89.1k, 1.5M."""
    magnitude = abs(value)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= scale * 0.9995:
            return f"{value / scale:.3g}{suffix}"
    return "0" if value == 0 else f"{value:.3g}"


def figure_for_outcome_map(
    data: OutcomeMapData, *, size: tuple[float, float] = FIGURE_SIZE, dpi: float = FIGURE_DPI
) -> Figure:
    """Confidence against annual value: bubble area by outcome dots, colour by category, keys as labels that do
    not overlap, and the unvalued outcomes in their own strip."""
    fig = Figure(figsize=size, dpi=dpi, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)  # a renderer for measuring labels; an embedding canvas replaces it
    fig.suptitle("Outcome map", fontsize=TITLE_SIZE, color=_TEXT)
    if not data.outcomes:
        fig.text(0.5, 0.5, EMPTY_MESSAGE, ha="center", va="center", fontsize=MESSAGE_SIZE, color=_SUBTLE)
        return fig

    valued, unvalued = data.valued, data.unvalued
    grid: GridSpec | None = None
    if unvalued:
        grid = fig.add_gridspec(1, 2, width_ratios=(1.0 - _strip_share(len(unvalued)), _strip_share(len(unvalued))))
        ax = fig.add_subplot(grid[0])
        strip: Axes | None = fig.add_subplot(grid[1], sharey=ax)
    else:
        ax = fig.add_subplot()
        strip = None

    max_dots = None if data.dots_hidden else max(p.dots or 0 for p in data.outcomes)
    areas = {p.key: bubble_area(None if max_dots is None else p.dots, max_dots) for p in data.outcomes}
    _style_value_axes(ax, data, valued)
    labels = _draw_bubbles(ax, [(p, p.annual_value or 0.0) for p in valued], areas)
    if strip is not None:
        _style_strip(strip)
        places = [(i + 1) / (len(unvalued) + 1) for i in range(len(unvalued))]
        labels += _draw_bubbles(strip, list(zip(unvalued, places, strict=True)), areas)
    order = {p.key: i for i, p in enumerate(data.outcomes)}
    labels.sort(key=lambda label: order[label.key])
    fig.add_artist(_LabelPlacer(labels))
    fitting = _FitToSize(fig, data, max_dots, grid)
    fig.canvas.mpl_connect("resize_event", lambda _event: fitting.fit())  # the registry travels with the figure
    return fig


def _strip_share(unvalued: int) -> float:
    """The share of the width the unvalued strip takes, growing with the outcomes in it."""
    return min(1.0 + 0.3 * (unvalued - 1), 3.0) / 7.0


def _style_value_axes(ax: Axes, data: OutcomeMapData, valued: tuple[OutcomeMapPoint, ...]) -> None:
    ax.set_xlabel(f"Annual value ({data.currency})", fontsize=AXIS_LABEL_SIZE, color=_TEXT)
    ax.set_ylabel("Confidence", fontsize=AXIS_LABEL_SIZE, color=_TEXT)
    ax.set_ylim(-0.09, 1.09)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.tick_params(labelsize=TICK_SIZE, colors=_TEXT)
    ax.grid(True, color=_GRID, linewidth=0.9)
    ax.set_axisbelow(True)
    values = [p.annual_value for p in valued if p.annual_value is not None]
    if not values:
        ax.set_xticks([])
        ax.text(
            0.5,
            0.5,
            "No outcome has a value yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=MESSAGE_SIZE - 4,
            color=_SUBTLE,
        )
        return
    low, high = min(values), max(values)
    if uses_log_scale(values):
        ax.set_xscale("log")
        decades = math.log10(high) - math.log10(low)
        pad = 0.1 * decades
        ax.set_xlim(10 ** (math.log10(low) - pad), 10 ** (math.log10(high) + pad))
        subs = (1.0, 2.0, 5.0) if decades <= 3.2 else (1.0,)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks="auto"))
        ax.xaxis.set_minor_locator(LogLocator(base=10, subs="auto", numticks="auto"))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda _v, _p: ""))
    else:
        low = min(0.0, low)
        span = high - low or max(abs(high), 1.0)
        ax.set_xlim(low - 0.1 * span, high + 0.1 * span)
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(money_tick))


def _style_strip(strip: Axes) -> None:
    strip.set_title(UNVALUED_TITLE, fontsize=SUBTITLE_SIZE + 1, color=_TEXT)
    strip.set_facecolor(_STRIP_FACE)
    strip.set_xlim(0.0, 1.0)
    strip.set_xticks([])
    strip.tick_params(labelleft=False, length=0)
    strip.grid(True, axis="y", color="white", linewidth=1.2)
    strip.set_axisbelow(True)
    for side in ("top", "right", "bottom", "left"):
        strip.spines[side].set_color("#BBBBBB")


@dataclass(slots=True)
class _Label:
    key: str
    annotation: Annotation
    bubbles: PathCollection  # the scatter of the label's axes
    index: int  # the label's bubble in it
    area: float  # the bubble's area in points squared on a figure of FIGURE_SIZE
    leader: Line2D  # drawn, in display coordinates, when the label sits away from its bubble
    ax: Axes
    xy: tuple[float, float]  # the bubble's centre in data coordinates
    measured: tuple[float, float, float] | None = None  # (pixels a point, width, height) of the label


class Bubble(NamedTuple):
    """One outcome's bubble as drawn: its axes, centre (data coordinates), area (points squared), RGBA colour."""

    ax: Axes
    xy: tuple[float, float]
    area: float
    colour: tuple[float, float, float, float]


def _draw_bubbles(ax: Axes, placed: list[tuple[OutcomeMapPoint, float]], areas: dict[str, float]) -> list[_Label]:
    """One scatter per axes, largest bubbles first so that small ones stay on top; a label for each."""
    placed = sorted(placed, key=lambda item: -areas[item[0].key])
    if not placed:
        return []
    scatter = ax.scatter(
        [x for _p, x in placed],
        [p.confidence for p, _x in placed],
        s=[areas[p.key] for p, _x in placed],
        c=[CATEGORY_COLOURS[p.category] for p, _x in placed],
        alpha=0.85,
        edgecolors="white",
        linewidths=1.5,
        zorder=2,
    )
    scatter.set_gid("bubbles")
    labels = []
    for index, (p, x) in enumerate(placed):
        annotation = ax.annotate(
            p.key,
            (x, p.confidence),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=KEY_LABEL_SIZE,
            fontweight="bold",
            color=_TEXT,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
            annotation_clip=False,
        )
        annotation.set_gid(f"label:{p.key}")
        annotation.set_in_layout(False)
        leader = Line2D(
            [], [], transform=IdentityTransform(), color=_LEADER, linewidth=1.2, zorder=3, visible=False, clip_on=False
        )
        leader.set_gid(f"leader:{p.key}")
        leader.set_in_layout(False)
        ax.add_artist(leader)
        labels.append(_Label(p.key, annotation, scatter, index, areas[p.key], leader, ax, (x, p.confidence)))
    return labels


def size_note(max_dots: int | None) -> str:
    if max_dots is None:
        return "dots hidden: every bubble the same size"
    return f"bubble area: outcome dots (the most: {max_dots})"


class _FitToSize:
    """Fits the legend and the strip to the figure's size, at build time and whenever an embedding canvas
    resizes it: the legend below the chart in as many columns as the width holds, the strip no narrower than
    its title."""

    MAX_COLUMNS = 5
    STRIP_MIN_INCHES = 1.5  # "No value yet" at its size
    AXIS_INCHES = 1.4  # the confidence axis: its label and ticks

    def __init__(self, fig: Figure, data: OutcomeMapData, max_dots: int | None, grid: GridSpec | None) -> None:
        self.fig = fig
        self.grid = grid
        self.strip_share = _strip_share(len(data.unvalued))
        self.titles = (f"Colour: category · {size_note(max_dots)}", f"Colour: category\n{size_note(max_dots)}")
        shown = {p.category for p in data.outcomes}
        self.handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=14,
                markerfacecolor=CATEGORY_COLOURS[c],
                markeredgecolor="white",
                alpha=0.85,
                label=category_title(c),
            )
            for c in OutcomeCategory
            if c in shown
        ]
        self.legend: Legend | None = None
        self.size = (-1.0, -1.0)
        self.fit()

    def fit(self) -> None:
        width, height = (float(v) for v in self.fig.get_size_inches())
        if (width, height) == self.size:
            return
        self.size = (width, height)
        self._fit_legend()
        if self.grid is not None:
            room = max(width - self.AXIS_INCHES, 1.0)
            strip = min(max(self.strip_share * room, self.STRIP_MIN_INCHES), 0.4 * room)
            self.grid.set_width_ratios((room - strip, strip))

    def _fit_legend(self) -> None:
        for title in self.titles:
            for ncols in range(min(len(self.handles), self.MAX_COLUMNS), 0, -1):
                self._show(ncols, title)
                assert self.legend is not None
                if self.legend.get_window_extent().width <= 0.96 * self.fig.bbox.width:
                    return

    def _show(self, ncols: int, title: str) -> None:
        if self.legend is not None:
            self.legend.remove()
        n = len(self.handles)
        # matplotlib fills a legend column by column; this order reads row by row, in the method's order.
        handles = [self.handles[i] for c in range(ncols) for i in range(c, n, ncols)]
        self.legend = self.fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=ncols,
            fontsize=LEGEND_SIZE,
            frameon=False,
            title=title,
            title_fontsize=LEGEND_SIZE,
            handletextpad=0.3,
            columnspacing=1.2,
        )


# -- label placement ---------------------------------------------------------------------------------

#: Points between a bubble's edge and its label, and the clearance a label keeps from everything else.
_GAP = 6.0
_CLEARANCE = 3.0
#: Right, above, left, below, then the diagonals; at each distance in turn, the further ones with a leader line.
_DIRECTIONS = ((1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, 1), (-1, -1), (1, -1))
_RINGS = (0.0, 14.0, 30.0, 50.0, 75.0, 105.0, 140.0)
#: On a figure smaller than FIGURE_SIZE the bubbles shrink with it, down to this share of their width.
_MIN_BUBBLE_SCALE = 0.45


def _candidates() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every place to try, in order: the direction (dx, dy), the unit vector, and the ring."""
    dirs = np.array([d for _ring in _RINGS for d in _DIRECTIONS], dtype=float)
    rings = np.array([ring for ring in _RINGS for _d in _DIRECTIONS])
    units = dirs / np.hypot(dirs[:, 0], dirs[:, 1])[:, None]
    return dirs, units, rings


_DIRS, _UNITS, _RING_OF = _candidates()


def bubble_scale(fig: Figure) -> float:
    """How much narrower bubbles are drawn on a figure smaller than FIGURE_SIZE (1: not at all)."""
    width, height = fig.get_size_inches()
    return max(_MIN_BUBBLE_SCALE, min(1.0, width / FIGURE_SIZE[0], height / FIGURE_SIZE[1]))


def _costs(boxes: np.ndarray, frame: Bbox, taken: np.ndarray, circles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate box (rows of x0, y0, x1, y1): how far it leaves the frame or covers placed labels
    (a place that must not be taken), and how far bubbles (rows of cx, cy, r) reach into it (one best avoided)."""
    x0, y0, x1, y1 = boxes.T
    hard = (
        np.maximum(0, frame.x0 - x0)
        + np.maximum(0, x1 - frame.x1)
        + np.maximum(0, frame.y0 - y0)
        + np.maximum(0, y1 - frame.y1)
    )
    if len(taken):
        w = np.minimum(x1[:, None], taken[None, :, 2]) - np.maximum(x0[:, None], taken[None, :, 0])
        h = np.minimum(y1[:, None], taken[None, :, 3]) - np.maximum(y0[:, None], taken[None, :, 1])
        hard = hard + (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)
    soft = np.zeros(len(boxes))
    if len(circles):
        cx, cy, r = circles[None, :, 0], circles[None, :, 1], circles[None, :, 2]
        nx = np.clip(cx, x0[:, None], x1[:, None])
        ny = np.clip(cy, y0[:, None], y1[:, None])
        soft = np.clip(r - np.hypot(cx - nx, cy - ny), 0, None).sum(axis=1)
    return hard, soft


def place_labels(labels: Sequence[_Label], renderer: RendererBase) -> None:
    """Each label, in order, takes the first place around its bubble that stays inside its axes and touches
    no bubble and no label placed before it; where none is free, the place inside that covers bubbles least.
    A label with no place inside that covers no other label is left out: on a map too crowded for every key
    (hundreds of outcomes), the first in order keep theirs."""
    if not labels:
        return
    px = renderer.points_to_pixels(1.0)
    clear = _CLEARANCE * px
    scale = bubble_scale(labels[0].ax.get_figure(root=True))  # type: ignore[arg-type]
    radii = [math.sqrt(lab.area) / 2 * scale for lab in labels]
    for scatter in {id(lab.bubbles): lab.bubbles for lab in labels}.values():
        mine = sorted((lab.index, lab.area) for lab in labels if lab.bubbles is scatter)
        scatter.set_sizes([area * scale**2 for _i, area in mine])
    centres = np.array([lab.ax.transData.transform(lab.xy) for lab in labels]).reshape(-1, 2)
    circles_of = {
        id(ax): np.array([(*centres[i], radii[i] * px) for i, lab in enumerate(labels) if lab.ax is ax])
        for ax in {lab.ax for lab in labels}
    }
    taken = np.empty((0, 4))
    for i, lab in enumerate(labels):
        ann, radius, centre = lab.annotation, radii[i], centres[i]
        if lab.measured is None or lab.measured[0] != px:  # the size of a text changes with the dpi alone
            ann.set_visible(True)
            extent = ann.get_window_extent(renderer)
            lab.measured = (px, extent.width, extent.height)
        width, height = lab.measured[1] + 2 * clear, lab.measured[2] + 2 * clear
        # The anchor of each candidate, then its box (clearance included) aligned away from the bubble.
        reach = ((radius + _GAP + _RING_OF) * px)[:, None]
        anchors = centre + _UNITS * reach - _DIRS * clear
        x0 = anchors[:, 0] - width * (1 - _DIRS[:, 0]) / 2
        y0 = anchors[:, 1] - height * (1 - _DIRS[:, 1]) / 2
        boxes = np.column_stack([x0, y0, x0 + width, y0 + height])
        hard, soft = _costs(boxes, lab.ax.bbox, taken, circles_of[id(lab.ax)])
        allowed = np.flatnonzero(hard <= 0)
        ann.set_visible(len(allowed) > 0)
        if not len(allowed):
            lab.leader.set_visible(False)
            continue
        free = allowed[soft[allowed] <= 0]
        best = int(free[0]) if len(free) else int(allowed[np.argmin(soft[allowed])])
        dx, dy = int(_DIRS[best, 0]), int(_DIRS[best, 1])
        unit, ring = _UNITS[best], float(_RING_OF[best])
        ann.set_horizontalalignment({1: "left", 0: "center", -1: "right"}[dx])
        ann.set_verticalalignment({1: "bottom", 0: "center", -1: "top"}[dy])
        ann.xyann = tuple(unit * (radius + _GAP + ring))
        edge = centre + unit * radius * px
        near = centre + unit * (radius + _GAP + ring - 1) * px
        lab.leader.set_data([edge[0], near[0]], [edge[1], near[1]])
        lab.leader.set_visible(ring > 0)
        taken = np.vstack([taken, boxes[best]])


class _LabelPlacer(Artist):
    """Scales the bubbles and places the labels at every draw, once the layout is done and before the axes draw
    them: so they stay apart at whatever size the figure is shown or saved."""

    def __init__(self, labels: list[_Label]) -> None:
        super().__init__()
        self.labels = labels
        self.set_zorder(-1000)  # before the axes (zorder 0)
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        place_labels(self.labels, renderer)
        self.stale = False


def _labels_of(fig: Figure) -> list[_Label]:
    return [lab for a in fig.artists if isinstance(a, _LabelPlacer) for lab in a.labels]


def key_labels(fig: Figure) -> dict[str, Annotation]:
    """The key label of every outcome on a map, by key (hidden where the map had no room for it)."""
    return {lab.key: lab.annotation for lab in _labels_of(fig)}


def bubbles(fig: Figure) -> dict[str, Bubble]:
    """The bubble of every outcome on a map, by key, as last drawn."""
    found = {}
    for lab in _labels_of(fig):
        x, y = lab.bubbles.get_offsets()[lab.index]
        r, g, b, a = lab.bubbles.get_facecolor()[lab.index]
        area = lab.bubbles.get_sizes()[lab.index]
        found[lab.key] = Bubble(lab.ax, (float(x), float(y)), float(area), (float(r), float(g), float(b), float(a)))
    return found


# -- saving ------------------------------------------------------------------------------------------


def save_png(fig: Figure, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Write the figure as a PNG through a temporary file in the same folder, so an old file stays whole until
    the new one is complete; a target that cannot be written raises ChartWriteError naming it."""
    path = Path(path)
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi if dpi is not None else fig.dpi, facecolor=fig.get_facecolor())
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ChartWriteError(f"Cannot save the chart as {path}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ChartWriteError(
            f"Cannot save the chart as {path}: {exc.strerror or exc}; an old file there is unchanged."
        ) from exc
    return path

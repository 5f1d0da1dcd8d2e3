"""Charts as pure functions ``figure_for_x(data) -> Figure``: the stage pages embed them, the exports reuse them.

matplotlib's object API only: never pyplot (no global figure state, no GUI backend), no Qt. This module
imports matplotlib at its top, so nothing imported at start-up may import it. Where the
key labels go is worked out in ``workshop.export.labels``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter
from matplotlib.transforms import IdentityTransform

from workshop.atomic import WriteError, atomic_write_bytes
from workshop.domain.enums import CATEGORY_TITLES, OutcomeCategory
from workshop.domain.reports import (
    OutcomeMapData,
    OutcomeMapPoint,
    RankingChartData,
    SiloHeatmapData,
    StabilityChartData,
)
from workshop.domain.resilience_charts import KindShareData, OwnerRiskData, RelianceHeatmapData
from workshop.domain.timeline import TimelineData
from workshop.export.labels import Bubble as Bubble  # re-exported: reading a drawn map goes with the map
from workshop.export.labels import KeyLabel, LabelPlacer
from workshop.export.labels import bubbles as bubbles
from workshop.export.labels import key_labels as key_labels
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


def message_figure(fig: Figure, text: str) -> Figure:
    """A figure that says, in the middle and in large type, why there is nothing to draw."""
    fig.text(0.5, 0.5, text, ha="center", va="center", fontsize=MESSAGE_SIZE, color=_SUBTLE)
    return fig


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
        message_figure(fig, EMPTY_MESSAGE)
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
    fig.add_artist(LabelPlacer(labels, FIGURE_SIZE))
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


def _draw_bubbles(ax: Axes, placed: list[tuple[OutcomeMapPoint, float]], areas: dict[str, float]) -> list[KeyLabel]:
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
        labels.append(KeyLabel(p.key, annotation, scatter, index, areas[p.key], leader, ax, (x, p.confidence)))
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


# -- saving ------------------------------------------------------------------------------------------


def save_png(fig: Figure, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Write the figure as a PNG through the app's atomic writer, so an old file stays whole until the new one is
    complete; a target that cannot be written raises ChartWriteError naming it."""
    path = Path(path)
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi if dpi is not None else fig.dpi, facecolor=fig.get_facecolor())
    try:
        atomic_write_bytes(path, buffer.getvalue())
    except WriteError as exc:
        cause = exc.__cause__
        reason = getattr(cause, "strerror", None) or cause or exc
        raise ChartWriteError(f"Cannot save the chart as {path}: {reason}; an old file there is unchanged.") from exc
    return path


# -- the silo heatmap (its own module, workshop.export.heatmap) ----------------------------------------------


def figure_for_silo_heatmap(data: SiloHeatmapData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Outcomes by departments, shaded by the strongest role each department holds; built in
    ``workshop.export.heatmap``, which reads this module's sizes (hence the import at the call)."""
    from workshop.export.heatmap import figure_for_silo_heatmap as build

    return build(data, dpi=dpi)


def figure_for_stability(data: StabilityChartData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Each criterion's stability interval as a tornado; built in ``workshop.export.channel_charts``."""
    from workshop.export.channel_charts import figure_for_stability as build

    return build(data, dpi=dpi)


def figure_for_ranking(data: RankingChartData, *, dpi: float = FIGURE_DPI) -> Figure:
    """An outcome's channels by score, incomplete ones set apart, chosen roles marked; built in
    ``workshop.export.channel_charts``."""
    from workshop.export.channel_charts import figure_for_ranking as build

    return build(data, dpi=dpi)


def figure_for_owner_risk(data: OwnerRiskData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Each owner's demise by value at risk, the highest first; built in ``workshop.export.resilience_charts``."""
    from workshop.export.resilience_charts import figure_for_owner_risk as build

    return build(data, dpi=dpi)


def figure_for_reliance_heatmap(data: RelianceHeatmapData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Outcomes by chosen channels, shaded in each kind's colour by reliance; built in
    ``workshop.export.resilience_charts``."""
    from workshop.export.resilience_charts import figure_for_reliance_heatmap as build

    return build(data, dpi=dpi)


def figure_for_kind_shares(data: KindShareData, *, dpi: float = FIGURE_DPI) -> Figure:
    """The portfolio's reliance per kind of channel; built in ``workshop.export.resilience_charts``."""
    from workshop.export.resilience_charts import figure_for_kind_shares as build

    return build(data, dpi=dpi)


def figure_for_timeline(data: TimelineData, *, dpi: float = FIGURE_DPI) -> Figure:
    """The plan's actions by due date, one lane per owner, coloured by status, the undated ones listed apart; built
    in ``workshop.export.timeline_chart``."""
    from workshop.export.timeline_chart import figure_for_timeline as build

    return build(data, dpi=dpi)

"""The channel stage's charts as pure Figures: the stability tornado and an outcome's ranking.

matplotlib's object API only, no pyplot, no Qt; ``workshop.export.charts`` re-exports the builders with the
other charts and holds the sizes every chart shares (read from six metres).
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from workshop.domain.enums import ChannelKind
from workshop.domain.formulas import SENSITIVITY_FACTORS
from workshop.domain.reports import RankingChartData, StabilityChartData
from workshop.export.charts import (
    _GRID,
    _SUBTLE,
    _TEXT,
    AXIS_LABEL_SIZE,
    FIGURE_DPI,
    FIGURE_SIZE,
    KEY_LABEL_SIZE,
    LEGEND_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    message_figure,
)
from workshop.export.palette import CHANNEL_KIND_COLOURS

#: The stability axis runs over these multiples of each weight now (log scale); beyond them an end is drawn open.
RATIO_RANGE = (0.1, 10.0)
RATIO_TICKS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0)
NO_CANDIDATES = "Fewer than two complete candidates: nothing can flip yet"
NO_SCORES = "No channel scored for this outcome yet"
_BAR = "#7A7A7A"
_SENSITIVE_BAR = "#946500"  # the warning's text colour: W_SENSITIVE
_BAND = "#EDEDED"
_ROLE_MARKS = {"primary": "PRIMARY", "supporting": "supporting", "fallback": "fallback"}


def _axes(fig: Figure) -> object:
    """The plot area, laid out by matplotlib's constrained layout around the names, the title, the axis label and
    the legend below: nothing overlaps or is cut, on a short pane (a 1280x720 window) as on the projector."""
    fig.set_layout_engine("constrained", h_pad=0.08, w_pad=0.12)
    return fig.add_subplot()


def _ratio_tick(value: float) -> str:
    return f"×{value:g}"


def figure_for_stability(data: StabilityChartData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Each criterion's stability interval as a bar over the multiples of its weight now (1 = as weighted, log
    scale), the narrowest first; the band of the sensitivity check (×0.8 to ×1.2) shaded: a bar that does not
    cover the band is a criterion the ranking is sensitive to (drawn in the warning's colour)."""
    fig = Figure(figsize=FIGURE_SIZE, dpi=dpi)
    fig.suptitle(f"{data.key}: how far each weight may move", fontsize=TITLE_SIZE, color=_TEXT)
    if data.first is None or not data.bars:
        return message_figure(fig, NO_CANDIDATES)
    ax = _axes(fig)
    low_edge, high_edge = RATIO_RANGE
    ax.set_xscale("log")
    ax.set_xlim(low_edge, high_edge)
    ax.axvspan(SENSITIVITY_FACTORS[0], SENSITIVITY_FACTORS[1], color=_BAND, zorder=0)
    ax.axvline(1.0, color=_TEXT, linewidth=2, zorder=3)
    rows = list(reversed(data.bars))  # the narrowest at the top
    for y, bar in enumerate(rows):
        low = max(bar.low / bar.weight, low_edge) if bar.low is not None else low_edge
        high = min(bar.high / bar.weight, high_edge) if bar.high is not None else high_edge
        colour = _SENSITIVE_BAR if bar.sensitive else _BAR
        ax.barh(y, high - low, left=low, height=0.55, color=colour, zorder=2)
        for end, value, outward in ((bar.low, low, "right"), (bar.high, high, "left")):
            if end is None or end / bar.weight <= low_edge or end / bar.weight >= high_edge:
                # An open end (or one off the axis) is said inside the bar, clear of the names beside the axis.
                inward = "left" if outward == "right" else "right"
                pad = 1.08 if inward == "left" else 0.93
                text = "no limit" if end is None else f"{end:.1f}"
                ax.text(value * pad, y, text, ha=inward, va="center", fontsize=KEY_LABEL_SIZE - 2, color="white",
                        zorder=4)  # fmt: skip
                continue
            pad = 0.93 if outward == "right" else 1.07
            ax.text(value * pad, y, f"{end:.1f}", ha=outward, va="center", fontsize=KEY_LABEL_SIZE - 1, color=_TEXT)
    ax.set_yticks(range(len(rows)), [f"{b.criterion} ({b.weight:g})" for b in rows], fontsize=TICK_SIZE)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.xaxis.set_major_locator(FixedLocator(list(RATIO_TICKS)))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([_ratio_tick(t) for t in RATIO_TICKS], fontsize=TICK_SIZE)
    ax.set_xlabel("the weight, as a multiple of what it is now", fontsize=AXIS_LABEL_SIZE)
    ax.grid(axis="x", color=_GRID, zorder=1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{data.first} stays first while each weight stays inside its bar", fontsize=AXIS_LABEL_SIZE,
                 color=_SUBTLE, pad=14, wrap=True)  # fmt: skip
    fig.legend(
        handles=[
            Patch(color=_BAR, label="stays first"),
            Patch(color=_SENSITIVE_BAR, label="sensitive: a fifth either way flips it"),
            Patch(color=_BAND, label="×0.8 to ×1.2"),
        ],
        loc="outside lower center", ncols=3, fontsize=LEGEND_SIZE, frameon=False,
    )  # fmt: skip
    return fig


def figure_for_ranking(data: RankingChartData, *, dpi: float = FIGURE_DPI) -> Figure:
    """An outcome's scored channels by score (0-100), coloured by kind; the incomplete ones set apart below a
    line and hatched; the chosen roles written at the bar's end."""
    fig = Figure(figsize=FIGURE_SIZE, dpi=dpi)
    fig.suptitle(f"{data.key}  {data.title}", fontsize=TITLE_SIZE, color=_TEXT)
    if not data.bars:
        return message_figure(fig, NO_SCORES)
    ax = _axes(fig)
    rows = list(reversed(data.bars))
    for y, bar in enumerate(rows):
        colour = CHANNEL_KIND_COLOURS[ChannelKind(bar.kind)]
        ax.barh(y, bar.score, height=0.6, color=colour if bar.complete else "white", edgecolor=colour,
                hatch=None if bar.complete else "//", linewidth=2, zorder=2)  # fmt: skip
        label = f"{bar.score:.0f}" + ("" if bar.complete else "  incomplete")
        if bar.role is not None:
            label += f"  · {_ROLE_MARKS[bar.role]}"
        ax.text(bar.score + 1, y, label, va="center", fontsize=KEY_LABEL_SIZE, color=_TEXT,
                fontweight="bold" if bar.role == "primary" else "normal")  # fmt: skip
    incomplete = sum(not b.complete for b in data.bars)
    if 0 < incomplete < len(data.bars):
        ax.axhline(incomplete - 0.5, color=_SUBTLE, linestyle="--", linewidth=1.5)
    ax.set_yticks(range(len(rows)), [b.channel for b in rows], fontsize=TICK_SIZE)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.tick_params(axis="x", labelsize=TICK_SIZE)
    ax.set_xlabel("score (0-100)", fontsize=AXIS_LABEL_SIZE)
    ax.grid(axis="x", color=_GRID, zorder=1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    kinds = list(dict.fromkeys(b.kind for b in data.bars))
    fig.legend(handles=[Patch(color=CHANNEL_KIND_COLOURS[ChannelKind(k)], label=k) for k in kinds],
               loc="outside lower center", ncols=len(kinds), fontsize=LEGEND_SIZE, frameon=False)  # fmt: skip
    return fig

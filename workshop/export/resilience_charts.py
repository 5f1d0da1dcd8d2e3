"""The resilience stage's charts as pure Figures: value at risk by owner, the reliance heatmap, the share by kind.

matplotlib's object API only, no pyplot, no Qt; ``workshop.export.charts`` re-exports the builders with the other
charts and holds the sizes every chart shares (read from six metres). An embedding canvas resizes a figure to its
pane, so each figure fits its labels again on ``resize_event``: nothing cut or overlapping, on a laptop pane as on
the projector.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from workshop.domain.enums import ChannelKind, Severity
from workshop.domain.resilience_charts import KindShareData, OwnerRiskBar, OwnerRiskData, RelianceHeatmapData
from workshop.export.channel_charts import _BAR
from workshop.export.charts import (
    _GRID,
    _SUBTLE,
    _TEXT,
    AXIS_LABEL_SIZE,
    EMPTY_MESSAGE,
    FIGURE_DPI,
    FIGURE_SIZE,
    KEY_LABEL_SIZE,
    LEGEND_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    message_figure,
    money_tick,
)
from workshop.export.heatmap import _ordinal, row_step, shorten
from workshop.export.heatmap import silo_share_text as percent_text
from workshop.export.palette import CHANNEL_KIND_COLOURS, SEVERITY_TEXT_COLOURS, text_colour_on

OWNER_RISK_TITLE = "Value at risk if an owner goes away"
HEATMAP_TITLE = "What each outcome relies on"
KIND_SHARES_TITLE = "Where the reliance sits, by kind of channel"
KIND_SHARES_AXIS = "share of the outcomes' reliance, each outcome weighted by its value"
NO_CHOICE_MESSAGE = "No channel chosen yet: nothing depends on a platform"
NO_OWNER_MESSAGE = "Every chosen channel runs on your own infrastructure: no owner can take one away"
ONLY_FALLBACKS_MESSAGE = "Only fallbacks chosen yet: no outcome relies on a channel"
#: W_STRANDED is a warning: an owner whose demise strands an outcome takes the warning's text colour.
STRANDS_COLOUR = SEVERITY_TEXT_COLOURS[Severity.WARNING]
FALLBACK_MARK = "F"
NO_CHANNEL_ROW = "no channel chosen yet"
HEATMAP_LEGEND_TITLES = (
    "Colour: the channel's kind · the darker, the more the outcome relies on it",
    "Colour: kind · darker: relied on more",
)
#: Owner names and their channels are cut to this many characters.
NAME_CHARS = 34
#: At most this many owners get a bar (the highest); the rest are counted below the chart.
MAX_OWNER_BARS = 14
#: A chosen cell is never paler than this tint, so that 5% still reads as chosen; 100% is the kind's full colour.
MIN_TINT = 0.15
#: Row titles at the full width of the figure; shorter on a narrow pane, none below MIN_TITLE_CHARS.
TITLE_CHARS, MIN_TITLE_CHARS = 40, 20
#: Channel names at the full height of the figure; shorter on a low pane, never below MIN_COLUMN_CHARS.
COLUMN_CHARS, MIN_COLUMN_CHARS = 26, 12
#: Neighbouring row labels at least this many times their type's size apart (the height of a line of it), and
#: slanted column names' baselines this many; else every n-th is labelled.
ROW_SPACING, COLUMN_SPACING = 1.17, 1.1
#: Cell labels are written at the largest of these sizes that fits the cells, or not at all.
CELL_LABEL_SIZES = (KEY_LABEL_SIZE, 14, 12)
#: Cells are labelled only while there are at most this many rows and columns (35-point cells on a large screen).
MAX_LABELLED = 40
#: The bar charts have few bars: their names and values a size up, for the back of the room.
BAR_NAME_SIZE, BAR_LABEL_SIZE = TICK_SIZE + 2, KEY_LABEL_SIZE + 2
_GAP_POINTS = 6.0
_NAME_PAD = 6.0
_STRIP_POINTS = 9.0
_CELL_LINE = "#CFCFCF"
_SLANT = 40


def _figure(dpi: float, title: str) -> Figure:
    fig = Figure(figsize=FIGURE_SIZE, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)  # a renderer for measuring labels; an embedding canvas replaces it
    fig.set_layout_engine("constrained", h_pad=0.08, w_pad=0.12)
    heading = fig.suptitle(title, fontsize=TITLE_SIZE, color=_TEXT)
    _on_resize(fig, lambda: _wrap(fig, heading, title, 0.96 * fig.bbox.width))
    return fig


def _message(fig: Figure, text: str) -> Figure:
    """The message figure, broken into lines that fit its width, so that a long sentence stays whole on a narrow
    pane."""
    message_figure(fig, text)
    message = fig.texts[-1]
    _on_resize(fig, lambda: _wrap(fig, message, text, 0.9 * fig.bbox.width))
    return fig


def _wrap(fig: Figure, artist: Text, text: str, width: float) -> None:
    """``text`` broken between words into lines no wider than ``width`` pixels (a word wider stays whole). Done
    here rather than by matplotlib's ``wrap``, which the layout does not see: a wrapped title would overlap."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    lines: list[str] = []
    for word in text.split(" "):
        if lines:
            artist.set_text(f"{lines[-1]} {word}")
            if artist.get_window_extent(renderer).width <= width:
                lines[-1] = f"{lines[-1]} {word}"
                continue
        lines.append(word)
    artist.set_text("\n".join(lines))


def _wrap_titles(fig: Figure, ax: Axes, title: str, xlabel: str) -> None:
    """The axes' title and axis label in as many lines as the plot's width needs, at this size."""
    _lay_out(fig)
    width = ax.get_window_extent().width
    _wrap(fig, ax.title, title, width)
    _wrap(fig, ax.xaxis.label, xlabel, width)


def _on_resize(fig: Figure, fit: Callable[[], None]) -> None:
    fit()
    fig.canvas.mpl_connect("resize_event", lambda _event: fit())  # the registry travels with the figure


def _lay_out(fig: Figure) -> None:
    """Place the plot as it will be drawn (constrained layout), to measure it, without drawing the cells."""
    engine = fig.get_layout_engine()
    assert engine is not None
    engine.execute(fig)


def _points(fig: Figure, pixels: float) -> float:
    return pixels * 72 / fig.dpi


def _bar_axes(fig: Figure, gid: str, values: Sequence[float], colours: Sequence[str]) -> Axes:
    """Horizontal bars, the first value at the bottom, on a plain value axis; titles are set when fitted."""
    ax = fig.add_subplot()
    ax.set_gid(gid)
    for y, (value, colour) in enumerate(zip(values, colours, strict=True)):
        ax.barh(y, value, height=0.62, color=colour, zorder=2)
    ax.set_ylim(-0.6, len(values) - 0.4)
    ax.grid(axis="x", color=_GRID, zorder=1)
    ax.tick_params(axis="both", labelsize=TICK_SIZE, colors=_TEXT)
    ax.tick_params(axis="y", length=0, labelsize=BAR_NAME_SIZE)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("", fontsize=AXIS_LABEL_SIZE, color=_TEXT)
    ax.set_title("", fontsize=AXIS_LABEL_SIZE, color=_SUBTLE, pad=14)
    return ax


def _bar_labels(ax: Axes, values: Sequence[float], labels: Sequence[str], bold: Sequence[bool]) -> list[Annotation]:
    """A label just past each bar's end; left out of the layout, the axis's range makes room for it instead."""
    found = []
    for y, (value, label, strong) in enumerate(zip(values, labels, bold, strict=True)):
        note = ax.annotate(label, (value, y), xytext=(_GAP_POINTS, 0), textcoords="offset points", va="center",
                           fontsize=BAR_LABEL_SIZE, color=_TEXT, fontweight="bold" if strong else "normal",
                           annotation_clip=False)  # fmt: skip
        note.set_in_layout(False)
        found.append(note)
    return found


def _fit_range(fig: Figure, ax: Axes, values: Sequence[float], notes: Sequence[Annotation]) -> None:
    """The value axis just long enough that every label past its bar ends inside the plot, at this size (twice: the
    new range's last tick may move the plot's edge)."""
    top = max(values, default=0.0) or 1.0
    for _ in range(2):
        _lay_out(fig)
        width = ax.get_window_extent().width
        gap = _GAP_POINTS * fig.dpi / 72
        right = top * 1.02
        for value, note in zip(values, notes, strict=True):
            room = width - gap - note.get_window_extent().width
            right = max(right, value * width / room if room > 0 else 3 * top)
        ax.set_xlim(0, right)


def _share_tick(value: float, _pos: object = None) -> str:
    return "" if value > 1 + 1e-9 else f"{value * 100:.0f}%"


def _fit_legend(fig: Figure, variants: Sequence[tuple[Sequence[Patch], str | None]]) -> None:
    """The legend below the chart in as few rows as the figure's width holds, in the first of its variants (handles
    and title, the fullest first) that fits in that many (again on resize)."""
    for legend in list(fig.legends):
        legend.remove()
    most = max(len(handles) for handles, _title in variants)
    for ncols in range(most, 0, -1):
        for handles, title in variants:
            # matplotlib fills a legend column by column; this order reads row by row.
            ordered = [handles[i] for c in range(ncols) for i in range(c, len(handles), ncols)]
            legend = fig.legend(handles=ordered, loc="outside lower center", ncols=min(ncols, len(handles)),
                                fontsize=LEGEND_SIZE, frameon=False, title=title, title_fontsize=LEGEND_SIZE,
                                columnspacing=1.4)  # fmt: skip
            if legend.get_window_extent().width <= 0.96 * fig.bbox.width or ncols == 1:
                return
            legend.remove()


# -- value at risk by owner ----------------------------------------------------------------------------


def _money(value: float, currency: str) -> str:
    return f"{money_tick(value)} {currency}".rstrip()


def _owner_subtitle(data: OwnerRiskData) -> str:
    worst = data.worst
    assert worst is not None and data.resilience_score is not None
    score = f"Resilience score {data.resilience_score:.0f}"
    if worst.value_at_risk <= 0:
        return f"{score}: no owner's demise puts any outcome at risk"
    what = "value" if data.valued else "outcomes"
    return f"{score}: if {worst.owner} went, {percent_text(worst.share)} of the portfolio's {what} would be at risk"


def _owner_axis_label(data: OwnerRiskData) -> str:
    if not data.valued:
        return "share of the outcomes at risk (no outcome is valued yet: each weighs the same)"
    label = f"expected annual value at risk ({data.currency})" if data.currency else "expected annual value at risk"
    if data.unvalued:
        unvalued = "the unvalued outcome" if data.unvalued == 1 else f"the {data.unvalued} unvalued outcomes"
        label += f"; {unvalued} counted at the mean value"
    return label


def figure_for_owner_risk(data: OwnerRiskData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Each owner's demise (all its channels at once) by value at risk, the highest at the top: money when the
    outcomes are valued, else shares of the portfolio. The owners whose demise strands an outcome take the
    warning's colour; the first bar is the one the resilience score is made of."""
    fig = _figure(dpi, OWNER_RISK_TITLE)
    if not data.outcomes:
        return _message(fig, EMPTY_MESSAGE)
    if not data.chosen:
        return _message(fig, NO_CHOICE_MESSAGE)
    if not data.bars:
        return _message(fig, NO_OWNER_MESSAGE)
    rows = list(reversed(data.bars[:MAX_OWNER_BARS]))  # the highest at the top
    values = [b.value_at_risk if data.valued else b.share for b in rows]
    ax = _bar_axes(fig, "owner-risk", values, [STRANDS_COLOUR if b.stranded else _BAR for b in rows])
    notes = _bar_labels(ax, values, [owner_label(data, bar) for bar in rows], [bar is data.worst for bar in rows])
    ax.xaxis.set_major_formatter(FuncFormatter(money_tick if data.valued else _share_tick))
    if len(data.bars) > MAX_OWNER_BARS:
        rest = len(data.bars) - MAX_OWNER_BARS
        ax.set_ylabel(f"the {MAX_OWNER_BARS} highest of {len(data.bars)} owners ({rest} more below)",
                      fontsize=TICK_SIZE, color=_SUBTLE)  # fmt: skip
    legends = [  # the full sentence, or short words on a narrow pane
        ([Patch(color=_BAR, label="strands no outcome"),
          Patch(color=STRANDS_COLOUR, label="strands an outcome: no channel and no fallback left")], None),
        ([Patch(color=_BAR, label="strands none"), Patch(color=STRANDS_COLOUR, label="strands an outcome")], None),
    ]  # fmt: skip

    below: list[Annotation] = []

    def fit() -> None:
        _fit_legend(fig, legends)
        _wrap_titles(fig, ax, _owner_subtitle(data), _owner_axis_label(data))
        _label_owners(fig, ax, rows, notes, below)
        _fit_range(fig, ax, values, notes)

    _on_resize(fig, fit)
    return fig


def owner_label(data: OwnerRiskData, bar: OwnerRiskBar) -> str:
    """What an owner's bar says at its end: "146k EUR · 14% · strands O3", or the share alone when unvalued."""
    label = f"{_money(bar.value_at_risk, data.currency)} · {percent_text(bar.share)}" if data.valued else ""
    label = label or percent_text(bar.share)
    return label + (" · strands " + ", ".join(bar.stranded) if bar.stranded else "")


def _size_rows(fig: Figure, ax: Axes, notes: Sequence[Annotation]) -> tuple[float, float]:
    """A bar chart's names and labels a size up while its rows are tall enough, else smaller (never under 12
    points); returns the names' size and the height of a row, in points."""
    _lay_out(fig)
    row = _points(fig, ax.get_window_extent().height) / max(len(notes), 1)
    size = next((s for s in (BAR_NAME_SIZE, TICK_SIZE, 13, 12) if row >= 1.3 * s), 12)
    ax.tick_params(axis="y", labelsize=size)
    for note in notes:
        note.set_fontsize(size + BAR_LABEL_SIZE - BAR_NAME_SIZE)
    return size, row


def _label_owners(
    fig: Figure, ax: Axes, rows: Sequence[OwnerRiskBar], notes: Sequence[Annotation], below: list[Annotation]
) -> None:
    """Each owner, and under it in grey the chosen channels it runs, when the rows are tall enough for two lines."""
    while below:
        below.pop().remove()
    size, row = _size_rows(fig, ax, notes)
    two_lines = row >= 2.6 * size
    ax.set_yticks(range(len(rows)), [shorten(b.owner, NAME_CHARS) for b in rows], va="bottom" if two_lines else
                  "center", fontsize=size)  # fmt: skip
    ax.tick_params(axis="y", pad=_NAME_PAD)
    if not two_lines:
        return
    for y, bar in enumerate(rows):
        note = ax.annotate(shorten(", ".join(bar.channels), NAME_CHARS), (0, y), xycoords=ax.get_yaxis_transform(),
                           xytext=(-_NAME_PAD, -2), textcoords="offset points", ha="right", va="top",
                           fontsize=min(TICK_SIZE, size), color=_SUBTLE, annotation_clip=False)  # fmt: skip
        note.set_gid(f"channels:{bar.owner}")
        below.append(note)


# -- the reliance heatmap ------------------------------------------------------------------------------


def tint(kind: ChannelKind, reliance: float) -> str:
    """A cell's fill: white blended toward the kind's colour by the reliance (at least MIN_TINT when chosen)."""
    if reliance <= 0:
        return "#ffffff"
    strength = MIN_TINT + (1 - MIN_TINT) * min(reliance, 1.0)
    colour = to_rgb(CHANNEL_KIND_COLOURS[kind])
    return to_hex(tuple(1 - strength * (1 - c) for c in colour))


def figure_for_reliance_heatmap(data: RelianceHeatmapData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Outcomes as rows, chosen channels as columns: each cell shaded in its channel kind's colour as strongly as
    the outcome relies on the channel and labelled with the share; a fallback marked F; a strip of the kind's full
    colour along the foot of each column."""
    fig = _figure(dpi, HEATMAP_TITLE)
    if not data.keys:
        return _message(fig, EMPTY_MESSAGE)
    if not data.columns:
        return _message(fig, NO_CHOICE_MESSAGE)
    ax = fig.add_subplot()
    ax.set_gid("reliance-heatmap")
    fills = [[tint(col.kind, r) for col, r in zip(data.columns, row, strict=True)] for row in data.cells]
    ax.imshow([[to_rgb(f) for f in row] for row in fills], aspect="auto", interpolation="nearest").set_gid("reliance")
    rows, columns = len(data.keys), len(data.columns)
    ax.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    if rows <= 60:
        ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(True, which="minor", color=_CELL_LINE, linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0, labelsize=TICK_SIZE, colors=_TEXT, pad=_STRIP_POINTS + 6)
    for side in ax.spines.values():
        side.set_color(_CELL_LINE)
    below = ax.get_xaxis_transform() + ScaledTranslation(0, -_STRIP_POINTS / 2 / 72, fig.dpi_scale_trans)
    for x, col in enumerate(data.columns):
        strip = Line2D([x - 0.5, x + 0.5], [0, 0], transform=below, linewidth=_STRIP_POINTS,
                       color=CHANNEL_KIND_COLOURS[col.kind], solid_capstyle="butt", clip_on=False)  # fmt: skip
        strip.set_gid(f"kind:{col.channel}")
        ax.add_line(strip)
    cells = []
    labelled = rows <= MAX_LABELLED and columns <= MAX_LABELLED  # beyond, no cell is ever large enough for a label
    for y, row in enumerate(data.cells if labelled else ()):
        for x, r in enumerate(row):
            text = FALLBACK_MARK if data.fallbacks[y][x] else percent_text(r) if r > 0 else ""
            if text:
                cell = ax.text(x, y, text, ha="center", va="center", color=text_colour_on(fills[y][x]),
                               fontweight="bold" if text == FALLBACK_MARK else "normal")  # fmt: skip
                cell.set_in_layout(False)
                cells.append(cell)
    empty = []
    for y, row in enumerate(data.cells):
        if not any(row) and not any(data.fallbacks[y]):
            note = ax.text((columns - 1) / 2, y, NO_CHANNEL_ROW, ha="center", va="center", color=_SUBTLE,
                           fontsize=TICK_SIZE, fontstyle="italic")  # fmt: skip
            note.set_in_layout(False)
            empty.append(note)
    _on_resize(fig, lambda: _fit_heatmap(fig, ax, data, cells, empty))
    return fig


def _fit_heatmap(fig: Figure, ax: Axes, data: RelianceHeatmapData, cells: list[Text], empty: list[Text]) -> None:
    """Row titles as long as the width allows and channel names as long as the height allows; every n-th label
    when the rows or columns are too close to be read; the cell labels at the largest size that fits a cell (none
    when none does)."""
    width, height = (float(v) for v in fig.get_size_inches())
    row_chars = int(TITLE_CHARS * min(1.0, width / FIGURE_SIZE[0]))
    column_chars = max(MIN_COLUMN_CHARS, int(COLUMN_CHARS * min(1.0, height / FIGURE_SIZE[1])))
    _heatmap_legend(fig, data)
    rows, columns = row_step(len(data.keys)), 1
    slant = math.sin(math.radians(_SLANT))
    for _ in range(3):  # labelling every n-th changes the notes below, and so the cells' size: until it holds
        _label_rows(ax, data, rows, row_chars)
        _label_columns(ax, data, columns, column_chars)
        _thinned_note(fig, ax, data, rows, columns)
        _lay_out(fig)
        box = ax.get_window_extent()
        cell_w = _points(fig, box.width) / len(data.columns)
        cell_h = _points(fig, box.height) / len(data.keys)
        fitted = (
            next(s for s in _steps(row_step(len(data.keys))) if s * cell_h >= ROW_SPACING * TICK_SIZE),
            next(s for s in _steps(1) if s * cell_w * slant >= COLUMN_SPACING * TICK_SIZE),
        )
        if fitted == (rows, columns):
            break
        rows, columns = max(rows, fitted[0]), max(columns, fitted[1])
    centre = (box.x0 + box.x1) / 2  # the note is centred on the cells, which the row labels push right
    _thinned_note(fig, ax, data, rows, columns, 1.9 * min(centre, fig.bbox.width - centre))
    size = next((s for s in CELL_LABEL_SIZES if 2.6 * s <= cell_w - 4 and 1.3 * s <= cell_h), None)
    for cell in cells:
        cell.set_visible(size is not None)
        if size is not None:
            cell.set_fontsize(size)
    for note in empty:
        note.set_visible(cell_h >= 1.3 * TICK_SIZE)


def _steps(first: int) -> Iterator[int]:
    """``first``, then the round steps above it: 1, 2, 5, 10, 20, 25, 50, 100 ..."""
    scale = 1
    while True:
        for step in (1, 2, 5, 10, 20, 25, 50):
            if step * scale >= first:
                yield step * scale
        scale *= 100


def _label_rows(ax: Axes, data: RelianceHeatmapData, step: int, chars: int) -> None:
    shown = range(0, len(data.keys), step)
    titles = step == 1 and chars >= MIN_TITLE_CHARS
    ax.set_yticks(list(shown))
    ax.set_yticklabels([f"{data.keys[i]}  {shorten(data.titles[i], chars)}".rstrip() if titles else data.keys[i]
                        for i in shown])  # fmt: skip


def _label_columns(ax: Axes, data: RelianceHeatmapData, step: int, chars: int) -> None:
    shown = range(0, len(data.columns), step)
    ax.set_xticks(list(shown))
    ax.set_xticklabels([shorten(data.columns[i].channel, chars) for i in shown], rotation=_SLANT, ha="right",
                       rotation_mode="anchor")  # fmt: skip


def _thinned_note(
    fig: Figure, ax: Axes, data: RelianceHeatmapData, rows: int, columns: int, width: float | None = None
) -> None:
    """Below the names (level, wrapped: a turned note could be longer than the cells are high), what is labelled."""
    notes = [f"every {step}{_ordinal(step)} of the {n} {what} labelled"
             for step, n, what in ((rows, len(data.keys), "outcomes"), (columns, len(data.columns), "channels"))
             if step > 1]  # fmt: skip
    ax.set_xlabel("", fontsize=TICK_SIZE, color=_SUBTLE)
    _wrap(fig, ax.xaxis.label, " · ".join(notes), 0.9 * fig.bbox.width if width is None else width)


def _heatmap_legend(fig: Figure, data: RelianceHeatmapData) -> None:
    handles = [Patch(color=CHANNEL_KIND_COLOURS[k], label=k.value) for k in data.kinds]
    if any(any(row) for row in data.fallbacks):
        handles.append(Patch(facecolor="white", edgecolor=_CELL_LINE, label=f"{FALLBACK_MARK}: fallback"))
    _fit_legend(fig, [(handles, title) for title in (*HEATMAP_LEGEND_TITLES, None)])


# -- the share of reliance by kind ---------------------------------------------------------------------


def _kind_subtitle(data: KindShareData) -> str:
    text = (f"owned {percent_text(data.share_of(ChannelKind.OWNED))} · exposed (rented, paid, "
            f"partner) {percent_text(data.exposed_share)}")  # fmt: skip
    if data.uncovered:
        n = len(data.uncovered)
        who = data.uncovered[0] if n == 1 else f"{n} outcomes"
        text += f" · {who} {'relies' if n == 1 else 'rely'} on no channel yet, left out"
    return text[0].upper() + text[1:]


def figure_for_kind_shares(data: KindShareData, *, dpi: float = FIGURE_DPI) -> Figure:
    """The portfolio's reliance (each outcome weighted by w(o)) per kind of channel, the largest at the top, in
    the kinds' colours; every kind is listed, so that 0% rented reads as the good news it is."""
    fig = _figure(dpi, KIND_SHARES_TITLE)
    if not data.outcomes:
        return _message(fig, EMPTY_MESSAGE)
    if not data.chosen:
        return _message(fig, NO_CHOICE_MESSAGE)
    if not data.relied:
        return _message(fig, ONLY_FALLBACKS_MESSAGE)
    order = {k: i for i, k in enumerate(ChannelKind)}
    rows = sorted(data.shares, key=lambda s: (-round(s.share, 9), order[s.kind]))[::-1]  # the largest at the top
    values = [s.share for s in rows]
    ax = _bar_axes(fig, "kind-shares", values, [CHANNEL_KIND_COLOURS[s.kind] for s in rows])
    notes = _bar_labels(ax, values, [percent_text(v) for v in values], [False] * len(rows))
    ax.set_yticks(range(len(rows)), [s.kind.value + ("  (exposed)" if s.exposed else "") for s in rows])
    ax.xaxis.set_major_formatter(FuncFormatter(_share_tick))

    def fit() -> None:
        _wrap_titles(fig, ax, _kind_subtitle(data), KIND_SHARES_AXIS)
        _size_rows(fig, ax, notes)
        _fit_range(fig, ax, values, notes)

    _on_resize(fig, fit)
    return fig

"""The plan's timeline as a pure Figure: actions by due date, one lane per owner, coloured by status.

matplotlib's object API only, no pyplot, no Qt; ``workshop.export.charts`` re-exports the builder. Every action is a
point of one of two scatter collections (the overdue ones ringed), never an artist each: the large workshop's 3,000
actions draw as fast as twenty. The lanes' labels, the markers' size, the month ticks and the list of undated actions
are fitted to the figure's size again on ``resize_event``, as the resilience charts are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from workshop.domain.enums import ActionStatus
from workshop.domain.timeline import TimelineData, TimelineLane
from workshop.export.charts import _GRID, _STRIP_FACE, _SUBTLE, _TEXT, FIGURE_DPI, TICK_SIZE
from workshop.export.heatmap import _ordinal, shorten
from workshop.export.palette import STATUS_COLOURS
from workshop.export.resilience_charts import (
    _figure,
    _fit_legend,
    _lay_out,
    _message,
    _on_resize,
    _points,
    _steps,
    _wrap,
)

TIMELINE_TITLE = "The plan by due date"
NO_ACTIONS_MESSAGE = "No actions yet: generate the plan or add one"
UNDATED_TITLE = "No due date"
STATUS_TEXT = {ActionStatus.TODO: "To do", ActionStatus.DOING: "Doing", ActionStatus.DONE: "Done",
               ActionStatus.BLOCKED: "Blocked"}  # fmt: skip
OVERDUE_TEXTS = ("overdue (ringed)", "overdue")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Month ticks every 1, 2, 3 or 6 months (from January), else every 1, 2, 5 ... years.
MONTH_STEPS, YEAR_STEPS = (1, 2, 3, 6), (1, 2, 5, 10, 20, 50, 100)
#: Owners' names at the full width of the figure; shorter on a narrow pane, never below MIN_NAME_CHARS.
NAME_CHARS, MIN_NAME_CHARS = 24, 12
#: A marker's diameter in points: at most MAX_MARKER, at least MIN_MARKER, else this share of a lane's height.
MAX_MARKER, MIN_MARKER, MARKER_SHARE = 15.0, 3.0, 0.62
#: Actions due close together in a lane take turns on up to this many heights in it, so that they stay apart.
TRACKS = 3
#: The strip kept free above the first lane for today's label, in units of the type's size.
TODAY_STRIP = 1.6
#: Today is drawn within the axis when it is at most this many days beyond the first or last due date; else the
#: plan keeps the width and a note at the edge says where today is.
TODAY_REACH = 183
#: Undated titles per owner, at most; the list shows fewer when the panel is short, and "+N more".
UNDATED_TITLES = 5
#: The undated list's type sizes, largest first, and its lines' height in units of the size.
LIST_SIZES, LINE = (TICK_SIZE, 13, 12), 1.35
#: A column of the list narrower than this many times its type's size takes the next smaller size.
LIST_CHARS = 16
_RING = "#000000"
_EDGE = "#444444"
_BAND = "#F4F4F4"
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
_PAD = 8.0
#: A day's ordinal and matplotlib's number for the same day (its epoch is a setting).
_EPOCH = (dt.date(1970, 1, 1).toordinal(), float(date2num(dt.date(1970, 1, 1))))


def figure_for_timeline(data: TimelineData, *, dpi: float = FIGURE_DPI) -> Figure:
    """Each action with a due date as a marker in its owner's lane, in its status's colour, ringed in black when it
    is overdue; today as a vertical line; the actions without a due date listed apart, by owner, at the right (the
    whole figure when no action has a date)."""
    fig = _figure(dpi, TIMELINE_TITLE)
    if not data.count:
        return _message(fig, NO_ACTIONS_MESSAGE)
    span = data.span
    undated = [lane for lane in data.lanes if lane.undated]
    grid = fig.add_gridspec(1, 2 if span and undated else 1)
    ax = None
    if span is not None:
        ax = fig.add_subplot(grid[0])
        ax.set_gid("timeline")
    panel = fig.add_subplot(grid[-1]) if undated else None
    if panel is not None:
        panel.set_gid("undated")
        panel.set_facecolor(_STRIP_FACE)
        panel.set_xticks([])
        panel.set_yticks([])
        for side in panel.spines.values():
            side.set_color("#BBBBBB")
    timeline = _Timeline(fig, ax, data) if ax is not None else None
    listed: list[Annotation] = []

    def fit() -> None:
        width = float(fig.get_size_inches()[0])
        if timeline is not None and panel is not None:
            side = min(max(0.27 * width, 2.6), 0.4 * width)
            grid.set_width_ratios((width - side, side))
        if timeline is not None:
            timeline.fit()
        if panel is not None:
            if timeline is None:
                _lay_out(fig)
            _list_undated(fig, panel, data, undated, listed, alone=timeline is None)

    _on_resize(fig, fit)
    return fig


def _actions(n: int) -> str:
    return f"{n} action" if n == 1 else f"{n} actions"


def _subtitle(data: TimelineData) -> str:
    parts = [_actions(data.count), f"{data.overdue_count} overdue"]
    if data.undated_count:
        parts.append(f"{data.undated_count} without a due date")
    return " · ".join(parts)


def _day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class _Timeline:
    """The lanes and their markers, built once; what depends on the size is set again by ``fit``."""

    def __init__(self, fig: Figure, ax: Axes, data: TimelineData) -> None:
        self.fig, self.ax, self.data = fig, ax, data
        lanes = data.lanes
        first, last = data.span or (data.today, data.today)
        self.lo, self.hi = _num(first), _num(last)
        now = _num(data.today)
        self.today_shown = self.lo - TODAY_REACH <= now <= self.hi + TODAY_REACH
        low, high = (min(self.lo, now), max(self.hi, now)) if self.today_shown else (self.lo, self.hi)
        pad = max(12.0, 0.05 * (high - low))
        ax.set_xlim(low - pad, high + pad)
        ax.set_ylim(len(lanes) - 0.5, -0.5)  # the first owner at the top; ``_lane_height`` adds a strip above
        for y in range(1, len(lanes), 2):
            ax.axhspan(y - 0.5, y + 0.5, color=_BAND, zorder=0, linewidth=0)
        ax.grid(axis="x", color=_GRID, zorder=1)
        ax.tick_params(axis="both", labelsize=TICK_SIZE, colors=_TEXT)
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self.points = [(y, a) for y, lane in enumerate(lanes) for a in lane.dated]
        self.x = np.array([_num(a.due) for _y, a in self.points if a.due is not None], dtype=float)
        self.lane = np.array([y for y, _a in self.points], dtype=float)
        overdue = np.array([a.overdue for _y, a in self.points], dtype=bool)
        colours = [STATUS_COLOURS[a.status] for _y, a in self.points]
        self.sets: list[tuple[PathCollection, np.ndarray]] = []
        for mask, gid, edge in ((~overdue, "actions", _EDGE), (overdue, "overdue", _RING)):
            where = np.flatnonzero(mask)
            dots = ax.scatter(self.x[where], self.lane[where], c=[colours[i] for i in where], edgecolors=edge,
                              zorder=3 if gid == "actions" else 4)  # fmt: skip
            dots.set_gid(gid)
            self.sets.append((dots, where))
        self.marker = MAX_MARKER
        if self.today_shown:
            ax.axvline(now, color=_TEXT, linewidth=2, linestyle=(0, (5, 3)), zorder=2, gid="today")
            right = now > (low + high) / 2
            note = ax.annotate(f"today {_day(data.today)}", (now, 1), xycoords=ax.get_xaxis_transform(),
                               xytext=(-5 if right else 5, -4), textcoords="offset points", va="top",
                               ha="right" if right else "left", fontsize=TICK_SIZE, color=_TEXT, zorder=5,
                               bbox=_LABEL_BOX)  # fmt: skip
        else:
            after = now > self.hi
            note = ax.annotate(f"today {_day(data.today)} " + ("→" if after else "←"), (1 if after else 0, 1),
                               xycoords="axes fraction", xytext=(-5 if after else 5, -4), textcoords="offset points",
                               va="top", ha="right" if after else "left", fontsize=TICK_SIZE,
                               color=_SUBTLE)  # fmt: skip
        note.set_gid("today-label")
        note.set_in_layout(False)
        statuses = [Line2D([], [], linestyle="", marker="o", markersize=13, markerfacecolor=STATUS_COLOURS[s],
                           markeredgecolor=_EDGE, label=STATUS_TEXT[s]) for s in ActionStatus]  # fmt: skip
        self.legends = [  # the full words, or short ones on a narrow pane
            ([*statuses, Line2D([], [], linestyle="", marker="o", markersize=13, markerfacecolor="white",
                                markeredgecolor=_RING, markeredgewidth=2.5, label=text)], None)
            for text in OVERDUE_TEXTS
        ]  # fmt: skip

    def fit(self) -> None:
        fig, ax = self.fig, self.ax
        _fit_legend(fig, self.legends)
        _lay_out(fig)
        _wrap(fig, ax.title, _subtitle(self.data), ax.get_window_extent().width)
        ax.title.set_fontsize(TICK_SIZE + 1)
        ax.title.set_color(_SUBTLE)
        self._label_lanes()
        self._tick_months()
        _lay_out(fig)
        self._size_markers()

    def _lane_height(self) -> float:
        """A lane's height in points, once a strip above the first lane is kept free for today's label (so that it
        hides no marker); the y range is set to match."""
        n = len(self.data.lanes)
        height = _points(self.fig, self.ax.get_window_extent().height)
        lane = max(height - TODAY_STRIP * TICK_SIZE, 1.0) / n
        self.ax.set_ylim(n - 0.5, -0.5 - TODAY_STRIP * TICK_SIZE / lane)
        return lane

    def _label_lanes(self) -> None:
        """Every owner's name while the lanes are tall enough for it, else every n-th (said below the names)."""
        ax, lanes = self.ax, self.data.lanes
        lane = self._lane_height()
        step = next(s for s in _steps(1) if s * lane >= 1.17 * TICK_SIZE)
        width = float(self.fig.get_size_inches()[0])
        chars = max(MIN_NAME_CHARS, int(NAME_CHARS * min(1.0, width / 16.0)))
        shown = range(0, len(lanes), step)
        ax.set_yticks(list(shown), [shorten(lanes[i].label, chars) for i in shown], fontsize=TICK_SIZE)
        for i, label in zip(shown, ax.get_yticklabels(), strict=True):
            label.set_fontstyle("italic" if lanes[i].owner is None else "normal")
        note = f"every {step}{_ordinal(step)} of {len(lanes)} owners" if step > 1 else ""
        ax.set_ylabel(note, fontsize=TICK_SIZE, color=_SUBTLE)

    def _tick_months(self) -> None:
        """Ticks on the first of a month, every 1, 2, 3 or 6 months (else whole years), as many as the width holds
        without the labels touching; the year under January and under the first tick."""
        ax = self.ax
        low, high = ax.get_xlim()
        most = max(2, int(_points(self.fig, ax.get_window_extent().width) / (3.6 * TICK_SIZE)))
        first, last = _date(low), _date(high)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = next((s for s in MONTH_STEPS if months / s <= most), None)
        if step is not None:
            ticks = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13, step)]
        else:
            years = next((s for s in YEAR_STEPS if (last.year - first.year + 1) / s <= most), YEAR_STEPS[-1])
            ticks = [dt.date(y, 1, 1) for y in range(first.year - first.year % years, last.year + 1, years)]
        ticks = [t for t in ticks if low <= _num(t) <= high]
        labels = []
        for i, t in enumerate(ticks):
            if step is None:
                labels.append(str(t.year))
            else:
                labels.append(f"{MONTHS[t.month - 1]}\n{t.year}" if i == 0 or t.month == 1 else MONTHS[t.month - 1])
        ax.set_xticks([_num(t) for t in ticks], labels, fontsize=TICK_SIZE)

    def _size_markers(self) -> None:
        """Markers as large as the lanes allow; actions due within a marker's width of each other in a lane are
        spread above and below its middle, as far as the lane holds."""
        ax = self.ax
        box = ax.get_window_extent()
        lane = self._lane_height()
        self.marker = min(MAX_MARKER, max(MIN_MARKER, MARKER_SHARE * lane))
        low, high = ax.get_xlim()
        width = 1.1 * self.marker * (high - low) / max(_points(self.fig, box.width), 1.0)  # days a marker takes
        tracks = min(TRACKS, 1 + max(1, int((0.92 * lane - self.marker) / (1.05 * self.marker))))
        step = min(1.05 * self.marker, (0.92 * lane - self.marker) / (tracks - 1)) / lane
        offsets = _dodge(self.x, self.lane, width, tracks, max(step, 0.0))
        for dots, where in self.sets:
            dots.set_offsets(np.column_stack([self.x[where], self.lane[where] + offsets[where]]))
            dots.set_sizes([self.marker**2])
            ring = dots.get_gid() == "overdue"
            dots.set_linewidths([max(1.0, self.marker / 6) if ring else max(0.5, self.marker / 20)])


def _dodge(x: np.ndarray, lane: np.ndarray, width: float, tracks: int, step: float) -> np.ndarray:
    """Per action, its offset from its lane's middle (in lanes): a run of actions each due within ``width`` days of
    the one before (they come by lane, then date) takes turns on up to ``tracks`` heights ``step`` apart, centred;
    an action alone keeps the middle."""
    offsets = np.zeros(len(x))
    start = 0
    for i in range(1, len(x) + 1):
        if i < len(x) and lane[i] == lane[i - 1] and x[i] - x[i - 1] < width:
            continue
        run = i - start
        if run > 1:
            used = min(run, tracks)
            offsets[start:i] = (np.arange(run) % used - (used - 1) / 2) * step
        start = i
    return offsets


def _num(day: dt.date) -> float:
    """matplotlib's date number of a day, without ``date2num``'s cost per call (a tenth of the build)."""
    return float(day.toordinal() - _EPOCH[0] + _EPOCH[1])


def _date(num: float) -> dt.date:
    return dt.date.fromordinal(max(1, math.floor(num - _EPOCH[1]) + _EPOCH[0]))


def _list_undated(
    fig: Figure,
    panel: Axes,
    data: TimelineData,
    lanes: Sequence[TimelineLane],
    listed: list[Annotation],
    *,
    alone: bool,
) -> None:
    """Per owner, how many actions have no due date and the first few titles, "+N more" for the rest: as many
    titles as the panel's height holds at the largest type that holds one each (else the owners alone, the last
    ones counted together). In columns when the panel is the whole figure."""
    while listed:
        listed.pop().remove()
    n = data.undated_count
    title = f"{UNDATED_TITLE} ({n})" if not alone else f"No action has a due date yet: the {_actions(n)} by owner"
    _wrap(fig, panel.title, title, panel.get_window_extent().width)
    panel.title.set_fontsize(TICK_SIZE + 1)
    panel.title.set_color(_TEXT if not alone else _SUBTLE)
    _lay_out(fig)
    box = panel.get_window_extent()
    width, height = _points(fig, box.width), _points(fig, box.height)
    columns = max(1, int(width / 300)) if alone else 1
    column = (width - _PAD) / columns
    for size in LIST_SIZES:
        if size != LIST_SIZES[-1] and column < LIST_CHARS * size:
            continue  # a narrow panel: smaller type, so that names keep more of their letters
        rows = max(1, int((height - 2 * _PAD) / (LINE * size)))
        lines = _undated_lines(lanes, rows * columns, size == LIST_SIZES[-1])
        if lines is not None:
            break
    assert lines is not None
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for n, (text, kind) in enumerate(lines):
        c, r = divmod(n, rows)
        indent = 0.0 if kind == "owner" else 1.1 * size
        note = panel.annotate(text, (0, 1), xycoords="axes fraction", va="top", ha="left", annotation_clip=False,
                              xytext=(_PAD + c * column + indent, -_PAD - r * LINE * size), textcoords="offset points",
                              fontsize=size, color=_SUBTLE if kind == "more" else _TEXT,
                              fontweight="bold" if kind == "owner" else "normal")  # fmt: skip
        note.set_in_layout(False)
        note.set_gid(f"undated:{kind}")
        room = (column - indent - _PAD) * fig.dpi / 72
        while note.get_window_extent(renderer).width > room and len(note.get_text()) > 4:
            note.set_text(shorten(text, int(len(note.get_text()) * 0.9)))
        listed.append(note)


def _undated_lines(lanes: Sequence[TimelineLane], rows: int, last_size: bool) -> list[tuple[str, str]] | None:
    """The list's lines, (text, "owner" | "title" | "more"), with as many titles per owner as ``rows`` hold; None
    when not even one title each fits and a smaller type remains to try."""
    for titles in range(UNDATED_TITLES, -1, -1):
        if titles == 0 and not last_size:
            return None
        lines: list[tuple[str, str]] = []
        for lane in lanes:
            n = len(lane.undated)
            lines.append((f"{lane.label} ({n})", "owner"))
            lines += [(a.title, "title") for a in lane.undated[:titles]]
            if titles and n > titles:
                lines.append((f"+{n - titles} more", "more"))
        if len(lines) <= rows:
            return lines
    kept = lines[: max(rows - 1, 0)]
    rest = lanes[len(kept) :]
    kept.append((f"+{len(rest)} more owners ({sum(len(lane.undated) for lane in rest)} actions)", "more"))
    return kept

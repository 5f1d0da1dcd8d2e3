"""The plan's timeline: its data from the sample and hand-built workshops, and the Figure read back (lanes, marker
colours from the palette, the today line, the list of undated actions), saved at both sizes with nothing cut."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import ResizeEvent
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.text import Text

from workshop.domain.entities import Action, Participant, Workshop
from workshop.domain.enums import ActionStatus
from workshop.domain.text import name_key
from workshop.domain.timeline import NO_OWNER, TimelineData, timeline_data
from workshop.export import charts
from workshop.export import timeline_chart as tc
from workshop.export.charts import figure_for_timeline, save_png
from workshop.export.palette import STATUS_COLOURS
from workshop.services.catalog import sample_workshop

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2027, 3, 10)
DONE, TODO, BLOCKED = ActionStatus.DONE, ActionStatus.TODO, ActionStatus.BLOCKED


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return sample_workshop()


def room(*actions: Action) -> Workshop:
    people = [Participant(name, "Sales") for name in ("Ana", "Ben", "Cleo")]
    return Workshop(title="Room", participants=people, actions=list(actions))


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# -- the data ---------------------------------------------------------------------------------------------------------


def test_the_sample_has_a_lane_per_owner_in_the_rooms_order_then_no_owner(sample: Workshop) -> None:
    data = timeline_data(sample, TODAY)
    owners = {name_key(a.owner) for a in sample.actions if a.owner}
    expected = [p.name for p in sample.participants if name_key(p.name) in owners]
    assert [lane.label for lane in data.lanes] == [*expected, NO_OWNER]
    assert data.count == len(sample.actions) and data.undated_count == 0
    seen = sorted(a.index for lane in data.lanes for a in (*lane.dated, *lane.undated))
    assert seen == list(range(len(sample.actions)))
    for lane in data.lanes:
        assert [a.due for a in lane.dated] == sorted(a.due for a in lane.dated if a.due)
        for a in lane.dated:
            source = sample.actions[a.index]
            assert (a.title, a.due, a.status) == (source.title, source.due, source.status)
            assert lane.owner == (None if source.owner is None else lane.label)
            assert a.overdue == (source.due is not None and source.due < TODAY and source.status is not DONE)
    assert data.overdue_count == sum(a.overdue for a in data.dated) > 0
    assert data.span == (min(a.due for a in sample.actions if a.due), max(a.due for a in sample.actions if a.due))


def test_owners_match_as_names_do_and_undated_actions_keep_their_owner() -> None:
    ws = room(
        Action("late", owner=" cleo ", due=day(-1)),
        Action("done late", owner="Cleo", due=day(-5), status=DONE),
        Action("due today", owner="ANA", due=TODAY),
        Action("someday", owner="Cleo"),
        Action("stray", owner="Dora", due=day(3)),
        Action("nobody's", due=day(1), status=BLOCKED),
        Action("nobody's, undated", owner="  "),
    )
    data = timeline_data(ws, TODAY)
    assert [lane.label for lane in data.lanes] == ["Ana", "Cleo", "Dora", NO_OWNER]  # Ben owns nothing
    ana, cleo, dora, nobody = data.lanes
    assert [(a.title, a.overdue) for a in cleo.dated] == [("done late", False), ("late", True)]
    assert [a.title for a in cleo.undated] == ["someday"] and cleo.undated[0].due is None
    assert not ana.dated[0].overdue  # due today is not overdue yet
    assert dora.owner == "Dora" and [a.title for a in nobody.dated] == ["nobody's"]
    assert nobody.owner is None and [a.title for a in nobody.undated] == ["nobody's, undated"]
    assert (data.count, data.undated_count, data.overdue_count) == (7, 2, 1)


def test_no_actions_is_data_too() -> None:
    data = timeline_data(room(), TODAY)
    assert data.lanes == () and data.count == 0 and data.span is None and data.dated == ()


# -- reading the figure back ------------------------------------------------------------------------------------------


def drawn(fig: Figure) -> Figure:
    fig.draw_without_rendering()
    return fig


def axes(fig: Figure, gid: str) -> Axes:
    (found,) = [ax for ax in fig.axes if ax.get_gid() == gid]
    return found


def collection(ax: Axes, gid: str) -> PathCollection:
    (found,) = [c for c in ax.collections if c.get_gid() == gid]
    assert isinstance(found, PathCollection)
    return found


def lane_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def undated_lines(fig: Figure) -> list[str]:
    return [t.get_text() for t in axes(fig, "undated").texts]


def test_markers_sit_in_their_owners_lanes_in_their_status_colours(sample: Workshop) -> None:
    data = timeline_data(sample, TODAY)
    fig = drawn(figure_for_timeline(data))
    ax = axes(fig, "timeline")
    assert lane_labels(ax) == [lane.label for lane in data.lanes]
    assert ax.get_yticklabels()[-1].get_fontstyle() == "italic"  # "no owner" is not a person
    assert [a for a in fig.axes if a.get_gid() == "undated"] == []  # every sample action has a date
    points = [(y, a) for y, lane in enumerate(data.lanes) for a in lane.dated]
    found = []
    for gid, overdue in (("actions", False), ("overdue", True)):
        dots = collection(ax, gid)
        chosen = [(y, a) for y, a in points if a.overdue == overdue]
        offsets = np.asarray(dots.get_offsets())
        assert len(offsets) == len(chosen) > 0
        assert [to_hex(c).upper() for c in dots.get_facecolors()] == [STATUS_COLOURS[a.status] for _y, a in chosen]
        assert offsets[:, 0].tolist() == [date2num(a.due) for _y, a in chosen]
        assert np.all(np.abs(offsets[:, 1] - [y for y, _a in chosen]) < 0.5)  # dodged, never out of its lane
        found += [tuple(row) for row in offsets]
        edge = {to_hex(c) for c in dots.get_edgecolors()}
        assert edge == ({"#000000"} if overdue else {tc._EDGE.lower()})
    assert len(set(found)) == len(points)  # two actions due the same day in a lane are set apart
    legend = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert legend == [*tc.STATUS_TEXT.values(), tc.OVERDUE_TEXTS[0]]
    assert ax.get_title() == f"{data.count} actions · {data.overdue_count} overdue"


def test_today_is_a_vertical_line_with_its_date(sample: Workshop) -> None:
    fig = drawn(figure_for_timeline(timeline_data(sample, TODAY)))
    ax = axes(fig, "timeline")
    (line,) = [line for line in ax.lines if line.get_gid() == "today"]
    assert list(line.get_xdata()) == [date2num(TODAY)] * 2
    (label,) = [t for t in ax.texts if t.get_gid() == "today-label"]
    assert label.get_text() == "today 10 Mar 2027"
    low, high = ax.get_xlim()
    assert low < date2num(TODAY) < high
    marks = [dt.date.fromordinal(int(x) + dt.date(1970, 1, 1).toordinal()) for x in ax.get_xticks()]
    assert {m.day for m in marks} == {1} and ax.get_xticklabels()[0].get_text() == "Feb\n2027"


def test_a_today_far_from_the_plan_is_a_note_at_the_edge(sample: Workshop) -> None:
    data = timeline_data(sample, dt.date(2031, 5, 4))
    fig = drawn(figure_for_timeline(data))
    ax = axes(fig, "timeline")
    assert not [line for line in ax.lines if line.get_gid() == "today"]
    (label,) = [t for t in ax.texts if t.get_gid() == "today-label"]
    assert label.get_text() == "today 4 May 2031 →"
    assert ax.get_xlim()[1] < date2num(dt.date(2028, 1, 1))  # the plan keeps its width
    assert data.overdue_count == sum(a.status is not DONE for a in sample.actions)


def test_undated_actions_are_listed_by_owner_with_the_first_few_titles() -> None:
    many = [Action(f"Task {i}", owner="Ben") for i in range(8)]
    ws = room(Action("dated", owner="Ana", due=day(10)), *many, Action("Orphan"))
    fig = drawn(figure_for_timeline(timeline_data(ws, TODAY)))
    assert lane_labels(axes(fig, "timeline")) == ["Ana", "Ben", NO_OWNER]
    lines = undated_lines(fig)
    shown = tc.UNDATED_TITLES
    assert lines == ["Ben (8)", *(f"Task {i}" for i in range(shown)), f"+{8 - shown} more", "no owner (1)", "Orphan"]
    assert axes(fig, "undated").get_title() == "No due date (9)"
    panel = axes(fig, "undated").get_window_extent()
    for t in axes(fig, "undated").texts:
        box = t.get_window_extent()
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 and box.y1 <= panel.y1


def test_a_short_panel_lists_fewer_titles_then_the_owners_alone() -> None:
    assert tc._undated_lines(timeline_data(room(*(Action(f"T{i}", owner="Ana") for i in range(9))), TODAY).lanes,
                             4, True) == [("Ana (9)", "owner"), ("T0", "title"), ("T1", "title"),
                                          ("+7 more", "more")]  # fmt: skip
    lanes = timeline_data(room(*(Action("T", owner=n) for n in ("Ana", "Ben", "Cleo", "Dora"))), TODAY).lanes
    assert tc._undated_lines(lanes, 3, False) is None  # a smaller type may hold a title each
    assert tc._undated_lines(lanes, 3, True) == [("Ana (1)", "owner"), ("Ben (1)", "owner"),
                                                 ("+2 more owners (2 actions)", "more")]  # fmt: skip


def test_nothing_dated_gives_the_whole_figure_to_the_list() -> None:
    fig = drawn(figure_for_timeline(timeline_data(room(Action("A", owner="Ana"), Action("B")), TODAY)))
    assert [ax.get_gid() for ax in fig.axes] == ["undated"]
    assert undated_lines(fig) == ["Ana (1)", "A", "no owner (1)", "B"]
    assert axes(fig, "undated").get_title() == "No action has a due date yet: the 2 actions by owner"


def test_no_action_says_so() -> None:
    fig = drawn(figure_for_timeline(timeline_data(room(), TODAY)))
    assert fig.axes == []
    assert [t.get_text() for t in fig.texts if t is not fig._suptitle] == [tc.NO_ACTIONS_MESSAGE]


def test_one_due_date_still_has_a_range_and_month_ticks() -> None:
    ws = room(*(Action(f"A{i}", owner="Ana", due=day(200)) for i in range(3)))
    fig = drawn(figure_for_timeline(timeline_data(ws, day(200))))
    ax = axes(fig, "timeline")
    low, high = ax.get_xlim()
    assert low < date2num(day(200)) < high and len(ax.get_xticks()) >= 1
    offsets = np.asarray(collection(ax, "actions").get_offsets())
    assert len({round(y, 6) for y in offsets[:, 1]}) == 3  # same day, one lane: three heights


# -- fitted: nothing cut, nothing on top of each other, at the projector's size and a laptop pane's ----------------


def shown_texts(fig: Figure) -> list[Text]:
    found = [*fig.texts, *(t for legend in fig.legends for t in [*legend.get_texts(), legend.get_title()])]
    for ax in fig.axes:
        low, high = sorted(ax.get_xlim())
        ticks = [t for t in ax.get_xticklabels() if low - 1e-9 <= t.get_position()[0] <= high + 1e-9]
        found += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label, *ticks, *ax.get_yticklabels()]
    return [t for t in found if t.get_visible() and t.get_text()]


def check_fitted(fig: Figure) -> None:
    drawn(fig)
    frame = fig.bbox
    for t in shown_texts(fig):
        box = t.get_window_extent()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, t.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, t.get_text()
        assert t.get_fontsize() >= 12, t.get_text()
    for ax in fig.axes:
        labels = [t.get_window_extent() for t in [*ax.get_yticklabels(), *ax.texts] if t.get_text()]
        assert not any(a.overlaps(b) for a, b in itertools.combinations(labels, 2))
        for legend in fig.legends:
            assert not legend.get_window_extent().overlaps(ax.get_window_extent())


def undated_sample(sample: Workshop) -> Workshop:
    actions = [replace(a, due=None) if i % 4 == 1 else a for i, a in enumerate(sample.actions)]
    return replace(sample, actions=actions)


@pytest.mark.parametrize("undated", [False, True])
@pytest.mark.parametrize(("dpi", "pixels"), [(120, (1080, 1920)), (56, (504, 896))])
def test_saved_at_both_sizes_with_nothing_cut(
    undated: bool, dpi: int, pixels: tuple[int, int], sample: Workshop, tmp_path: Path
) -> None:
    ws = undated_sample(sample) if undated else sample
    fig = figure_for_timeline(timeline_data(ws, TODAY), dpi=dpi)
    check_fitted(fig)
    target = save_png(fig, tmp_path / "timeline.png")
    assert imread(str(target)).shape[:2] == pixels


@pytest.mark.parametrize("inches", [(9.0, 5.6), (16.0, 6.0), (7.0, 5.6), (8.0, 4.5)])
def test_refits_when_a_canvas_resizes_it(inches: tuple[float, float], sample: Workshop) -> None:
    fig = figure_for_timeline(timeline_data(undated_sample(sample), TODAY), dpi=100)
    fig.set_size_inches(*inches)
    ResizeEvent("resize_event", fig.canvas)._process()  # what an embedding canvas does on resize
    check_fitted(fig)


@pytest.fixture(scope="module")
def large() -> TimelineData:
    from benchmarks.large_workshop import large_workshop

    ws = large_workshop()
    statuses = itertools.cycle(ActionStatus)
    dated = [replace(a, due=None if i % 10 == 0 else day(i % 500 - 100), status=next(statuses))
             for i, a in enumerate(ws.actions)]  # fmt: skip
    return timeline_data(replace(ws, actions=dated), TODAY)


def test_the_large_workshop_is_two_collections_and_every_nth_owner_named(large: TimelineData, tmp_path: Path) -> None:
    fig = figure_for_timeline(large)
    check_fitted(fig)
    ax = axes(fig, "timeline")
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(large.dated) == 2700
    assert len(lane_labels(ax)) < len(large.lanes) == 151
    assert ax.get_ylabel() == "every 10th of 151 owners"
    assert undated_lines(fig)[-1].startswith("+") and "more owners" in undated_lines(fig)[-1]
    save_png(fig, tmp_path / "large.png")


BUILD = """
import datetime as dt, sys
from workshop.domain.timeline import timeline_data
from workshop.export.charts import figure_for_timeline
from workshop.services.catalog import sample_workshop
figure_for_timeline(timeline_data(sample_workshop(), dt.date(2027, 3, 10))).draw_without_rendering()
print(",".join(m for m in ("matplotlib.pyplot", "PySide6", "PyQt5", "PyQt6") if m in sys.modules) or "none")
"""


def test_built_through_charts_without_pyplot_or_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run([sys.executable, "-c", BUILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert proc.stdout.strip() == "none", proc.stdout + proc.stderr
    assert charts.figure_for_timeline is not tc.figure_for_timeline  # a thin wrapper, as for the other charts

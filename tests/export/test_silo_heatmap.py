"""The silo heatmap as a pure Figure: the share in its title, cell colours from the data, the silo strip, labels
that read and fit (the sample, long names, the large workshop, a resize), the empty cases, and its colours."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import ResizeEvent
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from benchmarks.large_workshop import large_workshop
from tests.export.test_palette import MIN_DELTA_E, VISIONS, closest_pair
from workshop.domain.entities import Department, Outcome, Participant, RaciAssignment, Workshop
from workshop.domain.enums import RaciRole
from workshop.domain.reports import SiloHeatmapData, silo_heatmap_data
from workshop.export import charts, heatmap
from workshop.export.charts import EMPTY_MESSAGE, figure_for_silo_heatmap, save_png
from workshop.export.heatmap import (
    INVOLVEMENT_LABELS,
    MAX_ROW_LABELS,
    NO_DEPARTMENTS_MESSAGE,
    SILO_COLOUR,
    SILO_LABEL,
    row_step,
    shorten,
    silo_share_text,
    silo_title,
)
from workshop.export.palette import INVOLVEMENT_COLOURS, contrast_ratio, relative_luminance, text_colour_on
from workshop.services.catalog import sample_workshop

ROOT = Path(__file__).resolve().parents[2]
LONG_NAMES = tuple(
    f"Department of {w} and Related Operations"
    for w in ("Marketing", "Sales", "Customer Care", "Information Technology", "Finance", "Human Resources",
              "Partner Management", "Product", "Legal Affairs", "Operations", "Executive Board", "Research")
)  # fmt: skip


@pytest.fixture(scope="module")
def sample_data() -> SiloHeatmapData:
    return silo_heatmap_data(sample_workshop())


@pytest.fixture(scope="module")
def large_data() -> SiloHeatmapData:
    return silo_heatmap_data(large_workshop())


def made(alone: int, n: int, departments: tuple[str, ...] = ("Marketing", "Sales")) -> SiloHeatmapData:
    keys = tuple(f"O{i + 1}" for i in range(n))
    cells = tuple((4, 0) if i < alone else (4, 2) for i in range(n))
    return SiloHeatmapData(keys, tuple(f"Outcome {k}" for k in keys), departments, cells, keys[:alone],
                           alone / n if n else None)  # fmt: skip


def long_named() -> SiloHeatmapData:
    ws = Workshop(departments=[Department(n) for n in LONG_NAMES])
    ws.participants = [Participant(f"P{i}", n) for i, n in enumerate(LONG_NAMES)] + [Participant("Free")]
    ws.outcomes = [Outcome(f"O{i}", f"A long business outcome title, number {i}, that goes on") for i in range(12)]
    ws.raci = [RaciAssignment(f"O{i}", f"P{(i * 5 + j) % 12}", list(RaciRole)[j]) for i in range(12) for j in range(4)]
    ws.raci += [RaciAssignment("O3", "Free", RaciRole.C)]
    return silo_heatmap_data(ws)


def drawn(fig: Figure) -> Figure:
    fig.draw_without_rendering()
    return fig


def cells_axes(fig: Figure) -> Axes:
    return next(ax for ax in fig.axes if ax.get_gid() == "silo-heatmap")


def strip_axes(fig: Figure) -> Axes:
    return next(ax for ax in fig.axes if ax.get_gid() == "silo-strip")


def boxes(texts: list[Text]) -> list[Bbox]:
    return [t.get_window_extent() for t in texts if t.get_visible() and t.get_text()]


def overlapping(found: list[Bbox]) -> list[tuple[int, int]]:
    return [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(found), 2) if a.overlaps(b)]


def columns_apart(fig: Figure) -> bool:
    """The department names do not touch: level ones by their boxes; turned ones (whose boxes always overlap) by
    the distance between their parallel baselines, at least a line of their type."""
    labels = [t for t in cells_axes(fig).get_xticklabels() if t.get_visible() and t.get_text()]
    angle = {t.get_rotation() for t in labels}
    assert len(angle) == 1
    (degrees,) = angle
    if degrees == 0:
        return overlapping(boxes(labels)) == []
    anchors = sorted(float(t.get_transform().transform(t.get_position())[0]) for t in labels)
    line = max(t.get_fontsize() for t in labels) * fig.dpi / 72
    return all((b - a) * math.sin(math.radians(degrees)) >= 1.1 * line for a, b in itertools.pairwise(anchors))


# -- the title ---------------------------------------------------------------------------------------


def test_the_title_states_the_share_on_the_sample(sample_data: SiloHeatmapData) -> None:
    fig = figure_for_silo_heatmap(sample_data)
    assert fig.get_suptitle() == "1 of 8 outcomes (13%) sits in one department alone"


@pytest.mark.parametrize(
    ("alone", "n", "title"),
    [
        (3, 8, "3 of 8 outcomes (38%) sit in one department alone"),
        (0, 5, "0 of 5 outcomes (0%) sit in one department alone"),
        (1, 1, "1 of 1 outcome (100%) sits in one department alone"),
        (1, 300, "1 of 300 outcomes (<1%) sits in one department alone"),
        (299, 300, "299 of 300 outcomes (>99%) sit in one department alone"),
    ],
)
def test_the_title_in_plain_words(alone: int, n: int, title: str) -> None:
    assert silo_title(made(alone, n)) == title
    assert figure_for_silo_heatmap(made(alone, n)).get_suptitle() == title


def test_the_share_rounds_half_up() -> None:
    assert [silo_share_text(x) for x in (0.125, 0.375, 0.5, 0.0, 1.0, 0.004, 0.996)] == [
        "13%", "38%", "50%", "0%", "100%", "<1%", ">99%",
    ]  # fmt: skip


# -- cells, letters, strip ---------------------------------------------------------------------------


def test_the_cell_colours_match_the_data(sample_data: SiloHeatmapData) -> None:
    fig = figure_for_silo_heatmap(sample_data)
    (image,) = cells_axes(fig).images
    shown = np.asarray(image.get_array())
    assert shown.shape == (8, 8, 3)
    for i, row in enumerate(sample_data.cells):
        for j, strength in enumerate(row):
            assert shown[i, j] == pytest.approx(to_rgb(INVOLVEMENT_COLOURS[strength])), (i, j)


def test_each_held_cell_says_its_role_in_a_colour_that_reads(sample_data: SiloHeatmapData) -> None:
    ax = cells_axes(figure_for_silo_heatmap(sample_data))
    letters = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}
    expected = {(i, j): s for i, row in enumerate(sample_data.cells) for j, s in enumerate(row) if s}
    assert set(letters) == set(expected)
    for place, strength in expected.items():
        text = letters[place]
        assert text.get_text() == "_ICRA"[strength]
        assert to_rgb(text.get_color()) == to_rgb(text_colour_on(INVOLVEMENT_COLOURS[strength]))


def test_the_strip_and_the_row_label_mark_the_outcomes_held_alone(sample_data: SiloHeatmapData) -> None:
    fig = figure_for_silo_heatmap(sample_data)
    strip = strip_axes(fig)
    marks = np.asarray(strip.images[0].get_array())[:, 0]
    marked = [key for key, rgb in zip(sample_data.keys, marks, strict=True) if tuple(rgb) == to_rgb(SILO_COLOUR)]
    assert marked == ["O3"]
    labels = {t.get_text().split()[0]: t for t in strip.get_yticklabels()}
    assert to_rgb(labels["O3"].get_color()) == to_rgb(SILO_COLOUR) and labels["O3"].get_fontweight() == "bold"
    assert to_rgb(labels["O1"].get_color()) != to_rgb(SILO_COLOUR)


def test_rows_and_columns_are_labelled(sample_data: SiloHeatmapData) -> None:
    fig = drawn(figure_for_silo_heatmap(sample_data))
    rows = [t.get_text() for t in strip_axes(fig).get_yticklabels()]
    assert rows[0] == "O1  Cut support cost per customer"
    assert rows[5] == "O6  Turn owners into ambassadors who…"  # shortened, at a word
    assert [r.split()[0] for r in rows] == list(sample_data.keys)
    columns = [" ".join(t.get_text().split()) for t in cells_axes(fig).get_xticklabels()]
    assert columns == list(sample_data.departments)
    assert all(t.get_rotation() == 0 for t in cells_axes(fig).get_xticklabels())  # they fit, wrapped


def test_the_legend_names_none_i_c_r_a_and_the_silo_mark(sample_data: SiloHeatmapData) -> None:
    (legend,) = figure_for_silo_heatmap(sample_data).legends
    shown = {t.get_text(): h for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert list(shown) == [*INVOLVEMENT_LABELS, SILO_LABEL]  # one row, in order
    for label, colour in zip(INVOLVEMENT_LABELS, INVOLVEMENT_COLOURS, strict=True):
        assert shown[label].get_facecolor()[:3] == pytest.approx(to_rgb(colour))  # type: ignore[union-attr]
    assert shown[SILO_LABEL].get_facecolor()[:3] == pytest.approx(to_rgb(SILO_COLOUR))  # type: ignore[union-attr]


# -- fitting: nothing cut off, nothing on top of each other, nothing too small ------------------------


@pytest.mark.parametrize("case", ["sample", "long names", "large"])
def test_nothing_is_cut_off_overlapping_or_too_small(
    case: str, sample_data: SiloHeatmapData, large_data: SiloHeatmapData
) -> None:
    data = {"sample": sample_data, "long names": long_named(), "large": large_data}[case]
    fig = drawn(figure_for_silo_heatmap(data))
    frame = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    for t in texts:
        box = t.get_window_extent()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, t.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, t.get_text()
        assert t.get_fontsize() >= 12, t.get_text()
    assert columns_apart(fig)
    assert overlapping(boxes(strip_axes(fig).get_yticklabels())) == []
    (legend,) = fig.legends
    assert not legend.get_window_extent().overlaps(cells_axes(fig).get_window_extent())


def test_long_department_names_turn_and_stay_apart() -> None:
    data = long_named()
    fig = drawn(figure_for_silo_heatmap(data))
    labels = cells_axes(fig).get_xticklabels()
    assert {t.get_rotation() for t in labels} == {40}
    texts = [t.get_text() for t in labels]
    assert texts[-1] == "No department" and data.no_department
    assert len(set(texts)) == len(texts)  # cut, yet still told apart
    assert all(len(t) <= heatmap.TURNED_CHARS for t in texts)


def test_the_large_workshop_draws_with_thinned_labels(large_data: SiloHeatmapData, tmp_path: Path) -> None:
    fig = drawn(figure_for_silo_heatmap(large_data))
    assert np.asarray(cells_axes(fig).images[0].get_array()).shape == (300, 12, 3)
    rows = [t.get_text() for t in strip_axes(fig).get_yticklabels()]
    assert len(rows) <= MAX_ROW_LABELS
    assert rows[:3] == ["O1", "O21", "O41"]  # every 20th, keys only
    assert strip_axes(fig).get_ylabel() == "300 outcomes, every 20th labelled"
    assert len(cells_axes(fig).texts) == 0  # no letters in cells two pixels high
    target = save_png(fig, tmp_path / "large.png")
    assert imread(str(target)).shape[:2] == (1080, 1920)


def test_a_resize_rewraps_the_names_and_refits_the_legend(sample_data: SiloHeatmapData) -> None:
    fig = drawn(figure_for_silo_heatmap(sample_data, dpi=80))
    fig.set_size_inches(9.0, 6.0)
    ResizeEvent("resize_event", fig.canvas)._process()  # what an embedding canvas does on resize
    fig.draw_without_rendering()
    assert columns_apart(fig)
    frame = fig.bbox
    for t in cells_axes(fig).get_xticklabels():
        box = t.get_window_extent()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 and box.y1 <= frame.y1 + 1, t.get_text()
    (legend,) = fig.legends
    assert legend.get_window_extent().width <= fig.bbox.width
    assert legend._ncols < 6


@pytest.mark.parametrize(
    ("rows", "step"), [(1, 1), (20, 1), (21, 2), (40, 2), (41, 5), (100, 5), (101, 10), (300, 20), (450, 25)]
)
def test_row_labels_thin_in_round_steps(rows: int, step: int) -> None:
    assert row_step(rows) == step
    assert -(-rows // step) <= MAX_ROW_LABELS


def test_shorten_cuts_at_a_word_near_the_end_else_in_the_word() -> None:
    assert shorten("Cut support cost per customer", 36) == "Cut support cost per customer"
    assert shorten("Turn owners into ambassadors who bring in new riders", 36) == "Turn owners into ambassadors who…"
    assert shorten("Department of Information Technology", 20) == "Department of Infor…"
    assert shorten("  spaced   out  ", 36) == "spaced out"


# -- the empty cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (SiloHeatmapData((), (), (), (), (), None), EMPTY_MESSAGE),
        (SiloHeatmapData((), (), ("Sales",), (), (), None), EMPTY_MESSAGE),
        (SiloHeatmapData(("O1",), ("One",), (), ((),), (), 0.0), NO_DEPARTMENTS_MESSAGE),
    ],
)
def test_nothing_to_show_says_so(data: SiloHeatmapData, message: str, tmp_path: Path) -> None:
    fig = figure_for_silo_heatmap(data)
    assert fig.axes == []
    assert message in [t.get_text() for t in fig.texts] and fig.get_suptitle() == heatmap.HEATMAP_TITLE
    image = imread(str(save_png(fig, tmp_path / "empty.png")))
    assert image.shape[:2] == (1080, 1920)


def test_an_empty_workshop_and_one_without_people() -> None:
    assert EMPTY_MESSAGE in [t.get_text() for t in figure_for_silo_heatmap(silo_heatmap_data(Workshop())).texts]
    lonely = silo_heatmap_data(Workshop(outcomes=[Outcome("O1")]))
    assert NO_DEPARTMENTS_MESSAGE in [t.get_text() for t in figure_for_silo_heatmap(lonely).texts]


# -- the colours -------------------------------------------------------------------------------------


def test_involvement_runs_from_a_light_neutral_to_dark() -> None:
    assert len(INVOLVEMENT_COLOURS) == 5 and len(set(INVOLVEMENT_COLOURS)) == 5
    lightness = [relative_luminance(c) for c in INVOLVEMENT_COLOURS]
    assert lightness == sorted(lightness, reverse=True)
    for colour in INVOLVEMENT_COLOURS:  # greys: no hue to read as a RACI role (R is blue, C yellow)
        assert len({colour[1:3], colour[3:5], colour[5:7]}) == 1, colour


@pytest.mark.parametrize("vision", VISIONS)
def test_involvement_stays_apart_for_every_vision(vision: str) -> None:
    distance, a, b = closest_pair({str(i): c for i, c in enumerate(INVOLVEMENT_COLOURS)}, vision)
    assert distance >= MIN_DELTA_E, f"involvement {a} and {b} differ by only {distance:.1f} for {vision}"


def test_text_on_each_involvement_reads() -> None:
    for fill in INVOLVEMENT_COLOURS:
        assert contrast_ratio(fill, text_colour_on(fill)) >= 4.5


# -- one builder, no pyplot, no Qt -------------------------------------------------------------------

BUILD = """
import sys
from workshop.domain.reports import silo_heatmap_data
from workshop.export.charts import figure_for_silo_heatmap, save_png
from workshop.services.catalog import sample_workshop
fig = figure_for_silo_heatmap(silo_heatmap_data(sample_workshop()))
save_png(fig, sys.argv[1])
print(",".join(m for m in ("matplotlib.pyplot", "PySide6", "PyQt5", "PyQt6") if m in sys.modules) or "none")
"""


def test_built_through_charts_without_pyplot_or_qt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(
        [sys.executable, "-c", BUILD, str(tmp_path / "heatmap.png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "none", proc.stdout + proc.stderr
    assert charts.figure_for_silo_heatmap(made(1, 2)).get_suptitle() == heatmap.silo_title(made(1, 2))

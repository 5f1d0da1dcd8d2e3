"""The outcome map as a pure Figure: no Qt, no pyplot; its scale, bubbles, strip, labels, colours and PNG."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backend_bases import ResizeEvent
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.text import Text

from workshop.domain.enums import OutcomeCategory
from workshop.domain.formulas import Analysis
from workshop.domain.reports import OutcomeMapData, OutcomeMapPoint, outcome_map_data
from workshop.export import charts
from workshop.export.charts import (
    EMPTY_MESSAGE,
    HIDDEN_BUBBLE_AREA,
    MIN_BUBBLE_AREA,
    UNVALUED_TITLE,
    ChartWriteError,
    bubbles,
    figure_for_outcome_map,
    key_labels,
    save_png,
    uses_log_scale,
)
from workshop.export.palette import CATEGORY_COLOURS
from workshop.resources import SAMPLE, resource
from workshop.storage.interchange import read_workshop

SAMPLE_PATH = Path(str(resource(*SAMPLE)))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_data() -> OutcomeMapData:
    return outcome_map_data(Analysis(read_workshop(SAMPLE_PATH).workshop))


def point(key: str, value: float | None, dots: int | None = 1, confidence: float = 0.5, category: str = "support"):  # type: ignore[no-untyped-def]
    return OutcomeMapPoint(key, f"Outcome {key}", OutcomeCategory(category), confidence, value, dots)


def crowded(n: int = 40, seed: int = 3) -> OutcomeMapData:
    """Many outcomes close together, some unvalued: the case where labels would collide."""
    rng = random.Random(seed)
    cats = list(OutcomeCategory)
    points = tuple(
        point(
            f"O{i}",
            None if i % 6 == 0 else rng.uniform(50_000, 400_000),
            rng.randint(0, 9),
            rng.randint(2, 9) / 10,
            cats[i % len(cats)].value,
        )
        for i in range(1, n + 1)
    )
    return OutcomeMapData(points, "EUR")


def drawn(fig: Figure) -> Figure:
    fig.draw_without_rendering()
    return fig


def label_boxes(fig: Figure) -> dict[str, object]:
    """The labels shown, by key."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return {key: t.get_window_extent(renderer) for key, t in key_labels(fig).items() if t.get_visible()}


def overlapping_pairs(fig: Figure) -> list[tuple[str, str]]:
    boxes = label_boxes(drawn(fig))
    keys = sorted(boxes)
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if boxes[a].overlaps(boxes[b])]  # type: ignore[attr-defined]


def strip_of(fig: Figure):  # type: ignore[no-untyped-def]
    found = [ax for ax in fig.axes if ax.get_title() == UNVALUED_TITLE]
    return found[0] if found else None


# -- no Qt, no pyplot --------------------------------------------------------------------------------

BUILD = """
import sys
from workshop.domain.formulas import Analysis
from workshop.domain.reports import outcome_map_data
from workshop.export.charts import figure_for_outcome_map, save_png
from workshop.storage.interchange import read_workshop
fig = figure_for_outcome_map(outcome_map_data(Analysis(read_workshop(sys.argv[1]).workshop)))
fig.draw_without_rendering()
save_png(fig, sys.argv[2])
print(",".join(m for m in ("matplotlib.pyplot", "PySide6", "PyQt5", "PyQt6") if m in sys.modules) or "none")
"""


def test_the_figure_is_built_and_saved_without_pyplot_or_qt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(
        [sys.executable, "-c", BUILD, str(SAMPLE_PATH), str(tmp_path / "map.png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "none", proc.stdout + proc.stderr
    assert (tmp_path / "map.png").stat().st_size > 10_000


# -- the value axis ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "log"),
    [
        ([1.0, 101.0], True),  # span 101 > 100
        ([10.0, 1001.0, 50.0], True),
        ([1.0, 100.0], False),  # exactly 100 is not more than two orders of magnitude
        ([0.0, 5000.0, 1e9], False),  # a zero: no logarithm
        ([336000.0, 89100.0, 660000.0], False),  # the sample: a span of 7.4
        ([42.0], False),
    ],
)
def test_log_scale_exactly_when_every_value_is_positive_and_they_span_more_than_100(
    values: list[float], log: bool
) -> None:
    assert uses_log_scale(values) is log
    data = OutcomeMapData(tuple(point(f"O{i}", v) for i, v in enumerate(values)), "EUR")
    fig = figure_for_outcome_map(data)
    assert fig.axes[0].get_xscale() == ("log" if log else "linear")


def test_unvalued_outcomes_do_not_decide_the_scale() -> None:
    data = OutcomeMapData((point("A", 1.0), point("B", None), point("C", 1e6)), "EUR")
    assert figure_for_outcome_map(data).axes[0].get_xscale() == "log"


def test_titles_axis_labels_and_readable_sizes(sample_data: OutcomeMapData) -> None:
    fig = drawn(figure_for_outcome_map(sample_data))
    ax = fig.axes[0]
    assert fig.get_suptitle() == "Outcome map"
    assert ax.get_xlabel() == "Annual value (EUR)"
    assert ax.get_ylabel() == "Confidence"
    assert ax.get_ylim()[0] < 0 and ax.get_ylim()[1] > 1  # confidence 0..1, with room for the bubbles
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 20
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 12]
    assert small == []
    width, height = fig.get_size_inches() * fig.dpi
    assert (round(width), round(height)) == (1920, 1080)


# -- bubbles -----------------------------------------------------------------------------------------


def test_bubble_area_follows_the_dots(sample_data: OutcomeMapData) -> None:
    fig = drawn(figure_for_outcome_map(sample_data))
    sizes = {key: b.area for key, b in bubbles(fig).items()}
    dots = {p.key: p.dots for p in sample_data.outcomes}
    assert set(sizes) == set(dots)
    # O1 (8 dots) is 8 times O8 (1 dot) and twice O4 (4); O1 and O2 (8 each) are equal.
    assert sizes["O1"] == pytest.approx(8 * sizes["O8"])
    assert sizes["O1"] == pytest.approx(2 * sizes["O4"])
    assert sizes["O1"] == sizes["O2"]
    for key, size in sizes.items():
        assert size == pytest.approx(sizes["O1"] * dots[key] / 8)  # type: ignore[operator]


def test_no_dots_gets_the_smallest_bubble_and_a_hidden_tally_makes_them_equal(sample_data: OutcomeMapData) -> None:
    data = OutcomeMapData((point("A", 10.0, 0), point("B", 20.0, 5), point("C", None, 0)), "EUR")
    sizes = {k: b.area for k, b in bubbles(figure_for_outcome_map(data)).items()}
    assert sizes["A"] == sizes["C"] == MIN_BUBBLE_AREA < sizes["B"]
    hidden = outcome_map_data(Analysis(read_workshop(SAMPLE_PATH).workshop), hide_dots=True)
    fig = drawn(figure_for_outcome_map(hidden))
    sizes = {k: b.area for k, b in bubbles(fig).items()}
    assert len(sizes) == 8 and set(sizes.values()) == {HIDDEN_BUBBLE_AREA}
    assert "hidden" in fig.legends[0].get_title().get_text()


def test_bubbles_shrink_with_a_small_figure_and_stay_in_proportion(sample_data: OutcomeMapData) -> None:
    fig = drawn(figure_for_outcome_map(sample_data, size=(8.0, 4.5)))
    sizes = {key: b.area for key, b in bubbles(fig).items()}
    assert sizes["O1"] == pytest.approx(8 * sizes["O8"])
    assert sizes["O1"] == pytest.approx(charts.MAX_BUBBLE_AREA * 0.5**2)  # half as wide on half the width


def test_the_bubbles_sit_at_value_and_confidence(sample_data: OutcomeMapData) -> None:
    fig = figure_for_outcome_map(sample_data)
    o1 = bubbles(fig)["O1"]
    assert o1.ax is fig.axes[0]
    assert o1.xy == (336000.0, 0.6)


# -- the unvalued strip ------------------------------------------------------------------------------


def test_unvalued_outcomes_sit_in_their_own_strip(sample_data: OutcomeMapData) -> None:
    fig = figure_for_outcome_map(sample_data)
    strip = strip_of(fig)
    assert strip is not None
    in_strip = {key for key, b in bubbles(fig).items() if b.ax is strip}
    assert in_strip == {"O3"}
    assert {key for key, b in bubbles(fig).items() if b.ax is fig.axes[0]} == {"O1", "O2", "O4", "O5", "O6",
                                                                                   "O7", "O8"}  # fmt: skip
    assert bubbles(fig)["O3"].xy[1] == pytest.approx(0.4)  # at its confidence


def test_the_strip_holds_exactly_the_unvalued_and_is_left_out_when_there_are_none() -> None:
    data = crowded()
    fig = figure_for_outcome_map(data)
    strip = strip_of(fig)
    assert {key for key, b in bubbles(fig).items() if b.ax is strip} == {p.key for p in data.unvalued}
    valued_only = OutcomeMapData(data.valued, "EUR")
    fig = figure_for_outcome_map(valued_only)
    assert strip_of(fig) is None and len(fig.axes) == 1


def test_nothing_valued_still_draws_the_strip() -> None:
    data = OutcomeMapData((point("A", None), point("B", None, 3)), "USD")
    fig = drawn(figure_for_outcome_map(data))
    assert {key for key, b in bubbles(fig).items() if b.ax is strip_of(fig)} == {"A", "B"}
    assert any(t.get_text() == "No outcome has a value yet" for t in fig.axes[0].texts)
    assert fig.axes[0].get_xlabel() == "Annual value (USD)"


# -- labels ------------------------------------------------------------------------------------------


def test_every_outcome_has_its_key_as_a_label(sample_data: OutcomeMapData) -> None:
    labels = key_labels(figure_for_outcome_map(sample_data))
    assert {k: t.get_text() for k, t in labels.items()} == {p.key: p.key for p in sample_data.outcomes}


@pytest.mark.parametrize("size", [(16.0, 9.0), (8.0, 5.0)])
def test_no_two_labels_overlap_on_the_sample(sample_data: OutcomeMapData, size: tuple[float, float]) -> None:
    fig = figure_for_outcome_map(sample_data, size=size)
    assert overlapping_pairs(fig) == []
    assert len(label_boxes(fig)) == 8  # every key shown


@pytest.mark.parametrize("n", [12, 40])
def test_no_two_labels_overlap_when_crowded(n: int) -> None:
    fig = figure_for_outcome_map(crowded(n))
    assert overlapping_pairs(fig) == []
    assert len(label_boxes(fig)) == n


def test_a_map_too_crowded_for_every_key_leaves_out_the_last_ones() -> None:
    data = crowded(250)
    fig = figure_for_outcome_map(data)
    assert overlapping_pairs(fig) == []
    shown = set(label_boxes(fig))
    assert 40 < len(shown) < 250
    assert {p.key for p in data.outcomes[:10]} <= shown  # the first in order are placed first


def test_labels_keep_clear_of_the_bubbles_and_inside_their_axes(sample_data: OutcomeMapData) -> None:
    fig = drawn(figure_for_outcome_map(sample_data))
    boxes = label_boxes(fig)
    px = fig.dpi / 72
    found = bubbles(fig)
    for key, box in boxes.items():
        frame = found[key].ax.bbox
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1  # type: ignore[attr-defined]
        for other, bubble in found.items():
            cx, cy = bubble.ax.transData.transform(bubble.xy)
            radius = math.sqrt(bubble.area) / 2 * px
            nx = min(max(cx, box.x0), box.x1)  # type: ignore[attr-defined]
            ny = min(max(cy, box.y0), box.y1)  # type: ignore[attr-defined]
            assert math.hypot(cx - nx, cy - ny) >= radius - 0.5, (key, other)


def test_labels_are_placed_again_when_the_figure_is_resized(sample_data: OutcomeMapData) -> None:
    fig = drawn(figure_for_outcome_map(sample_data))
    before = {k: tuple(b.bounds) for k, b in label_boxes(fig).items()}
    fig.set_size_inches(7.0, 4.5)
    ResizeEvent("resize_event", fig.canvas)._process()  # what an embedding canvas does on resize
    assert overlapping_pairs(fig) == []
    after = {k: tuple(b.bounds) for k, b in label_boxes(fig).items()}
    assert before != after
    (legend,) = fig.legends
    box = legend.get_window_extent()
    assert box.width <= fig.bbox.width and box.height <= fig.bbox.height
    assert legend._ncols < 5  # fewer columns than across 16 inches


def test_placement_is_deterministic(sample_data: OutcomeMapData) -> None:
    first = {k: tuple(b.bounds) for k, b in label_boxes(drawn(figure_for_outcome_map(crowded(30)))).items()}  # type: ignore[attr-defined]
    again = {k: tuple(b.bounds) for k, b in label_boxes(drawn(figure_for_outcome_map(crowded(30)))).items()}  # type: ignore[attr-defined]
    assert first == again


# -- colours and legend ------------------------------------------------------------------------------


def test_colour_by_category_from_the_palette(sample_data: OutcomeMapData) -> None:
    fig = figure_for_outcome_map(sample_data)
    category = {p.key: p.category for p in sample_data.outcomes}
    for key, bubble in bubbles(fig).items():
        assert bubble.colour[:3] == pytest.approx(to_rgba(CATEGORY_COLOURS[category[key]])[:3]), key


def test_the_legend_names_the_categories_that_appear(sample_data: OutcomeMapData) -> None:
    fig = figure_for_outcome_map(sample_data)
    (legend,) = fig.legends
    shown = {t.get_text(): h for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert set(shown) == {charts.category_title(p.category) for p in sample_data.outcomes}
    assert "Cost reduction" not in shown  # no outcome of the sample is in it
    for c in {p.category for p in sample_data.outcomes}:
        handle = shown[charts.category_title(c)]
        assert to_rgba(handle.get_markerfacecolor())[:3] == pytest.approx(to_rgba(CATEGORY_COLOURS[c])[:3])  # type: ignore[union-attr]


# -- an empty workshop -------------------------------------------------------------------------------


def test_an_empty_workshop_says_so(tmp_path: Path) -> None:
    fig = figure_for_outcome_map(OutcomeMapData((), "EUR"))
    assert fig.axes == []
    assert EMPTY_MESSAGE in [t.get_text() for t in fig.texts]
    save_png(fig, tmp_path / "empty.png")
    assert imread(str(tmp_path / "empty.png")).shape[:2] == (1080, 1920)


# -- saving ------------------------------------------------------------------------------------------


def test_save_png_writes_a_png_that_reads_back(sample_data: OutcomeMapData, tmp_path: Path) -> None:
    target = tmp_path / "outcome-map.png"
    assert save_png(figure_for_outcome_map(sample_data), target) == target
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = imread(str(target))
    assert image.shape[:2] == (1080, 1920)
    assert image[5, 5, :3].tolist() == [1.0, 1.0, 1.0]  # a white background, for a slide
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcome-map.png"]


def test_save_png_over_a_folder_fails_clearly_and_leaves_no_temporary_file(
    sample_data: OutcomeMapData, tmp_path: Path
) -> None:
    target = tmp_path / "chart.png"
    target.mkdir()  # a folder where the file should go: the move into place fails
    with pytest.raises(ChartWriteError) as caught:
        save_png(figure_for_outcome_map(sample_data), target)
    assert str(target) in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]
    assert target.is_dir()


def test_save_png_in_a_missing_folder_fails_naming_the_file(sample_data: OutcomeMapData, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "chart.png"
    with pytest.raises(ChartWriteError, match=r"Cannot save the chart as .*chart\.png"):
        save_png(figure_for_outcome_map(sample_data), target)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_keeps_the_old_file(
    sample_data: OutcomeMapData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")

    def disk_full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(charts.os, "replace", disk_full)
    with pytest.raises(ChartWriteError, match="No space left on device"):
        save_png(figure_for_outcome_map(sample_data), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]

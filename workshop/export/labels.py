"""Where the key labels of the outcome map go: beside their bubbles, inside their axes, clear of each other,
placed again at every draw so that they hold at whatever size the figure is shown or saved.

matplotlib's object API only, no Qt; like ``charts``, which imports it, never imported at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

#: Points between a bubble's edge and its label, and the clearance a label keeps from everything else.
_GAP = 6.0
_CLEARANCE = 3.0
#: Right, above, left, below, then the diagonals; at each distance in turn, the further ones with a leader line.
_DIRECTIONS = ((1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, 1), (-1, -1), (1, -1))
_RINGS = (0.0, 14.0, 30.0, 50.0, 75.0, 105.0, 140.0)
#: On a figure smaller than the full size the bubbles shrink with it, down to this share of their width.
_MIN_BUBBLE_SCALE = 0.45


@dataclass(slots=True)
class KeyLabel:
    """An outcome's key label, with the bubble it belongs to and its leader line."""

    key: str
    annotation: Annotation
    bubbles: PathCollection  # the scatter of the label's axes
    index: int  # the label's bubble in it
    area: float  # the bubble's area in points squared on a figure of the full size
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


def _candidates() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every place to try, in order: the direction (dx, dy), the unit vector, and the ring."""
    dirs = np.array([d for _ring in _RINGS for d in _DIRECTIONS], dtype=float)
    rings = np.array([ring for ring in _RINGS for _d in _DIRECTIONS])
    units = dirs / np.hypot(dirs[:, 0], dirs[:, 1])[:, None]
    return dirs, units, rings


_DIRS, _UNITS, _RING_OF = _candidates()


def bubble_scale(fig: Figure, full_size: tuple[float, float]) -> float:
    """How much narrower bubbles are drawn on a figure smaller than ``full_size``, the size their areas are
    given for (1: not at all)."""
    width, height = fig.get_size_inches()
    return max(_MIN_BUBBLE_SCALE, min(1.0, width / full_size[0], height / full_size[1]))


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


def place_labels(labels: Sequence[KeyLabel], renderer: RendererBase, full_size: tuple[float, float]) -> None:
    """Each label, in order, takes the first place around its bubble that stays inside its axes and touches
    no bubble and no label placed before it; where none is free, the place inside that covers bubbles least.
    A label with no place inside that covers no other label is left out: on a map too crowded for every key
    (hundreds of outcomes), the first in order keep theirs. Bubbles shrink on a figure smaller than
    ``full_size``."""
    if not labels:
        return
    px = renderer.points_to_pixels(1.0)
    clear = _CLEARANCE * px
    scale = bubble_scale(labels[0].ax.get_figure(root=True), full_size)  # type: ignore[arg-type]
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


class LabelPlacer(Artist):
    """Scales the bubbles and places the labels at every draw, once the layout is done and before the axes draw
    them: so they stay apart at whatever size the figure is shown or saved."""

    def __init__(self, labels: list[KeyLabel], full_size: tuple[float, float]) -> None:
        super().__init__()
        self.labels = labels
        self.full_size = full_size  # the figure size the bubble areas are given for
        self.set_zorder(-1000)  # before the axes (zorder 0)
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        place_labels(self.labels, renderer, self.full_size)
        self.stale = False


def _labels_of(fig: Figure) -> list[KeyLabel]:
    return [lab for a in fig.artists if isinstance(a, LabelPlacer) for lab in a.labels]


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

"""Where the names of the power/interest grid go: beside their marks when there is room, else as near as can
be, where they cannot be read as someone else's name if such a place is left; never over another label, a mark
or a quadrant title, never out of the grid.

Rectangles only (no painting, no widget), so the grid's tests check what the room sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF

#: Where a label goes from its mark.
RIGHT, LEFT, ABOVE, BELOW = 1, -1, 2, -2


def beside(centre: QPointF, size: QSizeF, reach: float, side: int) -> QRectF:
    """A label of ``size`` ``reach`` from a mark's centre: level with it to the RIGHT or LEFT, or centred ABOVE
    or BELOW it."""
    w, h = size.width(), size.height()
    if side in (ABOVE, BELOW):
        top = centre.y() - reach + 3 - h if side == ABOVE else centre.y() + reach - 3
        return QRectF(centre.x() - w / 2, top, w, h)
    x = centre.x() + reach if side == RIGHT else centre.x() - reach - w
    return QRectF(x, centre.y() - h / 2, w, h)


#: How many places labels may try away from their marks, in all: a crowd beyond that keeps its names to the
#: tooltips rather than freeze the redraw (about 50 ms).
FAR_TRIES = 4000


class _Taken:
    """Rectangles already taken, bucketed on a coarse grid so that a test looks only at its neighbours."""

    SIZE = 128.0

    def __init__(self, rects: Sequence[QRectF] = ()) -> None:
        self.buckets: dict[tuple[int, int], list[QRectF]] = {}
        for rect in rects:
            self.add(rect)

    def _keys(self, r: QRectF) -> list[tuple[int, int]]:
        size = self.SIZE
        top, bottom = int(r.top() // size), int(r.bottom() // size)
        return [
            (i, j) for i in range(int(r.left() // size), int(r.right() // size) + 1) for j in range(top, bottom + 1)
        ]

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self.buckets.setdefault(key, []).append(rect)

    def hits(self, rect: QRectF) -> bool:
        get = self.buckets.get
        return any(rect.intersects(o) for key in self._keys(rect) for o in get(key, ()))


def place_labels(
    centres: Sequence[QPointF],
    sides: Sequence[int],
    options: Sequence[Sequence[QSizeF]],
    stacks: Sequence[Sequence[int]],
    obstacles: Sequence[QRectF],
    bounds: QRectF,
    reach: float,
) -> list[tuple[QRectF, int] | None]:
    """Labels inside ``bounds`` that overlap no other label and no obstacle (marks, titles), each as (rect, which
    of its sizes: the whole name first, then shorter), or None when no place is left. Stack by stack in the
    order given: a stack's labels on their ``sides``, level with their marks or shifted together by up to a
    label's height; a lone point's right, left, above or below. Then each label that found no such place goes
    to the nearest free one, shortened (the painter draws a leader to it)."""
    taken = _Taken(obstacles)
    out: list[tuple[QRectF, int] | None] = [None for _ in centres]

    def free(rect: QRectF) -> bool:
        return bounds.contains(rect) and not taken.hits(rect)

    later: list[int] = []
    for stack in stacks:
        if len(stack) > 1 and not sides[stack[0]]:
            later.extend(stack)  # a packed crowd: each label wherever it finds room
            continue
        step = options[stack[0]][0].height() / 2
        ways = [[RIGHT], [LEFT], [ABOVE], [BELOW]] if len(stack) == 1 else [[sides[i] for i in stack]]
        shifts = (0.0, step, -step, 2 * step, -2 * step)
        levels = min(2, max(len(options[i]) for i in stack))  # whole or short: five letters only far off
        tries = ((level, dy, way) for level in range(levels) for dy in shifts for way in ways)
        for level, dy, way in tries:
            chosen = [min(level, len(options[i]) - 1) for i in stack]
            rects = [
                beside(centres[i] + QPointF(0, dy), options[i][c], reach, side)
                for i, c, side in zip(stack, chosen, way, strict=True)
            ]
            if all(free(r) for r in rects):  # rows a label's height apart never overlap
                for i, rect, c in zip(stack, rects, chosen, strict=True):
                    taken.add(rect)
                    out[i] = (rect, c)
                break
        else:
            later.extend(stack)  # once every label that can sit by its mark does
    budget = [FAR_TRIES]
    for i in later:
        if budget[0] <= 0:
            break
        found = _search(centres[i], centres, options[i], reach, free, budget, 8)
        if found is None and budget[0] > 0:  # a small, crowded grid: farther off, with a leader, beats no name
            found = _search(centres[i], centres, options[i], reach, free, budget, 20)
        if found is not None:
            taken.add(found[0])
            out[i] = found
    return out


def _search(
    centre: QPointF,
    centres: Sequence[QPointF],
    options: Sequence[QSizeF],
    reach: float,
    free: Callable[[QRectF], bool],
    budget: list[int],
    steps: int,
) -> tuple[QRectF, int] | None:
    """The free place nearest the mark for one label, within ``steps`` half label heights across and down, on
    a grid aligned with the mark, at each of its shorter sizes in turn, and not ``misleading`` if it can; each
    place tried spends one of ``budget``."""
    cx, cy = centre.x(), centre.y()
    for c, size in enumerate(options):
        if c == 0 and len(options) > 1:
            continue  # away from its mark, a short label is enough
        w, h = size.width(), size.height()
        places = []
        for x in {x0 + k * h / 2 for x0 in (cx + reach, cx - reach - w) for k in range(-steps, steps + 1)}:
            dx = max(x - cx, 0.0, cx - x - w)
            for k in range(-steps, steps + 1):
                y = cy - h / 2 + k * h / 2
                dy = max(y - cy, 0.0, cy - y - h)
                places.append((dx * dx + dy * dy, x < cx, x, y))
        places.sort()
        fallback = None
        for _, _, x, y in places:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            rect = QRectF(x, y, w, h)
            if free(rect):
                if not misleading(rect, centre, centres, reach - 4):
                    return rect, c
                fallback = fallback or rect
        if fallback is not None:
            return fallback, c
    return None


def misleading(rect: QRectF, own: QPointF, centres: Sequence[QPointF], clearance: float) -> bool:
    """A label reads as another's name when another mark is nearer to it than its own, or when the leader to
    it passes over another mark."""
    mine = distance(own, rect)
    end = QPointF(min(max(own.x(), rect.left()), rect.right()), min(max(own.y(), rect.top()), rect.bottom()))
    return any(c != own and (distance(c, rect) < mine or _off_segment(c, own, end) < clearance) for c in centres)


def _off_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    """How far p is from the segment a-b."""
    ab, ap = b - a, p - a
    length = QPointF.dotProduct(ab, ab)
    t = 0.0 if length == 0 else min(1.0, max(0.0, QPointF.dotProduct(ap, ab) / length))
    d = ap - ab * t
    return math.hypot(d.x(), d.y())


def distance(point: QPointF, rect: QRectF) -> float:
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return math.hypot(dx, dy)

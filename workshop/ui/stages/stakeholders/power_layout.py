"""Where everything on the power/interest grid goes: the frame, the places, points spread apart, labels apart.

Geometry only, no painting: power_paint.py draws what this computes (the labels' places come from
power_labels.py), and the grid's tests read the same rectangles back, so "no label overlaps another" is checked
on what the room sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from workshop.domain.stakeholders import HIGH, Quadrant, quadrant
from workshop.domain.text import name_key
from workshop.ui.stages.stakeholders.power_labels import LEFT, RIGHT, distance, misleading, place_labels

#: The scale of power and interest, and the dividing line: a point on it (3) counts as low.
LOWEST, HIGHEST = 1, 5
DIVIDE = HIGH - 1
PARTICIPANT, STAKEHOLDER = "participant", "stakeholder"


@dataclass(frozen=True, slots=True)
class GridPoint:
    """One person on the grid: a participant (in the room) or a stakeholder (not in the room), as the workshop
    holds them now, with the row id an edit needs."""

    kind: str
    name: str
    role: str
    department: str | None
    power: int
    interest: int
    row_id: int

    @property
    def key(self) -> tuple[str, str]:
        """What the selection holds on to across edits: the kind and the name as the method compares names."""
        return (self.kind, name_key(self.name))

    @property
    def in_room(self) -> bool:
        return self.kind == PARTICIPANT

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.power, self.interest)


@dataclass(frozen=True, slots=True)
class GridFonts:
    """The type of the grid: never below the app's font, a little larger on a large widget; the quadrant
    titles larger still, shrunk (to no less than 1.2 times the app's font) until they fit their quadrant."""

    label: QFont
    axis: QFont
    title: QFont

    @classmethod
    def for_size(cls, base: QFont, width: float, height: float, longest_title: Callable[[QFont], float]) -> GridFonts:
        scale = max(1.0, min(1.3, width / 900, height / 640))
        label = scaled(base, scale)
        axis = scaled(base, scale, bold=True)
        title = scaled(base, max(1.25, min(2.3, height / 640 * 1.8)), bold=True)
        room = (width - 4 * QFontMetricsF(label).height()) / 2 - 24  # half the frame, with padding
        while longest_title(title) > room and _size(title) > _size(base) * 1.2:
            title = scaled(title, 0.92)
        return cls(label, axis, title)


def _size(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def scaled(font: QFont, factor: float, *, bold: bool | None = None) -> QFont:
    out = QFont(font)
    if font.pointSizeF() > 0:
        out.setPointSizeF(font.pointSizeF() * factor)
    else:
        out.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold is not None:
        out.setBold(bold)
    return out


@dataclass(frozen=True, slots=True)
class GridGeometry:
    """The tinted frame and, inside it, where the values 0.5-5.5 map: bands above and below hold the quadrant
    titles, clear of the points; the dividing lines at 3 halve both."""

    frame: QRectF
    inner: QRectF

    def x(self, interest: float) -> float:
        return self.inner.left() + (interest - 0.5) / 5 * self.inner.width()

    def y(self, power: float) -> float:
        return self.inner.bottom() - (power - 0.5) / 5 * self.inner.height()

    def spot(self, power: float, interest: float) -> QPointF:
        return QPointF(self.x(interest), self.y(power))

    def values_at(self, pos: QPointF) -> tuple[int, int]:
        """(power, interest) of the nearest place, kept within 1-5: where a point dropped at ``pos`` lands."""
        interest = (pos.x() - self.inner.left()) / max(1.0, self.inner.width()) * 5 + 0.5
        power = (self.inner.bottom() - pos.y()) / max(1.0, self.inner.height()) * 5 + 0.5
        return _snap(power), _snap(interest)


def _snap(value: float) -> int:
    return min(HIGHEST, max(LOWEST, math.floor(value + 0.5)))


@dataclass(slots=True)
class PlacedPoint:
    """A point as drawn: its mark's centre (spread from its place when others share it) and its label."""

    point: GridPoint
    center: QPointF
    label: QRectF | None = None
    text: str = ""


def stack_blocks(wanted: Sequence[tuple[float, float]], low: float, high: float) -> list[float]:
    """Tops for blocks given top to bottom as (wanted centre, height): none overlaps the next, each as near its
    wanted centre as its neighbours allow, all within low..high when they fit (apart matters more than within)."""

    def best_top(members: list[int]) -> float:
        offset = total = 0.0
        for j in members:
            total += wanted[j][0] - wanted[j][1] / 2 - offset
            offset += wanted[j][1]
        return total / len(members)

    clusters: list[list[int]] = []
    for i in range(len(wanted)):
        members = [i]
        while clusters and best_top(clusters[-1]) + sum(wanted[j][1] for j in clusters[-1]) > best_top(members):
            members = clusters.pop() + members
        clusters.append(members)
    tops: list[float] = []
    for members in clusters:
        top = best_top(members)
        for j in members:
            tops.append(top)
            top += wanted[j][1]
    for j in range(len(tops)):
        tops[j] = max(tops[j], low if j == 0 else tops[j - 1] + wanted[j - 1][1])
    for j in reversed(range(len(tops))):
        tops[j] = min(tops[j], (high if j == len(tops) - 1 else tops[j + 1]) - wanted[j][1])
    return tops


def spread(
    points: Sequence[GridPoint], geometry: GridGeometry, row: float, radius: float
) -> tuple[list[QPointF], list[int]]:
    """Centres of the marks, and the side each label goes (0: any). The points of one place sit in pairs, row
    under row in the room's order, labels outwards (an odd last one centred, labelled right); a crowd too tall
    for that (the whole room still at 3, 3) packs into a square. Each centred on its place, except on a dividing
    line, which counts as low: there a stack hangs from it into the low side. The places of one column are
    pushed apart, and kept off the dividing line unless they sit on it."""
    places = {(points[s[0]].power, points[s[0]].interest): s for s in stacks_of(points)}
    centres, sides = [QPointF() for _ in points], [0 for _ in points]
    line, packed = geometry.y(DIVIDE), 2.7 * radius

    def shape(n: int) -> tuple[int, float]:
        """(columns, row height) of a place with n points."""
        if n == 1 or (n + 1) // 2 * row <= 0.6 * geometry.inner.height():
            return (min(n, 2), row)
        return (math.ceil(math.sqrt(n)), packed)

    for interest in {i for _, i in places}:
        column = sorted((p for p, i in places if i == interest), reverse=True)
        wanted = []
        for power in column:
            n = len(places[(power, interest)])
            columns, height = shape(n)
            h = math.ceil(n / columns) * height
            centre = geometry.y(power)
            if power > DIVIDE:
                centre = min(centre, line - 1.3 * radius - h / 2)
            elif power < DIVIDE:
                centre = max(centre, line + 1.3 * radius + h / 2)
            else:  # on the line, which counts as low: the first row on it, the others below
                centre += (h - height) / 2
            wanted.append((centre, h))
        tops = stack_blocks(wanted, geometry.inner.top(), geometry.inner.bottom())
        for power, top in zip(column, tops, strict=True):
            stack, x = places[(power, interest)], geometry.x(interest)
            columns, height = shape(len(stack))
            if interest == DIVIDE and len(stack) > 1:  # the last column on the line, the others on the low side
                x -= 1.5 * radius if columns == 2 else (columns - 1) / 2 * packed
            for k, i in enumerate(stack):
                y = top + (k // columns + 0.5) * height
                if columns > 2:
                    centres[i] = QPointF(x + (k % columns - (columns - 1) / 2) * packed, y)
                elif len(stack) == 1:
                    centres[i] = QPointF(x, y)
                elif k % 2 == 0 and k == len(stack) - 1:
                    centres[i], sides[i] = QPointF(x, y), RIGHT
                else:
                    side = LEFT if k % 2 == 0 else RIGHT
                    centres[i], sides[i] = QPointF(x + side * 1.5 * radius, y), side
    return centres, sides


def stacks_of(points: Sequence[GridPoint]) -> list[list[int]]:
    """The indices of the points that share a place, place by place in the room's order of their first point."""
    places: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(points):
        places.setdefault((p.power, p.interest), []).append(i)
    return list(places.values())


@dataclass(frozen=True, slots=True)
class GridTexts:
    """What the grid says, translated by the widget: the quadrant titles, the axes, the legend."""

    titles: dict[Quadrant, str]
    interest: str
    power: str
    in_room: str
    not_in_room: str


@dataclass(slots=True)
class GridLayout:
    """Everything the grid draws, where it goes, for one size, font, set of points and names shown or not."""

    geometry: GridGeometry
    fonts: GridFonts
    texts: GridTexts
    radius: float
    reach: float
    quadrants: dict[Quadrant, QRectF]
    titles: dict[Quadrant, QRectF]
    legend: list[tuple[bool, QPointF, QRectF]]  # (in the room, centre of the mark, the text's rect)
    placed: list[PlacedPoint]


def quadrant_rects(geometry: GridGeometry) -> dict[Quadrant, QRectF]:
    f, mid = geometry.frame, geometry.spot(DIVIDE, DIVIDE)
    return {
        Quadrant.KEEP_SATISFIED: QRectF(f.topLeft(), mid),
        Quadrant.MANAGE_CLOSELY: QRectF(QPointF(mid.x(), f.top()), QPointF(f.right(), mid.y())),
        Quadrant.MONITOR: QRectF(QPointF(f.left(), mid.y()), QPointF(mid.x(), f.bottom())),
        Quadrant.KEEP_INFORMED: QRectF(mid, f.bottomRight()),
    }


def lay_out(points: Sequence[GridPoint], width: float, height: float, base: QFont, texts: GridTexts, *,
            names: bool) -> GridLayout:  # fmt: skip
    """Margins for the legend, ticks and axis titles; the frame; quadrant titles in its bands; the points spread
    and, with ``names``, labelled (elided to fit between two columns: the tooltip has the whole name)."""
    fonts = GridFonts.for_size(base, width, height, lambda f: max(map(QFontMetricsF(f).horizontalAdvance,
                                                                      texts.titles.values())))  # fmt: skip
    label, axis, title = QFontMetricsF(fonts.label), QFontMetricsF(fonts.axis), QFontMetricsF(fonts.title)
    line = label.height()
    radius = max(7.0, line * 0.4)
    top = max(line, 2.5 * radius) + 10
    left = axis.height() + 14 + label.horizontalAdvance("5") + 10
    bottom = line + 6 + axis.height() + 6
    frame = QRectF(left, top, max(40.0, width - left - 14), max(40.0, height - top - bottom))
    band = title.height() + 6
    inner = frame.adjusted(0, min(band, frame.height() / 4), 0, -min(band, frame.height() / 4))
    geometry = GridGeometry(frame, inner)
    titles: dict[Quadrant, QRectF] = {}
    for q, region in quadrant_rects(geometry).items():
        w, h = title.horizontalAdvance(texts.titles[q]) + 4, title.height()
        x = region.left() + 10 if region.left() < geometry.x(DIVIDE) else region.right() - 10 - w
        y = region.top() + 3 if region.top() < geometry.y(DIVIDE) else region.bottom() - 3 - h
        titles[q] = QRectF(x, y, w, h)
    legend: list[tuple[bool, QPointF, QRectF]] = []
    x, mid = frame.right(), (top - 6) / 2
    for in_room, text in ((False, texts.not_in_room), (True, texts.in_room)):
        w = label.horizontalAdvance(text) + 4
        rect = QRectF(x - w, mid - line / 2, w, line)
        legend.insert(0, (in_room, QPointF(rect.left() - 8 - 1.25 * radius, mid), rect))
        x = rect.left() - 8 - 2.5 * radius - 28
    row = (max(line + 2, 2.5 * radius) + 2) if names else 2.5 * radius + 6
    centres, sides = spread(points, geometry, row, radius)
    reach = 1.25 * radius + 6
    placed = [PlacedPoint(p, c) for p, c in zip(points, centres, strict=True)]
    if names:
        cell = inner.width() / 5  # the shorter label, right of its mark, ends before the next column's marks
        most = max(label.averageCharWidth() * 8, cell - reach - 1.3 * radius - 20)
        texts_of = [_label_texts(pp.point.name, label, most) for pp in placed]
        options = [[QSizeF(label.horizontalAdvance(t) + 8, line + 2) for t in names] for names in texts_of]
        marks = [QRectF(c - QPointF(1.3 * radius, 1.3 * radius), QSizeF(2.6 * radius, 2.6 * radius)) for c in centres]
        obstacles, stacks = [*marks, *titles.values()], stacks_of(points)

        def cost(labels: list[tuple[QRectF, int] | None]) -> float:
            """How far labels are from their marks, how much of the names they cut, how many read as another's
            name or are missing: lower reads better."""
            total = 0.0
            for c, names, found in zip(centres, texts_of, labels, strict=True):
                if found is None:
                    total += 12 * line
                    continue
                rect, k = found
                total += max(0.0, distance(c, rect) - reach) + 4 * line * (1 - len(names[k]) / len(names[0]))
                total += 6 * line * misleading(rect, c, centres, reach - 4)
            return total

        chosen = place_labels(centres, sides, options, sorted(stacks, key=len, reverse=True), obstacles, frame, reach)
        if len(points) <= 60 and cost(chosen) > 0:  # big stacks first fits whole names; lone points first may
            other = place_labels(centres, sides, options, sorted(stacks, key=len), obstacles, frame, reach)
            chosen = min(chosen, other, key=cost)  # help a crowded small grid
        for pp, names, found in zip(placed, texts_of, chosen, strict=True):
            if found is not None:
                pp.label, pp.text = found[0], names[found[1]]
    return GridLayout(geometry, fonts, texts, radius, reach, quadrant_rects(geometry), titles, legend, placed)


def _label_texts(name: str, metrics: QFontMetricsF, most: float) -> list[str]:
    """The name whole (up to twice ``most``), elided to ``most``, elided to five letters: the longest that fits."""
    texts: list[str] = []
    for width in (2 * most, most, metrics.horizontalAdvance("M") * 5):
        text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
        if text not in texts:
            texts.append(text)
    return texts

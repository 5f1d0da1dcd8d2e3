"""Painting the power/interest grid from its layout: quadrants, axes, legend, marks, labels, a drag's target.

Colours: ink is the palette's black (the most contrast on a projector); the quadrants share one neutral tint,
deeper where the room must pay more attention, because every palette hue already means something else (a
category, a role, a kind, a severity). The selection takes the system's highlight, as a selection does anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF

from workshop.domain.stakeholders import Quadrant
from workshop.export import palette
from workshop.ui.stages.stakeholders.power_layout import DIVIDE, HIGHEST, LOWEST, GridLayout, PlacedPoint

INK = QColor(palette.BLACK)
TINT_ALPHA: dict[Quadrant, int] = {
    Quadrant.MANAGE_CLOSELY: 40,
    Quadrant.KEEP_SATISFIED: 22,
    Quadrant.KEEP_INFORMED: 22,
    Quadrant.MONITOR: 8,
}


def _ink(alpha: int = 255) -> QColor:
    colour = QColor(INK)
    colour.setAlpha(alpha)
    return colour


def paint_grid(
    p: QPainter,
    lay: GridLayout,
    drawn: Sequence[PlacedPoint],
    selected: tuple[str, str] | None,
    colours: QPalette,
    *,
    empty: str | None,
    landing: tuple[int, int] | None,
    focus_frame: bool,
) -> None:
    """Everything, in order: points as ``drawn`` (the selected one last, on top), leaders over the marks, the
    place a dragged point would land on, and a focus frame when the grid has the focus but no selection."""
    paper, highlight = colours.color(QPalette.ColorRole.Base), colours.color(QPalette.ColorRole.Highlight)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(p.viewport(), paper)
    paint_frame(p, lay)
    p.setFont(lay.fonts.label)
    for in_room, centre, rect in lay.legend:
        paint_mark(p, centre, in_room, lay.radius, paper)
        p.setPen(INK)
        text = lay.texts.in_room if in_room else lay.texts.not_in_room
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    if empty is not None:
        p.drawText(lay.geometry.inner, Qt.AlignmentFlag.AlignCenter, empty)
    for pp in drawn:
        chosen = pp.point.key == selected
        if chosen:
            p.setPen(QPen(highlight, 4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(pp.center, 1.25 * lay.radius + 6, 1.25 * lay.radius + 6)
        paint_mark(p, pp.center, pp.point.in_room, lay.radius, paper)
        if pp.label is not None:
            back = QColor(highlight if chosen else paper)
            back.setAlpha(255 if chosen else 225)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(back)
            p.drawRoundedRect(pp.label, 4, 4)
            p.setPen(colours.color(QPalette.ColorRole.HighlightedText) if chosen else INK)
            p.drawText(pp.label, Qt.AlignmentFlag.AlignCenter, pp.text)
    for pp in drawn:
        paint_leader(p, pp, lay.reach)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if landing is not None:
        p.setPen(QPen(highlight, 3, Qt.PenStyle.DashLine))
        p.drawEllipse(lay.geometry.spot(*landing), 1.6 * lay.radius, 1.6 * lay.radius)
    if focus_frame:
        p.setPen(QPen(highlight, 2, Qt.PenStyle.DotLine))
        p.drawRect(lay.geometry.frame.adjusted(-4, -4, 4, 4))


def paint_frame(p: QPainter, lay: GridLayout) -> None:
    """Tinted quadrants and their titles, the grid lines, the dividing lines at 3, ticks and axis titles."""
    geo, frame = lay.geometry, lay.geometry.frame
    for q, region in lay.quadrants.items():
        p.fillRect(region, _ink(TINT_ALPHA[q]))
    p.setFont(lay.fonts.title)
    p.setPen(_ink(215))
    for q, rect in lay.titles.items():
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, lay.texts.titles[q])
    p.setPen(QPen(_ink(60), 1))
    for v in range(LOWEST, HIGHEST + 1):
        if v != DIVIDE:
            p.drawLine(QPointF(geo.x(v), frame.top()), QPointF(geo.x(v), frame.bottom()))
            p.drawLine(QPointF(frame.left(), geo.y(v)), QPointF(frame.right(), geo.y(v)))
    p.setPen(QPen(INK, 3))
    p.drawLine(QPointF(geo.x(DIVIDE), frame.top()), QPointF(geo.x(DIVIDE), frame.bottom()))
    p.drawLine(QPointF(frame.left(), geo.y(DIVIDE)), QPointF(frame.right(), geo.y(DIVIDE)))
    p.setPen(QPen(INK, 1.5))
    p.drawRect(frame)
    p.setFont(lay.fonts.label)
    height = p.fontMetrics().height()
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for v in range(LOWEST, HIGHEST + 1):
        p.drawText(QRectF(frame.left() - 60, geo.y(v) - height / 2, 50, height), right, str(v))
        p.drawText(QRectF(geo.x(v) - 30, frame.bottom() + 4, 60, height), Qt.AlignmentFlag.AlignCenter, str(v))
    p.setFont(lay.fonts.axis)
    axis = p.fontMetrics().height()
    below = QRectF(frame.left(), frame.bottom() + 8 + height, frame.width(), axis)
    p.drawText(below, Qt.AlignmentFlag.AlignCenter, lay.texts.interest)
    p.save()
    p.translate(6 + axis / 2, frame.center().y())
    p.rotate(-90)
    p.drawText(QRectF(-frame.height() / 2, -axis / 2, frame.height(), axis), Qt.AlignmentFlag.AlignCenter,
               lay.texts.power)  # fmt: skip
    p.restore()


def paint_mark(p: QPainter, centre: QPointF, in_room: bool, radius: float, paper: QColor) -> None:
    """A participant is a filled circle; a stakeholder, not in the room, a hollow diamond with a dashed edge."""
    if in_room:
        p.setPen(QPen(paper, 2))
        p.setBrush(INK)
        p.drawEllipse(centre, radius, radius)
        return
    d = 1.25 * radius
    pen = QPen(INK, max(2.5, radius / 3.5), Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([1.6, 1.0])
    p.setPen(pen)
    p.setBrush(paper)
    p.drawPolygon(QPolygonF([centre + QPointF(dx, dy) for dx, dy in ((0, -d), (d, 0), (0, d), (-d, 0))]))


def paint_leader(p: QPainter, pp: PlacedPoint, reach: float) -> None:
    """A line from the mark's edge to a label that had to move away from it, drawn over other marks."""
    label, c = pp.label, pp.center
    if label is None:
        return
    end = QPointF(min(max(c.x(), label.left()), label.right()), min(max(c.y(), label.top()), label.bottom()))
    length = math.hypot(end.x() - c.x(), end.y() - c.y())
    if length > reach + 6:
        p.setPen(QPen(_ink(190), 2))
        p.drawLine(c + (end - c) * ((reach - 6) / length), end)

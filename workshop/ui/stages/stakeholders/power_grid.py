"""The power/interest grid of the stakeholders stage: everyone placed by power and interest, moved by hand.

Painted in one widget (no chart, no widget per point) so that a drag follows the mouse at once and the room
reads it from the back: large type, high contrast, labels that never overlap. Where things go is computed in
power_layout.py (and power_labels.py), power_paint.py paints it; this module turns clicks, drags and keys into
one edit each through the session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from workshop.domain.stakeholders import QUADRANT_TITLES
from workshop.domain.text import name_key
from workshop.ui.session import EVERYTHING, WorkshopSession
from workshop.ui.stages.stakeholders.power_labels import LEFT, RIGHT, beside
from workshop.ui.stages.stakeholders.power_layout import (
    HIGHEST,
    LOWEST,
    PARTICIPANT,
    STAKEHOLDER,
    GridLayout,
    GridPoint,
    GridTexts,
    PlacedPoint,
    lay_out,
)
from workshop.ui.stages.stakeholders.power_paint import paint_grid

#: The library tables the grid shows: people, their departments (in the tooltip), the workshop itself.
SHOWN_TABLES = frozenset({PARTICIPANT, STAKEHOLDER, "department", "workshop"})

_ARROWS: dict[Qt.Key, tuple[int, int]] = {
    Qt.Key.Key_Up: (1, 0),
    Qt.Key.Key_Down: (-1, 0),
    Qt.Key.Key_Right: (0, 1),
    Qt.Key.Key_Left: (0, -1),
}


@dataclass(slots=True)
class _Drag:
    """A point held down: where the press was, where the mouse is, and whether it has moved enough to count."""

    key: tuple[str, str]
    press: QPointF
    pos: QPointF
    moved: bool = False


class PowerInterestGrid(QWidget):
    """Interest across, power up; the four quadrants of the method; every participant (a filled circle) and
    every stakeholder (a hollow, dashed diamond: not in the room), named unless ``show_names`` is off.

    A click selects, a drag moves (snapping to whole numbers on release), arrow keys move the selection by one,
    Tab and Shift+Tab go from point to point, Escape clears; each move is one edit through ``session.apply``.
    """

    #: The selected point as (kind, name), kind "participant" or "stakeholder"; None when nothing is selected.
    selection_changed = Signal(object)

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("powerInterestGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Power and interest grid"))
        self._points: list[GridPoint] = []
        self._selected: tuple[str, str] | None = None
        self._show_names = True
        self._layout: GridLayout | None = None
        self._drag: _Drag | None = None
        session.changed.connect(self._session_changed)
        self.refresh()

    # -- the points -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the people again from the session; the selection stays on the same kind and name."""
        ws, ids = self.session.workshop, self.session.loaded.ids
        people = [(PARTICIPANT, p) for p in ws.participants] + [(STAKEHOLDER, s) for s in ws.stakeholders]
        self._points = [
            GridPoint(kind, p.name, p.role, p.department, p.power, p.interest, ids[kind][name_key(p.name)])
            for kind, p in people
        ]
        self._layout = None
        if self._selected is not None and self._find(self._selected) is None:
            self._set_selected(None)
        self.update()

    def _session_changed(self, tables: frozenset[str]) -> None:
        if tables >= EVERYTHING or tables & SHOWN_TABLES:
            self.refresh()

    def points(self) -> list[GridPoint]:
        """Everyone on the grid as ``GridPoint`` (kind, name, role, department, power, interest, row_id):
        participants in the room's order, then stakeholders; Tab goes through them in this order."""
        return list(self._points)

    def _find(self, key: tuple[str, str]) -> GridPoint | None:
        return next((p for p in self._points if p.key == key), None)

    # -- the selection ------------------------------------------------------------

    def selected(self) -> tuple[str, str] | None:
        point = self._find(self._selected) if self._selected is not None else None
        return (point.kind, point.name) if point is not None else None

    def select(self, kind: str, name: str) -> bool:
        """Select a participant or stakeholder by name (False when there is none); the focus stays where it is."""
        key = (kind, name_key(name))
        if self._find(key) is None:
            return False
        self._set_selected(key)
        return True

    def clear_selection(self) -> None:
        self._set_selected(None)

    def _set_selected(self, key: tuple[str, str] | None) -> None:
        if key == self._selected:
            return
        self._selected = key
        point = self._find(key) if key is not None else None
        self.setAccessibleDescription(self.tooltip_for(point) if point is not None else "")
        self.update()
        self.selection_changed.emit(self.selected())

    # -- names ------------------------------------------------------------------

    @property
    def show_names(self) -> bool:
        """Names beside the points; off for the presenter view, where nobody should read who was placed low."""
        return self._show_names

    @show_names.setter
    def show_names(self, on: bool) -> None:
        if on != self._show_names:
            self._show_names = on
            self._layout = None
            self.update()

    def tooltip_for(self, point: GridPoint) -> str:
        """Name, role, department, power, interest and quadrant: the detail the labels leave out."""
        lines = [point.name, point.role or self.tr("(no role)"), point.department or self.tr("(no department)")]
        lines.append(
            self.tr("Power %1, interest %2").replace("%1", str(point.power)).replace("%2", str(point.interest))
        )
        lines.append(self.tr(QUADRANT_TITLES[point.quadrant]))
        lines.append(self.tr("In the room") if point.in_room else self.tr("Not in the room (stakeholder)"))
        return "\n".join(lines)

    # -- where things are drawn -------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, 640)

    def minimumSizeHint(self) -> QSize:
        """Below this, 15 names in the app's type no longer fit beside their marks."""
        return QSize(600, 400)

    def _lay_out(self) -> GridLayout:
        if self._layout is None:
            texts = GridTexts(
                {q: self.tr(title) for q, title in QUADRANT_TITLES.items()},
                self.tr("Interest"),
                self.tr("Power"),
                self.tr("in the room"),
                self.tr("not in the room"),
            )
            self._layout = lay_out(
                self._points, self.width(), self.height(), self.font(), texts, names=self._show_names
            )
        return self._layout

    def _drawn(self) -> list[PlacedPoint]:
        """The points as drawn now: the one being dragged follows the mouse, kept inside the frame."""
        lay = self._lay_out()
        placed = list(lay.placed)
        drag = self._drag
        if drag is None or not drag.moved:
            return placed
        frame = lay.geometry.frame
        for i, pp in enumerate(placed):
            if pp.point.key == drag.key:
                moved = pp.center + (drag.pos - drag.press)
                centre = QPointF(
                    min(max(moved.x(), frame.left()), frame.right()), min(max(moved.y(), frame.top()), frame.bottom())
                )
                label = None
                if pp.label is not None:
                    label = beside(centre, pp.label.size(), lay.reach, RIGHT)
                    if label.right() > frame.right():
                        label = beside(centre, pp.label.size(), lay.reach, LEFT)
                placed[i] = replace(pp, center=centre, label=label)
        return placed

    def _landing(self, drag: _Drag) -> tuple[int, int] | None:
        """(power, interest) where the dragged point lands: its own place moved as far as the mouse, snapped."""
        point = self._find(drag.key)
        if point is None:
            return None
        geometry = self._lay_out().geometry
        return geometry.values_at(geometry.spot(point.power, point.interest) + (drag.pos - drag.press))

    def point_center(self, kind: str, name: str) -> QPointF:
        """Widget coordinates of a point's mark as drawn now (spread from its place, or following a drag)."""
        key = (kind, name_key(name))
        for pp in self._drawn():
            if pp.point.key == key:
                return QPointF(pp.center)
        raise KeyError(f"no {kind} named {name!r} on the grid")

    def spot_center(self, power: float, interest: float) -> QPointF:
        """Widget coordinates of a place on the grid, where a lone point with that power and interest sits."""
        return self._lay_out().geometry.spot(power, interest)

    def label_rects(self) -> list[QRectF]:
        """The name labels as drawn, of the labelled points in the order of ``points()``; none when names are off
        (a crowd too large for its names keeps some to the tooltips)."""
        return [QRectF(pp.label) for pp in self._drawn() if pp.label is not None]

    def _hit(self, pos: QPointF) -> PlacedPoint | None:
        lay = self._lay_out()
        for pp in sorted(self._drawn(), key=lambda pp: pp.point.key == self._selected, reverse=True):
            offset = pos - pp.center
            if offset.x() ** 2 + offset.y() ** 2 <= (1.25 * lay.radius + 5) ** 2:
                return pp
        return next((pp for pp in self._drawn() if pp.label is not None and pp.label.contains(pos)), None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """New sizes when the facilitator changes the app's font size."""
        if event.type() == QEvent.Type.FontChange:
            self._layout = None
        super().changeEvent(event)

    # -- editing ------------------------------------------------------------------

    def _move_to(self, point: GridPoint, power: int, interest: int, merge_key: str | None = None) -> None:
        service, kind, row_id = self.session.service, point.kind, point.row_id
        self.session.apply(lambda: service.update(kind, row_id, power=power, interest=interest), merge_key=merge_key)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self._hit(event.position())
        self._set_selected(hit.point.key if hit is not None else None)
        if hit is not None and not self.session.read_only:
            self._drag = _Drag(hit.point.key, event.position(), event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            super().mouseMoveEvent(event)
            return
        drag.pos = event.position()
        if not drag.moved and (drag.pos - drag.press).manhattanLength() >= QApplication.startDragDistance():
            drag.moved = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self.unsetCursor()
        drag.pos = event.position()
        point, landing = self._find(drag.key), self._landing(drag)
        if drag.moved and point is not None and landing is not None and landing != (point.power, point.interest):
            self._move_to(point, *landing)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        point = self._find(self._selected) if self._selected is not None else None
        step = _ARROWS.get(Qt.Key(event.key()))
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if step is not None and point is not None and plain:
            power = min(HIGHEST, max(LOWEST, point.power + step[0]))
            interest = min(HIGHEST, max(LOWEST, point.interest + step[1]))
            if not self.session.read_only and (power, interest) != (point.power, point.interest):
                self._move_to(point, power, interest, f"power-interest:{point.kind}:{point.row_id}")
            event.accept()
        elif event.key() == Qt.Key.Key_Escape and self._selected is not None:
            self._set_selected(None)
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab go through the points; past the last (or before the first) they leave the grid."""
        keys = [p.key for p in self._points]
        if not keys:
            return super().focusNextPrevChild(forward)
        at = keys.index(self._selected) if self._selected in keys else None
        target = (0 if forward else len(keys) - 1) if at is None else at + (1 if forward else -1)
        if 0 <= target < len(keys):
            self._set_selected(keys[target])
            return True
        self._set_selected(None)
        return super().focusNextPrevChild(forward)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tabbing in selects the first point (Shift+Tab: the last), so the keys work at once."""
        super().focusInEvent(event)
        if self._points and self._selected is None:
            if event.reason() == Qt.FocusReason.TabFocusReason:
                self._set_selected(self._points[0].key)
            elif event.reason() == Qt.FocusReason.BacktabFocusReason:
                self._set_selected(self._points[-1].key)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self._hit(QPointF(event.pos())) if self._show_names else None
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(hit.point), self)
            return True
        return super().event(event)

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        drag = self._drag
        landing = self._landing(drag) if drag is not None and drag.moved else None
        p = QPainter(self)
        paint_grid(
            p,
            self._lay_out(),
            sorted(self._drawn(), key=lambda pp: pp.point.key == self._selected),
            self._selected,
            self.palette(),
            empty=self.tr("No participants or stakeholders yet") if not self._points else None,
            landing=landing,
            focus_frame=self.hasFocus() and self._selected is None,
        )
        p.end()

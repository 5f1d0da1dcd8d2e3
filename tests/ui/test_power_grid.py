"""The power/interest grid: real mouse drags and keys on the widget, edits through a real library, labels apart."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from workshop.domain.entities import Participant, Stakeholder
from workshop.domain.stakeholders import Quadrant
from workshop.domain.text import name_key
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import WorkshopService
from workshop.storage.library import Library
from workshop.ui.app import apply_style
from workshop.ui.session import WorkshopSession
from workshop.ui.stages.stakeholders.power_grid import PowerInterestGrid
from workshop.ui.stages.stakeholders.power_layout import GridPoint

LEFT_BUTTON, NO_MODIFIER = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def sample_id(service: WorkshopService) -> int:
    return service.import_workshop(sample_workshop()).result


@pytest.fixture
def session(service: WorkshopService, sample_id: int) -> WorkshopSession:
    """The shipped sample: 12 participants, then 3 stakeholders."""
    return WorkshopSession(service, sample_id)


def shown(qtbot: QtBot, session: WorkshopSession, width: int = 1200, height: int = 800) -> PowerInterestGrid:
    grid = PowerInterestGrid(session)
    qtbot.addWidget(grid)
    grid.resize(width, height)
    grid.show()
    qtbot.waitExposed(grid)
    return grid


@pytest.fixture
def grid(qtbot: QtBot, session: WorkshopSession) -> PowerInterestGrid:
    return shown(qtbot, session)


def person(session: WorkshopSession, kind: str, name: str) -> Participant | Stakeholder:
    people = session.workshop.participants if kind == "participant" else session.workshop.stakeholders
    return next(p for p in people if name_key(p.name) == name_key(name))


def place(session: WorkshopSession, kind: str, name: str) -> tuple[int, int]:
    found = person(session, kind, name)
    return found.power, found.interest


def drag(grid: PowerInterestGrid, start: QPointF, end: QPointF) -> None:
    """Press, move in two steps, release: as a hand does."""
    QTest.mousePress(grid, LEFT_BUTTON, NO_MODIFIER, start.toPoint())
    QTest.mouseMove(grid, ((start + end) / 2).toPoint())
    QTest.mouseMove(grid, end.toPoint())
    QTest.mouseRelease(grid, LEFT_BUTTON, NO_MODIFIER, end.toPoint())


def drag_by_places(grid: PowerInterestGrid, kind: str, name: str, power: float, interest: float) -> None:
    """Drag a point from where it is drawn by as far as its place is from (power, interest)."""
    start = grid.point_center(kind, name)
    point = next(p for p in grid.points() if p.key == (kind, name_key(name)))
    drag(grid, start, start + grid.spot_center(power, interest) - grid.spot_center(point.power, point.interest))


def assert_apart(rects: list[QRectF]) -> None:
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b), (a, b)


# -- what is on the grid ------------------------------------------------------------------------------------


def test_points_are_the_participants_in_the_rooms_order_then_the_stakeholders(grid: PowerInterestGrid) -> None:
    points = grid.points()
    assert len(points) == 15 and all(isinstance(p, GridPoint) for p in points)
    assert [p.kind for p in points] == ["participant"] * 12 + ["stakeholder"] * 3
    assert [p.name for p in points[:2]] == ["Jonas Albrecht", "Lea Schuster"]
    lea = points[1]
    assert (lea.power, lea.interest, lea.quadrant) == (2, 5, Quadrant.KEEP_INFORMED) and lea.in_room
    assert lea.row_id == grid.session.loaded.ids["participant"][name_key("Lea Schuster")]
    eva = next(p for p in points if p.name == "Eva Lindqvist")
    assert not eva.in_room and eva.quadrant is Quadrant.KEEP_SATISFIED  # power 5, interest 3: 3 counts as low
    assert len(grid.label_rects()) == 15


def test_a_lone_point_sits_on_its_place(grid: PowerInterestGrid) -> None:
    assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(2, 5)
    assert grid.point_center("stakeholder", "Eva Lindqvist") == grid.spot_center(5, 3)
    with pytest.raises(KeyError):
        grid.point_center("participant", "Nobody")


def test_the_tooltip_names_role_department_power_interest_and_quadrant(grid: PowerInterestGrid) -> None:
    pos = grid.point_center("participant", "Lea Schuster").toPoint()
    QApplication.sendEvent(grid, QHelpEvent(QEvent.Type.ToolTip, pos, grid.mapToGlobal(pos)))
    text = QToolTip.text()
    for part in ("Lea Schuster", "Social Media Manager", "Marketing", "Power 2, interest 5", "Keep informed"):
        assert part in text
    stakeholder = next(p for p in grid.points() if p.name == "Radhaus Müller KG")
    assert "Not in the room" in grid.tooltip_for(stakeholder) and "Dealer Partnerships" in grid.tooltip_for(stakeholder)


# -- dragging -----------------------------------------------------------------------------------------------


def test_dragging_a_point_to_another_cell_is_one_edit_and_undo_puts_it_back(grid: PowerInterestGrid) -> None:
    session = grid.session
    assert place(session, "participant", "Lea Schuster") == (2, 5)
    steps = session.undo_stack.count()
    drag_by_places(grid, "participant", "Lea Schuster", 4, 2)
    assert place(session, "participant", "Lea Schuster") == (4, 2)
    assert session.undo_stack.count() == steps + 1
    assert grid.selected() == ("participant", "Lea Schuster")
    assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(4, 2)  # drawn at its new place
    session.undo_stack.undo()
    assert place(session, "participant", "Lea Schuster") == (2, 5)
    assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(2, 5)


def test_a_stakeholder_drags_too(grid: PowerInterestGrid) -> None:
    drag_by_places(grid, "stakeholder", "Eva Lindqvist", 5, 5)
    assert place(grid.session, "stakeholder", "Eva Lindqvist") == (5, 5)


def test_the_point_follows_the_mouse_while_dragged(grid: PowerInterestGrid) -> None:
    start = grid.point_center("participant", "Lea Schuster")
    QTest.mousePress(grid, LEFT_BUTTON, NO_MODIFIER, start.toPoint())
    QTest.mouseMove(grid, (start + QPointF(-120, -90)).toPoint())
    moved = grid.point_center("participant", "Lea Schuster")
    assert abs(moved.x() - (start.x() - 120)) <= 1 and abs(moved.y() - (start.y() - 90)) <= 1
    assert place(grid.session, "participant", "Lea Schuster") == (2, 5)  # nothing saved before the release
    QTest.mouseRelease(grid, LEFT_BUTTON, NO_MODIFIER, (start + QPointF(-120, -90)).toPoint())


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [(1.6, 2.4, (2, 2)), (4.45, 3.4, (4, 3)), (4.6, 1.55, (5, 2))],
)
def test_a_release_between_cells_snaps_to_the_nearest_whole_numbers(
    grid: PowerInterestGrid, power: float, interest: float, expected: tuple[int, int]
) -> None:
    drag_by_places(grid, "participant", "Tobias Brandt", power, interest)
    assert place(grid.session, "participant", "Tobias Brandt") == expected


@pytest.mark.parametrize(("x", "y", "expected"), [(-400, 4000, (1, 1)), (5000, -300, (5, 5)), (5000, 4000, (1, 5))])
def test_a_drag_out_of_the_grid_keeps_power_and_interest_within_1_to_5(
    grid: PowerInterestGrid, x: int, y: int, expected: tuple[int, int]
) -> None:
    drag(grid, grid.point_center("participant", "Tobias Brandt"), QPointF(x, y))
    assert place(grid.session, "participant", "Tobias Brandt") == expected


def test_a_click_selects_and_takes_focus_without_an_edit(qtbot: QtBot, grid: PowerInterestGrid) -> None:
    grid.activateWindow()
    seen: list[object] = []
    grid.selection_changed.connect(seen.append)
    steps = grid.session.undo_stack.count()
    QTest.mouseClick(grid, LEFT_BUTTON, NO_MODIFIER, grid.point_center("stakeholder", "Eva Lindqvist").toPoint())
    assert grid.selected() == ("stakeholder", "Eva Lindqvist") and seen == [("stakeholder", "Eva Lindqvist")]
    qtbot.waitUntil(grid.hasFocus)
    nudge = grid.point_center("stakeholder", "Eva Lindqvist") + QPointF(2, 1)  # less than a drag
    drag(grid, grid.point_center("stakeholder", "Eva Lindqvist"), nudge)
    assert grid.session.undo_stack.count() == steps and place(grid.session, "stakeholder", "Eva Lindqvist") == (5, 3)
    QTest.mouseClick(grid, LEFT_BUTTON, NO_MODIFIER, QPoint(grid.width() // 2, 10))  # nothing there
    assert grid.selected() is None and seen[-1] is None


# -- keys ---------------------------------------------------------------------------------------------------


def test_arrow_keys_move_the_selection_one_edit_per_press_merged_into_one_undo_step(grid: PowerInterestGrid) -> None:
    session = grid.session
    steps = session.undo_stack.count()
    assert grid.select("participant", "Tobias Brandt")
    QTest.keyClick(grid, Qt.Key.Key_Up)
    assert place(session, "participant", "Tobias Brandt") == (5, 4)
    QTest.keyClick(grid, Qt.Key.Key_Up)  # already at 5: no edit
    QTest.keyClick(grid, Qt.Key.Key_Left)
    assert place(session, "participant", "Tobias Brandt") == (5, 3)
    QTest.keyClick(grid, Qt.Key.Key_Left)
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert place(session, "participant", "Tobias Brandt") == (4, 2)
    assert session.undo_stack.count() == steps + 1  # quick presses on one point: one undo step
    assert grid.selected() == ("participant", "Tobias Brandt")  # the selection survives each edit
    session.undo_stack.undo()
    assert place(session, "participant", "Tobias Brandt") == (4, 4)
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert place(session, "participant", "Tobias Brandt") == (4, 5)
    QTest.keyClick(grid, Qt.Key.Key_Escape)
    assert grid.selected() is None
    QTest.keyClick(grid, Qt.Key.Key_Left)  # nothing selected: nothing moves
    assert place(session, "participant", "Tobias Brandt") == (4, 5)


def test_each_key_press_is_its_own_edit_with_the_right_merge_key(
    grid: PowerInterestGrid, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, keys = grid.session, []
    real = session.apply

    def apply(call, *, merge_key=None):  # type: ignore[no-untyped-def]
        keys.append(merge_key)
        return real(call, merge_key=merge_key)

    monkeypatch.setattr(session, "apply", apply)
    grid.select("stakeholder", "Dr. Henrik Sommer")
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Right):
        QTest.keyClick(grid, key)
    row_id = session.loaded.ids["stakeholder"][name_key("Dr. Henrik Sommer")]
    assert keys == [f"power-interest:stakeholder:{row_id}"] * 3
    assert place(session, "stakeholder", "Dr. Henrik Sommer") == (4, 4)


@pytest.fixture
def framed(qtbot: QtBot, session: WorkshopSession) -> Iterator[tuple[QWidget, QLineEdit, PowerInterestGrid, QLineEdit]]:
    """The grid between two line edits, as on a page: Tab must be able to leave it."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before, grid, after = QLineEdit(), PowerInterestGrid(session), QLineEdit()
    for widget in (before, grid, after):
        layout.addWidget(widget)
    window.resize(1100, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window, before, grid, after
    window.close()


def test_tab_goes_point_to_point_then_leaves_the_grid(qtbot: QtBot, framed) -> None:  # type: ignore[no-untyped-def]
    _window, before, grid, after = framed
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    QTest.keyClick(before, Qt.Key.Key_Tab)  # into the grid: its first point
    qtbot.waitUntil(grid.hasFocus)
    order = [(p.kind, p.name) for p in grid.points()]
    seen = [grid.selected()]
    for _ in range(len(order) - 1):
        QTest.keyClick(grid, Qt.Key.Key_Tab)
        assert grid.hasFocus()
        seen.append(grid.selected())
    assert seen == order
    QTest.keyClick(grid, Qt.Key.Key_Tab)  # after the last point, Tab leaves
    qtbot.waitUntil(after.hasFocus)
    assert grid.selected() is None

    grid.setFocus()
    grid.select("participant", "Lea Schuster")
    QTest.keyClick(grid, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert grid.selected() == ("participant", "Jonas Albrecht") and grid.hasFocus()
    QTest.keyClick(grid, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # before the first: leaves backwards
    qtbot.waitUntil(before.hasFocus)
    QTest.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(grid.hasFocus)
    assert grid.selected() == order[0]


# -- a read-only library ------------------------------------------------------------------------------------


def test_a_read_only_library_lets_points_be_selected_but_not_moved(
    qtbot: QtBot, library: Library, library_path: Path, sample_id: int
) -> None:
    reader = Library.open(library_path, read_only=True)
    try:
        session = WorkshopSession(WorkshopService(reader), sample_id)
        assert session.read_only
        grid = shown(qtbot, session)
        drag_by_places(grid, "participant", "Lea Schuster", 4, 2)
        assert grid.selected() == ("participant", "Lea Schuster")
        assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(2, 5)
        QTest.keyClick(grid, Qt.Key.Key_Up)
        QTest.keyClick(grid, Qt.Key.Key_Left)
        assert place(session, "participant", "Lea Schuster") == (2, 5)
        assert session.undo_stack.count() == 0
        assert WorkshopService(library).load(sample_id).workshop.participants[1].power == 2  # nothing stored
    finally:
        reader.close()


# -- crowds, names and redraws ------------------------------------------------------------------------------


def crowd(service: WorkshopService, places: list[tuple[int, int]]) -> WorkshopSession:
    """A workshop whose participants sit at ``places`` (names of varied length, as rooms have)."""
    wid = service.create_workshop("Crowd").result
    names = ["Ana", "Bertrand Delacroix-Moreau", "Chen Wei", "Dagmar Østergaard", "Eli", "Fatima Zahra El Idrissi"]
    for n, (power, interest) in enumerate(places):
        name = f"{names[n % len(names)]} {n}"
        service.add("participant", wid, name=name, power=power, interest=interest)
    return WorkshopSession(service, wid)


@pytest.mark.parametrize(("width", "height"), [(1500, 900), (800, 520), (600, 400)])
def test_five_people_at_3_3_spread_with_labels_apart_on_the_low_side(
    qtbot: QtBot, service: WorkshopService, width: int, height: int
) -> None:
    session = crowd(service, [(3, 3)] * 5)
    grid = shown(qtbot, session, width, height)
    labels = grid.label_rects()
    assert len(labels) == 5
    assert_apart(labels)
    assert all(QRectF(grid.rect()).contains(r) for r in labels)
    centres = [grid.point_center("participant", p.name) for p in grid.points()]
    assert len({(c.x(), c.y()) for c in centres}) == 5  # each its own mark
    line = grid.spot_center(3, 3)  # 3 counts as low: the crowd hangs from the lines into Monitor
    assert all(c.x() <= line.x() + 0.01 and c.y() >= line.y() - 0.01 for c in centres)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_rooms_never_overlap_labels(qtbot: QtBot, service: WorkshopService, seed: int) -> None:
    rng = random.Random(seed)
    session = crowd(service, [(rng.randint(1, 5), rng.randint(1, 5)) for _ in range(20)])
    grid = shown(qtbot, session, 900, 640)
    labels = grid.label_rects()
    assert len(labels) == 20
    assert_apart(labels)
    assert all(QRectF(grid.rect()).contains(r) for r in labels)


def test_show_names_off_draws_no_labels(grid: PowerInterestGrid) -> None:
    assert grid.show_names
    grid.show_names = False
    assert not grid.show_names and grid.label_rects() == []
    assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(2, 5)
    pos = grid.point_center("participant", "Lea Schuster").toPoint()
    QToolTip.hideText()
    QApplication.sendEvent(grid, QHelpEvent(QEvent.Type.ToolTip, pos, grid.mapToGlobal(pos)))
    assert "Lea" not in QToolTip.text()  # no name by the back door either
    grid.show_names = True
    assert len(grid.label_rects()) == 15


def test_an_edit_made_elsewhere_redraws_and_other_tables_do_not(
    grid: PowerInterestGrid, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, service = grid.session, grid.session.service
    refreshes: list[int] = []
    real = grid.refresh
    monkeypatch.setattr(grid, "refresh", lambda: (refreshes.append(1), real()))
    grid.select("participant", "Lea Schuster")
    outcome = session.id_of("outcome", "O1")
    session.apply(lambda: service.update("outcome", outcome, title="Cut support cost per customer, again"))
    assert refreshes == []
    lea = session.id_of("participant", "Lea Schuster")
    session.apply(lambda: service.update("participant", lea, power=1, interest=1))
    assert refreshes == [1]
    assert grid.point_center("participant", "Lea Schuster") == grid.spot_center(1, 1)
    assert next(p for p in grid.points() if p.name == "Lea Schuster").quadrant is Quadrant.MONITOR
    assert grid.selected() == ("participant", "Lea Schuster")
    seen: list[object] = []
    grid.selection_changed.connect(seen.append)
    session.apply(lambda: service.update("participant", lea, name="Lea Schuster-Roth"))
    assert grid.selected() is None and seen == [None]  # the name it was kept by is gone


# -- how it looks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1500, 900), (800, 520)])
def test_renders_legibly_at_projector_sizes(qtbot: QtBot, session: WorkshopSession, width: int, height: int) -> None:
    """Saved as /tmp/power_grid_*.png to be looked at; checked here for what a picture cannot promise."""
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    grid = shown(qtbot, session, width, height)
    grid.select("participant", "Aylin Demir")
    labels = grid.label_rects()
    assert len(labels) == 15
    assert_apart(labels)
    assert all(QRectF(grid.rect()).contains(r) for r in labels)
    lay = grid._lay_out()
    app_size = QApplication.font().pointSizeF()
    assert lay.fonts.label.pointSizeF() >= app_size and lay.fonts.title.pointSizeF() >= 1.2 * app_size
    assert all(QRectF(grid.rect()).contains(r) for r in lay.titles.values())
    assert grid.grab().save(f"/tmp/power_grid_{width}x{height}.png")
    grid.show_names = False
    assert grid.grab().save(f"/tmp/power_grid_{width}x{height}_no_names.png")


def test_renders_a_crowd_and_a_small_grid(qtbot: QtBot, service: WorkshopService, session: WorkshopSession) -> None:
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    crowded = shown(qtbot, crowd(service, [(3, 3)] * 5 + [(4, 4)] * 3), 800, 520)
    assert crowded.grab().save("/tmp/power_grid_crowd_800x520.png")
    small = shown(qtbot, session, 600, 400)
    assert_apart(small.label_rects())
    assert small.grab().save("/tmp/power_grid_600x400.png")

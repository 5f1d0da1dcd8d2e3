"""What the plan's timeline draws, as plain frozen data: the actions by due date, one lane per owner.

Pure Python, no matplotlib: ``workshop.export.timeline_chart`` draws it, the plan stage and the workbook reuse it,
and the tests check it against the workshop without reading a figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workshop.domain.entities import Workshop
from workshop.domain.enums import ActionStatus
from workshop.domain.text import name_key

NO_OWNER = "no owner"


@dataclass(frozen=True, slots=True)
class TimelineAction:
    """One action as the timeline shows it; ``index`` is its place in the workshop's plan, to find it again."""

    index: int
    title: str
    due: dt.date | None
    status: ActionStatus
    overdue: bool  # due before today and not done


@dataclass(frozen=True, slots=True)
class TimelineLane:
    """One owner's actions: those with a due date (by date, then the plan's order) and those without (plan order).
    ``owner`` None is the lane of the actions nobody owns."""

    owner: str | None
    dated: tuple[TimelineAction, ...]
    undated: tuple[TimelineAction, ...]

    @property
    def label(self) -> str:
        return NO_OWNER if self.owner is None else self.owner


@dataclass(frozen=True, slots=True)
class TimelineData:
    """The lanes of the owners who own an action, in the room's order of participants, then the lane of the
    actions without an owner (only when there are some)."""

    lanes: tuple[TimelineLane, ...]
    today: dt.date

    @property
    def dated(self) -> tuple[TimelineAction, ...]:
        return tuple(a for lane in self.lanes for a in lane.dated)

    @property
    def undated_count(self) -> int:
        return sum(len(lane.undated) for lane in self.lanes)

    @property
    def count(self) -> int:
        return sum(len(lane.dated) + len(lane.undated) for lane in self.lanes)

    @property
    def overdue_count(self) -> int:
        return sum(a.overdue for lane in self.lanes for a in lane.dated)

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last due date; None when no action has one."""
        dates = [a.due for lane in self.lanes for a in lane.dated if a.due is not None]
        return (min(dates), max(dates)) if dates else None


def is_overdue(due: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    return due is not None and due < today and status is not ActionStatus.DONE


def timeline_data(ws: Workshop, today: dt.date) -> TimelineData:
    """Each action in its owner's lane (owners matched as names are, shown as the participant list writes them); an
    owner that names no participant keeps a lane of its own after the participants, before "no owner"."""
    order = {name_key(p.name): (i, p.name) for i, p in enumerate(ws.participants)}
    dated: dict[str | None, list[TimelineAction]] = {}
    undated: dict[str | None, list[TimelineAction]] = {}
    place: dict[str | None, tuple[int, int, str]] = {}
    for index, a in enumerate(ws.actions):
        key = None if a.owner is None or not a.owner.strip() else name_key(a.owner)
        if key not in place:
            known = order.get(key) if key is not None else None
            if key is None:
                place[key] = (2, 0, NO_OWNER)
            elif known is not None:
                place[key] = (0, known[0], known[1])
            else:
                place[key] = (1, index, (a.owner or "").strip())
        item = TimelineAction(index, a.title, a.due, a.status, is_overdue(a.due, a.status, today))
        (dated if a.due is not None else undated).setdefault(key, []).append(item)
    lanes = []
    for key, (group, _rank, name) in sorted(place.items(), key=lambda kv: kv[1][:2]):
        on_time = sorted(dated.get(key, ()), key=lambda t: (t.due, t.index))
        lanes.append(TimelineLane(None if group == 2 else name, tuple(on_time), tuple(undated.get(key, ()))))
    return TimelineData(tuple(lanes), today)

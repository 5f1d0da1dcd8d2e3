"""The difference between two states of a workshop, in plain words, grouped by stage.

``workshop_changes(before, after)`` says what changed, one ``Change`` a line ("O3 renamed from ... to ...",
"Ana is now A on O2, was R", "Instagram no longer primary for O1", "Action added: Launch the forum"), each naming
what it touches. Changes come in the method's stage order and, within a stage, in the room's order. The parking
lot and the decisions belong to no one stage (they are captured from any): their changes come last, with no
stage, under the heading ``NOTES_HEADING``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from workshop.domain.diff_match import Matching, field_change, money, same
from workshop.domain.entities import Workshop
from workshop.domain.enums import STAGE_TITLES, Stage
from workshop.domain.text import name_key

NOTES_HEADING = "Parking lot and decisions"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference, in words. ``stage`` is where the room makes it; None for the parking lot and decisions."""

    stage: Stage | None
    text: str

    @property
    def heading(self) -> str:
        return STAGE_TITLES[self.stage] if self.stage is not None else NOTES_HEADING


def group_changes(changes: Iterable[Change]) -> list[tuple[str, list[str]]]:
    """(heading, lines) per stage that changed, in the order the changes come."""
    groups: dict[str, list[str]] = {}
    for change in changes:
        groups.setdefault(change.heading, []).append(change.text)
    return list(groups.items())


def workshop_changes(before: Workshop, after: Workshop) -> list[Change]:
    """Every difference from ``before`` to ``after``; an empty list when they are the same."""
    from workshop.domain.diff_items import setup_and_outcomes
    from workshop.domain.diff_links import links_and_plan

    diff = Diff(before, after)
    setup_and_outcomes(diff)
    links_and_plan(diff)
    order = [*Stage, None]
    return sorted(diff.changes, key=lambda c: order.index(c.stage))


class Diff:
    """The two workshops, what is being said about them, and the renames that let references be compared."""

    def __init__(self, before: Workshop, after: Workshop) -> None:
        self.before = before
        self.after = after
        self.changes: list[Change] = []
        #: kind -> folded old name -> folded new name, for items renamed (their references follow them).
        self.renames: dict[str, dict[str, str]] = {}
        #: kind -> folded (new) name -> place in the merged order of that kind: how references are sorted.
        self.rank: dict[str, dict[str, int]] = {}
        #: kind -> folded (new) name -> the name as written (the new one where both exist).
        self.names: dict[str, dict[str, str]] = {}
        #: folded (new) criterion key -> its name as written: how a score or rating names its criterion.
        self.criterion_names: dict[str, str] = {}

    def say(self, stage: Stage | None, text: str) -> None:
        self.changes.append(Change(stage, text))

    def old_money(self, value: object) -> str:
        return money(value, self.before.currency)  # type: ignore[arg-type]

    def new_money(self, value: object) -> str:
        return money(value, self.after.currency)  # type: ignore[arg-type]

    # -- names and references --------------------------------------------------

    def canon(self, kind: str, name: str | None, *, old: bool) -> str | None:
        """A reference's identity on the new side: an old reference to a renamed item is its new name."""
        if name is None:
            return None
        folded = name_key(name)
        return self.renames.get(kind, {}).get(folded, folded) if old else folded

    def name(self, kind: str, folded: str | None) -> str:
        if folded is None:
            return "none"
        return self.names.get(kind, {}).get(folded, folded)

    def named(
        self,
        kind: str,
        m: Matching[Any],
        name_of: Callable[[Any], str],
    ) -> None:
        """Remember a matched kind's renames, order and names as written."""
        renames = {name_key(name_of(b)): name_key(name_of(a)) for b, a in m.renamed}
        self.renames[kind] = {k: v for k, v in renames.items() if k != v}
        names: dict[str, str] = {}
        rank: dict[str, int] = {}
        for n, (b, a) in enumerate(m.entries):
            item = a if a is not None else b
            folded = name_key(name_of(item))
            if a is None:
                folded = self.renames[kind].get(folded, folded)
            names.setdefault(folded, name_of(item))
            rank.setdefault(folded, n)
        self.names[kind] = names
        self.rank[kind] = rank

    def order(self, kind: str, folded: str | None) -> tuple[int, str]:
        if folded is None:
            return (-1, "")
        return (self.rank.get(kind, {}).get(folded, len(self.rank.get(kind, {}))), folded)

    # -- the shapes every kind shares ------------------------------------------

    def items(
        self,
        stage: Stage | None,
        m: Matching[Any],
        *,
        added: Callable[[Any], str],
        removed: Callable[[Any], str],
        renamed: Callable[[Any, Any], str | None],
        fields: Callable[[Any, Any], Iterable[str]],
        moved: Callable[[Any, int, int], str],
    ) -> None:
        """Added, removed, renamed and changed items in the room's order, then the ones that moved."""
        renames = {id(b) for b, _ in m.renamed}
        for b, a in m.entries:
            if b is None:
                self.say(stage, added(a))
            elif a is None:
                self.say(stage, removed(b))
            else:
                if id(b) in renames:
                    line = renamed(b, a)
                    if line:
                        self.say(stage, line)
                for line in fields(b, a):
                    self.say(stage, line)
        for _b, a, old, new in m.moved:
            self.say(stage, moved(a, old, new))

    def pairs(
        self,
        stage: Stage | None,
        old: dict[tuple[Any, ...], Any],
        new: dict[tuple[Any, ...], Any],
        sort: Callable[[tuple[Any, ...]], Any],
        say: Callable[[tuple[Any, ...], Any, Any], Iterable[str]],
    ) -> None:
        """Items keyed by what they link (a RACI cell, a score, a choice, a vote), old and new, in the room's order."""
        for key in sorted(old.keys() | new.keys(), key=sort):
            b, a = old.get(key), new.get(key)
            for line in say(key, b, a):
                self.say(stage, line)


Field = tuple[str, str, Callable[[Any], str]] | tuple[str, str, Callable[[Any], str], Callable[[Any], str]]


def changed_fields(subject: str, b: Any, a: Any, spec: Iterable[Field]) -> list[str]:
    """A line per field that differs: (attribute, how it reads, how its old value shows[, its new value])."""
    lines = []
    for entry in spec:
        attr, label, show = entry[0], entry[1], entry[2]
        show_new = entry[3] if len(entry) > 3 else None  # type: ignore[misc]
        old, new = _get(b, attr), _get(a, attr)
        if not same(old, new):
            lines.append(field_change(subject, label, old, new, show, show_new))
    return lines


def _get(item: Any, attr: str) -> Any:
    for part in attr.split("."):
        item = getattr(item, part)
    return item


def keyed(items: Iterable[Any], key: Callable[[Any], Hashable]) -> dict[Any, Any]:
    return {key(x): x for x in items}

"""The edits of the plan stage: generate the plan, duplicate an action, and the origins that follow a rename.

A mixin of ``WorkshopService`` like ``channel_edits.py``: what generating adds is worked out by the domain
(``workshop.domain.plan``); here it becomes one validated edit, so one undo takes the whole plan back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from workshop.domain.entities import Action
from workshop.domain.plan import MANUAL, RenamedKind, generated_actions, origin_identity, rename_in_origin
from workshop.services.fields import KINDS
from workshop.storage.images import RowKey
from workshop.storage.library import Library
from workshop.storage.mapping import LoadedWorkshop
from workshop.storage.orm import ActionRow, ChannelRow, DismissedOriginRow, OutcomeRow

if TYPE_CHECKING:
    from workshop.services.workshops import Edit

#: The field whose change renames what origins are made of.
_NAMING_FIELD = {"outcome": "key", "channel": "name"}


@dataclass
class OriginRewrites:
    """What a rename does to the origins of its workshop: action id -> new origin, dismissed origin id -> new
    origin or None (it becomes one the workshop already dismissed, so it goes)."""

    actions: dict[int, str] = field(default_factory=dict)
    dismissed: dict[int, str | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.actions or self.dismissed)


class PlanEdits:
    """Plan edits, on top of the edit machinery of ``WorkshopService``."""

    add: Callable[..., Edit]
    move: Callable[..., Edit]
    load: Callable[[int], LoadedWorkshop]
    batch: Callable[[str, int, Callable[[], Any]], Edit]
    library: Library
    _loaded: dict[int, tuple[int, LoadedWorkshop]]
    _data_version: Callable[[Session], int]
    _edit: Callable[..., Edit]
    _reading: Callable[[], AbstractContextManager[Session]]
    _workshop_of: Callable[[str, int], int]

    def generate_plan(self, workshop_id: int) -> Edit:
        """Add every action generating adds now (METHOD.md, Generating the plan) as one edit; ``result`` is the
        new actions' ids in the plan's order. With nothing to add, nothing is stored and ``result`` is empty."""
        from workshop.services.workshops import Edit

        loaded = self._current(workshop_id)
        actions = generated_actions(loaded.workshop)
        label = "Generate the plan"
        if not actions:
            return Edit(label, workshop_id, {}, {}, [], loaded)

        fields = [_action_fields(loaded, a) for a in actions]  # ids of this very workshop: nothing to check

        def change(s: Session) -> list[int]:
            last = s.scalar(select(func.max(ActionRow.position)).where(ActionRow.workshop_id == workshop_id))
            start = last + 1 if last is not None else 0
            rows = [ActionRow(workshop_id=workshop_id, position=start + i, **f) for i, f in enumerate(fields)]
            s.add_all(rows)
            s.flush()
            return [int(r.id) for r in rows]

        # One insert of them all: one ``add`` each took 1.6 s for the 900 actions of the large workshop.
        return self._edit(label, workshop_id, [], change, lambda ids: [("action", (rid,)) for rid in ids])

    def _current(self, workshop_id: int) -> LoadedWorkshop:
        """The workshop as the last edit left it when nothing changed since (the library's data version says so),
        else read again: loading the large workshop whole costs more than generating its plan."""
        with self.library.session() as s:
            version = self._data_version(s)
        known = self._loaded.get(workshop_id)
        return known[1] if known is not None and known[0] == version else self.load(workshop_id)

    def duplicate_action(self, action_id: int) -> Edit:
        """A copy placed after the action; the copy is the room's own (``manual``), even of a generated one, so
        generating never counts it as the action of that choice."""
        wid = self._workshop_of("action", action_id)
        with self._reading() as s:
            row = s.get(ActionRow, action_id)
            assert row is not None
            values = {name: getattr(row, name) for name in sorted(KINDS["action"].fields)}
        values["origin"] = MANUAL

        def run() -> int:
            new_id = int(self.add("action", wid, **values).result)
            with self._reading() as s:
                query = select(ActionRow.id).where(ActionRow.workshop_id == wid)
                ids = list(s.scalars(query.order_by(ActionRow.position, ActionRow.id)))
            self.move("action", new_id, ids.index(action_id) + 1 - ids.index(new_id))
            return new_id

        return self.batch("Duplicate action", wid, run)

    # -- origins follow a rename ---------------------------------------------

    def _origin_rewrites(self, kind: str, row_id: int, workshop_id: int, values: dict[str, Any]) -> OriginRewrites:
        """The origins (of actions, and dismissed ones) that name an outcome key or channel name this update
        changes; empty for any other update."""
        rewrites = OriginRewrites()
        naming = _NAMING_FIELD.get(kind)
        new = values.get(naming) if naming is not None else None
        if not isinstance(new, str):
            return rewrites
        column = OutcomeRow.key if kind == "outcome" else ChannelRow.name
        model = OutcomeRow if kind == "outcome" else ChannelRow
        with self._reading() as s:
            old = s.scalar(select(column).where(model.id == row_id))
            if old is None or old == new:
                return rewrites
            generated = ActionRow.workshop_id == workshop_id, ActionRow.origin != MANUAL
            actions = list(s.execute(select(ActionRow.id, ActionRow.origin).where(*generated)))
            query = select(DismissedOriginRow.id, DismissedOriginRow.origin)
            dismissed = list(s.execute(query.where(DismissedOriginRow.workshop_id == workshop_id)))
        renamed = cast(RenamedKind, kind)

        def rename(rows: list[Any]) -> dict[int, str]:
            return {rid: now for rid, origin in rows if (now := rename_in_origin(origin, renamed, old, new)) != origin}

        rewrites.actions = rename(actions)
        changed = rename(dismissed)
        kept = {origin_identity(origin) for rid, origin in dismissed if rid not in changed}
        for rid, now in changed.items():
            identity = origin_identity(now)
            rewrites.dismissed[rid] = None if identity in kept else now
            kept.add(identity)
        return rewrites

    def _rewrite_origins(self, workshop_id: int, rewrites: OriginRewrites) -> Edit:
        """Write the rewrites, inside the batch of the rename, so that one undo puts the old names back."""
        roots: list[RowKey] = [("action", (rid,)) for rid in rewrites.actions]
        roots += [("dismissed_origin", (rid,)) for rid in rewrites.dismissed]

        def change(s: Session) -> None:
            for rid, origin in rewrites.actions.items():
                s.execute(update(ActionRow).where(ActionRow.id == rid).values(origin=origin))
            gone = [rid for rid, now in rewrites.dismissed.items() if now is None]
            if gone:  # first, so no rewritten origin meets one on its way out
                s.execute(delete(DismissedOriginRow).where(DismissedOriginRow.id.in_(gone)))
            for rid, now in rewrites.dismissed.items():
                if now is not None:
                    s.execute(update(DismissedOriginRow).where(DismissedOriginRow.id == rid).values(origin=now))

        return self._edit("Rename in origins", workshop_id, roots, change)


def _action_fields(loaded: LoadedWorkshop, a: Action) -> dict[str, Any]:
    """A domain action as the fields of ``add("action", ...)``: names become the ids of this workshop's rows."""

    def id_of(kind: str, name: str | None) -> int | None:
        return loaded.id_of(kind, name) if name is not None else None

    return {
        "title": a.title,
        "outcome_id": id_of("outcome", a.outcome),
        "channel_id": id_of("channel", a.channel),
        "owner_id": id_of("participant", a.owner),
        "due": a.due,
        "cost": a.cost,
        "effort_days": a.effort_days,
        "status": a.status.value,
        "origin": a.origin,
    }

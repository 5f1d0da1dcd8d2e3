"""The edits of the plan stage: generate the plan, duplicate, delete and bulk-edit actions, bring back a dismissed
origin, and the origins that follow a rename.

A mixin of ``WorkshopService`` like ``channel_edits.py``: what generating adds is worked out by the domain
(``workshop.domain.plan``); here it becomes one validated edit, so one undo takes the whole plan back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from workshop.domain.entities import Action
from workshop.domain.plan import (
    MANUAL,
    RenamedKind,
    generated_actions,
    origin_identity,
    parse_origin,
    rename_in_origin,
)
from workshop.services.fields import KINDS, check_enums, storable, unknown_fields
from workshop.services.refusals import Refusal
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
    _check_owned: Callable[[int, dict[str, Any]], None]
    _check_all_owned: Callable[[int, Any, str, Sequence[int] | set[int]], None]

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

    # -- deleting, bulk edits, dismissed origins -----------------------------

    def delete_actions(self, workshop_id: int, action_ids: Sequence[int]) -> Edit:
        """Delete the actions as one edit; each generated one's origin is dismissed in the same edit (unless it is
        already, compared as names are), so that generating again leaves it out and one undo brings back both.
        ``result`` is the origins newly dismissed, in the order of the ids given. No ids: nothing stored."""
        from workshop.services.workshops import Edit

        ids = list(dict.fromkeys(int(i) for i in action_ids))
        label = "Delete action" if len(ids) == 1 else f"Delete {len(ids)} actions"
        if not ids:
            return Edit(label, workshop_id, {}, {}, [])
        self._check_all_owned(workshop_id, ActionRow, "action", ids)
        with self._reading() as s:
            query = select(ActionRow.id, ActionRow.origin).where(ActionRow.id.in_(ids))
            origin_of: dict[int, str] = {rid: origin for rid, origin in s.execute(query)}
            dismissed_query = select(DismissedOriginRow.origin).where(DismissedOriginRow.workshop_id == workshop_id)
            taken = {origin_identity(o) for o in s.scalars(dismissed_query)}
        dismissed: list[str] = []
        for rid in ids:
            origin = origin_of[rid]
            identity = origin_identity(origin)
            if parse_origin(origin) is not None and identity not in taken:
                taken.add(identity)
                dismissed.append(origin)
        added: list[int] = []

        def change(s: Session) -> list[str]:
            for i in range(0, len(ids), 500):
                s.execute(delete(ActionRow).where(ActionRow.id.in_(ids[i : i + 500])))
            rows = [DismissedOriginRow(workshop_id=workshop_id, origin=o) for o in dismissed]
            s.add_all(rows)
            s.flush()
            added.extend(int(r.id) for r in rows)
            return dismissed

        roots: list[RowKey] = [("action", (rid,)) for rid in ids]
        return self._edit(label, workshop_id, roots, change, lambda _r: [("dismissed_origin", (i,)) for i in added],
                          removes=True)  # fmt: skip

    def bring_back_origin(self, workshop_id: int, origin: str) -> Edit:
        """Take an origin out of the dismissed ones (compared as names are), so that the next generation adds its
        action again; one undoable edit. An origin that is not dismissed is refused, saying so."""
        wanted = origin_identity(origin)
        with self._reading() as s:
            query = select(DismissedOriginRow.id, DismissedOriginRow.origin)
            rows = list(s.execute(query.where(DismissedOriginRow.workshop_id == workshop_id)))
        found = [int(rid) for rid, o in rows if origin_identity(o) == wanted]
        if not found:
            raise Refusal(f"{origin.strip()!r} is not a dismissed generated action of this workshop: there is nothing "
                          "to bring back.")  # fmt: skip

        def change(s: Session) -> None:
            s.execute(delete(DismissedOriginRow).where(DismissedOriginRow.id.in_(found)))

        roots: list[RowKey] = [("dismissed_origin", (rid,)) for rid in found]
        return self._edit("Bring back generated action", workshop_id, roots, change, removes=True)

    def update_actions(self, workshop_id: int, action_ids: Sequence[int], /, **values: Any) -> Edit:
        """The same fields set on every selected action (owner, due date, status, or any action field) as one edit:
        checked once, written in one statement, so a value the method refuses leaves every action as it was and one
        undo puts them all back. No ids or no fields: nothing stored."""
        from workshop.services.workshops import Edit

        spec = KINDS["action"]
        unknown_fields(values, spec.fields)
        storable(values)
        values = check_enums(values, spec.enums)
        ids = list(dict.fromkeys(int(i) for i in action_ids))
        label = "Edit action" if len(ids) == 1 else f"Edit {len(ids)} actions"
        if not ids or not values:
            return Edit(label, workshop_id, {}, {}, None)
        self._check_all_owned(workshop_id, ActionRow, "action", ids)
        self._check_owned(workshop_id, values)

        def change(s: Session) -> None:
            for i in range(0, len(ids), 500):
                s.execute(update(ActionRow).where(ActionRow.id.in_(ids[i : i + 500])).values(**values))

        return self._edit(label, workshop_id, [("action", (rid,)) for rid in ids], change)

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

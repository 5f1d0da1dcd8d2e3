"""Every change to a workshop goes through here: one short transaction per user edit.

Each edit validates the whole workshop with the domain's rules before it commits
(nothing invalid is ever stored) and returns an ``Edit`` holding the row images needed
to undo and redo it exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from workshop.domain.checks import run_checks
from workshop.domain.entities import Outcome, Workshop
from workshop.domain.enums import (
    Severity,
    Stage,
)
from workshop.domain.text import next_outcome_key
from workshop.domain.validation import DomainError, Problem, workshop_problems
from workshop.services.assignments import AssignmentEdits
from workshop.services.channel_edits import ChannelEdits
from workshop.services.damage import DAMAGED_VALUE, check_read_back, unreadable
from workshop.services.fields import (
    KINDS,
    WORKSHOP_FIELDS,
    check_enums,
    integrity_problem,
    now,
    storable,
    unknown_fields,
)
from workshop.services.plan_edits import PlanEdits
from workshop.services.refusals import NotFound, Refusal, SaveFailed
from workshop.services.remedies import RemedyEdits
from workshop.storage import images
from workshop.storage.images import Images, RowKey
from workshop.storage.library import Library, LibraryError
from workshop.storage.mapping import ChangedRow, LoadedWorkshop, insert_workshop, load_workshop
from workshop.storage.orm import (
    LibraryInfo,
    NoteRow,
    OutcomeRow,
    WorkshopRow,
)

_ID = re.compile(r"[0-9]{1,18}")


def _transition(old: Images, new: Images) -> list[ChangedRow]:
    return [(key, old.get(key), new.get(key)) for key in old.keys() | new.keys()]


def looks_like_id(ref: str) -> bool:
    """ASCII digits that fit the library's ids: '²' and a 23-digit number are titles, not ids."""
    return _ID.fullmatch(ref.strip()) is not None


@dataclass
class Edit:
    """A committed change and the images that undo (``before``) and redo (``after``) it."""

    label: str
    workshop_id: int | None
    before: Images
    after: Images
    result: Any = None
    #: The workshop as this edit left it, just validated: the caller need not load it again.
    loaded: LoadedWorkshop | None = None

    @property
    def tables(self) -> frozenset[str]:
        """The library tables the edit changed ("raci", "outcome", ...): which kinds of item it touched."""
        return frozenset(key[0] for key in (*self.before, *self.after))


@dataclass(frozen=True)
class WorkshopSummary:
    id: int
    title: str
    organisation: str
    date: dt.date | None
    updated_at: dt.datetime
    is_template: bool
    errors: int
    warnings: int
    stages_ready: int


class _Batch:
    """The edits of one ``WorkshopService.batch``, gathered in its transaction."""

    def __init__(self, session: Session, workshop_id: int) -> None:
        self.session = session
        self.workshop_id = workshop_id
        self.before: Images = {}
        self.after: Images = {}

    def run(
        self,
        label: str,
        workshop_id: int | None,
        roots: list[RowKey],
        change: Callable[[Session], Any],
        new_roots: Callable[[Any], list[RowKey]] | None,
        *,
        removes: bool,
        written: Images | None = None,
    ) -> Edit:
        if workshop_id != self.workshop_id:
            raise DomainError([Problem("workshop", workshop_id, "is not the workshop this batch of edits changes")])
        conn = self.session.connection()
        before = images.capture(conn, roots) if removes else {
            k: v for k, v in images.reread(conn, roots).items() if v is not None
        }  # fmt: skip
        result = change(self.session)
        self.session.flush()
        after = dict(written) if written is not None else images.reread(conn, before.keys())
        if new_roots is not None and written is None:
            after.update(images.capture(conn, new_roots(result)))
        for key in after.keys() - before.keys():
            before[key] = None
        for key, row in before.items():
            self.before.setdefault(key, row)  # the state before the first edit that touched the row
        self.after.update(after)
        return Edit(label, workshop_id, before, after, result)


class WorkshopService(AssignmentEdits, ChannelEdits, PlanEdits, RemedyEdits):
    """Reads and edits of the workshops in one library."""

    def __init__(self, library: Library) -> None:
        self.library = library
        #: workshop id -> (the library's data version, the workshop as it was then): what the next edit builds on.
        self._loaded: dict[int, tuple[int, LoadedWorkshop]] = {}
        #: Edits committed through this service, per workshop; with the last change, what a summary is good for.
        self._edits: dict[int, int] = {}
        self._summaries: dict[int, tuple[object, WorkshopSummary]] = {}
        self._batch: _Batch | None = None

    # -- reading -------------------------------------------------------------

    def load(self, workshop_id: int) -> LoadedWorkshop:
        with self.library.session() as s:
            try:
                loaded = load_workshop(s, workshop_id)
                if loaded is not None:
                    check_read_back(loaded.workshop)
            except DAMAGED_VALUE as exc:
                raise unreadable(self.library.path, f"Workshop {workshop_id}", exc) from None
        if loaded is None:
            raise NotFound(f"There is no workshop with id {workshop_id} in {self.library.path}.")
        return loaded

    def workshop_ids(self) -> list[int]:
        with self.library.session() as s:
            return list(s.scalars(select(WorkshopRow.id).order_by(WorkshopRow.id)))

    def summaries(self) -> list[WorkshopSummary]:
        """Each workshop with its readiness: how many checks fire, how many stages are ready. A workshop whose
        last change is what it was at the last call is not loaded and checked again."""
        out = []
        with self.library.session() as s:
            version = self._data_version(s)
            for wid in list(s.scalars(select(WorkshopRow.id).order_by(WorkshopRow.id))):
                try:
                    updated_at = s.scalar(select(WorkshopRow.updated_at).where(WorkshopRow.id == wid))
                    key = (updated_at, self._edits.get(wid, 0), version if self.library.read_only else None)
                    known = self._summaries.get(wid)
                    if known is None or known[0] != key:
                        known = (key, self._summary(s, wid))
                        self._summaries[wid] = known
                    out.append(known[1])
                except DAMAGED_VALUE as exc:
                    # Listed, so that nothing vanishes from the library's list; opening it says what is wrong.
                    unreadable(self.library.path, f"Workshop {wid}", exc)
                    out.append(WorkshopSummary(wid, f"Workshop {wid} (damaged: cannot be read)", "", None,
                                               dt.datetime.min, False, 1, 0, 0))  # fmt: skip
        return out

    def _summary(self, s: Session, wid: int) -> WorkshopSummary:
        loaded = load_workshop(s, wid)
        assert loaded is not None
        ws = loaded.workshop
        results = run_checks(ws)
        errors = sum(r.severity is Severity.ERROR for r in results)
        blocked = {r.stage for r in results if r.severity is Severity.ERROR}
        return WorkshopSummary(
            wid,
            ws.title,
            ws.organisation,
            ws.date,
            loaded.updated_at or now(),
            ws.is_template,
            errors,
            len(results) - errors,
            len([st for st in Stage if st not in blocked]),
        )

    def find(self, ref: str) -> int:
        """A workshop by id, else by unique title (case-insensitive)."""
        with self.library.session() as s:
            if looks_like_id(ref) and s.get(WorkshopRow, int(ref)) is not None:
                return int(ref)
            rows = list(
                s.execute(
                    select(WorkshopRow.id, WorkshopRow.title).where(
                        func.lower(func.trim(WorkshopRow.title)) == ref.strip().lower()
                    )
                )
            )
            if not rows:
                rows = [
                    r
                    for r in s.execute(select(WorkshopRow.id, WorkshopRow.title))
                    if r.title.strip().casefold() == ref.strip().casefold()
                ]
        if not rows:
            raise NotFound(f"No workshop has the id or title {ref!r}.")
        if len(rows) > 1:
            ids = ", ".join(str(r.id) for r in rows)
            raise NotFound(f"{len(rows)} workshops are titled {ref!r} (ids {ids}); name one by its id.")
        return int(rows[0].id)

    # -- the edit machinery --------------------------------------------------

    def _edit(
        self,
        label: str,
        workshop_id: int | None,
        roots: list[RowKey],
        change: Callable[[Session], Any],
        new_roots: Callable[[Any], list[RowKey]] | None = None,
        *,
        removes: bool = False,
        written: Images | None = None,
    ) -> Edit:
        """Run ``change`` in one transaction and keep the row images that undo and redo it.
        ``written``: the images the change writes, when the caller knows them exactly (no need to read them back).

        Only a removal captures what hangs on its roots (cascaded children, references set to
        null); any other edit touches just its own rows, so that is all it keeps.
        """
        if self._batch is not None:
            return self._batch.run(label, workshop_id, roots, change, new_roots, removes=removes, written=written)
        with self._saving(), self.library.transaction() as s:
            version = self._data_version(s)
            conn = s.connection()
            if removes:
                before = images.capture(conn, roots)
            else:
                before = {k: v for k, v in images.reread(conn, roots).items() if v is not None}
            result = change(s)
            s.flush()
            wid = workshop_id if workshop_id is not None else result
            after = dict(written) if written is not None else images.reread(conn, before.keys())
            if new_roots is not None and written is None:
                after.update(images.capture(conn, new_roots(result)))
            for key in after.keys() - before.keys():
                before[key] = None
            edit = Edit(label, wid, before, after, result)
            loaded = self._validate(s, wid, version, edit.tables, _transition(before, after))
            stamp = self._touch(s, wid)
        edit.loaded = self._remember(wid, version, loaded, stamp)
        return edit

    def batch(self, label: str, workshop_id: int, run: Callable[[], Any]) -> Edit:
        """Several edits as one (a block of RACI cells, a generated plan, a bulk edit): ``run`` calls this
        service's edits, which then share one transaction, one validation at the end and one undo step.
        Any refusal inside leaves nothing of the batch stored. ``result`` is what ``run`` returns."""
        if self._batch is not None:  # a batch inside a batch joins it: one transaction, one undo step
            if workshop_id != self._batch.workshop_id:
                raise DomainError([Problem("workshop", workshop_id, "is not the workshop this batch of edits changes")])
            return Edit(label, workshop_id, {}, {}, run())
        with self._saving(), self.library.transaction() as s:
            version = self._data_version(s)
            batch = self._batch = _Batch(s, workshop_id)
            try:
                result = run()
            finally:
                self._batch = None
            edit = Edit(label, workshop_id, batch.before, batch.after, result)
            loaded = self._validate(s, workshop_id, version, edit.tables, _transition(batch.before, batch.after))
            stamp = self._touch(s, workshop_id)
        edit.loaded = self._remember(workshop_id, version, loaded, stamp)
        return edit

    def beside(self, workshop_id: int, change: Callable[[Session], Any]) -> Any:
        """A write beside the workshop (its stage timers, its snapshots) that changes none of its items: one short
        transaction, no undo step, no new "saved at", and the workshop as loaded for the next edit stays current
        (a timer saved every few seconds must not make the next edit read the whole workshop again)."""
        with self._saving(), self.library.transaction() as s:
            version = self._data_version(s)
            result = change(s)
        known = self._loaded.get(workshop_id)
        if known is not None and known[0] == version:
            self._loaded[workshop_id] = (version + 1, known[1])
        return result

    def _reading(self) -> AbstractContextManager[Session]:
        """Where an edit reads what it needs first: inside a batch, the batch's own transaction."""
        if self._batch is not None:
            return nullcontext(self._batch.session)
        return self.library.session()

    @staticmethod
    def _data_version(s: Session) -> int:
        return int(s.scalar(select(LibraryInfo.data_version).where(LibraryInfo.id == 1)) or 0)

    def _validate(
        self, s: Session, workshop_id: int | None, version: int, tables: frozenset[str], rows: list[ChangedRow]
    ) -> LoadedWorkshop | None:
        """The workshop as the edit leaves it, checked against every rule; only what the edit changed is
        read again when the workshop as it was is known (the library's data version says it is current)."""
        if workshop_id is None or s.get(WorkshopRow, workshop_id) is None:
            return None
        known = self._loaded.get(workshop_id)
        previous = known[1] if known is not None and known[0] == version else None
        loaded = load_workshop(s, workshop_id, previous, tables if previous is not None else None, rows)
        assert loaded is not None
        if loaded.reloaded is None:
            problems = workshop_problems(loaded.workshop)
        else:  # the workshop as it was is valid: check what the edit changed, and what depends on it
            sections = {*loaded.reloaded, *loaded.patched}
            if tables & {"workshop", "dismissed_origin"}:
                sections.add("settings")  # the workshop's own fields (dots, limit...) and the budgets they set
            problems = workshop_problems(loaded.workshop, sections, loaded.patched)
        if problems:
            raise DomainError(problems)
        return loaded

    def _remember(
        self, workshop_id: int | None, version: int, loaded: LoadedWorkshop | None, stamp: dt.datetime | None
    ) -> LoadedWorkshop | None:
        """After the commit (which counted one change): keep the workshop as it now is for the next edit."""
        if workshop_id is None:
            return None
        self._edits[workshop_id] = self._edits.get(workshop_id, 0) + 1
        if loaded is None:
            self._loaded.pop(workshop_id, None)
            return None
        loaded.updated_at = stamp
        self._loaded[workshop_id] = (version + 1, loaded)
        return loaded

    def _touch(self, s: Session, workshop_id: int | None) -> dt.datetime | None:
        if workshop_id is None or s.get(WorkshopRow, workshop_id) is None:
            return None
        stamp = now()
        s.execute(update(WorkshopRow).where(WorkshopRow.id == workshop_id).values(updated_at=stamp))
        return stamp

    @contextmanager
    def _saving(self) -> Iterator[None]:
        """Database failures (a full disk, a lock held too long) become one clear refusal; the
        transaction was rolled back, so nothing of the edit is stored."""
        try:
            yield
        except IntegrityError as exc:
            raise DomainError([integrity_problem(exc)]) from exc
        except LibraryError as exc:  # a read-only library
            raise Refusal(str(exc)) from exc
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise SaveFailed(f"The change could not be saved ({reason}); nothing was changed.") from exc

    def _restore(self, edit: Edit, state: Images) -> LoadedWorkshop | None:
        with self._saving(), self.library.transaction() as s:
            version = self._data_version(s)
            images.apply(s.connection(), state)
            s.flush()
            undoing = state is edit.before
            rows = _transition(edit.after, edit.before) if undoing else _transition(edit.before, edit.after)
            loaded = self._validate(s, edit.workshop_id, version, edit.tables, rows)
            stamp = self._touch(s, edit.workshop_id)
        return self._remember(edit.workshop_id, version, loaded, stamp)

    def undo(self, edit: Edit) -> LoadedWorkshop | None:
        """Put back what the edit changed; returns the workshop as it now is (None when it is gone)."""
        return self._restore(edit, edit.before)

    def redo(self, edit: Edit) -> LoadedWorkshop | None:
        return self._restore(edit, edit.after)

    # -- workshops -----------------------------------------------------------

    def import_workshop(self, ws: Workshop, label: str = "Import workshop") -> Edit:
        """Add a whole workshop (a file, the sample, a template); all or nothing."""
        problems = workshop_problems(ws)
        if problems:
            raise DomainError(problems)
        return self._edit(label, None, [], lambda s: insert_workshop(s, ws), lambda wid: [("workshop", (wid,))])

    def create_workshop(self, title: str, **details: Any) -> Edit:
        """A new workshop with its own copy of the channel catalog and the default criteria."""
        from workshop.services.catalog import catalog_channels

        unknown_fields(details, WORKSHOP_FIELDS)
        ws = Workshop(title=title, channels=catalog_channels(), date=dt.date.today())
        for name, value in details.items():
            setattr(ws, name, value)
        return self.import_workshop(ws, "New workshop")

    def duplicate_workshop(self, workshop_id: int, title: str | None = None) -> Edit:
        ws = self.load(workshop_id).workshop
        ws.title = title if title is not None else f"{ws.title} (copy)"
        return self.import_workshop(ws, "Duplicate workshop")

    def delete_workshop(self, workshop_id: int) -> Edit:
        def change(s: Session) -> None:
            row = s.get(WorkshopRow, workshop_id)
            if row is None:
                raise NotFound(f"There is no workshop with id {workshop_id}.")
            s.delete(row)

        return self._edit("Delete workshop", workshop_id, [("workshop", (workshop_id,))], change, removes=True)

    def update_workshop(self, workshop_id: int, **values: Any) -> Edit:
        unknown_fields(values, WORKSHOP_FIELDS)
        storable(values)

        def change(s: Session) -> None:
            s.execute(update(WorkshopRow).where(WorkshopRow.id == workshop_id).values(**values))

        label = "Rename workshop" if set(values) == {"title"} else "Edit workshop details"
        return self._edit(label, workshop_id, [("workshop", (workshop_id,))], change)

    # -- ordered items -------------------------------------------------------

    def _workshop_of(self, kind: str, row_id: int) -> int:
        model = KINDS[kind].model
        with self._reading() as s:
            wid = s.scalar(select(model.workshop_id).where(model.id == row_id))  # type: ignore[attr-defined]
        if wid is None:
            raise NotFound(f"There is no {kind.replace('_', ' ')} with id {row_id}.")
        return int(wid)

    def add(self, kind: str, workshop_id: int, /, **values: Any) -> Edit:
        """Add an item at the end of its list; ``result`` is the new row id."""
        spec = KINDS[kind]
        unknown_fields(values, spec.fields)
        storable(values)
        values = check_enums(values, spec.enums)
        model = spec.model
        self._check_owned(workshop_id, values)

        def change(s: Session) -> int:
            query = select(func.max(model.position)).where(model.workshop_id == workshop_id)  # type: ignore[attr-defined]
            if spec.note_kind:
                query = query.where(NoteRow.kind == spec.note_kind)
                values["kind"] = spec.note_kind
            last = s.scalar(query)
            row = model(workshop_id=workshop_id, position=(last + 1) if last is not None else 0, **values)
            s.add(row)
            s.flush()
            return int(row.id)

        return self._edit(
            f"Add {kind.replace('_', ' ')}", workshop_id, [], change, lambda rid: [(model.__tablename__, (rid,))]
        )

    def update(self, kind: str, row_id: int, /, **values: Any) -> Edit:
        spec = KINDS[kind]
        unknown_fields(values, spec.fields)
        storable(values)
        values = check_enums(values, spec.enums)
        model = spec.model
        wid = self._workshop_of(kind, row_id)
        self._check_owned(wid, values)

        def change(s: Session) -> None:
            row = s.get(model, row_id)
            for name, value in values.items():
                setattr(row, name, value)

        label = f"Edit {kind.replace('_', ' ')}"
        rewrites = self._origin_rewrites(kind, row_id, wid, values)  # a new outcome key or channel name

        def apply() -> Edit:
            edit = self._edit(label, wid, [(model.__tablename__, (row_id,))], change)
            if rewrites:
                self._rewrite_origins(wid, rewrites)
            return edit

        if rewrites and self._batch is None:  # the origins naming it follow in the same edit: one undo step
            return self.batch(label, wid, lambda: apply().result)
        return apply()

    def add_outcome(self, workshop_id: int, /, **values: Any) -> Edit:
        """A new outcome at the end, keyed ``O<n+1>`` after the highest number in use unless a key is given."""
        values.setdefault("category", Outcome("").category.value)  # the method's default category
        if "key" not in values:
            with self._reading() as s:
                keys = list(s.scalars(select(OutcomeRow.key).where(OutcomeRow.workshop_id == workshop_id)))
            values["key"] = next_outcome_key(keys)
        edit = self.add("outcome", workshop_id, **values)
        edit.label = "Add outcome"
        return edit

    def duplicate_outcome(self, outcome_id: int) -> Edit:
        """The outcome's own fields under a new key, placed after it: no roles, scores, choices, votes or actions."""
        wid = self._workshop_of("outcome", outcome_id)
        fields = sorted(KINDS["outcome"].fields - {"key"})
        with self._reading() as s:
            row = s.get(OutcomeRow, outcome_id)
            assert row is not None
            values = {name: getattr(row, name) for name in fields}

        def run() -> int:
            new_id = int(self.add_outcome(wid, **values).result)
            with self._reading() as s:
                ids = list(
                    s.scalars(select(OutcomeRow.id).where(OutcomeRow.workshop_id == wid).order_by(OutcomeRow.position))
                )
            self.move("outcome", new_id, ids.index(outcome_id) + 1 - ids.index(new_id))
            return new_id

        return self.batch("Duplicate outcome", wid, run)

    def remove(self, kind: str, row_id: int) -> Edit:
        """Remove an item with what hangs on it (its RACI, scores, votes...); undo brings all back."""
        model = KINDS[kind].model
        wid = self._workshop_of(kind, row_id)

        def change(s: Session) -> None:
            s.delete(s.get(model, row_id))

        return self._edit(
            f"Remove {kind.replace('_', ' ')}", wid, [(model.__tablename__, (row_id,))], change, removes=True
        )

    def move(self, kind: str, row_id: int, steps: int) -> Edit:
        """Move an item up (negative) or down its list, renumbering the list's positions."""
        spec = KINDS[kind]
        model = spec.model
        wid = self._workshop_of(kind, row_id)
        with self._reading() as s:
            query = select(model.id).where(model.workshop_id == wid)  # type: ignore[attr-defined]
            if spec.note_kind:
                query = query.where(NoteRow.kind == spec.note_kind)
            ids = list(s.scalars(query.order_by(model.position, model.id)))  # type: ignore[attr-defined]
        old = ids.index(row_id)
        new = max(0, min(len(ids) - 1, old + steps))
        ids.insert(new, ids.pop(old))

        def change(s: Session) -> None:
            for position, rid in enumerate(ids):
                s.execute(update(model).where(model.id == rid).values(position=position))  # type: ignore[attr-defined]

        return self._edit(f"Move {kind.replace('_', ' ')}", wid, [(model.__tablename__, (rid,)) for rid in ids], change)

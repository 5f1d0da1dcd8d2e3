"""Snapshots: a workshop as it was at one moment, kept in the library beside it (never in the interchange file).

Taking, listing and deleting a snapshot is no edit of the workshop: no undo step, written through
``WorkshopService.beside``. Restoring one is: one undoable edit that replaces the workshop's items with the
snapshot's under the same workshop id (so its snapshots and stage timers stay attached), after the state it
replaces was itself snapshotted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from workshop.domain.diff import Change, workshop_changes
from workshop.domain.entities import WORKSHOP_DETAILS, Workshop
from workshop.domain.enums import Stage
from workshop.services.damage import DAMAGED_VALUE
from workshop.services.refusals import NotFound, Refusal
from workshop.services.workshops import Edit, WorkshopService
from workshop.storage import images
from workshop.storage.images import RowKey
from workshop.storage.interchange import InterchangeError, dumps_workshop, parse_own_workshop
from workshop.storage.mapping import insert_items
from workshop.storage.orm import Base, SnapshotRow, WorkshopRow

#: Tables beside a workshop rather than in it: a restore leaves them as they are.
BESIDE_TABLES = frozenset({"snapshot", "stage_timer"})


def _item_tables() -> list[Table]:
    """The tables whose rows hang on the workshop directly (its items), parents first."""
    return [
        t
        for t in Base.metadata.sorted_tables
        if t.name not in BESIDE_TABLES
        and "workshop_id" in t.c
        and any(fk.column.table.name == "workshop" for fk in t.c.workshop_id.foreign_keys)
    ]


ITEM_TABLES = _item_tables()
#: The tables of a workshop's items (and of what hangs on them, such as votes) whose rows carry an id of their own.
ID_TABLES = [
    t for t in Base.metadata.sorted_tables if "id" in t.c and t.name not in {"workshop", "library_info", *BESIDE_TABLES}
]


def local_now() -> dt.datetime:
    """The time a snapshot is taken, with its offset: shown as the room's clock showed it."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class SnapshotInfo:
    """A snapshot as listed: what it is called, when and where it was taken; not its content."""

    id: int
    workshop_id: int
    name: str
    taken_at: dt.datetime
    stage: Stage | None
    automatic: bool


class SnapshotService:
    """Take, list, read, compare, delete and restore the snapshots of one library's workshops."""

    def __init__(self, workshops: WorkshopService, clock: Callable[[], dt.datetime] = local_now) -> None:
        self.workshops = workshops
        self.clock = clock
        #: workshop id -> the workshop (as loaded) that its latest snapshot holds: walking through the stages of an
        #: unchanged workshop costs nothing (writing out a large workshop takes a second).
        self._as_latest: dict[int, Workshop] = {}

    @property
    def writable(self) -> bool:
        return not self.workshops.library.read_only

    def _refuse_read_only(self, doing: str) -> None:
        if not self.writable:
            raise Refusal(
                f"{self.workshops.library.path} is open read-only: {doing} is not possible here; "
                "browsing and comparing snapshots is."
            )

    # -- taking ----------------------------------------------------------------

    def take(
        self,
        workshop_id: int,
        name: str,
        *,
        stage: Stage | None = None,
        automatic: bool = False,
        only_if_changed: bool = False,
    ) -> SnapshotInfo | None:
        """Keep the workshop as it is now. With ``only_if_changed``, nothing is taken (None) when it is exactly as
        the latest snapshot holds it."""
        self._refuse_read_only("taking a snapshot")
        workshop = self.workshops._current(workshop_id).workshop
        if only_if_changed and self._as_latest.get(workshop_id) is workshop:
            return None
        content = dumps_workshop(workshop)
        if only_if_changed and content == self._latest_content(workshop_id):
            self._as_latest[workshop_id] = workshop
            return None
        name = " ".join(name.split()) or "Snapshot"
        at = self.clock()

        def change(s: Session) -> int:
            row = SnapshotRow(
                workshop_id=workshop_id,
                name=name,
                taken_at=at,
                stage=stage.value if stage is not None else None,
                automatic=automatic,
                content=content,
            )
            s.add(row)
            s.flush()
            return int(row.id)

        sid = self.workshops.beside(workshop_id, change)
        self._as_latest[workshop_id] = workshop
        return SnapshotInfo(sid, workshop_id, name, at, stage, automatic)

    def _latest_content(self, workshop_id: int) -> str | None:
        with self.workshops.library.session() as s:
            query = (
                select(SnapshotRow.content)
                .where(SnapshotRow.workshop_id == workshop_id)
                .order_by(SnapshotRow.id.desc())
                .limit(1)
            )
            try:
                return s.scalar(query)
            except DAMAGED_VALUE:
                return None

    # -- reading ---------------------------------------------------------------

    def snapshots(self, workshop_id: int) -> list[SnapshotInfo]:
        """A workshop's snapshots, newest first, without reading their content."""
        columns = (
            SnapshotRow.id,
            SnapshotRow.name,
            SnapshotRow.taken_at,
            SnapshotRow.stage,
            SnapshotRow.automatic,
        )
        with self.workshops.library.session() as s:
            rows = list(
                s.execute(
                    select(*columns)
                    .where(SnapshotRow.workshop_id == workshop_id)
                    .order_by(SnapshotRow.taken_at.desc(), SnapshotRow.id.desc())
                )
            )
        return [SnapshotInfo(r.id, workshop_id, r.name, r.taken_at, _stage(r.stage), bool(r.automatic)) for r in rows]

    def info(self, snapshot_id: int) -> SnapshotInfo:
        with self.workshops.library.session() as s:
            row = s.execute(
                select(
                    SnapshotRow.workshop_id,
                    SnapshotRow.name,
                    SnapshotRow.taken_at,
                    SnapshotRow.stage,
                    SnapshotRow.automatic,
                ).where(SnapshotRow.id == snapshot_id)
            ).first()
        if row is None:
            raise NotFound(f"There is no snapshot with id {snapshot_id}.")
        return SnapshotInfo(
            snapshot_id, row.workshop_id, row.name, row.taken_at, _stage(row.stage), bool(row.automatic)
        )

    def read(self, snapshot_id: int) -> Workshop:
        """The workshop as the snapshot holds it; a snapshot that cannot be read is one clear refusal."""
        info = self.info(snapshot_id)
        with self.workshops.library.session() as s:
            try:
                content = s.scalar(select(SnapshotRow.content).where(SnapshotRow.id == snapshot_id))
                workshop = parse_own_workshop(content or "")
            except (InterchangeError, *DAMAGED_VALUE) as exc:
                raise Refusal(
                    f'Snapshot "{info.name}" cannot be read: it is damaged ({_reason(exc)}); nothing was changed.'
                ) from None
        return workshop

    def changes(self, older: Workshop, newer: Workshop) -> list[Change]:
        return workshop_changes(older, newer)

    def changes_since(self, snapshot_id: int) -> list[Change]:
        """From the snapshot to the workshop as it is now."""
        info = self.info(snapshot_id)
        return workshop_changes(self.read(snapshot_id), self.workshops._current(info.workshop_id).workshop)

    def changes_between(self, older_id: int, newer_id: int) -> list[Change]:
        return workshop_changes(self.read(older_id), self.read(newer_id))

    # -- deleting and restoring ------------------------------------------------

    def delete(self, snapshot_id: int) -> None:
        self._refuse_read_only("deleting a snapshot")
        info = self.info(snapshot_id)
        self._as_latest.pop(info.workshop_id, None)  # the latest snapshot may be this one
        self.workshops.beside(
            info.workshop_id, lambda s: s.execute(delete(SnapshotRow).where(SnapshotRow.id == snapshot_id))
        )

    def restore(self, snapshot_id: int) -> Edit:
        """Bring the workshop back to the snapshot as one undoable edit; the state it replaces is snapshotted first
        ("Before restoring <name>"). A damaged snapshot is refused before anything changes."""
        self._refuse_read_only("restoring a snapshot")
        info = self.info(snapshot_id)
        ws = self.read(snapshot_id)
        wid = info.workshop_id
        self.take(wid, f"Before restoring {info.name}", automatic=True)
        with self.workshops.library.session() as s:
            touched = [*images.capture(s.connection(), _item_rows(s, wid)), ("workshop", (wid,))]
        written: images.Images = {}

        def change(s: Session) -> None:
            conn = s.connection()
            # New rows take ids no deleted row had: undo then deletes the one set and puts the other back.
            ids_after = {t.name: int(s.scalar(select(func.max(t.c.id))) or 0) for t in ID_TABLES}
            for table in reversed(ITEM_TABLES):
                s.execute(delete(table).where(table.c.workshop_id == wid))
            details = {n: getattr(ws, n) for n in WORKSHOP_DETAILS}
            s.execute(update(WorkshopRow).where(WorkshopRow.id == wid).values(**details))
            s.expire_all()
            insert_items(s, wid, ws, ids_after=ids_after)
            s.flush()
            # What the edit wrote, known here without reading every old row back: the old rows gone, the new ones.
            written.update(dict.fromkeys(touched))
            written.update(images.capture(conn, _item_rows(s, wid)))
            written.update(images.reread(conn, [("workshop", (wid,))]))

        # Every item changes: reading the workshop again whole is quicker than patching the one known.
        self.workshops._loaded.pop(wid, None)
        return self.workshops._edit(f'Restore snapshot "{info.name}"', wid, touched, change, written=written)


def _item_rows(s: Session, wid: int) -> list[RowKey]:
    """The keys of the rows that hang on the workshop directly: a restore's roots (their children follow them)."""
    keys: list[RowKey] = []
    for table in ITEM_TABLES:
        pk = list(table.primary_key.columns)
        for row in s.execute(select(*pk).where(table.c.workshop_id == wid)):
            keys.append((table.name, tuple(row)))
    return keys


def _stage(value: str | None) -> Stage | None:
    try:
        return Stage(value) if value is not None else None
    except ValueError:
        return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, InterchangeError):
        problems = getattr(exc, "problems", [])
        if not problems:
            return str(exc)
        first = problems[0]
        return first.reason if first.path in ("$", "") else f"{first.path}: {first.reason}"
    return str(exc) or type(exc).__name__

"""Snapshots on a real library: take, list, read, delete; restore as one edit that undo and redo walk exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workshop.domain.enums import RaciRole, Stage
from workshop.services.catalog import sample_workshop
from workshop.services.refusals import Refusal
from workshop.services.snapshots import SnapshotService
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop, parse_workshop
from workshop.storage.library import Library
from workshop.storage.orm import SnapshotRow, StageTimerRow

T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def snaps(service: WorkshopService) -> SnapshotService:
    return SnapshotService(service, Clock())


@pytest.fixture
def wid(service: WorkshopService) -> int:
    return int(service.import_workshop(sample_workshop()).result)


def state(service: WorkshopService, wid: int) -> str:
    return dumps_workshop(service.load(wid).workshop)


def test_take_list_read_and_delete(service: WorkshopService, snaps: SnapshotService, wid: int) -> None:
    first = snaps.take(wid, "Before lunch")
    assert first is not None
    o1 = service.load(wid).ids["outcome"]["o1"]
    service.update("outcome", o1, title="Cheaper support")
    second = snaps.take(wid, "Left Outcomes", stage=Stage.OUTCOMES, automatic=True)
    assert second is not None
    listed = snaps.snapshots(wid)
    assert [(s.name, s.stage, s.automatic) for s in listed] == [
        ("Left Outcomes", Stage.OUTCOMES, True),
        ("Before lunch", None, False),
    ]
    assert listed[1].taken_at == T0 + dt.timedelta(minutes=1)
    assert dumps_workshop(snaps.read(first.id)) != dumps_workshop(snaps.read(second.id))
    assert dumps_workshop(snaps.read(second.id)) == state(service, wid)
    assert [c.text for c in snaps.changes_between(first.id, second.id)] == [
        'O1 renamed from "Cut support cost per customer" to "Cheaper support"'
    ]
    assert snaps.changes_since(second.id) == []
    snaps.delete(first.id)
    assert [s.name for s in snaps.snapshots(wid)] == ["Left Outcomes"]


def test_taking_is_no_edit_and_only_if_changed_skips_an_unchanged_workshop(
    service: WorkshopService, snaps: SnapshotService, wid: int
) -> None:
    before = service.load(wid).updated_at
    assert snaps.take(wid, "One", only_if_changed=True) is not None
    assert snaps.take(wid, "Two", only_if_changed=True) is None
    assert service.load(wid).updated_at == before
    service.update_workshop(wid, facilitator="Someone else")
    assert snaps.take(wid, "Three", only_if_changed=True) is not None
    assert [s.name for s in snaps.snapshots(wid)] == ["Three", "One"]
    # The latest one deleted, the workshop is no longer as the latest ("One") holds it: one is taken; then none.
    # Every one deleted: there is nothing to be the same as, one is taken.
    snaps.delete(snaps.snapshots(wid)[0].id)
    assert snaps.take(wid, "Four", only_if_changed=True) is not None
    assert snaps.take(wid, "Five", only_if_changed=True) is None
    for info in snaps.snapshots(wid):
        snaps.delete(info.id)
    assert snaps.take(wid, "Six", only_if_changed=True) is not None


def test_restore_then_undo_then_redo(service: WorkshopService, snaps: SnapshotService, wid: int) -> None:
    taken = snaps.take(wid, "Start")
    assert taken is not None
    start = state(service, wid)
    loaded = service.load(wid)
    # A few edits of different kinds: a rename, a removal (with what hangs on it), an addition, a RACI change.
    service.update("outcome", loaded.ids["outcome"]["o1"], key="O10")
    service.remove("channel", loaded.ids["channel"]["instagram"])
    service.add("action", wid, title="Launch the forum")
    p = loaded.workshop.participants[0].name
    service.set_raci(loaded.ids["outcome"]["o2"], loaded.id_of("participant", p), RaciRole.C)
    service.update_workshop(wid, title="Changed title", dots_per_participant=7)
    edited = state(service, wid)
    assert edited != start

    edit = snaps.restore(taken.id)
    assert state(service, wid) == start
    assert not edit.tables & {"snapshot", "stage_timer"}, "what is beside the workshop is no part of the edit"
    assert edit.loaded is not None and dumps_workshop(edit.loaded.workshop) == start
    names = [s.name for s in snaps.snapshots(wid)]
    assert names == ["Before restoring Start", "Start"]
    assert dumps_workshop(snaps.read(snaps.snapshots(wid)[0].id)) == edited

    service.undo(edit)
    assert state(service, wid) == edited
    service.redo(edit)
    assert state(service, wid) == start
    service.undo(edit)
    assert state(service, wid) == edited
    # The workshop kept its id: its snapshots are still there after all that.
    assert len(snaps.snapshots(wid)) == 2


def test_restore_keeps_the_stage_timers(service: WorkshopService, snaps: SnapshotService, wid: int) -> None:
    taken = snaps.take(wid, "Start")
    assert taken is not None

    def put(s: Session) -> None:
        s.add(StageTimerRow(workshop_id=wid, stage="outcomes", used_seconds=90.0, extra_minutes=5))

    service.beside(wid, put)
    service.update_workshop(wid, title="Later")
    edit = snaps.restore(taken.id)
    service.undo(edit)
    with service.library.session() as s:
        timers = list(s.scalars(select(StageTimerRow).where(StageTimerRow.workshop_id == wid)))
    assert [(t.stage, t.used_seconds) for t in timers] == [("outcomes", 90.0)]


def test_a_damaged_snapshot_is_refused_and_nothing_changes(
    service: WorkshopService, snaps: SnapshotService, wid: int
) -> None:
    taken = snaps.take(wid, "Broken")
    assert taken is not None
    service.beside(wid, lambda s: s.execute(update(SnapshotRow).values(content='{"title": ')))
    service.update_workshop(wid, title="Now")
    now = state(service, wid)
    with pytest.raises(Refusal, match=r'^Snapshot "Broken" cannot be read: it is damaged .*nothing was changed\.$'):
        snaps.restore(taken.id)
    with pytest.raises(Refusal, match="cannot be read"):
        snaps.changes_since(taken.id)
    assert state(service, wid) == now
    assert [s.name for s in snaps.snapshots(wid)] == ["Broken"]


def test_snapshots_are_never_in_the_interchange_file(
    service: WorkshopService, snaps: SnapshotService, wid: int, tmp_path: Path
) -> None:
    snaps.take(wid, "A very particular snapshot name")
    text = state(service, wid)
    assert "snapshot" not in text.lower() and "A very particular" not in text
    assert "snapshot" not in json.loads(text)
    assert parse_workshop(text).workshop == service.load(wid).workshop


def test_deleting_the_workshop_deletes_its_snapshots(
    service: WorkshopService, snaps: SnapshotService, wid: int
) -> None:
    other = int(service.import_workshop(sample_workshop()).result)
    snaps.take(wid, "Mine")
    snaps.take(other, "Other's")
    service.delete_workshop(wid)
    with service.library.session() as s:
        assert list(s.scalars(select(SnapshotRow.name))) == ["Other's"]
    assert snaps.snapshots(wid) == []


def test_a_read_only_library_refuses_taking_restoring_and_deleting(
    library_path: Path, service: WorkshopService, snaps: SnapshotService, wid: int, library: Library
) -> None:
    taken = snaps.take(wid, "Kept")
    assert taken is not None
    library.close()
    with Library.open(library_path, read_only=True) as read_only:
        ro = SnapshotService(WorkshopService(read_only))
        assert not ro.writable
        for attempt in (lambda: ro.take(wid, "New"), lambda: ro.restore(taken.id), lambda: ro.delete(taken.id)):
            with pytest.raises(Refusal, match=r"is open read-only: .* is not possible here; browsing and comparing"):
                attempt()
        assert [s.name for s in ro.snapshots(wid)] == ["Kept"]
        assert ro.changes_since(taken.id) == []


def test_restored_rows_take_new_ids_so_undo_and_redo_never_rewrite_rows_in_place(
    service: WorkshopService, snaps: SnapshotService, wid: int
) -> None:
    """Rewriting a row in place under an id an old row had trips the unique names and votes (a bug seen on the large
    workshop): every restored row with an id of its own gets a new one."""
    taken = snaps.take(wid, "Start")
    assert taken is not None
    loaded = service.load(wid)
    votes = [v for v in loaded.workshop.votes if v.channel is None][:2]
    for v in votes:  # the same dots moved between people: the same (participant, outcome) pairs, other rows
        service.set_vote(loaded.id_of("participant", v.participant), loaded.id_of("outcome", v.outcome), None, None)
    edited = state(service, wid)
    edit = snaps.restore(taken.id)
    old = {k for k, row in edit.before.items() if row is not None and k[0] != "workshop"}
    new = {k for k, row in edit.after.items() if row is not None and k[0] != "workshop"}
    with_ids = {k for k in old | new if k[0] not in {"rating", "raci", "score", "choice", "agenda_item"}}
    assert with_ids and not (old & new & with_ids)
    for _ in range(2):
        service.undo(edit)
        assert state(service, wid) == edited
        service.redo(edit)
        assert dumps_workshop(snaps.read(taken.id)) == state(service, wid)

"""Every edit of the service layer, its undo and its redo, on a real library in tmp_path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from workshop.domain.validation import DomainError
from workshop.services.catalog import catalog_channels, sample_workshop
from workshop.services.workshops import Edit, WorkshopService
from workshop.storage.interchange import dumps_workshop


def state(service: WorkshopService, wid: int) -> str:
    return dumps_workshop(service.load(wid).workshop)


def undoable(service: WorkshopService, wid: int, do: Callable[[], Edit]) -> Edit:
    """Apply, undo, redo: each step leaves exactly the state it should."""
    before = state(service, wid)
    edit = do()
    after = state(service, wid)
    assert after != before, "the edit changed nothing"
    service.undo(edit)
    assert state(service, wid) == before
    service.redo(edit)
    assert state(service, wid) == after
    return edit


@pytest.fixture
def sample(service: WorkshopService) -> int:
    return service.import_workshop(sample_workshop()).result


def ids(service: WorkshopService, wid: int, kind: str) -> dict[str, int]:
    return service.load(wid).ids[kind]


def test_new_workshop_has_catalog_copy_and_default_criteria(service: WorkshopService) -> None:
    edit = service.create_workshop("Kick-off", organisation="Acme", currency="GBP")
    ws = service.load(edit.result).workshop
    assert (ws.title, ws.organisation, ws.currency) == ("Kick-off", "Acme", "GBP")
    assert [c.name for c in ws.channels] == [c.name for c in catalog_channels()]
    assert [c.key for c in ws.criteria][:2] == ["audience_fit", "outcome_fit"]
    assert ws.date == dt.date.today()


def test_create_undo_removes_workshop_and_redo_restores_it(service: WorkshopService) -> None:
    edit = service.create_workshop("Kick-off")
    service.undo(edit)
    assert service.workshop_ids() == []
    service.redo(edit)
    assert service.workshop_ids() == [edit.result]
    assert len(service.load(edit.result).workshop.channels) == len(catalog_channels())


def test_import_sample_round_trips(service: WorkshopService, sample: int) -> None:
    assert state(service, sample) == dumps_workshop(sample_workshop())


def test_delete_workshop_and_undo(service: WorkshopService, sample: int) -> None:
    before = state(service, sample)
    edit = service.delete_workshop(sample)
    assert service.workshop_ids() == []
    service.undo(edit)
    assert state(service, sample) == before
    service.redo(edit)
    assert service.workshop_ids() == []


def test_duplicate_and_rename(service: WorkshopService, sample: int) -> None:
    copy = service.duplicate_workshop(sample).result
    assert service.load(copy).workshop.title == "Social strategy 2027 (copy)"
    undoable(service, copy, lambda: service.update_workshop(copy, title="Second run"))
    assert service.load(copy).workshop.title == "Second run"
    assert service.load(sample).workshop.title == "Social strategy 2027"


def test_workshop_details(service: WorkshopService, sample: int) -> None:
    undoable(
        service,
        sample,
        lambda: service.update_workshop(sample, facilitator="Kim", date=dt.date(2027, 1, 5), overload_limit=5),
    )


def test_department_add_edit_move_remove(service: WorkshopService, sample: int) -> None:
    edit = undoable(service, sample, lambda: service.add("department", sample, name="Board", function="executive"))
    assert service.load(sample).workshop.departments[-1].name == "Board"
    undoable(service, sample, lambda: service.update("department", edit.result, name="Board of directors"))
    undoable(service, sample, lambda: service.move("department", edit.result, -2))
    names = [d.name for d in service.load(sample).workshop.departments]
    assert names.index("Board of directors") == len(names) - 3


def test_removing_a_department_keeps_people_and_undo_restores_their_department(
    service: WorkshopService, sample: int
) -> None:
    ws = service.load(sample).workshop
    dept = ws.departments[0].name
    members = [p.name for p in ws.participants if p.department == dept]
    assert members
    dept_id = ids(service, sample, "department")[dept.casefold()]
    edit = undoable(service, sample, lambda: service.remove("department", dept_id))
    assert all(p.department is None for p in service.load(sample).workshop.participants if p.name in members)
    service.undo(edit)
    after = service.load(sample).workshop
    assert [p.name for p in after.participants if p.department == dept] == members


def test_removing_a_participant_takes_raci_and_votes_and_undo_brings_them_back(
    service: WorkshopService, sample: int
) -> None:
    ws = service.load(sample).workshop
    name = ws.raci[0].participant
    pid = ids(service, sample, "participant")[name.casefold()]
    edit = undoable(service, sample, lambda: service.remove("participant", pid))
    service.undo(edit)
    restored = service.load(sample).workshop
    assert [r for r in restored.raci if r.participant == name] == [r for r in ws.raci if r.participant == name]
    assert [a.owner for a in restored.actions] == [a.owner for a in ws.actions]


def test_participant_stakeholder_outcome_channel_criterion_action_notes(service: WorkshopService, sample: int) -> None:
    dept_id = next(iter(ids(service, sample, "department").values()))
    p = undoable(
        service, sample, lambda: service.add("participant", sample, name="Zoe", department_id=dept_id, power=4)
    ).result
    undoable(service, sample, lambda: service.update("participant", p, email="zoe@example.org", interest=5))
    undoable(service, sample, lambda: service.add("stakeholder", sample, name="Works council", role="Council"))
    o = undoable(
        service,
        sample,
        lambda: service.add("outcome", sample, key="O9", title="Cut returns", category="cost_reduction"),
    ).result
    undoable(service, sample, lambda: service.update("outcome", o, kpi_baseline=0.0, kpi_target=5.0, value_per_unit=10))
    c = undoable(
        service,
        sample,
        lambda: service.add(
            "channel", sample, name="Podcast", kind="owned", owner="(own)", portability="full", platform_risk=2
        ),
    ).result
    undoable(service, sample, lambda: service.update("channel", c, aliases=["Pod"], retired=True))
    undoable(
        service,
        sample,
        lambda: service.add("criterion", sample, key="reach_fit", name="Reach", weight=1, per_outcome=True),
    )
    a = undoable(
        service, sample, lambda: service.add("action", sample, title="Record pilot", outcome_id=o, owner_id=p, cost=300)
    ).result
    undoable(service, sample, lambda: service.update("action", a, status="doing", due=dt.date(2027, 2, 1)))
    undoable(service, sample, lambda: service.remove("action", a))
    undoable(service, sample, lambda: service.add("parking_lot", sample, text="Budget for video?", by="Zoe"))
    undoable(service, sample, lambda: service.add("decision", sample, text="Podcast pilot approved", by="facilitator"))
    undoable(service, sample, lambda: service.remove("outcome", o))


def test_assignments(service: WorkshopService, sample: int) -> None:
    loaded = service.load(sample)
    o1 = loaded.id_of("outcome", "O1")
    o5 = loaded.id_of("outcome", "O5")
    person = loaded.id_of("participant", loaded.workshop.participants[-1].name)
    channel = loaded.id_of("channel", loaded.workshop.channels[0].name)
    criterion = loaded.id_of("criterion", "audience_fit")
    rating_criterion = loaded.id_of("criterion", "ease")
    undoable(service, sample, lambda: service.set_raci(o5, person, "C"))
    undoable(service, sample, lambda: service.set_raci(o5, person, None))
    undoable(service, sample, lambda: service.set_score(o5, channel, criterion, 5))
    undoable(service, sample, lambda: service.set_rating(channel, rating_criterion, 1))
    undoable(service, sample, lambda: service.set_choice(o5, channel, "fallback"))
    chosen = loaded.workshop.choices[0]
    undoable(
        service,
        sample,
        lambda: service.set_choice(
            loaded.id_of("outcome", chosen.outcome), loaded.id_of("channel", chosen.channel), None
        ),
    )
    undoable(service, sample, lambda: service.set_agenda(sample, "resilience", 50))
    undoable(service, sample, lambda: service.dismiss_origin(sample, "fallback:O1"))
    vid = service.add("participant", sample, name="Newcomer").result
    undoable(service, sample, lambda: service.set_vote(vid, o1, None, 2))
    undoable(service, sample, lambda: service.set_vote(vid, o1, None, 3))
    undoable(service, sample, lambda: service.set_vote(vid, o1, channel, 1))
    undoable(service, sample, lambda: service.set_vote(vid, o1, None, 0))


def test_invalid_edits_are_refused_and_change_nothing(service: WorkshopService, sample: int) -> None:
    loaded = service.load(sample)
    before = state(service, sample)
    first = loaded.workshop.participants[0]
    pid = loaded.id_of("participant", first.name)
    with pytest.raises(DomainError, match="power"):
        service.update("participant", pid, power=9)
    with pytest.raises(DomainError, match="already used"):
        service.add("participant", sample, name=f"  {first.name.upper()} ")
    with pytest.raises(DomainError, match="key: None: is already used"):
        service.add("outcome", sample, key=" o1 ", category="support")
    with pytest.raises(DomainError, match="function"):
        service.add("department", sample, name="Ops", function="operationz")
    with pytest.raises(DomainError, match="confidence"):
        service.update("outcome", loaded.id_of("outcome", "O1"), confidence=1.5)
    with pytest.raises(DomainError, match="title"):
        service.add("action", sample, title="  ")
    assert state(service, sample) == before


def test_dot_budget_refused_naming_the_participant(service: WorkshopService, sample: int) -> None:
    loaded = service.load(sample)
    ws = loaded.workshop
    voter = next(v.participant for v in ws.votes if v.channel is None)
    pid = loaded.id_of("participant", voter)
    with pytest.raises(DomainError, match=voter):
        service.set_vote(pid, loaded.id_of("outcome", "O7"), None, 3)
    with pytest.raises(DomainError, match=voter):
        service.update_workshop(sample, dots_per_participant=1)
    assert service.load(sample).workshop.dots_per_participant == 3


def test_retired_channel_cannot_be_newly_chosen_or_scored(service: WorkshopService, sample: int) -> None:
    loaded = service.load(sample)
    o5 = loaded.id_of("outcome", "O5")
    unused = next(
        c.name for c in loaded.workshop.channels if not any(x.channel == c.name for x in loaded.workshop.choices)
    )
    cid = loaded.id_of("channel", unused)
    service.update("channel", cid, retired=True)
    with pytest.raises(DomainError, match="retired"):
        service.set_choice(o5, cid, "primary")
    with pytest.raises(DomainError, match="retired"):
        service.set_score(o5, cid, loaded.id_of("criterion", "audience_fit"), 3)


def test_find_by_id_title_and_ambiguous(service: WorkshopService, sample: int) -> None:
    assert service.find(str(sample)) == sample
    assert service.find("social STRATEGY 2027") == sample
    service.duplicate_workshop(sample, title="Social strategy 2027")
    with pytest.raises(LookupError, match="ids"):
        service.find("Social strategy 2027")
    with pytest.raises(LookupError):
        service.find("nothing like it")


def test_summaries_report_readiness(service: WorkshopService, sample: int) -> None:
    (summary,) = service.summaries()
    assert summary.id == sample and summary.errors == 3 and summary.warnings == 12
    assert summary.stages_ready == 4


def test_an_edit_that_fails_midway_leaves_nothing_half_done(
    service: WorkshopService, sample: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state(service, sample)
    loaded = service.load(sample)
    pid = loaded.id_of("participant", loaded.workshop.participants[0].name)

    def crash(*_args: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(WorkshopService, "_validate", crash)
    with pytest.raises(RuntimeError):
        service.remove("participant", pid)
    monkeypatch.undo()
    assert state(service, sample) == before


def test_ids_from_another_workshop_are_refused(service: WorkshopService, sample: int) -> None:
    other = service.create_workshop("Other")
    foreign = service.add("department", other.result, name="Elsewhere").result
    foreign_channel = service.load(other.result).id_of("channel", "Company website")
    loaded = service.load(sample)
    pid = loaded.id_of("participant", loaded.workshop.participants[0].name)
    before = state(service, sample)
    with pytest.raises(DomainError, match=r"department: .*names nothing in this workshop"):
        service.update("participant", pid, department_id=foreign)
    with pytest.raises(DomainError, match="channel"):
        service.set_choice(loaded.id_of("outcome", "O1"), foreign_channel, "fallback")
    with pytest.raises(DomainError, match="channel"):
        service.set_vote(pid, loaded.id_of("outcome", "O1"), foreign_channel, 1)
    assert state(service, sample) == before


def test_a_database_failure_is_one_clear_refusal(
    service: WorkshopService, sample: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from workshop.services.refusals import SaveFailed

    before = state(service, sample)

    def full_disk(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(WorkshopService, "_touch", full_disk)
    with pytest.raises(SaveFailed, match=r"could not be saved .*disk is full.*nothing was changed"):
        service.update_workshop(sample, title="Lost?")
    monkeypatch.undo()
    assert state(service, sample) == before

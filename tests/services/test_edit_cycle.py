"""The edit hands back the workshop it has just validated, read again only where it changed: it must be
exactly what a fresh load gives, after every kind of edit, undo and redo."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workshop.services.catalog import sample_workshop
from workshop.services.workshops import Edit, LoadedWorkshop, WorkshopService
from workshop.storage.interchange import dumps_workshop


def same_as_fresh(service: WorkshopService, wid: int, loaded: LoadedWorkshop | None) -> None:
    fresh = service.load(wid)
    assert loaded is not None
    assert dumps_workshop(loaded.workshop) == dumps_workshop(fresh.workshop)
    assert loaded.ids == fresh.ids
    assert (loaded.action_ids, loaded.parking_lot_ids, loaded.decision_ids) == (
        fresh.action_ids,
        fresh.parking_lot_ids,
        fresh.decision_ids,
    )
    assert loaded.updated_at == fresh.updated_at


def edits(service: WorkshopService, wid: int) -> list[tuple[str, Callable[[], Edit]]]:
    loaded = service.load(wid)
    ids = loaded.ids
    o1, o3 = ids["outcome"]["o1"], ids["outcome"]["o3"]
    spent = {v.participant for v in loaded.workshop.votes if v.outcome == "O3" and v.channel is not None}
    person = loaded.id_of("participant", next(p.name for p in loaded.workshop.participants if p.name not in spent))
    channel = ids["channel"]["email newsletter"]
    crit = ids["criterion"]["audience_fit"]
    dept = next(iter(ids["department"].values()))
    return [
        ("raci set", lambda: service.set_raci(o1, person, "C")),
        ("raci cleared", lambda: service.set_raci(o1, person, None)),
        ("score", lambda: service.set_score(o3, channel, crit, 2)),
        ("choice", lambda: service.set_choice(o3, channel, "fallback")),
        ("vote", lambda: service.set_vote(person, o3, channel, 1)),
        ("rating", lambda: service.set_rating(channel, ids["criterion"]["ease"], 1)),
        ("outcome title", lambda: service.update("outcome", o1, title="Fewer calls")),
        ("outcome key renamed", lambda: service.update("outcome", o3, key="O33")),
        ("channel renamed", lambda: service.update("channel", channel, name="Newsletter")),
        ("criterion key renamed", lambda: service.update("criterion", crit, key="fit")),
        ("department renamed", lambda: service.update("department", dept, name="Dept X")),
        ("participant renamed", lambda: service.update("participant", person, name="Someone Else")),
        ("outcome moved", lambda: service.move("outcome", o1, 2)),
        ("action added", lambda: service.add("action", wid, title="Call the CFO", outcome_id=o1, owner_id=person)),
        ("participant removed", lambda: service.remove("participant", person)),
        ("outcome removed", lambda: service.remove("outcome", o1)),
        ("details", lambda: service.update_workshop(wid, dots_per_participant=4)),
        ("dismissed origin", lambda: service.dismiss_origin(wid, "fallback:O2")),
        ("agenda", lambda: service.set_agenda(wid, "outcomes", 50)),
        ("note", lambda: service.add("decision", wid, text="Keep the forum", by="facilitator")),
    ]


@pytest.mark.parametrize("step", range(20))
def test_every_edit_undo_and_redo_hands_back_what_a_fresh_load_gives(service: WorkshopService, step: int) -> None:
    wid = service.import_workshop(sample_workshop()).result
    done = []
    for label, do in edits(service, wid)[: step + 1]:
        edit = do()
        same_as_fresh(service, wid, edit.loaded)
        done.append((label, edit))
    label, last = done[-1]
    same_as_fresh(service, wid, service.undo(last))
    same_as_fresh(service, wid, service.redo(last))
    for _label, edit in reversed(done):
        same_as_fresh(service, wid, service.undo(edit))


def test_an_edit_by_another_service_is_seen_by_the_next_edit(service: WorkshopService) -> None:
    """The workshop kept for the next edit is only used while the library's data version says it is current."""
    wid = service.import_workshop(sample_workshop()).result
    o1 = service.load(wid).ids["outcome"]["o1"]
    service.update("outcome", o1, title="First")
    WorkshopService(service.library).update("outcome", o1, notes="from elsewhere")
    edit = service.update("outcome", o1, title="Second")
    assert edit.loaded is not None and edit.loaded.workshop.outcomes[0].notes == "from elsewhere"
    same_as_fresh(service, wid, edit.loaded)


def test_summaries_are_not_recomputed_for_unchanged_workshops(service: WorkshopService, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a = service.import_workshop(sample_workshop()).result
    b = service.import_workshop(sample_workshop()).result
    service.summaries()
    computed: list[int] = []
    real = WorkshopService._summary
    monkeypatch.setattr(WorkshopService, "_summary", lambda self, s, wid: computed.append(wid) or real(self, s, wid))
    service.summaries()
    assert computed == []
    service.update_workshop(b, title="Changed")
    titles = {w.id: w.title for w in service.summaries()}
    assert computed == [b] and titles[b] == "Changed" and a in titles


def test_a_block_of_raci_cells_is_one_transaction_and_one_undo_step(service: WorkshopService) -> None:
    wid = service.import_workshop(sample_workshop()).result
    loaded = service.load(wid)
    before = dumps_workshop(loaded.workshop)
    outcomes = list(loaded.ids["outcome"].values())[:3]
    people = list(loaded.ids["participant"].values())[:4]
    cells = [(o, p) for o in outcomes for p in people]
    edit = service.batch("Set 12 RACI cells", wid, lambda: [service.set_raci(o, p, "C") for o, p in cells])
    same_as_fresh(service, wid, edit.loaded)
    ws = service.load(wid).workshop
    roles = {(r.outcome, r.participant): r.role.value for r in ws.raci}
    names = {v: k for k, v in loaded.ids["participant"].items()}
    assert sum(1 for o, p in cells if roles.get((f"O{outcomes.index(o) + 1}", _name(ws, names[p]))) == "C") == 12
    assert edit.tables == {"raci"} and len(edit.result) == 12
    same_as_fresh(service, wid, service.undo(edit))
    assert dumps_workshop(service.load(wid).workshop) == before
    same_as_fresh(service, wid, service.redo(edit))


def test_a_refused_edit_in_a_batch_leaves_nothing_of_it(service: WorkshopService) -> None:
    from workshop.domain.validation import DomainError

    wid = service.import_workshop(sample_workshop()).result
    loaded = service.load(wid)
    before = dumps_workshop(loaded.workshop)
    o1 = loaded.ids["outcome"]["o1"]
    people = list(loaded.ids["participant"].values())

    def run() -> None:
        service.set_raci(o1, people[0], "R")
        service.update("participant", people[1], power=9)

    with pytest.raises(DomainError, match="power"):
        service.batch("Two edits", wid, run)
    assert dumps_workshop(service.load(wid).workshop) == before
    edit = service.update("outcome", o1, title="Still works")
    same_as_fresh(service, wid, edit.loaded)


def _name(ws, folded: str) -> str:  # type: ignore[no-untyped-def]
    from workshop.domain.text import name_key

    return next(p.name for p in ws.participants if name_key(p.name) == folded)


@pytest.mark.parametrize(
    ("do", "field"),
    [
        (lambda svc, wid, ids: svc.update_workshop(wid, overload_limit=10**30), "overload_limit"),
        (lambda svc, wid, ids: svc.update("outcome", ids["outcome"]["o1"], title="Cut \ud800 cost"), "title"),
        (lambda svc, wid, ids: svc.add("action", wid, title="Big", cost=10**40), "cost"),
        (lambda svc, wid, ids: svc.set_agenda(wid, "outcomes", 2**70), "minutes"),
        (
            lambda svc, wid, ids: svc.set_vote(
                next(iter(ids["participant"].values())), ids["outcome"]["o1"], None, 2**64
            ),
            "dots",
        ),
    ],
)
def test_values_the_library_cannot_hold_are_refused_naming_the_field(service: WorkshopService, do, field) -> None:  # type: ignore[no-untyped-def]
    from workshop.domain.validation import DomainError

    wid = service.import_workshop(sample_workshop()).result
    before = dumps_workshop(service.load(wid).workshop)
    with pytest.raises(DomainError) as caught:
        do(service, wid, service.load(wid).ids)
    assert [p.path for p in caught.value.problems] == [field]
    assert dumps_workshop(service.load(wid).workshop) == before


def _refusals(service: WorkshopService, wid: int) -> list[tuple[str, Callable[[], Edit]]]:
    loaded = service.load(wid)
    ids, ws = loaded.ids, loaded.workshop
    o3 = ids["outcome"]["o3"]
    channel = ids["channel"]["email newsletter"]
    voter = next(v for v in ws.votes if v.channel is None)
    crits = ids["criterion"]
    return [
        ("participants[", lambda: service.update("participant", next(iter(ids["participant"].values())), power=9)),
        ("scores[", lambda: service.set_score(o3, channel, crits["audience_fit"], 7)),
        ("choices[", lambda: service.set_choice(o3, channel, "primary", 2000.0)),
        ("votes", lambda: service.set_vote(loaded.id_of("participant", voter.participant), o3, None, 3)),
        (
            "criteria",
            lambda: service.batch(
                "No weight", wid, lambda: [service.update("criterion", cid, weight=0) for cid in crits.values()]
            ),
        ),
        ("channels[", lambda: service.update("criterion", crits["ease"], per_outcome=True)),
        ("votes", lambda: service.update_workshop(wid, dots_per_participant=1)),
        ("outcomes[", lambda: service.update("outcome", o3, confidence=1.5)),
        ("actions[", lambda: service.add("action", wid, title="Pay", cost=2e12)),
        ("agenda[", lambda: service.set_agenda(wid, "plan", 20_000)),
    ]


@pytest.mark.parametrize("case", range(10))
def test_an_edit_checked_only_where_it_changed_is_refused_as_a_full_check_refuses_it(
    service: WorkshopService, case: int
) -> None:
    """The first edit leaves a known, valid workshop; the second, checked only where it changed, must still be
    refused for the rule it breaks."""
    from workshop.domain.validation import DomainError

    wid = service.import_workshop(sample_workshop()).result
    service.update_workshop(wid, organisation="Warm-up edit")
    path, do = _refusals(service, wid)[case]
    before = dumps_workshop(service.load(wid).workshop)
    with pytest.raises(DomainError) as caught:
        do()
    assert any(p.path.startswith(path) for p in caught.value.problems), caught.value.problems
    assert dumps_workshop(service.load(wid).workshop) == before

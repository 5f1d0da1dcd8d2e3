"""Deleting actions dismisses the generated ones in the same edit, bringing an origin back lets generating add it
again, and a bulk edit of actions is one edit refused as a whole: each one undo step that restores exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop.domain.enums import ActionStatus
from workshop.domain.plan import MANUAL
from workshop.domain.validation import DomainError
from workshop.services.catalog import sample_workshop
from workshop.services.refusals import NotFound, Refusal
from workshop.services.workshops import Edit, WorkshopService
from workshop.storage.interchange import dumps_workshop


@pytest.fixture
def wid(service: WorkshopService) -> int:
    return service.import_workshop(sample_workshop()).result


def state(service: WorkshopService, wid: int) -> str:
    return dumps_workshop(service.load(wid).workshop)


def one_undo_step(service: WorkshopService, wid: int, edit: Edit, before: str) -> None:
    after = state(service, wid)
    assert after != before
    service.undo(edit)
    assert state(service, wid) == before
    service.redo(edit)
    assert state(service, wid) == after


def action_id(service: WorkshopService, wid: int, origin: str) -> int:
    loaded = service.load(wid)
    return next(i for i, a in zip(loaded.action_ids, loaded.workshop.actions, strict=True) if a.origin == origin)


def origins(service: WorkshopService, wid: int) -> list[str]:
    return [a.origin for a in service.load(wid).workshop.actions]


# -- delete -------------------------------------------------------------------------------------------------------


def test_deleting_generated_and_manual_actions_is_one_edit_that_dismisses_the_generated(
    service: WorkshopService, wid: int
) -> None:
    youtube, manual, forum = (action_id(service, wid, o) for o in
                              ("choice:O1:YouTube", MANUAL, "choice:O1:Customer community forum"))  # fmt: skip
    dismissed = list(service.load(wid).workshop.dismissed_origins)
    before = state(service, wid)
    edit = service.delete_actions(wid, [youtube, manual, forum])
    assert edit.label == "Delete 3 actions"
    assert edit.result == ["choice:O1:YouTube", "choice:O1:Customer community forum"]
    ws = service.load(wid).workshop
    assert sorted(ws.dismissed_origins) == sorted([*dismissed, *edit.result])
    assert "choice:O1:YouTube" not in origins(service, wid)
    assert edit.loaded is not None and edit.loaded.workshop == ws
    one_undo_step(service, wid, edit, before)


def test_deleting_a_manual_action_dismisses_nothing(service: WorkshopService, wid: int) -> None:
    manual = action_id(service, wid, MANUAL)
    dismissed = list(service.load(wid).workshop.dismissed_origins)
    before = state(service, wid)
    edit = service.delete_actions(wid, [manual])
    assert edit.label == "Delete action" and edit.result == []
    assert service.load(wid).workshop.dismissed_origins == dismissed
    assert edit.tables == {"action"}
    one_undo_step(service, wid, edit, before)


def test_generating_after_deleting_a_generated_action_leaves_it_out(service: WorkshopService, wid: int) -> None:
    service.generate_plan(wid)  # the plan complete: nothing more to add
    youtube = action_id(service, wid, "choice:O1:YouTube")
    service.delete_actions(wid, [youtube])
    assert service.generate_plan(wid).result == []
    assert "choice:O1:YouTube" not in origins(service, wid)


def test_an_origin_already_dismissed_as_names_are_is_not_dismissed_twice(service: WorkshopService, wid: int) -> None:
    service.dismiss_origin(wid, "choice:o1: youtube ")
    dismissed = list(service.load(wid).workshop.dismissed_origins)
    edit = service.delete_actions(wid, [action_id(service, wid, "choice:O1:YouTube")])
    assert edit.result == [] and service.load(wid).workshop.dismissed_origins == dismissed


def test_two_actions_of_one_origin_dismiss_it_once(service: WorkshopService, wid: int) -> None:
    youtube = action_id(service, wid, "choice:O1:YouTube")
    copy = int(service.add("action", wid, title="Again", origin="choice:o1: YOUTUBE ").result)
    edit = service.delete_actions(wid, [youtube, copy, youtube])
    assert edit.label == "Delete 2 actions" and edit.result == ["choice:O1:YouTube"]


def test_deleting_refuses_an_action_of_another_workshop_and_changes_nothing(service: WorkshopService, wid: int) -> None:
    other = service.import_workshop(sample_workshop()).result
    foreign = service.load(other).action_ids[0]
    before = state(service, wid)
    with pytest.raises(DomainError, match="names nothing in this workshop"):
        service.delete_actions(wid, [action_id(service, wid, "choice:O1:YouTube"), foreign])
    assert state(service, wid) == before and len(service.load(other).action_ids) == 19
    empty = service.delete_actions(wid, [])
    assert empty.before == empty.after == {} and state(service, wid) == before


def test_deleting_inside_a_batch_joins_it(service: WorkshopService, wid: int) -> None:
    youtube = action_id(service, wid, "choice:O1:YouTube")
    before = state(service, wid)
    edit = service.batch("Tidy the plan", wid, lambda: service.delete_actions(wid, [youtube]).result)
    assert edit.result == ["choice:O1:YouTube"]
    one_undo_step(service, wid, edit, before)


# -- bring back ---------------------------------------------------------------------------------------------------


def test_bringing_back_an_origin_lets_generating_add_it_again(service: WorkshopService, wid: int) -> None:
    service.generate_plan(wid)
    service.delete_actions(wid, [action_id(service, wid, "choice:O1:YouTube")])
    before = state(service, wid)
    edit = service.bring_back_origin(wid, "choice: o1 :YOUTUBE")  # compared as names are
    assert edit.label == "Bring back generated action"
    assert "choice:O1:YouTube" not in service.load(wid).workshop.dismissed_origins
    one_undo_step(service, wid, edit, before)
    generated = service.generate_plan(wid)
    assert len(generated.result) == 1
    assert origins(service, wid)[-1] == "choice:O1:YouTube"


def test_bringing_back_an_origin_not_dismissed_is_refused(service: WorkshopService, wid: int) -> None:
    before = state(service, wid)
    with pytest.raises(Refusal, match="'choice:O1:YouTube' is not a dismissed generated action"):
        service.bring_back_origin(wid, "choice:O1:YouTube")
    assert state(service, wid) == before


# -- bulk edit ----------------------------------------------------------------------------------------------------


def test_a_bulk_edit_sets_the_fields_of_every_selected_action_as_one_edit(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    ids = loaded.action_ids[:5]
    owner = loaded.id_of("participant", "Julia Richter")
    before = state(service, wid)
    due = dt.date(2027, 9, 30)
    edit = service.update_actions(wid, ids, owner_id=owner, due=due, status="blocked")
    assert edit.label == "Edit 5 actions"
    after = service.load(wid).workshop.actions
    assert all((a.owner, a.due, a.status) == ("Julia Richter", due, ActionStatus.BLOCKED) for a in after[:5])
    assert after[5:] == loaded.workshop.actions[5:]
    assert [(a.title, a.cost, a.origin) for a in after[:5]] == [(a.title, a.cost, a.origin)
                                                                for a in loaded.workshop.actions[:5]]  # fmt: skip
    one_undo_step(service, wid, edit, before)


def test_a_bulk_edit_clears_a_field(service: WorkshopService, wid: int) -> None:
    ids = service.load(wid).action_ids[:3]
    service.update_actions(wid, ids, owner_id=None, due=None)
    assert all(a.owner is None and a.due is None for a in service.load(wid).workshop.actions[:3])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "later", "cost": 5.0}, "status"),  # refused before anything is written
        ({"cost": -1.0, "status": "done"}, "cost"),  # refused by the method's bounds, after writing: rolled back
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bulk_edit_with_one_invalid_value_is_refused_as_a_whole(
    service: WorkshopService, wid: int, fields: dict[str, object], message: str
) -> None:
    ids = service.load(wid).action_ids
    before = state(service, wid)
    with pytest.raises(DomainError, match=message):
        service.update_actions(wid, ids, **fields)
    assert state(service, wid) == before


def test_a_bulk_edit_refuses_an_owner_or_an_action_of_another_workshop(service: WorkshopService, wid: int) -> None:
    other = service.import_workshop(sample_workshop()).result
    ids = service.load(wid).action_ids[:2]
    before = state(service, wid)
    stranger = service.load(other).id_of("participant", "Julia Richter")
    with pytest.raises(DomainError, match="names nothing in this workshop"):
        service.update_actions(wid, ids, owner_id=stranger)
    with pytest.raises(DomainError, match="names nothing in this workshop"):
        service.update_actions(wid, [*ids, service.load(other).action_ids[0]], status="done")
    assert state(service, wid) == before
    nothing = service.update_actions(wid, ids)
    assert nothing.before == nothing.after == {} and state(service, wid) == before


def test_an_unknown_workshop_is_not_found(service: WorkshopService) -> None:
    with pytest.raises((NotFound, DomainError)):
        service.delete_actions(999, [1])

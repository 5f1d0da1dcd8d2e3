"""Plan edits through the service: generating is one undo step, a duplicate is the room's own, and a rename carries
the origins that name it along in the same edit."""

from __future__ import annotations

import pytest

from workshop.domain.plan import generated_actions
from workshop.domain.validation import DomainError
from workshop.services.catalog import sample_workshop
from workshop.services.workshops import Edit, WorkshopService
from workshop.storage.interchange import dumps_workshop


@pytest.fixture
def wid(service: WorkshopService) -> int:
    return service.import_workshop(sample_workshop()).result


def state(service: WorkshopService, wid: int) -> str:
    return dumps_workshop(service.load(wid).workshop)


def origins(service: WorkshopService, wid: int) -> tuple[list[str], list[str]]:
    ws = service.load(wid).workshop
    return [a.origin for a in ws.actions], ws.dismissed_origins


def one_undo_step(service: WorkshopService, wid: int, edit: Edit, before: str) -> None:
    after = state(service, wid)
    assert after != before
    service.undo(edit)
    assert state(service, wid) == before
    service.redo(edit)
    assert state(service, wid) == after


def test_generating_adds_what_the_domain_generates_as_one_undo_step(service: WorkshopService, wid: int) -> None:
    expected = generated_actions(service.load(wid).workshop)
    assert len(expected) == 4
    before = state(service, wid)
    edit = service.generate_plan(wid)
    assert edit.label == "Generate the plan"
    loaded = service.load(wid)
    assert loaded.action_ids[-4:] == edit.result
    assert loaded.workshop.actions[-4:] == expected
    assert edit.loaded is not None and edit.loaded.workshop.actions[-4:] == expected
    one_undo_step(service, wid, edit, before)
    service.undo(edit)
    assert state(service, wid) == before  # undo removes every generated action


def test_generating_again_adds_nothing_and_stores_nothing(service: WorkshopService, wid: int) -> None:
    service.generate_plan(wid)
    before = state(service, wid)
    again = service.generate_plan(wid)
    assert again.result == [] and again.before == {} and again.after == {}
    assert state(service, wid) == before


def test_a_duplicate_comes_after_the_action_and_is_manual(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    index = next(i for i, a in enumerate(loaded.workshop.actions) if a.origin == "choice:O1:YouTube")
    original = loaded.workshop.actions[index]
    before = state(service, wid)
    edit = service.duplicate_action(loaded.action_ids[index])
    assert edit.label == "Duplicate action"
    after = service.load(wid)
    assert after.action_ids[index + 1] == edit.result
    copy = after.workshop.actions[index + 1]
    assert copy.origin == "manual"
    assert (copy.title, copy.outcome, copy.channel, copy.owner, copy.due, copy.cost, copy.status) == (
        original.title, original.outcome, original.channel, original.owner, original.due, original.cost,
        original.status,
    )  # fmt: skip
    assert after.workshop.actions[index] == original
    one_undo_step(service, wid, edit, before)


def test_renaming_an_outcome_key_rewrites_its_origins_and_dismissals_in_one_edit(
    service: WorkshopService, wid: int
) -> None:
    service.dismiss_origin(wid, "fallback: o2")
    before = state(service, wid)
    edit = service.update("outcome", service.load(wid).id_of("outcome", "O2"), key="S2")
    assert edit.label == "Edit outcome"
    actions, dismissed = origins(service, wid)
    assert "choice:S2:Company website" in actions and not any(":O2:" in o for o in actions)
    assert dismissed == ["choice:S2:Instagram", "fallback:S2"]
    assert "choice:O1:YouTube" in actions  # what names another outcome stays
    one_undo_step(service, wid, edit, before)
    # Generating after the rename still knows what exists and what was dismissed.
    assert not any(a.outcome == "S2" for a in generated_actions(service.load(wid).workshop))


def test_renaming_a_channel_rewrites_its_origins_and_dismissals_in_one_edit(service: WorkshopService, wid: int) -> None:
    before = state(service, wid)
    instagram = service.load(wid).id_of("channel", "Instagram")
    edit = service.update("channel", instagram, name="Instagram profile")
    actions, dismissed = origins(service, wid)
    assert "choice:O3:Instagram profile" in actions and "choice:O3:Instagram" not in actions
    assert dismissed == ["choice:O2:Instagram profile"]
    one_undo_step(service, wid, edit, before)


def test_a_change_of_case_is_written_into_the_origins_too(service: WorkshopService, wid: int) -> None:
    service.update("channel", service.load(wid).id_of("channel", "YouTube"), name="Youtube")
    assert "choice:O1:Youtube" in origins(service, wid)[0]


def test_a_rename_onto_a_stale_dismissal_keeps_one_of_them(service: WorkshopService, wid: int) -> None:
    """A dismissal may name an outcome that is gone; an outcome renamed to that key inherits it once."""
    service.dismiss_origin(wid, "choice:O9:Instagram")
    before = state(service, wid)
    edit = service.update("outcome", service.load(wid).id_of("outcome", "O2"), key="o9")
    assert origins(service, wid)[1] == ["choice:O9:Instagram"]
    one_undo_step(service, wid, edit, before)


def test_an_edit_that_names_nothing_leaves_origins_alone(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    plain = service.update("outcome", loaded.id_of("outcome", "O2"), title="Sell more bikes online")
    assert plain.tables == {"outcome"}
    unused = service.update("channel", loaded.id_of("channel", "Trade shows"), name="Trade fairs")
    assert unused.tables == {"channel"}


def test_a_refused_rename_leaves_the_origins_as_they_were(service: WorkshopService, wid: int) -> None:
    before = state(service, wid)
    with pytest.raises(DomainError):
        service.update("outcome", service.load(wid).id_of("outcome", "O2"), key="o1")
    assert state(service, wid) == before


def test_a_rename_inside_a_batch_rewrites_origins_in_that_batch(service: WorkshopService, wid: int) -> None:
    before = state(service, wid)
    loaded = service.load(wid)

    def run() -> None:
        service.update("outcome", loaded.id_of("outcome", "O3"), key="S3")
        service.update("channel", loaded.id_of("channel", "Instagram"), name="IG")

    edit = service.batch("Rename two", wid, run)
    actions, _dismissed = origins(service, wid)
    assert "choice:S3:IG" in actions and "fallback:S3" in actions
    one_undo_step(service, wid, edit, before)


def test_generating_reads_what_another_service_changed_meanwhile(service: WorkshopService, wid: int) -> None:
    other = WorkshopService(service.library)
    other.add("action", wid, title="Meta Ads plan", origin="choice:O3:meta ads")
    added = service.load(wid).workshop.actions[-1:]
    edit = service.generate_plan(wid)
    assert len(edit.result) == 3
    assert service.load(wid).workshop.actions[-4:-3] == added

"""Criteria and channel edits of the channels stage, through the service: each one validated, undoable, and
confined to its workshop."""

from __future__ import annotations

import pytest

from workshop.domain.entities import default_criteria
from workshop.domain.text import name_key
from workshop.domain.validation import DomainError
from workshop.services.catalog import catalog_channels, sample_workshop
from workshop.services.channel_edits import criterion_key
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop


@pytest.fixture
def wid(service: WorkshopService) -> int:
    return service.import_workshop(sample_workshop()).result


def criteria(service: WorkshopService, wid: int) -> list[tuple[str, str, float, bool]]:
    return [(c.key, c.name, c.weight, c.per_outcome) for c in service.load(wid).workshop.criteria]


def test_a_new_criterion_gets_a_key_from_its_name_unique_in_the_workshop() -> None:
    assert criterion_key("Brand fit", []) == "brand_fit"
    assert criterion_key("Brand fit", ["brand_fit", "Brand_Fit_2"]) == "brand_fit_3"
    assert criterion_key("???", []) == "criterion"


def test_add_rename_and_remove_a_criterion_each_undoable(service: WorkshopService, wid: int) -> None:
    before = dumps_workshop(service.load(wid).workshop)
    added = service.add_criterion(wid, "Brand fit", per_outcome=True, weight=2)
    assert added.label == "Add criterion"
    assert criteria(service, wid)[-1] == ("brand_fit", "Brand fit", 2.0, True)
    renamed = service.rename_criterion(int(added.result), "Fits the brand")
    assert criteria(service, wid)[-1] == ("brand_fit", "Fits the brand", 2.0, True)  # the key stays
    service.undo(renamed)
    service.undo(added)
    assert dumps_workshop(service.load(wid).workshop) == before
    # Removing a criterion that has scores takes them along; undo brings all of them back.
    loaded = service.load(wid)
    fit_id = loaded.id_of("criterion", "audience_fit")
    scored = [s for s in loaded.workshop.scores if s.criterion == "audience_fit"]
    assert scored
    removed = service.remove("criterion", fit_id)
    assert not any(s.criterion == "audience_fit" for s in service.load(wid).workshop.scores)
    service.undo(removed)
    assert dumps_workshop(service.load(wid).workshop) == before


def test_reset_brings_the_defaults_back_and_keeps_custom_criteria(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    service.update("criterion", loaded.id_of("criterion", "ease"), weight=5)
    service.update("criterion", loaded.id_of("criterion", "outcome_fit"), weight=0.5)
    service.remove("criterion", loaded.id_of("criterion", "stability"))
    service.add_criterion(wid, "Brand fit", per_outcome=False, weight=4)
    changed = dumps_workshop(service.load(wid).workshop)
    edit = service.reset_criteria(wid)
    now = {k: (w, p) for k, _n, w, p in criteria(service, wid)}
    assert {d.key: (d.weight, d.per_outcome) for d in default_criteria()}.items() <= now.items()
    assert now["brand_fit"] == (4.0, False)  # custom criteria stay
    assert criteria(service, wid)[-1][0] == "stability"  # a deleted default comes back at the end
    service.undo(edit)  # one step
    assert dumps_workshop(service.load(wid).workshop) == changed


def test_no_positive_weight_is_refused_and_nothing_is_stored(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    before = dumps_workshop(loaded.workshop)
    ids = [loaded.id_of("criterion", c.key) for c in loaded.workshop.criteria]

    def all_zero() -> None:
        for cid in ids:
            service.update("criterion", cid, weight=0)

    with pytest.raises(DomainError, match="at least one weight must be positive"):
        service.batch("Zero every weight", wid, all_zero)
    assert dumps_workshop(service.load(wid).workshop) == before


def test_catalog_channels_the_workshop_lacks_are_added_with_their_ratings(service: WorkshopService, wid: int) -> None:
    other = service.import_workshop(sample_workshop()).result
    other_before = dumps_workshop(service.load(other).workshop)
    missing = service.missing_catalog_channels(wid)
    have = {name_key(c.name) for c in service.load(wid).workshop.channels}
    assert missing and all(name_key(c.name) not in have for c in missing)
    assert {c.name for c in missing} <= {c.name for c in catalog_channels()}
    pick = missing[0]
    before = dumps_workshop(service.load(wid).workshop)
    edit = service.add_catalog_channels(wid, [pick.name])
    added = next(c for c in service.load(wid).workshop.channels if c.name == pick.name)
    assert (added.kind, added.owner, added.portability, added.platform_risk) == (
        pick.kind, pick.owner, pick.portability, pick.platform_risk,
    )  # fmt: skip
    channel_level = {name_key(c.key) for c in service.load(wid).workshop.criteria if not c.per_outcome}
    assert added.ratings == {k: v for k, v in pick.ratings.items() if name_key(k) in channel_level}
    assert pick.name not in {c.name for c in service.missing_catalog_channels(wid)}
    with pytest.raises(DomainError, match="is not a catalog channel this workshop lacks"):
        service.add_catalog_channels(wid, [pick.name])
    assert dumps_workshop(service.load(other).workshop) == other_before  # one workshop's edits only
    service.undo(edit)
    assert dumps_workshop(service.load(wid).workshop) == before


def test_a_retired_channel_keeps_counting_and_cannot_be_newly_chosen(service: WorkshopService, wid: int) -> None:
    loaded = service.load(wid)
    ws = loaded.workshop
    chosen = ws.choices[0]
    fresh = next(c for c in ws.channels if not any(x.channel == c.name and x.outcome == chosen.outcome
                                                    for x in ws.choices))  # fmt: skip
    fresh_id = loaded.id_of("channel", fresh.name)
    retire = service.set_retired(fresh_id, True)
    assert retire.label == "Retire channel"
    assert next(c for c in service.load(wid).workshop.channels if c.name == fresh.name).retired
    with pytest.raises(DomainError, match="is retired"):
        service.set_choice(loaded.id_of("outcome", chosen.outcome), fresh_id, "supporting")
    chosen_id = loaded.id_of("channel", chosen.channel)
    service.set_retired(chosen_id, True)
    assert any(c.channel == chosen.channel for c in service.load(wid).workshop.choices)  # still counts
    back = service.set_retired(fresh_id, False)
    assert back.label == "Bring back channel"
    service.set_choice(loaded.id_of("outcome", chosen.outcome), fresh_id, "supporting")


def test_a_channel_added_with_a_name_kind_and_owner_takes_the_methods_defaults(service: WorkshopService) -> None:
    wid = service.create_workshop("T").result
    cid = service.add("channel", wid, name="Shop radio", kind="owned", owner="(own)").result
    channel = next(c for c in service.load(wid).workshop.channels if c.name == "Shop radio")
    fields = (channel.portability.value, channel.platform_risk, channel.aliases, channel.retired)
    assert fields == ("none", 3, [], False)
    assert cid


def test_the_last_positive_weight_is_refused_in_one_plain_sentence(service: WorkshopService) -> None:
    from workshop.services.refusals import describe_refusal

    wid = service.create_workshop("T").result
    loaded = service.load(wid)
    service.batch("zero", wid, lambda: [service.update("criterion", loaded.id_of("criterion", c.key), weight=0)
                                        for c in loaded.workshop.criteria[1:]])  # fmt: skip
    with pytest.raises(DomainError) as caught:
        service.update("criterion", loaded.id_of("criterion", "audience_fit"), weight=0)
    assert describe_refusal(caught.value) == "At least one weight must be positive."


def test_an_alias_that_names_another_channel_and_an_empty_name_are_refused_plainly(service: WorkshopService) -> None:
    from workshop.services.refusals import describe_refusal

    wid = service.import_workshop(sample_workshop()).result
    website = service.load(wid).id_of("channel", "Company website")
    with pytest.raises(DomainError) as caught:
        service.update("channel", website, aliases=["Web", "email NEWSLETTER"])
    assert describe_refusal(caught.value) == (
        "The alias is also the name or an alias of Email newsletter (you entered 'email NEWSLETTER')."
    )
    with pytest.raises(DomainError) as caught:  # once said "Votes repeats an earlier vote." for each of its votes
        service.update("channel", website, name=" ")
    assert describe_refusal(caught.value) == "Name is required (you entered ' ')."
    assert [c.aliases for c in service.load(wid).workshop.channels if c.name == "Company website"] == [
        next(c.aliases for c in sample_workshop().channels if c.name == "Company website")
    ]

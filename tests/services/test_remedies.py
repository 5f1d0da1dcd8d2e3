"""Remedies of the resilience stage: which are offered for a finding, and that each, applied, adds exactly what it
says as one edit that one undo takes back."""

from __future__ import annotations

import dataclasses

import pytest

from workshop.domain.entities import Workshop
from workshop.domain.enums import ChannelKind, ChoiceRole
from workshop.domain.formulas import Analysis
from workshop.domain.remedies import Remedy, RemedyKind, remedies_for, stranding_owners
from workshop.domain.text import name_key
from workshop.services.catalog import catalog_channels, sample_workshop
from workshop.services.refusals import Refusal
from workshop.services.workshops import WorkshopService
from workshop.storage.interchange import dumps_workshop

O3 = {"W_NO_FALLBACK", "W_STRANDED", "W_NO_OWNED"}  # what the sample flags on O3 (Instagram, Meta Ads)


def offered(ws: Workshop, key: str, codes: set[str], *, action_open: bool = True) -> list[Remedy]:
    return remedies_for(Analysis(ws), key, codes, catalog_channels(), action_open=action_open)


def test_the_sample_offers_owned_fallbacks_the_action_and_an_owned_supporting_channel_for_o3() -> None:
    ws = sample_workshop()
    assert stranding_owners(Analysis(ws), "O3") == {"Meta"}
    texts = [r.text for r in offered(ws, "O3", O3)]
    owned = [c.name for c in ws.channels if c.kind is ChannelKind.OWNED]  # none scored for O3: workshop order
    assert texts == [
        *(f"Add {name} as fallback for O3" for name in owned),
        "Add the action \u201cSet up an owned fallback for O3: Grow our Instagram following\u201d",
        f"Add {owned[0]} as supporting for O3",
    ]
    assert offered(ws, "O3", {"W_NO_OWNED"})[0].needs_reliance is False  # O3's choices have no reliance
    assert [r.kind for r in offered(ws, "O3", O3, action_open=False)].count(RemedyKind.FALLBACK_ACTION) == 0


def fallbacks(ws: Workshop) -> list[str | None]:
    return [r.channel for r in offered(ws, "O3", {"W_STRANDED"}) if r.kind is RemedyKind.FALLBACK_CHANNEL]


def test_a_fallback_is_never_retired_nor_run_by_an_owner_whose_demise_strands_the_outcome() -> None:
    ws = sample_workshop()
    for c in ws.channels:
        if c.name == "Company website":
            c.retired = True
        if c.name == "Email newsletter":
            c.owner = "Meta"  # sent through Meta's platform: it would go down with Instagram
    assert fallbacks(ws) == ["Customer community forum", "Mobile app"]


def test_a_fallback_is_not_a_channel_the_outcome_has_chosen_and_the_scored_come_first() -> None:
    ws = sample_workshop()
    ws.choices.append(dataclasses.replace(next(c for c in ws.choices if c.outcome == "O3"), channel="Mobile app",
                                          role=ChoiceRole.SUPPORTING))  # fmt: skip
    ws.scores += [dataclasses.replace(ws.scores[0], outcome="O3", channel="Email newsletter", criterion=k, score=5)
                  for k in ("audience_fit", "outcome_fit")]  # fmt: skip
    assert fallbacks(ws) == ["Email newsletter", "Company website", "Customer community forum"]


def test_without_an_owned_channel_left_the_catalog_offers_one() -> None:
    ws = sample_workshop()
    for c in ws.channels:
        if c.kind is ChannelKind.OWNED:
            c.retired = True
    found = offered(ws, "O3", {"W_NO_FALLBACK"})
    assert [r.kind for r in found] == [RemedyKind.CATALOG_FALLBACK, RemedyKind.FALLBACK_ACTION]
    spare = next(c for c in catalog_channels() if c.name == found[0].channel)
    assert spare.kind is ChannelKind.OWNED
    assert name_key(spare.name) not in {name_key(n) for c in ws.channels for n in (c.name, *c.aliases)}


def test_explicit_reliances_make_the_owned_supporting_channel_ask_for_one() -> None:
    ws = sample_workshop()
    for c in ws.choices:
        if c.outcome == "O3":
            c.reliance = 0.5
    assert offered(ws, "O3", {"W_NO_OWNED"})[0].needs_reliance


@pytest.fixture
def sample(service: WorkshopService) -> int:
    """The sample without its "fallback:O3" action, so that every remedy of O3 is open."""
    ws = sample_workshop()
    ws.actions = [a for a in ws.actions if a.origin != "fallback:O3"]
    return service.import_workshop(ws).result


def stored(service: WorkshopService, wid: int) -> bytes:
    return dumps_workshop(service.load(wid).workshop)


@pytest.mark.parametrize("kind", [RemedyKind.FALLBACK_CHANNEL, RemedyKind.FALLBACK_ACTION, RemedyKind.OWNED_SUPPORTING])
def test_each_remedy_adds_exactly_what_it_says_and_one_undo_takes_it_back(
    service: WorkshopService, sample: int, kind: RemedyKind
) -> None:
    before = service.load(sample).workshop
    remedy = next(r for r in offered(before, "O3", O3) if r.kind is kind)
    edit = service.apply_remedy(sample, remedy)
    after = service.load(sample).workshop
    assert edit.label == remedy.text
    if kind is RemedyKind.FALLBACK_ACTION:
        assert after.choices == before.choices
        added = [a for a in after.actions if a not in before.actions]
        assert [(a.title, a.outcome, a.channel, a.origin) for a in added] == [
            ("Set up an owned fallback for O3: Grow our Instagram following", "O3", None, "fallback:O3")
        ]
    else:
        added = [(c.outcome, c.channel, c.role, c.reliance) for c in after.choices if c not in before.choices]
        assert added == [("O3", remedy.channel, remedy.role, None)]
        assert after.actions == before.actions
    checks = Analysis(after)
    if kind is RemedyKind.FALLBACK_CHANNEL:  # the outcome is saved: Meta's demise no longer strands it
        assert "O3" not in {k for r in checks.demise_results for k in r.stranded}
    text = stored(service, sample)
    service.undo(edit)
    assert stored(service, sample) != text
    assert dumps_workshop(service.load(sample).workshop) == dumps_workshop(before)


def test_a_catalog_fallback_adds_the_channel_and_chooses_it_in_one_edit(service: WorkshopService) -> None:
    ws = sample_workshop()
    ws.channels = [c for c in ws.channels if c.kind is not ChannelKind.OWNED or c.name == "Mobile app"]
    ws.choices = [c for c in ws.choices if c.channel in {ch.name for ch in ws.channels}]
    ws.scores = [s for s in ws.scores if s.channel in {ch.name for ch in ws.channels}]
    ws.votes = [v for v in ws.votes if v.channel is None or v.channel in {ch.name for ch in ws.channels}]
    ws.actions = [a for a in ws.actions if a.channel is None or a.channel in {ch.name for ch in ws.channels}]
    for c in ws.channels:
        c.retired = c.retired or c.name == "Mobile app"
    wid = service.import_workshop(ws).result
    before = service.load(wid).workshop
    remedy = next(r for r in offered(before, "O3", {"W_STRANDED"}) if r.kind is RemedyKind.CATALOG_FALLBACK)
    edit = service.apply_remedy(wid, remedy)
    after = service.load(wid).workshop
    assert [c.name for c in after.channels if c not in before.channels] == [remedy.channel]
    assert [(c.channel, c.role) for c in after.choices if c not in before.choices] == [
        (remedy.channel, ChoiceRole.FALLBACK)
    ]
    service.undo(edit)
    assert dumps_workshop(service.load(wid).workshop) == dumps_workshop(before)


def test_a_remedy_that_needs_a_reliance_is_refused_without_one(service: WorkshopService, sample: int) -> None:
    remedy = Remedy(RemedyKind.OWNED_SUPPORTING, "O3", "Add Company website as supporting for O3", "Company website",
                    needs_reliance=True)  # fmt: skip
    with pytest.raises(Refusal, match="needs a reliance"):
        service.apply_remedy(sample, remedy)
    service.apply_remedy(sample, remedy, reliance=0.25)
    chosen = [(c.role, c.reliance) for c in service.load(sample).workshop.choices
              if (c.outcome, c.channel) == ("O3", "Company website")]  # fmt: skip
    assert chosen == [(ChoiceRole.SUPPORTING, 0.25)]

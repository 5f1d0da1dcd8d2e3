"""The resilience stage's figures: what-ifs against an oracle read from METHOD.md, ranking, saved outcomes, words.

The oracle (``oracle_what_if``) works on the raw workshop with its own name matching, EV, w(o), reliance and
demise of a set S; nothing of ``workshop.domain.formulas`` is used in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.domain.strategies import workshops
from workshop.domain.entities import Channel, Choice, Outcome, Workshop
from workshop.domain.enums import ChannelKind, ChoiceRole
from workshop.domain.formulas import Analysis, Scenario
from workshop.domain.resilience import (
    UnknownNames,
    hhi_band,
    portfolio_words,
    ranked_scenarios,
    scenario_share,
    what_if,
)
from workshop.services.catalog import sample_workshop

P, S, F = ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.FALLBACK
RENTED, OWNED, PAID = ChannelKind.RENTED, ChannelKind.OWNED, ChannelKind.PAID
EPSILON = 1e-9  # METHOD.md: stranded when L(o, S) >= 1 - 1e-9


def ident(name: str) -> str:
    """METHOD.md: names compare case-insensitively after trimming spaces."""
    return name.strip().casefold()


def oracle_weights(ws: Workshop) -> dict[str, float]:
    """METHOD.md (Value, Weight of an outcome)."""
    evs: dict[str, float | None] = {}
    for o in ws.outcomes:
        k = o.kpi
        if o.value_per_unit is not None and k.baseline is not None and k.target is not None:
            annual: float | None = abs(k.target - k.baseline) * o.value_per_unit
        else:
            annual = o.annual_value
        evs[ident(o.key)] = None if annual is None else annual * o.confidence
    valued = [ev for ev in evs.values() if ev is not None]
    mean = sum(valued) / len(valued) if valued else 0.0
    weights = {k: ev if ev is not None else (mean if mean != 0 else 1.0) for k, ev in evs.items()}
    return weights if sum(weights.values()) != 0 else dict.fromkeys(weights, 1.0)


def oracle_reliance(ws: Workshop, outcome: Outcome) -> dict[str, float]:
    """METHOD.md (Reliance): the values given, scaled; else primaries 0.7 and supporting 0.3, or one role 1.0."""
    choices = [c for c in ws.choices if ident(c.outcome) == ident(outcome.key) and c.role is not F]
    if choices and all(c.reliance is not None for c in choices):
        total = sum(c.reliance or 0.0 for c in choices)
        return {ident(c.channel): (c.reliance or 0.0) / total for c in choices}
    primaries = [c for c in choices if c.role is P]
    supporting = [c for c in choices if c.role is S]
    both = bool(primaries) and bool(supporting)
    r: dict[str, float] = {}
    for group, share in ((primaries, 0.7 if both else 1.0), (supporting, 0.3 if both else 1.0)):
        for c in group:
            r[ident(c.channel)] = share / len(group)
    return r


@dataclass
class OracleOutcome:
    key: str
    lost: float
    live: bool
    var: float
    stranded: bool
    saved: bool


def oracle_demise(ws: Workshop, members: set[str]) -> list[OracleOutcome]:
    """METHOD.md (Demise of a set S) for every outcome, in the room's order."""
    weights = oracle_weights(ws)
    rows = []
    for o in ws.outcomes:
        r = oracle_reliance(ws, o)
        lost = sum(share for c, share in r.items() if c in members)
        fallbacks = {ident(c.channel) for c in ws.choices if ident(c.outcome) == ident(o.key) and c.role is F}
        live = bool(fallbacks - members)
        var = weights[ident(o.key)] * lost * (0.5 if live else 1.0)
        gone = bool(r) and lost >= 1 - EPSILON
        rows.append(OracleOutcome(o.key, lost, live, var, gone and not live, gone and live))
    return rows


def oracle_set(ws: Workshop, channels: list[str], owners: list[str]) -> set[str]:
    """METHOD.md (What-if): the channels named plus every channel of the owners (matched exactly, trimmed)."""
    wanted = {o.strip() for o in owners}
    return {ident(c) for c in channels} | {ident(c.name) for c in ws.channels if c.owner.strip() in wanted}


def near_threshold(rows: list[OracleOutcome]) -> bool:
    """A loss within rounding of 1 - 1e-9 may fall either side when summed in another order."""
    return any(abs(row.lost - (1 - EPSILON)) < 1e-12 for row in rows)


def spelled(draw: st.DrawFn, name: str, pad_only: bool) -> str:
    """How the room may type a name: channels in any case or padded; owners only padded."""
    variants = [name, f" {name} ", f"{name}  "]
    if not pad_only:
        variants += [v for v in (name.upper(), name.lower()) if ident(v) == ident(name)]
    return draw(st.sampled_from(variants))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ws=workshops(messy=True))
def test_what_if_equals_method_formulas_computed_by_brute_force(data: st.DataObject, ws: Workshop) -> None:
    names = [c.name for c in ws.channels]
    owners = list(dict.fromkeys(c.owner.strip() for c in ws.channels))
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=4)) if names else []
    chosen_owners = data.draw(st.lists(st.sampled_from(owners), max_size=2)) if owners else []
    typed = [spelled(data.draw, n, pad_only=False) for n in chosen]
    typed_owners = [spelled(data.draw, o, pad_only=True) for o in chosen_owners]
    members = oracle_set(ws, typed, typed_owners)
    expected = oracle_demise(ws, members)
    if near_threshold(expected):
        return
    got = what_if(Analysis(ws), typed, typed_owners)
    assert got.channels == tuple(c.name for c in ws.channels if ident(c.name) in members)
    assert got.owners == tuple(o for o in owners if o in {x.strip() for x in typed_owners})
    assert [o.key for o in got.outcomes] == [o.key for o in ws.outcomes]
    for row, want in zip(got.outcomes, expected, strict=True):
        assert row.reliance_lost == pytest.approx(want.lost, rel=1e-12, abs=1e-12)
        assert (row.fallback_live, row.stranded) == (want.live, want.stranded)
        assert row.value_at_risk == pytest.approx(want.var, rel=1e-12, abs=1e-9)
    assert got.value_at_risk == pytest.approx(sum(w.var for w in expected), rel=1e-12, abs=1e-9)
    assert got.stranded == tuple(w.key for w in expected if w.stranded)
    assert got.live_fallbacks == tuple(w.key for w in expected if w.lost > 0 and w.live)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ws=workshops(messy=True))
def test_every_scenarios_stranded_and_saved_equal_brute_force(ws: Workshop) -> None:
    for result in Analysis(ws).demise_results:
        expected = oracle_demise(ws, set(result.scenario.channels))
        if near_threshold(expected):
            continue
        assert result.stranded == tuple(w.key for w in expected if w.stranded)
        assert result.saved == tuple(w.key for w in expected if w.saved)


# -- ranking and shares ----------------------------------------------------------------------------


def ch(name: str, kind: ChannelKind = RENTED, owner: str = "(own)") -> Channel:
    return Channel(name, kind, owner)


def tie_workshop() -> Workshop:
    """Meta's only chosen channel is Facebook, so its scenario ties with Facebook's; X and Y tie at 0.3 each."""
    return Workshop(
        outcomes=[Outcome("O1", annual_value=1000, confidence=1.0)],
        channels=[ch("Facebook", owner="Meta"), ch("X", owner="Xco"), ch("Y", owner="Yco"), ch("Site", OWNED)],
        choices=[Choice("O1", "Facebook", P), Choice("O1", "X", S), Choice("O1", "Y", S), Choice("O1", "Site", S)],
    )


def test_ranked_scenarios_highest_first_ties_in_the_methods_order() -> None:
    a = Analysis(tie_workshop())
    # Facebook 0.7 -> 700; X and Y each 0.3 / 3 -> 100; owners the same: Meta 700, Xco 100, Yco 100.
    assert [(r.scenario.kind, r.scenario.name) for r in a.demise_results] == [
        ("channel", "Facebook"),
        ("channel", "X"),
        ("channel", "Y"),
        ("owner", "Meta"),
        ("owner", "Xco"),
        ("owner", "Yco"),
    ]
    assert [(r.scenario.kind, r.scenario.name) for r in ranked_scenarios(a)] == [
        ("channel", "Facebook"),
        ("owner", "Meta"),
        ("channel", "X"),
        ("channel", "Y"),
        ("owner", "Xco"),
        ("owner", "Yco"),
    ]
    assert [scenario_share(a, r) for r in ranked_scenarios(a)][:3] == [
        pytest.approx(0.7),
        pytest.approx(0.7),
        pytest.approx(0.1),
    ]


def test_scenario_share_is_none_without_outcomes() -> None:
    ws = tie_workshop()
    result = Analysis(ws).demise_results[0]
    assert scenario_share(Analysis(Workshop(channels=ws.channels)), result) is None


# -- saved outcomes on the sample ------------------------------------------------------------------


def test_the_samples_scenarios_save_nothing_but_o5_is_saved_by_its_meetups_fallback() -> None:
    a = Analysis(sample_workshop())
    assert all(r.saved == () for r in a.demise_results)
    assert [r.stranded for r in a.demise_results if r.stranded] == [("O3",)]  # Meta strands O3: no fallback
    # O5 runs on LinkedIn (primary) and the website (supporting), Meetups and roadshows its fallback.
    both = frozenset({"linkedin company page", "company website"})
    gone = a.demise(Scenario("what-if", "LinkedIn and website", both))
    assert gone.saved == ("O5",) and gone.stranded == ()
    assert gone.per_outcome["O5"] == 44550.0 * 1.0 * 0.5  # w(O5) = EV 44,550, all lost, halved by the fallback


def test_o3_with_a_fallback_is_saved_from_meta_instead_of_stranded() -> None:
    ws = sample_workshop()
    ws.choices.append(Choice("O3", "Email newsletter", F))
    meta = next(r for r in Analysis(ws).demise_results if r.scenario.name == "Meta")
    assert (meta.stranded, meta.saved) == ((), ("O3",))


# -- what-if names ---------------------------------------------------------------------------------


def test_what_if_resolves_names_ignoring_case_and_spaces_and_counts_retired_channels() -> None:
    ws = sample_workshop()
    next(c for c in ws.channels if c.name == "YouTube").retired = True
    got = what_if(Analysis(ws), [" youtube ", "INSTAGRAM", "Instagram"], ["Alphabet "])
    assert got.channels == ("Instagram", "YouTube", "Google Ads")  # the workshop's order, Alphabet's included
    assert got.owners == ("Alphabet",)
    assert got.live_fallbacks == ("O1",)


def test_what_if_of_nothing_risks_nothing() -> None:
    got = what_if(Analysis(sample_workshop()))
    assert (got.channels, got.owners, got.value_at_risk, got.stranded) == ((), (), 0.0, ())
    assert all(o.reliance_lost == 0 for o in got.outcomes)


def test_unknown_channel_names_carry_what_the_workshop_has() -> None:
    ws = sample_workshop()
    with pytest.raises(UnknownNames) as caught:
        what_if(Analysis(ws), ["Instagram", "Trustpilot", "trustpilot", "Bebo"], ["Meta"])
    err = caught.value
    assert isinstance(err, ValueError)
    assert (err.kind, err.names) == ("channel", ("Trustpilot", "Bebo"))  # aliases and part names do not count
    assert err.known == tuple(c.name for c in ws.channels)


def test_unknown_owners_match_exactly_after_trimming() -> None:
    with pytest.raises(UnknownNames) as caught:
        what_if(Analysis(sample_workshop()), owners=["meta"])
    assert (caught.value.kind, caught.value.names) == ("owner", ("meta",))
    assert caught.value.known == ("(own)", "Meta", "Microsoft", "Alphabet", "Strava", "Trustpilot",
                                  "Partners (various)")  # fmt: skip


# -- words -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hhi", "band"),
    [(0.0, "spread"), (0.1499, "spread"), (0.15, "concentrated"), (0.25000000000000006, "concentrated"),
     (0.2501, "highly concentrated"), (1.0, "highly concentrated")],
)  # fmt: skip
def test_hhi_bands_of_competition_authorities(hhi: float, band: str) -> None:
    assert hhi_band(hhi) == band


def test_words_on_the_valued_sample() -> None:
    words = portfolio_words(Analysis(sample_workshop()), "EUR")
    # Meta: 146,244.29 of 1,040,354.29 = 14.06%; owned 33%; (own) 47.5% is the largest, Partners 15.9% outside.
    assert words.resilience == (
        "If Meta's platforms closed tomorrow, 14% of the plan's expected value would be at risk (146,244 EUR)."
    )
    assert words.owned == "33% of the plan's expected value runs on channels the organisation owns."
    assert words.concentration == (
        "Owner concentration 0.28: highly concentrated; the organisation's own channels carry the largest share, "
        "48%: relying on what you own is not platform risk. The largest outside owner, Partners (various), "
        "carries 16%."
    )


def unvalued_workshop() -> Workshop:
    """Two unvalued outcomes weighing 1 each: O1 all on Meta, O2 0.7 on Meta (Instagram) and 0.3 on the site."""
    return Workshop(
        outcomes=[Outcome("O1"), Outcome("O2")],
        channels=[ch("Facebook", owner="Meta"), ch("Instagram", owner="Meta"), ch("Site", OWNED), ch("Ads", PAID, "G")],
        choices=[
            Choice("O1", "Facebook", P),
            Choice("O2", "Instagram", P),
            Choice("O2", "Site", S),
            Choice("O2", "Ads", F),
        ],
    )


def test_words_without_values_say_shares_not_money() -> None:
    words = portfolio_words(Analysis(unvalued_workshop()), "EUR")
    # Meta: O1 1 * 1 (no fallback) + O2 1 * 0.7 * 0.5 (Ads live) = 1.35 of 2 -> 68%; owned 0.3 of 2 -> 15%;
    # Meta holds 1.7 of 2 = 85%: HHI 0.85^2 + 0.15^2 = 0.745.
    assert words.resilience == "If Meta's platforms closed tomorrow, 68% of the plan would be at risk."
    assert words.owned == "15% of the plan runs on channels the organisation owns."
    assert words.concentration == "Owner concentration 0.74: highly concentrated; Meta carries 85%."


def test_words_when_own_channels_carry_everything() -> None:
    ws = Workshop(
        outcomes=[Outcome("O1", annual_value=500, confidence=1.0)],
        channels=[ch("Site", OWNED), ch("Shop", OWNED)],
        choices=[Choice("O1", "Site", P), Choice("O1", "Shop", S)],
    )
    words = portfolio_words(Analysis(ws), "CHF")
    assert words.resilience == (
        "No channel the plan uses belongs to another company, so no platform closing puts the plan at risk."
    )
    assert words.owned == "100% of the plan's expected value runs on channels the organisation owns."
    assert words.concentration == (
        "Owner concentration 1.00: highly concentrated; the organisation's own channels carry the largest share, "
        "100%: relying on what you own is not platform risk."
    )


def test_words_without_outcomes_or_choices() -> None:
    words = portfolio_words(Analysis(Workshop()), "EUR")
    assert (words.resilience, words.owned, words.concentration) == (None, None, None)
    none_chosen = portfolio_words(Analysis(Workshop(outcomes=[Outcome("O1")], channels=[ch("X")])), "EUR")
    assert none_chosen.resilience == "No channel is chosen yet, so no platform closing can put the plan at risk."
    assert none_chosen.owned == "No channel carries the plan yet."
    assert none_chosen.concentration == "No channel carries the plan yet, so no owner concentrates it."


def test_a_tiny_share_is_not_rounded_to_nothing() -> None:
    ws = unvalued_workshop()
    ws.outcomes = [Outcome("O1", annual_value=1, confidence=1.0), Outcome("O2", annual_value=999, confidence=1.0)]
    ws.choices = [Choice("O1", "Facebook", P), Choice("O2", "Site", P)]
    words = portfolio_words(Analysis(ws), "EUR")
    assert words.resilience == (
        "If Meta's platforms closed tomorrow, less than 1% of the plan's expected value would be at risk (1 EUR)."
    )

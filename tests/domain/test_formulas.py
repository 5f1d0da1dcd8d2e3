"""The formulas of METHOD.md (Formulas) against hand-computed numbers on small workshops.

Every expected number is worked out by hand in a comment next to it. Where METHOD.md and the
code disagree, the test follows METHOD.md.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings

from tests.domain.strategies import workshops
from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Outcome,
    Participant,
    Score,
    Vote,
    Workshop,
)
from workshop.domain.enums import ChannelKind, ChoiceRole, Portability
from workshop.domain.formulas import Analysis, annual_value, display_score, expected_value
from workshop.domain.text import name_key
from workshop.domain.validation import workshop_problems

P, S, F = ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.FALLBACK
OWNED, RENTED, PAID, PARTNER, EARNED, OFFLINE = (
    ChannelKind.OWNED,
    ChannelKind.RENTED,
    ChannelKind.PAID,
    ChannelKind.PARTNER,
    ChannelKind.EARNED,
    ChannelKind.OFFLINE,
)


# -- helpers -------------------------------------------------------------------


def analyse(ws: Workshop) -> Analysis:
    """The analysis of a crafted workshop, which must itself be valid."""
    assert workshop_problems(ws) == []
    return Analysis(ws)


def valued(key: str, ev: float) -> Outcome:
    """An outcome whose entered annual value is ``ev`` at confidence 1, so EV = ev."""
    return Outcome(key, annual_value=ev, confidence=1.0)


def unvalued(key: str) -> Outcome:
    return Outcome(key)


def ch(name: str, kind: ChannelKind = OWNED, owner: str = "(own)", **kw: object) -> Channel:
    return Channel(name, kind, owner, **kw)  # type: ignore[arg-type]


def approx(x: float) -> object:
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def scenario_results(a: Analysis) -> dict[tuple[str, str], object]:
    return {(r.scenario.kind, r.scenario.name): r for r in a.demise_results}


# -- value ---------------------------------------------------------------------


def test_annual_value_from_value_per_unit_uses_absolute_change() -> None:
    # |80 - 100| * 25 = 20 * 25 = 500; the entered annual value 9999 is ignored.
    o = Outcome("O1", kpi=Kpi(baseline=100, target=80), value_per_unit=25, annual_value=9999, confidence=0.6)
    assert annual_value(o) == approx(500)
    # EV = 500 * 0.6 = 300
    assert expected_value(o) == approx(300)


def test_annual_value_with_zero_baseline_is_computed() -> None:
    # baseline 0 is present: |10 - 0| * 3 = 30; EV = 30 * 0.5 (default confidence) = 15
    o = Outcome("O1", kpi=Kpi(baseline=0, target=10), value_per_unit=3, annual_value=1)
    assert annual_value(o) == approx(30)
    assert expected_value(o) == approx(15)


@pytest.mark.parametrize(
    "kpi, vpu",
    [
        (Kpi(baseline=None, target=10), 3.0),  # no baseline
        (Kpi(baseline=5, target=None), 3.0),  # no target
        (Kpi(baseline=5, target=10), None),  # no value per unit
    ],
)
def test_annual_value_falls_back_to_entered_value(kpi: Kpi, vpu: float | None) -> None:
    # one of the three is missing -> the entered 1200; EV = 1200 * 0.25 = 300
    o = Outcome("O1", kpi=kpi, value_per_unit=vpu, annual_value=1200, confidence=0.25)
    assert annual_value(o) == approx(1200)
    assert expected_value(o) == approx(300)


def test_zero_value_per_unit_is_a_value_not_a_missing_one() -> None:
    # |10 - 5| * 0 = 0: the outcome is valued at 0, the entered 1000 is NOT used
    o = Outcome("O1", kpi=Kpi(baseline=5, target=10), value_per_unit=0, annual_value=1000, confidence=0.5)
    assert annual_value(o) == 0
    assert expected_value(o) == 0


def test_zero_change_is_a_value() -> None:
    # baseline == target: |7 - 7| * 40 = 0
    o = Outcome("O1", kpi=Kpi(baseline=7, target=7), value_per_unit=40, annual_value=1000)
    assert annual_value(o) == 0
    assert expected_value(o) == 0


def test_entered_zero_annual_value_is_a_value() -> None:
    o = Outcome("O1", annual_value=0, confidence=0.9)
    assert annual_value(o) == 0
    assert expected_value(o) == 0  # 0 * 0.9, not None


def test_unvalued_outcome() -> None:
    o = Outcome("O1", kpi=Kpi(baseline=5, target=10))
    assert annual_value(o) is None
    assert expected_value(o) is None


def test_expected_values_of_analysis_by_outcome_key() -> None:
    ws = Workshop(outcomes=[Outcome("O1", annual_value=800, confidence=0.75), unvalued("O2")])
    a = analyse(ws)
    # 800 * 0.75 = 600; O2 unvalued
    assert a.expected_values == {"o1": approx(600), "o2": None}


# -- weight of an outcome ------------------------------------------------------


def test_weights_valued_use_ev_and_unvalued_use_mean_ev_of_valued() -> None:
    ws = Workshop(
        outcomes=[
            Outcome("O1", annual_value=600, confidence=0.5),  # EV 300
            Outcome("O2", kpi=Kpi(baseline=0, target=4), value_per_unit=50, confidence=0.5),  # 4*50*0.5 = 100
            unvalued("O3"),  # mean(300, 100) = 200
        ]
    )
    a = analyse(ws)
    assert a.weights == {"o1": approx(300), "o2": approx(100), "o3": approx(200)}
    assert a.total_weight == approx(600)  # 300 + 100 + 200


def test_weights_are_one_when_none_is_valued() -> None:
    a = analyse(Workshop(outcomes=[unvalued("O1"), unvalued("O2")]))
    assert a.weights == {"o1": 1.0, "o2": 1.0}


def test_unvalued_weighs_one_when_mean_ev_of_valued_is_zero() -> None:
    # O1 valued at EV 0 keeps weight 0; O2 unvalued: mean EV 0 -> 1; sum 1 > 0 so no reset
    a = analyse(Workshop(outcomes=[valued("O1", 0), unvalued("O2")]))
    assert a.weights == {"o1": 0.0, "o2": 1.0}


def test_all_weights_one_when_they_sum_to_zero() -> None:
    # O1: 100 * confidence 0 = 0; O2: entered 0 -> 0; sum 0 -> every outcome weighs 1
    ws = Workshop(outcomes=[Outcome("O1", annual_value=100, confidence=0), valued("O2", 0)])
    a = analyse(ws)
    assert a.weights == {"o1": 1.0, "o2": 1.0}


def test_no_outcomes_no_portfolio_figures() -> None:
    a = analyse(Workshop(channels=[ch("Website")]))
    assert a.weights == {}
    assert a.portfolio is None


# -- priority ------------------------------------------------------------------


def test_priority_by_outcome_dots_then_ev_then_room_order() -> None:
    ws = Workshop(
        dots_per_participant=3,
        participants=[Participant("Ana"), Participant("Ben")],
        outcomes=[
            valued("O1", 100),  # 2 outcome dots, EV 100
            valued("O2", 900),  # 2 outcome dots, EV 900 -> before O1
            valued("O3", 50),  # 0 outcome dots, but 3 channel dots (do not count), EV 50
            unvalued("O5"),  # 0 dots, unvalued counts as EV 0, room order before O4
            valued("O4", 0),  # 0 dots, EV 0
            valued("O6", 10),  # 1 outcome dot -> ahead of every 0-dot outcome despite low EV
        ],
        channels=[ch("Website")],
        votes=[
            Vote("Ana", "O1", None, 2),
            Vote("Ana", "O6", None, 1),
            Vote("Ben", "O2", None, 2),
            Vote("Ana", "O3", "Website", 3),
            Vote("Ben", "O3", "Website", 3),
        ],
    )
    a = analyse(ws)
    # dots: O1 2, O2 2, O6 1, others 0 (O3's 6 channel dots ignored)
    # -> O2 (2, EV 900), O1 (2, EV 100), O6 (1), O3 (0, EV 50), O5 (0, EV 0, room 4th), O4 (0, EV 0, room 5th)
    assert [o.key for o in a.priority] == ["O2", "O1", "O6", "O3", "O5", "O4"]


def test_priority_ties_keep_room_order() -> None:
    a = analyse(Workshop(outcomes=[unvalued("Zeta"), unvalued("Alpha"), valued("Mid", 0)]))
    assert [o.key for o in a.priority] == ["Zeta", "Alpha", "Mid"]


# -- channel score -------------------------------------------------------------


def _scored_workshop() -> Workshop:
    """Default criteria: audience_fit 3, outcome_fit 3 (per outcome); cost_efficiency 2, ease 1,
    measurability 2, audience_ownership 2, stability 2 (per channel). Sum of weights 15."""
    return Workshop(
        outcomes=[unvalued("O1")],
        channels=[
            ch(
                "Blog",
                portability=Portability.FULL,
                platform_risk=2,
                ratings={"cost_efficiency": 4, "ease": 3, "measurability": 5},
            ),
            ch("Forum", RENTED, "Discourse", portability=Portability.PARTIAL, platform_risk=4),
        ],
        scores=[
            Score("O1", "Blog", "audience_fit", 4),
            Score("O1", "Blog", "outcome_fit", 5),
            Score("O1", "Forum", "audience_fit", 2),
        ],
    )


def test_channel_score_complete_with_default_ratings() -> None:
    a = analyse(_scored_workshop())
    cs = a.channel_score("o1", "blog")
    # values: af 4 (w3), of 5 (w3), ce 4 (w2), ease 3 (w1), meas 5 (w2),
    #         audience_ownership default full -> 5 (w2), stability default 6 - 2 = 4 (w2)
    # num = 12 + 15 + 8 + 3 + 10 + 10 + 8 = 66; den = 15; S = 66 / 15 = 4.4
    assert cs.s == approx(4.4)
    assert cs.complete is True
    # shown 100 * (4.4 - 1) / 4 = 85
    assert cs.display == approx(85)


def test_channel_score_incomplete_uses_only_criteria_with_a_value() -> None:
    a = analyse(_scored_workshop())
    cs = a.channel_score("o1", "forum")
    # values: af 2 (w3), audience_ownership partial -> 3 (w2), stability 6 - 4 = 2 (w2)
    # num = 6 + 6 + 4 = 16; den = 7; S = 16/7
    assert cs.s == approx(16 / 7)
    assert cs.complete is False
    # shown 100 * (16/7 - 1) / 4 = 100 * (9/7) / 4 = 225/7 = 32.142857...
    assert cs.display == approx(225 / 7)


def test_display_score_scale() -> None:
    assert display_score(1) == 0
    assert display_score(5) == 100
    assert display_score(3) == 50


@pytest.mark.parametrize(
    "portability, expected",
    [(Portability.FULL, 5), (Portability.PARTIAL, 3), (Portability.NONE, 1)],
)
def test_default_audience_ownership_from_portability(portability: Portability, expected: int) -> None:
    ws = Workshop(channels=[ch("X", portability=portability)])
    a = analyse(ws)
    crit = next(c for c in ws.criteria if c.key == "audience_ownership")
    assert a.rating(ws.channels[0], crit) == expected


@pytest.mark.parametrize("risk, expected", [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_default_stability_is_six_minus_platform_risk(risk: int, expected: int) -> None:
    ws = Workshop(channels=[ch("X", platform_risk=risk)])
    a = analyse(ws)
    crit = next(c for c in ws.criteria if c.key == "stability")
    assert a.rating(ws.channels[0], crit) == expected


def test_no_default_for_other_channel_level_criteria() -> None:
    ws = Workshop(channels=[ch("X")])
    a = analyse(ws)
    for key in ("cost_efficiency", "ease", "measurability"):
        crit = next(c for c in ws.criteria if c.key == key)
        assert a.rating(ws.channels[0], crit) is None


def test_explicit_ratings_override_defaults() -> None:
    ws = Workshop(
        criteria=[
            Criterion("fit", "Fit", 1, True),
            Criterion("audience_ownership", "Audience ownership", 1, False),
            Criterion("stability", "Stability", 2, False),
        ],
        outcomes=[unvalued("O1")],
        # defaults would be: ownership none -> 1, stability 6 - 5 = 1
        channels=[
            ch(
                "X",
                RENTED,
                "Meta",
                portability=Portability.NONE,
                platform_risk=5,
                ratings={"audience_ownership": 4, "stability": 3},
            ),
        ],
        scores=[Score("O1", "X", "fit", 2)],
    )
    a = analyse(ws)
    x = ws.channels[0]
    assert a.rating(x, ws.criteria[1]) == 4
    assert a.rating(x, ws.criteria[2]) == 3
    # S = (1*2 + 1*4 + 2*3) / (1 + 1 + 2) = 12 / 4 = 3.0; shown 50
    cs = a.channel_score("o1", "x")
    assert cs.s == approx(3.0)
    assert cs.display == approx(50)
    assert cs.complete


def test_zero_weight_criteria_are_ignored() -> None:
    ws = Workshop(
        criteria=[
            Criterion("fit", "Fit", 2, True),
            Criterion("reach", "Reach", 0, True),  # weight 0: never needed, never counted
            Criterion("cost", "Cost", 1, False),
            Criterion("ease", "Ease", 0, False),  # weight 0
        ],
        outcomes=[unvalued("O1")],
        channels=[ch("A", ratings={"cost": 5, "ease": 1}), ch("B", ratings={"cost": 2})],
        scores=[
            Score("O1", "A", "fit", 3),
            Score("O1", "A", "reach", 1),
            Score("O1", "B", "fit", 5),
        ],
    )
    a = analyse(ws)
    # A: (2*3 + 1*5) / 3 = 11/3; reach 1 and ease 1 have weight 0 and do not count
    sa = a.channel_score("o1", "a")
    assert sa.s == approx(11 / 3)
    assert sa.complete
    # B: (2*5 + 1*2) / 3 = 4; complete although reach and ease are missing (weight 0)
    sb = a.channel_score("o1", "b")
    assert sb.s == approx(4.0)
    assert sb.complete


# -- ranking -------------------------------------------------------------------


def test_ranking_candidates_first_then_incomplete_ties_by_casefolded_name() -> None:
    ws = Workshop(
        criteria=[Criterion("fit", "Fit", 1, True), Criterion("reach", "Reach", 1, True)],
        outcomes=[unvalued("O1"), unvalued("O2")],
        channels=[
            ch("Banana"),
            ch("apple"),
            ch("cherry"),
            ch("Date"),  # incomplete but highest S
            ch("elder"),  # incomplete
            ch("Fig"),  # chosen, never scored for O1: not ranked
            ch("grape"),  # scored for O2 only
        ],
        scores=[
            # Banana: (4 + 4) / 2 = 4
            Score("O1", "Banana", "fit", 4),
            Score("O1", "Banana", "reach", 4),
            # apple: (5 + 3) / 2 = 4 -> ties Banana; "apple" < "banana" case-folded
            Score("O1", "apple", "fit", 5),
            Score("O1", "apple", "reach", 3),
            # cherry: (3 + 2) / 2 = 2.5
            Score("O1", "cherry", "fit", 3),
            Score("O1", "cherry", "reach", 2),
            # Date: fit 5 only -> S 5, incomplete
            Score("O1", "Date", "fit", 5),
            # elder: reach 1 only -> S 1, incomplete
            Score("O1", "elder", "reach", 1),
            Score("O2", "grape", "fit", 5),
        ],
        choices=[Choice("O1", "Fig", P)],
    )
    a = analyse(ws)
    ranking = a.ranking("O1")
    assert [(cs.channel.name, cs.complete) for cs in ranking] == [
        ("apple", True),
        ("Banana", True),
        ("cherry", True),
        ("Date", False),
        ("elder", False),
    ]
    assert [cs.s for cs in ranking] == [approx(4), approx(4), approx(2.5), approx(5), approx(1)]
    assert [cs.channel.name for cs in a.candidates("O1")] == ["apple", "Banana", "cherry"]
    assert [cs.channel.name for cs in a.ranking("O2")] == ["grape"]


def test_ranking_needs_a_per_outcome_score() -> None:
    # Only channel-level ratings: the channel is not scored for the outcome, hence not ranked.
    ws = Workshop(outcomes=[unvalued("O1")], channels=[ch("Rated", ratings={"ease": 5})])
    a = analyse(ws)
    assert a.ranking("O1") == []
    assert a.candidates("O1") == []


# -- reliance ------------------------------------------------------------------


def _reliance_workshop(choices: list[Choice]) -> Analysis:
    return analyse(
        Workshop(
            outcomes=[unvalued("O1")],
            channels=[ch(n) for n in ("P1", "P2", "S1", "S2", "S3", "F1")],
            choices=choices,
        )
    )


def test_reliance_explicit_values_scaled_to_one() -> None:
    a = _reliance_workshop([Choice("O1", "P1", P, 3), Choice("O1", "S1", S, 1), Choice("O1", "F1", F)])
    r = a.reliance["o1"]
    # 3 / (3 + 1) = 0.75; 1 / 4 = 0.25; the fallback relies 0
    assert r["p1"] == approx(0.75)
    assert r["s1"] == approx(0.25)
    assert r.get("f1", 0.0) == 0


def test_reliance_default_split_seventy_thirty() -> None:
    a = _reliance_workshop(
        [
            Choice("O1", "P1", P),
            Choice("O1", "P2", P),
            Choice("O1", "S1", S),
            Choice("O1", "S2", S),
            Choice("O1", "S3", S),
            Choice("O1", "F1", F),
        ]
    )
    r = a.reliance["o1"]
    # primaries 0.7 / 2 = 0.35 each; supporting 0.3 / 3 = 0.1 each; fallback 0
    assert r["p1"] == approx(0.35)
    assert r["p2"] == approx(0.35)
    assert r["s1"] == approx(0.1)
    assert r["s2"] == approx(0.1)
    assert r["s3"] == approx(0.1)
    assert r.get("f1", 0.0) == 0


def test_reliance_only_primaries_take_one() -> None:
    a = _reliance_workshop([Choice("O1", "P1", P), Choice("O1", "P2", P)])
    # 1.0 / 2 = 0.5 each
    assert a.reliance["o1"] == {"p1": approx(0.5), "p2": approx(0.5)}


def test_reliance_only_supporting_takes_one() -> None:
    a = _reliance_workshop([Choice("O1", "S1", S), Choice("O1", "F1", F)])
    # a single supporting channel takes 1.0
    r = a.reliance["o1"]
    assert r["s1"] == approx(1.0)
    assert r.get("f1", 0.0) == 0


def test_reliance_partly_explicit_uses_defaults() -> None:
    # P1 has reliance 5, S1 none -> not every one is explicit -> defaults 0.7 / 0.3
    a = _reliance_workshop([Choice("O1", "P1", P, 5), Choice("O1", "S1", S)])
    assert a.reliance["o1"] == {"p1": approx(0.7), "s1": approx(0.3)}


def test_reliance_only_fallback_relies_on_nothing() -> None:
    a = _reliance_workshop([Choice("O1", "F1", F)])
    assert sum(a.reliance["o1"].values()) == 0


# -- demise scenarios ----------------------------------------------------------


def test_scenarios_exposed_channels_alone_and_owners_with_all_their_channels() -> None:
    ws = Workshop(
        outcomes=[unvalued("O1"), unvalued("O2")],
        channels=[
            ch("Facebook page", RENTED, "Meta"),
            ch("Instagram", RENTED, " Meta "),  # same owner after trimming
            ch("WhatsApp channel", RENTED, "Meta"),  # not chosen, still in the Meta scenario
            ch("LinkedIn ads", PAID, "Microsoft"),  # chosen as a fallback only
            ch("Partner portal", PARTNER, "Acme"),
            ch("Newsletter", OWNED, "Mailchimp"),  # owned, but exposed to its vendor
            ch("Website", OWNED, " (own) "),  # "(own)" after trimming: no scenario
            ch("Podcast", EARNED, "(own)"),
            ch("Trade fair", OFFLINE, "Messe"),  # chosen, not an exposed kind -> owner scenario only
            ch("TikTok", RENTED, "ByteDance"),  # not chosen: no scenario at all
        ],
        choices=[
            Choice("O1", "Facebook page", P),
            Choice("O1", "Newsletter", S),
            Choice("O1", "Website", S),
            Choice("O1", "LinkedIn ads", F),
            Choice("O2", "Instagram", P),
            Choice("O2", "Partner portal", S),
            Choice("O2", "Podcast", S),
            Choice("O2", "Trade fair", F),
        ],
    )
    a = analyse(ws)
    got = {(s.kind, s.name, s.channels) for s in a.scenarios}
    assert len(a.scenarios) == len(got)  # no scenario twice
    keys = lambda *names: frozenset(name_key(n) for n in names)  # noqa: E731
    assert got == {
        ("channel", "Facebook page", keys("Facebook page")),
        ("channel", "Instagram", keys("Instagram")),
        ("channel", "LinkedIn ads", keys("LinkedIn ads")),
        ("channel", "Partner portal", keys("Partner portal")),
        ("owner", "Meta", keys("Facebook page", "Instagram", "WhatsApp channel")),
        ("owner", "Microsoft", keys("LinkedIn ads")),
        ("owner", "Acme", keys("Partner portal")),
        ("owner", "Mailchimp", keys("Newsletter")),
        ("owner", "Messe", keys("Trade fair")),
    }


def _demise_workshop() -> Workshop:
    return Workshop(
        outcomes=[
            Outcome("O1", annual_value=2000, confidence=0.5),  # EV 1000
            valued("O2", 500),  # EV 500
            valued("O3", 300),  # EV 300, only a fallback
        ],
        channels=[
            ch("Facebook page", RENTED, "Meta"),
            ch("Instagram", RENTED, "Meta"),
            ch("Newsletter", OWNED, "Mailchimp"),
            ch("Website", OWNED, "(own)"),
        ],
        choices=[
            Choice("O1", "Facebook page", P),  # r 0.7
            Choice("O1", "Newsletter", S),  # r 0.3
            Choice("O1", "Website", F),  # fallback outside every scenario: always live
            Choice("O2", "Instagram", P),  # r 1.0
            Choice("O2", "Facebook page", F),  # fallback dies with Meta
            Choice("O3", "Facebook page", F),
        ],
    )


def test_value_at_risk_with_live_fallback_halves() -> None:
    a = analyse(_demise_workshop())
    res = scenario_results(a)
    fb = res[("channel", "Facebook page")]
    # O1: L = 0.7, Website fallback live -> 1000 * 0.7 * 0.5 = 350
    # O2: Facebook page is only O2's fallback: L = 0 -> 0
    # O3: only a fallback -> L = 0 -> 0
    assert fb.per_outcome == {"O1": approx(350), "O2": 0, "O3": 0}
    assert fb.value_at_risk == approx(350)
    assert fb.stranded == ()
    insta = res[("channel", "Instagram")]
    # O2: L = 1, fallback Facebook page is outside {Instagram}: live -> 500 * 1 * 0.5 = 250; not stranded
    assert insta.per_outcome == {"O1": 0, "O2": approx(250), "O3": 0}
    assert insta.value_at_risk == approx(250)
    assert insta.stranded == ()


def test_value_at_risk_with_dead_fallback_and_stranded() -> None:
    a = analyse(_demise_workshop())
    meta = scenario_results(a)[("owner", "Meta")]
    # O1: L = 0.7 (Facebook page), Website fallback live -> 1000 * 0.7 * 0.5 = 350
    # O2: L = 1 (Instagram), its fallback Facebook page is inside the scenario: dead -> 500 * 1 * 1 = 500, stranded
    # O3: no primary or supporting channel: L = 0, VaR 0, not stranded although its fallback died
    assert meta.per_outcome == {"O1": approx(350), "O2": approx(500), "O3": 0}
    assert meta.value_at_risk == approx(850)
    assert meta.stranded == ("O2",)
    mailchimp = scenario_results(a)[("owner", "Mailchimp")]
    # O1: L = 0.3, Website fallback live -> 1000 * 0.3 * 0.5 = 150
    assert mailchimp.per_outcome == {"O1": approx(150), "O2": 0, "O3": 0}
    assert mailchimp.value_at_risk == approx(150)
    assert mailchimp.stranded == ()


def test_stranded_without_any_fallback() -> None:
    ws = Workshop(
        outcomes=[unvalued("O1")],
        channels=[ch("X", RENTED, "Meta"), ch("Y", RENTED, "Meta")],
        choices=[Choice("O1", "X", P, 2), Choice("O1", "Y", S, 2)],
    )
    a = analyse(ws)
    res = scenario_results(a)
    # X alone: L = 2/4 = 0.5, no fallback -> 1 * 0.5 = 0.5, not stranded
    assert res[("channel", "X")].value_at_risk == approx(0.5)
    assert res[("channel", "X")].stranded == ()
    # Meta: L = 1 -> VaR 1 (the weight of the only, unvalued outcome), stranded
    assert res[("owner", "Meta")].value_at_risk == approx(1.0)
    assert res[("owner", "Meta")].stranded == ("O1",)


# Reliance shares whose float sum lands just under 1: losing every channel must still strand.
# (name, role, reliance); every channel is Meta's, so the Meta scenario takes them all.
JUST_UNDER_ONE = {
    # no reliance given: 0.7 + 0.3/3 + 0.3/3 + 0.3/3 = 0.9999999999999999
    "one primary, three supporting": [("P1", P, None), ("S1", S, None), ("S2", S, None), ("S3", S, None)],
    # explicit 2, 3, 1 scaled to one: 2/6 + 3/6 + 1/6 = 0.9999999999999999
    "explicit 2, 3, 1": [("P1", P, 2.0), ("S1", S, 3.0), ("S2", S, 1.0)],
    # six equal explicit reliances: 1/6 added six times = 0.9999999999999999
    "six equal explicit": [("P1", P, 1.0), ("P2", P, 1.0), *((f"S{i}", S, 1.0) for i in range(1, 5))],
    # two primaries, four supporting, defaults: 0.35 + 0.35 + 4 * 0.075 = 0.9999999999999998
    "two primaries, four supporting": [("P1", P, None), ("P2", P, None), *((f"S{i}", S, None) for i in range(1, 5))],
}


@pytest.mark.parametrize("choices", list(JUST_UNDER_ONE.values()), ids=list(JUST_UNDER_ONE))
def test_losing_every_channel_strands_even_when_the_shares_sum_just_under_one(
    choices: list[tuple[str, ChoiceRole, float | None]],
) -> None:
    ws = Workshop(
        outcomes=[unvalued("O1")],
        channels=[ch(name, RENTED, "Meta") for name, _role, _r in choices],
        choices=[Choice("O1", name, role, r) for name, role, r in choices],
    )
    a = analyse(ws)
    assert sum(_method_shares(choices)) < 1, "the case is only worth testing while the float sum falls short of 1"
    assert list(a.reliance["o1"].values()) == [approx(x) for x in _method_shares(choices)]
    res = scenario_results(a)
    meta = res[("owner", "Meta")]
    # L(O1, Meta) is 1 up to rounding, no fallback: stranded, VaR = w(O1) * L = 1
    assert meta.stranded == ("O1",)
    assert meta.value_at_risk == approx(1.0)
    for name, _role, _r in choices:  # each channel alone leaves the others
        assert res[("channel", name)].stranded == ()


def test_losing_every_channel_just_under_one_with_a_live_fallback_does_not_strand() -> None:
    ws = Workshop(
        outcomes=[unvalued("O1")],
        channels=[ch("P1", RENTED, "Meta"), *(ch(f"S{i}", RENTED, "Meta") for i in (1, 2, 3)), ch("Website")],
        choices=[Choice("O1", "P1", P), *(Choice("O1", f"S{i}", S) for i in (1, 2, 3)), Choice("O1", "Website", F)],
    )
    meta = scenario_results(analyse(ws))[("owner", "Meta")]
    # L = 0.9999999999999999, fallback Website live -> 1 * L * 0.5 = 0.5, not stranded
    assert meta.stranded == ()
    assert meta.value_at_risk == approx(0.5)


def _method_shares(choices: list[tuple[str, ChoiceRole, float | None]]) -> list[float]:
    """r(o, c) by METHOD.md (Reliance), in the order given, for primary and supporting choices only."""
    if all(r is not None for _n, _role, r in choices):
        total = sum(r for _n, _role, r in choices if r is not None)
        return [r / total for _n, _role, r in choices if r is not None]
    primaries = sum(1 for _n, role, _r in choices if role is P)
    supporting = len(choices) - primaries
    p, s = (0.7, 0.3) if primaries and supporting else (1.0, 1.0)
    return [p / primaries if role is P else s / supporting for _n, role, _r in choices]


def test_references_resolve_ignoring_case_and_spaces() -> None:
    ws = Workshop(
        outcomes=[valued("O1", 100)],
        channels=[ch("Facebook page", RENTED, "Meta"), ch("Website")],
        choices=[Choice(" o1", "FACEBOOK PAGE ", P), Choice("O1 ", " website", F)],
    )
    a = analyse(ws)
    assert a.reliance["o1"] == {"facebook page": approx(1.0)}
    meta = scenario_results(a)[("owner", "Meta")]
    # L = 1, Website fallback live -> 100 * 1 * 0.5 = 50
    assert meta.per_outcome == {"O1": approx(50)}


def test_retired_channel_keeps_counting() -> None:
    ws = Workshop(
        criteria=[Criterion("fit", "Fit", 1, True)],
        outcomes=[valued("O1", 100)],
        channels=[ch("Old network", RENTED, "Gone Inc", retired=True)],
        scores=[Score("O1", "Old network", "fit", 3)],
        choices=[Choice("O1", "Old network", P)],
    )
    a = analyse(ws)
    assert [cs.channel.name for cs in a.candidates("O1")] == ["Old network"]
    # the owner scenario takes everything: 100 of 100 -> resilience 0
    assert scenario_results(a)[("owner", "Gone Inc")].value_at_risk == approx(100)
    assert a.portfolio is not None
    assert a.portfolio.resilience_score == approx(0)


# -- portfolio -----------------------------------------------------------------


def _two_owner_workshop() -> Workshop:
    return Workshop(
        outcomes=[valued("O1", 600), valued("O2", 400)],
        channels=[
            ch("Facebook page", RENTED, "Meta"),
            ch("Newsletter", OWNED, "(own)"),
            ch("LinkedIn", RENTED, "Microsoft"),
        ],
        choices=[
            Choice("O1", "Facebook page", P),  # 0.7
            Choice("O1", "Newsletter", S),  # 0.3
            Choice("O2", "LinkedIn", P),  # 1.0
        ],
    )


def test_resilience_score_with_two_owners() -> None:
    a = analyse(_two_owner_workshop())
    res = scenario_results(a)
    # Meta: O1 600 * 0.7 = 420 (no fallback); Microsoft: O2 400 * 1 = 400
    assert res[("owner", "Meta")].value_at_risk == approx(420)
    assert res[("owner", "Microsoft")].value_at_risk == approx(400)
    # total weight 1000; resilience = 100 * (1 - max(420, 400) / 1000) = 58
    assert a.portfolio is not None
    assert a.portfolio.resilience_score == approx(58)


def test_owned_share_and_hhi() -> None:
    a = analyse(_two_owner_workshop())
    pf = a.portfolio
    assert pf is not None
    # owned share = (600 * 0.3 + 400 * 0) / 1000 = 0.18
    assert pf.owned_share == approx(0.18)
    # owner shares: Meta 600*0.7/1000 = 0.42, (own) 600*0.3/1000 = 0.18, Microsoft 400*1/1000 = 0.4
    assert dict(pf.owner_shares) == {"Meta": approx(0.42), "(own)": approx(0.18), "Microsoft": approx(0.4)}
    # HHI = 0.42^2 + 0.18^2 + 0.4^2 = 0.1764 + 0.0324 + 0.16 = 0.3688
    assert pf.hhi == approx(0.3688)


def test_hhi_matches_owners_after_trimming() -> None:
    ws = Workshop(
        outcomes=[unvalued("O1")],
        channels=[ch("A", RENTED, "Meta"), ch("B", RENTED, "  Meta")],
        choices=[Choice("O1", "A", P), Choice("O1", "B", P)],
    )
    pf = analyse(ws).portfolio
    assert pf is not None
    # one owner "Meta" holds 0.5 + 0.5 = 1 -> HHI 1
    assert dict(pf.owner_shares) == {"Meta": approx(1.0)}
    assert pf.hhi == approx(1.0)
    # the Meta scenario takes both: VaR 1 of total 1 -> resilience 0
    assert pf.resilience_score == approx(0)


def test_resilience_is_100_with_outcomes_but_no_owner_scenario() -> None:
    ws = Workshop(
        outcomes=[unvalued("O1"), unvalued("O2")],
        channels=[ch("Website", OWNED, "(own)")],
        choices=[Choice("O1", "Website", P)],
    )
    a = analyse(ws)
    assert [s for s in a.scenarios if s.kind == "owner"] == []
    pf = a.portfolio
    assert pf is not None
    assert pf.resilience_score == 100
    # weights 1 and 1; owned share = (1 * 1 + 1 * 0) / 2 = 0.5
    assert pf.owned_share == approx(0.5)
    # (own) share 0.5 -> HHI 0.25
    assert pf.hhi == approx(0.25)


def test_resilience_is_100_with_outcomes_and_no_choice() -> None:
    pf = analyse(Workshop(outcomes=[valued("O1", 10)])).portfolio
    assert pf is not None
    assert pf.resilience_score == 100
    assert pf.owned_share == 0
    assert pf.hhi == 0


# -- sensitivity ---------------------------------------------------------------


def _sensitivity_workshop(x: tuple[int, int, int], y: tuple[int, int, int]) -> Workshop:
    return Workshop(
        criteria=[
            Criterion("a", "A", 5, True),
            Criterion("b", "B", 5, True),
            Criterion("c", "C", 1, True),
        ],
        outcomes=[unvalued("O1")],
        channels=[ch("X"), ch("Y"), ch("Z")],
        scores=[
            *(Score("O1", "X", k, v) for k, v in zip("abc", x, strict=True)),
            *(Score("O1", "Y", k, v) for k, v in zip("abc", y, strict=True)),
            Score("O1", "Z", "a", 5),  # incomplete: never a candidate
        ],
    )


def test_sensitivity_flips_the_top_candidate() -> None:
    a = analyse(_sensitivity_workshop((5, 1, 2), (1, 5, 1)))
    # base: X = (25 + 5 + 2) / 11 = 32/11 = 2.909; Y = (5 + 25 + 1) / 11 = 31/11 = 2.818 -> X first
    assert [cs.channel.name for cs in a.candidates("O1")] == ["X", "Y"]
    # a * 0.8 (w 4):   X = (20+5+2)/10 = 2.7   Y = (4+25+1)/10 = 3.0   -> Y: sensitive to a
    # b * 1.2 (w 6):   X = (25+6+2)/12 = 2.75  Y = (5+30+1)/12 = 3.0   -> Y: sensitive to b
    # c * 0.8 (w 0.8): X = 31.6/10.8 = 2.926   Y = 30.8/10.8 = 2.852   -> X
    # c * 1.2 (w 1.2): X = 32.4/11.2 = 2.893   Y = 31.2/11.2 = 2.786   -> X: not sensitive to c
    assert [c.key for c in a.sensitivity("O1")] == ["a", "b"]


def test_sensitivity_none_when_the_lead_holds() -> None:
    a = analyse(_sensitivity_workshop((5, 4, 2), (1, 5, 1)))
    # base: X = (25 + 20 + 2) / 11 = 47/11 = 4.27; Y = 31/11 = 2.82
    # worst case for X, a * 0.8: X = (20+20+2)/10 = 4.2 vs Y = (4+25+1)/10 = 3.0; b * 1.2: X = 4.25 vs Y = 3.0
    assert [cs.channel.name for cs in a.candidates("O1")] == ["X", "Y"]
    assert a.sensitivity("O1") == []


def test_sensitivity_needs_two_candidates() -> None:
    ws = _sensitivity_workshop((5, 1, 2), (1, 5, 1))
    # drop Y's score on c: Y becomes incomplete, X is the only candidate
    ws.scores = [s for s in ws.scores if not (s.channel == "Y" and s.criterion == "c")]
    a = analyse(ws)
    assert [cs.channel.name for cs in a.candidates("O1")] == ["X"]
    assert a.sensitivity("O1") == []


# -- dissent -------------------------------------------------------------------


def _dissent_workshop() -> Workshop:
    return Workshop(
        dots_per_participant=3,
        departments=[Department("Marketing"), Department("Support"), Department("Finance"), Department("IT")],
        participants=[
            Participant("Ana", "Marketing"),
            Participant("Ben", "Marketing"),
            Participant("Cara", "Support"),
            Participant("Dan", "Finance"),
            Participant("Eve", "IT"),
            Participant("Gus"),  # no department
        ],
        outcomes=[unvalued("O1"), unvalued("O2")],
        channels=[ch("Facebook page", RENTED, "Meta"), ch("Forum")],
        votes=[
            # O1 -- Marketing: Facebook 2 + 1 = 3, Forum 2 -> favourite Facebook page
            Vote("Ana", "O1", "Facebook page", 2),
            Vote("Ben", "O1", "Facebook page", 1),
            Vote("Ben", "O1", "Forum", 2),
            # Support: Forum 3 -> favourite Forum
            Vote("Cara", "O1", "Forum", 3),
            # Finance: 1 and 1 -> tie, no favourite
            Vote("Dan", "O1", "Facebook page", 1),
            Vote("Dan", "O1", "Forum", 1),
            # IT: outcome dots only -> no favourite
            Vote("Eve", "O1", None, 3),
            # O2 -- Marketing and Support both favour Forum
            Vote("Ana", "O2", "Forum", 1),
            Vote("Cara", "O2", "Forum", 2),
            Vote("Cara", "O2", "Facebook page", 1),
            Vote("Gus", "O2", "Facebook page", 3),
        ],
    )


def test_dissent_between_two_departments_tied_department_has_no_favourite() -> None:
    a = analyse(_dissent_workshop())
    assert a.favourites("O1") == {"Marketing": "Facebook page", "Support": "Forum"}
    assert a.dissent("O1") == {"Marketing": "Facebook page", "Support": "Forum"}


def test_no_dissent_when_departments_agree() -> None:
    a = analyse(_dissent_workshop())
    # Marketing: Forum 1; Support: Forum 2 vs Facebook 1 -> both Forum
    assert a.favourites("O2") == {"Marketing": "Forum", "Support": "Forum"}
    assert a.dissent("O2") == {}


def test_favourites_name_the_department_as_the_room_wrote_it() -> None:
    # participants refer to their department in another case and with spaces; references resolve
    # case-insensitively after trimming, so the favourite belongs to the department "Marketing".
    ws = Workshop(
        departments=[Department("Marketing"), Department("Support")],
        participants=[
            Participant("Ana", " marketing "),
            Participant("Ben", "MARKETING"),
            Participant("Cara", "Support"),
        ],
        outcomes=[unvalued("O1")],
        channels=[ch("Forum"), ch("Blog")],
        votes=[
            Vote("Ana", "O1", "Forum", 1),  # Marketing: Forum 1 + 2 = 3
            Vote("Ben", "O1", "Forum", 2),
            Vote("Cara", "O1", "Blog", 1),  # Support: Blog 1
        ],
    )
    a = analyse(ws)
    assert a.favourites("O1") == {"Marketing": "Forum", "Support": "Blog"}
    assert a.dissent("O1") == {"Marketing": "Forum", "Support": "Blog"}


# -- return --------------------------------------------------------------------


def _return_workshop() -> Workshop:
    return Workshop(
        outcomes=[
            Outcome("O1", annual_value=2400, confidence=0.5),  # EV 1200
            valued("O2", 0),  # valued, EV 0
            unvalued("O3"),
            valued("O4", 600),  # EV 600, no action
        ],
        actions=[
            Action("Launch forum", outcome="O1", cost=300),
            Action("Moderate forum", outcome="O1", cost=100),
            Action("Write FAQ", outcome="O2", cost=50),
            Action("Survey", outcome="O3", cost=100),
            Action("Train the team", cost=500),  # no outcome
            Action("Free action", outcome="O4", cost=0),
        ],
    )


def test_return_per_outcome() -> None:
    a = analyse(_return_workshop())
    r = a.returns
    # O1: cost 300 + 100 = 400; ROI = (1200 - 400) / 400 = 2; payback = 400 / (1200 / 12) = 4 months
    assert r["O1"].cost == approx(400)
    assert r["O1"].roi == approx(2.0)
    assert r["O1"].payback_months == approx(4.0)
    # O2: EV 0, cost 50: ROI = (0 - 50) / 50 = -1; payback undefined (EV not > 0)
    assert r["O2"].cost == approx(50)
    assert r["O2"].roi == approx(-1.0)
    assert r["O2"].payback_months is None
    # O3: unvalued -> undefined
    assert r["O3"].cost == approx(100)
    assert r["O3"].roi is None
    assert r["O3"].payback_months is None
    # O4: cost 0 -> undefined
    assert r["O4"].cost == 0
    assert r["O4"].roi is None
    assert r["O4"].payback_months is None


def test_return_totals_include_actions_without_outcome() -> None:
    a = analyse(_return_workshop())
    t = a.total_return
    # cost = 400 + 50 + 100 + 500 + 0 = 1050; EV of valued = 1200 + 0 + 600 = 1800
    assert t.cost == approx(1050)
    # ROI = (1800 - 1050) / 1050 = 750 / 1050 = 5/7
    assert t.roi == approx(5 / 7)
    # payback = 1050 / (1800 / 12) = 1050 / 150 = 7 months
    assert t.payback_months == approx(7.0)


def test_return_totals_undefined() -> None:
    # nothing valued: undefined (our reading: there is no value to set the costs against)
    t = analyse(Workshop(outcomes=[unvalued("O1")], actions=[Action("A", cost=10)])).total_return
    assert (t.cost, t.roi, t.payback_months) == (10, None, None)
    # no cost: undefined
    t = analyse(Workshop(outcomes=[valued("O1", 100)], actions=[Action("A", cost=0)])).total_return
    assert (t.roi, t.payback_months) == (None, None)


# -- properties on generated workshops -----------------------------------------

TOL = 1e-9
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(workshops())
def test_generated_workshops_are_valid(ws: Workshop) -> None:
    assert workshop_problems(ws) == []


@PROPERTY_SETTINGS
@given(workshops(messy=True))
def test_generated_messy_workshops_are_valid(ws: Workshop) -> None:
    assert workshop_problems(ws) == []


@PROPERTY_SETTINGS
@given(workshops(messy=True))
def test_scenario_var_between_zero_and_weight(ws: Workshop) -> None:
    a = Analysis(ws)
    weights = {o.key: a.weights[name_key(o.key)] for o in ws.outcomes}
    for result in a.demise_results:
        for key, var in result.per_outcome.items():
            assert -TOL <= var <= weights[key] * (1 + TOL) + TOL
        assert result.value_at_risk == pytest.approx(sum(result.per_outcome.values()))


@PROPERTY_SETTINGS
@given(workshops(messy=True))
def test_portfolio_figures_in_range(ws: Workshop) -> None:
    pf = Analysis(ws).portfolio
    if not ws.outcomes:
        assert pf is None
        return
    assert pf is not None
    assert -TOL <= pf.resilience_score <= 100 + TOL
    assert -TOL <= pf.owned_share <= 1 + TOL
    assert -TOL <= pf.hhi <= 1 + TOL
    assert all(math.isfinite(x) for x in (pf.resilience_score, pf.owned_share, pf.hhi))


@PROPERTY_SETTINGS
@given(workshops(messy=True))
def test_reliance_sums_to_one_with_active_choices(ws: Workshop) -> None:
    a = Analysis(ws)
    for o in ws.outcomes:
        r = a.reliance[name_key(o.key)]
        assert all(v >= 0 for v in r.values())
        if a.has_active_choice(o.key):
            assert sum(r.values()) == pytest.approx(1.0)
        else:
            assert sum(r.values()) == 0

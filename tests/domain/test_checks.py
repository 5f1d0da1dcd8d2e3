"""The checks of METHOD.md (Checks): for every code, crafted workshops that fire it and close cases that must not.

Every workshop is first asserted valid (``workshop_problems`` is empty), so a check is only ever
judged on a state the app can hold. Severity and stage are compared with the METHOD.md table as
copied below, not with the code's own table.
"""

from __future__ import annotations

import pytest

from workshop.domain.checks import CHECK_STAGES, CheckResult, run_checks, stage_is_ready
from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Outcome,
    Participant,
    RaciAssignment,
    Score,
    Vote,
    Workshop,
)
from workshop.domain.enums import (
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
    Severity,
    Stage,
)
from workshop.domain.validation import workshop_problems
from workshop.resources import SAMPLE, resource
from workshop.storage.interchange import parse_workshop

# The table of METHOD.md (Checks): code -> (severity, stage).
METHOD_TABLE: dict[str, tuple[str, str]] = {
    "E_NO_PARTICIPANTS": ("E", "setup"),
    "E_NO_OUTCOMES": ("E", "outcomes"),
    "W_CHANNEL_LED": ("W", "outcomes"),
    "W_VANITY": ("W", "outcomes"),
    "W_UNVALUED": ("W", "outcomes"),
    "W_NO_KPI": ("W", "outcomes"),
    "E_NO_ACCOUNTABLE": ("E", "stakeholders"),
    "E_MULTI_ACCOUNTABLE": ("E", "stakeholders"),
    "E_NO_RESPONSIBLE": ("E", "stakeholders"),
    "W_SILO": ("W", "stakeholders"),
    "W_NO_FINANCE": ("W", "stakeholders"),
    "W_DEPT_UNENGAGED": ("W", "stakeholders"),
    "W_OVERLOAD": ("W", "stakeholders"),
    "E_NO_CHANNEL": ("E", "channels"),
    "W_NO_OWNED": ("W", "channels"),
    "W_SENSITIVE": ("W", "channels"),
    "W_DISSENT": ("W", "channels"),
    "W_NO_FALLBACK": ("W", "resilience"),
    "W_STRANDED": ("W", "resilience"),
    "E_ACTION_NO_OWNER": ("E", "plan"),
    "W_OUTCOME_NO_ACTION": ("W", "plan"),
}

VANITY = [
    "follower", "followers", "like", "likes", "fan", "fans", "view", "views", "impression", "impressions",
    "reach", "subscriber", "subscribers", "shares", "retweet", "retweets", "repost", "reposts",
]  # fmt: skip

PRIMARY, SUPPORTING, FALLBACK = ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.FALLBACK
R, A, C, I = RaciRole.R, RaciRole.A, RaciRole.C, RaciRole.I  # noqa: E741 - the method's letters


# -- building workshops ------------------------------------------------------------------------


def outcome(key: str, title: str = "Cut support cost per customer", metric: str | None = "Support cost per customer",
            baseline: float | None = 12, target: float | None = 9, value_per_unit: float | None = 1000.0,
            annual_value: float | None = None) -> Outcome:  # fmt: skip
    return Outcome(
        key,
        title,
        OutcomeCategory.COST_REDUCTION,
        "customers",
        Kpi(metric, "EUR", baseline, target, None),
        value_per_unit,
        annual_value,
    )


def forum() -> Channel:
    return Channel("Help forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1)


def x_channel() -> Channel:
    return Channel("X", ChannelKind.RENTED, "X Corp", Portability.NONE, 4, aliases=["Twitter"])


def base() -> Workshop:
    """A valid workshop on which no check fires: the close case every test starts from."""
    ws = Workshop(
        title="Social strategy 2027",
        departments=[
            Department("Marketing", DepartmentFunction.MARKETING),
            Department("Finance", DepartmentFunction.FINANCE),
            Department("Support", DepartmentFunction.SUPPORT),
        ],
        participants=[
            Participant("Ana", "Finance", "CFO"),
            Participant("Bob", "Marketing", "CMO"),
            Participant("Cy", "Support", "Head of support"),
        ],
        channels=[forum(), x_channel()],
    )
    add_outcome(ws, outcome("O1"))
    return ws


def add_outcome(
    ws: Workshop,
    o: Outcome,
    raci: dict[str, RaciRole] | None = None,
    choices: dict[str, ChoiceRole] | None = None,
    action_owner: str | None = "Bob",
) -> Workshop:
    """Add an outcome with its RACI, choices and one action (each overridable)."""
    ws.outcomes.append(o)
    raci = {"Ana": A, "Bob": R, "Cy": C} if raci is None else raci
    choices = {"Help forum": PRIMARY, "X": SUPPORTING} if choices is None else choices
    ws.raci += [RaciAssignment(o.key, who, role) for who, role in raci.items()]
    ws.choices += [Choice(o.key, channel, role) for channel, role in choices.items()]
    ws.actions.append(Action(f"Plan {o.key}", o.key, None, action_owner))
    return ws


def raci_of(ws: Workshop, key: str, roles: dict[str, RaciRole]) -> Workshop:
    ws.raci = [r for r in ws.raci if r.outcome != key] + [RaciAssignment(key, p, role) for p, role in roles.items()]
    return ws


def choices_of(ws: Workshop, key: str, roles: dict[str, ChoiceRole]) -> Workshop:
    ws.choices = [c for c in ws.choices if c.outcome != key] + [Choice(key, ch, role) for ch, role in roles.items()]
    return ws


def fired(ws: Workshop, code: str) -> list[CheckResult]:
    assert workshop_problems(ws) == [], "the crafted workshop must be valid"
    return [r for r in run_checks(ws) if r.code == code]


def assert_fires(ws: Workshop, code: str, *subjects: str) -> list[CheckResult]:
    results = fired(ws, code)
    assert [r.subject for r in results] == list(subjects)
    severity, stage = METHOD_TABLE[code]
    for r in results:
        assert r.severity == Severity(severity)
        assert r.stage == Stage(stage)
        assert r.message.strip()
    return results


def assert_silent(ws: Workshop, code: str) -> None:
    assert fired(ws, code) == []


# -- the table and the clean case --------------------------------------------------------------


def test_the_code_knows_exactly_the_method_table() -> None:
    assert {code: (s.value, st.value) for code, (s, st) in CHECK_STAGES.items()} == METHOD_TABLE


def test_a_sound_workshop_fires_nothing() -> None:
    ws = base()
    add_outcome(ws, outcome("O2", "Shorten the sales cycle", "Days from lead to order"))
    assert workshop_problems(ws) == []
    assert run_checks(ws) == []


def test_references_spelled_differently_count_the_same() -> None:
    ws = base()
    ws.participants[0].department = " FINANCE"
    ws.raci = [RaciAssignment(" o1", "ANA", A), RaciAssignment("O1 ", "bob", R), RaciAssignment("o1", " cy ", C)]
    ws.choices = [Choice("o1", "HELP FORUM", PRIMARY), Choice(" O1", "x ", SUPPORTING)]
    ws.actions = [Action("Launch", "o1", None, "BOB")]
    assert workshop_problems(ws) == []
    assert run_checks(ws) == []


# -- set-up and outcomes -------------------------------------------------------------------------


def test_no_participants_fires_on_the_workshop_title() -> None:
    ws = Workshop(title="Empty room")
    assert_fires(ws, "E_NO_PARTICIPANTS", "Empty room")
    assert_fires(ws, "E_NO_OUTCOMES", "Empty room")


def test_one_participant_without_department_is_enough() -> None:
    ws = Workshop(title="T", participants=[Participant("Solo")])
    assert_silent(ws, "E_NO_PARTICIPANTS")
    assert_fires(ws, "E_NO_OUTCOMES", "T")
    assert_silent(base(), "E_NO_OUTCOMES")


@pytest.mark.parametrize(
    "title, metric",
    [
        ("Grow our X audience", "Support cost per customer"),
        ("grow our x audience", "Support cost per customer"),
        ("Win back customers", "Leads from X"),
        ("Win back customers on Twitter", "Support cost per customer"),  # alias
        ("Answer (x) mentions", "Support cost per customer"),
    ],
)
def test_channel_led_fires_on_name_or_alias_in_title_or_metric(title: str, metric: str) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", title, metric)
    [result] = assert_fires(ws, "W_CHANNEL_LED", "O1")
    assert "X" in result.message or "Twitter" in result.message


@pytest.mark.parametrize(
    "title, metric",
    [
        ("Next-day Xerox support", "Texts per xbox owner"),  # X inside other words
        ("Grow the Help forum", "Help forum answers per week"),  # owned channel
        ("Get into the Trade press", "Articles in trade press"),  # earned channel
        ("Cut support cost", "Twitters per tweet"),  # alias inside another word
    ],
)
def test_channel_led_ignores_words_containing_a_name_and_owned_channels(title: str, metric: str) -> None:
    ws = base()
    ws.channels.append(Channel("Trade press", ChannelKind.EARNED, "Verlag", Portability.NONE, 3))
    ws.outcomes[0] = outcome("O1", title, metric)
    assert_silent(ws, "W_CHANNEL_LED")


def test_channel_led_compares_tokens_so_google_plus_page_is_google_page() -> None:
    ws = base()
    ws.channels.append(Channel("Google+ page", ChannelKind.RENTED, "Google", Portability.NONE, 5))
    ws.outcomes[0] = outcome("O1", "Revive the google page community")
    assert_fires(ws, "W_CHANNEL_LED", "O1")
    ws.outcomes[0] = outcome("O1", "Google: PAGE views")
    assert_fires(ws, "W_CHANNEL_LED", "O1")
    ws.outcomes[0] = outcome("O1", "Google ads landing page")  # tokens not consecutive
    assert_silent(ws, "W_CHANNEL_LED")
    ws.outcomes[0] = outcome("O1", "Leave Google", "page visits")  # across title and metric is not an appearance
    assert_silent(ws, "W_CHANNEL_LED")


@pytest.mark.parametrize("kind", [ChannelKind.RENTED, ChannelKind.PAID, ChannelKind.PARTNER])
def test_channel_led_fires_for_every_exposed_kind_even_unchosen(kind: ChannelKind) -> None:
    ws = base()
    ws.channels.append(Channel("Dealer portal", kind, "Dealer GmbH", Portability.PARTIAL, 3))
    ws.outcomes[0] = outcome("O1", "More orders via the dealer portal")
    assert_fires(ws, "W_CHANNEL_LED", "O1")


@pytest.mark.parametrize("kind", [ChannelKind.OWNED, ChannelKind.EARNED, ChannelKind.OFFLINE])
def test_channel_led_ignores_other_kinds(kind: ChannelKind) -> None:
    ws = base()
    ws.channels.append(Channel("Dealer portal", kind, "Dealer GmbH", Portability.PARTIAL, 3))
    ws.outcomes[0] = outcome("O1", "More orders via the dealer portal")
    assert_silent(ws, "W_CHANNEL_LED")


def test_channel_led_fires_once_per_outcome() -> None:
    ws = base()
    ws.channels.append(Channel("LinkedIn Ads", ChannelKind.PAID, "Microsoft", Portability.NONE, 3, ["LI ads"]))
    ws.outcomes[0] = outcome("O1", "X and Twitter and LinkedIn ads", "X mentions, LI ads clicks")
    add_outcome(ws, outcome("O2", "Shorter sales cycle", "Days on X"))
    add_outcome(ws, outcome("O3", "Shorter sales cycle", "Days to order"))
    assert_fires(ws, "W_CHANNEL_LED", "O1", "O2")


def test_channel_led_with_unicode_names() -> None:
    ws = base()
    ws.channels.append(Channel("ВКонтакте", ChannelKind.RENTED, "VK", Portability.NONE, 4))
    ws.outcomes[0] = outcome("O1", "Продажи через вконтакте")
    assert_fires(ws, "W_CHANNEL_LED", "O1")


@pytest.mark.parametrize("token", VANITY)
def test_vanity_fires_on_each_listed_token_of_an_unvalued_outcome(token: str) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", metric=f"Number of {token.upper()} per month", value_per_unit=None)
    [result] = assert_fires(ws, "W_VANITY", "O1")
    assert token in result.message.casefold()


@pytest.mark.parametrize(
    "metric",
    ["Market share", "Share of voice", "Reachability score", "Viewers per fanzine", "Likelihood to recommend"],
)
def test_vanity_ignores_other_words(metric: str) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", metric=metric, value_per_unit=None)
    assert_silent(ws, "W_VANITY")
    assert_fires(ws, "W_UNVALUED", "O1")


def test_vanity_only_on_unvalued_outcomes_and_only_in_the_metric() -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", metric="Followers who buy")  # valued
    assert_silent(ws, "W_VANITY")
    ws.outcomes[0] = outcome("O1", metric="Followers", value_per_unit=None, annual_value=0)  # zero is a value
    assert_silent(ws, "W_VANITY")
    ws.outcomes[0] = outcome("O1", title="More followers", metric="Orders", value_per_unit=None)
    assert_silent(ws, "W_VANITY")


def test_vanity_fires_once_per_outcome() -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", metric="followers, likes, views and reach", value_per_unit=None)
    add_outcome(ws, outcome("O2", metric="Fans", value_per_unit=None))
    assert_fires(ws, "W_VANITY", "O1", "O2")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"value_per_unit": None},
        {"value_per_unit": 5.0, "baseline": None},  # formula incomplete, no entered value
        {"value_per_unit": 5.0, "target": None},
    ],
)
def test_unvalued_fires_without_a_value(kwargs: dict[str, object]) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", **kwargs)  # type: ignore[arg-type]
    assert_fires(ws, "W_UNVALUED", "O1")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"value_per_unit": None, "annual_value": 0.0},
        {"value_per_unit": 0.0},
        {"baseline": 9, "target": 9},  # zero change is a value of 0
        {"value_per_unit": 5.0, "baseline": None, "annual_value": 5000.0},
    ],
)
def test_unvalued_silent_when_a_value_exists_even_zero(kwargs: dict[str, object]) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", **kwargs)  # type: ignore[arg-type]
    assert_silent(ws, "W_UNVALUED")


def test_unvalued_fires_once_per_outcome() -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", value_per_unit=None)
    add_outcome(ws, outcome("O2"))
    add_outcome(ws, outcome("O3", value_per_unit=None))
    assert_fires(ws, "W_UNVALUED", "O1", "O3")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"metric": None},
        {"metric": ""},
        {"metric": "  "},
        {"baseline": None, "annual_value": 100.0},
        {"target": None, "annual_value": 100.0},
        {"metric": " ", "baseline": None, "target": None},
    ],
)
def test_no_kpi_fires_once_when_metric_baseline_or_target_missing(kwargs: dict[str, object]) -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", **kwargs)  # type: ignore[arg-type]
    assert_fires(ws, "W_NO_KPI", "O1")


def test_no_kpi_counts_zero_as_present() -> None:
    ws = base()
    ws.outcomes[0] = outcome("O1", metric="Complaints", baseline=0, target=0)
    assert_silent(ws, "W_NO_KPI")
    ws.outcomes[0] = outcome("O1", metric="Complaints", baseline=0.0, target=10)
    assert_silent(ws, "W_NO_KPI")


# -- stakeholders ------------------------------------------------------------------------------


def test_no_accountable_and_no_responsible() -> None:
    ws = raci_of(base(), "O1", {"Ana": C, "Bob": C, "Cy": I})
    assert_fires(ws, "E_NO_ACCOUNTABLE", "O1")
    assert_fires(ws, "E_NO_RESPONSIBLE", "O1")
    assert_silent(ws, "E_MULTI_ACCOUNTABLE")
    ws = raci_of(ws, "O1", {"Ana": A, "Bob": R})
    assert_silent(ws, "E_NO_ACCOUNTABLE")
    assert_silent(ws, "E_NO_RESPONSIBLE")


def test_no_raci_at_all_fires_each_error_once_per_outcome() -> None:
    ws = base()
    add_outcome(ws, outcome("O2"), raci={})
    add_outcome(ws, outcome("O3"), raci={})
    assert_fires(ws, "E_NO_ACCOUNTABLE", "O2", "O3")
    assert_fires(ws, "E_NO_RESPONSIBLE", "O2", "O3")
    assert_fires(ws, "W_SILO", "O2", "O3")


def test_multi_accountable_fires_once_and_names_them() -> None:
    ws = raci_of(base(), "O1", {"Ana": A, "Bob": A, "Cy": A})
    ws.participants.append(Participant("Dan", "Marketing"))
    ws.raci.append(RaciAssignment("O1", "Dan", R))
    [result] = assert_fires(ws, "E_MULTI_ACCOUNTABLE", "O1")
    assert all(name in result.message for name in ("Ana", "Bob", "Cy"))
    assert_silent(ws, "E_NO_ACCOUNTABLE")
    assert_silent(base(), "E_MULTI_ACCOUNTABLE")


def test_silo_counts_departments_of_r_a_c_but_not_i() -> None:
    ws = base()
    ws.participants.append(Participant("Dan", "Marketing"))
    raci_of(ws, "O1", {"Bob": R, "Dan": A, "Ana": I, "Cy": I})
    assert_fires(ws, "W_SILO", "O1")
    raci_of(ws, "O1", {"Bob": R, "Dan": A, "Ana": C})  # exactly two departments
    assert_silent(ws, "W_SILO")


def test_silo_compares_departments_ignoring_case_and_skips_people_without_one() -> None:
    ws = base()
    ws.participants += [Participant("Dan", " marketing "), Participant("Eve", None)]
    raci_of(ws, "O1", {"Bob": R, "Dan": A, "Eve": C})
    assert_fires(ws, "W_SILO", "O1")
    raci_of(ws, "O1", {"Bob": R, "Dan": A, "Eve": C, "Cy": C})
    assert_silent(ws, "W_SILO")


def test_no_finance_on_a_valued_outcome() -> None:
    ws = raci_of(base(), "O1", {"Bob": R, "Cy": A, "Ana": I})  # finance only informed
    assert_fires(ws, "W_NO_FINANCE", "O1")
    for role in (R, A, C):
        raci_of(ws, "O1", {"Bob": R if role is not R else C, "Cy": A if role is not A else C, "Ana": role})
        assert_silent(ws, "W_NO_FINANCE")


def test_no_finance_goes_by_function_not_name_and_skips_unvalued() -> None:
    ws = base()
    ws.departments[1].function = DepartmentFunction.OTHER  # "Finance" in name only
    ws.departments.append(Department("Controlling", DepartmentFunction.FINANCE))
    assert_fires(ws, "W_NO_FINANCE", "O1")
    ws.participants.append(Participant("Dora", "controlling"))
    ws.raci.append(RaciAssignment("O1", "Dora", C))
    assert_silent(ws, "W_NO_FINANCE")
    ws = base()
    ws.departments[1].function = DepartmentFunction.OTHER
    ws.outcomes[0] = outcome("O1", value_per_unit=None)
    assert_silent(ws, "W_NO_FINANCE")


def test_no_finance_fires_once_per_outcome() -> None:
    ws = base()
    add_outcome(ws, outcome("O2"), raci={"Bob": R, "Cy": A})
    add_outcome(ws, outcome("O3"), raci={"Bob": A, "Cy": R, "Ana": I})
    assert_fires(ws, "W_NO_FINANCE", "O2", "O3")


def test_department_unengaged_only_when_it_has_participants() -> None:
    ws = base()
    ws.departments += [Department("HR", DepartmentFunction.HR), Department("Legal", DepartmentFunction.LEGAL)]
    ws.participants.append(Participant("Dan", "hr"))
    assert_fires(ws, "W_DEPT_UNENGAGED", "HR")  # named as the department is, not as referenced
    ws.raci.append(RaciAssignment("O1", "Dan", I))
    assert_fires(ws, "W_DEPT_UNENGAGED", "HR")  # I is not engagement
    add_outcome(ws, outcome("O2"), raci={"Ana": A, "Bob": R, "Dan": C})  # C anywhere is enough
    assert_silent(ws, "W_DEPT_UNENGAGED")


def test_overload_at_the_limit_does_not_fire_over_it_does() -> None:
    ws = base()
    ws.overload_limit = 2
    add_outcome(ws, outcome("O2"), raci={"Bob": R, "Ana": C, "Cy": C})  # Bob R on O1, O2: at the limit
    assert_silent(ws, "W_OVERLOAD")
    add_outcome(ws, outcome("O3"), raci={"Bob": C, "Ana": C, "Cy": R})  # C does not load
    assert_silent(ws, "W_OVERLOAD")
    add_outcome(ws, outcome("O4"), raci={"Bob": A, "Ana": C, "Cy": R})  # A loads: 3 > 2
    [result] = assert_fires(ws, "W_OVERLOAD", "Bob")
    assert "3" in result.message


def test_overload_uses_the_default_limit_of_four() -> None:
    ws = base()
    for i in range(2, 5):
        add_outcome(ws, outcome(f"O{i}"), raci={"Bob": R, "Ana": C, "Cy": C})
    assert_silent(ws, "W_OVERLOAD")
    add_outcome(ws, outcome("O5"), raci={"Bob": R, "Ana": C, "Cy": C})
    assert_fires(ws, "W_OVERLOAD", "Bob")


# -- channels ------------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [{}, {"Help forum": FALLBACK}, {"X": FALLBACK, "Help forum": FALLBACK}])
def test_no_channel_without_primary_or_supporting(roles: dict[str, ChoiceRole]) -> None:
    ws = choices_of(base(), "O1", roles)
    assert_fires(ws, "E_NO_CHANNEL", "O1")


@pytest.mark.parametrize("roles", [{"X": PRIMARY}, {"X": SUPPORTING}, {"Help forum": SUPPORTING, "X": FALLBACK}])
def test_no_channel_silent_with_an_active_choice(roles: dict[str, ChoiceRole]) -> None:
    assert_silent(choices_of(base(), "O1", roles), "E_NO_CHANNEL")


def test_no_owned_when_chosen_channels_are_all_not_owned() -> None:
    ws = base()
    ws.channels.append(Channel("Trade fair", ChannelKind.OFFLINE, "Messe AG", Portability.PARTIAL, 2))
    choices_of(ws, "O1", {"X": PRIMARY, "Trade fair": FALLBACK})
    assert_fires(ws, "W_NO_OWNED", "O1")
    choices_of(ws, "O1", {"X": PRIMARY, "Help forum": FALLBACK})  # any role counts
    assert_silent(ws, "W_NO_OWNED")
    choices_of(ws, "O1", {})  # no chosen channel: E_NO_CHANNEL says it
    assert_silent(ws, "W_NO_OWNED")


def sensitivity_workshop(forum_b: int = 1, x_c: int | None = 3) -> Workshop:
    ws = base()
    ws.criteria = [
        Criterion("audience_fit", "Audience fit", 3, True),
        Criterion("outcome_fit", "Outcome fit", 2, True),
        Criterion("tone", "Tone", 1, True),
    ]
    ws.scores = [
        Score("O1", "Help forum", "audience_fit", 5),
        Score("O1", "Help forum", "outcome_fit", forum_b),
        Score("O1", "Help forum", "tone", 3),
        Score("O1", "X", "audience_fit", 2),
        Score("O1", "X", "outcome_fit", 5),
    ]
    if x_c is not None:
        ws.scores.append(Score("O1", "X", "tone", x_c))
    return ws


def test_sensitive_names_the_criteria_that_flip_the_first_candidate() -> None:
    # Help forum 20/6 beats X 19/6; audience_fit x0.8 or outcome_fit x1.2 puts X first; tone never does.
    [result] = assert_fires(sensitivity_workshop(), "W_SENSITIVE", "O1")
    assert "Audience fit" in result.message
    assert "Outcome fit" in result.message
    assert "Tone" not in result.message


def test_sensitive_silent_for_a_clear_winner_or_a_single_candidate() -> None:
    assert_silent(sensitivity_workshop(forum_b=2), "W_SENSITIVE")  # 22/6 against 19/6 holds
    assert_silent(sensitivity_workshop(x_c=None), "W_SENSITIVE")  # X incomplete: one candidate


def dissent_workshop() -> Workshop:
    ws = base()
    ws.participants.append(Participant("Dan", "Marketing"))
    return ws


def test_dissent_names_the_departments_and_their_favourites() -> None:
    ws = dissent_workshop()
    ws.votes = [Vote("Bob", "O1", "Help forum", 2), Vote("Cy", "O1", "X", 2), Vote("Dan", "O1", "X", 1)]
    [result] = assert_fires(ws, "W_DISSENT", "O1")
    assert "Marketing" in result.message
    assert "Support" in result.message


@pytest.mark.parametrize(
    "votes",
    [
        [("Bob", "O1", "Help forum", 2), ("Cy", "O1", "Help forum", 1)],  # same favourite
        [("Bob", "O1", "Help forum", 2), ("Cy", "O1", "Help forum", 1), ("Cy", "O1", "X", 1)],  # tie: no favourite
        [("Bob", "O1", "Help forum", 2), ("Dan", "O1", "X", 1)],  # one department disagreeing inside itself
        [("Bob", "O1", "Help forum", 2), ("Cy", "O2", "X", 2)],  # another outcome
        [("Bob", "O1", "Help forum", 2), ("Cy", "O1", None, 2)],  # outcome dots are not channel dots
    ],
)
def test_dissent_silent_without_two_different_favourites(votes: list[tuple[str, str, str | None, int]]) -> None:
    ws = dissent_workshop()
    add_outcome(ws, outcome("O2"))
    ws.votes = [Vote(*v) for v in votes]
    assert_silent(ws, "W_DISSENT")


# -- resilience ------------------------------------------------------------------------------


def exposed_workshop() -> Workshop:
    ws = base()
    ws.channels += [
        Channel("Search ads", ChannelKind.PAID, "Google", Portability.NONE, 3),
        Channel("Dealer portal", ChannelKind.PARTNER, "Dealer GmbH", Portability.PARTIAL, 3),
        Channel("Trade press", ChannelKind.EARNED, "Verlag", Portability.NONE, 3),
    ]
    return ws


@pytest.mark.parametrize(
    "roles",
    [{"X": PRIMARY}, {"Search ads": PRIMARY, "Dealer portal": SUPPORTING}, {"X": SUPPORTING}],
)
def test_no_fallback_when_all_active_channels_are_exposed(roles: dict[str, ChoiceRole]) -> None:
    ws = choices_of(exposed_workshop(), "O1", roles)
    assert_fires(ws, "W_NO_FALLBACK", "O1")


@pytest.mark.parametrize(
    "roles",
    [
        {"X": PRIMARY, "Search ads": FALLBACK},  # any fallback
        {"X": PRIMARY, "Help forum": SUPPORTING},  # not all exposed
        {"Trade press": PRIMARY},  # earned is not rented, paid or partner
        {},  # no active channel
        {"X": FALLBACK},
    ],
)
def test_no_fallback_silent(roles: dict[str, ChoiceRole]) -> None:
    assert_silent(choices_of(exposed_workshop(), "O1", roles), "W_NO_FALLBACK")


def test_stranded_names_every_scenario_that_strands() -> None:
    ws = base()
    ws.channels.append(Channel("TikTok", ChannelKind.RENTED, "ByteDance", Portability.NONE, 5))
    choices_of(ws, "O1", {"TikTok": PRIMARY})
    [result] = assert_fires(ws, "W_STRANDED", "O1")
    assert "TikTok" in result.message  # the channel on its own
    assert "ByteDance" in result.message  # and its owner


def test_stranded_by_an_owner_even_through_a_fallback_on_the_same_owner() -> None:
    ws = base()
    ws.channels += [
        Channel("Facebook", ChannelKind.RENTED, "Meta", Portability.NONE, 4),
        Channel("Instagram", ChannelKind.RENTED, " Meta ", Portability.NONE, 4),  # owners trimmed
        Channel("WhatsApp", ChannelKind.RENTED, "Meta", Portability.NONE, 4),
    ]
    choices_of(ws, "O1", {"Facebook": PRIMARY, "Instagram": SUPPORTING, "WhatsApp": FALLBACK})
    [result] = assert_fires(ws, "W_STRANDED", "O1")
    assert "Meta" in result.message
    assert "Facebook" not in result.message  # losing Facebook alone leaves Instagram and a live fallback


def test_stranded_owners_match_exactly_so_meta_and_meta_lowercase_differ() -> None:
    ws = base()
    ws.channels += [
        Channel("Facebook", ChannelKind.RENTED, "Meta", Portability.NONE, 4),
        Channel("Instagram", ChannelKind.RENTED, "meta", Portability.NONE, 4),
    ]
    choices_of(ws, "O1", {"Facebook": PRIMARY, "Instagram": SUPPORTING})
    assert_silent(ws, "W_STRANDED")


def test_stranded_by_a_vendor_behind_an_owned_channel() -> None:
    ws = base()
    ws.channels.append(Channel("Email newsletter", ChannelKind.OWNED, "Mailchimp", Portability.FULL, 2))
    choices_of(ws, "O1", {"Email newsletter": PRIMARY})
    [result] = assert_fires(ws, "W_STRANDED", "O1")
    assert "Mailchimp" in result.message
    assert_silent(ws, "W_NO_FALLBACK")  # owned, so no fallback warning


def meta_workshop(reliances: dict[str, float | None]) -> Workshop:
    """O1 on Meta's channels only (the first primary, the rest supporting), no fallback."""
    ws = base()
    ws.channels += [Channel(name, ChannelKind.RENTED, "Meta", Portability.NONE, 4) for name in reliances]
    roles = [PRIMARY] + [SUPPORTING] * (len(reliances) - 1)
    ws.choices = [Choice("O1", name, role, r) for (name, r), role in zip(reliances.items(), roles, strict=True)]
    return ws


@pytest.mark.parametrize(
    "reliances",
    [
        # no reliance given: 0.7 + 0.1 + 0.1 + 0.1 = 0.9999999999999999 in floats
        {"Facebook": None, "Instagram": None, "WhatsApp": None, "Messenger": None},
        # explicit 2, 3, 1 scaled to one: 2/6 + 3/6 + 1/6 = 0.9999999999999999
        {"Facebook": 2.0, "Instagram": 3.0, "WhatsApp": 1.0},
    ],
    ids=["one primary three supporting", "explicit 2 3 1"],
)
def test_stranded_when_an_owner_takes_every_channel_though_the_shares_sum_just_under_one(
    reliances: dict[str, float | None],
) -> None:
    [result] = assert_fires(meta_workshop(reliances), "W_STRANDED", "O1")
    assert result.message == "O1 is left with no channel if Meta (owner) goes away."
    assert_fires(meta_workshop(reliances), "W_NO_FALLBACK", "O1")


@pytest.mark.parametrize(
    "roles",
    [
        {"X": PRIMARY, "Help forum": FALLBACK},  # a live fallback
        {"X": PRIMARY, "Help forum": SUPPORTING},  # reliance left
        {"Help forum": PRIMARY},  # "(own)" is no scenario
        {},
    ],
)
def test_stranded_silent(roles: dict[str, ChoiceRole]) -> None:
    assert_silent(choices_of(base(), "O1", roles), "W_STRANDED")


def test_stranded_fires_once_per_outcome() -> None:
    ws = choices_of(base(), "O1", {"X": PRIMARY})
    add_outcome(ws, outcome("O2"))
    add_outcome(ws, outcome("O3"), choices={"X": SUPPORTING})
    assert_fires(ws, "W_STRANDED", "O1", "O3")
    assert_fires(ws, "W_NO_FALLBACK", "O1", "O3")


# -- plan ------------------------------------------------------------------------------


def test_action_without_owner_is_named_by_its_title() -> None:
    ws = base()
    ws.actions += [Action("Write the brief", "O1"), Action("Book the room"), Action("Hire", owner="cy")]
    assert_fires(ws, "E_ACTION_NO_OWNER", "Write the brief", "Book the room")


def test_outcome_without_action() -> None:
    ws = base()
    add_outcome(ws, outcome("O2"))
    ws.actions = [Action("Launch", "o1 ", owner="Bob"), Action("Unrelated", None, owner="Bob")]
    assert_fires(ws, "W_OUTCOME_NO_ACTION", "O2")


# -- readiness ------------------------------------------------------------------------------


def test_every_stage_of_a_sound_workshop_is_ready() -> None:
    results = run_checks(base())
    assert all(stage_is_ready(results, stage) for stage in Stage)


def test_a_stage_is_ready_unless_one_of_its_checks_is_an_error() -> None:
    ws = raci_of(base(), "O1", {"Ana": C, "Bob": R})  # E_NO_ACCOUNTABLE
    ws.actions[0].owner = None  # E_ACTION_NO_OWNER
    ws.outcomes[0] = outcome("O1", value_per_unit=None)  # W_UNVALUED, a warning only
    results = run_checks(ws)
    assert {r.code for r in results} >= {"E_NO_ACCOUNTABLE", "E_ACTION_NO_OWNER", "W_UNVALUED"}
    ready = {stage: stage_is_ready(results, stage) for stage in Stage}
    assert ready == {
        Stage.SETUP: True,
        Stage.OUTCOMES: True,
        Stage.STAKEHOLDERS: False,
        Stage.CHANNELS: True,
        Stage.RESILIENCE: True,
        Stage.PLAN: False,
        Stage.EXPORT: True,
    }


def test_an_empty_workshop_is_not_ready_for_setup_or_outcomes() -> None:
    results = run_checks(Workshop(title="New"))
    assert not stage_is_ready(results, Stage.SETUP)
    assert not stage_is_ready(results, Stage.OUTCOMES)
    assert stage_is_ready(results, Stage.PLAN)


# -- once per outcome, everywhere ------------------------------------------------------------------


def test_every_outcome_check_fires_at_most_once_per_outcome_on_a_messy_workshop() -> None:
    ws = exposed_workshop()
    ws.participants.append(Participant("Dan", "Marketing"))
    ws.outcomes[0] = outcome("O1", "Grow X and Twitter followers", "X followers, likes, views", None, None, None)
    add_outcome(ws, outcome("O2", "Search ads on X", " ", None, None, None), raci={"Ana": A, "Bob": A, "Cy": A},
                choices={"X": PRIMARY, "Search ads": SUPPORTING, "Dealer portal": SUPPORTING})  # fmt: skip
    ws.votes = [
        Vote("Bob", "O2", "X", 2),
        Vote("Dan", "O2", "X", 1),
        Vote("Cy", "O2", "Search ads", 3),
        Vote("Ana", "O2", "Dealer portal", 1),
    ]
    assert workshop_problems(ws) == []
    results = run_checks(ws)
    outcome_codes = {code for code in METHOD_TABLE if code not in {"E_NO_PARTICIPANTS", "E_NO_OUTCOMES",
                                                                   "W_DEPT_UNENGAGED", "W_OVERLOAD",
                                                                   "E_ACTION_NO_OWNER"}}  # fmt: skip
    for code in outcome_codes:
        subjects = [r.subject for r in results if r.code == code]
        assert len(subjects) == len(set(subjects)), code
    assert {"W_CHANNEL_LED", "W_VANITY", "W_NO_KPI", "E_MULTI_ACCOUNTABLE", "W_DISSENT"} <= {r.code for r in results}


# -- the shipped sample ------------------------------------------------------------------------------

#: What fires on resources/sample/sample-workshop.json, worked out from its data (README: fifteen
#: different checks, "3 error(s), 12 warning(s)"): code -> subjects, in the room's order.
SAMPLE_FINDINGS: dict[str, list[str]] = {
    # O3 "Grow our Instagram following": Instagram is rented.
    "W_CHANNEL_LED": ["O3"],
    # O3 is the only unvalued outcome (O7 has an entered annual value); its metric is "Instagram followers".
    "W_VANITY": ["O3"],
    "W_UNVALUED": ["O3"],
    # O7's KPI has no baseline ("first-report dates are not recorded yet").
    "W_NO_KPI": ["O7"],
    # O6: Jonas Albrecht and Katrin Wolff are both A.
    "E_MULTI_ACCOUNTABLE": ["O6"],
    # O3: Jonas (A) and Lea (R) are both Marketing; Tobias is only I.
    "W_SILO": ["O3"],
    # O6 is valued, and its R, A, C (Marketing, Customer Service, Product) include no finance department.
    "W_NO_FINANCE": ["O6"],
    # Limit 2: Jonas is R on O2 and A on O3, O6, O8 = 4; everyone else is R or A on 2 or fewer.
    "W_OVERLOAD": ["Jonas Albrecht"],
    # O7 has no choice at all.
    "E_NO_CHANNEL": ["O7"],
    # O3 chose Instagram (rented) and Meta Ads (paid) only.
    "W_NO_OWNED": ["O3"],
    # O6: Marketing (Lea) favours Strava club 2:1; Customer Service (Felix) and Product (Julia) Meetups.
    "W_DISSENT": ["O6"],
    # O3 rests on Instagram and Meta Ads, no fallback.
    "W_NO_FALLBACK": ["O3"],
    # O3 loses 0.7 + 0.3 when Meta goes; no other scenario takes all of an outcome's reliance.
    "W_STRANDED": ["O3"],
    # "Choose a fallback channel for O3" has no owner.
    "E_ACTION_NO_OWNER": ["Choose a fallback channel for O3"],
    # O7 is the only outcome without an action.
    "W_OUTCOME_NO_ACTION": ["O7"],
}
# Silent, among others: W_SENSITIVE. Every candidate is complete, so S compares as numerators over the
# same weights (sum 15). A 20% move of weight w shifts a lead by 0.2 * w * (the two channels' difference
# on that criterion), at most 0.2 * 3 * 4 = 2.4. The leads under 3: O1 Customer community forum 66 over
# Company website 65 and O3 Instagram 50 over Meta Ads 49 (no criterion differs by more than 1: at most
# 0.6); O4 Meetups and roadshows 61 over Company website 59 and O6 Meetups and roadshows 64 over Email
# newsletter 62 (at most 0.2 * 3 * 2 = 1.2). No first candidate changes.


def test_the_sample_fires_exactly_the_fifteen_checks_the_readme_promises() -> None:
    ws = parse_workshop(resource(*SAMPLE).read_bytes()).workshop
    assert workshop_problems(ws) == []
    results = run_checks(ws)
    found: dict[str, list[str]] = {}
    for r in results:
        found.setdefault(r.code, []).append(r.subject)
        assert (r.severity.value, r.stage.value) == METHOD_TABLE[r.code]
    assert found == SAMPLE_FINDINGS
    assert len(found) == 15
    assert sum(r.severity is Severity.ERROR for r in results) == 3
    assert sum(r.severity is Severity.WARNING for r in results) == 12
    message = {r.code: r.message for r in results}
    assert "'Instagram'" in message["W_CHANNEL_LED"]
    assert "followers" in message["W_VANITY"]
    assert "Jonas Albrecht" in message["E_MULTI_ACCOUNTABLE"] and "Katrin Wolff" in message["E_MULTI_ACCOUNTABLE"]
    assert "4" in message["W_OVERLOAD"]
    assert "Meta (owner)" in message["W_STRANDED"] and "Instagram" not in message["W_STRANDED"]
    dissent = message["W_DISSENT"]
    assert all(name in dissent for name in ("Marketing", "Strava club", "Customer Service", "Meetups and roadshows"))

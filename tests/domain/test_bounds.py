"""The bounds of METHOD.md (Entities, Bounds): every value in a range a workshop can mean.

Each found problem of issue 7 has a test here that failed before the bounds: a negative overload
limit was accepted, NUL and ESC were kept in titles, a value near 1e308 made the resilience
score NaN, an integer beyond 64 bits reached the library. Within the bounds every portfolio
figure is finite (property-tested at the extremes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.domain.entities import (
    Action,
    AgendaItem,
    Channel,
    Choice,
    Criterion,
    Department,
    Kpi,
    Note,
    Outcome,
    Participant,
    Stakeholder,
    Vote,
    Workshop,
)
from workshop.domain.enums import ChannelKind, ChoiceRole, OutcomeCategory, Portability, Stage
from workshop.domain.formulas import Analysis
from workshop.domain.validation import (
    NAME_CONTROL_REASON,
    TEXT_CONTROL_REASON,
    DomainError,
    Problem,
    workshop_problems,
)


def small_workshop() -> Workshop:
    """A valid workshop with one item of every kind that has bounds."""
    return Workshop(
        title="Kick-off",
        organisation="Acme",
        facilitator="Maren",
        departments=[Department("Support")],
        participants=[Participant("Ana", "Support", role="Head of support", email="ana@example.org")],
        stakeholders=[Stakeholder("Board", role="Chair")],
        outcomes=[
            Outcome(
                "O1",
                "Cut support cost",
                OutcomeCategory.COST_REDUCTION,
                "Customers",
                Kpi("Cost per ticket", "EUR", 10, 8),
                1000,
                None,
                0.5,
                "Notes\twith a tab\nand lines",
            )
        ],
        channels=[
            Channel("Forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1, ["Community"]),
            Channel("Facebook page", ChannelKind.RENTED, "Meta", Portability.NONE, 4),
        ],
        choices=[
            Choice("O1", "Facebook page", ChoiceRole.PRIMARY, 2.0),
            Choice("O1", "Forum", ChoiceRole.FALLBACK),
        ],
        votes=[Vote("Ana", "O1", None, 2)],
        actions=[Action("Launch forum", "O1", "Forum", "Ana", cost=500, effort_days=3, origin="choice:O1:Forum")],
        agenda=[AgendaItem(Stage.SETUP, 30)],
        parking_lot=[Note("Fleet sales?", "Ana")],
        decisions=[Note("Forum first", "facilitator")],
        dismissed_origins=["fallback:O1"],
    )


def test_the_small_workshop_is_valid() -> None:
    assert workshop_problems(small_workshop()) == []


def problems_after(change: Callable[[Workshop], Any]) -> list[Problem]:
    ws = small_workshop()
    change(ws)
    return workshop_problems(ws)


def setter(*path: Any) -> Callable[[Any], Callable[[Workshop], None]]:
    """``setter("outcomes", 0, "value_per_unit")(1e308)`` sets that field of the small workshop."""

    def with_value(value: Any) -> Callable[[Workshop], None]:
        def change(ws: Workshop) -> None:
            target: Any = ws
            for part in path[:-1]:
                target = target[part] if isinstance(part, int) else getattr(target, part)
            if isinstance(path[-1], int):
                target[path[-1]] = value
            else:
                setattr(target, path[-1], value)

        return change

    return with_value


MONEY = "must be from 0 to 1000000000000"
KPI = "must be from -1000000000000 to 1000000000000"
# (path in problems, how to set it, lowest allowed, highest allowed, reason when out of bounds)
NUMBERS = [
    ("workshop.overload_limit", setter("overload_limit"), 0, 1000, "must be from 0 to 1000"),
    ("workshop.dots_per_participant", setter("dots_per_participant"), 1, 1000, "must be from 1 to 1000"),
    ("outcomes[0].value_per_unit", setter("outcomes", 0, "value_per_unit"), 0, 1e12, MONEY),
    ("outcomes[0].annual_value", setter("outcomes", 0, "annual_value"), 0, 1e12, MONEY),
    ("outcomes[0].kpi.baseline", setter("outcomes", 0, "kpi", "baseline"), -1e12, 1e12, KPI),
    ("outcomes[0].kpi.target", setter("outcomes", 0, "kpi", "target"), -1e12, 1e12, KPI),
    ("actions[0].cost", setter("actions", 0, "cost"), 0, 1e12, MONEY),
    ("actions[0].effort_days", setter("actions", 0, "effort_days"), 0, 36500, "must be from 0 to 36500"),
    ("criteria[0].weight", setter("criteria", 0, "weight"), 0, 1000, "must be from 0 to 1000"),
    ("choices[0].reliance", setter("choices", 0, "reliance"), 1e-9, 1000, "must be greater than 0 and at most 1000"),
    ("votes[0].dots", setter("votes", 0, "dots"), 1, 1000, "must be from 1 to 1000"),
    ("agenda[0].minutes", setter("agenda", 0, "minutes"), 0, 10080, "must be from 0 to 10080"),
]  # fmt: skip
WHOLE = {"workshop.overload_limit", "workshop.dots_per_participant", "votes[0].dots", "agenda[0].minutes"}


def _budget_fits(path: str, ws_change: Callable[[Workshop], None]) -> Callable[[Workshop], None]:
    """A vote of many dots needs a budget to match; the budget's own bound is tested on its own."""

    def change(ws: Workshop) -> None:
        if path == "votes[0].dots":
            ws.dots_per_participant = 1000
        ws_change(ws)

    return change


@pytest.mark.parametrize(("path", "set_it", "low", "high", "reason"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_each_number_is_kept_within_its_bounds(path: str, set_it: Any, low: float, high: float, reason: str) -> None:
    for fine in (low, high):
        value = int(fine) if path in WHOLE else fine
        assert [p for p in problems_after(_budget_fits(path, set_it(value))) if p.path == path] == [], value
    below = low - 1 if path in WHOLE else (0 if path == "choices[0].reliance" else low - 1e-3 * max(1, abs(low)))
    above = high + 1 if path in WHOLE else high * (1 + 1e-9)
    for bad in (below, above, 10**30, -(10**30)):
        named = [p for p in problems_after(_budget_fits(path, set_it(bad))) if p.path == path]
        assert [(p.value, p.reason) for p in named] == [(bad, reason)], bad


def test_a_negative_overload_limit_is_refused() -> None:
    [problem] = problems_after(setter("overload_limit")(-1))
    assert (problem.path, problem.value, problem.reason) == ("workshop.overload_limit", -1, "must be from 0 to 1000")


def test_an_integer_beyond_64_bits_is_refused_by_the_range_check() -> None:
    for huge in (2**64, 99999999999999999999999, 10**400, -(10**400)):
        problems = problems_after(setter("agenda", 0, "minutes")(huge))
        assert [p.path for p in problems] == ["agenda[0].minutes"]
        problems = problems_after(setter("outcomes", 0, "value_per_unit")(huge))
        assert [p.path for p in problems] == ["outcomes[0].value_per_unit"]


def test_an_integer_with_more_digits_than_python_prints_still_makes_a_readable_problem() -> None:
    [problem] = problems_after(setter("actions", 0, "cost")(10**5000))
    assert problem.path == "actions[0].cost"
    assert isinstance(problem.value, str) and len(problem.value) <= 61
    assert len(str(problem)) < 200


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "path",
    [n[0] for n in NUMBERS if n[0] not in WHOLE],
)
def test_non_finite_numbers_are_refused(path: str, value: float) -> None:
    set_it = next(n[1] for n in NUMBERS if n[0] == path)
    named = [p for p in problems_after(set_it(value)) if p.path == path]
    assert len(named) == 1
    assert named[0].reason == "must be a finite number"


@pytest.mark.parametrize("path", [n[0] for n in NUMBERS])
def test_booleans_are_not_numbers(path: str) -> None:
    set_it = next(n[1] for n in NUMBERS if n[0] == path)
    named = [p for p in problems_after(_budget_fits(path, set_it(True))) if p.path == path]
    assert len(named) == 1 and named[0].reason in {"must be a number", "must be a whole number"}


def test_value_near_1e308_no_longer_makes_the_resilience_score_nan() -> None:
    ws = small_workshop()
    ws.outcomes[0].value_per_unit = 1e308
    assert [p.path for p in workshop_problems(ws)] == ["outcomes[0].value_per_unit"]


# -- names and free text --------------------------------------------------------------------------

NAMES = [
    ("workshop.title", setter("title")),
    ("workshop.organisation", setter("organisation")),
    ("workshop.facilitator", setter("facilitator")),
    ("departments[0].name", setter("departments", 0, "name")),
    ("participants[0].name", setter("participants", 0, "name")),
    ("participants[0].role", setter("participants", 0, "role")),
    ("participants[0].email", setter("participants", 0, "email")),
    ("stakeholders[0].name", setter("stakeholders", 0, "name")),
    ("stakeholders[0].role", setter("stakeholders", 0, "role")),
    ("outcomes[0].key", setter("outcomes", 0, "key")),
    ("outcomes[0].title", setter("outcomes", 0, "title")),
    ("outcomes[0].audience", setter("outcomes", 0, "audience")),
    ("outcomes[0].kpi.metric", setter("outcomes", 0, "kpi", "metric")),
    ("outcomes[0].kpi.unit", setter("outcomes", 0, "kpi", "unit")),
    ("criteria[0].key", setter("criteria", 0, "key")),
    ("criteria[0].name", setter("criteria", 0, "name")),
    ("channels[0].name", setter("channels", 0, "name")),
    ("channels[0].owner", setter("channels", 0, "owner")),
    ("channels[0].aliases[0]", setter("channels", 0, "aliases", 0)),
    ("actions[0].title", setter("actions", 0, "title")),
    ("parking_lot[0].by", setter("parking_lot", 0, "by")),
    ("decisions[0].by", setter("decisions", 0, "by")),
]
FREE_TEXT = [
    ("outcomes[0].notes", setter("outcomes", 0, "notes")),
    ("parking_lot[0].text", setter("parking_lot", 0, "text")),
    ("decisions[0].text", setter("decisions", 0, "text")),
]
CONTROL_CHARACTERS = ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\ud800", "\udfff"]
LINE_BREAKS = ["\n", "\r", "\t", "\r\n", "\u2028", "\u2029"]


def named(problems: list[Problem], path: str) -> list[Problem]:
    return [p for p in problems if p.path == path]


@pytest.mark.parametrize(("path", "set_it"), NAMES, ids=[n[0] for n in NAMES])
def test_names_refuse_control_characters_and_line_breaks(path: str, set_it: Any) -> None:
    for char in [*CONTROL_CHARACTERS, *LINE_BREAKS]:
        value = f"Ana{char}Lee"
        found = named(problems_after(set_it(value)), path)
        assert [(p.value, p.reason) for p in found] == [(value, NAME_CONTROL_REASON)], repr(char)


@pytest.mark.parametrize(("path", "set_it"), NAMES, ids=[n[0] for n in NAMES])
def test_names_hold_at_most_500_characters(path: str, set_it: Any) -> None:
    assert named(problems_after(set_it("é" * 500)), path) == []
    [problem] = named(problems_after(set_it("é" * 501)), path)
    assert problem.reason == "must be at most 500 characters"


@pytest.mark.parametrize(("path", "set_it"), FREE_TEXT, ids=[n[0] for n in FREE_TEXT])
def test_free_text_allows_tab_and_line_breaks_and_nothing_else(path: str, set_it: Any) -> None:
    assert named(problems_after(set_it("One\ttwo\nthree\r\nfour\u2028five")), path) == []
    for char in [*CONTROL_CHARACTERS, "\x0b", "\x0c"]:
        value = f"Forum{char}first"
        found = named(problems_after(set_it(value)), path)
        assert [(p.value, p.reason) for p in found] == [(value, TEXT_CONTROL_REASON)], repr(char)


@pytest.mark.parametrize(("path", "set_it"), FREE_TEXT, ids=[n[0] for n in FREE_TEXT])
def test_free_text_holds_at_most_32767_characters(path: str, set_it: Any) -> None:
    assert named(problems_after(set_it("x" * 32_767)), path) == []
    [problem] = named(problems_after(set_it("x" * 32_768)), path)
    assert problem.reason == "must be at most 32767 characters"


def test_nul_and_esc_in_an_outcome_title_are_refused() -> None:
    for title in ("Cut\x00 support cost", "Cut \x1b[31msupport cost"):
        [problem] = problems_after(setter("outcomes", 0, "title")(title))
        assert (problem.path, problem.value, problem.reason) == ("outcomes[0].title", title, NAME_CONTROL_REASON)


def test_origins_and_dismissed_origins_keep_the_bounds_of_names() -> None:
    assert named(problems_after(setter("actions", 0, "origin")("choice:O1:Fo\x00rum")), "actions[0].origin")
    assert named(problems_after(setter("dismissed_origins", 0)("fallback:O\x1b1")), "workshop.dismissed_origins[0]")
    long_origin = "choice:" + "k" * 500 + ":" + "c" * 500
    assert named(problems_after(setter("actions", 0, "origin")(long_origin)), "actions[0].origin") == []
    assert named(problems_after(setter("actions", 0, "origin")(long_origin + "c")), "actions[0].origin")


def test_a_long_value_is_shortened_in_its_problem() -> None:
    title = "T" * 10_000
    [problem] = problems_after(setter("outcomes", 0, "title")(title))
    assert problem.value == "T" * 60 + "…"
    assert len(str(problem)) < 200
    assert Problem("x", "y" * 61, "r").value == "y" * 61  # a value just over the limit stays whole


def test_a_refusal_reads_as_one_sentence_for_the_room() -> None:
    """The UI prints '<Field label> <reason> (you entered <value>)': the reasons must read that way."""
    for change in (setter("overload_limit")(-1), setter("outcomes", 0, "title")("a\x00b")):
        [problem] = problems_after(change)
        assert problem.reason.startswith("must ") and not problem.reason.endswith(".")
        assert "\\" not in problem.reason and "[" not in problem.reason


def test_domain_error_lists_every_bound_broken() -> None:
    ws = small_workshop()
    ws.overload_limit = -1
    ws.outcomes[0].title = "a\x00b"
    ws.outcomes[0].value_per_unit = 1e308
    error = DomainError(workshop_problems(ws))
    assert {p.path for p in error.problems} == {
        "workshop.overload_limit",
        "outcomes[0].title",
        "outcomes[0].value_per_unit",
    }


# -- within the bounds every figure is finite ------------------------------------------------------

_extreme_money = st.sampled_from([0.0, 5e-324, 1e-300, 0.01, 1.0, 123456.789, 1e11, 1e12]) | st.floats(0, 1e12)
_extreme_kpi = st.sampled_from([-1e12, -1.0, 0.0, 5e-324, 1.0, 1e12]) | st.floats(-1e12, 1e12)
_extreme_reliance = st.sampled_from([5e-324, 1e-300, 1e-9, 1.0, 999.999, 1000.0]) | st.floats(1e-300, 1000)
_extreme_weight = st.sampled_from([0.0, 5e-324, 1.0, 1000.0]) | st.floats(0, 1000)


@st.composite
def extreme_workshops(draw: st.DrawFn) -> Workshop:
    """Workshops whose numbers sit anywhere within the bounds, the extremes included."""
    owners = ["(own)", "Meta", "Google", "Acme"]
    kinds = [ChannelKind.OWNED, ChannelKind.RENTED, ChannelKind.PAID, ChannelKind.PARTNER]
    channels = [
        Channel(f"C{i}", draw(st.sampled_from(kinds)), draw(st.sampled_from(owners)), Portability.PARTIAL, 3)
        for i in range(draw(st.integers(1, 5)))
    ]
    outcomes = []
    choices = []
    for i in range(draw(st.integers(1, 6))):
        key = f"O{i}"
        outcomes.append(
            Outcome(
                key,
                kpi=Kpi(baseline=draw(st.none() | _extreme_kpi), target=draw(st.none() | _extreme_kpi)),
                value_per_unit=draw(st.none() | _extreme_money),
                annual_value=draw(st.none() | _extreme_money),
                confidence=draw(st.sampled_from([0.0, 5e-324, 0.5, 1.0]) | st.floats(0, 1)),
            )
        )
        for c in channels:
            role = draw(st.none() | st.sampled_from(list(ChoiceRole)))
            if role is not None:
                reliance = None if role is ChoiceRole.FALLBACK else draw(st.none() | _extreme_reliance)
                choices.append(Choice(key, c.name, role, reliance))
    criteria = [Criterion("audience_fit", "Audience fit", draw(_extreme_weight), True)]
    criteria.append(Criterion("ease", "Ease", 1000.0, False))
    actions = [Action(f"A{i}", "O0", cost=draw(_extreme_money)) for i in range(draw(st.integers(0, 3)))]
    ws = Workshop(outcomes=outcomes, channels=channels, choices=choices, criteria=criteria, actions=actions)
    assert workshop_problems(ws) == []
    return ws


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extreme_workshops())
def test_within_the_bounds_every_portfolio_figure_is_finite(ws: Workshop) -> None:
    analysis = Analysis(ws)
    portfolio = analysis.portfolio
    assert portfolio is not None
    assert math.isfinite(portfolio.resilience_score) and 0 <= portfolio.resilience_score <= 100 + 1e-9
    assert math.isfinite(portfolio.owned_share)
    assert math.isfinite(portfolio.hhi)
    assert all(math.isfinite(s) for s in portfolio.owner_shares.values())
    assert all(math.isfinite(r.value_at_risk) for r in analysis.demise_results)
    assert all(ev is None or math.isfinite(ev) for ev in analysis.expected_values.values())


def test_the_largest_values_give_finite_figures() -> None:
    ws = small_workshop()
    o = ws.outcomes[0]
    o.kpi.baseline, o.kpi.target, o.value_per_unit, o.annual_value, o.confidence = -1e12, 1e12, 1e12, 1e12, 1.0
    ws.choices[0].reliance = 1000
    ws.actions[0].cost = 1e12
    assert workshop_problems(ws) == []
    portfolio = Analysis(ws).portfolio
    assert portfolio is not None
    assert (portfolio.resilience_score, portfolio.hhi) == (50.0, 1.0)


# -- the service refuses an edit out of bounds -----------------------------------------------------


@pytest.fixture
def workshop_id(service: Any) -> int:
    return int(service.import_workshop(small_workshop()).result)


def test_the_service_refuses_a_negative_overload_limit(service: Any, workshop_id: int) -> None:
    with pytest.raises(DomainError) as info:
        service.update_workshop(workshop_id, overload_limit=-1)
    assert [p.path for p in info.value.problems] == ["workshop.overload_limit"]
    assert service.load(workshop_id).workshop.overload_limit == 4


def test_the_service_refuses_control_characters_and_huge_values(service: Any, workshop_id: int) -> None:
    loaded = service.load(workshop_id)
    outcome_id = loaded.id_of("outcome", "O1")
    with pytest.raises(DomainError) as info:
        service.update("outcome", outcome_id, title="Cut\x00 cost")
    assert [p.path for p in info.value.problems] == ["outcomes[0].title"]
    with pytest.raises(DomainError) as info:
        service.update("outcome", outcome_id, value_per_unit=1e308)
    assert [p.path for p in info.value.problems] == ["outcomes[0].value_per_unit"]
    with pytest.raises(DomainError) as info:
        service.update_workshop(workshop_id, title="Kick\noff")
    assert [p.path for p in info.value.problems] == ["workshop.title"]
    assert service.load(workshop_id).workshop == loaded.workshop


def test_the_service_refuses_to_import_a_workshop_out_of_bounds(service: Any) -> None:
    ws = small_workshop()
    ws.agenda[0].minutes = 99999999999999999999999  # beyond 64 bits: refused before SQLite sees it
    with pytest.raises(DomainError) as info:
        service.import_workshop(ws)
    assert [p.path for p in info.value.problems] == ["agenda[0].minutes"]
    assert service.workshop_ids() == []


@pytest.mark.parametrize(("ev", "cost"), [(1e12, 1e-300), (5e-324, 5.0), (1e-320, 1e-10)])
def test_return_figures_stay_finite_or_undefined_at_the_edges_of_the_bounds(ev: float, cost: float) -> None:
    """In-bounds money that a float cannot divide: the figure is undefined (n/a), never inf or a crash."""
    import math

    from workshop.domain.formulas import _return

    result = _return(ev, cost)
    for figure in (result.roi, result.payback_months):
        assert figure is None or math.isfinite(figure)

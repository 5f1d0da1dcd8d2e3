"""Generating the plan (METHOD.md): what generating adds, in what order, owned by whom, and what it skips.

Every hand-built workshop is first asserted valid, so generation is only judged on a state the app can hold.
"""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import HealthCheck, given, settings

from tests.domain.strategies import workshops
from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Kpi,
    Outcome,
    Participant,
    RaciAssignment,
    Workshop,
)
from workshop.domain.enums import ActionStatus, ChannelKind, ChoiceRole, Portability, RaciRole
from workshop.domain.plan import (
    Origin,
    choice_origin,
    fallback_origin,
    generated_actions,
    origin_identity,
    parse_origin,
    rename_in_origin,
    same_origin,
)
from workshop.domain.validation import NAME_MAX, workshop_problems
from workshop.services.catalog import sample_workshop

PRIMARY, SUPPORTING, FALLBACK = ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.FALLBACK
R, A = RaciRole.R, RaciRole.A
DUE = dt.date(2027, 6, 30)


def room() -> Workshop:
    """O1 on the forum (owned) and LinkedIn (rented) with an owned fallback; O2 on LinkedIn alone (no fallback:
    W_NO_FALLBACK); O3 on a vendor's newsletter alone (owned, but its vendor's demise strands it: W_STRANDED)."""
    ws = Workshop(
        title="Kick-off",
        participants=[Participant("Ana"), Participant("Ben"), Participant("Cleo")],
        outcomes=[
            Outcome("O1", "Cut support cost", kpi=Kpi(due=DUE)),
            Outcome("O2", "Grow partner sales"),
            Outcome("O3", "Keep riders coming back"),
        ],
        channels=[
            Channel("Forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1),
            Channel("Old board", ChannelKind.RENTED, "Meta", retired=True),
            Channel("LinkedIn", ChannelKind.RENTED, "Microsoft"),
            Channel("Newsletter", ChannelKind.OWNED, "Mailchimp", Portability.FULL, 2),
            Channel("Blog", ChannelKind.OWNED, "(own)", Portability.FULL, 1),
        ],
        choices=[
            Choice("O1", "LinkedIn", PRIMARY),
            Choice("O1", "Old board", SUPPORTING),
            Choice("O1", "Forum", SUPPORTING),
            Choice("O1", "Blog", FALLBACK),
            Choice("O2", "LinkedIn", PRIMARY),
            Choice("O3", "Newsletter", PRIMARY),
        ],
        raci=[
            RaciAssignment("O1", "Cleo", R),
            RaciAssignment("O1", "Ben", R),
            RaciAssignment("O1", "Ana", A),
            RaciAssignment("O3", "Cleo", R),
        ],
    )
    assert workshop_problems(ws) == []
    return ws


def summary(actions: list[Action]) -> list[tuple[str, str | None, str | None, str | None, dt.date | None, str]]:
    return [(a.title, a.outcome, a.channel, a.owner, a.due, a.origin) for a in actions]


def test_generating_the_room_adds_choices_in_channel_order_then_fallbacks() -> None:
    assert summary(generated_actions(room())) == [
        ("Run Forum for O1: Cut support cost", "O1", "Forum", "Ben", DUE, "choice:O1:Forum"),
        ("Run LinkedIn for O1: Cut support cost", "O1", "LinkedIn", "Ben", DUE, "choice:O1:LinkedIn"),
        ("Run LinkedIn for O2: Grow partner sales", "O2", "LinkedIn", None, None, "choice:O2:LinkedIn"),
        ("Set up an owned fallback for O2: Grow partner sales", "O2", None, None, None, "fallback:O2"),
        ("Run Newsletter for O3: Keep riders coming back", "O3", "Newsletter", "Cleo", None, "choice:O3:Newsletter"),
        ("Set up an owned fallback for O3: Keep riders coming back", "O3", None, "Cleo", None, "fallback:O3"),
    ]


def test_a_generated_action_costs_nothing_takes_no_time_and_is_to_do() -> None:
    for a in generated_actions(room()):
        assert (a.cost, a.effort_days, a.status) == (0.0, 0.0, ActionStatus.TODO)


def test_the_owner_is_the_first_r_in_the_rooms_order_not_in_the_order_of_the_roles() -> None:
    ws = room()
    ws.participants.reverse()  # Cleo, Ben, Ana: now Cleo comes first
    assert {a.owner for a in generated_actions(ws) if a.outcome == "O1"} == {"Cleo"}


def test_choices_of_retired_channels_generate_nothing() -> None:
    ws = room()
    assert not any(a.channel == "Old board" for a in generated_actions(ws))
    ws.channels[2].retired = True  # LinkedIn
    assert [a.origin for a in generated_actions(ws) if a.channel is not None] == [
        "choice:O1:Forum",
        "choice:O3:Newsletter",
    ]


def test_only_a_flagged_outcome_gets_a_fallback_action() -> None:
    ws = room()
    ws.choices.append(Choice("O2", "Blog", FALLBACK))  # O2 is no longer flagged
    ws.choices.append(Choice("O3", "Forum", FALLBACK))
    assert [a.origin for a in generated_actions(ws) if a.channel is None] == []


def test_existing_and_dismissed_origins_are_skipped_as_names_are_compared() -> None:
    ws = room()
    ws.actions = [Action("Our own forum plan", origin="choice: o1 :FORUM "), Action("Ad hoc", origin="manual")]
    ws.dismissed_origins = ["fallback: o2", "choice:O3: newsletter"]
    assert workshop_problems(ws) == []
    assert [a.origin for a in generated_actions(ws)] == ["choice:O1:LinkedIn", "choice:O2:LinkedIn", "fallback:O3"]


def test_generating_never_changes_an_existing_action() -> None:
    ws = room()
    ws.actions = [Action("Moderate the forum", "O2", "Blog", "Ana", DUE, 500, 3, ActionStatus.DOING, "choice:O1:Forum")]
    before = copy.deepcopy(ws)
    generated_actions(ws)
    assert ws == before


def test_generating_the_sample_adds_what_its_plan_lacks() -> None:
    """The sample has acted on most choices and dismissed O2's Instagram; O3's fallback action exists already."""
    assert summary(generated_actions(sample_workshop())) == [
        ("Run Meta Ads for O3: Grow our Instagram following", "O3", "Meta Ads", "Lea Schuster",
         dt.date(2027, 12, 31), "choice:O3:Meta Ads"),
        ("Run Customer community forum for O6: Turn owners into ambassadors who bring in new riders", "O6",
         "Customer community forum", "Felix Neumann", dt.date(2027, 12, 31), "choice:O6:Customer community forum"),
        ("Run Email newsletter for O8: Be the most recommended e-bike brand in DACH", "O8", "Email newsletter",
         "Lea Schuster", dt.date(2027, 12, 31), "choice:O8:Email newsletter"),
        ("Run Press and media relations for O8: Be the most recommended e-bike brand in DACH", "O8",
         "Press and media relations", "Lea Schuster", dt.date(2027, 12, 31), "choice:O8:Press and media relations"),
    ]  # fmt: skip


def test_names_are_written_as_the_workshop_writes_them_and_titles_keep_their_bounds() -> None:
    ws = room()
    ws.choices[0] = Choice(" o1 ", "linkedin ", PRIMARY)
    ws.outcomes[1].title = ""
    ws.outcomes[2].title = "x" * NAME_MAX
    assert workshop_problems(ws) == []
    by_origin = {a.origin: a for a in generated_actions(ws)}
    assert by_origin["choice:O1:LinkedIn"].title == "Run LinkedIn for O1: Cut support cost"
    assert by_origin["choice:O2:LinkedIn"].title == "Run LinkedIn for O2"  # no title: no dangling colon
    long = by_origin["fallback:O3"].title
    assert len(long) == NAME_MAX and long.startswith("Set up an owned fallback for O3: xxx") and long.endswith("…")


def test_a_workshop_without_outcomes_generates_nothing() -> None:
    assert generated_actions(Workshop()) == []


# -- origins ----------------------------------------------------------------------------------


def test_origins_are_built_and_read_back() -> None:
    assert choice_origin("O1", "Forum") == "choice:O1:Forum"
    assert fallback_origin("O1") == "fallback:O1"
    assert parse_origin("choice:O1:Forum") == Origin("choice", "O1", "Forum")
    assert parse_origin("fallback:O1") == Origin("fallback", "O1")
    assert parse_origin("choice:O1:X: formerly Twitter") == Origin("choice", "O1", "X: formerly Twitter")
    for not_generated in ("manual", "choice:O1", "choice::Forum", "fallback:", "other:O1", ""):
        assert parse_origin(not_generated) is None


def test_origins_compare_as_names_do_part_by_part() -> None:
    assert same_origin("choice:O1:Forum", "choice: o1 : FORUM ")
    assert same_origin("fallback:O1", "fallback: o1")
    assert not same_origin("choice:O1:Forum", "choice:O2:Forum")
    assert not same_origin("choice:O1:Forum", "fallback:O1")
    assert not same_origin("fallback:O1", "fallback:O1 2")
    assert same_origin("manual", "manual")


def test_a_rename_rewrites_the_origins_that_name_it_and_leaves_the_others() -> None:
    assert rename_in_origin("choice: o1 :Forum", "outcome", "O1", "S1") == "choice:S1:Forum"
    assert rename_in_origin("fallback:o1", "outcome", "O1", "S1") == "fallback:S1"
    assert rename_in_origin("choice:O2:Forum", "outcome", "O1", "S1") == "choice:O2:Forum"
    assert rename_in_origin("choice:O1:forum ", "channel", "Forum", "Owners' forum") == "choice:O1:Owners' forum"
    assert rename_in_origin("fallback:Forum", "channel", "Forum", "Owners' forum") == "fallback:Forum"
    assert rename_in_origin("choice:Forum:Blog", "channel", "Forum", "Owners' forum") == "choice:Forum:Blog"
    assert rename_in_origin("manual", "outcome", "manual", "S1") == "manual"
    assert rename_in_origin("choice:O1:X: formerly Twitter", "channel", "x: Formerly Twitter", "X") == "choice:O1:X"


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workshops(messy=True))
def test_generating_twice_adds_nothing_the_second_time_and_keeps_the_workshop_valid(ws: Workshop) -> None:
    before = copy.deepcopy(ws)
    added = generated_actions(ws)
    assert ws == before  # nothing of the workshop changed
    taken = [a.origin for a in ws.actions] + ws.dismissed_origins
    for a in added:
        assert not any(same_origin(a.origin, t) for t in taken)
    assert len({origin_identity(a.origin) for a in added}) == len(added)
    ws.actions = ws.actions + added
    assert workshop_problems(ws) == []
    assert generated_actions(ws) == []
    assert ws.actions[: len(before.actions)] == before.actions

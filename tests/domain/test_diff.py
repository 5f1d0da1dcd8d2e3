"""The plain-words difference of two workshops: one test per kind of item, each pair of workshops valid.

Each test changes one kind of item in a copy of a small hand-made workshop, asserts the copy is still a valid
workshop, and reads the exact lines the difference says.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings

from tests.domain.strategies import workshops
from workshop.domain.diff import Change, group_changes, workshop_changes
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
    RaciAssignment,
    Score,
    Stakeholder,
    Vote,
    Workshop,
    default_criteria,
)
from workshop.domain.enums import (
    ActionStatus,
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
    Stage,
)
from workshop.domain.validation import workshop_problems
from workshop.services.catalog import sample_workshop

AT = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)


def base() -> Workshop:
    ws = Workshop(
        title="Spring workshop",
        organisation="Nordlicht",
        date=dt.date(2026, 5, 4),
        facilitator="Kim",
        currency="EUR",
        departments=[Department("Marketing", DepartmentFunction.MARKETING), Department("Support")],
        participants=[
            Participant("Ana", "Marketing", "CMO", "ana@example.org", 4, 5),
            Participant("Ben", "Support", "Head of support"),
            Participant("Cleo", "Support"),
        ],
        stakeholders=[Stakeholder("Board", "Owners"), Stakeholder("Partner", "Reseller", "Marketing")],
        outcomes=[
            Outcome(
                "O1",
                "Cut support cost",
                OutcomeCategory.COST_REDUCTION,
                "Customers",
                Kpi("Cost per ticket", "EUR", 12.0, 9.0, dt.date(2027, 6, 30)),
                3.0,
                30000.0,
                0.5,
            ),
            Outcome("O2", "Grow leads", OutcomeCategory.SALES_GROWTH, annual_value=50000.0),
            Outcome("O3", "Hire engineers", OutcomeCategory.TALENT),
        ],
        raci=[
            RaciAssignment("O1", "Ana", RaciRole.A),
            RaciAssignment("O1", "Ben", RaciRole.R),
            RaciAssignment("O2", "Ana", RaciRole.R),
        ],
        criteria=default_criteria(),
        channels=[
            Channel("Instagram", ChannelKind.RENTED, "Meta", Portability.NONE, 4, ["IG"], {"stability": 2}),
            Channel("Newsletter", ChannelKind.OWNED, "(own)", Portability.FULL, 1),
            Channel("Forum", ChannelKind.OWNED, "(own)", Portability.FULL, 1),
        ],
        scores=[Score("O1", "Instagram", "audience_fit", 3), Score("O1", "Newsletter", "audience_fit", 4)],
        choices=[
            Choice("O1", "Instagram", ChoiceRole.PRIMARY, 0.5),
            Choice("O1", "Newsletter", ChoiceRole.FALLBACK),
        ],
        votes=[Vote("Ana", "O1", None, 2), Vote("Ben", "O1", "Instagram", 1)],
        actions=[
            Action(
                "Run Instagram for O1",
                "O1",
                "Instagram",
                "Ana",
                dt.date(2026, 9, 1),
                1000.0,
                5.0,
                origin="choice:O1:Instagram",
            ),
            Action("Write the FAQ", "O1", None, "Ben"),
        ],
        agenda=[AgendaItem(Stage.SETUP, 15), AgendaItem(Stage.OUTCOMES, 30)],
        parking_lot=[Note("Budget for 2028", "Ana", AT)],
        decisions=[Note("We keep the forum", "facilitator", AT)],
        dismissed_origins=["fallback:O2"],
    )
    assert workshop_problems(ws) == []
    return ws


def lines_after(change: Callable[[Workshop], None]) -> list[tuple[Stage | None, str]]:
    before = base()
    after = copy.deepcopy(before)
    change(after)
    assert workshop_problems(after) == []
    return [(c.stage, c.text) for c in workshop_changes(before, after)]


def texts(change: Callable[[Workshop], None]) -> list[str]:
    return [text for _, text in lines_after(change)]


def test_identical_workshops_have_no_changes() -> None:
    assert workshop_changes(base(), base()) == []
    assert workshop_changes(sample_workshop(), sample_workshop()) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workshops())
def test_any_workshop_against_a_copy_of_itself_has_no_changes(ws: Workshop) -> None:
    assert workshop_changes(ws, copy.deepcopy(ws)) == []


def test_workshop_details() -> None:
    def change(ws: Workshop) -> None:
        ws.title = "Autumn workshop"
        ws.organisation = ""
        ws.date = dt.date(2026, 10, 1)
        ws.currency = "USD"
        ws.dots_per_participant = 5
        ws.overload_limit = 6
        ws.is_template = True

    assert lines_after(change) == [
        (Stage.SETUP, 'Workshop: title changed from "Spring workshop" to "Autumn workshop"'),
        (Stage.SETUP, 'Workshop: organisation cleared (was "Nordlicht")'),
        (Stage.SETUP, "Workshop: date changed from 4 May 2026 to 1 October 2026"),
        (Stage.SETUP, "Workshop: currency changed from EUR to USD"),
        (Stage.SETUP, "Workshop: dots per participant changed from 3 to 5"),
        (Stage.SETUP, "Workshop: overload limit changed from 4 to 6"),
        (Stage.SETUP, "Workshop is now a template"),
    ]


def test_departments() -> None:
    def change(ws: Workshop) -> None:
        ws.departments[1].function = DepartmentFunction.IT
        ws.departments.append(Department("Finance", DepartmentFunction.FINANCE))

    assert texts(change) == [
        "Department Support: function changed from Other to IT",
        "Department added: Finance (Finance)",
    ]


def test_a_renamed_department_is_a_rename_and_its_people_follow_it() -> None:
    def change(ws: Workshop) -> None:
        ws.departments[1].name = "Customer care"
        ws.participants[1].department = ws.participants[2].department = "Customer care"

    assert texts(change) == ["Department Support renamed to Customer care"]


def test_participants() -> None:
    def change(ws: Workshop) -> None:
        ws.participants[1].role = "COO"
        ws.participants[1].department = "Marketing"
        ws.participants[0].email = None
        del ws.participants[2]
        ws.participants.append(Participant("Dana", "Marketing", "Analyst"))

    assert lines_after(change) == [
        (Stage.SETUP, "Participant Ana: email cleared (was ana@example.org)"),
        (Stage.SETUP, "Participant Ben: department changed from Support to Marketing"),
        (Stage.SETUP, 'Participant Ben: role changed from "Head of support" to "COO"'),
        (Stage.SETUP, "Participant removed: Cleo"),
        (Stage.SETUP, "Participant added: Dana (Marketing, Analyst)"),
    ]


def test_a_renamed_participant_keeps_their_roles_votes_and_actions() -> None:
    def change(ws: Workshop) -> None:
        ws.participants[0].name = "Anna"
        for item in (*ws.raci, *ws.votes):
            if item.participant == "Ana":
                item.participant = "Anna"
        ws.actions[0].owner = "Anna"

    assert texts(change) == ["Participant Ana renamed to Anna"]


def test_stakeholders_and_power_interest() -> None:
    def change(ws: Workshop) -> None:
        ws.stakeholders[0].role = "Shareholders"
        ws.stakeholders[0].power = 5
        ws.participants[1].interest = 1
        del ws.stakeholders[1]

    assert lines_after(change) == [
        (Stage.SETUP, 'Stakeholder Board: role changed from "Owners" to "Shareholders"'),
        (Stage.SETUP, "Stakeholder removed: Partner"),
        (Stage.STAKEHOLDERS, "Participant Ben: interest changed from 3 to 1"),
        (Stage.STAKEHOLDERS, "Stakeholder Board: power changed from 3 to 5"),
    ]


def test_agenda() -> None:
    def change(ws: Workshop) -> None:
        ws.agenda = [AgendaItem(Stage.OUTCOMES, 40), AgendaItem(Stage.CHANNELS, 45)]

    assert texts(change) == [
        "Agenda: Set-up removed (was 15 minutes)",
        "Agenda: Outcomes changed from 30 to 40 minutes",
        "Agenda: Channels set to 45 minutes",
    ]


def test_outcomes_renamed_added_removed_and_their_fields() -> None:
    def change(ws: Workshop) -> None:
        o1 = ws.outcomes[0]
        o1.title = "Cut the cost of support"
        o1.category = OutcomeCategory.SUPPORT
        o1.kpi.baseline = 12.5
        o1.kpi.due = None
        o1.value_per_unit = 3.5
        o1.annual_value = 1234567.0
        o1.confidence = 0.1 + 0.2 + 0.3  # 0.6000000000000001
        o1.notes = "A note"
        ws.outcomes[1].audience = "Dealers"
        ws.outcomes.append(Outcome("O4", "Win awards"))

    assert lines_after(change) == [
        (Stage.OUTCOMES, 'O1 renamed from "Cut support cost" to "Cut the cost of support"'),
        (Stage.OUTCOMES, "Outcome O1: category changed from Cost reduction to Support"),
        (Stage.OUTCOMES, "Outcome O1: KPI baseline changed from 12 to 12.5"),
        (Stage.OUTCOMES, "Outcome O1: KPI due date cleared (was 30 June 2027)"),
        (Stage.OUTCOMES, "Outcome O1: value per unit changed from 3 EUR to 3.5 EUR"),
        (Stage.OUTCOMES, "Outcome O1: annual value changed from 30,000 EUR to 1,234,567 EUR"),
        (Stage.OUTCOMES, "Outcome O1: confidence changed from 0.5 to 0.6"),
        (Stage.OUTCOMES, 'Outcome O1: notes set to "A note"'),
        (Stage.OUTCOMES, 'Outcome O2: audience set to "Dealers"'),
        (Stage.OUTCOMES, 'Outcome added: O4 "Win awards"'),
    ]


def test_an_outcome_whose_key_changed_is_a_rename_and_what_names_it_follows() -> None:
    def change(ws: Workshop) -> None:
        ws.outcomes[0].key = "O9"
        for item in (*ws.raci, *ws.scores, *ws.choices, *ws.votes):
            if item.outcome == "O1":
                item.outcome = "O9"
        for action in ws.actions:
            action.outcome = "O9"
        ws.actions[0].origin = "choice:O9:Instagram"

    assert texts(change) == ['Outcome key O1 changed to O9 ("Cut support cost")']


def test_removed_outcome_and_order() -> None:
    def change(ws: Workshop) -> None:
        ws.outcomes.insert(0, ws.outcomes.pop(2))
        ws.dismissed_origins = []
        ws.raci = [r for r in ws.raci if r.outcome != "O2"]
        del ws.outcomes[2]

    assert texts(change) == [
        'Outcome removed: O2 "Grow leads"',
        "Outcome O3 moved from position 3 to 1",
        "Ana is no longer R on O2",
        "Generated action from the missing fallback of O2 no longer dismissed",
    ]


def test_outcome_votes() -> None:
    def change(ws: Workshop) -> None:
        ws.votes[0].dots = 3
        ws.votes.append(Vote("Ben", "O2", None, 1))
        ws.votes.append(Vote("Cleo", "O1", None, 2))

    assert lines_after(change) == [
        (Stage.OUTCOMES, "Ana now gives O1 3 dots, was 2 dots"),
        (Stage.OUTCOMES, "Cleo now gives O1 2 dots"),
        (Stage.OUTCOMES, "Ben now gives O2 1 dot"),
    ]


def test_raci_in_the_words_of_the_issue() -> None:
    def change(ws: Workshop) -> None:
        ws.raci[2].role = RaciRole.A
        ws.raci[0].role = RaciRole.C
        ws.raci.append(RaciAssignment("O3", "Ana", RaciRole.R))
        del ws.raci[1]

    assert lines_after(change) == [
        (Stage.STAKEHOLDERS, "Ana is now C on O1, was A"),
        (Stage.STAKEHOLDERS, "Ben is no longer R on O1"),
        (Stage.STAKEHOLDERS, "Ana is now A on O2, was R"),
        (Stage.STAKEHOLDERS, "Ana is now R on O3"),
    ]


def test_criteria() -> None:
    def change(ws: Workshop) -> None:
        ws.criteria[3].weight = 2.5
        ws.criteria[4].name = "Can be measured"
        ws.criteria[2].per_outcome = True
        ws.criteria.append(Criterion("reach", "Reach", 1, True))

    assert lines_after(change) == [
        (Stage.CHANNELS, "Criterion Cost efficiency is now scored per outcome"),
        (Stage.CHANNELS, "Criterion Ease: weight changed from 1 to 2.5"),
        (Stage.CHANNELS, 'Criterion "Measurability" renamed to "Can be measured"'),
        (Stage.CHANNELS, "Criterion added: Reach (weight 1, scored per outcome)"),
    ]


def test_channels_and_their_ratings() -> None:
    def change(ws: Workshop) -> None:
        ig = ws.channels[0]
        ig.platform_risk = 5
        ig.aliases = ["IG", "Insta"]
        ig.ratings = {"stability": 1, "ease": 4}
        ws.channels[2].retired = True
        ws.channels.append(Channel("TikTok", ChannelKind.RENTED, "ByteDance"))

    assert lines_after(change) == [
        (Stage.CHANNELS, "Channel Instagram: platform risk changed from 4 to 5"),
        (Stage.CHANNELS, "Channel Instagram: aliases changed from IG to IG, Insta"),
        (Stage.CHANNELS, "Channel Instagram: Ease rating set to 4"),
        (Stage.CHANNELS, "Channel Instagram: Stability rating changed from 2 to 1"),
        (Stage.CHANNELS, "Channel Forum retired"),
        (Stage.CHANNELS, "Channel added: TikTok (rented, owner ByteDance)"),
    ]


def test_a_channel_renamed_in_place_is_a_rename_even_beside_a_removal() -> None:
    def change(ws: Workshop) -> None:
        ws.channels[2].name = "Community forum"
        ws.channels.pop(1)  # the newsletter goes, with what named it
        ws.scores = [s for s in ws.scores if s.channel != "Newsletter"]
        ws.choices = [c for c in ws.choices if c.channel != "Newsletter"]

    assert texts(change) == [
        "Channel removed: Newsletter",
        "Channel Forum renamed to Community forum",
        "Newsletter for O1: Audience fit score cleared (was 4)",
        "Newsletter no longer fallback for O1",
    ]
    # Two channels of the same kind and owner, one gone: the closest name is the renamed one.

    def rename(ws: Workshop) -> None:
        ws.channels[2].name = "Community forum"

    assert texts(rename) == ["Channel Forum renamed to Community forum"]


def test_scores() -> None:
    def change(ws: Workshop) -> None:
        ws.scores[0].score = 5
        ws.scores.append(Score("O2", "Forum", "outcome_fit", 2))

    assert lines_after(change) == [
        (Stage.CHANNELS, "Instagram for O1: Audience fit score changed from 3 to 5"),
        (Stage.CHANNELS, "Forum for O2: Outcome fit score set to 2"),
    ]


def test_choices_in_the_words_of_the_issue() -> None:
    def change(ws: Workshop) -> None:
        ws.choices[0].role = ChoiceRole.SUPPORTING
        ws.choices[0].reliance = 0.7
        del ws.choices[1]
        ws.choices.append(Choice("O2", "Forum", ChoiceRole.PRIMARY, 1.0))

    assert lines_after(change) == [
        (Stage.CHANNELS, "Instagram is now supporting for O1, was primary"),
        (Stage.CHANNELS, "Instagram for O1: reliance changed from 0.5 to 0.7"),
        (Stage.CHANNELS, "Newsletter no longer fallback for O1"),
        (Stage.CHANNELS, "Forum is now primary for O2, reliance 1"),
    ]
    assert texts(lambda ws: ws.choices.pop(0)) == ["Instagram no longer primary for O1"]


def test_channel_votes() -> None:
    def change(ws: Workshop) -> None:
        del ws.votes[1]
        ws.votes.append(Vote("Cleo", "O1", "Forum", 1))

    assert lines_after(change) == [
        (Stage.CHANNELS, "Ben no longer gives Instagram for O1 any dots (was 1 dot)"),
        (Stage.CHANNELS, "Cleo now gives Forum for O1 1 dot"),
    ]


def test_actions() -> None:
    def change(ws: Workshop) -> None:
        run = ws.actions[0]
        run.owner = "Ben"
        run.cost = 1500.5
        run.effort_days = 2.5
        run.status = ActionStatus.DOING
        run.due = dt.date(2026, 9, 15)
        del ws.actions[1]
        ws.actions.append(Action("Launch the forum", "O2", "Forum"))

    assert lines_after(change) == [
        (Stage.PLAN, 'Action "Run Instagram for O1": owner changed from Ana to Ben'),
        (Stage.PLAN, 'Action "Run Instagram for O1": due date changed from 1 September 2026 to 15 September 2026'),
        (Stage.PLAN, 'Action "Run Instagram for O1": cost changed from 1,000 EUR to 1,500.5 EUR'),
        (Stage.PLAN, 'Action "Run Instagram for O1": effort changed from 5 days to 2.5 days'),
        (Stage.PLAN, 'Action "Run Instagram for O1": status changed from todo to doing'),
        (Stage.PLAN, "Action removed: Write the FAQ"),
        (Stage.PLAN, "Action added: Launch the forum"),
    ]


def test_an_action_retitled_in_place_is_a_rename() -> None:
    def change(ws: Workshop) -> None:
        ws.actions[1].title = "Write the help pages"

    assert texts(change) == ['Action "Write the FAQ" renamed to "Write the help pages"']


def test_dismissed_origins() -> None:
    def change(ws: Workshop) -> None:
        ws.dismissed_origins = ["fallback:O2", "choice:O1:Newsletter"]

    assert lines_after(change) == [
        (Stage.PLAN, "Generated action from the choice of Newsletter for O1 dismissed"),
    ]


def test_parking_lot_and_decisions_come_last_in_a_group_of_their_own() -> None:
    def change(ws: Workshop) -> None:
        ws.parking_lot[0].by = "Ben"
        ws.parking_lot.append(Note("Hire a community manager?", "Cleo"))
        ws.decisions[0].text = "We keep the forum open"
        ws.decisions.append(Note("Newsletter monthly", ""))
        ws.title = "Changed"

    changes = workshop_changes(base(), _changed(change))
    assert [(c.stage, c.text) for c in changes] == [
        (Stage.SETUP, 'Workshop: title changed from "Spring workshop" to "Changed"'),
        (None, 'Parked topic "Budget for 2028": by changed from Ana to Ben'),
        (None, 'Parked topic added: "Hire a community manager?" (by Cleo)'),
        (None, 'Decision "We keep the forum" changed to "We keep the forum open"'),
        (None, 'Decision added: "Newsletter monthly"'),
    ]
    assert [heading for heading, _ in group_changes(changes)] == ["Set-up", "Parking lot and decisions"]


def _changed(change: Callable[[Workshop], None]) -> Workshop:
    ws = base()
    change(ws)
    assert workshop_problems(ws) == []
    return ws


def test_changes_come_in_the_method_stage_order() -> None:
    def change(ws: Workshop) -> None:
        ws.actions.append(Action("Launch the forum"))
        ws.raci[0].role = RaciRole.R
        ws.scores[0].score = 1
        ws.outcomes[0].confidence = 0.9
        ws.facilitator = "Lou"

    changes = workshop_changes(base(), _changed(change))
    assert [c.stage for c in changes] == [Stage.SETUP, Stage.OUTCOMES, Stage.STAKEHOLDERS, Stage.CHANNELS, Stage.PLAN]
    assert all(isinstance(c, Change) for c in changes)
    assert [h for h, _ in group_changes(changes)] == ["Set-up", "Outcomes", "Stakeholders", "Channels", "Action plan"]


def test_long_free_text_is_shortened_on_one_line() -> None:
    def change(ws: Workshop) -> None:
        ws.outcomes[2].notes = "line one\nline two " + "x" * 100

    (line,) = texts(change)
    assert "\n" not in line and line.endswith('…"') and len(line) < 100

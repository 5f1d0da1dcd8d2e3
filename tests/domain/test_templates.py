"""A template keeps a workshop's structure and leaves out the room (issue 15, item 6)."""

from __future__ import annotations

import datetime as dt

from workshop.domain.entities import (
    Action,
    AgendaItem,
    Channel,
    Choice,
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
)
from workshop.domain.enums import ChannelKind, ChoiceRole, RaciRole, Stage
from workshop.domain.templates import template_of, workshop_from_template


def _workshop() -> Workshop:
    return Workshop(
        title="Retail 2027",
        organisation="Acme",
        date=dt.date(2026, 12, 1),
        facilitator="Sam",
        currency="GBP",
        dots_per_participant=5,
        overload_limit=2,
        dismissed_origins=["fallback:O1"],
        departments=[Department("Sales")],
        participants=[Participant("Ana", "Sales")],
        stakeholders=[Stakeholder("Board chair")],
        outcomes=[Outcome("O1", "Cut support cost", kpi=Kpi("cost per ticket", "EUR", 12, 9), value_per_unit=1000)],
        raci=[RaciAssignment("O1", "Ana", RaciRole.A)],
        channels=[Channel("Forum", ChannelKind.OWNED, "(own)", ratings={"ease": 4})],
        scores=[Score("O1", "Forum", "audience_fit", 4)],
        choices=[Choice("O1", "Forum", ChoiceRole.PRIMARY)],
        votes=[Vote("Ana", "O1", None, 2)],
        actions=[Action("Launch the forum", "O1")],
        agenda=[AgendaItem(Stage.OUTCOMES, 45)],
        parking_lot=[Note("Budget for 2028", "Ana")],
        decisions=[Note("Forum first", "facilitator")],
    )


def test_a_template_keeps_the_structure() -> None:
    ws = _workshop()
    t = template_of(ws)
    assert t.is_template and (t.title, t.organisation, t.currency) == ("Retail 2027", "Acme", "GBP")
    assert (t.dots_per_participant, t.overload_limit) == (5, 2)
    assert t.departments == ws.departments and t.criteria == ws.criteria and t.agenda == ws.agenda
    assert t.channels == ws.channels and t.channels[0].ratings == {"ease": 4}
    assert t.outcomes == ws.outcomes and t.outcomes[0].kpi.target == 9 and t.outcomes[0].value_per_unit == 1000


def test_a_template_leaves_out_the_room() -> None:
    t = template_of(_workshop())
    assert (t.participants, t.stakeholders, t.raci, t.votes, t.scores, t.choices) == ([], [], [], [], [], [])
    assert (t.actions, t.parking_lot, t.decisions, t.dismissed_origins) == ([], [], [], [])
    assert (t.date, t.facilitator) == (None, "")


def test_a_template_shares_nothing_with_its_workshop() -> None:
    ws = _workshop()
    t = template_of(ws)
    t.outcomes[0].kpi.target = 1
    t.channels[0].ratings["ease"] = 1
    assert ws.outcomes[0].kpi.target == 9 and ws.channels[0].ratings == {"ease": 4}


def test_a_workshop_from_a_template_is_dated_and_not_a_template() -> None:
    made = workshop_from_template(template_of(_workshop()), "Retail 2028", dt.date(2027, 1, 5))
    assert (made.title, made.is_template, made.date) == ("Retail 2028", False, dt.date(2027, 1, 5))
    assert made.participants == [] and [o.key for o in made.outcomes] == ["O1"]

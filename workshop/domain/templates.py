"""A workshop saved as a template: its structure, without the room.

A template keeps what the next workshop of the same kind starts from: the departments, the
criteria and their weights, the workshop's channels with their ratings, the agenda, and the
outcomes with their KPIs and values. It leaves out the people and what they decided: the
participants, stakeholders, RACI, votes, scores, choices, actions (and the generated ones
dismissed), the parking lot and the decisions. The date and the facilitator belong to one
session in one room, so they are left out too.
"""

from __future__ import annotations

import copy
import datetime as dt

from workshop.domain.entities import Workshop

#: What a template leaves out, in the words the README and the app use.
LEFT_OUT = (
    "participants",
    "stakeholders",
    "RACI",
    "votes",
    "scores",
    "choices",
    "actions",
    "parking lot",
    "decisions",
)


def template_of(ws: Workshop, *, title: str | None = None, is_template: bool = True) -> Workshop:
    """The structure of ``ws`` as a new workshop (a deep copy: nothing is shared with ``ws``)."""
    return Workshop(
        title=ws.title if title is None else title,
        organisation=ws.organisation,
        date=None,
        facilitator="",
        currency=ws.currency,
        dots_per_participant=ws.dots_per_participant,
        overload_limit=ws.overload_limit,
        is_template=is_template,
        departments=copy.deepcopy(ws.departments),
        outcomes=copy.deepcopy(ws.outcomes),
        criteria=copy.deepcopy(ws.criteria),
        channels=copy.deepcopy(ws.channels),
        agenda=copy.deepcopy(ws.agenda),
    )


def workshop_from_template(template: Workshop, title: str, today: dt.date) -> Workshop:
    """A new workshop (not itself a template) starting from a template's structure, dated ``today``."""
    ws = template_of(template, title=title, is_template=False)
    ws.date = today
    return ws

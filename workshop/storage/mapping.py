"""Between the library's rows and the domain's plain objects, both ways, in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

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
from workshop.domain.text import name_key
from workshop.storage.orm import (
    ActionRow,
    AgendaItemRow,
    ChannelRow,
    ChoiceRow,
    CriterionRow,
    DepartmentRow,
    DismissedOriginRow,
    NoteRow,
    OutcomeRow,
    ParticipantRow,
    RaciRow,
    RatingRow,
    ScoreRow,
    StakeholderRow,
    VoteRow,
    WorkshopRow,
)


@dataclass
class LoadedWorkshop:
    """A workshop as domain objects, with the row id of each item for the screens to edit."""

    id: int
    workshop: Workshop
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> folded name/key -> row id
    action_ids: list[int] = field(default_factory=list)  # in the order of workshop.actions
    parking_lot_ids: list[int] = field(default_factory=list)
    decision_ids: list[int] = field(default_factory=list)
    updated_at: dt.datetime | None = None

    def id_of(self, kind: str, name: str) -> int:
        return self.ids[kind][name_key(name)]


def load_workshop(session: Session, workshop_id: int) -> LoadedWorkshop | None:
    """One query per table, ordered as the room ordered things."""
    row = session.get(WorkshopRow, workshop_id)
    if row is None:
        return None
    wid = workshop_id

    def rows(model: type, *order: object) -> list:
        stmt = select(model).where(model.workshop_id == wid)  # type: ignore[attr-defined]
        return list(session.scalars(stmt.order_by(*order)))

    departments = rows(DepartmentRow, DepartmentRow.position, DepartmentRow.id)
    participants = rows(ParticipantRow, ParticipantRow.position, ParticipantRow.id)
    stakeholders = rows(StakeholderRow, StakeholderRow.position, StakeholderRow.id)
    outcomes = rows(OutcomeRow, OutcomeRow.position, OutcomeRow.id)
    criteria = rows(CriterionRow, CriterionRow.position, CriterionRow.id)
    channels = rows(ChannelRow, ChannelRow.position, ChannelRow.id)
    actions = rows(ActionRow, ActionRow.position, ActionRow.id)
    notes = rows(NoteRow, NoteRow.position, NoteRow.id)
    dept_name = {d.id: d.name for d in departments}
    person = {p.id: p.name for p in participants}
    outcome_key = {o.id: o.key for o in outcomes}
    channel_name = {c.id: c.name for c in channels}
    crit_key = {c.id: c.key for c in criteria}
    outcome_ids = list(outcome_key)
    channel_ids = list(channel_name)
    participant_ids = list(person)

    ratings: dict[int, dict[str, int]] = {c.id: {} for c in channels}
    for channel_id, criterion_id, value in session.execute(
        select(RatingRow.channel_id, RatingRow.criterion_id, RatingRow.value).where(
            RatingRow.channel_id.in_(channel_ids)
        )
    ):
        ratings[channel_id][crit_key[criterion_id]] = value
    ws = Workshop(
        title=row.title,
        organisation=row.organisation,
        date=row.date,
        facilitator=row.facilitator,
        currency=row.currency,
        dots_per_participant=row.dots_per_participant,
        overload_limit=row.overload_limit,
        is_template=row.is_template,
        dismissed_origins=list(
            session.scalars(
                select(DismissedOriginRow.origin)
                .where(DismissedOriginRow.workshop_id == wid)
                .order_by(DismissedOriginRow.origin)
            )
        ),
        departments=[Department(d.name, DepartmentFunction(d.function)) for d in departments],
        participants=[
            Participant(p.name, dept_name.get(p.department_id), p.role, p.email, p.power, p.interest)
            for p in participants
        ],
        stakeholders=[
            Stakeholder(s.name, s.role, dept_name.get(s.department_id), s.power, s.interest) for s in stakeholders
        ],
        outcomes=[
            Outcome(
                o.key,
                o.title,
                OutcomeCategory(o.category),
                o.audience,
                Kpi(o.kpi_metric, o.kpi_unit, o.kpi_baseline, o.kpi_target, o.kpi_due),
                o.value_per_unit,
                o.annual_value,
                o.confidence,
                o.notes,
            )
            for o in outcomes
        ],
        raci=[
            RaciAssignment(outcome_key[o], person[p], RaciRole(role))
            for o, p, role in session.execute(
                select(RaciRow.outcome_id, RaciRow.participant_id, RaciRow.role).where(
                    RaciRow.outcome_id.in_(outcome_ids)
                )
            )
        ],
        criteria=[Criterion(c.key, c.name, c.weight, c.per_outcome) for c in criteria],
        channels=[
            Channel(
                c.name,
                ChannelKind(c.kind),
                c.owner,
                Portability(c.portability),
                c.platform_risk,
                list(c.aliases or []),
                ratings[c.id],
                c.retired,
            )
            for c in channels
        ],
        scores=[
            Score(outcome_key[o], channel_name[c], crit_key[k], value)
            for o, c, k, value in session.execute(
                select(ScoreRow.outcome_id, ScoreRow.channel_id, ScoreRow.criterion_id, ScoreRow.value).where(
                    ScoreRow.outcome_id.in_(outcome_ids)
                )
            )
        ],
        choices=[
            Choice(outcome_key[o], channel_name[c], ChoiceRole(role), reliance)
            for o, c, role, reliance in session.execute(
                select(ChoiceRow.outcome_id, ChoiceRow.channel_id, ChoiceRow.role, ChoiceRow.reliance).where(
                    ChoiceRow.outcome_id.in_(outcome_ids)
                )
            )
        ],
        votes=[
            Vote(
                person[v.participant_id],
                outcome_key[v.outcome_id],
                channel_name.get(v.channel_id) if v.channel_id else None,
                v.dots,
            )
            for v in session.scalars(select(VoteRow).where(VoteRow.participant_id.in_(participant_ids)))
        ],
        actions=[
            Action(
                a.title,
                outcome_key.get(a.outcome_id) if a.outcome_id else None,
                channel_name.get(a.channel_id) if a.channel_id else None,
                person.get(a.owner_id) if a.owner_id else None,
                a.due,
                a.cost,
                a.effort_days,
                ActionStatus(a.status),
                a.origin,
            )
            for a in actions
        ],
        agenda=sorted(
            (
                AgendaItem(Stage(x.stage), x.minutes)
                for x in session.scalars(select(AgendaItemRow).where(AgendaItemRow.workshop_id == wid))
            ),
            key=lambda x: list(Stage).index(x.stage),
        ),
        parking_lot=[Note(n.text, n.by, n.at) for n in notes if n.kind == "parking_lot"],
        decisions=[Note(n.text, n.by, n.at) for n in notes if n.kind == "decision"],
    )
    ids = {
        "department": {d.name_key: d.id for d in departments},
        "participant": {p.name_key: p.id for p in participants},
        "stakeholder": {s.name_key: s.id for s in stakeholders},
        "outcome": {o.key_folded: o.id for o in outcomes},
        "criterion": {c.key_folded: c.id for c in criteria},
        "channel": {c.name_key: c.id for c in channels},
    }
    return LoadedWorkshop(
        wid,
        ws,
        ids,
        [a.id for a in actions],
        [n.id for n in notes if n.kind == "parking_lot"],
        [n.id for n in notes if n.kind == "decision"],
        row.updated_at,
    )


def insert_workshop(session: Session, ws: Workshop, *, now: dt.datetime | None = None) -> int:
    """Add a whole (valid) domain workshop as new rows; returns its id. Bulk inserts keep it fast."""
    now = now or dt.datetime.now().replace(microsecond=0)
    row = WorkshopRow(
        title=ws.title,
        organisation=ws.organisation,
        date=ws.date,
        facilitator=ws.facilitator,
        currency=ws.currency,
        dots_per_participant=ws.dots_per_participant,
        overload_limit=ws.overload_limit,
        is_template=ws.is_template,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    wid = row.id

    def add_all(objs: list) -> dict[str, int]:
        session.add_all(objs)
        session.flush()
        return {getattr(o, "name_key", None) or o.key_folded: o.id for o in objs}

    for origin in sorted(set(ws.dismissed_origins)):
        session.add(DismissedOriginRow(workshop_id=wid, origin=origin))
    dept = add_all(
        [
            DepartmentRow(workshop_id=wid, position=i, name=d.name, function=d.function.value)
            for i, d in enumerate(ws.departments)
        ]
    )

    def dept_id(name: str | None) -> int | None:
        return None if name is None else dept[name_key(name)]

    people = add_all(
        [
            ParticipantRow(
                workshop_id=wid,
                position=i,
                name=p.name,
                department_id=dept_id(p.department),
                role=p.role,
                email=p.email,
                power=p.power,
                interest=p.interest,
            )
            for i, p in enumerate(ws.participants)
        ]
    )
    add_all(
        [
            StakeholderRow(
                workshop_id=wid,
                position=i,
                name=s.name,
                role=s.role,
                department_id=dept_id(s.department),
                power=s.power,
                interest=s.interest,
            )
            for i, s in enumerate(ws.stakeholders)
        ]
    )
    outcomes = add_all([outcome_row(wid, i, o) for i, o in enumerate(ws.outcomes)])
    criteria = add_all(
        [
            CriterionRow(
                workshop_id=wid, position=i, key=c.key, name=c.name, weight=c.weight, per_outcome=c.per_outcome
            )
            for i, c in enumerate(ws.criteria)
        ]
    )
    channels = add_all([channel_row(wid, i, c) for i, c in enumerate(ws.channels)])
    k = name_key
    bulk = [
        (RatingRow, [
            {"channel_id": channels[k(c.name)], "criterion_id": criteria[k(key)], "value": v}
            for c in ws.channels for key, v in c.ratings.items()
        ]),
        (RaciRow, [
            {"outcome_id": outcomes[k(r.outcome)], "participant_id": people[k(r.participant)], "role": r.role.value}
            for r in ws.raci
        ]),
        (ScoreRow, [
            {
                "outcome_id": outcomes[k(s.outcome)], "channel_id": channels[k(s.channel)],
                "criterion_id": criteria[k(s.criterion)], "value": s.score,
            }
            for s in ws.scores
        ]),
        (ChoiceRow, [
            {
                "outcome_id": outcomes[k(c.outcome)], "channel_id": channels[k(c.channel)],
                "role": c.role.value, "reliance": c.reliance,
            }
            for c in ws.choices
        ]),
        (VoteRow, [
            {
                "participant_id": people[k(v.participant)], "outcome_id": outcomes[k(v.outcome)],
                "channel_id": channels[k(v.channel)] if v.channel else None,
                "channel_key": channels[k(v.channel)] if v.channel else 0, "dots": v.dots,
            }
            for v in ws.votes
        ]),
        (ActionRow, [
            {
                "workshop_id": wid, "position": i, "title": a.title,
                "outcome_id": outcomes[k(a.outcome)] if a.outcome else None,
                "channel_id": channels[k(a.channel)] if a.channel else None,
                "owner_id": people[k(a.owner)] if a.owner else None,
                "due": a.due, "cost": a.cost, "effort_days": a.effort_days,
                "status": a.status.value, "origin": a.origin,
            }
            for i, a in enumerate(ws.actions)
        ]),
        (AgendaItemRow, [{"workshop_id": wid, "stage": x.stage.value, "minutes": x.minutes} for x in ws.agenda]),
        (NoteRow, [
            {"workshop_id": wid, "kind": kind, "position": i, "text": n.text, "by": n.by, "at": n.at}
            for kind, notes in (("parking_lot", ws.parking_lot), ("decision", ws.decisions))
            for i, n in enumerate(notes)
        ]),
    ]  # fmt: skip
    for model, values in bulk:
        if values:
            session.execute(insert(model), values)
    return wid


def outcome_row(wid: int, position: int, o: Outcome) -> OutcomeRow:
    return OutcomeRow(
        workshop_id=wid,
        position=position,
        key=o.key,
        title=o.title,
        category=o.category.value,
        audience=o.audience,
        kpi_metric=o.kpi.metric,
        kpi_unit=o.kpi.unit,
        kpi_baseline=o.kpi.baseline,
        kpi_target=o.kpi.target,
        kpi_due=o.kpi.due,
        value_per_unit=o.value_per_unit,
        annual_value=o.annual_value,
        confidence=o.confidence,
        notes=o.notes,
    )


def channel_row(wid: int, position: int, c: Channel) -> ChannelRow:
    return ChannelRow(
        workshop_id=wid,
        position=position,
        name=c.name,
        kind=c.kind.value,
        owner=c.owner,
        portability=c.portability.value,
        platform_risk=c.platform_risk,
        aliases=list(c.aliases),
        retired=c.retired,
    )

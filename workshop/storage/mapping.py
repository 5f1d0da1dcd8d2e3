"""Between the library's rows and the domain's plain objects, both ways, in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workshop.domain.entities import (
    WORKSHOP_DETAILS,
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
    #: kind -> row id -> name or key as written: what the references of the other tables are built from.
    names: dict[str, dict[int, str]] = field(default_factory=dict, repr=False)
    #: What the load that made this read again (None: everything), and per table of pairs patched instead, the
    #: positions of its new items: what the rules need to check after an edit.
    reloaded: frozenset[str] | None = field(default=None, repr=False)
    patched: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def id_of(self, kind: str, name: str) -> int:
        return self.ids[kind][name_key(name)]


#: A row an edit changed: ((table, primary key), the row before or None, the row after or None).
ChangedRow = tuple[tuple[str, tuple[Any, ...]], Mapping[str, Any] | None, Mapping[str, Any] | None]

#: The parts of a workshop that load on their own, each from the tables named.
SECTION_TABLES: dict[str, frozenset[str]] = {
    "departments": frozenset({"department"}),
    "participants": frozenset({"participant"}),
    "stakeholders": frozenset({"stakeholder"}),
    "outcomes": frozenset({"outcome"}),
    "criteria": frozenset({"criterion"}),
    "channels": frozenset({"channel", "rating"}),
    "actions": frozenset({"action"}),
    "notes": frozenset({"note"}),
    "agenda": frozenset({"agenda_item"}),
    "raci": frozenset({"raci"}),
    "scores": frozenset({"score"}),
    "choices": frozenset({"choice"}),
    "votes": frozenset({"vote"}),
}
#: Sections whose items name those of another section: reloaded when a name there changes.
_NAMED_BY: dict[str, tuple[str, ...]] = {
    "departments": ("participants", "stakeholders"),
    "participants": ("raci", "votes", "actions"),
    "outcomes": ("raci", "scores", "choices", "votes", "actions"),
    "channels": ("scores", "choices", "votes", "actions"),
    "criteria": ("scores", "channels"),
}
_NAME_KIND = {
    "departments": "department",
    "participants": "participant",
    "outcomes": "outcome",
    "channels": "channel",
    "criteria": "criterion",
}


def sections_of(tables: set[str] | frozenset[str]) -> set[str]:
    return {section for section, owned in SECTION_TABLES.items() if owned & tables}


def load_workshop(
    session: Session,
    workshop_id: int,
    previous: LoadedWorkshop | None = None,
    changed_tables: set[str] | frozenset[str] | None = None,
    changed_rows: Iterable[ChangedRow] | None = None,
) -> LoadedWorkshop | None:
    """One query per table, ordered as the room ordered things.

    Given the workshop as it was (``previous``) and the tables an edit changed since, only the sections holding
    those tables are read again, with the sections that name their items when a name changed: an edit of one
    RACI cell reads the RACI table, not the scores. With the rows an edit changed (its before and after images,
    ``changed_rows`` keyed as ``(table, pk)``), the large tables of pairs (RACI, scores, choices, votes) are
    patched in place rather than read again.
    """
    row = session.get(WorkshopRow, workshop_id)
    if row is None:
        return None
    loader = _SectionLoader(session, workshop_id, previous)
    if previous is None or changed_tables is None:
        todo = list(SECTION_TABLES)
    else:
        todo = [s for s in SECTION_TABLES if s in sections_of(changed_tables)]
    done: set[str] = set()
    renames: set[str] = set()
    while todo:
        section = todo.pop(0)
        if section in done:
            continue
        done.add(section)
        named_elsewhere = any(section in _NAMED_BY.get(r, ()) for r in renames)
        if section in _PAIRS and changed_rows is not None and previous is not None and not named_elsewhere:
            loader.patch(section, changed_rows)
            continue
        loader.reloaded.add(section)
        renamed = loader.load(section)
        if renamed:
            renames.add(section)
        if renamed:
            todo += [d for d in _NAMED_BY.get(section, ()) if d not in done]
            todo.sort(key=list(SECTION_TABLES).index)
    loaded = loader.result(row)
    if previous is not None and changed_tables is not None:
        loaded.reloaded = frozenset(loader.reloaded)
        loaded.patched = loader.patched
    return loaded


def _raci(r: Mapping[str, Any], n: Callable[[str, int], str]) -> tuple[tuple[Any, ...], Any]:
    o, p = n("outcome", r["outcome_id"]), n("participant", r["participant_id"])
    return (o, p), RaciAssignment(o, p, RaciRole(r["role"]))


def _score(r: Mapping[str, Any], n: Callable[[str, int], str]) -> tuple[tuple[Any, ...], Any]:
    o, c, k = n("outcome", r["outcome_id"]), n("channel", r["channel_id"]), n("criterion", r["criterion_id"])
    return (o, c, k), Score(o, c, k, r["value"])


def _choice(r: Mapping[str, Any], n: Callable[[str, int], str]) -> tuple[tuple[Any, ...], Any]:
    o, c = n("outcome", r["outcome_id"]), n("channel", r["channel_id"])
    return (o, c), Choice(o, c, ChoiceRole(r["role"]), r["reliance"])


def _vote(r: Mapping[str, Any], n: Callable[[str, int], str]) -> tuple[tuple[Any, ...], Any]:
    p, o = n("participant", r["participant_id"]), n("outcome", r["outcome_id"])
    c = n("channel", r["channel_id"]) if r["channel_id"] else None
    return (p, o, c), Vote(p, o, c, r["dots"])


#: The tables of pairs: their table, how a row becomes an item (with its identity), and an item's identity.
_PAIRS: dict[str, tuple[str, Callable[..., tuple[tuple[Any, ...], Any]], Callable[[Any], tuple[Any, ...]]]] = {
    "raci": ("raci", _raci, attrgetter("outcome", "participant")),
    "scores": ("score", _score, attrgetter("outcome", "channel", "criterion")),
    "choices": ("choice", _choice, attrgetter("outcome", "channel")),
    "votes": ("vote", _vote, attrgetter("participant", "outcome", "channel")),
}


class _SectionLoader:
    """Reads sections of one workshop, reusing the rest from the workshop as it was."""

    def __init__(self, session: Session, workshop_id: int, previous: LoadedWorkshop | None) -> None:
        self.s = session
        self.wid = workshop_id
        self.prev = previous
        pw = previous.workshop if previous is not None else None
        self.lists: dict[str, Any] = {}
        if pw is not None:
            self.lists = {
                "departments": pw.departments, "participants": pw.participants, "stakeholders": pw.stakeholders,
                "outcomes": pw.outcomes, "criteria": pw.criteria, "channels": pw.channels, "actions": pw.actions,
                "agenda": pw.agenda, "raci": pw.raci, "scores": pw.scores, "choices": pw.choices, "votes": pw.votes,
                "parking_lot": pw.parking_lot, "decisions": pw.decisions,
            }  # fmt: skip
        self.ids: dict[str, dict[str, int]] = dict(previous.ids) if previous is not None else {}
        self.names: dict[str, dict[int, str]] = dict(previous.names) if previous is not None else {}
        self.action_ids = previous.action_ids if previous is not None else []
        self.parking_lot_ids = previous.parking_lot_ids if previous is not None else []
        self.decision_ids = previous.decision_ids if previous is not None else []
        self.reloaded: set[str] = set()
        self.patched: dict[str, list[int]] = {}

    def _rows(self, model: type) -> list:
        stmt = select(model).where(model.workshop_id == self.wid)  # type: ignore[attr-defined]
        return list(self.s.scalars(stmt.order_by(model.position, model.id)))  # type: ignore[attr-defined]

    def _named(self, section: str, rows: list, attr: str, folded: str) -> bool:
        """Record the names of a section's rows; True when any row's name differs from before (or is new)."""
        kind = _NAME_KIND[section]
        names = {r.id: getattr(r, attr) for r in rows}
        before = self.names.get(kind)
        self.names[kind] = names
        self.ids[kind] = {getattr(r, folded): r.id for r in rows}
        return before is None or any(before.get(i, n) != n for i, n in names.items())

    def load(self, section: str) -> bool:
        """Read one section; True when it renamed something that other sections refer to."""
        return getattr(self, f"_load_{section}")()

    def _name(self, kind: str, row_id: int) -> str:
        """A name as written, also of an item this edit removed (the references of its removed rows)."""
        name = self.names[kind].get(row_id)
        if name is None and self.prev is not None:
            name = self.prev.names[kind][row_id]
        assert name is not None
        return name

    def patch(self, section: str, changed_rows: Iterable[ChangedRow]) -> None:
        """Put the changed rows of a table of pairs into its list: updated in place, removed, added at the end."""
        table, build, identity = _PAIRS[section]
        gone: set[tuple[Any, ...]] = set()
        new: dict[tuple[Any, ...], Any] = {}
        for (name, _pk), before, after in changed_rows:
            if name != table:
                continue
            if before is not None:
                gone.add(build(before, self._name)[0])
            if after is not None:
                key, item = build(after, self._name)
                gone.add(key)
                new[key] = item
        out, placed = [], []
        items = self.lists[section]
        for item, key in zip(items, map(identity, items), strict=True):  # attrgetter in C: 45,000 items in a few ms
            if key in gone:
                if key in new:
                    placed.append(len(out))
                    out.append(new.pop(key))
            else:
                out.append(item)
        placed += range(len(out), len(out) + len(new))
        out.extend(new.values())
        self.lists[section] = out
        self.patched[section] = placed

    def _load_departments(self) -> bool:
        rows = self._rows(DepartmentRow)
        self.lists["departments"] = [Department(d.name, DepartmentFunction(d.function)) for d in rows]
        return self._named("departments", rows, "name", "name_key")

    def _load_participants(self) -> bool:
        rows = self._rows(ParticipantRow)
        dept = self.names["department"]
        self.lists["participants"] = [
            Participant(p.name, dept.get(p.department_id), p.role, p.email, p.power, p.interest) for p in rows
        ]
        return self._named("participants", rows, "name", "name_key")

    def _load_stakeholders(self) -> bool:
        rows = self._rows(StakeholderRow)
        dept = self.names["department"]
        self.lists["stakeholders"] = [
            Stakeholder(s.name, s.role, dept.get(s.department_id), s.power, s.interest) for s in rows
        ]
        self.ids["stakeholder"] = {s.name_key: s.id for s in rows}
        return False

    def _load_outcomes(self) -> bool:
        rows = self._rows(OutcomeRow)
        self.lists["outcomes"] = [
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
            for o in rows
        ]
        return self._named("outcomes", rows, "key", "key_folded")

    def _load_criteria(self) -> bool:
        rows = self._rows(CriterionRow)
        self.lists["criteria"] = [Criterion(c.key, c.name, c.weight, c.per_outcome) for c in rows]
        return self._named("criteria", rows, "key", "key_folded")

    def _load_channels(self) -> bool:
        rows = self._rows(ChannelRow)
        crit_key = self.names["criterion"]
        ratings: dict[int, dict[str, int]] = {c.id: {} for c in rows}
        for channel_id, criterion_id, value in self.s.execute(
            select(RatingRow.channel_id, RatingRow.criterion_id, RatingRow.value).where(
                RatingRow.channel_id.in_(list(ratings))
            )
        ):
            ratings[channel_id][crit_key[criterion_id]] = value
        self.lists["channels"] = [
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
            for c in rows
        ]
        return self._named("channels", rows, "name", "name_key")

    def _load_actions(self) -> bool:
        rows = self._rows(ActionRow)
        outcome, channel, person = self.names["outcome"], self.names["channel"], self.names["participant"]
        self.lists["actions"] = [
            Action(
                a.title,
                outcome.get(a.outcome_id) if a.outcome_id else None,
                channel.get(a.channel_id) if a.channel_id else None,
                person.get(a.owner_id) if a.owner_id else None,
                a.due,
                a.cost,
                a.effort_days,
                ActionStatus(a.status),
                a.origin,
            )
            for a in rows
        ]
        self.action_ids = [a.id for a in rows]
        return False

    def _load_notes(self) -> bool:
        rows = self._rows(NoteRow)
        self.lists["parking_lot"] = [Note(n.text, n.by, n.at) for n in rows if n.kind == "parking_lot"]
        self.lists["decisions"] = [Note(n.text, n.by, n.at) for n in rows if n.kind == "decision"]
        self.parking_lot_ids = [n.id for n in rows if n.kind == "parking_lot"]
        self.decision_ids = [n.id for n in rows if n.kind == "decision"]
        return False

    def _load_agenda(self) -> bool:
        order = list(Stage)
        items = self.s.scalars(select(AgendaItemRow).where(AgendaItemRow.workshop_id == self.wid))
        self.lists["agenda"] = sorted(
            (AgendaItem(Stage(x.stage), x.minutes) for x in items), key=lambda x: order.index(x.stage)
        )
        return False

    def _load_raci(self) -> bool:
        outcome, person = self.names["outcome"], self.names["participant"]
        self.lists["raci"] = [
            RaciAssignment(outcome[o], person[p], RaciRole(role))
            for o, p, role in self.s.execute(
                select(RaciRow.outcome_id, RaciRow.participant_id, RaciRow.role).where(
                    RaciRow.outcome_id.in_(list(outcome))
                )
            )
        ]
        return False

    def _load_scores(self) -> bool:
        outcome, channel, crit = self.names["outcome"], self.names["channel"], self.names["criterion"]
        self.lists["scores"] = [
            Score(outcome[o], channel[c], crit[k], value)
            for o, c, k, value in self.s.execute(
                select(ScoreRow.outcome_id, ScoreRow.channel_id, ScoreRow.criterion_id, ScoreRow.value).where(
                    ScoreRow.outcome_id.in_(list(outcome))
                )
            )
        ]
        return False

    def _load_choices(self) -> bool:
        outcome, channel = self.names["outcome"], self.names["channel"]
        self.lists["choices"] = [
            Choice(outcome[o], channel[c], ChoiceRole(role), reliance)
            for o, c, role, reliance in self.s.execute(
                select(ChoiceRow.outcome_id, ChoiceRow.channel_id, ChoiceRow.role, ChoiceRow.reliance).where(
                    ChoiceRow.outcome_id.in_(list(outcome))
                )
            )
        ]
        return False

    def _load_votes(self) -> bool:
        outcome, channel, person = self.names["outcome"], self.names["channel"], self.names["participant"]
        self.lists["votes"] = [
            Vote(person[p], outcome[o], channel.get(c) if c else None, dots)
            for p, o, c, dots in self.s.execute(
                select(VoteRow.participant_id, VoteRow.outcome_id, VoteRow.channel_id, VoteRow.dots).where(
                    VoteRow.participant_id.in_(list(person))
                )
            )
        ]
        return False

    def result(self, row: WorkshopRow) -> LoadedWorkshop:
        lists = self.lists
        ws = Workshop(
            **{name: getattr(row, name) for name in WORKSHOP_DETAILS},
            dismissed_origins=list(
                self.s.scalars(
                    select(DismissedOriginRow.origin)
                    .where(DismissedOriginRow.workshop_id == self.wid)
                    .order_by(DismissedOriginRow.origin)
                )
            ),
            departments=lists["departments"],
            participants=lists["participants"],
            stakeholders=lists["stakeholders"],
            outcomes=lists["outcomes"],
            raci=lists["raci"],
            criteria=lists["criteria"],
            channels=lists["channels"],
            scores=lists["scores"],
            choices=lists["choices"],
            votes=lists["votes"],
            actions=lists["actions"],
            agenda=lists["agenda"],
            parking_lot=lists["parking_lot"],
            decisions=lists["decisions"],
        )
        return LoadedWorkshop(
            self.wid,
            ws,
            self.ids,
            self.action_ids,
            self.parking_lot_ids,
            self.decision_ids,
            row.updated_at,
            self.names,
        )


def insert_workshop(session: Session, ws: Workshop, *, now: dt.datetime | None = None) -> int:
    """Add a whole (valid) domain workshop as new rows; returns its id. Bulk inserts keep it fast."""
    wid = insert_workshop_row(session, ws, now=now)
    insert_items(session, wid, ws)
    return wid


def insert_workshop_row(session: Session, ws: Workshop, *, now: dt.datetime | None = None) -> int:
    """The workshop's own row (its details), without its items; returns its id."""
    now = now or dt.datetime.now().replace(microsecond=0)
    row = WorkshopRow(
        **{name: getattr(ws, name) for name in WORKSHOP_DETAILS},
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return int(row.id)


def insert_items(session: Session, wid: int, ws: Workshop, *, ids_after: Mapping[str, int] | None = None) -> None:
    """Every item of a (valid) domain workshop as new rows of workshop ``wid`` (a new one, or one whose items were
    just deleted: restoring a snapshot keeps the workshop's id, so its snapshots and timers stay attached).

    ``ids_after`` (table -> id): new rows of those tables take ids above it, never one a row just deleted had, so
    the row images of the edit that replaced them tell the old rows from the new (undo deletes the one set and
    puts the other back, rather than rewriting rows in place past the unique names)."""
    next_id = {table: last + 1 for table, last in (ids_after or {}).items()}

    def ident(table: str) -> dict[str, int]:
        if table not in next_id:
            return {}
        next_id[table] += 1
        return {"id": next_id[table] - 1}

    def add_all(objs: list) -> dict[str, int]:
        session.add_all(objs)
        session.flush()
        return {getattr(o, "name_key", None) or o.key_folded: o.id for o in objs}

    for origin in sorted(set(ws.dismissed_origins)):
        session.add(DismissedOriginRow(**ident("dismissed_origin"), workshop_id=wid, origin=origin))
    dept = add_all(
        [
            DepartmentRow(**ident("department"), workshop_id=wid, position=i, name=d.name, function=d.function.value)
            for i, d in enumerate(ws.departments)
        ]
    )

    def dept_id(name: str | None) -> int | None:
        return None if name is None else dept[name_key(name)]

    people = add_all(
        [
            ParticipantRow(
                **ident("participant"),
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
                **ident("stakeholder"),
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
    outcomes = add_all([outcome_row(wid, i, o, **ident("outcome")) for i, o in enumerate(ws.outcomes)])
    criteria = add_all(
        [
            CriterionRow(
                **ident("criterion"),
                workshop_id=wid,
                position=i,
                key=c.key,
                name=c.name,
                weight=c.weight,
                per_outcome=c.per_outcome,
            )
            for i, c in enumerate(ws.criteria)
        ]
    )
    channels = add_all([channel_row(wid, i, c, **ident("channel")) for i, c in enumerate(ws.channels)])
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
                **ident("vote"),
                "participant_id": people[k(v.participant)], "outcome_id": outcomes[k(v.outcome)],
                "channel_id": channels[k(v.channel)] if v.channel else None,
                "channel_key": channels[k(v.channel)] if v.channel else 0, "dots": v.dots,
            }
            for v in ws.votes
        ]),
        (ActionRow, [
            {
                **ident("action"), "workshop_id": wid, "position": i, "title": a.title,
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
            {**ident("note"), "workshop_id": wid, "kind": kind, "position": i, "text": n.text, "by": n.by, "at": n.at}
            for kind, notes in (("parking_lot", ws.parking_lot), ("decision", ws.decisions))
            for i, n in enumerate(notes)
        ]),
    ]  # fmt: skip
    for model, values in bulk:
        if values:
            session.execute(insert(model), values)


def outcome_row(wid: int, position: int, o: Outcome, **ident: int) -> OutcomeRow:
    return OutcomeRow(
        **ident,
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


def channel_row(wid: int, position: int, c: Channel, **ident: int) -> ChannelRow:
    return ChannelRow(
        **ident,
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

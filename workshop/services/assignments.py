"""The edits of pairs: RACI cells, scores, ratings, choices, votes, the agenda, dismissed origins.

A mixin of ``WorkshopService``: each edit here runs through its ``_edit`` (one transaction, validated,
undoable), so these are the same kind of edit as the ones of workshops.py, kept apart by what they change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from workshop.domain.enums import ChoiceRole, RaciRole, Stage
from workshop.domain.validation import DomainError, Problem
from workshop.services.fields import ID_MODELS, check_enums, storable
from workshop.services.refusals import NotFound
from workshop.storage.images import Images, RowKey
from workshop.storage.orm import (
    AgendaItemRow,
    ChannelRow,
    ChoiceRow,
    DismissedOriginRow,
    OutcomeRow,
    ParticipantRow,
    RaciRow,
    RatingRow,
    ScoreRow,
    VoteRow,
)

if TYPE_CHECKING:
    from workshop.services.workshops import Edit

#: One RACI cell to set: (outcome id, participant id, "R" / "A" / "C" / "I", or None to clear it).
RaciCell = tuple[int, int, str | None]


class AssignmentEdits:
    """Edits of the tables of pairs, on top of the edit machinery of ``WorkshopService``."""

    _edit: Callable[..., Edit]
    _reading: Callable[[], AbstractContextManager[Session]]
    _workshop_of: Callable[[str, int], int]

    def _check_owned(self, workshop_id: int, ids: dict[str, Any]) -> None:
        """Every id an edit refers to must be an item of the workshop being edited."""
        problems = []
        with self._reading() as s:
            for name, rid in ids.items():
                model = ID_MODELS.get(name)
                if model is None or rid is None:
                    continue
                owner = s.scalar(select(model.workshop_id).where(model.id == rid))
                if owner != workshop_id:
                    problems.append(Problem(name.removesuffix("_id"), rid, "names nothing in this workshop"))
        if problems:
            raise DomainError(problems)

    def _outcome_workshop(self, outcome_id: int) -> int:
        return self._workshop_of("outcome", outcome_id)

    def _set_pair(self, label: str, wid: int, model: type, key: dict[str, Any], values: dict[str, Any] | None) -> Edit:
        storable(values or {})
        self._check_owned(wid, key)
        table = model.__tablename__  # type: ignore[attr-defined]
        pk = tuple(key[c.name] for c in model.__table__.primary_key.columns)  # type: ignore[attr-defined]

        def change(s: Session) -> None:
            row = s.get(model, pk)
            if values is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(model(**key, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)

        return self._edit(label, wid, [(table, pk)], change, lambda _r: [(table, pk)])

    def set_raci(self, outcome_id: int, participant_id: int, role: str | None) -> Edit:
        """R, A, C or I for a participant on an outcome; None clears it."""
        values = None if role is None else check_enums({"role": role}, {"role": RaciRole})
        key = {"outcome_id": outcome_id, "participant_id": participant_id}
        return self._set_pair("Set RACI", self._outcome_workshop(outcome_id), RaciRow, key, values)

    def set_raci_cells(self, workshop_id: int, cells: Iterable[RaciCell], label: str = "Set RACI") -> Edit:
        """Many RACI cells as one edit (a block fill, a fix): one transaction, one validation, one undo step.
        Every outcome and participant must belong to the workshop; the last value given for a cell wins."""
        wanted: dict[tuple[int, int], str | None] = {}
        for outcome_id, participant_id, role in cells:
            wanted[(int(outcome_id), int(participant_id))] = (
                None if role is None else check_enums({"role": role}, {"role": RaciRole})["role"]
            )
        self._check_all_owned(workshop_id, OutcomeRow, "outcome", {o for o, _p in wanted})
        self._check_all_owned(workshop_id, ParticipantRow, "participant", {p for _o, p in wanted})
        pairs = list(wanted)

        def change(s: Session) -> None:
            for i in range(0, len(pairs), 400):
                chunk = pairs[i : i + 400]
                s.execute(delete(RaciRow).where(tuple_(RaciRow.outcome_id, RaciRow.participant_id).in_(chunk)))
            rows = [{"outcome_id": o, "participant_id": p, "role": r} for (o, p), r in wanted.items() if r]
            if rows:
                s.connection().execute(insert(RaciRow.__table__), rows)  # Core: no ORM bookkeeping per row

        roots: list[RowKey] = [("raci", pair) for pair in pairs]
        written: Images = {
            ("raci", (o, p)): None if r is None else {"outcome_id": o, "participant_id": p, "role": str(r)}
            for (o, p), r in wanted.items()
        }
        return self._edit(label, workshop_id, roots, change, written=written)

    def _check_all_owned(self, workshop_id: int, model: Any, kind: str, ids: Sequence[int] | set[int]) -> None:
        """Each id names a row of ``model`` in this workshop (one query per 500 ids)."""
        found: set[int] = set()
        listed = sorted(ids)
        with self._reading() as s:
            for i in range(0, len(listed), 500):
                chunk = listed[i : i + 500]
                found |= set(s.scalars(select(model.id).where(model.id.in_(chunk), model.workshop_id == workshop_id)))
        missing = [rid for rid in listed if rid not in found]
        if missing:
            raise DomainError([Problem(kind, rid, "names nothing in this workshop") for rid in missing[:5]])

    def _refuse_retired(self, channel_id: int, exists: bool) -> None:
        with self._reading() as s:
            channel = s.get(ChannelRow, channel_id)
        if channel is None:
            raise NotFound(f"There is no channel with id {channel_id}.")
        if channel.retired and not exists:
            raise DomainError([Problem("channel", channel.name, "is retired: it cannot be newly chosen or scored")])

    def set_score(self, outcome_id: int, channel_id: int, criterion_id: int, score: int | None) -> Edit:
        key = {"outcome_id": outcome_id, "channel_id": channel_id, "criterion_id": criterion_id}
        with self._reading() as s:
            exists = s.get(ScoreRow, (outcome_id, channel_id, criterion_id)) is not None
        if score is not None:
            self._refuse_retired(channel_id, exists)
        values = None if score is None else {"value": score}
        return self._set_pair("Set score", self._outcome_workshop(outcome_id), ScoreRow, key, values)

    def set_rating(self, channel_id: int, criterion_id: int, rating: int | None) -> Edit:
        key = {"channel_id": channel_id, "criterion_id": criterion_id}
        wid = self._workshop_of("channel", channel_id)
        values = None if rating is None else {"value": rating}
        return self._set_pair("Set rating", wid, RatingRow, key, values)

    def set_choice(self, outcome_id: int, channel_id: int, role: str | None, reliance: float | None = None) -> Edit:
        key = {"outcome_id": outcome_id, "channel_id": channel_id}
        with self._reading() as s:
            exists = s.get(ChoiceRow, (outcome_id, channel_id)) is not None
        if role is not None:
            self._refuse_retired(channel_id, exists)
        values = None
        if role is not None:
            values = check_enums({"role": role}, {"role": ChoiceRole}) | {"reliance": reliance}
        return self._set_pair("Choose channel", self._outcome_workshop(outcome_id), ChoiceRow, key, values)

    def set_vote(self, participant_id: int, outcome_id: int, channel_id: int | None, dots: int | None) -> Edit:
        """A participant's dots on an outcome (channel None) or on a channel for it; None or 0 clears."""
        wid = self._outcome_workshop(outcome_id)
        storable({"dots": dots})
        self._check_owned(wid, {"participant_id": participant_id, "channel_id": channel_id})
        with self._reading() as s:
            existing = s.scalar(
                select(VoteRow.id).where(
                    VoteRow.participant_id == participant_id,
                    VoteRow.outcome_id == outcome_id,
                    VoteRow.channel_key == (channel_id or 0),
                )
            )

        def change(s: Session) -> int | None:
            row = s.get(VoteRow, existing) if existing is not None else None
            if not dots:
                if row is not None:
                    s.delete(row)
                return existing
            if row is None:
                row = VoteRow(participant_id=participant_id, outcome_id=outcome_id, channel_id=channel_id, dots=dots)
                s.add(row)
                s.flush()
            else:
                row.dots = dots
            return int(row.id)

        roots = [("vote", (existing,))] if existing is not None else []
        return self._edit("Vote", wid, roots, change, lambda rid: [("vote", (rid,))] if rid else [])

    def set_agenda(self, workshop_id: int, stage: str, minutes: int | None) -> Edit:
        stage = check_enums({"stage": stage}, {"stage": Stage})["stage"]
        key = {"workshop_id": workshop_id, "stage": stage}
        values = None if minutes is None else {"minutes": minutes}
        return self._set_pair("Set agenda", workshop_id, AgendaItemRow, key, values)

    def dismiss_origin(self, workshop_id: int, origin: str) -> Edit:
        def change(s: Session) -> int:
            row = DismissedOriginRow(workshop_id=workshop_id, origin=origin)
            s.add(row)
            s.flush()
            return int(row.id)

        return self._edit(
            "Dismiss generated action", workshop_id, [], change, lambda rid: [("dismissed_origin", (rid,))]
        )

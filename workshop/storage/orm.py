"""The library's tables: SQLAlchemy 2 typed ORM for every entity of METHOD.md.

Rows carry surrogate ids so that renames and undo never chase names; the domain
(``workshop.domain``) sees names and keys again when a workshop is loaded. Names that
must be unique within a workshop keep a folded copy (``*_key``) under a unique index,
so the database itself refuses a duplicate that differs only in case or spaces.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

from workshop.domain.text import name_key

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class IsoDateTime(TypeDecorator[dt.datetime]):
    """A timestamp kept as its ISO 8601 text, UTC offset and all, so a file's "at" comes back as written."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _workshop_fk() -> Any:
    return mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)


class LibraryInfo(Base):
    """One row: the ordered schema number and the change counter that drives backups."""

    __tablename__ = "library_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    schema_number: Mapped[int] = mapped_column(Integer)
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    backed_up_version: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopRow(Base):
    __tablename__ = "workshop"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date | None] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    dots_per_participant: Mapped[int] = mapped_column(Integer, default=3)
    overload_limit: Mapped[int] = mapped_column(Integer, default=4)
    is_template: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DismissedOriginRow(Base):
    __tablename__ = "dismissed_origin"
    __table_args__ = (UniqueConstraint("workshop_id", "origin"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    origin: Mapped[str] = mapped_column(Text)


class _Named:
    """A row whose ``name`` is unique in its workshop, compared folded."""

    name: Mapped[str]
    name_key: Mapped[str]

    @validates("name")
    def _fold_name(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class DepartmentRow(_Named, Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("workshop_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    function: Mapped[str] = mapped_column(String(16), default="other")


class ParticipantRow(_Named, Base):
    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("workshop_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"), index=True)
    role: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(Text)
    power: Mapped[int] = mapped_column(Integer, default=3)
    interest: Mapped[int] = mapped_column(Integer, default=3)


class StakeholderRow(_Named, Base):
    __tablename__ = "stakeholder"
    __table_args__ = (UniqueConstraint("workshop_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"), index=True)
    power: Mapped[int] = mapped_column(Integer, default=3)
    interest: Mapped[int] = mapped_column(Integer, default=3)


class OutcomeRow(Base):
    __tablename__ = "outcome"
    __table_args__ = (UniqueConstraint("workshop_id", "key_folded"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Text)
    key_folded: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(24))
    audience: Mapped[str] = mapped_column(Text, default="")
    kpi_metric: Mapped[str | None] = mapped_column(Text)
    kpi_unit: Mapped[str | None] = mapped_column(Text)
    kpi_baseline: Mapped[float | None] = mapped_column(Float)
    kpi_target: Mapped[float | None] = mapped_column(Float)
    kpi_due: Mapped[dt.date | None] = mapped_column(Date)
    value_per_unit: Mapped[float | None] = mapped_column(Float)
    annual_value: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    notes: Mapped[str] = mapped_column(Text, default="")

    @validates("key")
    def _fold_key(self, _key: str, value: str) -> str:
        self.key_folded = name_key(value)
        return value


class CriterionRow(Base):
    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("workshop_id", "key_folded"), CheckConstraint("weight >= 0", name="weight"))
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Text)
    key_folded: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float)
    per_outcome: Mapped[bool] = mapped_column(Boolean)

    @validates("key")
    def _fold_key(self, _key: str, value: str) -> str:
        self.key_folded = name_key(value)
        return value


class ChannelRow(_Named, Base):
    __tablename__ = "channel"
    __table_args__ = (UniqueConstraint("workshop_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(Text)
    portability: Mapped[str] = mapped_column(String(8), default="none")  # METHOD.md's defaults for a new one
    platform_risk: Mapped[int] = mapped_column(Integer, default=3)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class RatingRow(Base):
    __tablename__ = "rating"
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class RaciRow(Base):
    __tablename__ = "raci"
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(1))


class ScoreRow(Base):
    __tablename__ = "score"
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ChoiceRow(Base):
    __tablename__ = "choice"
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12))
    reliance: Mapped[float | None] = mapped_column(Float)


class VoteRow(Base):
    __tablename__ = "vote"
    __table_args__ = (Index("uq_vote_target", "participant_id", "outcome_id", "channel_key", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"), index=True)
    channel_key: Mapped[int] = mapped_column(Integer, default=0)  # channel_id or 0: NULLs are never equal in SQL
    dots: Mapped[int] = mapped_column(Integer)

    @validates("channel_id")
    def _key_channel(self, _key: str, value: int | None) -> int | None:
        self.channel_key = value or 0
        return value


class ActionRow(Base):
    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcome.id", ondelete="SET NULL"), index=True)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"), index=True)
    due: Mapped[dt.date | None] = mapped_column(Date)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    effort_days: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(8), default="todo")
    origin: Mapped[str] = mapped_column(Text, default="manual")


class AgendaItemRow(Base):
    __tablename__ = "agenda_item"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)


class NoteRow(Base):
    """A parking-lot item (kind "parking_lot") or a decision (kind "decision")."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    kind: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime | None] = mapped_column(IsoDateTime)


class StageTimerRow(Base):
    """The room's clock for one stage of a workshop: time used, minutes added, and since when it runs (None: paused).

    Kept beside the workshop, never in it: no undo step, no interchange file (METHOD.md: timer state stays in the
    library), so a restart or a crash does not lose it."""

    __tablename__ = "stage_timer"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)
    used_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    running_since: Mapped[dt.datetime | None] = mapped_column(IsoDateTime)


class SnapshotRow(Base):
    """A workshop as it was at one moment (its interchange JSON), taken when a stage is left or on request.

    Kept in the library only, never in the interchange file; deleting the workshop deletes its snapshots."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = _workshop_fk()
    name: Mapped[str] = mapped_column(Text, default="")
    taken_at: Mapped[dt.datetime] = mapped_column(IsoDateTime)
    stage: Mapped[str | None] = mapped_column(String(16))
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[str] = mapped_column(Text)

"""Initial schema: every entity of METHOD.md, and library_info with schema number 1.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 19:34:28.339797
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
#: The ordered schema number this revision leaves in library_info.
SCHEMA_NUMBER = 1


def upgrade() -> None:
    op.create_table(
        "library_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schema_number", sa.Integer(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("backed_up_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_info")),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("facilitator", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("dots_per_participant", sa.Integer(), nullable=False),
        sa.Column("overload_limit", sa.Integer(), nullable=False),
        sa.Column("is_template", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
    )
    op.create_table(
        "agenda_item",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_agenda_item_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("workshop_id", "stage", name=op.f("pk_agenda_item")),
    )
    op.create_table(
        "channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("portability", sa.String(length=8), nullable=False),
        sa.Column("platform_risk", sa.Integer(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_channel_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel")),
        sa.UniqueConstraint("workshop_id", "name_key", name=op.f("uq_channel_workshop_id")),
    )
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("key_folded", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("per_outcome", sa.Boolean(), nullable=False),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_criterion_weight")),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_criterion_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("workshop_id", "key_folded", name=op.f("uq_criterion_workshop_id")),
    )
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("function", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_department_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("workshop_id", "name_key", name=op.f("uq_department_workshop_id")),
    )
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "dismissed_origin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_dismissed_origin_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_origin")),
        sa.UniqueConstraint("workshop_id", "origin", name=op.f("uq_dismissed_origin_workshop_id")),
    )
    with op.batch_alter_table("dismissed_origin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dismissed_origin_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_note_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("key_folded", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("kpi_metric", sa.Text(), nullable=True),
        sa.Column("kpi_unit", sa.Text(), nullable=True),
        sa.Column("kpi_baseline", sa.Float(), nullable=True),
        sa.Column("kpi_target", sa.Float(), nullable=True),
        sa.Column("kpi_due", sa.Date(), nullable=True),
        sa.Column("value_per_unit", sa.Float(), nullable=True),
        sa.Column("annual_value", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_outcome_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome")),
        sa.UniqueConstraint("workshop_id", "key_folded", name=op.f("uq_outcome_workshop_id")),
    )
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "choice",
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("reliance", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_choice_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_choice_outcome_id_outcome"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("outcome_id", "channel_id", name=op.f("pk_choice")),
    )
    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("power", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_participant_department_id_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_participant_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
        sa.UniqueConstraint("workshop_id", "name_key", name=op.f("uq_participant_workshop_id")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participant_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "rating",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_rating_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"], ["criterion.id"], name=op.f("fk_rating_criterion_id_criterion"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("channel_id", "criterion_id", name=op.f("pk_rating")),
    )
    op.create_table(
        "score",
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_score_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"], ["criterion.id"], name=op.f("fk_score_criterion_id_criterion"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_score_outcome_id_outcome"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("outcome_id", "channel_id", "criterion_id", name=op.f("pk_score")),
    )
    op.create_table(
        "stakeholder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("power", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_stakeholder_department_id_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_stakeholder_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder")),
        sa.UniqueConstraint("workshop_id", "name_key", name=op.f("uq_stakeholder_workshop_id")),
    )
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("effort_days", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_action_channel_id_channel"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_action_outcome_id_outcome"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["participant.id"], name=op.f("fk_action_owner_id_participant"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_action_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_channel_id"), ["channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_outcome_id"), ["outcome_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "raci",
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_raci_outcome_id_outcome"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_raci_participant_id_participant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("outcome_id", "participant_id", name=op.f("pk_raci")),
    )
    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("channel_key", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_vote_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_vote_outcome_id_outcome"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_vote_participant_id_participant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_channel_id"), ["channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_outcome_id"), ["outcome_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vote_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index("uq_vote_target", ["participant_id", "outcome_id", "channel_key"], unique=True)
    op.execute(
        sa.text(
            "INSERT INTO library_info (id, schema_number, data_version, backed_up_version) VALUES (1, :n, 0, 0)"
        ).bindparams(n=SCHEMA_NUMBER)
    )


def downgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("uq_vote_target")
        batch_op.drop_index(batch_op.f("ix_vote_participant_id"))
        batch_op.drop_index(batch_op.f("ix_vote_outcome_id"))
        batch_op.drop_index(batch_op.f("ix_vote_channel_id"))

    op.drop_table("vote")
    op.drop_table("raci")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_action_owner_id"))
        batch_op.drop_index(batch_op.f("ix_action_outcome_id"))
        batch_op.drop_index(batch_op.f("ix_action_channel_id"))

    op.drop_table("action")
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_department_id"))

    op.drop_table("stakeholder")
    op.drop_table("score")
    op.drop_table("rating")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_participant_department_id"))

    op.drop_table("participant")
    op.drop_table("choice")
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_workshop_id"))

    op.drop_table("outcome")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_workshop_id"))

    op.drop_table("note")
    with op.batch_alter_table("dismissed_origin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dismissed_origin_workshop_id"))

    op.drop_table("dismissed_origin")
    with op.batch_alter_table("department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_workshop_id"))

    op.drop_table("department")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_workshop_id"))

    op.drop_table("criterion")
    with op.batch_alter_table("channel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_workshop_id"))

    op.drop_table("channel")
    op.drop_table("agenda_item")
    op.drop_table("workshop")
    op.drop_table("library_info")

"""The room's tools beside each workshop: the stage timers and the snapshots; schema number 3.

Both live in the library only, never in the interchange file (METHOD.md: snapshots and timer
state stay in the library). No stored value changes; two tables are added.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
#: The ordered schema number this revision leaves in library_info.
SCHEMA_NUMBER = 3


def upgrade() -> None:
    op.create_table(
        "stage_timer",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("used_seconds", sa.Float(), nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("running_since", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_stage_timer_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("workshop_id", "stage", name=op.f("pk_stage_timer")),
    )
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("taken_at", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_snapshot_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
    )
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshot_workshop_id"), ["workshop_id"], unique=False)
    op.get_bind().execute(sa.text("UPDATE library_info SET schema_number = :n WHERE id = 1"), {"n": SCHEMA_NUMBER})


def downgrade() -> None:
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshot_workshop_id"))
    op.drop_table("snapshot")
    op.drop_table("stage_timer")
    op.get_bind().execute(sa.text("UPDATE library_info SET schema_number = 2 WHERE id = 1"))

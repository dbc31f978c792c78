"""Competencies suggested for FRAC roles by the linker, with the reviewer's decision on each

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:50:20.239334
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "competency_suggestion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("suggested_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status in ('suggested', 'accepted', 'rejected')", name=op.f("ck_competency_suggestion_status")
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name=op.f("fk_competency_suggestion_competency_id_competency"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["user_account.id"], name=op.f("fk_competency_suggestion_decided_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["frac_role.id"],
            name=op.f("fk_competency_suggestion_role_id_frac_role"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_suggestion")),
        sa.UniqueConstraint(
            "role_id", "competency_id", name=op.f("uq_competency_suggestion_role_id_competency_id")
        ),
    )
    with op.batch_alter_table("competency_suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competency_suggestion_role_id"), ["role_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("competency_suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_suggestion_role_id"))

    op.drop_table("competency_suggestion")

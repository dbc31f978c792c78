"""Requirement sets and the officials who meet them, so a vacancy's ranking reads an index

The back-fill is a set's first fill: a set is filled from the verified passbook lines when a ranking
first asks for it (`karmayogi.lms.profiles.requirements_met`), in the asking transaction. An upgraded
database holds no set yet, so there is nothing to fill here; the first ranking for each position's
requirements fills its set, and every later change of a verified level keeps it in step.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "requirement_set",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_set")),
        sa.UniqueConstraint("digest", name=op.f("uq_requirement_set_digest")),
    )
    op.create_table(
        "requirements_met",
        sa.Column("requirement_set_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("mask", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requirement_set_id"],
            ["requirement_set.id"],
            name=op.f("fk_requirements_met_requirement_set_id_requirement_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("requirement_set_id", "user_id", name=op.f("pk_requirements_met")),
    )
    op.create_index("ix_requirements_met_mask", "requirements_met", ["requirement_set_id", "mask", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_requirements_met_mask", table_name="requirements_met")
    op.drop_table("requirements_met")
    op.drop_table("requirement_set")

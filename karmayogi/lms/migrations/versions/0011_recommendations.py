"""Recommendations: officials' "not relevant" marks and the nightly recommendations

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 10:12:37.540311
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "not_relevant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("marked_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_not_relevant_course_id_course"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_not_relevant_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_relevant")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_not_relevant_user_id_course_id")),
    )
    with op.batch_alter_table("not_relevant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_not_relevant_user_id"), ["user_id"], unique=False)

    op.create_table(
        "officer_recommendation",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("computed_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_officer_recommendation_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_officer_recommendation_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_officer_recommendation")),
    )
    with op.batch_alter_table("officer_recommendation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_officer_recommendation_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("officer_recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_recommendation_organisation_id"))
    op.drop_table("officer_recommendation")
    with op.batch_alter_table("not_relevant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_not_relevant_user_id"))
    op.drop_table("not_relevant")

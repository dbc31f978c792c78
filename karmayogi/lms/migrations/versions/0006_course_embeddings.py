"""Course embeddings and the catalogue revision

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:00:53.165042
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_revision")),
    )
    op.create_table(
        "course_embedding",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("encoder", sa.String(length=200), nullable=False),
        sa.Column("encoder_version", sa.String(length=64), nullable=False),
        sa.Column("text_digest", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("embedded_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_course_embedding_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "encoder", name=op.f("pk_course_embedding")),
    )


def downgrade() -> None:
    op.drop_table("course_embedding")
    op.drop_table("catalogue_revision")

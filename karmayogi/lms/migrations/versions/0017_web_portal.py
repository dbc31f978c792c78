"""Web portal: server-side sessions (sign-out revokes) and decisions on harmonisation associations

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-05 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0017"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_web_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_web_session_token_digest")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "association_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("decided_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "decision in ('accepted', 'rejected')", name=op.f("ck_association_decision_decision")
        ),
        sa.CheckConstraint(
            "kind in ('exactMatchOf', 'isRelatedTo')", name=op.f("ck_association_decision_kind")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["user_account.id"], name=op.f("fk_association_decision_decided_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["course.id"], name=op.f("fk_association_decision_source_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["course.id"], name=op.f("fk_association_decision_target_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_decision")),
        sa.UniqueConstraint("seq", name=op.f("uq_association_decision_seq")),
    )
    with op.batch_alter_table("association_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_association_decision_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_association_decision_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("association_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_decision_target_id"))
        batch_op.drop_index(batch_op.f("ix_association_decision_source_id"))
    op.drop_table("association_decision")
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))
    op.drop_table("web_session")

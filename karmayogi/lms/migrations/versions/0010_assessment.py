"""Assessment: question versions, assessments, attempts, adaptive level tests, question exposure

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 18:05:12.402117
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "question_exposure",
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_exposure")),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status in ('draft', 'published')", name=op.f("ck_assessment_status")),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_assessment_level")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_assessment_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_assessment_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_assessment_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "level_test",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("started_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("theta", sa.Float(), nullable=True),
        sa.Column("se", sa.Float(), nullable=True),
        sa.Column("finished_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.CheckConstraint("confidence BETWEEN 0 AND 1", name=op.f("ck_level_test_confidence")),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_level_test_level")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_level_test_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_level_test_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_level_test_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_test")),
    )
    with op.batch_alter_table("level_test", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_level_test_competency_id"), ["competency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_level_test_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_level_test_user_id"), ["user_id"], unique=False)

    op.create_table(
        "question_version",
        sa.Column("question_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("bloom", sa.String(length=16), nullable=False),
        sa.Column("irt_a", sa.Float(), nullable=True),
        sa.Column("irt_b", sa.Float(), nullable=True),
        sa.Column("irt_c", sa.Float(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_question_version_level")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_question_version_version")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_question_version_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_question_version_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_question_version_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("question_id", "version", name=op.f("pk_question_version")),
    )
    with op.batch_alter_table("question_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_version_competency_id"), ["competency_id", "level"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_question_version_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "assessment_attempt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("started_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paper", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.CheckConstraint("state in ('open', 'submitted')", name=op.f("ck_assessment_attempt_state")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_assessment_attempt_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_assessment_attempt_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_assessment_attempt_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_attempt")),
        sa.UniqueConstraint(
            "assessment_id",
            "user_id",
            "number",
            name=op.f("uq_assessment_attempt_assessment_id_user_id_number"),
        ),
    )
    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_attempt_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessment_attempt_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_attempt_user_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_attempt_organisation_id"))

    op.drop_table("assessment_attempt")
    with op.batch_alter_table("question_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_version_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_question_version_competency_id"))

    op.drop_table("question_version")
    with op.batch_alter_table("level_test", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_level_test_user_id"))
        batch_op.drop_index(batch_op.f("ix_level_test_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_level_test_competency_id"))

    op.drop_table("level_test")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_organisation_id"))

    op.drop_table("assessment")
    op.drop_table("question_exposure")

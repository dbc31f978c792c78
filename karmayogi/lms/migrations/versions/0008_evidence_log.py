"""Evidence log, competency profiles, and mandated learning per designation

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 16:11:05.343280
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = (
    "source in ('course_completion', 'assessment_result', 'adaptive_test', 'certificate',"
    " 'supervisor_rating', 'self_declaration', 'peer_validation', 'training_institute_report',"
    " 'hr_confirmation')"
)


def upgrade() -> None:
    op.create_table(
        "competency_profile",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("standing", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("proposed_level", sa.Integer(), nullable=True),
        sa.Column("proposal_evidence_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rules_version", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "standing in ('verified', 'proposed', 'self_declared')",
            name=op.f("ck_competency_profile_standing"),
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_competency_profile_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_competency_profile_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "competency_id", name=op.f("pk_competency_profile")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            SOURCES,
            name=op.f("ck_evidence_source"),
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_evidence_level")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_evidence_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_evidence_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["user_account.id"], name=op.f("fk_evidence_recorded_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_evidence_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("user_id", "seq", name=op.f("uq_evidence_user_id_seq")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_competency_id"), ["competency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "designation_mandate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_designation_mandate_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_designation_mandate_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_mandate")),
        sa.UniqueConstraint(
            "organisation_id",
            "designation",
            "course_id",
            name=op.f("uq_designation_mandate_organisation_id_designation_course_id"),
        ),
    )
    with op.batch_alter_table("designation_mandate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_designation_mandate_organisation_id"), ["organisation_id"], unique=False
        )
    # The log is append-only. PostgreSQL refuses both changing and deleting a row; SQLite refuses
    # changes (its test clean-up deletes rows). The hash chain shows any change made around these.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION evidence_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'evidence is append-only: % refused', TG_OP; END $$"
        )
        op.execute(
            "CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence"
            " FOR EACH ROW EXECUTE FUNCTION evidence_is_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER evidence_append_only BEFORE UPDATE ON evidence"
            " BEGIN SELECT RAISE(ABORT, 'evidence is append-only: UPDATE refused'); END"
        )


def downgrade() -> None:
    op.drop_table("designation_mandate")
    op.execute(
        "DROP TRIGGER IF EXISTS evidence_append_only"
        + (" ON evidence" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS evidence_is_append_only()")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_competency_id"))

    op.drop_table("evidence")
    op.drop_table("competency_profile")

"""Certificates: the issuer's keys, revocation status lists and the credentials issued

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:09:53.867254
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credential_status_list",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("encoded_list", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("next_index", sa.Integer(), nullable=False),
        sa.Column("published", sa.JSON(), nullable=False),
        sa.Column("published_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose in ('revocation', 'suspension')", name=op.f("ck_credential_status_list_purpose")
        ),
        sa.CheckConstraint("next_index <= size", name=op.f("ck_credential_status_list_next_index")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_status_list")),
    )
    op.create_table(
        "issuer_key",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("controller", sa.String(length=400), nullable=False),
        sa.Column("verification_method", sa.String(length=500), nullable=False),
        sa.Column("public_key_multibase", sa.String(length=64), nullable=False),
        sa.Column("encrypted_seed", sa.Text(), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuer_key")),
        sa.UniqueConstraint("public_key_multibase", name=op.f("uq_issuer_key_public_key_multibase")),
        sa.UniqueConstraint("verification_method", name=op.f("uq_issuer_key_verification_method")),
    )
    with op.batch_alter_table("issuer_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issuer_key_controller"), ["controller"], unique=False)

    op.create_table(
        "issued_credential",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("holder_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=True),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("competency_id", sa.Uuid(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("frac_version", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status_list_id", sa.Uuid(), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("issued_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Uuid(), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'completion' AND enrolment_id IS NOT NULL AND course_id IS NOT NULL)"
            " OR (kind = 'competency_level' AND competency_id IS NOT NULL AND level IS NOT NULL"
            " AND frac_version IS NOT NULL)",
            name=op.f("ck_issued_credential_subject"),
        ),
        sa.CheckConstraint(
            "kind in ('completion', 'competency_level')", name=op.f("ck_issued_credential_kind")
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_issued_credential_level")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_issued_credential_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["enrolment.id"], name=op.f("fk_issued_credential_enrolment_id_enrolment")
        ),
        sa.ForeignKeyConstraint(
            ["frac_version"],
            ["frac_version.number"],
            name=op.f("fk_issued_credential_frac_version_frac_version"),
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["user_account.id"], name=op.f("fk_issued_credential_holder_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_issued_credential_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["user_account.id"], name=op.f("fk_issued_credential_revoked_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["status_list_id"],
            ["credential_status_list.id"],
            name=op.f("fk_issued_credential_status_list_id_credential_status_list"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_credential")),
        sa.UniqueConstraint("enrolment_id", name=op.f("uq_issued_credential_enrolment_id")),
        sa.UniqueConstraint(
            "status_list_id", "status_index", name=op.f("uq_issued_credential_status_list_id_status_index")
        ),
    )
    with op.batch_alter_table("issued_credential", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_credential_competency_id"), ["competency_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_issued_credential_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issued_credential_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issued_credential_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_credential", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_credential_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_issued_credential_holder_id"))
        batch_op.drop_index(batch_op.f("ix_issued_credential_course_id"))
        batch_op.drop_index(batch_op.f("ix_issued_credential_competency_id"))

    op.drop_table("issued_credential")
    with op.batch_alter_table("issuer_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issuer_key_controller"))

    op.drop_table("issuer_key")
    op.drop_table("credential_status_list")

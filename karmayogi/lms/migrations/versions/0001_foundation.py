"""foundation: organisations, people, grants, api clients, FRAC, catalogue, enrolments

Revision ID: 0001
Revises:
Create Date: 2026-11-23 13:07:06.740220
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('ministry', 'department', 'organisation')", name=op.f("ck_organisation_kind")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organisation.id"], name=op.f("fk_organisation_parent_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("parent_id", "name", name=op.f("uq_organisation_parent_id_name")),
        sa.UniqueConstraint("path", name=op.f("uq_organisation_path")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "competency",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("sub_theme", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "type in ('behavioural', 'functional', 'domain')", name=op.f("ck_competency_type")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_competency_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency")),
        sa.UniqueConstraint(
            "organisation_id", "type", "name", name=op.f("uq_competency_organisation_id_type_name")
        ),
    )
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competency_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "frac_role",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_frac_role_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frac_role")),
    )
    with op.batch_alter_table("frac_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_frac_role_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "position",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("pay_level", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_position_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "provider",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("accreditation", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.CheckConstraint(
            "type in ('public_institute', 'university', 'startup', 'individual_expert')",
            name=op.f("ck_provider_type"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_provider_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider")),
        sa.UniqueConstraint("name", name=op.f("uq_provider_name")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_provider_organisation_id")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["frac_role.id"], name=op.f("fk_activity_role_id_frac_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_role_id"), ["role_id"], unique=False)

    op.create_table(
        "course",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("learning_hours", sa.Float(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("price_paise", sa.Integer(), nullable=False),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("mode in ('online', 'onsite', 'blended')", name=op.f("ck_course_mode")),
        sa.CheckConstraint(
            "status in ('draft', 'in_review', 'published', 'retired')", name=op.f("ck_course_status")
        ),
        sa.CheckConstraint("price_paise >= 0", name=op.f("ck_course_price")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_course_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_course_provider_id_provider")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_status"), ["status"], unique=False)

    op.create_table(
        "position_role",
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["position.id"],
            name=op.f("fk_position_role_position_id_position"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["frac_role.id"], name=op.f("fk_position_role_role_id_frac_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("position_id", "role_id", name=op.f("pk_position_role")),
    )
    with op.batch_alter_table("position_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_role_role_id"), ["role_id"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("service", sa.String(length=120), nullable=True),
        sa.Column("cadre", sa.String(length=120), nullable=True),
        sa.Column("supervisor_id", sa.Uuid(), nullable=True),
        sa.Column("date_of_joining", sa.Date(), nullable=True),
        sa.Column("probation_status", sa.String(length=16), nullable=False),
        sa.Column("probation_end_date", sa.Date(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "probation_status in ('on_probation', 'extended', 'confirmed', 'not_applicable')",
            name=op.f("ck_user_account_probation_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_user_account_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name=op.f("fk_user_account_position_id_position")
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["user_account.id"], name=op.f("fk_user_account_supervisor_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_account_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_user_account_position_id"), ["position_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_account_supervisor_id"), ["supervisor_id"], unique=False)

    op.create_table(
        "api_client",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=128), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_api_client_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_api_client_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("key", name=op.f("uq_api_client_key")),
    )
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_client_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "course_competency",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.CheckConstraint("status in ('suggested', 'confirmed')", name=op.f("ck_course_competency_status")),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_course_competency_level")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_course_competency_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_course_competency_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "competency_id", name=op.f("pk_course_competency")),
    )
    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_competency_competency_id"), ["competency_id"], unique=False
        )

    op.create_table(
        "enrolment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status in ('in_progress', 'completed', 'withdrawn')", name=op.f("ck_enrolment_status")
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_enrolment_progress")),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name=op.f("fk_enrolment_course_id_course")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_enrolment_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_enrolment_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_enrolment_user_id_course_id")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_user_id"), ["user_id"], unique=False)

    op.create_table(
        "requirement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=True),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "(role_id IS NULL) <> (activity_id IS NULL)", name=op.f("ck_requirement_one_owner")
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_requirement_level")),
        sa.CheckConstraint("weight > 0 AND weight <= 1", name=op.f("ck_requirement_weight")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_requirement_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_requirement_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["frac_role.id"], name=op.f("fk_requirement_role_id_frac_role"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement")),
    )
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requirement_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirement_competency_id"), ["competency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirement_role_id"), ["role_id"], unique=False)

    op.create_table(
        "role_grant",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("granted_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by"], ["user_account.id"], name=op.f("fk_role_grant_granted_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_role_grant_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_role_grant_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
        sa.UniqueConstraint(
            "user_id", "role", "organisation_id", name=op.f("uq_role_grant_user_id_role_organisation_id")
        ),
    )
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_grant_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_grant_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_grant_user_id"))
        batch_op.drop_index(batch_op.f("ix_role_grant_organisation_id"))

    op.drop_table("role_grant")
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirement_role_id"))
        batch_op.drop_index(batch_op.f("ix_requirement_competency_id"))
        batch_op.drop_index(batch_op.f("ix_requirement_activity_id"))

    op.drop_table("requirement")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_user_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_course_id"))

    op.drop_table("enrolment")
    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_competency_competency_id"))

    op.drop_table("course_competency")
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_client_organisation_id"))

    op.drop_table("api_client")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_supervisor_id"))
        batch_op.drop_index(batch_op.f("ix_user_account_position_id"))
        batch_op.drop_index(batch_op.f("ix_user_account_organisation_id"))

    op.drop_table("user_account")
    with op.batch_alter_table("position_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_role_role_id"))

    op.drop_table("position_role")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_status"))
        batch_op.drop_index(batch_op.f("ix_course_provider_id"))
        batch_op.drop_index(batch_op.f("ix_course_organisation_id"))

    op.drop_table("course")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_role_id"))

    op.drop_table("activity")
    op.drop_table("provider")
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_organisation_id"))

    op.drop_table("position")
    with op.batch_alter_table("frac_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frac_role_organisation_id"))

    op.drop_table("frac_role")
    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_organisation_id"))

    op.drop_table("competency")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_parent_id"))

    op.drop_table("organisation")

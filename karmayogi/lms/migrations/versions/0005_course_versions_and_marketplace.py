"""Catalogue entries of every kind, with versions, a lifecycle audit, ratings and content requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:42:56.621150
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "kind in ('course', 'program', 'curated_program', 'blended_program', 'assessment', 'learning_pathway')"
)
CONTENT = (
    "kind, title, summary, description, outline, resource_links, parts, sessions, seats,"
    " learning_hours, language, mode, licence, price_paise"
)


def upgrade() -> None:
    op.create_table(
        "catalogue_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_catalogue_event_actor_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_event")),
    )
    with op.batch_alter_table("catalogue_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_event_subject"), ["subject", "subject_id", "at"], unique=False
        )

    op.create_table(
        "content_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("competency_ids", sa.JSON(), nullable=False),
        sa.Column("learners", sa.Integer(), nullable=True),
        sa.Column("needed_by", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("raised_by", sa.Uuid(), nullable=False),
        sa.Column("raised_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status in ('open', 'accepted', 'delivered', 'declined')", name=op.f("ck_content_request_status")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_content_request_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_content_request_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_content_request_provider_id_provider")
        ),
        sa.ForeignKeyConstraint(
            ["raised_by"], ["user_account.id"], name=op.f("fk_content_request_raised_by_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_request")),
    )
    with op.batch_alter_table("content_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_content_request_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_content_request_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_content_request_status"), ["status"], unique=False)

    op.create_table(
        "course_rating",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("review", sa.Text(), nullable=False),
        sa.Column("rated_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_course_rating_stars")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_rating_course_id_course"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_course_rating_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "user_id", name=op.f("pk_course_rating")),
    )
    op.create_table(
        "course_version",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("published_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("kind", sa.String(length=24), server_default="course", nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("outline", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("resource_links", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("parts", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("sessions", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("seats", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("learning_hours", sa.Float(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("licence", sa.String(length=100), server_default="", nullable=False),
        sa.Column("price_paise", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            KINDS,
            name=op.f("ck_course_version_kind"),
        ),
        sa.CheckConstraint("mode in ('online', 'onsite', 'blended')", name=op.f("ck_course_version_mode")),
        sa.CheckConstraint(
            "status in ('draft', 'in_review', 'published', 'superseded')",
            name=op.f("ck_course_version_status"),
        ),
        sa.CheckConstraint("learning_hours > 0", name=op.f("ck_course_version_learning_hours")),
        sa.CheckConstraint("price_paise >= 0", name=op.f("ck_course_version_price")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_version_course_id_course"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_course_version_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["user_account.id"], name=op.f("fk_course_version_reviewed_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"], ["user_account.id"], name=op.f("fk_course_version_submitted_by_user_account")
        ),
        sa.PrimaryKeyConstraint("course_id", "number", name=op.f("pk_course_version")),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("created_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=24), server_default="course", nullable=False))
        batch_op.add_column(sa.Column("outline", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("resource_links", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("parts", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("sessions", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("seats", sa.JSON(), server_default="{}", nullable=False))
        batch_op.add_column(sa.Column("licence", sa.String(length=100), server_default="", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_course_created_by_user_account"), "user_account", ["created_by"], ["id"]
        )
        batch_op.create_check_constraint(
            "kind",
            KINDS,
        )
        batch_op.create_check_constraint("learning_hours", "learning_hours > 0")
    # Every existing course gets its first version, as it stands.
    op.execute(
        "INSERT INTO course_version"
        f" (course_id, number, status, created_by, created_at, published_at, {CONTENT}) "
        f"SELECT id, version, CASE WHEN status = 'retired' THEN 'published' ELSE status END, created_by, "
        f"created_at, published_at, {CONTENT} FROM course"
    )

    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_by", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("confirmed_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_course_competency_confirmed_by_user_account"),
            "user_account",
            ["confirmed_by"],
            ["id"],
        )

    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("course_version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_column("course_version")

    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_course_competency_confirmed_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("confirmed_by")

    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_course_learning_hours"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_course_kind"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_course_created_by_user_account"), type_="foreignkey")
        batch_op.drop_column("licence")
        batch_op.drop_column("seats")
        batch_op.drop_column("sessions")
        batch_op.drop_column("parts")
        batch_op.drop_column("resource_links")
        batch_op.drop_column("outline")
        batch_op.drop_column("kind")
        batch_op.drop_column("created_by")
        batch_op.drop_column("version")

    op.drop_table("course_version")
    op.drop_table("course_rating")
    with op.batch_alter_table("content_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_request_status"))
        batch_op.drop_index(batch_op.f("ix_content_request_provider_id"))
        batch_op.drop_index(batch_op.f("ix_content_request_organisation_id"))

    op.drop_table("content_request")
    with op.batch_alter_table("catalogue_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_event_subject"))

    op.drop_table("catalogue_event")

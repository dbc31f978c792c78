"""FRAC review states, relations, the proficiency scale and immutable published versions

Rows written before this revision predate review, so they start as verified.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:29:32.594853
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    scale = op.create_table(
        "proficiency_level",
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("descriptor", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("level", name=op.f("pk_proficiency_level")),
    )
    # The default five-level scale, written out so that this revision never changes with the code.
    op.bulk_insert(
        scale,
        [
            {
                "level": 1,
                "name": "Basic",
                "descriptor": "Works under supervision and applies the competency to routine tasks.",
            },
            {
                "level": 2,
                "name": "Proficient",
                "descriptor": "Works independently and handles usual cases without guidance.",
            },
            {
                "level": 3,
                "name": "Advanced",
                "descriptor": "Guides others and deals with complex or unusual cases.",
            },
            {
                "level": 4,
                "name": "Expert",
                "descriptor": "Is an authority on the competency within the organisation.",
            },
            {
                "level": 5,
                "name": "Master",
                "descriptor": "Is a national authority who shapes practice across government.",
            },
        ],
    )
    op.create_table(
        "frac_review_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("node_kind", sa.String(length=16), nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_frac_review_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_frac_review_event_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frac_review_event")),
    )
    with op.batch_alter_table("frac_review_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_frac_review_event_node_id"), ["node_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_frac_review_event_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "frac_version",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("published_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by"], ["user_account.id"], name=op.f("fk_frac_version_published_by_user_account")
        ),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_frac_version")),
    )
    op.create_table(
        "competency_relation",
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.CheckConstraint("kind in ('prerequisite', 'related')", name=op.f("ck_competency_relation_kind")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["competency.id"],
            name=op.f("fk_competency_relation_source_id_competency"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["competency.id"],
            name=op.f("fk_competency_relation_target_id_competency"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "target_id", "kind", name=op.f("pk_competency_relation")),
    )
    with op.batch_alter_table("competency_relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competency_relation_target_id"), ["target_id"], unique=False)

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("knowledge_resources", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level_descriptors", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("alt_labels", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("source", sa.String(length=400), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="verified")
        )
        batch_op.add_column(sa.Column("created_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("l1_reviewed_by", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_competency_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_competency_status"), ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_competency_l1_reviewed_by_user_account"),
            "user_account",
            ["l1_reviewed_by"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_competency_submitted_by_user_account"), "user_account", ["submitted_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_competency_created_by_user_account"), "user_account", ["created_by"], ["id"]
        )

    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frac_version", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_course_competency_frac_version_frac_version"),
            "frac_version",
            ["frac_version"],
            ["number"],
        )

    with op.batch_alter_table("frac_role", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=400), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="verified")
        )
        batch_op.add_column(sa.Column("created_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("l1_reviewed_by", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_frac_role_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_frac_role_status"), ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_frac_role_l1_reviewed_by_user_account"), "user_account", ["l1_reviewed_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_frac_role_created_by_user_account"), "user_account", ["created_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_frac_role_submitted_by_user_account"), "user_account", ["submitted_by"], ["id"]
        )

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="verified")
        )
        batch_op.add_column(sa.Column("created_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("l1_reviewed_by", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_position_status"), ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_position_created_by_user_account"), "user_account", ["created_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_position_l1_reviewed_by_user_account"), "user_account", ["l1_reviewed_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_position_submitted_by_user_account"), "user_account", ["submitted_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_position_submitted_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_position_l1_reviewed_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_position_created_by_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_position_status"))
        batch_op.drop_column("l1_reviewed_by")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("created_by")
        batch_op.drop_column("status")

    with op.batch_alter_table("frac_role", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_frac_role_submitted_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_frac_role_created_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_frac_role_l1_reviewed_by_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_frac_role_status"))
        batch_op.drop_index(batch_op.f("ix_frac_role_source"))
        batch_op.drop_column("l1_reviewed_by")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("created_by")
        batch_op.drop_column("status")
        batch_op.drop_column("source")

    with op.batch_alter_table("course_competency", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_course_competency_frac_version_frac_version"), type_="foreignkey"
        )
        batch_op.drop_column("frac_version")

    with op.batch_alter_table("competency", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_competency_created_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_competency_submitted_by_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_competency_l1_reviewed_by_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_competency_status"))
        batch_op.drop_index(batch_op.f("ix_competency_source"))
        batch_op.drop_column("l1_reviewed_by")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("created_by")
        batch_op.drop_column("status")
        batch_op.drop_column("source")
        batch_op.drop_column("retired")
        batch_op.drop_column("alt_labels")
        batch_op.drop_column("level_descriptors")

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("knowledge_resources")

    with op.batch_alter_table("competency_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_relation_target_id"))

    op.drop_table("competency_relation")
    op.drop_table("frac_version")
    with op.batch_alter_table("frac_review_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frac_review_event_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_frac_review_event_node_id"))

    op.drop_table("frac_review_event")
    op.drop_table("proficiency_level")

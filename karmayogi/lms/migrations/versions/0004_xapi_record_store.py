"""The xAPI record store: statements and the agents and activities they name, documents, attachments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:18:24.705740
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "xapi_activity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.String(length=1024), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_xapi_activity_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xapi_activity")),
        sa.UniqueConstraint(
            "organisation_id", "activity_id", name=op.f("uq_xapi_activity_organisation_id_activity_id")
        ),
    )
    op.create_table(
        "xapi_attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("sha2", sa.String(length=128), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_xapi_attachment_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xapi_attachment")),
        sa.UniqueConstraint("organisation_id", "sha2", name=op.f("uq_xapi_attachment_organisation_id_sha2")),
    )
    op.create_table(
        "xapi_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("activity_id", sa.String(length=1024), nullable=True),
        sa.Column("agent_key", sa.String(length=600), nullable=True),
        sa.Column("registration", sa.Uuid(), nullable=True),
        sa.Column("document_id", sa.String(length=1024), nullable=False),
        sa.Column("scope_hash", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("updated", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_xapi_document_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xapi_document")),
        sa.UniqueConstraint(
            "organisation_id", "key_hash", name=op.f("uq_xapi_document_organisation_id_key_hash")
        ),
    )
    with op.batch_alter_table("xapi_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_xapi_document_scope", ["organisation_id", "scope_hash", "updated"], unique=False
        )

    op.create_table(
        "xapi_statement",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("verb_id", sa.String(length=512), nullable=False),
        sa.Column("registration", sa.Uuid(), nullable=True),
        sa.Column("object_ref", sa.Uuid(), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("timestamp", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("stored", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_client.id"], name=op.f("fk_xapi_statement_client_id_api_client")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_xapi_statement_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_xapi_statement")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_xapi_statement_organisation_id_id")),
    )
    with op.batch_alter_table("xapi_statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_xapi_statement_object_ref"), ["object_ref"], unique=False)
        batch_op.create_index("ix_xapi_statement_org_seq", ["organisation_id", "seq"], unique=False)
        batch_op.create_index("ix_xapi_statement_org_stored", ["organisation_id", "stored"], unique=False)
        batch_op.create_index(batch_op.f("ix_xapi_statement_registration"), ["registration"], unique=False)
        batch_op.create_index(batch_op.f("ix_xapi_statement_verb_id"), ["verb_id"], unique=False)

    op.create_table(
        "xapi_statement_activity",
        sa.Column("statement_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("activity_id", sa.String(length=1024), nullable=False),
        sa.Column("usage", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_seq"],
            ["xapi_statement.seq"],
            name=op.f("fk_xapi_statement_activity_statement_seq_xapi_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "statement_seq", "activity_id", "usage", name=op.f("pk_xapi_statement_activity")
        ),
    )
    with op.batch_alter_table("xapi_statement_activity", schema=None) as batch_op:
        batch_op.create_index("ix_xapi_statement_activity_id", ["activity_id", "statement_seq"], unique=False)

    op.create_table(
        "xapi_statement_agent",
        sa.Column("statement_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_key", sa.String(length=600), nullable=False),
        sa.Column("usage", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_seq"],
            ["xapi_statement.seq"],
            name=op.f("fk_xapi_statement_agent_statement_seq_xapi_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statement_seq", "agent_key", "usage", name=op.f("pk_xapi_statement_agent")),
    )
    with op.batch_alter_table("xapi_statement_agent", schema=None) as batch_op:
        batch_op.create_index("ix_xapi_statement_agent_key", ["agent_key", "statement_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("xapi_statement_agent", schema=None) as batch_op:
        batch_op.drop_index("ix_xapi_statement_agent_key")

    op.drop_table("xapi_statement_agent")
    with op.batch_alter_table("xapi_statement_activity", schema=None) as batch_op:
        batch_op.drop_index("ix_xapi_statement_activity_id")

    op.drop_table("xapi_statement_activity")
    with op.batch_alter_table("xapi_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xapi_statement_verb_id"))
        batch_op.drop_index(batch_op.f("ix_xapi_statement_registration"))
        batch_op.drop_index("ix_xapi_statement_org_stored")
        batch_op.drop_index("ix_xapi_statement_org_seq")
        batch_op.drop_index(batch_op.f("ix_xapi_statement_object_ref"))

    op.drop_table("xapi_statement")
    with op.batch_alter_table("xapi_document", schema=None) as batch_op:
        batch_op.drop_index("ix_xapi_document_scope")

    op.drop_table("xapi_document")
    op.drop_table("xapi_attachment")
    op.drop_table("xapi_activity")

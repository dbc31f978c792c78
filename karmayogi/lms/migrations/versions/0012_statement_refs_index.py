"""xAPI: index only the statements that refer to another, per organisation

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 20:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("xapi_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xapi_statement_object_ref"))
        batch_op.create_index(
            "ix_xapi_statement_refs",
            ["organisation_id", "object_ref"],
            unique=False,
            postgresql_where=sa.text("object_ref IS NOT NULL"),
            sqlite_where=sa.text("object_ref IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("xapi_statement", schema=None) as batch_op:
        batch_op.drop_index("ix_xapi_statement_refs")
        batch_op.create_index(batch_op.f("ix_xapi_statement_object_ref"), ["object_ref"], unique=False)

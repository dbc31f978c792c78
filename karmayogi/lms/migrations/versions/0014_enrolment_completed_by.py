"""Enrolments: who marked one completed by hand

So that nobody certifies their own completion, and a completion's proposal names its proposer.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("completed_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_enrolment_completed_by_user_account", "user_account", ["completed_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_enrolment_completed_by_user_account", type_="foreignkey")
        batch_op.drop_column("completed_by")

"""Sign-in throttling: failures per account and per address, shared by every worker process

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 22:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind in ('account', 'address')", name=op.f("ck_login_throttle_kind")),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_login_throttle")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")

"""Competency-level credentials follow the passbook through a table of what is due

The passbook used to sign credentials inside the transaction that changed a level, and only where the
session carried the app's settings: a level verified by the xAPI projector or a command line signed
nothing. The table holds each (official, competency) whose verified level changed until a worker with
the issuer's settings brings its credentials in line. Every verified line is noted once here, so the
credentials of levels verified before this revision follow them too.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from karmayogi.lms.db import UTCDateTime

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "level_credential_due",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("competency_id", sa.Uuid(), primary_key=True),
        sa.Column("noted_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_level_credential_due_noted_at", "level_credential_due", ["noted_at"])
    op.execute(
        "INSERT INTO level_credential_due (user_id, competency_id, noted_at)"
        " SELECT DISTINCT user_id, competency_id, CURRENT_TIMESTAMP FROM competency_profile"
        " WHERE standing = 'verified'"
    )


def downgrade() -> None:
    op.drop_index("ix_level_credential_due_noted_at", table_name="level_credential_due")
    op.drop_table("level_credential_due")

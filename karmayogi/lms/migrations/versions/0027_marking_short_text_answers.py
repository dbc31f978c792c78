"""Short-text answers are marked by a second person: the marks given, and whether an attempt still waits

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 01:20:00.000000
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_attempt") as batch:
        batch.add_column(sa.Column("marks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("awaiting_marks", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index("ix_assessment_attempt_awaiting_marks", ["awaiting_marks"])
    # Papers submitted before marking existed, with a short answer never marked, wait for their marks too.
    conn = op.get_bind()
    attempts = sa.table(
        "assessment_attempt", sa.column("id"), sa.column("result"), sa.column("awaiting_marks")
    )
    for attempt_id, result in conn.execute(sa.select(attempts.c.id, attempts.c.result)).all():
        held = json.loads(result) if isinstance(result, str) else result
        if held and held.get("pending_review"):
            conn.execute(attempts.update().where(attempts.c.id == attempt_id).values(awaiting_marks=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_attempt") as batch:
        batch.drop_index("ix_assessment_attempt_awaiting_marks")
        batch.drop_column("awaiting_marks")
        batch.drop_column("marks")

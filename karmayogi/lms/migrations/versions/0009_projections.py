"""Projecting xAPI statements into enrolments: the outbox, the projector's row, time spent

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 17:02:41.118204
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "xapi_projection_outbox",
        sa.Column("statement_seq", SEQ, autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_seq"],
            ["xapi_statement.seq"],
            name=op.f("fk_xapi_projection_outbox_statement_seq_xapi_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statement_seq", name=op.f("pk_xapi_projection_outbox")),
    )
    op.create_table(
        "xapi_projector",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("last_seq", SEQ, nullable=True),
        sa.Column("updated_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_xapi_projector")),
    )
    op.add_column(
        "enrolment", sa.Column("time_spent_seconds", sa.Integer(), server_default="0", nullable=False)
    )
    # Statements stored before projections existed are projected too: history counts.
    op.execute(
        "INSERT INTO xapi_projection_outbox (statement_seq) SELECT seq FROM xapi_statement"
        " WHERE verb_id <> 'http://adlnet.gov/expapi/verbs/voided'"
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): rebuilding the table would trip issued credentials' foreign key.
    op.drop_column("enrolment", "time_spent_seconds")
    op.drop_table("xapi_projector")
    op.drop_table("xapi_projection_outbox")

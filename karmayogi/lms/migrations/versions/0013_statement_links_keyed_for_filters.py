"""xAPI: statement link rows keyed by agent or activity first, without a foreign key

Each link table's primary key becomes the index its filter walks, so ingest maintains one index per
row instead of two, and no longer checks a foreign key per row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, the column it is filtered by, and that column's old index
LINKS = (
    ("xapi_statement_agent", "agent_key", "ix_xapi_statement_agent_key"),
    ("xapi_statement_activity", "activity_id", "ix_xapi_statement_activity_id"),
)


def upgrade() -> None:
    for table, column, index in LINKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_statement_seq_xapi_statement", type_="foreignkey")
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.drop_index(index)
            batch_op.create_primary_key(f"pk_{table}", [column, "statement_seq", "usage"])


def downgrade() -> None:
    for table, column, index in LINKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(f"pk_{table}", ["statement_seq", column, "usage"])
            batch_op.create_index(index, [column, "statement_seq"], unique=False)
            batch_op.create_foreign_key(
                f"fk_{table}_statement_seq_xapi_statement",
                "xapi_statement",
                ["statement_seq"],
                ["seq"],
                ondelete="CASCADE",
            )

"""People from HR records: the employee code re-imports match on, and password tokens for invitations

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-05 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE rather than a batch copy: on SQLite a batch re-creates user_account, and with foreign
# keys on, dropping the old table would cascade to every grant.
def upgrade() -> None:
    op.add_column("user_account", sa.Column("employee_code", sa.String(length=32), nullable=True))
    op.create_index("ix_user_account_employee_code", "user_account", ["employee_code"], unique=True)
    op.create_table(
        "password_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("purpose in ('invitation', 'reset')", name=op.f("ck_password_token_purpose")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_password_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_password_token_digest")),
    )
    op.create_index(op.f("ix_password_token_user_id"), "password_token", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_password_token_user_id"), table_name="password_token")
    op.drop_table("password_token")
    op.drop_index("ix_user_account_employee_code", table_name="user_account")
    op.drop_column("user_account", "employee_code")

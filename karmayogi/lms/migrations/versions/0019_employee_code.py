"""People: the employee code an HR system knows an official by, so that re-imports update in place

Revision ID: 0019
Revises: 0013
Create Date: 2026-12-05 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE rather than a batch copy: on SQLite a batch re-creates user_account, and with foreign
# keys on, dropping the old table would cascade to every grant.
def upgrade() -> None:
    op.add_column("user_account", sa.Column("employee_code", sa.String(length=32), nullable=True))
    op.create_index("ix_user_account_employee_code", "user_account", ["employee_code"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_user_account_employee_code", table_name="user_account")
    op.drop_column("user_account", "employee_code")

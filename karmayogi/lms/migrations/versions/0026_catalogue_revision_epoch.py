"""The catalogue revision carries an epoch, drawn when its row is created

Warm indexes are kept per process and keyed by the revision. A database emptied and filled again
(restored from a backup, reset for a demo) counts its revisions from 1 again; the epoch tells the
new count from the old one, so no index built for the old catalogue is served for the new.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 01:00:00.000000
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("catalogue_revision") as batch:
        batch.add_column(sa.Column("epoch", sa.String(length=32), nullable=False, server_default=""))
    op.execute(sa.text("UPDATE catalogue_revision SET epoch = :epoch").bindparams(epoch=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("catalogue_revision") as batch:
        batch.drop_column("epoch")

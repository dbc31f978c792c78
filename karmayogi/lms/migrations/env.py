"""Alembic environment: runs on a connection handed in by `karmayogi.lms.schema`, or on the configured URL."""

from alembic import context

import karmayogi.lms.orm  # noqa: F401  (registers every table)
from karmayogi.lms.db import Base, make_engine

config = context.config


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()

"""Fresh databases for benchmarks: a temporary SQLite file, or a scratch database on the PostgreSQL server."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get(
    "KARMAYOGI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def scratch_database(backend: str) -> Iterator[str]:
    """The URL of an empty database on `backend` ("sqlite" or "postgresql"), removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    admin = create_engine(
        POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )  # survives a restart
    name = f"karmayogi_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def analyze(url: str) -> None:
    """Table statistics as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) keeps them in service.

    The PostgreSQL of the development machine and CI runs with autovacuum off; without this, the
    planner goes on planning for the empty tables it last saw.
    """
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()

"""Fixtures shared by every test: real databases (SQLite and PostgreSQL) migrated by Alembic.

DB-backed tests take the `db` fixture, which runs each test once per backend. PostgreSQL is
reached at KARMAYOGI_TEST_POSTGRES_URL (default: the local server's `test` database); each test
session works in a scratch database of its own, created there and dropped at the end. Where the
server cannot be reached the PostgreSQL runs are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from karmayogi.lms import schema
from karmayogi.lms.db import Base, Database


def forget_warm_indexes() -> None:
    from karmayogi.lms import warm_recommenders
    from karmayogi.lms.catalogue import embeddings, harmonisation, search

    embeddings._published.clear()
    embeddings._snapshots.clear()
    search.warm.built.clear()
    harmonisation._reports.clear()
    warm_recommenders.warm.built.clear()


POSTGRES_URL = os.environ.get(
    "KARMAYOGI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]
REFERENCE_TABLES = {"proficiency_level"}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Callable[[], str]]:
    """A function that creates a scratch database on the PostgreSQL server and returns its URL."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc.__class__.__name__}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (under CI=true this fails the run rather than skipping)")
        pytest.skip(message)
    created: list[str] = []

    def scratch() -> str:
        name = f"karmayogi_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    yield scratch
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a database with no tables, for the backend named by the test's `backend` parameter."""
    backend = request.param if hasattr(request, "param") else "sqlite"
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return request.getfixturevalue("postgres_server")()


@pytest.fixture(scope="session")
def databases() -> Iterator[dict[str, Database]]:
    """One migrated database per backend for the whole session, opened on first use."""
    opened: dict[str, Database] = {}
    yield opened
    for database in opened.values():
        database.dispose()


def _open(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Database:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'karmayogi.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server")()
    database = Database(url)
    schema.upgrade(database.engine)
    return database


@pytest.fixture(params=BACKENDS)
def db(
    request: pytest.FixtureRequest, databases: dict[str, Database], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A migrated database, emptied after each test."""
    backend = request.param
    if backend not in databases:
        databases[backend] = _open(backend, request, tmp_path_factory)
    database = databases[backend]
    yield database
    # Reference data written by the migrations (the proficiency scale) stays; everything else goes.
    tables = [name for name in Base.metadata.tables if name not in REFERENCE_TABLES]
    # The next test's database has this one's URL but other rows: the process's warm indexes, kept per
    # URL and catalogue revision, must not outlive it. The services and the demo seed raise the revision
    # (a new row, a new epoch, once the table is emptied); a test that writes course rows directly does
    # not, and would otherwise be served the catalogue of an earlier test.
    forget_warm_indexes()
    if backend == "postgresql":
        # TRUNCATE costs per table named, so it names only the tables the test wrote to, found in one query.
        probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t})" for t in tables)
        with database.engine.begin() as conn:
            written = conn.execute(text(probe)).scalars().all()
            if written:
                conn.execute(text(f"TRUNCATE {', '.join(written)} CASCADE"))
    else:
        raw = database.engine.raw_connection()
        try:
            raw.execute("PRAGMA foreign_keys=OFF")
            for table in tables:
                raw.execute(f"DELETE FROM {table}")
            raw.commit()
            raw.execute("PRAGMA foreign_keys=ON")
        finally:
            raw.close()

"""Engine, sessions and the column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Engine, MetaData, Table, Uuid, create_engine, event, insert
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from karmayogi.lms import jsontext


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite keeps no zone, so naive values are read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; times are stored as timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


def utcnow() -> datetime:
    return datetime.now(UTC)


COPY_FROM_ROWS = 50


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with the same keys: COPY on PostgreSQL, one executemany elsewhere.

    COPY streams every row in one command, where psycopg's executemany sends one INSERT per row;
    for the record store's ingest that is most of the difference between hundreds and thousands of
    statements a second. A COPY costs a few round trips more than an INSERT, so a handful of rows
    still goes as INSERTs. Values go to COPY as given: times must already be timezone-aware.
    """
    if not rows:
        return
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = [isinstance(table.c[name].type, JSON) for name in columns]
    command = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    dbapi = connection.dialect.loaded_dbapi
    try:
        with connection.connection.cursor() as cursor, cursor.copy(command) as copy:
            for row in rows:
                values = zip((row[name] for name in columns), as_json, strict=True)
                copy.write_row([jsontext.written(value) if is_json else value for value, is_json in values])
    except dbapi.Error as exc:  # raised as SQLAlchemy raises a failed INSERT: IntegrityError and so on
        raise DBAPIError.instance(command, None, exc, dbapi.Error) from exc


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with SQLite made to enforce foreign keys and allow a reader beside the writer."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine


class Database:
    """One engine and its session factory; the app and the CLI each hold one."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls everything back on any error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

"""One set of Alembic migrations serves SQLite and PostgreSQL, up to head and back to base."""

import pytest
from sqlalchemy import inspect

from karmayogi.api.app import create_app
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Base, Database
from karmayogi.lms.errors import SchemaOutOfDate

BACKENDS = ["sqlite", "postgresql"]


@pytest.mark.parametrize("empty_database_url", BACKENDS, indirect=True)
def test_upgrade_to_head_then_downgrade_to_base(empty_database_url):
    db = Database(empty_database_url)
    try:
        schema.upgrade(db.engine)
        assert schema.current_revision(db.engine) == schema.head_revision()
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
        schema.downgrade(db.engine, "base")
        assert schema.current_revision(db.engine) is None
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    finally:
        db.dispose()


@pytest.mark.parametrize("empty_database_url", BACKENDS, indirect=True)
def test_the_models_and_the_migrations_agree(empty_database_url):
    """Autogenerate finds nothing to do after upgrading: no model change is missing a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database(empty_database_url)
    try:
        schema.upgrade(db.engine)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.dispose()


@pytest.mark.parametrize("empty_database_url", BACKENDS, indirect=True)
def test_the_server_refuses_an_out_of_date_schema_and_names_the_fix(empty_database_url):
    db = Database(empty_database_url)
    try:
        with pytest.raises(SchemaOutOfDate, match="karmayogi db upgrade"):
            schema.ensure_current(db.engine)
        app = create_app(Settings(database_url=empty_database_url, secret_key="k" * 40), db)
        from fastapi.testclient import TestClient

        with pytest.raises(SchemaOutOfDate), TestClient(app):
            pass
    finally:
        db.dispose()

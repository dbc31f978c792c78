"""Migration 0019 adds the employee code without touching what set-up wrote before it."""

import pytest
from sqlalchemy import text

from karmayogi.lms import schema
from karmayogi.lms.db import Database


@pytest.mark.parametrize("empty_database_url", ["sqlite", "postgresql"], indirect=True)
def test_grants_and_people_survive_the_upgrade(empty_database_url):
    """A copy of user_account on SQLite would cascade to every grant; the migration must not copy it."""
    db = Database(empty_database_url)
    try:
        schema.upgrade(db.engine, "0013")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organisation (id, kind, name, parent_id, path, created_at) "
                    "VALUES (:o, 'ministry', 'M', NULL, :p, CURRENT_TIMESTAMP)"
                ),
                {"o": "00000000000000000000000000000001", "p": "/1/"},
            )
            conn.execute(
                text(
                    "INSERT INTO user_account (id, organisation_id, email, full_name, is_active, "
                    "probation_status, created_at) VALUES (:u, :o, 'a@b.in', 'A', true, 'not_applicable', "
                    "CURRENT_TIMESTAMP)"
                ),
                {"u": "00000000000000000000000000000002", "o": "00000000000000000000000000000001"},
            )
            conn.execute(
                text(
                    "INSERT INTO role_grant (id, user_id, role, created_at) "
                    "VALUES (:g, :u, 'platform_admin', CURRENT_TIMESTAMP)"
                ),
                {"g": "00000000000000000000000000000003", "u": "00000000000000000000000000000002"},
            )
        schema.upgrade(db.engine, "0019")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM role_grant")).scalar() == 1
            assert conn.execute(text("SELECT employee_code FROM user_account")).scalar() is None
    finally:
        db.dispose()

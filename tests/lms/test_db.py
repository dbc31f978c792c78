"""The session's transaction holds on both databases: a savepoint's rows go when the session rolls back."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation


class Refused(Exception):
    pass


def test_a_released_savepoint_is_still_undone_by_the_sessions_rollback(db: Database):
    name = f"Savepoint office {uuid.uuid4().hex[:6]}"
    with pytest.raises(Refused), db.transaction() as session:
        # The savepoint is the session's first write: on SQLite its RELEASE used to commit the row.
        with session.begin_nested():
            session.add(Organisation(name=name, kind="ministry", path=name))
        raise Refused
    with db.transaction() as session:
        assert session.scalar(select(func.count()).where(Organisation.name == name)) == 0


def test_a_savepoint_rolled_back_keeps_what_came_before_it(db: Database):
    kept, dropped = (f"{word} office {uuid.uuid4().hex[:6]}" for word in ("Kept", "Dropped"))
    with db.transaction() as session:
        session.add(Organisation(name=kept, kind="ministry", path=kept))
        session.flush()
        with pytest.raises(Refused), session.begin_nested():
            session.add(Organisation(name=dropped, kind="ministry", path=dropped))
            session.flush()
            raise Refused
    with db.transaction() as session:
        names = set(session.scalars(select(Organisation.name).where(Organisation.name.in_([kept, dropped]))))
    assert names == {kept}

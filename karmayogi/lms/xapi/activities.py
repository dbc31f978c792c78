"""The canonical definition of each activity: the newest statement's, merged over what was known.

Most statements repeat a definition the record store already holds, so each process remembers the
definitions it has committed or read in the last minute, and neither reads nor writes an activity
whose definition a batch only repeats. The cost of that memory: for up to a minute, a definition
another process changed can be kept over a statement that repeats the older one, which xAPI allows
(the LRS decides whose definition is canonical).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import upsertable_insert
from karmayogi.lms.orm import XapiActivity

Definition = dict[str, object]
Statement = dict[str, object]


class _Remembered:
    """Definitions committed or read by this process lately, per organisation and activity."""

    def __init__(self, seconds: float = 60.0, most: int = 100_000) -> None:
        self._seconds = seconds
        self._most = most
        self._definitions: dict[tuple[uuid.UUID, str], tuple[float, Definition]] = {}
        self._lock = threading.Lock()

    def news(self, organisation_id: uuid.UUID, definitions: dict[str, Definition]) -> dict[str, Definition]:
        """The definitions that add something to the one remembered for their activity, if any."""
        oldest = time.monotonic() - self._seconds
        news = {}
        for activity_id, definition in definitions.items():
            at, remembered = self._definitions.get((organisation_id, activity_id), (oldest, {}))
            if at <= oldest or _merged(remembered, definition) != remembered:
                news[activity_id] = definition
        return news

    def keep(self, organisation_id: uuid.UUID, definitions: dict[str, Definition]) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._definitions) + len(definitions) > self._most:
                self._definitions.clear()
            for activity_id, definition in definitions.items():
                self._definitions[organisation_id, activity_id] = (now, definition)


_remembered = _Remembered()


def record(session: Session, organisation_id: uuid.UUID, statements: list[Statement], now: datetime) -> None:
    """Keep the canonical definitions of the activities a batch of new statements defines.

    An activity named without a definition (most context activities) changes nothing: one never
    defined is answered as a bare object anyway.
    """
    definitions: dict[str, Definition] = {}
    for statement in statements:
        for activity in _activity_objects(statement):
            if definition := activity.get("definition"):
                definitions[activity["id"]] = _merged(definitions.get(activity["id"], {}), definition)
    definitions = _remembered.news(organisation_id, definitions)
    if not definitions:
        return
    table = XapiActivity.__table__
    connection = session.connection()
    known: dict[str, Definition] = dict(
        connection.execute(
            select(table.c.activity_id, table.c.definition).where(
                table.c.organisation_id == organisation_id, table.c.activity_id.in_(list(definitions))
            )
        ).all()
    )
    canonical = {
        activity_id: _merged(known[activity_id], definition) if activity_id in known else definition
        for activity_id, definition in definitions.items()
    }
    # Remembered only once committed: a batch rolled back must not leave a definition thought stored.
    event.listen(session, "after_commit", lambda _: _remembered.keep(organisation_id, canonical), once=True)
    # Write only what is new or changed, in one statement whose rows go in activity-id order, so
    # concurrent batches lock shared activities in the same order. A batch racing another to define
    # a new activity overwrites it: the newer definition wins.
    written = sorted((a, d) for a, d in canonical.items() if d != known.get(a))
    if not written:
        return
    upsert = upsertable_insert(connection)(table)
    connection.execute(
        upsert.on_conflict_do_update(
            index_elements=[table.c.organisation_id, table.c.activity_id],
            set_={"definition": upsert.excluded.definition, "updated": upsert.excluded.updated},
        ),
        [
            {
                "id": uuid.uuid4(),
                "organisation_id": organisation_id,
                "activity_id": activity_id,
                "definition": definition,
                "updated": now,
            }
            for activity_id, definition in written
        ],
    )


def get(session: Session, organisation_id: uuid.UUID, activity_id: str) -> Statement:
    """The canonical Activity object; an activity never seen still gets a bare object with its id."""
    row = session.scalar(
        select(XapiActivity).where(
            XapiActivity.organisation_id == organisation_id, XapiActivity.activity_id == activity_id
        )
    )
    activity: Statement = {"objectType": "Activity", "id": activity_id}
    if row is not None and row.definition:
        activity["definition"] = row.definition
    return activity


def _activity_objects(statement: Statement) -> Iterator[Statement]:
    """Every Activity object a statement carries: its object, context activities, and a sub-statement's."""
    obj = statement.get("object") or {}
    if obj.get("objectType", "Activity") == "Activity" and "id" in obj:
        yield obj
    for value in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        yield from value
    if obj.get("objectType") == "SubStatement":
        yield from _activity_objects(obj)


def _merged(known: Definition, newer: Definition) -> Definition:
    """A definition with the newer one's properties; language maps keep the languages only the older had."""
    merged = {**known, **newer}
    for key in ("name", "description"):
        if isinstance(known.get(key), dict) and isinstance(newer.get(key), dict):
            merged[key] = {**known[key], **newer[key]}
    return merged

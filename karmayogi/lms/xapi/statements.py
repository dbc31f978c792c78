"""Storing and querying xAPI statements for one organisation's record store.

Ingest is the hot path: a batch is validated in memory and written without a look at existing ids,
its agent and activity links and projection outbox rows with it: on PostgreSQL in one SQL statement,
on SQLite in one INSERT per table. Queries filter on indexed columns and on the agent and activity
link rows, and page on the stored sequence number, so a `more` link stays valid however many
statements arrive in between.

A reader must never pass a statement that commits late: one whose sequence number or stored time is
below what the reader has already seen. `settled` gives every query a point (a stored time, the
X-Experience-API-Consistent-Through, and on PostgreSQL a sequence number the query stops at) below
which every statement is committed, with the clock read under the same lock as the writers':
- PostgreSQL (concurrent writers): a batch holds its organisation's advisory lock, shared, from
  reading its stored time to its commit, so batches still commit side by side. A reader takes the
  lock alone for an instant, waiting for the batches in flight: then every sequence number issued so
  far is settled and every later batch will read a later clock.
- SQLite (one writer at a time): a batch reads its stored time once it holds the write lock and after
  the organisation's last stored time, so sequence numbers and stored times rise in commit order.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    Text,
    cast,
    func,
    insert,
    intersect,
    select,
    text,
    union,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from karmayogi.lms import jsontext
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import DomainError
from karmayogi.lms.orm import XapiStatement, XapiStatementActivity, XapiStatementAgent
from karmayogi.lms.orm.xapi import XapiProjectionOutbox
from karmayogi.lms.xapi import activities
from karmayogi.lms.xapi.errors import XapiBadRequest

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
# Properties the LRS sets; two statements that differ only in these are the same statement.
LRS_SET = ("stored", "authority", "version")
Statement = dict[str, Any]


class StatementConflict(DomainError):
    """A statement id already holds a different statement."""


class StatementRejected(XapiBadRequest):
    """The batch breaks a rule beyond the grammar (e.g. voiding a voiding statement); nothing is stored."""


def agent_key(agent: dict[str, object]) -> str | None:
    """The inverse functional identifier that names an agent or identified group, as one string."""
    if "mbox" in agent:
        return f"mbox:{agent['mbox']}"
    if "mbox_sha1sum" in agent:
        return f"mbox_sha1sum:{agent['mbox_sha1sum']}"
    if "openid" in agent:
        return f"openid:{agent['openid']}"
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage')}|{account.get('name')}"
    return None


def _agents(statement: Statement, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(agent key, usage) for every agent a statement names; group members count as their group."""

    def named(agent: object, usage: str) -> Iterator[tuple[str, str]]:
        if not isinstance(agent, dict):
            return
        key = agent_key(agent)
        if key:
            yield key, prefix + usage
        for member in agent.get("member", []) or []:
            member_key = agent_key(member) if isinstance(member, dict) else None
            if member_key:
                yield member_key, prefix + usage

    yield from named(statement.get("actor"), "actor")
    obj = statement.get("object") or {}
    if obj.get("objectType") in ("Agent", "Group"):
        yield from named(obj, "object")
    yield from named(statement.get("authority"), "authority")
    context = statement.get("context") or {}
    yield from named(context.get("instructor"), "instructor")
    yield from named(context.get("team"), "team")
    for entry in context.get("contextAgents", []) or []:
        yield from named(entry.get("agent"), "context_agent")
    for entry in context.get("contextGroups", []) or []:
        yield from named(entry.get("group"), "context_group")
    if obj.get("objectType") == "SubStatement" and not prefix:
        yield from _agents(obj, "sub_")


def _activities(statement: Statement, prefix: str = "") -> Iterator[tuple[str, str]]:
    obj = statement.get("object") or {}
    if obj.get("objectType", "Activity") == "Activity" and "id" in obj:
        yield obj["id"], prefix + "object"
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    for kind, value in context_activities.items():
        for activity in value if isinstance(value, list) else [value]:
            if isinstance(activity, dict) and "id" in activity:
                yield activity["id"], prefix + kind
    if obj.get("objectType") == "SubStatement" and not prefix:
        yield from _activities(obj, "sub_")


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _with_context_activity_lists(statement: Statement) -> Statement:
    """A single context activity is stored as a list of one, the form the LRS always returns."""
    for holder in (statement, statement.get("object") or {}):
        context_activities = (holder.get("context") or {}).get("contextActivities")
        if isinstance(context_activities, dict):
            for kind, value in context_activities.items():
                if isinstance(value, dict):
                    context_activities[kind] = [value]
    return statement


def _comparable(statement: Statement, without: tuple[str, ...] = ()) -> str:
    trimmed = {k: v for k, v in statement.items() if k not in LRS_SET and k not in without}
    return json.dumps(trimmed, sort_keys=True, separators=(",", ":"))


def store(
    session: Session,
    organisation_id: uuid.UUID,
    client_id: uuid.UUID,
    authority: dict[str, object],
    statements: list[Statement],
    version: str,
    projected: Callable[[Statement], bool] | None = None,
) -> list[uuid.UUID]:
    """Store a validated batch, all or nothing, returning the ids in order; a re-sent statement is a no-op.

    The statements are completed in place (id, stored, authority...): they are the request's own
    parsed body, and copying them would cost more than the rest of ingest. The batch has no id twice
    (validation refuses that). Only statements that `projected` accepts (all, without it) enter the
    projection outbox.
    """
    now = _take_turn(session, organisation_id)
    stored_at = _iso(now)
    # A statement sent without a timestamp got the LRS's; sending it again is still the same statement.
    untimed: set[uuid.UUID] = set()
    by_id: dict[uuid.UUID, Statement] = {}
    for raw in statements:
        statement = _with_context_activity_lists(raw)
        statement_id = uuid.UUID(statement["id"]) if "id" in statement else uuid.uuid4()
        statement["id"] = str(statement_id)
        if "timestamp" not in statement:
            untimed.add(statement_id)
            statement["timestamp"] = stored_at
        statement["stored"] = stored_at
        statement["authority"] = authority
        statement.setdefault("version", version)
        by_id[statement_id] = statement
    batch = list(by_id.values())
    voids = _voided_targets(session, organisation_id, batch)
    # Nearly every statement is new, so the batch is inserted as if all were and the database skips the
    # taken ids (ON CONFLICT DO NOTHING): no look beforehand, and a concurrent batch with the same id
    # waits for this one, then finds it taken. Only the statements inserted get link and outbox rows.
    postgresql = session.get_bind().dialect.name == "postgresql"
    seqs = (_insert_new_postgresql if postgresql else _insert_new_sqlite)(
        session, organisation_id, client_id, batch, now, projected
    )
    taken = {statement_id: by_id[statement_id] for statement_id in by_id.keys() - seqs.keys()}
    if taken:
        _check_same(session, organisation_id, taken, untimed)
    if seqs:
        activities.record(session, organisation_id, [by_id[statement_id] for statement_id in seqs], now)
    if voids:
        session.execute(
            update(XapiStatement)
            .where(
                XapiStatement.organisation_id == organisation_id,
                XapiStatement.id.in_([uuid.UUID(t) for t in voids.values()]),
            )
            .values(voided=True)
        )
    return list(by_id)


# The advisory lock class of the organisations' ingest turns ("xAPI"); the key is the organisation's.
_TURN_CLASS = 0x78415049
_MILLISECOND = timedelta(milliseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _turn_key(organisation_id: uuid.UUID) -> int:
    """The organisation's advisory lock key: two organisations that share one merely take turns together."""
    return int.from_bytes(organisation_id.bytes[:4], "big", signed=True)


def _to_millisecond(moment: datetime) -> datetime:
    """Stored times are kept at the millisecond they are reported with, so `since` a reported time
    excludes it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _take_turn(session: Session, organisation_id: uuid.UUID) -> datetime:
    """Enter the organisation's ingest, held to commit, and return this batch's stored time, read on the
    clock once inside (see the module's note)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock_shared(_TURN_CLASS, _turn_key(organisation_id))))
        return _to_millisecond(utcnow())
    # SQLite has one writer at a time: a write that changes nothing takes the write lock now.
    session.execute(text("UPDATE xapi_projector SET name = name WHERE 0 = 1"))
    now = _to_millisecond(utcnow())
    last = _last_stored(session, organisation_id)
    return last + _MILLISECOND if last is not None and last >= now else now


def _last_stored(session: Session, organisation_id: uuid.UUID) -> datetime | None:
    return session.scalar(
        select(func.max(XapiStatement.stored)).where(XapiStatement.organisation_id == organisation_id)
    )


def _projected(statement: Statement, projected: Callable[[Statement], bool] | None) -> bool:
    """Whether a new statement enters the projection outbox, in its own transaction: an acknowledged
    statement is always projected."""
    return statement["verb"]["id"] != VOIDED and (projected is None or projected(statement))


def _insert_new_sqlite(
    session: Session,
    organisation_id: uuid.UUID,
    client_id: uuid.UUID,
    statements: list[Statement],
    now: datetime,
    projected: Callable[[Statement], bool] | None,
) -> dict[uuid.UUID, int]:
    """The statements in one INSERT that skips taken ids, then the link and outbox rows of those inserted."""
    table = XapiStatement.__table__
    inserting = (
        sqlite_insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.organisation_id, table.c.id])
        .returning(table.c.id, table.c.seq)
    )
    rows = [
        {
            "id": uuid.UUID(statement["id"]),
            "organisation_id": organisation_id,
            "client_id": client_id,
            "statement": statement,
            "verb_id": statement["verb"]["id"],
            "registration": uuid.UUID(registration) if (registration := _registration(statement)) else None,
            "object_ref": uuid.UUID(ref) if (ref := _object_ref(statement)) else None,
            "voided": False,
            "timestamp": _parse_time(statement["timestamp"]),
            "stored": now,
        }
        for statement in statements
    ]
    inserted = dict(session.execute(inserting, rows).all())
    # Back in the batch's order, which is the order of their sequence numbers.
    seqs = {row["id"]: inserted[row["id"]] for row in rows if row["id"] in inserted}
    fresh = [(seqs[row["id"]], s) for row, s in zip(rows, statements, strict=True) if row["id"] in seqs]
    agents, activity_links = _link_rows(fresh, "statement_seq")
    outbox = [{"statement_seq": seq} for seq, s in fresh if _projected(s, projected)]
    for link_table, link_rows in (
        (XapiStatementAgent.__table__, agents),
        (XapiStatementActivity.__table__, activity_links),
        (XapiProjectionOutbox.__table__, outbox),
    ):
        if link_rows:
            session.execute(insert(link_table), link_rows)
    return seqs


# The whole batch in one round trip: the rows go as JSON, the statements are inserted skipping taken
# ids, and only the rows actually inserted get link and outbox rows, joined back by statement id.
_INGEST = text(
    """
WITH batch AS (
    SELECT * FROM json_to_recordset(CAST(:statements AS json)) AS b(
        n integer, id uuid, statement json, verb_id text, registration uuid, object_ref uuid,
        "timestamp" timestamptz, projected boolean)
), inserted AS (
    INSERT INTO xapi_statement (
        id, organisation_id, client_id, statement, verb_id, registration, object_ref, voided,
        "timestamp", stored)
    SELECT id, :organisation_id, :client_id, statement, verb_id, registration, object_ref, false,
        "timestamp", :stored
    FROM batch ORDER BY n
    ON CONFLICT (organisation_id, id) DO NOTHING
    RETURNING id, seq
), agents AS (
    INSERT INTO xapi_statement_agent (agent_key, statement_seq, usage)
    SELECT link.agent_key, inserted.seq, link.usage
    FROM json_to_recordset(CAST(:agents AS json)) AS link(id uuid, agent_key text, usage text)
    JOIN inserted USING (id)
), activities AS (
    INSERT INTO xapi_statement_activity (activity_id, statement_seq, usage)
    SELECT link.activity_id, inserted.seq, link.usage
    FROM json_to_recordset(CAST(:activities AS json)) AS link(id uuid, activity_id text, usage text)
    JOIN inserted USING (id)
), outbox AS (
    INSERT INTO xapi_projection_outbox (statement_seq)
    SELECT inserted.seq FROM inserted JOIN batch USING (id) WHERE batch.projected
)
SELECT id, seq FROM inserted ORDER BY seq
"""
)


def _insert_new_postgresql(
    session: Session,
    organisation_id: uuid.UUID,
    client_id: uuid.UUID,
    statements: list[Statement],
    now: datetime,
    projected: Callable[[Statement], bool] | None,
) -> dict[uuid.UUID, int]:
    """`_insert_new_sqlite` in a single statement: one round trip, where a COPY or an INSERT per table
    costs ingest several, and one JSON text per table rather than a value conversion per column."""
    agents, activity_links = _link_rows([(s["id"], s) for s in statements], "id")
    rows = [
        {
            "n": n,
            "id": statement["id"],
            "statement": statement,
            "verb_id": statement["verb"]["id"],
            "registration": _registration(statement),
            "object_ref": _object_ref(statement),
            "timestamp": _parse_time(statement["timestamp"]).isoformat(),
            "projected": _projected(statement, projected),
        }
        for n, statement in enumerate(statements)
    ]
    inserted = session.execute(
        _INGEST,
        {
            "statements": jsontext.written(rows),
            "agents": jsontext.written(agents),
            "activities": jsontext.written(activity_links),
            "organisation_id": organisation_id,
            "client_id": client_id,
            "stored": now,
        },
    )
    return dict(inserted.all())


def _link_rows(
    keyed: list[tuple[object, Statement]], key: str
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The agent and activity link rows of statements, each row naming its statement under `key` by
    the value paired with it: its sequence number once inserted, or its id before."""
    agents = [
        {key: value, "agent_key": agent, "usage": usage}
        for value, s in keyed
        for agent, usage in set(_agents(s))
    ]
    activity_links = [
        {key: value, "activity_id": activity, "usage": usage}
        for value, s in keyed
        for activity, usage in set(_activities(s))
    ]
    return agents, activity_links


def _registration(statement: Statement) -> str | None:
    return (statement.get("context") or {}).get("registration")


def _object_ref(statement: Statement) -> str | None:
    obj = statement["object"]
    return obj["id"] if obj.get("objectType") == "StatementRef" else None


def _check_same(
    session: Session, organisation_id: uuid.UUID, taken: dict[uuid.UUID, Statement], untimed: set[uuid.UUID]
) -> None:
    """A re-sent statement is a no-op; a different statement under a taken id is a conflict."""
    stored = session.execute(
        select(XapiStatement.id, XapiStatement.statement).where(
            XapiStatement.organisation_id == organisation_id, XapiStatement.id.in_(list(taken))
        )
    )
    for statement_id, statement in stored:
        without = ("timestamp",) if statement_id in untimed else ()
        if _comparable(statement, without) != _comparable(taken[statement_id], without):
            raise StatementConflict(f"statement id {statement_id} already holds a different statement")


def _voided_targets(
    session: Session, organisation_id: uuid.UUID, statements: list[Statement]
) -> dict[str, str]:
    """statement id → the id it voids, refusing to void a voiding statement."""
    voids = {
        s["id"]: s["object"]["id"]
        for s in statements
        if s["verb"]["id"] == VOIDED and (s.get("object") or {}).get("objectType") == "StatementRef"
    }
    if not voids:
        return {}
    targets = [uuid.UUID(t) for t in voids.values()]
    voiding = session.scalars(
        select(XapiStatement.id).where(
            XapiStatement.organisation_id == organisation_id,
            XapiStatement.id.in_(targets),
            XapiStatement.verb_id == VOIDED,
        )
    ).first()
    in_batch = {s["id"] for s in statements if s["verb"]["id"] == VOIDED}
    if voiding is not None or in_batch & set(voids.values()):
        raise StatementRejected("a voiding statement cannot itself be voided")
    return voids


@dataclass(frozen=True)
class StatementQuery:
    agent: str | None = None  # an agent key
    verb: str | None = None
    activity: str | None = None
    registration: uuid.UUID | None = None
    related_agents: bool = False
    related_activities: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    ascending: bool = False
    after_seq: int | None = None  # where the previous page stopped
    settled_seq: int | None = None  # the highest sequence number known to be settled (see `settled`)


# A page without a `limit` holds 100 statements; a caller may ask for up to 1,000.
DEFAULT_PAGE, MAX_PAGE = 100, 1000


def _column_filters(q: StatementQuery, table: type[XapiStatement]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if q.verb:
        conditions.append(table.verb_id == q.verb)
    if q.registration:
        conditions.append(table.registration == q.registration)
    return conditions


def _link_filters(q: StatementQuery) -> list[Select[tuple[int]]]:
    """The sequence numbers the agent and activity filters allow, from the link rows."""
    links: list[Select[tuple[int]]] = []
    if q.agent:
        agent = select(XapiStatementAgent.statement_seq.label("seq")).where(
            XapiStatementAgent.agent_key == q.agent
        )
        if not q.related_agents:
            agent = agent.where(XapiStatementAgent.usage.in_(("actor", "object")))
        links.append(agent)
    if q.activity:
        activity = select(XapiStatementActivity.statement_seq.label("seq")).where(
            XapiStatementActivity.activity_id == q.activity
        )
        if not q.related_activities:
            activity = activity.where(XapiStatementActivity.usage == "object")
        links.append(activity)
    return links


# Built once: making aliases costs more per query than the database takes to answer one.
_DIRECT, _REFERRING, _TARGET = aliased(XapiStatement), aliased(XapiStatement), aliased(XapiStatement)


def _matching(q: StatementQuery, organisation_id: uuid.UUID) -> Subquery | None:
    """The sequence numbers the filters match, directly or through the statement referred to, in the
    page's order; None: all.

    Told from the link rows and indexed columns alone, so that the page is cut from a sorted list of
    numbers and only its own statements are read.
    """
    links = _link_filters(q)
    if not links and not (q.verb or q.registration):
        return None
    if q.verb or q.registration:
        matched = select(_DIRECT.seq.label("seq")).where(
            *_column_filters(q, _DIRECT), *(_DIRECT.seq.in_(link) for link in links)
        )
    else:
        # A subquery, because SQLite takes no compound select inside another.
        matched = select(intersect(*links).subquery().c.seq) if len(links) > 1 else links[0]
    # Statements about a matching statement (a StatementRef) match too; few statements refer to another.
    refer = (
        select(_REFERRING.seq)
        .join(
            _TARGET,
            (_TARGET.organisation_id == _REFERRING.organisation_id) & (_TARGET.id == _REFERRING.object_ref),
        )
        .where(
            _REFERRING.organisation_id == organisation_id,
            _REFERRING.object_ref.is_not(None),
            *_column_filters(q, _TARGET),
            *(_TARGET.seq.in_(link) for link in links),
        )
    )
    # Sorted here, in the page's order, so that the page reads statements one by one down this list
    # and stops when it is full, rather than reading every match and then sorting them.
    both = union(matched, refer).subquery()
    return select(both.c.seq).order_by(both.c.seq.asc() if q.ascending else both.c.seq.desc()).subquery()


def get_statement(
    session: Session, organisation_id: uuid.UUID, statement_id: uuid.UUID, voided: bool
) -> Statement | None:
    """A statement by id: a voided one only through voidedStatementId, others only through statementId."""
    row = session.execute(
        select(XapiStatement.statement, XapiStatement.voided).where(
            XapiStatement.organisation_id == organisation_id, XapiStatement.id == statement_id
        )
    ).first()
    if row is None or row.voided != voided:
        return None
    return row.statement  # type: ignore[no-any-return]


def query(session: Session, organisation_id: uuid.UUID, q: StatementQuery) -> tuple[list[str], int | None]:
    """One page of matching unvoided statements, as their stored JSON text, and the sequence number to
    continue after, if any. Text, because most pages go out exactly as stored: parsing each statement
    only to write it again would cost more than the query.

    As xAPI requires, a statement whose object is a StatementRef also matches when the statement it
    refers to matches the filters (that one may itself be voided and so not returned).
    """
    stmt = select(XapiStatement.seq)
    position: ColumnElement[int] = XapiStatement.seq
    matching = _matching(q, organisation_id)
    if matching is not None:
        position = matching.c.seq
        stmt = stmt.join(matching, XapiStatement.seq == position)
    stmt = stmt.where(XapiStatement.organisation_id == organisation_id, XapiStatement.voided.is_(False))
    if q.since:
        stmt = stmt.where(XapiStatement.stored > q.since)
    if q.until:
        stmt = stmt.where(XapiStatement.stored <= q.until)
    if q.after_seq is not None:
        stmt = stmt.where(position > q.after_seq if q.ascending else position < q.after_seq)
    if q.settled_seq is not None:
        stmt = stmt.where(position <= q.settled_seq)
    size = min(q.limit or DEFAULT_PAGE, MAX_PAGE)
    seqs = session.scalars(
        stmt.order_by(position.asc() if q.ascending else position.desc()).limit(size + 1)
    ).all()
    more = seqs[size - 1] if len(seqs) > size else None
    # The statements themselves only for the page: SQLite would otherwise sort every match's JSON.
    texts = dict(
        session.execute(
            select(XapiStatement.seq, cast(XapiStatement.statement, Text)).where(
                XapiStatement.seq.in_(seqs[:size])
            )
        ).all()
    )
    return [texts[seq] for seq in seqs[:size]], more


@dataclass(frozen=True)
class Settled:
    """Every statement of the organisation stored at or before `through` is committed and visible to
    the queries that follow; `seq`, where given, is the sequence number those queries stop at."""

    through: str
    seq: int | None = None


# The last point each organisation was settled at in this process, for a reader that cannot wait.
_last_settled: dict[uuid.UUID, Settled] = {}
SETTLE_WAIT = "1s"


def settled(session: Session, organisation_id: uuid.UUID, wait: bool = True) -> Settled:
    """Where the organisation's statements are settled, for a query about to run (see the module's
    note). Server clocks are assumed in step (NTP). A reader of documents, not statements, passes
    `wait=False`: it is told the freshest point to be had without queueing behind the batches in
    flight (on PostgreSQL, the last point settled here if the turn is taken), which is still true."""
    if session.get_bind().dialect.name == "postgresql":
        return _settled_postgresql(session, organisation_id, wait)
    free = _sqlite_write_lock_free(session)
    asked = _to_millisecond(utcnow()) - _MILLISECOND
    last = _last_stored(session, organisation_id)
    # Busy: the batch being written will be stored after the last; free: any later one after now.
    return Settled(_iso(max(last or _EPOCH, asked if free else _EPOCH)))


def _settled_postgresql(session: Session, organisation_id: uuid.UUID, wait: bool) -> Settled:
    key = (_TURN_CLASS, _turn_key(organisation_id))
    stale = _last_settled.get(organisation_id, Settled(_iso(_EPOCH), 0))
    if not wait:
        # A waiting exclusive request would queue every later batch behind it: only take a free turn.
        if not session.scalar(select(func.pg_try_advisory_lock(*key))):
            return stale
        return _settled_under_turn(session, organisation_id, key)
    try:
        # In a savepoint, so that giving up on the wait undoes nothing else of the caller's.
        with session.begin_nested():
            waited = session.scalar(
                select(
                    func.current_setting("lock_timeout"), func.set_config("lock_timeout", SETTLE_WAIT, True)
                )
            )
            # Alone for an instant: batches in flight finish first, and later ones queue behind.
            session.execute(select(func.pg_advisory_lock(*key)))
    except OperationalError:  # a batch has held it longer than SETTLE_WAIT
        return stale
    return _settled_under_turn(session, organisation_id, key, waited)


def _settled_under_turn(
    session: Session, organisation_id: uuid.UUID, key: tuple[int, int], lock_timeout: str | None = None
) -> Settled:
    """Read while holding the organisation's turn alone, then give it back (and the lock timeout)."""
    through = _to_millisecond(utcnow()) - _MILLISECOND
    try:
        columns = [func.coalesce(func.max(XapiStatement.seq), 0), func.pg_advisory_unlock(*key)]
        if lock_timeout is not None:
            columns.append(func.set_config("lock_timeout", lock_timeout, True))
        seq = session.execute(select(*columns).where(XapiStatement.organisation_id == organisation_id)).one()[
            0
        ]
    except Exception:
        # The lock is the session's and outlives a rollback: closing the connection frees it.
        session.connection().invalidate()
        raise
    point = Settled(_iso(through), seq)
    _last_settled[organisation_id] = point
    return point


def _sqlite_write_lock_free(session: Session) -> bool:
    """Whether no transaction holds SQLite's write lock, tried without waiting, on a connection opened
    beside the pool: the request already holds one of the pool's, and one waiting for a second could
    leave every pooled connection held by a request waiting for another (the pool starves)."""
    path = session.get_bind().engine.url.database
    if not path or path == ":memory:":
        return True  # one connection only: nothing else can hold the lock
    raw = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # database is locked
        return False
    else:
        raw.execute("ROLLBACK")
        return True
    finally:
        raw.close()

"""Storing and querying xAPI statements for one organisation's record store.

Ingest is the hot path: a batch is validated in memory, checked against existing ids with one
query, and written with one bulk insert per table, the projection outbox included. Queries filter
on indexed columns and on the agent and activity link rows, and page on the stored sequence
number, so a `more` link stays valid however many statements arrive in between.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, insert, select, union_all, update
from sqlalchemy.orm import Session, aliased

from karmayogi.lms.db import utcnow
from karmayogi.lms.orm import XapiActivity, XapiStatement, XapiStatementActivity, XapiStatementAgent
from karmayogi.lms.orm.xapi import XapiProjectionOutbox

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
# Properties the LRS sets; two statements that differ only in these are the same statement.
LRS_SET = ("stored", "authority", "version")
Statement = dict[str, Any]


class StatementConflict(Exception):
    """A statement id already holds a different statement."""


class StatementRejected(ValueError):
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
) -> list[uuid.UUID]:
    """Store a validated batch, all or nothing, returning the ids in order; a re-sent statement is a no-op.

    The statements are completed in place (id, stored, authority...): they are the request's own
    parsed body, and copying them would cost more than the rest of ingest.
    """
    # Stored times are kept at the millisecond they are reported with, so `since` a reported time excludes it.
    now = utcnow()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    prepared: list[Statement] = []
    ids: list[uuid.UUID] = []
    seen: dict[uuid.UUID, str] = {}
    # A statement sent without a timestamp got the LRS's; sending it again is still the same statement.
    untimed: set[uuid.UUID] = set()
    for raw in statements:
        statement = _with_context_activity_lists(raw)
        statement_id = uuid.UUID(statement["id"]) if "id" in statement else uuid.uuid4()
        statement["id"] = str(statement_id)
        if "timestamp" not in statement:
            untimed.add(statement_id)
        key = _comparable(statement)
        statement.setdefault("timestamp", _iso(now))
        statement["stored"] = _iso(now)
        statement["authority"] = authority
        statement.setdefault("version", version)
        if statement_id in seen:
            if seen[statement_id] != key:
                raise StatementConflict(
                    f"statement id {statement_id} appears twice in the batch with different content"
                )
            continue
        seen[statement_id] = key
        ids.append(statement_id)
        prepared.append(statement)
    existing = {
        row.id: row.statement
        for row in session.execute(
            select(XapiStatement.id, XapiStatement.statement).where(
                XapiStatement.organisation_id == organisation_id, XapiStatement.id.in_(list(seen))
            )
        )
    }
    for statement_id, stored in existing.items():
        if _comparable(stored, ("timestamp",) if statement_id in untimed else ()) != seen[statement_id]:
            raise StatementConflict(f"statement id {statement_id} already holds a different statement")
    fresh = [s for s in prepared if uuid.UUID(s["id"]) not in existing]
    voids = _voided_targets(session, organisation_id, fresh)
    if not fresh:
        return ids
    rows = []
    for statement in fresh:
        registration = (statement.get("context") or {}).get("registration")
        rows.append(
            {
                "id": uuid.UUID(statement["id"]),
                "organisation_id": organisation_id,
                "client_id": client_id,
                "statement": statement,
                "verb_id": statement["verb"]["id"],
                "registration": uuid.UUID(registration) if registration else None,
                "object_ref": uuid.UUID(statement["object"]["id"])
                if statement["object"].get("objectType") == "StatementRef"
                else None,
                "voided": False,
                "timestamp": _parse_time(statement["timestamp"]),
                "stored": now,
            }
        )
    # Core inserts, not the ORM's bulk path: ingest is the hot path and these rows need no identity map.
    connection = session.connection()
    table = XapiStatement.__table__
    seqs = list(
        connection.execute(insert(table).returning(table.c.seq, sort_by_parameter_order=True), rows).scalars()
    )
    agents = [
        {"statement_seq": seq, "agent_key": key, "usage": usage}
        for seq, statement in zip(seqs, fresh, strict=True)
        for key, usage in set(_agents(statement))
    ]
    activities = [
        {"statement_seq": seq, "activity_id": activity, "usage": usage}
        for seq, statement in zip(seqs, fresh, strict=True)
        for activity, usage in set(_activities(statement))
    ]
    # The projection outbox, in this same transaction: an acknowledged statement is always projected.
    outbox = [{"statement_seq": seq} for seq, s in zip(seqs, fresh, strict=True) if s["verb"]["id"] != VOIDED]
    if outbox:
        connection.execute(insert(XapiProjectionOutbox.__table__), outbox)
    if agents:
        connection.execute(insert(XapiStatementAgent.__table__), agents)
    if activities:
        connection.execute(insert(XapiStatementActivity.__table__), activities)
    _record_activities(session, organisation_id, fresh, now)
    if voids:
        session.execute(
            update(XapiStatement)
            .where(
                XapiStatement.organisation_id == organisation_id,
                XapiStatement.id.in_([uuid.UUID(t) for t in voids.values()]),
            )
            .values(voided=True)
        )
    return ids


def _activity_objects(statement: Statement) -> Iterator[Statement]:
    """Every Activity object a statement carries: its object, context activities, and a sub-statement's."""
    obj = statement.get("object") or {}
    if obj.get("objectType", "Activity") == "Activity" and "id" in obj:
        yield obj
    for value in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        yield from value
    if obj.get("objectType") == "SubStatement":
        yield from _activity_objects(obj)


def _record_activities(
    session: Session, organisation_id: uuid.UUID, statements: list[Statement], now: datetime
) -> None:
    """Keep each activity's canonical definition: the newest statement's, merged over what was known."""
    definitions: dict[str, Statement] = {}
    for statement in statements:
        for activity in _activity_objects(statement):
            definitions[activity["id"]] = _merged(
                definitions.get(activity["id"], {}), activity.get("definition") or {}
            )
    if not definitions:
        return
    known = {
        row.activity_id: row
        for row in session.scalars(
            select(XapiActivity).where(
                XapiActivity.organisation_id == organisation_id,
                XapiActivity.activity_id.in_(list(definitions)),
            )
        )
    }
    new = [
        {
            "id": uuid.uuid4(),
            "organisation_id": organisation_id,
            "activity_id": a,
            "definition": d,
            "updated": now,
        }
        for a, d in definitions.items()
        if a not in known
    ]
    if new:
        session.connection().execute(insert(XapiActivity.__table__), new)
    for activity_id, row in known.items():
        merged = _merged(row.definition, definitions[activity_id])
        if merged != row.definition:  # most statements repeat what is known: write only what changed
            row.definition = merged
            row.updated = now
    session.flush()


def _merged(known: Statement, newer: Statement) -> Statement:
    """A definition with the newer one's properties; language maps keep the languages only the older had."""
    merged = {**known, **newer}
    for key in ("name", "description"):
        if isinstance(known.get(key), dict) and isinstance(newer.get(key), dict):
            merged[key] = {**known[key], **newer[key]}
    return merged


def get_activity(session: Session, organisation_id: uuid.UUID, activity_id: str) -> Statement:
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


MAX_PAGE = 500


def _filters(q: StatementQuery, table: type[XapiStatement] = XapiStatement) -> list[ColumnElement[bool]]:
    """The conditions of the verb, registration, agent and activity filters, on `table`."""
    conditions: list[ColumnElement[bool]] = []
    if q.verb:
        conditions.append(table.verb_id == q.verb)
    if q.registration:
        conditions.append(table.registration == q.registration)
    if q.agent:
        link = select(XapiStatementAgent.statement_seq).where(XapiStatementAgent.agent_key == q.agent)
        if not q.related_agents:
            link = link.where(XapiStatementAgent.usage.in_(("actor", "object")))
        conditions.append(table.seq.in_(link))
    if q.activity:
        link = select(XapiStatementActivity.statement_seq).where(
            XapiStatementActivity.activity_id == q.activity
        )
        if not q.related_activities:
            link = link.where(XapiStatementActivity.usage == "object")
        conditions.append(table.seq.in_(link))
    return conditions


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


def query(
    session: Session, organisation_id: uuid.UUID, q: StatementQuery
) -> tuple[list[Statement], int | None]:
    """One page of matching unvoided statements, and the sequence number to continue after, if any.

    As xAPI requires, a statement whose object is a StatementRef also matches when the statement it
    refers to matches the filters (that one may itself be voided and so not returned).
    """
    stmt = select(XapiStatement.seq, XapiStatement.statement).where(
        XapiStatement.organisation_id == organisation_id, XapiStatement.voided.is_(False)
    )
    if _filters(q):
        # One IN over a union lets the database look each branch up by index; an OR of two
        # subqueries made it filter every statement of the organisation.
        direct, target, referring = aliased(XapiStatement), aliased(XapiStatement), aliased(XapiStatement)
        matched = select(direct.seq).where(direct.organisation_id == organisation_id, *_filters(q, direct))
        targets = select(target.id).where(target.organisation_id == organisation_id, *_filters(q, target))
        refer = select(referring.seq).where(
            referring.organisation_id == organisation_id, referring.object_ref.in_(targets)
        )
        stmt = stmt.where(XapiStatement.seq.in_(union_all(matched, refer)))
    if q.since:
        stmt = stmt.where(XapiStatement.stored > q.since)
    if q.until:
        stmt = stmt.where(XapiStatement.stored <= q.until)
    if q.after_seq is not None:
        stmt = stmt.where(XapiStatement.seq > q.after_seq if q.ascending else XapiStatement.seq < q.after_seq)
    order = XapiStatement.seq.asc() if q.ascending else XapiStatement.seq.desc()
    size = min(q.limit or MAX_PAGE, MAX_PAGE)
    rows = session.execute(stmt.order_by(order).limit(size + 1)).all()
    more = rows[size - 1].seq if len(rows) > size else None
    return [r.statement for r in rows[:size]], more


def consistent_through() -> str:
    """Statements are visible to queries as soon as they are acknowledged: every commit is synchronous."""
    return _iso(utcnow())

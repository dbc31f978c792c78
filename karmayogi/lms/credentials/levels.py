"""Competency-level credentials that follow the passbook: issued when a level is verified, revoked when
it is withdrawn or lowered.

The passbook store notes (`note`) every competency whose verified level changed, by whatever evidence
(a level test, a confirmed rating, an HR confirmation, an assessment pass, a course completed through
xAPI, a recomputation under new rules), in the transaction that changes it. A worker holding the
issuer's settings then brings the credentials in line (`follow_due`): the request that made the
change, after it commits; the xAPI projector after each pass; `karmayogi credentials follow` for a
command line's changes. Signing thus never holds the change's locks, and no process that records
evidence is left out. A credential says its holder holds the competency at a level, so one stays valid
while the verified level is at or above it and is revoked through the status list once it falls below.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuing
from karmayogi.lms.db import Database, upsertable_insert, utcnow
from karmayogi.lms.orm import IssuedCredential, LevelCredentialDue, ProfileLine

log = logging.getLogger(__name__)
BATCH = 20  # followed per transaction: a batch's signing (~20 ms each) holds the write and status-list locks
_NOTED = "karmayogi.levels_noted"  # in Session.info: this session noted a level to follow


def note(session: Session, user_id: uuid.UUID, competencies: Iterable[uuid.UUID]) -> None:
    """Note that these competencies' verified levels changed; a level noted twice is followed once."""
    insert = upsertable_insert(session)
    rows = [{"user_id": user_id, "competency_id": c, "noted_at": utcnow()} for c in competencies]
    if rows:
        session.execute(insert(LevelCredentialDue).values(rows).on_conflict_do_nothing())
        session.info[_NOTED] = True


def noted(session: Session) -> bool:
    """Whether this session noted a level, so that its request follows it once committed."""
    return bool(session.info.get(_NOTED))


def follow_due(
    database: Database,
    settings: Settings,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Follow the noted levels, oldest first, one committed batch at a time; how many were followed
    (`progress` hears the count so far after each batch).

    Each noted row is deleted in the transaction that follows it, so two workers never follow one twice
    (PostgreSQL skips the rows another worker holds). `limit` bounds the work of a request's tail.
    """
    with database.transaction() as session:  # nothing due, the common case, takes no write lock
        if session.scalar(select(LevelCredentialDue.user_id).limit(1)) is None:
            return 0
    followed = 0
    while limit is None or followed < limit:
        size = BATCH if limit is None else min(BATCH, limit - followed)
        with database.transaction() as session:
            due = (
                select(LevelCredentialDue.user_id, LevelCredentialDue.competency_id)
                .order_by(LevelCredentialDue.noted_at)
                .limit(size)
            )
            if session.get_bind().dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            else:  # the write lock first, so that no other writer can stale what is read
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            batch = session.execute(due).all()
            for user_id, competency_id in batch:
                claimed = session.execute(
                    delete(LevelCredentialDue).where(
                        LevelCredentialDue.user_id == user_id,
                        LevelCredentialDue.competency_id == competency_id,
                    )
                )
                if claimed.rowcount:  # not followed meanwhile by another worker
                    follow(session, settings, user_id, competency_id)
        followed += len(batch)
        if progress is not None and batch:
            progress(followed)
        if len(batch) < size:
            break
    return followed


def follow_due_quietly(database: Database, settings: Settings, limit: int | None = None) -> None:
    """`follow_due` after work already committed: a failure is logged, and what is due stays noted for
    the next worker, since the change it follows must stand whatever signing does."""
    try:
        follow_due(database, settings, limit)
    except Exception:
        log.exception("competency-level credentials could not follow the passbook; they stay due")


def follow(
    session: Session, settings: Settings, user_id: uuid.UUID, competency_id: uuid.UUID
) -> list[IssuedCredential]:
    """Bring the official's credentials for the competency in line with its verified level as it stands.

    Revokes those above the level and issues one at the level unless one stands; returns what changed.
    """
    line = session.scalar(
        select(ProfileLine).where(
            ProfileLine.user_id == user_id,
            ProfileLine.competency_id == competency_id,
            ProfileLine.standing == "verified",
        )
    )
    verified = line.level if line is not None else None
    evidence = _rule_named(line)
    standing = session.scalars(
        select(IssuedCredential)
        .where(
            IssuedCredential.holder_id == user_id,
            IssuedCredential.competency_id == competency_id,
            IssuedCredential.kind == issuing.COMPETENCY_LEVEL,
            IssuedCredential.revoked_at.is_(None),
        )
        .order_by(IssuedCredential.level)
    ).all()
    changed = []
    for row in standing:
        assert row.level is not None
        if verified is None or row.level > verified:
            reason = (
                "the verified level was withdrawn"
                if verified is None
                else f"the verified level was lowered to {verified}"
            )
            changed.append(issuing.revoke_credential(session, settings, row, f"{reason} ({evidence})", None))
    if verified is not None and not any(row.level == verified for row in standing):
        changed.append(
            issuing.issue_competency_level(session, settings, user_id, competency_id, verified, evidence)
        )
    return changed


def _rule_named(line: ProfileLine | None) -> str:
    """What a credential says its level was verified from: the rules and the evidence rows."""
    if line is None:
        return "no verified level stands"
    return f"passbook rules {line.rules_version} over evidence {', '.join(line.evidence_ids)}"

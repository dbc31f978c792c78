"""Recording evidence, keeping each officer's passbook in step with it, and checking the chains.

Appending takes a lock on the officer's row, so two pieces of evidence for one officer are chained
one after the other, never forked; the unique (officer, seq) pair refuses a fork all the same.
The passbook table is only a cache of `rules.derive` over the log: `recompute` rebuilds it and
must give the same lines.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, distinct, func, select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Progress
from karmayogi.lms.credentials import levels
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import User
from karmayogi.lms.orm.profiles import EvidenceRecord, ProfileLine
from karmayogi.lms.profiles import requirements_met
from karmayogi.lms.profiles.evidence import GENESIS, ChainBreak, Evidence, EvidenceSource, check_chain, link
from karmayogi.lms.profiles.rules import CompetencyLevel, Standing, derive


def as_evidence(row: EvidenceRecord) -> Evidence:
    return Evidence(
        id=row.id,
        user_id=row.user_id,
        seq=row.seq,
        competency_id=row.competency_id,
        level=row.level,
        source=EvidenceSource(row.source),
        source_ref=row.source_ref,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        confidence=row.confidence,
        note=row.note,
    )


def record(
    session: Session,
    user_id: uuid.UUID,
    competency_id: uuid.UUID,
    level: int,
    source: EvidenceSource,
    source_ref: str,
    recorded_by: uuid.UUID | None,
    confidence: float | None = None,
    note: str = "",
    at: datetime | None = None,
) -> EvidenceRecord:
    """Append one piece of evidence to the officer's chain and rule their passbook afresh; `at` is when
    what it records happened, when that is not now (a completion the LRS learns of later)."""
    _, graph = versions.newest(session)
    versions.check_level(graph, competency_id, level)
    if confidence is not None and not 0 <= confidence <= 1:
        raise InvalidInput("confidence", "must be between 0 and 1")
    officer = session.get(User, user_id, with_for_update=True)
    if officer is None:
        raise NotFound("user", user_id)
    last = session.execute(
        select(EvidenceRecord.seq, EvidenceRecord.hash)
        .where(EvidenceRecord.user_id == user_id)
        .order_by(EvidenceRecord.seq.desc())
        .limit(1)
    ).first()
    seq, previous = (last.seq + 1, last.hash) if last else (1, GENESIS)
    evidence = Evidence(
        id=uuid.uuid4(),
        user_id=user_id,
        seq=seq,
        competency_id=competency_id,
        level=level,
        source=source,
        source_ref=source_ref,
        recorded_by=recorded_by,
        recorded_at=at or utcnow(),
        confidence=confidence,
        note=note.strip(),
    )
    row = EvidenceRecord(
        **{f: getattr(evidence, f) for f in Evidence.__dataclass_fields__},
        organisation_id=officer.organisation_id,
        previous_hash=previous,
        hash=link(previous, evidence),
    )
    row.source = source.value
    session.add(row)
    session.flush()
    # Rules act on each competency alone, so only this competency's line is ruled again.
    _store(session, user_id, derive(log(session, user_id, competency_id)), competency_id)
    return row


def rows(
    session: Session, user_id: uuid.UUID, competency_id: uuid.UUID | None = None
) -> list[EvidenceRecord]:
    stmt = select(EvidenceRecord).where(EvidenceRecord.user_id == user_id).order_by(EvidenceRecord.seq)
    if competency_id is not None:
        stmt = stmt.where(EvidenceRecord.competency_id == competency_id)
    return list(session.scalars(stmt))


def log(session: Session, user_id: uuid.UUID, competency_id: uuid.UUID | None = None) -> list[Evidence]:
    return [as_evidence(r) for r in rows(session, user_id, competency_id)]


def passbook(session: Session, user_id: uuid.UUID) -> list[ProfileLine]:
    return list(
        session.scalars(
            select(ProfileLine).where(ProfileLine.user_id == user_id).order_by(ProfileLine.competency_id)
        )
    )


def recompute(session: Session, user_id: uuid.UUID) -> list[CompetencyLevel]:
    """Rule the passbook again from the whole log and store it; the result equals what was kept."""
    lines = derive(log(session, user_id))
    _store(session, user_id, lines)
    return lines


def _store(
    session: Session, user_id: uuid.UUID, lines: list[CompetencyLevel], competency_id: uuid.UUID | None = None
) -> None:
    """Replace the officer's passbook lines (only `competency_id`'s, when given) with `lines`; every verified
    level that changed is noted for the competency-level credentials to follow, and re-masked in the
    requirement sets that vacancies rank by."""
    kept = select(ProfileLine.competency_id, ProfileLine.level).where(
        ProfileLine.user_id == user_id, ProfileLine.standing == Standing.VERIFIED.value
    )
    stale = delete(ProfileLine).where(ProfileLine.user_id == user_id)
    if competency_id is not None:
        kept = kept.where(ProfileLine.competency_id == competency_id)
        stale = stale.where(ProfileLine.competency_id == competency_id)
    before: dict[uuid.UUID, int] = {c: level for c, level in session.execute(kept)}
    session.execute(stale)
    session.add_all(
        ProfileLine(
            user_id=user_id,
            competency_id=line.competency_id,
            level=line.level,
            standing=line.standing.value,
            confidence=line.confidence,
            evidence_ids=[str(e) for e in line.evidence_ids],
            proposed_level=line.proposed_level,
            proposal_evidence_ids=[str(e) for e in line.proposal_evidence_ids],
            updated_at=line.updated_at,
            rules_version=line.rules_version,
        )
        for line in lines
    )
    session.flush()
    after = {line.competency_id: line.level for line in lines if line.standing is Standing.VERIFIED}
    changed = [c for c in sorted(before.keys() | after.keys()) if before.get(c) != after.get(c)]
    levels.note(session, user_id, changed)
    if changed:
        requirements_met.follow(session, user_id, set(changed))


def verify_chains(
    session: Session, user_id: uuid.UUID | None = None, progress: Progress | None = None
) -> Iterator[ChainBreak]:
    """Every break in the officers' chains (or one officer's), read one officer at a time.

    `progress(done, officers)` is called after each officer's chain.
    """
    if user_id:
        users, officers = [user_id], 1
    else:
        officers = session.scalar(select(func.count(distinct(EvidenceRecord.user_id)))) or 0
        users = session.scalars(select(EvidenceRecord.user_id).distinct())
    if progress is not None:
        progress(0, officers)
    for done, officer in enumerate(users, start=1):
        yield from check_chain([(as_evidence(r), r.previous_hash, r.hash) for r in rows(session, officer)])
        if progress is not None:
            progress(done, officers)

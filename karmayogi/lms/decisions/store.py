"""Opening cases and appending their entries, one writer at a time per case, and checking the chains.

Appending locks the case's row (PostgreSQL) and reads its last entry before writing the next, so
two people deciding the same proposal at once are served one after the other: the second finds it
decided. The unique (case, seq) pair refuses a fork all the same, wherever a lock is not taken.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from karmayogi.lms.chain import GENESIS, link
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions.entries import APPEAL_DAYS, Case, ChainBreak, Entry, Kind, Step, check_case
from karmayogi.lms.errors import Conflict, NotFound
from karmayogi.lms.orm import DecisionCase, DecisionEntry, User
from karmayogi.lms.telemetry import security_event


def as_entry(case: DecisionCase, row: DecisionEntry) -> Entry:
    return Entry(
        id=row.id,
        case_id=row.case_id,
        kind=Kind(case.kind),
        subject_id=case.subject_id,
        seq=row.seq,
        step=Step(row.step),
        actor_id=row.actor_id,
        outcome=row.outcome,
        reason=row.reason,
        payload=row.payload,
        recorded_at=row.recorded_at,
    )


def rows(session: Session, case_id: uuid.UUID) -> list[DecisionEntry]:
    return list(
        session.scalars(
            select(DecisionEntry).where(DecisionEntry.case_id == case_id).order_by(DecisionEntry.seq)
        )
    )


def as_case(session: Session, header: DecisionCase) -> Case:
    return Case(
        id=header.id,
        kind=Kind(header.kind),
        subject_id=header.subject_id,
        organisation_id=header.organisation_id,
        round_key=header.round_key,
        appeal_days=header.appeal_days,
        opened_at=header.opened_at,
        entries=tuple(as_entry(header, r) for r in rows(session, header.id)),
    )


def get(session: Session, case_id: uuid.UUID, lock: bool = False) -> Case:
    """The case with its entries; `lock` holds its row until the transaction ends (PostgreSQL)."""
    header = session.get(DecisionCase, case_id, with_for_update=lock, populate_existing=lock)
    if header is None:
        raise NotFound("decision", case_id)
    return as_case(session, header)


def find(session: Session, kind: Kind, subject_id: uuid.UUID, round_key: str) -> DecisionCase | None:
    return session.scalar(
        select(DecisionCase).where(
            DecisionCase.kind == kind.value,
            DecisionCase.subject_id == subject_id,
            DecisionCase.round_key == round_key,
        )
    )


def open_case(
    session: Session,
    kind: Kind,
    subject_id: uuid.UUID,
    round_key: str,
    outcome: str,
    inputs: Mapping[str, object],
    proposed_by: uuid.UUID | None,
    appeal_days: int = APPEAL_DAYS,
) -> Case:
    """Open a case with the system's (or a person's) proposal and the inputs it rests on, frozen."""
    subject = session.get(User, subject_id)
    if subject is None:
        raise NotFound("user", subject_id)
    opening = Opening(subject, round_key, outcome, inputs)
    return open_cases(session, kind, [opening], proposed_by, appeal_days)[0]


@dataclass(frozen=True)
class Opening:
    """One case to open: whose, for which round, and the proposal with its frozen inputs."""

    subject: User
    round_key: str
    outcome: str
    inputs: Mapping[str, object]


def open_cases(
    session: Session,
    kind: Kind,
    openings: Sequence[Opening],
    proposed_by: uuid.UUID | None,
    appeal_days: int = APPEAL_DAYS,
) -> list[Case]:
    """Open the cases together, each with its proposal: two inserts for a whole batch, where a case at a
    time costs four round trips each (10,000 probation proposals waited on them on PostgreSQL)."""
    headers = [
        DecisionCase(
            id=uuid.uuid4(),
            kind=kind.value,
            subject_id=o.subject.id,
            organisation_id=o.subject.organisation_id,
            round_key=o.round_key,
            appeal_days=appeal_days,
            opened_at=utcnow(),
        )
        for o in openings
    ]
    # No savepoint: SQLite's driver would commit one opened first in a transaction. A failed flush
    # fails the whole transaction, which the caller's error rolls back.
    session.add_all(headers)
    try:
        session.flush()
    except IntegrityError:
        which = f"this official and {openings[0].round_key}" if len(openings) == 1 else "an official's round"
        raise Conflict("round_key", f"a {kind.value} case for {which} exists") from None
    cases = [
        Case(h.id, kind, h.subject_id, h.organisation_id, h.round_key, h.appeal_days, h.opened_at, ())
        for h in headers
    ]
    proposals = [
        _chained(session, case, Step.PROPOSAL, proposed_by, o.outcome, "", o.inputs, None)
        for case, o in zip(cases, openings, strict=True)
    ]
    _flush_entries(session, cases, proposals)
    return [dataclasses.replace(case, entries=(entry,)) for case, entry in zip(cases, proposals, strict=True)]


def append(
    session: Session,
    case: Case,
    step: Step,
    actor_id: uuid.UUID | None,
    outcome: str,
    reason: str,
    payload: Mapping[str, object],
) -> Entry:
    """Chain the next entry onto `case` (read under lock by the caller); a lost race is a Conflict."""
    last = case.entries[-1] if case.entries else None
    previous = session.scalar(select(DecisionEntry.hash).where(DecisionEntry.id == last.id)) if last else None
    entry = _chained(session, case, step, actor_id, outcome, reason, payload, previous)
    _flush_entries(session, [case], [entry])
    return entry


def _chained(
    session: Session,
    case: Case,
    step: Step,
    actor_id: uuid.UUID | None,
    outcome: str,
    reason: str,
    payload: Mapping[str, object],
    previous: str | None,
) -> Entry:
    """The case's next entry, added to the session linked onto the `previous` entry's hash."""
    payload = json.loads(json.dumps(payload, default=str))  # what the JSON column will give back
    entry = Entry(
        id=uuid.uuid4(),
        case_id=case.id,
        kind=case.kind,
        subject_id=case.subject_id,
        seq=len(case.entries) + 1,
        step=step,
        actor_id=actor_id,
        outcome=outcome,
        reason=reason,
        payload=payload,
        recorded_at=utcnow(),
    )
    previous = previous or GENESIS
    session.add(
        DecisionEntry(
            id=entry.id,
            case_id=case.id,
            seq=entry.seq,
            step=step.value,
            actor_id=actor_id,
            outcome=outcome,
            reason=reason,
            payload=payload,
            recorded_at=entry.recorded_at,
            previous_hash=previous,
            hash=link(previous, entry.canonical()),
        )
    )
    return entry


def _flush_entries(session: Session, cases: Sequence[Case], entries: Sequence[Entry]) -> None:
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("decision", "someone else recorded a step on this case first; reload it") from None
    for case, entry in zip(cases, entries, strict=True):
        security_event(
            "decision_step",
            case_id=case.id,
            kind=case.kind.value,
            subject_id=case.subject_id,
            step=entry.step.value,
            actor_id=entry.actor_id,
            outcome=entry.outcome,
        )


def for_subject(session: Session, subject_id: uuid.UUID) -> list[Case]:
    headers = session.scalars(
        select(DecisionCase).where(DecisionCase.subject_id == subject_id).order_by(DecisionCase.opened_at)
    )
    return [as_case(session, h) for h in headers]


def verify(session: Session, case_id: uuid.UUID | None = None) -> Iterator[ChainBreak]:
    """Every break in the cases' chains (or one case's), read one case at a time."""
    headers = (
        [session.get(DecisionCase, case_id)]
        if case_id
        else session.scalars(select(DecisionCase).order_by(DecisionCase.opened_at))
    )
    for header in headers:
        if header is None:
            raise NotFound("decision", case_id)
        yield from check_case(
            [(as_entry(header, r), r.previous_hash, r.hash) for r in rows(session, header.id)]
        )

"""The competency passbook: an officer's levels, the evidence behind them, and recording evidence."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select

from karmayogi.api.deps import SessionDep, SettingsDep, require
from karmayogi.api.schemas import Body, EnrolmentOut, Out
from karmayogi.api.scopes import user_scope
from karmayogi.lms import enrolments
from karmayogi.lms.orm import Competency
from karmayogi.lms.permissions import Access, Permission
from karmayogi.lms.profiles import recording, store
from karmayogi.lms.profiles.evidence import EvidenceSource
from karmayogi.lms.profiles.rules import Standing

router = APIRouter(tags=["competency profiles"])
Reader = Annotated[Access, require(Permission.LEARNING_RECORDS_READ, user_scope, owner_may=True)]


class ProfileLineOut(BaseModel):
    competency_id: uuid.UUID
    competency: str
    level: int
    standing: Standing
    confidence: float
    evidence_ids: list[uuid.UUID]
    proposed_level: int | None
    proposal_evidence_ids: list[uuid.UUID]
    updated_at: datetime
    rules_version: str


class EvidenceOut(Out):
    id: uuid.UUID
    seq: int
    competency_id: uuid.UUID
    level: int
    source: EvidenceSource
    source_ref: str
    recorded_by: uuid.UUID | None
    recorded_at: datetime
    confidence: float | None
    note: str
    previous_hash: str
    hash: str


class EvidenceIn(Body):
    competency_id: uuid.UUID
    level: int = Field(description="on the proficiency scale, 1 to 5")
    source: EvidenceSource
    note: str = Field("", max_length=2_000)


class RecomputeOut(BaseModel):
    lines: list[ProfileLineOut]
    unchanged: bool


def _lines(session: SessionDep, rows: list) -> list[ProfileLineOut]:  # type: ignore[type-arg]
    named = select(Competency.id, Competency.name).where(Competency.id.in_([r.competency_id for r in rows]))
    names = {ident: name for ident, name in session.execute(named)}
    return [
        ProfileLineOut(
            competency_id=r.competency_id,
            competency=names.get(r.competency_id, ""),
            level=r.level,
            standing=Standing(r.standing),
            confidence=r.confidence,
            evidence_ids=[uuid.UUID(str(e)) for e in r.evidence_ids],
            proposed_level=r.proposed_level,
            proposal_evidence_ids=[uuid.UUID(str(e)) for e in r.proposal_evidence_ids],
            updated_at=r.updated_at,
            rules_version=r.rules_version,
        )
        for r in rows
    ]


@router.get("/users/{user_id}/profile", response_model=list[ProfileLineOut])
def profile(user_id: uuid.UUID, session: SessionDep, _: Reader) -> object:
    """The officer's passbook: for each competency the level, whether verified, and the evidence behind it."""
    return _lines(session, store.passbook(session, user_id))


@router.get("/users/{user_id}/evidence", response_model=list[EvidenceOut])
def evidence(user_id: uuid.UUID, session: SessionDep, _: Reader) -> object:
    """The officer's evidence log, oldest first, with the hash chain that shows it is unaltered."""
    return store.rows(session, user_id)


@router.post("/users/{user_id}/evidence", response_model=EvidenceOut, status_code=201)
def record_evidence(
    user_id: uuid.UUID,
    body: EvidenceIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_READ, user_scope, owner_may=True)],
) -> object:
    """Self-declaration, peer validation, supervisor rating, HR confirmation or an institute's report."""
    return recording.record_by_person(
        session, access.principal, user_id, body.competency_id, body.level, body.source, body.note
    )


@router.post("/users/{user_id}/profile/recompute", response_model=RecomputeOut)
def recompute(
    user_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.LEARNING_RECORDS_READ, user_scope)],
) -> object:
    """Rule the passbook again from the whole log; `unchanged` says it matched what was kept."""
    kept = _lines(session, store.passbook(session, user_id))
    store.recompute(session, user_id)
    fresh = _lines(session, store.passbook(session, user_id))
    return RecomputeOut(lines=fresh, unchanged=kept == fresh)


@router.post("/enrolments/{enrolment_id}/completion", response_model=EnrolmentOut)
def complete(
    enrolment_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    access: Annotated[Access, require(Permission.PEOPLE_MANAGE)],
) -> object:
    """Mark an enrolment completed (on-site learning, say); the course's tags become proposed levels."""
    return enrolments.complete(session, settings, access.principal, enrolment_id)

"""Sevottam over the API: service transactions imported by an office's own system, delivery figures,
what grievances point at, the signals an official's grievances give their learning, and penalty
proceedings against the officer responsible for a service not rendered in time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from karmayogi.api.deps import PrincipalDep, SessionDep, require
from karmayogi.api.schemas import Body, shape_of
from karmayogi.lms.decisions.entries import MAX_REASON, Case
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.organisations import organisation_target
from karmayogi.lms.permissions import Access, Permission, Target
from karmayogi.lms.sevottam import linking, penalties, performance, services

router = APIRouter(tags=["sevottam"])
MAX_CSV_BYTES = 20_000_000


def organisation_scope(organisation_id: uuid.UUID, session: SessionDep) -> Target:
    return organisation_target(session, organisation_id)


Manager = Annotated[Access, require(Permission.SERVICES_MANAGE, organisation_scope)]
AnyManager = Annotated[Access, require(Permission.SERVICES_MANAGE)]


class PerformanceOut(BaseModel):
    service_id: uuid.UUID
    code: str
    name: str
    time_limit_days: int
    transactions: int
    delivered: int
    in_time: int
    share_in_time: float | None
    grievances: int
    grievances_per_thousand: float | None
    mean_redress_working_days: float | None


class PointerOut(BaseModel):
    service: str
    role: str | None
    competency: str
    competency_id: uuid.UUID
    grievances: int


SignalOut = shape_of(linking.Signal, "SignalOut")


@router.post("/sevottam/transactions")
async def import_transactions(request: Request, session: SessionDep, access: AnyManager) -> dict[str, int]:
    """A CSV body (organisation_id, service_code, reference, applied_on, delivered_on): all rows or none,
    and only for organisations the caller manages services of."""
    body = await request.body()
    if len(body) > MAX_CSV_BYTES:
        raise InvalidInput("body", f"at most {MAX_CSV_BYTES} bytes; split the file")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("body", "is not UTF-8 text") from None
    count = performance.import_csv(session, text, lambda org: _manages(session, access, org))
    return {"imported": count}


def _manages(session: SessionDep, access: Access, organisation_id: uuid.UUID) -> None:
    org = services.organisation(session, organisation_id)
    if not access.principal.can(Permission.SERVICES_MANAGE, org.path):
        raise PermissionDenied("the file names an organisation whose services you do not manage")


@router.get("/sevottam/organisations/{organisation_id}/performance", response_model=list[PerformanceOut])
def organisation_performance(organisation_id: uuid.UUID, session: SessionDep) -> list[PerformanceOut]:
    """Public, as on the charter page."""
    services.organisation(session, organisation_id)
    return [
        PerformanceOut(
            **{
                k: getattr(p, k)
                for k in PerformanceOut.model_fields
                if k not in ("share_in_time", "grievances_per_thousand")
            },
            share_in_time=p.share_in_time,
            grievances_per_thousand=p.grievances_per_thousand,
        )
        for p in performance.of_organisation(session, organisation_id)
    ]


@router.get("/sevottam/organisations/{organisation_id}/failure-pointers", response_model=list[PointerOut])
def failure_pointers(organisation_id: uuid.UUID, session: SessionDep, _: Manager) -> list[PointerOut]:
    return [PointerOut(**vars(p)) for p in linking.aggregate(session, organisation_id)]


@router.get("/sevottam/signals", response_model=list[SignalOut])
def my_signals(session: SessionDep, principal: PrincipalDep) -> list[SignalOut]:
    """For the caller's recommendations: what grievances in their office say about their roles' needs."""
    return [SignalOut(**vars(s)) for s in linking.signals_for_official(session, principal.id)]


class PenaltyProposalIn(Body):
    officer_id: uuid.UUID = Field(description="the officer responsible for the service not rendered in time")
    amount_paise: int = Field(ge=1, le=penalties.MAX_PENALTY_PAISE, description="up to Rs 50,000")
    reason: str = Field(max_length=MAX_REASON)


class PenaltyRulingIn(Body):
    outcome: Literal["impose", "drop"]
    amount_paise: int = Field(0, ge=0, le=penalties.MAX_PENALTY_PAISE, description="0 when dropped")
    reason: str = Field(max_length=MAX_REASON)


class PenaltyStepOut(BaseModel):
    step: str
    outcome: str
    reason: str
    actor_id: uuid.UUID | None
    recorded_at: datetime
    amount_paise: int | None


class PenaltyOut(BaseModel):
    id: uuid.UUID
    officer_id: uuid.UUID
    state: str
    steps: list[PenaltyStepOut]


def penalty_out(case: Case) -> PenaltyOut:
    return PenaltyOut(
        id=case.id,
        officer_id=case.subject_id,
        state=case.state.value,
        steps=[
            PenaltyStepOut(
                step=e.step.value,
                outcome=e.outcome,
                reason=e.reason,
                actor_id=e.actor_id,
                recorded_at=e.recorded_at,
                amount_paise=penalties.amount_of(e),
            )
            for e in case.entries
        ],
    )


@router.get("/sevottam/grievances/{grievance_id}/penalties", response_model=list[PenaltyOut])
def grievance_penalties(grievance_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> object:
    """The penalty proceedings over a grievance; for the Public Grievance Redressal Commission."""
    return [penalty_out(c) for c in penalties.for_grievance(session, principal, grievance_id)]


@router.post("/sevottam/grievances/{grievance_id}/penalties", response_model=PenaltyOut, status_code=201)
def propose_penalty(
    grievance_id: uuid.UUID, body: PenaltyProposalIn, session: SessionDep, principal: PrincipalDep
) -> object:
    """A Commission member proposes a penalty on the responsible officer, with the facts frozen."""
    case = penalties.propose(
        session, principal, grievance_id, body.officer_id, body.amount_paise, body.reason
    )
    return penalty_out(case)


@router.post("/sevottam/penalties/{case_id}/decision", response_model=PenaltyOut)
def decide_penalty(
    case_id: uuid.UUID, body: PenaltyRulingIn, session: SessionDep, principal: PrincipalDep
) -> object:
    """Another member imposes (at most Rs 50,000) or drops it, with a reason; never the proposer."""
    case = penalties.decide(session, principal, case_id, body.outcome, body.amount_paise, body.reason)
    return penalty_out(case)


@router.post("/sevottam/penalties/{case_id}/redecision", response_model=PenaltyOut)
def redecide_penalty(
    case_id: uuid.UUID, body: PenaltyRulingIn, session: SessionDep, principal: PrincipalDep
) -> object:
    """A third member answers the officer's appeal (made at `/decisions/{id}/appeal`); final."""
    case = penalties.redecide(session, principal, case_id, body.outcome, body.amount_paise, body.reason)
    return penalty_out(case)

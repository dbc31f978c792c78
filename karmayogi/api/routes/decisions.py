"""HR decisions: the probation queue and its proposals, vacancies and postings, deciding, appealing and
verifying a case, and the letters and orders they produce."""

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from karmayogi.api.deps import PrincipalDep, SessionDep, require
from karmayogi.api.report_files import file_response
from karmayogi.api.schemas import Body, Out
from karmayogi.api.scopes import case_scope, position_scope, user_scope, vacancy_scope
from karmayogi.lms import postings, vacancies
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import letters, probation, store, workflow
from karmayogi.lms.decisions.entries import APPEAL_DAYS, MAX_REASON, Case, Kind, State, Step
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(tags=["decisions"])


# The official reads their own cases; HR cells (and, until issue 14 narrows it, supervisors) theirs.
Reader = Annotated[Access, require(Permission.SERVICE_RECORDS_READ, case_scope, owner_may=True)]
Decider = Annotated[Access, require(Permission.PEOPLE_MANAGE, case_scope)]
HrCell = Annotated[Access, require(Permission.PEOPLE_MANAGE)]


class EntryOut(Out):
    seq: int
    step: Step
    actor_id: uuid.UUID | None
    outcome: str
    reason: str
    payload: dict[str, object]
    recorded_at: datetime
    previous_hash: str
    hash: str


class DecisionOut(BaseModel):
    id: uuid.UUID
    kind: Kind
    subject_id: uuid.UUID
    organisation_id: uuid.UUID
    round_key: str
    state: State
    proposed: str = Field(description="the system's (or proposer's) outcome")
    outcome: str | None = Field(description="the decision in force, once a person has decided")
    appeal_days: int
    appeal_until: datetime | None
    opened_at: datetime
    entries: list[EntryOut]


class DecisionSummary(BaseModel):
    id: uuid.UUID
    kind: Kind
    subject_id: uuid.UUID
    state: State
    proposed: str
    outcome: str | None
    appeal_until: datetime | None = Field(description="the end of the period for an appeal, once decided")
    opened_at: datetime


class DecideIn(Body):
    outcome: str = Field(min_length=1, max_length=32)
    reason: str = Field(max_length=MAX_REASON, description="required: why, in words the official can read")
    extend_months: int | None = Field(None, ge=1, le=24, description="for an extension of probation")


class BatchDecisionIn(DecideIn):
    decision_id: uuid.UUID


class BatchIn(Body):
    decisions: list[BatchDecisionIn] = Field(min_length=1, max_length=500)


class AppealIn(Body):
    grounds: str = Field(max_length=MAX_REASON)


class DueOut(Out):
    id: uuid.UUID
    full_name: str
    organisation_id: uuid.UUID
    service: str | None
    cadre: str | None
    probation_status: str
    probation_end_date: date


class ProposeIn(Body):
    within_days: int = Field(30, ge=0, le=probation.MAX_WITHIN_DAYS)
    appeal_days: int = Field(APPEAL_DAYS, ge=0, le=365)


class ProposalOut(BaseModel):
    opened: bool = Field(description="false when the case for this probation end date was already open")
    decision: DecisionSummary


class RuleSetIn(Body):
    organisation_id: uuid.UUID
    service: str = Field(min_length=1, max_length=120)
    cadre: str = Field("", max_length=120, description="empty for every cadre of the service")
    rules: dict[str, object]


class RuleSetOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID
    service: str
    cadre: str
    version: int
    rules: dict[str, object]
    created_by: uuid.UUID | None
    created_at: datetime


class VacancyIn(Body):
    position_id: uuid.UUID
    pay_levels: list[int] = Field([], max_length=18, description="eligible pay levels; empty for any")
    services: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field([], max_length=50)
    not_on_probation: bool = True
    min_tenure_months: int | None = Field(None, ge=0, le=vacancies.MAX_TENURE_MONTHS)
    max_tenure_months: int | None = Field(None, ge=0, le=vacancies.MAX_TENURE_MONTHS)


class VacancyOut(Out):
    id: uuid.UUID
    position_id: uuid.UUID
    organisation_id: uuid.UUID
    pay_levels: list[int]
    services: list[str]
    not_on_probation: bool
    min_tenure_months: int | None
    max_tenure_months: int | None
    status: str
    opened_by: uuid.UUID | None
    opened_at: datetime


class PostingIn(Body):
    user_id: uuid.UUID
    reason: str = Field(max_length=MAX_REASON, description="required: why this official")
    effective_on: date | None = Field(None, description="the day the posting takes effect; today if none")
    appeal_days: int = Field(APPEAL_DAYS, ge=0, le=365)


class NoticesIn(Body):
    max_hours: float = Field(0, ge=0, le=10_000, description="who could fill it after this much training")


class NoticeOut(Out):
    vacancy_id: uuid.UUID
    user_id: uuid.UUID
    coverage: float
    hours_to_close: float
    created_at: datetime


class PostOut(Out):
    position_id: uuid.UUID
    designation: str
    organisation_id: uuid.UUID
    from_date: date | None
    to_date: date | None


class MatchOut(Out):
    user_id: uuid.UUID
    full_name: str
    organisation_id: uuid.UUID
    level: int
    evidence_ids: list[str]


class BreakOut(BaseModel):
    seq: int
    reason: str


class VerifyOut(BaseModel):
    verified: bool
    breaks: list[BreakOut]


def _summary(case: Case) -> DecisionSummary:
    return DecisionSummary(
        id=case.id,
        kind=case.kind,
        subject_id=case.subject_id,
        state=case.state,
        proposed=case.proposal.outcome,
        outcome=case.standing.outcome if case.standing else None,
        appeal_until=case.appeal_until,
        opened_at=case.opened_at,
    )


def _out(session: Session, case: Case) -> DecisionOut:
    return DecisionOut(
        **_summary(case).model_dump(),
        organisation_id=case.organisation_id,
        round_key=case.round_key,
        appeal_days=case.appeal_days,
        entries=[EntryOut.model_validate(r) for r in store.rows(session, case.id)],
    )


def _details(body: DecideIn) -> dict[str, object]:
    return {} if body.extend_months is None else {"extend_months": body.extend_months}


@router.get("/hr/probation/due", response_model=list[DueOut])
def probation_due(
    session: SessionDep, access: HrCell, within_days: int = Query(30, ge=0, le=probation.MAX_WITHIN_DAYS)
) -> object:
    """Officials in your scope whose probation ends within `within_days` (or has ended undecided)."""
    return probation.due(session, access.paths, within_days, utcnow().date())


@router.post("/hr/probation/proposals", response_model=list[ProposalOut], status_code=201)
def propose(body: ProposeIn, session: SessionDep, access: HrCell) -> object:
    """The system proposes confirm, extend or review for each official due; a person decides each."""
    found = probation.propose_due(session, access.paths, body.within_days, utcnow().date(), body.appeal_days)
    return [ProposalOut(opened=p.opened, decision=_summary(p.case)) for p in found]


@router.post("/hr/probation/rules", response_model=RuleSetOut, status_code=201)
def create_rules(body: RuleSetIn, session: SessionDep, access: HrCell) -> object:
    """A new version of the confirmation rules for a service (and cadre) in an organisation."""
    return probation.create_rule_set(
        session, access.principal, body.organisation_id, body.service, body.cadre, body.rules
    )


@router.post("/hr/probation/decisions", response_model=list[DecisionSummary])
def decide_batch(body: BatchIn, session: SessionDep, access: HrCell) -> object:
    """Several probation decisions at once, one per official, each with its own reason: all or none."""
    items = [workflow.BatchItem(d.decision_id, d.outcome, d.reason, _details(d)) for d in body.decisions]
    decided = workflow.decide_many(session, access.principal, Kind.PROBATION_CONFIRMATION, items)
    return [_summary(c) for c in decided]


@router.get("/me/decisions", response_model=list[DecisionSummary])
def my_decisions(session: SessionDep, principal: PrincipalDep) -> object:
    """The cases about you: what was proposed, what was decided, and whether you may still appeal."""
    if principal.kind != "user":
        raise PermissionDenied("decisions are about people; an API client has none")
    return [_summary(c) for c in store.for_subject(session, principal.id)]


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
def get_decision(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> object:
    """The case with every entry: the frozen inputs of the proposal, each decision with its reason."""
    return _out(session, store.get(session, decision_id))


@router.post("/decisions/{decision_id}/decide", response_model=DecisionOut)
def decide(decision_id: uuid.UUID, body: DecideIn, session: SessionDep, access: Decider) -> object:
    case = workflow.decide(session, access.principal, decision_id, body.outcome, body.reason, _details(body))
    return _out(session, case)


@router.post("/decisions/{decision_id}/appeal", response_model=DecisionOut)
def appeal(decision_id: uuid.UUID, body: AppealIn, session: SessionDep, access: Reader) -> object:
    """Only the official concerned, once, within the case's period."""
    return _out(session, workflow.appeal(session, access.principal, decision_id, body.grounds))


@router.post("/decisions/{decision_id}/redecide", response_model=DecisionOut)
def redecide(decision_id: uuid.UUID, body: DecideIn, session: SessionDep, access: Decider) -> object:
    """The answer to an appeal, by someone other than the original decider; final."""
    case = workflow.redecide(
        session, access.principal, decision_id, body.outcome, body.reason, _details(body)
    )
    return _out(session, case)


@router.get("/decisions/{decision_id}/verify", response_model=VerifyOut)
def verify(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> object:
    """Check the case's hash chain: any entry changed, removed or reordered since it was recorded."""
    breaks = [BreakOut(seq=b.seq, reason=b.reason) for b in store.verify(session, decision_id)]
    return VerifyOut(verified=not breaks, breaks=breaks)


@router.get("/decisions/{decision_id}/letter.html", response_class=HTMLResponse)
def letter_html(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> HTMLResponse:
    return HTMLResponse(letters.html(letters.of_case(session, store.get(session, decision_id))))


@router.get("/decisions/{decision_id}/letter.pdf", response_class=Response)
def letter_pdf(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> Response:
    """The confirmation letter in English and Hindi, for a case whose decision in force confirms."""
    letter = letters.of_case(session, store.get(session, decision_id))
    return file_response(
        letters.pdf(letter), "application/pdf", f"confirmation-{decision_id}.pdf", inline=True
    )


@router.get("/hr/positions/{position_id}/candidates")
def rank_candidates(
    position_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_MANAGE, position_scope)],
    pay_levels: Annotated[list[int], Query(description="eligible pay levels; none for any")] = [],  # noqa: B006
    services: Annotated[list[str], Query(description="eligible services; none for any")] = [],  # noqa: B006
    not_on_probation: bool = True,
    max_hours: float | None = Query(
        None, ge=0, le=10_000, description="who could fill it after this much training"
    ),
    limit: int = Query(50, ge=1, le=vacancies.MAX_LIMIT),
) -> list[dict[str, object]]:
    """Officials in your scope ranked by fit: verified coverage of the position's needs, then the
    fewest hours to close the rest, each with what they meet (and the evidence), miss, and would take."""
    for i, level in enumerate(pay_levels):
        if not 1 <= level <= vacancies.MAX_PAY_LEVEL:
            raise InvalidInput(f"pay_levels[{i}]", f"must be a pay level from 1 to {vacancies.MAX_PAY_LEVEL}")
    eligibility = vacancies.Eligibility(tuple(pay_levels), tuple(services), not_on_probation)
    fits = vacancies.rank_candidates(session, access.paths, position_id, eligibility, max_hours, limit)
    names = vacancies.names_of(session, fits)
    return [vacancies.fit_json(f, names) for f in fits]


@router.post("/hr/vacancies", response_model=VacancyOut, status_code=201)
def open_vacancy(body: VacancyIn, session: SessionDep, access: HrCell) -> object:
    """Open a vacancy for a position whose needs the verified FRAC states, with its eligibility."""
    eligibility = vacancies.Eligibility(
        tuple(body.pay_levels),
        tuple(body.services),
        body.not_on_probation,
        body.min_tenure_months,
        body.max_tenure_months,
    )
    return vacancies.open_vacancy(session, access.principal, body.position_id, eligibility)


@router.get("/hr/vacancies", response_model=list[VacancyOut])
def list_vacancies(session: SessionDep, access: HrCell) -> object:
    return vacancies.list_vacancies(session, access.paths)


@router.get("/hr/vacancies/{vacancy_id}", response_model=VacancyOut)
def get_vacancy(
    vacancy_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.PEOPLE_MANAGE, vacancy_scope)],
) -> object:
    return vacancies.get_vacancy(session, vacancy_id)


@router.get("/hr/vacancies/{vacancy_id}/candidates")
def vacancy_candidates(
    vacancy_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_MANAGE, vacancy_scope)],
    max_hours: float | None = Query(
        None, ge=0, le=10_000, description="who could fill it after this much training"
    ),
    limit: int = Query(50, ge=1, le=vacancies.MAX_LIMIT),
) -> list[dict[str, object]]:
    """The eligible officials in your scope (across departments, with a grant above them), best fit first."""
    fits = vacancies.rank_for_vacancy(session, access.paths, vacancy_id, max_hours, limit)
    names = vacancies.names_of(session, fits)
    return [vacancies.fit_json(f, names) for f in fits]


VacancyManager = Annotated[Access, require(Permission.PEOPLE_MANAGE, vacancy_scope)]


@router.post("/hr/vacancies/{vacancy_id}/postings", response_model=DecisionOut, status_code=201)
def post_official(
    vacancy_id: uuid.UUID, body: PostingIn, session: SessionDep, access: VacancyManager
) -> object:
    """Select an eligible official in your scope for the vacancy, with a reason: a posting decision whose
    proposal freezes their fit. The order takes effect on `effective_on`; the official may appeal."""
    case = postings.select_candidate(
        session,
        access.principal,
        access.paths,
        vacancy_id,
        body.user_id,
        body.reason,
        body.effective_on,
        body.appeal_days,
    )
    return _out(session, case)


@router.post("/hr/vacancies/{vacancy_id}/notices", response_model=list[NoticeOut], status_code=201)
def send_notices(
    vacancy_id: uuid.UUID, body: NoticesIn, session: SessionDep, access: VacancyManager
) -> object:
    """Show the vacancy in the portal of every eligible official in scope who could fill it within
    `max_hours` of training (0: who fit it now); those already told are not told again."""
    return postings.send_notices(session, access.principal, access.paths, vacancy_id, body.max_hours)


@router.get("/me/vacancy-notices")
def my_vacancy_notices(session: SessionDep, principal: PrincipalDep) -> list[dict[str, object]]:
    if principal.kind != "user":
        raise PermissionDenied("vacancy notices are for people; an API client has none")
    return [
        {
            "vacancy_id": str(n.vacancy_id),
            "designation": n.designation,
            "organisation": n.organisation,
            "coverage": n.coverage,
            "hours_to_close": n.hours_to_close,
            "open": n.open,
        }
        for n in postings.notices_for(session, principal.id)
    ]


@router.get("/hr/officials", response_model=list[MatchOut])
def search_officials(
    session: SessionDep,
    access: HrCell,
    competency_id: uuid.UUID,
    min_level: int = Query(1, ge=1, le=postings.MAX_LEVEL),
    limit: int = Query(50, ge=1, le=vacancies.MAX_LIMIT),
) -> object:
    """Officials in your scope who hold the competency at `min_level` or above on verified evidence."""
    return postings.search_officials(session, access.paths, competency_id, min_level, limit)


@router.get("/hr/officials/{user_id}/postings", response_model=list[PostOut])
def posting_history(
    user_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.SERVICE_RECORDS_READ, user_scope, owner_may=True)],
) -> object:
    """The posts the official has held, from when to when; the current one last."""
    return postings.history(session, user_id)


@router.get("/decisions/{decision_id}/order.html", response_class=HTMLResponse)
def order_html(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> HTMLResponse:
    return HTMLResponse(letters.html(postings.order_of_case(session, store.get(session, decision_id))))


@router.get("/decisions/{decision_id}/order.pdf", response_class=Response)
def order_pdf(decision_id: uuid.UUID, session: SessionDep, _: Reader) -> Response:
    """The posting order in English and Hindi, for a case whose decision in force posts the official."""
    order = postings.order_of_case(session, store.get(session, decision_id))
    return file_response(letters.pdf(order), "application/pdf", f"posting-{decision_id}.pdf", inline=True)

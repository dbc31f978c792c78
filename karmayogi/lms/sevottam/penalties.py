"""Penalty proceedings against the officer responsible for a service not rendered in time: the Commission
proposes with the facts frozen, another member decides with a reason (at most Rs 50,000), the officer
may appeal, and a third member re-decides. All on the shared decision cases."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import Case, Entry, Kind, Step
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.orm import DecisionCase, User
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.sevottam import cases, grievances, services

MAX_PENALTY_PAISE = 50_000_00  # Rs 50,000
OUTCOMES = ("impose", "drop")


def _commission(session: Session, principal: Principal, path: str) -> None:
    if principal.kind != "user" or not principal.can(Permission.GRIEVANCES_APPEALS, path):
        raise PermissionDenied("penalties are for the Public Grievance Redressal Commission")


def _amount(outcome: str, amount_paise: int) -> int:
    if outcome not in OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(OUTCOMES)}")
    if not isinstance(amount_paise, int) or isinstance(amount_paise, bool):
        raise InvalidInput("amount_paise", "must be whole paise")
    if outcome == "impose" and not 1 <= amount_paise <= MAX_PENALTY_PAISE:
        raise InvalidInput("amount_paise", "a penalty is from 1 paisa to Rs 50,000 (5000000 paise)")
    if outcome == "drop" and amount_paise != 0:
        raise InvalidInput("amount_paise", "a dropped proceeding imposes nothing")
    return amount_paise


def propose(
    session: Session,
    principal: Principal,
    grievance_id: uuid.UUID,
    officer_id: uuid.UUID,
    amount_paise: int,
    reason: str,
) -> Case:
    grievance = grievances.get_for(session, principal, grievance_id)
    path = grievances.org_path(session, grievance)
    _commission(session, principal, path)
    officer = session.get(User, officer_id)
    if officer is None:
        raise NotFound("user", officer_id)
    _amount("impose", amount_paise)
    reason = cases.reason_text(reason, "reason", "a reason")
    overdue = services.calendar_of(session, grievance.organisation_id).working_days_between(
        grievance.due_on, (grievance.disposed_at or utcnow()).date()
    )
    inputs = {
        "grievance_id": str(grievance.id),
        "registration_number": grievance.registration_number,
        "service_id": str(grievance.service_id) if grievance.service_id else None,
        "due_on": grievance.due_on.isoformat(),
        "working_days_overdue": overdue,
        "proposed_amount_paise": amount_paise,
        "proposal_reason": reason,
    }
    appeal_days = services.settings_of(session, grievance.organisation_id).appeal_days
    return cases.open_case(
        session,
        Kind.PENALTY,
        officer.id,
        f"grievance:{grievance.id}",
        inputs,
        principal.id,
        appeal_days,
        "impose",
    )


def _case_path(session: Session, case: Case) -> str:
    grievance_id = uuid.UUID(str(case.proposal.payload["grievance_id"]))
    grievance = session.get(grievances.Grievance, grievance_id)
    assert grievance is not None
    return grievances.org_path(session, grievance)


def _penalty(session: Session, case_id: uuid.UUID) -> Case:
    case = store.get(session, case_id)
    if case.kind is not Kind.PENALTY:
        raise NotFound("penalty", case_id)
    return case


def _rule(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    step: Step,
    outcome: str,
    amount_paise: int,
    reason: str,
) -> Case:
    """A Commission member's decision or re-decision: an outcome, the amount and a reason."""
    _commission(session, principal, _case_path(session, _penalty(session, case_id)))
    amount = _amount(outcome, amount_paise)
    reason = cases.reason_text(reason, "reason", "a reason")
    return cases.record(
        session, case_id, step, principal.id, outcome, reason, {"amount_paise": amount}, independent=True
    )


def decide(
    session: Session, principal: Principal, case_id: uuid.UUID, outcome: str, amount_paise: int, reason: str
) -> Case:
    return _rule(session, principal, case_id, Step.DECISION, outcome, amount_paise, reason)


def appeal(session: Session, principal: Principal, case_id: uuid.UUID, grounds: str) -> Case:
    case = _penalty(session, case_id)
    if not principal.is_self(case.subject_id):
        raise PermissionDenied("only the officer the penalty is about may appeal it")
    grounds = cases.reason_text(grounds, "grounds", "the grounds of the appeal")
    return cases.record(session, case_id, Step.APPEAL, principal.id, "appeal", grounds, {})


def redecide(
    session: Session, principal: Principal, case_id: uuid.UUID, outcome: str, amount_paise: int, reason: str
) -> Case:
    return _rule(session, principal, case_id, Step.REDECISION, outcome, amount_paise, reason)


def for_grievance(session: Session, principal: Principal, grievance_id: uuid.UUID) -> list[Case]:
    """The penalty proceedings a grievance gave rise to, oldest first; for the Commission only."""
    grievance = grievances.get_for(session, principal, grievance_id)
    _commission(session, principal, grievances.org_path(session, grievance))
    headers = session.scalars(
        select(DecisionCase)
        .where(DecisionCase.kind == Kind.PENALTY.value, DecisionCase.round_key == f"grievance:{grievance.id}")
        .order_by(DecisionCase.opened_at, DecisionCase.id)
    )
    return [store.as_case(session, header) for header in headers]


def grievance_of(session: Session, case_id: uuid.UUID) -> uuid.UUID:
    """The grievance a penalty proceeding is over."""
    return uuid.UUID(str(_penalty(session, case_id).proposal.payload["grievance_id"]))


def amount_of(entry: Entry) -> int | None:
    """The paise a step of a proceeding names: proposed on the proposal, imposed on a decision."""
    value = entry.payload.get("amount_paise", entry.payload.get("proposed_amount_paise"))
    return value if isinstance(value, int) else None

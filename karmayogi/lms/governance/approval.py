"""The Commission decides a submitted plan through the shared decision pattern; the case's effect
(`plans.apply_decision`) moves the plan."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from karmayogi.lms.decisions import workflow
from karmayogi.lms.decisions.entries import Case
from karmayogi.lms.errors import Conflict
from karmayogi.lms.governance import plans
from karmayogi.lms.permissions import Principal


def decide(
    session: Session, principal: Principal, plan_id: uuid.UUID, outcome: str, reason: str
) -> plans.Plan:
    """Approve or reject the plan's open submission, with a reason."""
    plan = plans.get(session, principal, plan_id)
    if plan.state != "submitted" or plan.decision_case_id is None:
        raise Conflict("state", f"a {plan.state} plan has no submission awaiting a decision")
    workflow.decide(session, principal, plan.decision_case_id, outcome, reason)
    return plans.get(session, principal, plan_id)


def appeal(session: Session, principal: Principal, plan_id: uuid.UUID, grounds: str) -> plans.Plan:
    """The person who submitted appeals the Commission's rejection, with grounds, within the period."""
    plan = plans.get(session, principal, plan_id)
    if plan.decision_case_id is None:
        raise Conflict("state", "this plan was never submitted")
    workflow.appeal(session, principal, plan.decision_case_id, grounds)
    return plans.get(session, principal, plan_id)


def redecide(
    session: Session, principal: Principal, plan_id: uuid.UUID, outcome: str, reason: str
) -> plans.Plan:
    """Someone other than the first decider answers the appeal; final."""
    plan = plans.get(session, principal, plan_id)
    if plan.decision_case_id is None:
        raise Conflict("state", "this plan was never submitted")
    workflow.redecide(session, principal, plan.decision_case_id, outcome, reason)
    return plans.get(session, principal, plan_id)


def case_of(session: Session, principal: Principal, plan_id: uuid.UUID) -> Case | None:
    from karmayogi.lms.decisions import store

    plan = plans.get(session, principal, plan_id)
    return store.get(session, plan.decision_case_id) if plan.decision_case_id else None

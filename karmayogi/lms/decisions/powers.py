"""Who may decide a case: the rules of issue 14 as they apply to decisions, kept small for
`karmayogi.lms.permissions` to absorb once it holds the rules of power in one place.

A decider needs the kind's permission over the person's organisation, and must not be the person,
anyone above them in the supervisor chain, the person who proposed (when a person did), or, for a
re-decision, anyone who decided the case before.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.decisions.entries import Case, Kind, Step
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import Permission, Principal

# The grant each kind needs; the kinds still to come (plans, grievances) will name their own.
PERMISSION: dict[Kind, Permission] = {
    **{kind: Permission.PEOPLE_MANAGE for kind in Kind},
    Kind.PLAN_APPROVAL: Permission.PLANS_APPROVE,  # the Commission approves a department's plan
}
MAX_CHAIN = 64  # a supervisor chain longer than this is treated as ending there (and cannot loop)


def supervisor_chain(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The official's supervisor, theirs, and so on upward; stops at a repeat, so a cycle cannot hang it."""
    found: list[uuid.UUID] = []
    current = session.scalar(select(User.supervisor_id).where(User.id == user_id))
    while current is not None and current not in found and current != user_id and len(found) < MAX_CHAIN:
        found.append(current)
        current = session.scalar(select(User.supervisor_id).where(User.id == current))
    return found


def conflict_of_interest(
    actor_id: uuid.UUID, case: Case, supervisors: list[uuid.UUID], step: Step
) -> str | None:
    """Why `actor_id` may not take `step` (a decision or re-decision) on `case`, or None when they may."""
    if actor_id == case.subject_id:
        return "no one decides their own case"
    if actor_id in supervisors:
        return "no one decides the case of someone they supervise"
    if case.proposal.actor_id == actor_id:
        return "the person who proposed cannot also decide"
    if step is Step.REDECISION and actor_id in case.deciders():
        return "an appeal is re-decided by someone other than the original decider"
    return None


def may_decide(session: Session, principal: Principal, case: Case, path: str, step: Step) -> str | None:
    """Why the caller may not decide (None when they may): the kind's grant first, then the conflicts."""
    if principal.kind != "user":
        return "decisions are made by named people"
    if not principal.can(PERMISSION[case.kind], path):
        return f"deciding a {case.kind.value} needs {PERMISSION[case.kind].value} over the official"
    return conflict_of_interest(principal.id, case, supervisor_chain(session, case.subject_id), step)

"""Sevottam's steps on the shared decision cases (`karmayogi.lms.decisions`): grievance disposals, their
appeals to the Commission, penalties on responsible officers, and assessors' ratings.

The cases, entries, chain and states are the shared ones; what is Sevottam's own is who may take
each step (a grievance officer disposes, a citizen appeals by their secret link, a Commission
member re-decides or imposes a penalty, an assessor from outside the organisation rates).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import MAX_REASON, NEXT_STEP, Case, Kind, Step
from karmayogi.lms.decisions.powers import conflict_of_interest, supervisor_chain
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied


def reason_text(value: str, field: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(field, f"{what} is required")
    if len(value) > MAX_REASON:
        raise InvalidInput(field, f"at most {MAX_REASON} characters")
    return value


def expect(case: Case, step: Step) -> None:
    if NEXT_STEP.get(case.state) is not step:
        raise Conflict("decision", f"this case is {case.state.value}: a {step.value} cannot be recorded now")


def open_case(
    session: Session,
    kind: Kind,
    subject_id: uuid.UUID,
    round_key: str,
    inputs: Mapping[str, object],
    proposed_by: uuid.UUID | None,
    appeal_days: int,
    outcome: str = "review",
) -> Case:
    return store.open_case(session, kind, subject_id, round_key, outcome, inputs, proposed_by, appeal_days)


def record(
    session: Session,
    case_id: uuid.UUID,
    step: Step,
    actor_id: uuid.UUID | None,
    outcome: str,
    reason: str,
    payload: Mapping[str, object],
    *,
    independent: bool = False,
) -> Case:
    """Append `step` under the case's lock; `independent` applies the shared conflict-of-interest rules."""
    case = store.get(session, case_id, lock=True)
    expect(case, step)
    if step is Step.APPEAL:
        until = case.appeal_until
        if until is not None and utcnow() > until:
            raise Conflict(
                "appeal", f"the period for an appeal ended at {until.isoformat(timespec='seconds')}"
            )
    if independent and actor_id is not None:
        refusal = conflict_of_interest(actor_id, case, supervisor_chain(session, case.subject_id), step)
        if refusal:
            raise PermissionDenied(refusal)
    if step is Step.REDECISION and actor_id in case.deciders():
        raise PermissionDenied("an appeal is re-decided by someone other than the original decider")
    store.append(session, case, step, actor_id, outcome, reason, payload)
    return store.get(session, case_id)

"""Deciding, appealing and re-deciding a case, with each kind's effect on the person's record.

Every step is taken under the case's lock, checked against the step the case allows next and the
rules of who may take it, chained, and then applied: a probation decision updates the service
record in the same transaction, so the record and the decision never disagree.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import posting, probation, store
from karmayogi.lms.decisions.entries import (
    MAX_REASON,
    NEXT_STEP,
    OUTCOMES,
    Case,
    Entry,
    Kind,
    State,
    Step,
    checked_text,
)
from karmayogi.lms.decisions.powers import may_decide
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import DecisionCase
from karmayogi.lms.permissions import Permission, Principal, Target

# Checks a decision's details for its outcome and returns them as they will be recorded.
DETAILS: dict[Kind, Callable[[str, Mapping[str, object]], dict[str, object]]] = {
    Kind.PROBATION_CONFIRMATION: probation.decision_details,
    Kind.POSTING: posting.decision_details,
}
# What a decision in force changes on the record it is about. Workflows above this package (plans,
# grievances) add theirs with `on_decision`, so the arrow keeps pointing down.
EFFECTS: dict[Kind, Callable[[Session, Case, Entry], None]] = {
    Kind.PROBATION_CONFIRMATION: probation.apply_decision,
    Kind.POSTING: posting.apply_decision,
}


def on_decision(kind: Kind, effect: Callable[[Session, Case, Entry], None]) -> None:
    """Register what a decision of `kind` in force changes."""
    EFFECTS[kind] = effect


def case_target(session: Session, case_id: uuid.UUID) -> Target:
    """Where a case sits: its official's organisation when opened; the official owns it."""
    path = path_of(session, DecisionCase, case_id, "decision")
    case = session.get(DecisionCase, case_id)
    assert case is not None
    return Target("decision", case_id, path, owner_id=case.subject_id)


def may_read(principal: Principal, target: Target) -> bool:
    return principal.is_self(target.owner_id) or principal.can(Permission.SERVICE_RECORDS_READ, target.path)


def _reason(value: str, field: str, what: str) -> str:
    value = checked_text(value, field, MAX_REASON)
    if not value:
        raise InvalidInput(field, f"{what} is required")
    return value


def _expect(case: Case, step: Step) -> None:
    if NEXT_STEP.get(case.state) is not step:
        raise Conflict("decision", f"this case is {case.state.value}: no {step.value} can be recorded now")


def _decide(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    step: Step,
    outcome: str,
    reason: str,
    details: Mapping[str, object],
) -> Case:
    reason = _reason(reason, "reason", "a reason")
    case = store.get(session, case_id, lock=True)
    _expect(case, step)
    refusal = may_decide(session, principal, case, case_target(session, case_id).path, step)
    if refusal:
        raise PermissionDenied(refusal)
    if outcome not in OUTCOMES[case.kind]:
        raise InvalidInput("outcome", f"must be one of: {', '.join(OUTCOMES[case.kind])}")
    if case.kind in DETAILS:
        checked = DETAILS[case.kind](outcome, details)
    elif details:
        raise InvalidInput("details", f"a {case.kind.value} decision takes no details")
    else:
        checked = {}
    entry = store.append(session, case, step, principal.id, outcome, reason, checked)
    case = store.get(session, case_id)
    if case.kind in EFFECTS:
        EFFECTS[case.kind](session, case, entry)
    return case


def decide(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    outcome: str,
    reason: str,
    details: Mapping[str, object] | None = None,
) -> Case:
    """A named person decides the proposal, with a reason; their decision need not follow the proposal."""
    return _decide(session, principal, case_id, Step.DECISION, outcome, reason, details or {})


def redecide(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    outcome: str,
    reason: str,
    details: Mapping[str, object] | None = None,
) -> Case:
    """Someone other than the original decider answers the appeal; this is final."""
    return _decide(session, principal, case_id, Step.REDECISION, outcome, reason, details or {})


def appeal(session: Session, principal: Principal, case_id: uuid.UUID, grounds: str) -> Case:
    """The person concerned appeals, once, with grounds, before the case's period runs out."""
    grounds = _reason(grounds, "grounds", "the grounds of the appeal")
    case = store.get(session, case_id, lock=True)
    if not principal.is_self(case.subject_id):
        raise PermissionDenied("only the official the decision is about may appeal it")
    _expect(case, Step.APPEAL)
    until = case.appeal_until
    assert until is not None and case.state is State.DECIDED
    if utcnow() > until:
        raise Conflict("appeal", f"the period for an appeal ended at {until.isoformat(timespec='seconds')}")
    store.append(session, case, Step.APPEAL, principal.id, "appeal", grounds, {})
    return store.get(session, case_id)


@dataclass(frozen=True)
class BatchItem:
    case_id: uuid.UUID
    outcome: str
    reason: str
    details: Mapping[str, object]


def decide_many(session: Session, principal: Principal, kind: Kind, items: list[BatchItem]) -> list[Case]:
    """One decision per case, each with its own reason; all are recorded or, on any refusal, none.

    A refusal names the item (`decisions[2].reason`); a case outside the caller's reach is
    reported as not found, exactly as for a single decision.
    """
    if not items:
        raise InvalidInput("decisions", "name at least one decision")
    seen: set[uuid.UUID] = set()
    decided = []
    for i, item in enumerate(items):
        if item.case_id in seen:
            raise InvalidInput(f"decisions[{i}].decision_id", "each case is decided once in a batch")
        seen.add(item.case_id)
        target = case_target(session, item.case_id)
        header = session.get(DecisionCase, item.case_id)
        assert header is not None
        if not principal.can(Permission.PEOPLE_MANAGE, target.path):
            raise NotFound("decision", item.case_id)
        if header.kind != kind.value:
            raise InvalidInput(f"decisions[{i}].decision_id", f"is not a {kind.value} case")
        try:
            decided.append(decide(session, principal, item.case_id, item.outcome, item.reason, item.details))
        except InvalidInput as exc:
            raise InvalidInput(f"decisions[{i}].{exc.field}", exc.reason) from None
        except Conflict as exc:
            raise Conflict(f"decisions[{i}]", str(exc)) from None
        except PermissionDenied as exc:
            raise PermissionDenied(f"decisions[{i}]: {exc}") from None
    return decided

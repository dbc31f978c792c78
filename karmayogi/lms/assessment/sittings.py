"""Sitting an assessment: opening an attempt on a fresh paper, and taking its answers once, in time.

The attempt rules are the pure ones of `attempts`, fed with the officer's stored attempts and the
server's clock. Every refusal (another officer's attempt, a second or late submission, a wrong
nonce, a malformed answer) raises before anything is written, so the request's transaction leaves
the attempt as it was.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import Assessment, AssessmentAttempt, User
from karmayogi.lms.permissions import Principal, Target
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

from .assessment_store import PUBLISHED, form_of, get_assessment
from .attempts import OpenAttempt, PastAttempt, accept_answer, open_attempt
from .forms import Paper, assemble_paper
from .question_store import bank_for, exact_versions
from .results import PaperResult, grade_paper
from .scoring import Response
from .serialisation import paper_from_json, paper_to_json, paper_versions, result_to_json

OPEN = "open"
SUBMITTED = "submitted"


def attempt_target(session: Session, attempt_id: uuid.UUID) -> Target:
    path = path_of(session, AssessmentAttempt, attempt_id, "attempt")
    owner = session.scalar(select(AssessmentAttempt.user_id).where(AssessmentAttempt.id == attempt_id))
    return Target("attempt", attempt_id, path, owner_id=owner)


def start_attempt(
    session: Session, principal: Principal, assessment_id: uuid.UUID, path: str
) -> tuple[AssessmentAttempt, Paper]:
    """A new attempt for the caller with its nonce, its server deadline and its own shuffled paper."""
    if principal.kind != "user":
        raise PermissionDenied("an assessment is sat by an official, not by an API client")
    assessment = get_assessment(session, principal, assessment_id, path)
    if assessment.status != PUBLISHED:
        raise Conflict("status", "only a published assessment can be sat")
    officer = session.get(User, principal.id, with_for_update=True)  # one officer's starts run in turn
    assert officer is not None, "the caller signed in"
    earlier = list(
        session.scalars(
            select(AssessmentAttempt)
            .where(AssessmentAttempt.assessment_id == assessment_id, AssessmentAttempt.user_id == officer.id)
            .order_by(AssessmentAttempt.number)
        )
    )
    form = form_of(assessment)
    opened = open_attempt(
        form.rules, [PastAttempt(a.started_at, a.deadline, a.submitted_at) for a in earlier], utcnow()
    )
    seed = secrets.randbits(62)
    paper = assemble_paper(form, bank_for(session, assessment.organisation_id, form), seed)
    attempt = AssessmentAttempt(
        assessment_id=assessment_id,
        user_id=officer.id,
        organisation_id=officer.organisation_id,
        number=len(earlier) + 1,
        nonce=opened.nonce,
        seed=seed,
        started_at=opened.started_at,
        deadline=opened.deadline,
        paper=paper_to_json(paper),
        state=OPEN,
    )
    session.add(attempt)
    session.flush()
    return attempt, paper


def attempts_of(
    session: Session, user_id: uuid.UUID, assessment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[AssessmentAttempt]]:
    """The official's attempts at each of the assessments, in order."""
    found: dict[uuid.UUID, list[AssessmentAttempt]] = {}
    for attempt in session.scalars(
        select(AssessmentAttempt)
        .where(AssessmentAttempt.user_id == user_id, AssessmentAttempt.assessment_id.in_(assessment_ids))
        .order_by(AssessmentAttempt.assessment_id, AssessmentAttempt.number)
    ):
        found.setdefault(attempt.assessment_id, []).append(attempt)
    return found


def read_attempt(session: Session, attempt_id: uuid.UUID) -> tuple[AssessmentAttempt, Paper]:
    """The attempt and its paper, with the exact question versions it was sat with."""
    attempt = session.get(AssessmentAttempt, attempt_id)
    if attempt is None:
        raise NotFound("attempt", attempt_id)
    return attempt, paper_of(session, attempt)


def submit(
    session: Session,
    principal: Principal,
    attempt_id: uuid.UUID,
    nonce: str,
    answers: Mapping[str, Response],
) -> tuple[AssessmentAttempt, Paper]:
    """Score the answers against the paper's own versions, keep the result, and record a pass as evidence."""
    attempt = session.get(AssessmentAttempt, attempt_id, with_for_update=True)
    if attempt is None or not principal.is_self(attempt.user_id):
        raise NotFound("attempt", attempt_id)
    if attempt.state == SUBMITTED:
        assert attempt.submitted_at is not None
        raise Conflict(
            "attempt",
            f"was submitted at {attempt.submitted_at.isoformat(timespec='seconds')}; answers are taken once",
        )
    now = utcnow()
    accept_answer(OpenAttempt(attempt.nonce, attempt.started_at, attempt.deadline), nonce, now)
    paper = paper_of(session, attempt)
    result = grade_paper(paper, answers)
    attempt.answers = dict(answers)
    attempt.submitted_at = now
    attempt.state = SUBMITTED
    settle(session, attempt, result)
    return attempt, paper


def settle(session: Session, attempt: AssessmentAttempt, result: PaperResult) -> None:
    """Keep the attempt's result; once nothing waits for a marker, a pass tagged with a competency is
    recorded as assessment-result evidence at the assessment's level."""
    attempt.result = result_to_json(result)
    attempt.awaiting_marks = result.tally.pending_review > 0
    session.flush()
    assessment = session.get(Assessment, attempt.assessment_id)
    assert assessment is not None
    if result.tally.passed and assessment.competency_id is not None and assessment.level is not None:
        store.record(
            session,
            attempt.user_id,
            assessment.competency_id,
            assessment.level,
            EvidenceSource.ASSESSMENT_RESULT,
            f"attempt:{attempt.id}",
            None,
            note=assessment.title,
        )


def paper_of(session: Session, attempt: AssessmentAttempt) -> Paper:
    """The paper as it was sat, with the exact question versions it showed."""
    return paper_from_json(attempt.paper, exact_versions(session, paper_versions(attempt.paper)))

"""Marking short-text answers: a second person, with the reviewer role over the assessment's organisation,
marks each as a share of its marks; the attempt's result, and a pass's evidence, wait for every mark.

Nobody marks their own paper. Marks are kept with who gave them and when, and a mark once given stands:
the queue shows only answers still waiting.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import organisation_path
from karmayogi.lms.orm import Assessment, AssessmentAttempt, Organisation
from karmayogi.lms.permissions import Permission, Principal

from .forms import Paper
from .items import Question
from .results import grade_paper
from .scoring import Outcome
from .sittings import paper_of, settle

MAX_QUEUE = 200


@dataclass(frozen=True)
class Waiting:
    """An answer waiting for its mark: the question as the candidate saw it, and what they wrote."""

    question: Question
    answer: str


@dataclass(frozen=True)
class ToMark:
    attempt: AssessmentAttempt
    assessment: Assessment
    waiting: list[Waiting]


def queue(session: Session, principal: Principal) -> list[tuple[AssessmentAttempt, Assessment]]:
    """Attempts with an answer waiting for a mark that the caller may give, the oldest first."""
    rows = session.execute(
        select(AssessmentAttempt, Assessment, Organisation.path)
        .join(Assessment, Assessment.id == AssessmentAttempt.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(AssessmentAttempt.awaiting_marks.is_(True))
        .order_by(AssessmentAttempt.submitted_at, AssessmentAttempt.id)
    ).all()
    mine = [
        (attempt, assessment)
        for attempt, assessment, path in rows
        if principal.can(Permission.ASSESSMENTS_MARK, path) and not principal.is_self(attempt.user_id)
    ]
    return mine[:MAX_QUEUE]


def to_mark(session: Session, principal: Principal, attempt_id: uuid.UUID) -> ToMark:
    """The attempt's answers still waiting for a mark; refused unless the caller may mark them."""
    attempt, assessment = _markable(session, principal, attempt_id)
    paper = paper_of(session, attempt)
    answers = attempt.answers or {}
    return ToMark(
        attempt,
        assessment,
        [Waiting(q, str(answers.get(q.id, ""))) for q in _pending(paper, attempt)],
    )


def mark(
    session: Session, principal: Principal, attempt_id: uuid.UUID, marks: Mapping[str, float]
) -> AssessmentAttempt:
    """Record marks (a share of each question's marks, 0 to 1) for answers waiting for one, then grade
    the paper again; once none waits, the result stands and a pass is recorded as evidence."""
    attempt, _ = _markable(session, principal, attempt_id, lock=True)
    if not attempt.awaiting_marks:
        raise Conflict("attempt", "has no answer waiting for a mark")
    paper = paper_of(session, attempt)
    pending = {q.id for q in _pending(paper, attempt)}
    if not marks:
        raise InvalidInput("marks", "give a mark for at least one answer")
    stray = sorted(set(marks) - pending)
    if stray:
        raise InvalidInput("marks", f"{stray} are not answers of this attempt waiting for a mark")
    for question_id, fraction in marks.items():
        if not 0 <= fraction <= 1:  # NaN fails this too
            raise InvalidInput(
                f"marks.{question_id}", f"must be a share of the marks from 0 to 1, got {fraction}"
            )
    now = utcnow().isoformat(timespec="seconds")
    given = {q: {"fraction": float(f), "by": str(principal.id), "at": now} for q, f in marks.items()}
    attempt.marks = {**(attempt.marks or {}), **given}
    shares = {q: float(m["fraction"]) for q, m in attempt.marks.items()}
    settle(session, attempt, grade_paper(paper, attempt.answers or {}, shares))
    return attempt


def _markable(
    session: Session, principal: Principal, attempt_id: uuid.UUID, lock: bool = False
) -> tuple[AssessmentAttempt, Assessment]:
    attempt = session.get(AssessmentAttempt, attempt_id, with_for_update=lock)
    assessment = session.get(Assessment, attempt.assessment_id) if attempt else None
    path = organisation_path(session, assessment.organisation_id) if assessment else None
    if (
        attempt is None
        or assessment is None
        or path is None
        or not principal.can(Permission.ASSESSMENTS_MARK, path)
    ):
        raise NotFound("attempt", attempt_id)
    if principal.is_self(attempt.user_id):
        raise PermissionDenied("nobody marks their own paper: another reviewer marks it")
    return attempt, assessment


def _pending(paper: Paper, attempt: AssessmentAttempt) -> list[Question]:
    """The paper's questions whose answers wait for a mark, in paper order."""
    outcomes = {
        q["question_id"]: q["outcome"]
        for s in (attempt.result or {}).get("sections", [])
        for q in s["questions"]
    }
    return [
        placed.question
        for section in paper.sections
        for placed in section.questions
        if outcomes.get(placed.question.id) == Outcome.PENDING_REVIEW.value
    ]

"""Ratings and reviews, only from learners who enrolled, with aggregates per course and provider."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.orm import Course, CourseRating, Enrolment, User
from karmayogi.lms.permissions import Principal

MAX_REVIEW_LENGTH = 5_000


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None
    # How many ratings gave 1, 2, 3, 4 and 5 stars.
    histogram: tuple[int, int, int, int, int]


def rate(
    session: Session, principal: Principal, course_id: uuid.UUID, stars: int, review: str
) -> CourseRating:
    """Rate a course once, revising the rating on a second call."""
    if principal.kind != "user":
        raise PermissionDenied("only a learner rates a course")
    if not 1 <= stars <= 5:
        raise InvalidInput("stars", "must be between 1 and 5")
    if len(review) > MAX_REVIEW_LENGTH:
        raise InvalidInput("review", f"must be at most {MAX_REVIEW_LENGTH} characters")
    enrolled = session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == principal.id, Enrolment.course_id == course_id)
    )
    if enrolled is None:
        raise PermissionDenied("only learners who enrolled in this course may rate it")
    row = session.get(CourseRating, (course_id, principal.id))
    if row is None:
        row = CourseRating(course_id=course_id, user_id=principal.id)
        session.add(row)
    row.stars, row.review, row.rated_at = stars, review.strip(), utcnow()
    session.flush()
    return row


def summary(
    session: Session, *, course_id: uuid.UUID | None = None, provider_id: uuid.UUID | None = None
) -> RatingSummary:
    """The aggregate over one course's ratings, or over every course of one provider."""
    stmt = select(CourseRating.stars, func.count()).group_by(CourseRating.stars)
    if course_id is not None:
        stmt = stmt.where(CourseRating.course_id == course_id)
    if provider_id is not None:
        stmt = stmt.join(Course, Course.id == CourseRating.course_id).where(Course.provider_id == provider_id)
    counts: dict[int, int] = {stars: n for stars, n in session.execute(stmt)}
    histogram = tuple(counts.get(stars, 0) for stars in range(1, 6))
    total = sum(histogram)
    average = (
        round(sum(s * n for s, n in zip(range(1, 6), histogram, strict=True)) / total, 2) if total else None
    )
    return RatingSummary(total, average, histogram)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Review:
    """A written review as a reader sees it: the reviewer named only to readers of their organisation."""

    course_id: uuid.UUID
    reviewer: str | None
    stars: int
    review: str
    rated_at: datetime


def reviews(session: Session, principal: Principal, course_id: uuid.UUID, limit: int) -> list[Review]:
    """The newest written reviews of a course; no reviewer id leaves, nor a name their organisation."""
    rows = session.execute(
        select(CourseRating, User.full_name, User.organisation_id)
        .join(User, User.id == CourseRating.user_id)
        .where(CourseRating.course_id == course_id, CourseRating.review != "")
        .order_by(CourseRating.rated_at.desc())
        .limit(limit)
    )
    return [
        Review(
            rating.course_id,
            name if organisation_id == principal.organisation_id else None,
            rating.stars,
            rating.review,
            rating.rated_at,
        )
        for rating, name, organisation_id in rows
    ]

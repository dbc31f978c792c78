"""Recommendations as a service: an official's gaps, their explained course list and learning path,
and "not relevant" marks. The recommender itself is kept warm per process (`warm_recommenders`); the
nightly refresh for every official is `recommendation_refresh`. Everything about one official
(passbook, enrolments, marks, mandates) is read fresh on every request.

Answers are plain JSON objects, shared by the API, the CLI and the stored nightly rows. When there is
nothing to recommend, the answer says why: `items` is empty and `reason` is a stable code
(`no_position`, `no_verified_frac`, `empty_catalogue`, `no_gaps`, `no_courses_for_gaps`) with a
`message` for people.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Encoder
from karmayogi.content.model import CourseStatus
from karmayogi.lms import allocations, warm_recommenders
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.orm import (
    Course,
    Enrolment,
    NotRelevantMark,
    ProfileLine,
    User,
)
from karmayogi.lms.plans import mandates_for, named_in_live_plans
from karmayogi.lms.sevottam import linking
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.gaps import Gap, NothingToRecommend, NothingToRecommendReason
from karmayogi.recommender.paths import LearningPath
from karmayogi.recommender.profile import (
    CompetencyStanding,
    CourseProgress,
    MandatedCourse,
    OfficerProfile,
)
from karmayogi.recommender.ranking import Recommendation

DEFAULT_K = 10
MAX_K = 50
DEFAULT_WEEKLY_HOURS = 2.0
_CHUNK = 500  # officials per query when profiles are read in bulk


def officer_profile(
    session: Session,
    user: User,
    desired_position_id: uuid.UUID | None = None,
    weekly_hours: float = DEFAULT_WEEKLY_HOURS,
) -> OfficerProfile:
    """The official as the recommender sees them, from their passbook, learning record and marks."""
    return officer_profiles(session, [user], desired_position_id, weekly_hours)[0]


def officer_profiles(
    session: Session,
    users: Sequence[User],
    desired_position_id: uuid.UUID | None = None,
    weekly_hours: float = DEFAULT_WEEKLY_HOURS,
) -> list[OfficerProfile]:
    """Profiles of many officials with a few queries per chunk of them, for the nightly refresh."""
    if not weekly_hours > 0:
        raise InvalidInput("weekly_hours", f"{weekly_hours} must be above 0")
    mandates: dict[tuple[uuid.UUID | None, uuid.UUID], tuple[MandatedCourse, ...]] = {}
    profiles = []
    for start in range(0, len(users), _CHUNK):
        chunk = users[start : start + _CHUNK]
        ids = [user.id for user in chunk]
        standings: dict[uuid.UUID, list[CompetencyStanding]] = {}
        for line in session.execute(
            select(
                ProfileLine.user_id,
                ProfileLine.competency_id,
                ProfileLine.level,
                ProfileLine.confidence,
                ProfileLine.standing,
            ).where(ProfileLine.user_id.in_(ids))
        ):
            standings.setdefault(line.user_id, []).append(
                CompetencyStanding(
                    line.competency_id,
                    line.level,
                    min(max(line.confidence, 0.0), 1.0),
                    verified=line.standing == "verified",
                )
            )
        completed: dict[uuid.UUID, list[uuid.UUID]] = {}
        in_progress: dict[uuid.UUID, list[CourseProgress]] = {}
        for row in session.execute(
            select(
                Enrolment.user_id,
                Enrolment.course_id,
                Enrolment.status,
                Enrolment.progress,
                Enrolment.time_spent_seconds,
                Course.learning_hours,
            )
            .join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.user_id.in_(ids), Enrolment.status != "withdrawn")
        ):
            if row.status == "completed":
                completed.setdefault(row.user_id, []).append(row.course_id)
            else:
                in_progress.setdefault(row.user_id, []).append(
                    CourseProgress(
                        row.course_id,
                        _hours_done(row.learning_hours, row.progress, row.time_spent_seconds),
                    )
                )
        allocated = allocations.allocated_roles(session, ids)
        marked: dict[uuid.UUID, list[uuid.UUID]] = {}
        for user_id, course_id in session.execute(
            select(NotRelevantMark.user_id, NotRelevantMark.course_id).where(NotRelevantMark.user_id.in_(ids))
        ):
            marked.setdefault(user_id, []).append(course_id)
        named = named_in_live_plans(session, ids)
        for user in chunk:
            # Mandates follow the designation and the organisation's ancestry, so officials share them,
            # except those a live plan names personally.
            key = (user.position_id, user.id if user.id in named else user.organisation_id)
            if key not in mandates:
                mandates[key] = tuple(
                    MandatedCourse(m.course_id, m.due_on, m.source) for m in mandates_for(session, user)
                )
            profiles.append(
                OfficerProfile(
                    officer_id=user.id,
                    position_id=user.position_id,
                    standings=tuple(standings.get(user.id, ())),
                    desired_position_id=desired_position_id,
                    completed=tuple(completed.get(user.id, ())),
                    in_progress=tuple(in_progress.get(user.id, ())),
                    not_relevant=tuple(marked.get(user.id, ())),
                    mandated=mandates[key],
                    weekly_hours=weekly_hours,
                    allocated_role_ids=allocated.get(user.id, ()),
                )
            )
    return profiles


def _hours_done(learning_hours: float, progress: int, time_spent_seconds: int) -> float:
    """The larger of the two records of work done: the player's progress and the time xAPI statements
    report; content packages often send only one of them."""
    return min(learning_hours, max(learning_hours * progress / 100, time_spent_seconds / 3600))


def no_position(officer_id: uuid.UUID) -> NothingToRecommend:
    return NothingToRecommend(
        NothingToRecommendReason.NO_POSITION,
        f"officer {officer_id} holds no position, so there are no competency needs to meet",
    )


def no_frac() -> NothingToRecommend:
    return NothingToRecommend(
        NothingToRecommendReason.NO_VERIFIED_FRAC,
        "no FRAC version has been published, so no position has verified competency needs yet",
    )


def _recommender(session: Session, encoder: Encoder, officer: OfficerProfile) -> Recommender:
    """The warm recommender; an official with no position is answered before anything is built."""
    if officer.position_id is None:
        raise no_position(officer.officer_id)
    recommender = warm_recommenders.warm.get(session, encoder)
    if recommender is None:
        raise no_frac()
    return recommender


def _nothing(officer_id: uuid.UUID, nothing: NothingToRecommend, **empty: Any) -> dict[str, Any]:
    return {
        "officer_id": str(officer_id),
        "items": [],
        "reason": nothing.reason.value,
        "message": nothing.message,
        **empty,
    }


def gaps(
    session: Session, encoder: Encoder, user: User, desired_position_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """The official's weighted gaps, each with the roles and activities that need it."""
    officer = officer_profile(session, user, desired_position_id)
    try:
        recommender = _recommender(session, encoder, officer)
        found, notes = recommender.gaps(officer)
    except NothingToRecommend as nothing:
        return _nothing(user.id, nothing, notes=[])
    return {
        "officer_id": str(user.id),
        "items": [gap_json(gap, recommender.role_names) for gap in found],
        "notes": list(notes),
        "reason": None,
        "message": "",
    }


def recommend(
    session: Session,
    encoder: Encoder,
    user: User,
    k: int = DEFAULT_K,
    desired_position_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The official's top `k` courses, each with its explanation and score parts."""
    if not 1 <= k <= MAX_K:
        raise InvalidInput("k", f"must be between 1 and {MAX_K}")
    officer = officer_profile(session, user, desired_position_id)
    try:
        found = _recommender(session, encoder, officer).recommend(officer, k)
    except NothingToRecommend as nothing:
        return _nothing(user.id, nothing, notes=[], weights=None)
    signals = {s.competency_id: s for s in linking.signals_for_official(session, user.id)}
    return {
        "officer_id": str(user.id),
        "items": [recommendation_json(item, signals) for item in found.items],
        "notes": list(found.notes),
        "weights": vars(found.weights),
        "reason": None,
        "message": "",
    }


def learning_path(
    session: Session,
    encoder: Encoder,
    user: User,
    starts_on: date,
    weekly_hours: float = DEFAULT_WEEKLY_HOURS,
    desired_position_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The official's path: mandated courses and the fewest hours that close their gaps, in weeks."""
    officer = officer_profile(session, user, desired_position_id, weekly_hours)
    try:
        path = _recommender(session, encoder, officer).plan(officer, starts_on)
    except NothingToRecommend as nothing:
        return _nothing(
            user.id,
            nothing,
            starts_on=starts_on.isoformat(),
            weekly_hours=weekly_hours,
            total_hours=0.0,
            weeks=0,
            open_gaps=[],
            optimality=None,
        )
    return path_json(path, starts_on)


def gap_json(gap: Gap, role_names: dict[uuid.UUID, str]) -> dict[str, Any]:
    return {
        "competency_id": str(gap.competency_id),
        "competency": gap.name,
        "needed_level": gap.needed_level,
        "held_level": gap.held_level,
        "credited_level": round(gap.current_level, 3),
        "shortfall": round(gap.shortfall, 3),
        "weight": round(gap.weight, 4),
        "career": gap.career,
        "roles": [{"id": str(r), "name": role_names.get(r, "")} for r in gap.role_ids],
        "activity_ids": [str(a) for a in gap.activity_ids],
    }


def recommendation_json(
    item: Recommendation, signals: Mapping[uuid.UUID, linking.Signal] | None = None
) -> dict[str, Any]:
    """`signals`: what grievances in the official's office say about competencies (Sevottam); a course
    for a gap they point at carries them, so the official reads why it matters to citizens."""
    signals = signals or {}
    pointed = [signals[link.gap.competency_id] for link in item.links if link.gap.competency_id in signals]
    return {
        "course_id": str(item.course_id),
        "title": item.title,
        "learning_hours": item.learning_hours,
        "score": round(item.score, 4),
        "explanation": item.explanation,
        "score_parts": {name: round(value, 4) for name, value in vars(item.parts).items()},
        "gaps": [
            {
                "competency_id": str(link.gap.competency_id),
                "competency": link.gap.name,
                "held_level": link.gap.held_level,
                "needed_level": link.gap.needed_level,
                "career": link.gap.career,
                "course_level": link.level or None,  # None: linked by its description, level unknown
                "similarity": round(link.similarity, 4) if not link.level else None,
            }
            for link in item.links
        ],
        "mandate": (
            {"due_on": item.mandate.due.isoformat(), "source": item.mandate.plan} if item.mandate else None
        ),
        "service_signals": [
            {
                "competency": signal.competency,
                "service": signal.service,
                "needed_level": signal.needed_level,
                "grievances": signal.grievances,
                "explanation": signal.explanation,
            }
            for signal in pointed
        ],
    }


def path_json(path: LearningPath, starts_on: date) -> dict[str, Any]:
    cover = path.cover
    return {
        "officer_id": str(path.officer_id),
        "items": [
            {
                "course_id": str(step.course_id),
                "title": step.title,
                "hours": round(step.hours, 2),
                "mandated": step.mandate is not None,
                "due_on": step.mandate.due.isoformat() if step.mandate else None,
                "source": step.mandate.plan if step.mandate else None,
                "late": step.late,
                "weeks": [{"week": week, "hours": round(hours, 2)} for week, hours in step.weeks],
                "finishes_on": step.finishes_on.isoformat(),
                "closes": [
                    {
                        "competency_id": str(g.competency_id),
                        "competency": g.name,
                        "needed_level": g.needed_level,
                    }
                    for g in step.closes
                ],
            }
            for step in path.steps
        ],
        "starts_on": starts_on.isoformat(),
        "weekly_hours": path.weekly_hours,
        "total_hours": round(path.total_hours, 2),
        "weeks": path.weeks,
        "open_gaps": [
            {"competency_id": str(g.competency_id), "competency": g.name, "needed_level": g.needed_level}
            for g in path.open_gaps
        ],
        "optimality": {
            "method": cover.method,
            "proven_optimal": cover.proven_optimal,
            "hours": round(cover.hours, 2),
            "greedy_hours": round(cover.greedy_hours, 2),
            "greedy_gap": cover.greedy_gap,
            "bound_gap": cover.bound_gap,
        },
        "reason": None,
        "message": "",
    }


def mark_not_relevant(session: Session, user_id: uuid.UUID, course_id: uuid.UUID) -> NotRelevantMark:
    """Set a published course aside for the official; marking it again changes nothing."""
    status = session.scalar(select(Course.status).where(Course.id == course_id))
    if status != CourseStatus.PUBLISHED:
        raise InvalidInput("course_id", f"{course_id} is not a published course")
    query = select(NotRelevantMark).where(
        NotRelevantMark.user_id == user_id, NotRelevantMark.course_id == course_id
    )
    mark = session.scalar(query)
    if mark is not None:
        return mark
    try:
        with session.begin_nested():  # two requests at once: the second finds the first's mark
            mark = NotRelevantMark(user_id=user_id, course_id=course_id, marked_at=utcnow())
            session.add(mark)
    except IntegrityError:
        return session.scalars(query).one()
    return mark


def unmark_not_relevant(session: Session, user_id: uuid.UUID, course_id: uuid.UUID) -> None:
    """The course may be recommended again; unmarking an unmarked course changes nothing."""
    session.execute(
        delete(NotRelevantMark).where(
            NotRelevantMark.user_id == user_id, NotRelevantMark.course_id == course_id
        )
    )

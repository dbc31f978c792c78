"""Review and publication of course versions, with scope and self-review checks and a full audit.

A creator submits their draft; a reviewer over the provider, who neither wrote nor submitted that
version, approves or returns it with comments. Approval publishes: the entry takes the version's
content, and the version it replaces is superseded (enrolled learners keep theirs).
"""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from karmayogi.content.lifecycle import (
    Actor,
    CourseAction,
    IllegalTransition,
    course_step,
    entry_after,
    retire_check,
)
from karmayogi.content.model import CourseStatus, VersionStatus
from karmayogi.lms.catalogue.authoring import check_staff, open_version, ready_for_review
from karmayogi.lms.catalogue.embeddings import changed
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import CatalogueEvent, Course, CourseVersion
from karmayogi.lms.orm.catalogue import CONTENT_FIELDS
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Permission, Principal, check_four_eyes

ACTOR_PERMISSION = {Actor.AUTHOR: Permission.COURSES_AUTHOR, Actor.REVIEWER: Permission.COURSES_REVIEW}


def transition(
    session: Session,
    principal: Principal,
    course_id: uuid.UUID,
    path: str,
    action: CourseAction,
    comment: str,
) -> CatalogueEvent:
    """Take one lifecycle step on a course (located at `path`) as the caller, and audit it."""
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course", course_id)
    if action is CourseAction.RETIRE:
        return _retire(session, principal, course, path, comment)
    version = open_version(session, course_id)
    if version is None:
        raise InvalidInput(
            "action", f"cannot {action.value}: no version is in draft or review; edit to start one"
        )
    try:
        step = course_step(VersionStatus(version.status), action, comment, CourseStatus(course.status))
        entry = entry_after(CourseStatus(course.status), step.to)
    except IllegalTransition as exc:
        raise InvalidInput("action", str(exc)) from None
    permission = ACTOR_PERMISSION[step.actor]
    if not principal.can(permission, path):
        raise PermissionDenied(
            f"you need {permission.value} over this course's provider to {action.value} it"
        )
    if step.actor is Actor.REVIEWER:
        check_four_eyes(
            principal,
            (version.created_by, version.submitted_by),
            "you cannot review your own content: another reviewer must",
        )
    before = version.status
    if action is CourseAction.SUBMIT:
        ready_for_review(version)
        version.submitted_by = principal.id
    else:
        version.reviewed_by = principal.id
    version.status = step.to.value
    if step.to is VersionStatus.PUBLISHED:
        _publish(session, course, version)
    course.status = entry.value
    return _audit(session, principal, course.id, version.number, action.value, before, step.to.value, comment)


def _publish(session: Session, course: Course, version: CourseVersion) -> None:
    now = utcnow()
    previous = session.scalars(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.status == VersionStatus.PUBLISHED
        )
    )
    for old in previous:
        if old.number != version.number:
            old.status = VersionStatus.SUPERSEDED.value
    version.published_at = now
    for field in CONTENT_FIELDS:
        setattr(course, field, getattr(version, field))
    course.version = version.number
    course.status = CourseStatus.PUBLISHED.value
    course.published_at = course.published_at or now
    changed(session)


def _retire(
    session: Session, principal: Principal, course: Course, path: str, comment: str
) -> CatalogueEvent:
    if not (principal.can(Permission.COURSES_REVIEW, path) or principal.can(Permission.COURSES_AUTHOR, path)):
        raise PermissionDenied(
            "you need courses:review or courses:author over this course's provider to retire it"
        )
    try:
        retire_check(CourseStatus(course.status), comment)
    except IllegalTransition as exc:
        raise InvalidInput("action", str(exc)) from None
    course.status = CourseStatus.RETIRED.value
    changed(session)
    return _audit(session, principal, course.id, course.version, "retire", "published", "retired", comment)


def _audit(
    session: Session,
    principal: Principal,
    course_id: uuid.UUID,
    version: int,
    action: str,
    before: str,
    after: str,
    comment: str,
) -> CatalogueEvent:
    event = CatalogueEvent(
        subject="course",
        subject_id=course_id,
        version=version,
        action=action,
        from_status=before,
        to_status=after,
        actor_id=principal.id,
        comment=comment.strip(),
    )
    session.add(event)
    session.flush()
    return event


def history(session: Session, principal: Principal, course_id: uuid.UUID, path: str) -> list[CatalogueEvent]:
    """Every lifecycle step of a course, oldest first; for its provider's staff and reviewers."""
    check_staff(principal, path, Permission.COURSES_AUTHOR, Permission.COURSES_REVIEW)
    return list(
        session.scalars(
            select(CatalogueEvent)
            .where(CatalogueEvent.subject == "course", CatalogueEvent.subject_id == course_id)
            .order_by(CatalogueEvent.at, CatalogueEvent.id)
        )
    )


def review_queue(session: Session, principal: Principal, cursor: str | None, limit: int) -> Page[Course]:
    """Courses with a version waiting for review within the caller's reviewing scope, not their own."""
    paths = principal.scopes(Permission.COURSES_REVIEW)
    if not paths:
        raise PermissionDenied("you hold courses:review nowhere")
    waiting = select(CourseVersion.course_id).where(
        CourseVersion.status == VersionStatus.IN_REVIEW,
        CourseVersion.submitted_by != principal.id,
        or_(CourseVersion.created_by.is_(None), CourseVersion.created_by != principal.id),
    )
    stmt = select(Course).where(Course.id.in_(waiting), in_scope(Course.organisation_id, paths))
    return paginate(session, stmt, Course.id, cursor, limit)

"""Reading the course catalogue: published courses are open to every official, drafts to their provider.

A draft (an entry never yet published) opens only to the authors and reviewers of its
provider, and to platform admins (`permissions.DRAFT_READERS`): an HR cell or FRAC reviewer
whose scope happens to cover the provider's organisation does not see it.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from karmayogi.content.model import ContentKind, CourseStatus
from karmayogi.lms.catalogue.authoring import check_staff
from karmayogi.lms.errors import NotFound
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import (
    Competency,
    Course,
    CourseCompetency,
    CourseVersion,
    Enrolment,
    Organisation,
    Provider,
)
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import DRAFT_READERS, Access, Permission, Principal, Target


def course_target(session: Session, course_id: uuid.UUID) -> Target:
    row = session.execute(
        select(Organisation.path, Course.status)
        .join(Course, Course.organisation_id == Organisation.id)
        .where(Course.id == course_id)
    ).first()
    if row is None:
        raise NotFound("course", course_id)
    draft = row.status in (CourseStatus.DRAFT, CourseStatus.IN_REVIEW)  # never yet published
    return Target(
        "course",
        course_id,
        row.path,
        public=row.status == CourseStatus.PUBLISHED,
        staff=DRAFT_READERS if draft else (),
    )


def get_course(
    session: Session, course_id: uuid.UUID
) -> tuple[Course, Provider, list[Row[tuple[CourseCompetency, str]]]]:
    """The course with its provider and its tags (confirmed first, then suggestions by score)."""
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course", course_id)
    provider = session.get(Provider, course.provider_id)
    assert provider is not None
    tags = session.execute(
        select(CourseCompetency, Competency.name)
        .join(Competency, CourseCompetency.competency_id == Competency.id)
        .where(CourseCompetency.course_id == course_id)
        .order_by(CourseCompetency.status, CourseCompetency.score.desc(), Competency.name)
    )
    return course, provider, list(tags)


def list_courses(
    session: Session,
    access: Access,
    provider_id: uuid.UUID | None,
    kind: ContentKind | None,
    status: CourseStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[Course]:
    staff = [path for p in DRAFT_READERS for path in access.principal.scopes(p)]
    stmt = select(Course).where(
        or_(Course.status == CourseStatus.PUBLISHED.value, in_scope(Course.organisation_id, staff))
    )
    if provider_id is not None:
        stmt = stmt.where(Course.provider_id == provider_id)
    if kind is not None:
        stmt = stmt.where(Course.kind == kind.value)
    if status is not None:
        stmt = stmt.where(Course.status == status.value)
    return paginate(session, stmt, Course.id, cursor, limit)


def list_versions(
    session: Session, principal: Principal, course_id: uuid.UUID, path: str
) -> list[CourseVersion]:
    check_staff(principal, path, Permission.COURSES_AUTHOR, Permission.COURSES_REVIEW)
    return list(
        session.scalars(
            select(CourseVersion).where(CourseVersion.course_id == course_id).order_by(CourseVersion.number)
        )
    )


def get_version(
    session: Session, principal: Principal, course_id: uuid.UUID, path: str, number: int
) -> CourseVersion:
    """A version, for the provider's staff and reviewers, or for a learner enrolled in exactly it."""
    enrolled = session.scalar(
        select(Enrolment.course_version).where(
            Enrolment.user_id == principal.id, Enrolment.course_id == course_id
        )
    )
    if enrolled != number:
        check_staff(principal, path, Permission.COURSES_AUTHOR, Permission.COURSES_REVIEW)
    version = session.get(CourseVersion, (course_id, number))
    if version is None:
        raise NotFound("course version", number)
    return version

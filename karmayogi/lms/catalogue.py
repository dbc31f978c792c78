"""Reading the course catalogue: published courses are open to every official, the rest to their provider."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from karmayogi.content.model import CourseStatus
from karmayogi.lms.errors import NotFound
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import Competency, Course, CourseCompetency, Organisation, Provider
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Access, Target


def course_target(session: Session, course_id: uuid.UUID) -> Target:
    row = session.execute(
        select(Organisation.path, Course.status)
        .join(Course, Course.organisation_id == Organisation.id)
        .where(Course.id == course_id)
    ).first()
    if row is None:
        raise NotFound("course", course_id)
    return Target("course", course_id, row.path, public=row.status == CourseStatus.PUBLISHED)


def get_course(
    session: Session, course_id: uuid.UUID
) -> tuple[Course, Provider, list[tuple[Competency, int]]]:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course", course_id)
    provider = session.get(Provider, course.provider_id)
    assert provider is not None
    tags = session.execute(
        select(Competency, CourseCompetency.level)
        .join(CourseCompetency, CourseCompetency.competency_id == Competency.id)
        .where(CourseCompetency.course_id == course_id)
        .order_by(Competency.name)
    )
    return course, provider, [(c, level) for c, level in tags]


def list_courses(
    session: Session, access: Access, provider_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[Course]:
    stmt = select(Course).where(
        or_(Course.status == CourseStatus.PUBLISHED.value, in_scope(Course.organisation_id, access.paths))
    )
    if provider_id is not None:
        stmt = stmt.where(Course.provider_id == provider_id)
    return paginate(session, stmt, Course.id, cursor, limit)

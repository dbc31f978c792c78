"""Enrolling in a published course: the learner is held to the version of the day, and to seats.

A course whose content lists seats per department admits learners of those departments only, up
to each one's number; withdrawn enrolments give their seat back.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.model import CourseStatus
from karmayogi.lms.errors import Conflict, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_filter
from karmayogi.lms.orm import Course, Enrolment, Organisation
from karmayogi.lms.permissions import Principal


def enrol(session: Session, principal: Principal, course_id: uuid.UUID) -> Enrolment:
    if principal.kind != "user":
        raise PermissionDenied("only a person enrols")
    course = session.get(Course, course_id)
    if course is None or course.status != CourseStatus.PUBLISHED:
        raise NotFound("course", course_id)
    if session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == principal.id, Enrolment.course_id == course_id)
    ):
        raise Conflict("course_id", "you are already enrolled in this course")
    if course.seats:
        session.refresh(course, with_for_update=True)  # one seat count at a time per course
        _take_seat(session, principal, course)
    enrolment = Enrolment(
        user_id=principal.id,
        course_id=course.id,
        organisation_id=principal.organisation_id,
        course_version=course.version,
    )
    session.add(enrolment)
    session.flush()
    return enrolment


def _take_seat(session: Session, principal: Principal, course: Course) -> None:
    own = session.get(Organisation, principal.organisation_id)
    assert own is not None
    ancestors = {uuid.UUID(part) for part in own.path.strip("/").split("/")}
    department = next((uuid.UUID(d) for d in course.seats if uuid.UUID(d) in ancestors), None)
    if department is None:
        raise PermissionDenied("your department holds no seats in this course")
    dept = session.get(Organisation, department)
    assert dept is not None
    taken = session.scalar(
        select(func.count())
        .select_from(Enrolment)
        .join(Organisation, Organisation.id == Enrolment.organisation_id)
        .where(Enrolment.course_id == course.id, Enrolment.status != "withdrawn", path_filter([dept.path]))
    )
    if (taken or 0) >= course.seats[str(department)]:
        raise Conflict("course_id", f"all {course.seats[str(department)]} seats of {dept.name} are taken")

"""Enrolling in a published course: the learner is held to the version of the day, and to seats.

A course whose content lists seats per department admits learners of those departments only, up
to each one's number; withdrawn enrolments give their seat back. Enrolling and completing are also
written to the learner's record store as xAPI statements (`karmayogi.lms.xapi.emitting`), which name
courses and officials by the platform's public URL: the caller passes the settings that hold it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.model import CourseStatus
from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_filter, path_of
from karmayogi.lms.orm import Course, Enrolment, Organisation
from karmayogi.lms.permissions import Permission, Principal, act_on_person
from karmayogi.lms.profiles.recording import record_completion
from karmayogi.lms.xapi import emitting


def enrol(session: Session, settings: Settings, principal: Principal, course_id: uuid.UUID) -> Enrolment:
    if principal.kind != "user":
        raise PermissionDenied("only a person enrols")
    course = session.get(Course, course_id)
    if course is None or course.status != CourseStatus.PUBLISHED:
        raise NotFound("course", course_id)
    if session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == principal.id, Enrolment.course_id == course_id)
    ):
        raise Conflict("course_id", "you are already enrolled in this course")
    enrolment = admit(session, principal.id, principal.organisation_id, course)
    emitting.on_enrolled(session, emitting.Platform(settings.public_url), enrolment)
    return enrolment


def admit(
    session: Session,
    user_id: uuid.UUID,
    organisation_id: uuid.UUID,
    course: Course,
    at: datetime | None = None,
) -> Enrolment:
    """The enrolment itself, once the caller has settled who and which published course: the API's
    `enrol`, or the LRS's projection of a learner's statements (`at` is then when they were made)."""
    if course.seats:
        session.refresh(course, with_for_update=True)  # one seat count at a time per course
        _take_seat(session, organisation_id, course)
    enrolment = Enrolment(
        user_id=user_id,
        course_id=course.id,
        organisation_id=organisation_id,
        course_version=course.version,
        enrolled_at=at or utcnow(),
    )
    session.add(enrolment)
    session.flush()
    return enrolment


def _take_seat(session: Session, organisation_id: uuid.UUID, course: Course) -> None:
    own = session.get(Organisation, organisation_id)
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


def complete(
    session: Session, settings: Settings, principal: Principal, enrolment_id: uuid.UUID
) -> Enrolment:
    """Mark an enrolment completed (an on-site session, say) and record the evidence it gives.

    HR cells over the learner's organisation may do it, for someone other than themselves and not
    above them; the LRS does it from xAPI statements. Who marked it is kept on the enrolment.
    """
    enrolment = session.get(Enrolment, enrolment_id, with_for_update=True)
    if enrolment is None:
        raise NotFound("enrolment", enrolment_id)
    path = path_of(session, Enrolment, enrolment_id, "enrolment")
    if not principal.can(Permission.LEARNING_RECORDS_READ, path):
        raise NotFound("enrolment", enrolment_id)
    if not principal.can(Permission.PEOPLE_MANAGE, path):
        raise PermissionDenied("you need people:manage over the learner's organisation to mark completion")
    act_on_person(session, principal, enrolment.user_id, Permission.PEOPLE_MANAGE, "mark a completion")
    if enrolment.status != "in_progress":
        raise Conflict("status", f"the enrolment is {enrolment.status}, not in progress")
    enrolment.completed_by = principal.id if principal.kind == "user" else None
    mark_completed(session, enrolment)
    emitting.on_completed(session, emitting.Platform(settings.public_url), enrolment)
    return enrolment


def mark_completed(session: Session, enrolment: Enrolment, at: datetime | None = None) -> None:
    """Complete an enrolment in progress and record the evidence it gives: for an HR cell's `complete`,
    or for the LRS's projection of a learner's statements (`at` is then when they completed)."""
    enrolment.status, enrolment.progress, enrolment.completed_at = "completed", 100, at or utcnow()
    session.flush()
    record_completion(session, enrolment)

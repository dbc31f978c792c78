"""Competency tags of courses, checked against the newest published FRAC: no free text, no retired entries.

A tag is either suggested by the linker, with its score, or confirmed by a person, who is recorded
with the time. Gap matching and HR evidence read confirmed tags; suggestions wait for a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.linking import MAX_TEXT_LENGTH, TextRefused
from karmayogi.content.model import TagStatus
from karmayogi.lms.catalogue.authoring import check_staff
from karmayogi.lms.catalogue.embeddings import changed
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.frac import linkers, versions
from karmayogi.lms.orm import Course, CourseCompetency
from karmayogi.lms.permissions import Permission, Principal

# Ranks a course's text against the dictionary: (competency id, score) pairs, best first.
Suggester = Callable[[str, int], Sequence[tuple[uuid.UUID, float]]]


STAFF = (Permission.COURSES_AUTHOR, Permission.COURSES_REVIEW)


def tag(
    session: Session,
    principal: Principal,
    course_id: uuid.UUID,
    path: str,
    competency_id: uuid.UUID,
    level: int,
) -> CourseCompetency:
    """Confirm a tag: a new one, or a suggestion taken as it is or at another level."""
    check_staff(principal, path, *STAFF)
    number, graph = versions.newest(session)
    versions.check_level(graph, competency_id, level)
    row = session.get(CourseCompetency, (course_id, competency_id))
    if row is None:
        row = CourseCompetency(course_id=course_id, competency_id=competency_id)
        session.add(row)
    row.level = level
    row.status = TagStatus.CONFIRMED.value
    row.frac_version = number
    row.confirmed_by = principal.id
    row.confirmed_at = utcnow()
    session.flush()
    changed(session)
    return row


def untag(
    session: Session, principal: Principal, course_id: uuid.UUID, path: str, competency_id: uuid.UUID
) -> None:
    """Remove a tag, or dismiss a suggestion."""
    check_staff(principal, path, *STAFF)
    row = session.get(CourseCompetency, (course_id, competency_id))
    if row is None:
        raise NotFound("tag", competency_id)
    session.delete(row)
    session.flush()
    changed(session)


def suggest(
    session: Session,
    principal: Principal | None,
    course_id: uuid.UUID,
    path: str,
    suggester: Suggester,
    limit: int,
    level: int | None = None,
) -> list[CourseCompetency]:
    """Store the linker's suggestions for a course's text; confirmed tags are never overwritten.

    A suggestion's level is the course's stated level when given, else the scale's lowest: the
    person confirming it sets the level the course really builds. `principal` is None for the
    platform's own batch runs.
    """
    if principal is not None:
        check_staff(principal, path, *STAFF)
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course", course_id)
    number, graph = versions.newest(session)
    text = " ".join(part for part in (course.title, course.summary, course.description) if part)
    existing = {
        row.competency_id: row
        for row in session.scalars(select(CourseCompetency).where(CourseCompetency.course_id == course.id))
    }
    added: list[CourseCompetency] = []
    for competency_id, score in suggester(text, limit):
        competency = graph.competency(competency_id)
        if competency.retired:
            continue
        row = existing.get(competency_id)
        if row is not None and row.status == TagStatus.CONFIRMED:
            continue
        if row is None:
            row = CourseCompetency(course_id=course.id, competency_id=competency_id)
            session.add(row)
        row.level = level or 1
        row.status = TagStatus.SUGGESTED.value
        row.score = round(float(score), 4)
        row.frac_version = number
        added.append(row)
    session.flush()
    return added


def dense_suggester(session: Session) -> Suggester:
    """The default linker over the newest dictionary, reading at most what it accepts of a course."""
    linker = linkers.dense(session)

    def suggest(text: str, limit: int) -> list[tuple[uuid.UUID, float]]:
        try:
            return [(link.competency_id, link.score) for link in linker.rank(text[:MAX_TEXT_LENGTH], limit)]
        except TextRefused as exc:
            raise InvalidInput("course", str(exc)) from None

    return suggest

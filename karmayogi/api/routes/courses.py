"""The course catalogue: reading, authoring with versions, review and publication, and tags."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from karmayogi.api.catalogue_input import ContentChanges
from karmayogi.api.deps import Cursor, Limit, SessionDep, SettingsDep, require
from karmayogi.api.schemas import (
    MAX_NUMBER,
    Body,
    EnrolmentOut,
    Level,
    Out,
    PageOut,
    RatingSummaryOut,
    page_out,
)
from karmayogi.api.scopes import course_scope
from karmayogi.content.lifecycle import CourseAction
from karmayogi.content.model import ContentKind, CourseStatus, DeliveryMode, TagStatus, VersionStatus
from karmayogi.lms import enrolments
from karmayogi.lms.catalogue import authoring, publication, ratings, reading, tags
from karmayogi.lms.frac import versions
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(prefix="/courses", tags=["courses"])


class CourseIn(ContentChanges):
    provider_id: uuid.UUID
    title: str = Field(min_length=1, max_length=300)
    learning_hours: float = Field(gt=0, le=10_000)


class CourseOut(Out):
    id: uuid.UUID
    provider_id: uuid.UUID
    kind: ContentKind
    title: str
    summary: str
    learning_hours: float
    language: str
    mode: DeliveryMode
    status: CourseStatus
    version: int
    price_paise: int
    published_at: datetime | None


class CompetencyTagOut(BaseModel):
    competency_id: uuid.UUID
    competency: str
    level: int
    status: TagStatus
    score: float | None
    frac_version: int | None
    confirmed_by: uuid.UUID | None
    confirmed_at: datetime | None


class ContentOut(Out):
    kind: ContentKind
    title: str
    summary: str
    description: str
    outline: list[dict[str, Any]]
    resource_links: list[dict[str, str]]
    parts: list[uuid.UUID]
    sessions: list[dict[str, Any]]
    seats: dict[uuid.UUID, int]
    learning_hours: float
    language: str
    mode: DeliveryMode
    licence: str
    price_paise: int


class CourseDetailOut(ContentOut):
    id: uuid.UUID
    provider_id: uuid.UUID
    provider: str
    status: CourseStatus
    version: int
    published_at: datetime | None
    competencies: list[CompetencyTagOut]
    rating: RatingSummaryOut


class VersionOut(ContentOut):
    course_id: uuid.UUID
    number: int
    status: VersionStatus
    created_by: uuid.UUID | None
    submitted_by: uuid.UUID | None
    reviewed_by: uuid.UUID | None
    created_at: datetime
    published_at: datetime | None


class TransitionIn(Body):
    action: CourseAction
    comment: str = Field("", max_length=4_000)


class EventOut(Out):
    id: uuid.UUID
    version: int | None
    action: str
    from_status: str
    to_status: str
    actor_id: uuid.UUID
    comment: str
    at: datetime


class TagIn(Body):
    level: Level = Field(description="the proficiency level the course builds")


CourseReader = Annotated[Access, require(Permission.COURSES_READ, course_scope)]


def _path(access: Access) -> str:
    assert access.target is not None
    return access.target.path


@router.get("", response_model=PageOut[CourseOut])
def list_courses(
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_READ)],
    provider_id: uuid.UUID | None = None,
    kind: ContentKind | None = None,
    status: CourseStatus | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Published entries, and every entry of the providers within the caller's scope."""
    page = reading.list_courses(session, access, provider_id, kind, status, cursor, limit)
    return page_out(CourseOut, page)


@router.post("", response_model=VersionOut, status_code=201)
def create_course(
    body: CourseIn, session: SessionDep, access: Annotated[Access, require(Permission.COURSES_AUTHOR)]
) -> object:
    """A new entry, as a draft of its provider until a reviewer publishes it."""
    content = body.changes()
    provider_id = uuid.UUID(content.pop("provider_id"))
    return authoring.create_course(session, access.principal, provider_id, content)


@router.get("/review-queue", response_model=PageOut[CourseOut])
def review_queue(
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_REVIEW)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Entries with a version waiting for the caller's review (never their own)."""
    return page_out(CourseOut, publication.review_queue(session, access.principal, cursor, limit))


@router.get("/{course_id}", response_model=CourseDetailOut)
def get_course(course_id: uuid.UUID, session: SessionDep, _: CourseReader) -> object:
    course, provider, tag_rows = reading.get_course(session, course_id)
    summary = ratings.summary(session, course_id=course_id)
    return CourseDetailOut(
        **ContentOut.model_validate(course).model_dump(),
        id=course.id,
        provider_id=course.provider_id,
        provider=provider.name,
        status=CourseStatus(course.status),
        version=course.version,
        published_at=course.published_at,
        competencies=[
            CompetencyTagOut(
                competency_id=t.competency_id,
                competency=name,
                level=t.level,
                status=TagStatus(t.status),
                score=t.score,
                frac_version=t.frac_version,
                confirmed_by=t.confirmed_by,
                confirmed_at=t.confirmed_at,
            )
            for t, name in tag_rows
        ],
        rating=RatingSummaryOut(**summary.__dict__),
    )


@router.patch("/{course_id}", response_model=VersionOut)
def edit_course(
    course_id: uuid.UUID, body: ContentChanges, session: SessionDep, access: CourseReader
) -> object:
    """Edit the draft; on a published entry this opens a new version, and learners keep theirs."""
    return authoring.edit_course(session, access.principal, course_id, _path(access), body.changes())


@router.get("/{course_id}/versions", response_model=list[VersionOut])
def list_versions(course_id: uuid.UUID, session: SessionDep, access: CourseReader) -> object:
    return reading.list_versions(session, access.principal, course_id, _path(access))


@router.get("/{course_id}/versions/{number}", response_model=VersionOut)
def get_version(
    course_id: uuid.UUID,
    number: Annotated[int, Path(ge=1, le=MAX_NUMBER)],
    session: SessionDep,
    access: CourseReader,
) -> object:
    """One version: for the provider's staff and reviewers, or the learners enrolled in it."""
    return reading.get_version(session, access.principal, course_id, _path(access), number)


@router.post("/{course_id}/transitions", response_model=EventOut, status_code=201)
def transition(course_id: uuid.UUID, body: TransitionIn, session: SessionDep, access: CourseReader) -> object:
    """submit (author), approve or reject with comments (a reviewer other than the author), retire."""
    return publication.transition(
        session, access.principal, course_id, _path(access), body.action, body.comment
    )


@router.get("/{course_id}/history", response_model=list[EventOut])
def history(course_id: uuid.UUID, session: SessionDep, access: CourseReader) -> object:
    return publication.history(session, access.principal, course_id, _path(access))


@router.put("/{course_id}/competencies/{competency_id}", response_model=CompetencyTagOut)
def confirm_tag(
    course_id: uuid.UUID, competency_id: uuid.UUID, body: TagIn, session: SessionDep, access: CourseReader
) -> object:
    """Tag the course with a competency of the published dictionary at a level, confirmed by the caller."""
    row = tags.tag(session, access.principal, course_id, _path(access), competency_id, body.level)
    return _tag_out(row, versions.newest(session)[1].competency(competency_id).name)


def _tag_out(row: object, name: str) -> CompetencyTagOut:
    return CompetencyTagOut(
        competency=name, **{k: getattr(row, k) for k in CompetencyTagOut.model_fields if k != "competency"}
    )


@router.post("/{course_id}/competencies/suggestions", response_model=list[CompetencyTagOut])
def suggest_tags(
    course_id: uuid.UUID,
    session: SessionDep,
    access: CourseReader,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
    level: Annotated[int | None, Query(ge=1, le=5, description="the level the course builds")] = None,
) -> object:
    """Ask the competency linker for tags from the course's text; they wait as suggestions for a person."""
    rows = tags.suggest(
        session, access.principal, course_id, _path(access), tags.dense_suggester(session), limit, level
    )
    graph = versions.newest(session)[1]
    return [_tag_out(row, graph.competency(row.competency_id).name) for row in rows]


@router.delete("/{course_id}/competencies/{competency_id}", status_code=204)
def remove_tag(
    course_id: uuid.UUID, competency_id: uuid.UUID, session: SessionDep, access: CourseReader
) -> Response:
    tags.untag(session, access.principal, course_id, _path(access), competency_id)
    return Response(status_code=204)


@router.post("/{course_id}/enrolments", response_model=EnrolmentOut, status_code=201)
def enrol(course_id: uuid.UUID, session: SessionDep, settings: SettingsDep, access: CourseReader) -> object:
    """Enrol the caller in the version published now, taking a seat of their department if seats are held."""
    return enrolments.enrol(session, settings, access.principal, course_id)


@router.get("/{course_id}/ratings", response_model=RatingSummaryOut)
def rating_summary(course_id: uuid.UUID, session: SessionDep, _: CourseReader) -> object:
    return RatingSummaryOut(**ratings.summary(session, course_id=course_id).__dict__)


class RatingIn(Body):
    stars: int = Field(ge=1, le=5)
    review: str = Field("", max_length=ratings.MAX_REVIEW_LENGTH)


class RatingOut(Out):
    course_id: uuid.UUID
    user_id: uuid.UUID
    stars: int
    review: str
    rated_at: datetime


@router.put("/{course_id}/rating", response_model=RatingOut)
def rate(course_id: uuid.UUID, body: RatingIn, session: SessionDep, access: CourseReader) -> object:
    """The caller's rating of a course they enrolled in; a second call revises it."""
    return ratings.rate(session, access.principal, course_id, body.stars, body.review)


class ReviewOut(Out):
    course_id: uuid.UUID
    reviewer: str | None = Field(description="the reviewer's name, shown only within their own organisation")
    stars: int
    review: str
    rated_at: datetime


@router.get("/{course_id}/reviews", response_model=list[ReviewOut])
def reviews(
    course_id: uuid.UUID,
    session: SessionDep,
    access: CourseReader,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> object:
    """The newest written reviews; no reviewer's id, and their name only to readers of their organisation."""
    return ratings.reviews(session, access.principal, course_id, limit)

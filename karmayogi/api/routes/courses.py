import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import Out, PageOut, page_out
from karmayogi.content.model import CourseStatus, DeliveryMode
from karmayogi.lms import catalogue
from karmayogi.lms.permissions import Access, Permission, Target

router = APIRouter(prefix="/courses", tags=["courses"])


class CourseOut(Out):
    id: uuid.UUID
    provider_id: uuid.UUID
    title: str
    summary: str
    learning_hours: float
    language: str
    mode: DeliveryMode
    status: CourseStatus
    price_paise: int
    published_at: datetime | None


class CompetencyTagOut(Out):
    competency_id: uuid.UUID
    competency: str
    level: int


class CourseDetailOut(CourseOut):
    description: str
    provider: str
    competencies: list[CompetencyTagOut]


def course_scope(course_id: uuid.UUID, session: SessionDep) -> Target:
    return catalogue.course_target(session, course_id)


@router.get("", response_model=PageOut[CourseOut])
def list_courses(
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_READ)],
    provider_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(CourseOut, catalogue.list_courses(session, access, provider_id, cursor, limit))


@router.get("/{course_id}", response_model=CourseDetailOut)
def get_course(
    course_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.COURSES_READ, course_scope)],
) -> object:
    course, provider, tags = catalogue.get_course(session, course_id)
    return CourseDetailOut(
        **CourseOut.model_validate(course).model_dump(),
        description=course.description,
        provider=provider.name,
        competencies=[CompetencyTagOut(competency_id=c.id, competency=c.name, level=lvl) for c, lvl in tags],
    )

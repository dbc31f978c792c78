"""The learner's content pages: a cmi5 course's blocks and AUs with their progress, launch and resume,
and the course's completion state. Launching is a plain form POST answered with a redirect to the AU."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.web import FormDep, VisitorDep, field, redirect, render
from karmayogi.lms.cmi5 import courses, launch
from karmayogi.lms.cmi5.progress import progress
from karmayogi.lms.errors import NotFound
from karmayogi.lms.orm import Course, Enrolment

router = APIRouter()


@router.get("/learn/{course_id}")
def course_content(
    request: Request, course_id: uuid.UUID, session: SessionDep, visitor: VisitorDep
) -> Response:
    enrolment = session.scalar(
        select(Enrolment).where(Enrolment.user_id == visitor.user.id, Enrolment.course_id == course_id)
    )
    course = session.get(Course, course_id)
    if enrolment is None or course is None:
        raise NotFound("enrolment in course", course_id)
    package = courses.package_of(session, course_id)
    context = {
        "course": course,
        "enrolment": enrolment,
        "progress": progress(session, visitor.user.id, package),
    }
    return render(request, "learner/content.html", context)


@router.post("/learn/{course_id}/launch")
def launch_unit(
    course_id: uuid.UUID, session: SessionDep, settings: SettingsDep, visitor: VisitorDep, form: FormDep
) -> Response:
    index = field(form, "au_index")
    if not index.isdigit():
        raise NotFound("au", index)
    package = courses.package_of(session, course_id)
    opened = launch.launch(session, settings, visitor.user, package, int(index))
    return redirect(opened.url)

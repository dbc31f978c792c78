"""Supervisors and HR cells: the team's gaps and progress, a supervisor's rating as evidence, and an HR
cell's record of a completion (on-site learning, say), each through the service the API uses."""

from __future__ import annotations

import uuid
from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.learner import _gaps_chart, _titles
from karmayogi.api.pages.web import N_, FormDep, VisitorDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.scopes import user_scope
from karmayogi.content import encoders
from karmayogi.lms import enrolments, people, recommendations
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import Access, Permission
from karmayogi.lms.profiles import recording
from karmayogi.lms.profiles.evidence import EvidenceSource

router = APIRouter()
TEAM_PAGE = 50
Reader = Annotated[Access, page_require(Permission.LEARNING_RECORDS_READ, user_scope)]
AnyReader = Annotated[Access, page_require(Permission.LEARNING_RECORDS_READ)]


@router.get("/team")
def team(
    request: Request, session: SessionDep, access: AnyReader, email: str = "", cursor: str | None = None
) -> Response:
    """My reportees, and everyone whose learning record my roles open, with a lookup by email."""
    errors: dict[str, str] = {}
    if email:
        found = session.scalar(select(User).where(User.email == email.strip().lower()))
        target = people.user_target_or_none(session, found.id) if found else None
        if target is not None and access.principal.can(Permission.LEARNING_RECORDS_READ, target.path):
            return redirect(f"/team/{target.id}")
        errors["email"] = N_("No one with this email is in your scope.")
    reportees = session.scalars(
        select(User).where(User.supervisor_id == access.principal.id).order_by(User.full_name)
    ).all()
    listed = people.list_users(session, access, None, cursor, TEAM_PAGE)
    context = {"reportees": reportees, "listed": listed, "errors": errors, "email": email}
    return render(request, "team/index.html", context, 422 if errors else 200)


def _member_context(session: SessionDep, user_id: uuid.UUID, request: Request) -> dict[str, object]:
    member = people.get_user(session, user_id)
    found = recommendations.gaps(session, encoders.minilm(), member)
    mine = people.list_enrolments(session, member.id, None, 100).items
    titles = _titles(session, [e.course_id for e in mine])
    return {
        "member": member,
        "position": people.position_of(session, member),
        "gaps": found,
        "chart": _gaps_chart(request, found["items"]),
        "enrolments": [(e, titles.get(e.course_id, "")) for e in mine],
        "errors": {},
        "notice": None,
    }


@router.get("/team/{user_id}")
def member(
    request: Request, user_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, _: Reader
) -> Response:
    """One official's gaps and progress; the forms show only what the viewer's roles allow."""
    context = _member_context(session, user_id, request)
    context["is_supervisor"] = context["member"].supervisor_id == visitor.user.id  # type: ignore[attr-defined]
    return render(request, "team/member.html", context)


@router.post("/team/{user_id}/completions")
def complete(
    user_id: uuid.UUID, session: SessionDep, settings: SettingsDep, access: Reader, form: FormDep
) -> Response:
    """The HR cell marks an enrolment completed; the course's tags become proposed levels."""
    enrolment_id = parse_uuid(field(form, "enrolment_id"))
    if enrolment_id is None:
        raise InvalidInput("enrolment_id", "is not an enrolment id")
    with suppress(Conflict):  # completed already: the page shows it
        enrolments.complete(session, settings, access.principal, enrolment_id)
    return redirect(f"/team/{user_id}#progress")


@router.post("/team/{user_id}/ratings")
def rate(
    request: Request,
    user_id: uuid.UUID,
    session: SessionDep,
    visitor: VisitorDep,
    access: Reader,
    form: FormDep,
) -> Response:
    """A supervisor's rating of a reportee's competency, recorded as evidence with its note."""
    errors: dict[str, str] = {}
    competency_id = parse_uuid(field(form, "competency_id"))
    level = field(form, "level")
    note = field(form, "note")
    if competency_id is None:
        errors["competency_id"] = N_("Choose a competency.")
    if level not in {"1", "2", "3", "4", "5"}:
        errors["level"] = N_("Choose a level from 1 to 5.")
    if len(note) > 2_000:
        errors["note"] = N_("The note is too long.")
    if not errors:
        try:
            recording.record_by_person(
                session,
                access.principal,
                user_id,
                competency_id,
                int(level),
                EvidenceSource.SUPERVISOR_RATING,
                note,
            )  # type: ignore[arg-type]
        except PermissionDenied:
            errors["level"] = N_("Only the official's supervisor may rate them.")
        except InvalidInput as exc:
            errors[exc.field if exc.field in ("level", "competency_id", "note") else "level"] = exc.reason
    if errors:
        context = _member_context(session, user_id, request) | {"errors": errors, "is_supervisor": True}
        return render(request, "team/member.html", context, 422)
    return redirect(f"/team/{user_id}?rated=1")

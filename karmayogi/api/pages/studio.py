"""Content creators and reviewers: author an entry with its outline, submit it, review it against the
published version, approve it or reject it with a comment. Input is checked by the API's own models
and the same `lms.catalogue` services write it."""

from __future__ import annotations

import difflib
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.datastructures import FormData

from karmayogi.api.catalogue_input import ContentChanges
from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import N_, FormDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.scopes import course_scope
from karmayogi.content.lifecycle import CourseAction
from karmayogi.content.model import ContentKind, DeliveryMode, VersionStatus
from karmayogi.lms.catalogue import authoring, publication, ratings, reading, requests
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import Course, CourseVersion, Enrolment, Organisation, Provider
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
Author = Annotated[Access, page_require(Permission.COURSES_AUTHOR)]
Reviewer = Annotated[Access, page_require(Permission.COURSES_REVIEW)]
CourseStaff = Annotated[Access, page_require(Permission.COURSES_READ, course_scope)]
FIELDS = ("kind", "title", "summary", "description", "learning_hours", "language", "mode")
FIELD_ERRORS = {
    "title": N_("Give a title of 1 to 300 characters."),
    "summary": N_("The summary is at most 2,000 characters."),
    "description": N_("The description is at most 50,000 characters."),
    "learning_hours": N_("Give the learning hours as a number above 0 and at most 10,000."),
    "language": N_("Give a language code such as en or hi."),
    "mode": N_("Choose one of the listed modes."),
    "kind": N_("Choose one of the listed kinds."),
    "outline": N_("Each module and lesson needs a title of at most 300 characters."),
    "provider_id": N_("Choose a provider you write for."),
}


def _outline(text: str) -> list[dict[str, Any]]:
    """One module a line; a line starting with '-' is a lesson of the module above it."""
    modules: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-") and modules:
            modules[-1]["lessons"].append({"title": line.lstrip("- ").strip()})
        else:
            modules.append({"title": line.lstrip("- ").strip(), "lessons": []})
    return modules


def outline_text(outline: list[dict[str, Any]]) -> str:
    return "\n".join(
        "\n".join([m.get("title", "")] + [f"- {lesson.get('title', '')}" for lesson in m.get("lessons", [])])
        for m in outline
    )


def _content(form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """The entry's fields from the form, checked by the API's own model; errors by field."""
    raw: dict[str, Any] = {name: field(form, name) for name in FIELDS}
    raw["outline"] = _outline(field(form, "outline"))
    raw = {k: v for k, v in raw.items() if v != ""}
    try:
        return ContentChanges(**raw).changes(), {}
    except ValidationError as exc:
        errors = {}
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "title"
            errors[name] = FIELD_ERRORS.get(name, N_("This value is not valid."))
        return {}, errors


def providers_of(session: SessionDep, access: Access) -> list[Provider]:
    return list(
        session.scalars(
            select(Provider)
            .join(Organisation, Organisation.id == Provider.organisation_id)
            .where(in_scope(Provider.organisation_id, access.paths))
            .order_by(Provider.name)
        )
    )


def _form_context(values: dict[str, Any], errors: dict[str, str], **more: Any) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "kinds": list(ContentKind),
        "modes": list(DeliveryMode),
        **more,
    }


@router.get("/studio")
def studio(request: Request, session: SessionDep, access: Author) -> Response:
    """My providers' entries, newest first, with where each stands."""
    entries = session.scalars(
        select(Course).where(in_scope(Course.organisation_id, access.paths)).order_by(Course.title).limit(200)
    ).all()
    return render(request, "studio/index.html", {"entries": entries})


@router.get("/studio/providers")
def providers(request: Request, session: SessionDep, access: Author) -> Response:
    """Each provider I write for: its ratings, its enrolments by status, and the content asked of it."""
    rows = []
    for provider in providers_of(session, access):
        counts = dict(
            session.execute(
                select(Enrolment.status, func.count())
                .join(Course, Course.id == Enrolment.course_id)
                .where(Course.provider_id == provider.id)
                .group_by(Enrolment.status)
            ).all()
        )
        rows.append(
            {
                "provider": provider,
                "rating": ratings.summary(session, provider_id=provider.id),
                "counts": counts,
            }
        )
    asked = requests.list_requests(session, access.principal, None, None, 50).items
    return render(request, "studio/providers.html", {"rows": rows, "asked": asked})


@router.get("/studio/new")
def new_entry(request: Request, session: SessionDep, access: Author) -> Response:
    values = {"kind": "course", "mode": "online", "language": "en", "learning_hours": "1"}
    context = _form_context(values, {}, providers=providers_of(session, access), course=None)
    return render(request, "studio/edit.html", context)


@router.post("/studio/new")
def create(request: Request, session: SessionDep, access: Author, form: FormDep) -> Response:
    content, errors = _content(form)
    provider_id = parse_uuid(field(form, "provider_id"))
    if provider_id is None:
        errors["provider_id"] = FIELD_ERRORS["provider_id"]
    if "title" not in content and "title" not in errors:
        errors["title"] = FIELD_ERRORS["title"]
    if "learning_hours" not in content and "learning_hours" not in errors:
        errors["learning_hours"] = FIELD_ERRORS["learning_hours"]
    if not errors:
        try:
            version = authoring.create_course(session, access.principal, provider_id, content)  # type: ignore[arg-type]
            return redirect(f"/studio/{version.course_id}")
        except InvalidInput as exc:
            errors[exc.field] = FIELD_ERRORS.get(exc.field, exc.reason)
    values = {name: field(form, name) for name in (*FIELDS, "outline", "provider_id")}
    context = _form_context(values, errors, providers=providers_of(session, access), course=None)
    return render(request, "studio/edit.html", context, 422)


def _entry_context(session: SessionDep, access: Access, course_id: uuid.UUID) -> dict[str, Any]:
    assert access.target is not None
    course, provider, _tags = reading.get_course(session, course_id)
    history = publication.history(session, access.principal, course_id, access.target.path)  # staff only
    version = authoring.open_version(session, course_id)
    shown = version or course
    values = {name: str(getattr(shown, name)) for name in FIELDS}
    values["outline"] = outline_text(shown.outline)
    return {"course": course, "provider": provider, "version": version, "history": history, "values": values}


@router.get("/studio/{course_id}")
def entry(request: Request, course_id: uuid.UUID, session: SessionDep, access: CourseStaff) -> Response:
    """The entry's open version to edit and submit, and its history with the reviewers' comments."""
    context = _entry_context(session, access, course_id)
    return render(request, "studio/edit.html", _form_context(context.pop("values"), {}, **context))


@router.post("/studio/{course_id}")
def edit(
    request: Request, course_id: uuid.UUID, session: SessionDep, access: CourseStaff, form: FormDep
) -> Response:
    assert access.target is not None
    content, errors = _content(form)
    if not errors:
        try:
            authoring.edit_course(session, access.principal, course_id, access.target.path, content)
            return redirect(f"/studio/{course_id}?saved=1")
        except InvalidInput as exc:
            errors[exc.field] = FIELD_ERRORS.get(exc.field, exc.reason)
    context = _entry_context(session, access, course_id)
    values = {name: field(form, name) for name in (*FIELDS, "outline")}
    context.pop("values")
    return render(request, "studio/edit.html", _form_context(values, errors, **context), 422)


@router.post("/studio/{course_id}/transitions")
def transition(
    request: Request, course_id: uuid.UUID, session: SessionDep, access: CourseStaff, form: FormDep
) -> Response:
    """Submit (author), or approve or reject with a comment (a reviewer other than the author)."""
    assert access.target is not None
    try:
        action = CourseAction(field(form, "action"))
    except ValueError:
        raise InvalidInput("action", "is not a lifecycle action") from None
    comment = field(form, "comment")
    if action is CourseAction.REJECT and not comment:
        return _review_page(request, session, access, course_id, {"comment": N_("Say what must change.")})
    try:
        publication.transition(session, access.principal, course_id, access.target.path, action, comment)
    except InvalidInput as exc:
        if action is CourseAction.SUBMIT:
            context = _entry_context(session, access, course_id)
            values = context.pop("values")
            return render(
                request, "studio/edit.html", _form_context(values, {"submit": exc.reason}, **context), 422
            )
        return _review_page(request, session, access, course_id, {"comment": exc.reason})
    if action is CourseAction.SUBMIT:
        return redirect(f"/studio/{course_id}?submitted=1")
    return redirect(f"/reviews?done={action.value}")


@router.get("/reviews")
def review_queue(
    request: Request, session: SessionDep, access: Reviewer, cursor: str | None = None
) -> Response:
    """Entries with a version waiting for my review, never my own."""
    page = publication.review_queue(session, access.principal, cursor, 50)
    return render(request, "studio/queue.html", {"page": page})


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes as (op, text) pairs; the template escapes the text."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("del", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("ins", " ".join(b[j1:j2])))
    return out


def _review_page(
    request: Request, session: SessionDep, access: Access, course_id: uuid.UUID, errors: dict[str, str]
) -> Response:
    assert access.target is not None
    if not access.principal.can(Permission.COURSES_REVIEW, access.target.path):
        raise PermissionDenied("you hold courses:review nowhere over this entry")
    course, provider, _tags = reading.get_course(session, course_id)
    version = authoring.open_version(session, course_id)
    published = session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course_id, CourseVersion.status == VersionStatus.PUBLISHED
        )
    )
    history = publication.history(session, access.principal, course_id, access.target.path)
    rows = []
    if version is not None:
        for name in (*FIELDS, "outline"):
            old = outline_text(published.outline) if published and name == "outline" else ""
            if published and name != "outline":
                old = str(getattr(published, name))
            new = outline_text(version.outline) if name == "outline" else str(getattr(version, name))
            rows.append({"field": name, "changed": old != new, "diff": _diff(old, new)})
    context = {
        "course": course,
        "provider": provider,
        "version": version,
        "published": published,
        "rows": rows,
        "history": history,
        "errors": errors,
    }
    return render(request, "studio/review.html", context, 422 if errors else 200)


@router.get("/reviews/{course_id}")
def review(request: Request, course_id: uuid.UUID, session: SessionDep, access: CourseStaff) -> Response:
    """The version in review beside the published one, with approve and reject."""
    return _review_page(request, session, access, course_id, {})

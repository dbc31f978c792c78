"""The official's own pages: home with gaps, recommendations, learning path, catalogue, course, passbook
and certificates. Each calls the service its JSON route calls, under the same permission check."""

from __future__ import annotations

import uuid
from contextlib import suppress
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.charts import Bar, levels_chart
from karmayogi.api.pages.web import (
    N_,
    FormDep,
    VisitorDep,
    field,
    language,
    page_require,
    parse_uuid,
    redirect,
    render,
    translations,
)
from karmayogi.api.report_files import file_response
from karmayogi.api.scopes import course_scope, credential_scope
from karmayogi.content import encoders
from karmayogi.content.model import DeliveryMode
from karmayogi.content.search import SearchFilters
from karmayogi.lms import enrolments, people, recommendations
from karmayogi.lms.catalogue import ratings, reading, search
from karmayogi.lms.cmi5.courses import has_package
from karmayogi.lms.credentials import certificates, issuing
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.orm import Competency, Course, CourseRating, Enrolment, IssuedCredential, Position
from karmayogi.lms.permissions import Access, Permission
from karmayogi.lms.profiles import store

router = APIRouter()
HOME_RECOMMENDATIONS = 5
RECOMMENDATIONS = 10
SEARCH_PAGE = 20
CourseReader = Annotated[Access, page_require(Permission.COURSES_READ, course_scope)]
CredentialReader = Annotated[Access, page_require(issuing.READ, credential_scope, owner_may=True)]
Reader = Annotated[Access, page_require(Permission.COURSES_READ)]


def _gaps_chart(request: Request, items: list[dict[str, object]]) -> Markup | None:
    if not items:
        return None
    _ = translations(language(request)).gettext
    bars = [Bar(str(g["competency"]), float(g["needed_level"]), float(g["held_level"])) for g in items]  # type: ignore[arg-type]
    title = _("Needed and held level for each competency")
    return Markup(levels_chart(bars, max(5, *(int(b.needed) for b in bars)), title, _("Needed"), _("Held")))


@router.get("/home")
def home(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """My position, what it needs and where I stand: the gaps as a chart and a table, and what to learn."""
    user = visitor.user
    position = session.get(Position, user.position_id) if user.position_id else None
    found = recommendations.gaps(session, encoders.minilm(), user)
    suggested = recommendations.recommend(session, encoders.minilm(), user, HOME_RECOMMENDATIONS)
    mine = people.list_enrolments(session, user.id, None, 50).items
    titles = _titles(session, [e.course_id for e in mine])
    context = {
        "position": position,
        "gaps": found,
        "chart": _gaps_chart(request, found["items"]),
        "suggested": suggested,
        "enrolments": [(e, titles.get(e.course_id, "")) for e in mine if e.status == "in_progress"],
    }
    return render(request, "learner/home.html", context)


def _titles(session: SessionDep, course_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not course_ids:
        return {}
    return dict(session.execute(select(Course.id, Course.title).where(Course.id.in_(course_ids))).all())


@router.get("/recommendations")
def my_recommendations(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """Each course with why it is recommended and the parts of its score; "not relevant" sets one aside."""
    found = recommendations.recommend(session, encoders.minilm(), visitor.user, RECOMMENDATIONS)
    return render(request, "learner/recommendations.html", {"found": found})


@router.post("/recommendations/not-relevant")
def not_relevant(session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    course_id = parse_uuid(field(form, "course_id"))
    if course_id is None:
        raise InvalidInput("course_id", "is not a course id")
    recommendations.mark_not_relevant(session, visitor.user.id, course_id)
    return redirect("/recommendations")


@router.get("/learning-path")
def learning_path(
    request: Request, session: SessionDep, visitor: VisitorDep, weekly_hours: str = ""
) -> Response:
    """The plan laid into weeks; the weekly budget is a plain form field, kept in the address."""
    errors: dict[str, str] = {}
    hours = recommendations.DEFAULT_WEEKLY_HOURS
    if weekly_hours:
        try:
            hours = float(weekly_hours)
            if not 0 < hours <= 60:
                raise ValueError
        except ValueError:
            errors["weekly_hours"] = N_("Give the hours a week as a number above 0 and at most 60.")
            hours = recommendations.DEFAULT_WEEKLY_HOURS
    today = datetime.now(UTC).date()
    path = recommendations.learning_path(session, encoders.minilm(), visitor.user, today, hours)
    context = {"path": path, "weekly_hours": weekly_hours or str(hours), "errors": errors}
    return render(request, "learner/learning_path.html", context, 422 if errors else 200)


@router.get("/catalogue")
def catalogue(
    request: Request,
    session: SessionDep,
    _: Reader,
    q: str = "",
    mode: str = "",
    min_hours: str = "",
    max_hours: str = "",
    cursor: str | None = None,
) -> Response:
    """Search the published catalogue with filters; every filter is a plain GET form field."""
    errors: dict[str, str] = {}
    delivery = None
    if mode:
        try:
            delivery = DeliveryMode(mode)
        except ValueError:
            errors["mode"] = N_("Choose one of the listed modes.")
    bounds: dict[str, float | None] = {}
    for name, value in (("min_hours", min_hours), ("max_hours", max_hours)):
        bounds[name] = None
        if value:
            try:
                bounds[name] = float(value)
                if not 0 <= bounds[name] <= 10_000:  # type: ignore[operator]
                    raise ValueError
            except ValueError:
                errors[name] = N_("Give hours as a number from 0 to 10,000.")
                bounds[name] = None
    hits, next_cursor = [], None
    if not errors:
        filters = SearchFilters(mode=delivery, min_hours=bounds["min_hours"], max_hours=bounds["max_hours"])
        try:
            hits, next_cursor = search.search(session, encoders.minilm(), q, filters, SEARCH_PAGE, cursor)
        except InvalidInput as exc:
            errors[exc.field] = exc.reason
    query = {"q": q, "mode": mode, "min_hours": min_hours, "max_hours": max_hours}
    more = f"/catalogue?{urlencode({**query, 'cursor': next_cursor})}" if next_cursor else None
    context = {"hits": hits, "query": query, "errors": errors, "more": more, "modes": list(DeliveryMode)}
    return render(request, "learner/catalogue.html", context, 422 if errors else 200)


def _course_context(session: SessionDep, visitor: VisitorDep, access: Access, course_id: uuid.UUID) -> dict:  # type: ignore[type-arg]
    course, provider, tag_rows = reading.get_course(session, course_id)
    assert access.target is not None
    try:
        versions = reading.list_versions(session, access.principal, course_id, access.target.path)
    except PermissionDenied:
        versions = []  # versions are for the provider's staff and reviewers
    mine = session.scalar(
        select(Enrolment).where(Enrolment.user_id == visitor.user.id, Enrolment.course_id == course_id)
    )
    own = session.get(CourseRating, (course_id, visitor.user.id)) if mine else None
    return {
        "course": course,
        "provider": provider,
        "tags": tag_rows,
        "summary": ratings.summary(session, course_id=course_id),
        "reviews": ratings.reviews(session, access.principal, course_id, 10),
        "versions": versions,
        "enrolment": mine,
        "own_rating": own,
        "content_url": f"/learn/{course_id}" if mine and has_package(session, course_id) else None,
        "errors": {},
    }


@router.get("/catalogue/{course_id}")
def course_page(
    request: Request, course_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, access: CourseReader
) -> Response:
    """Outline, provider, ratings, competencies and versions; enrol, rate and review."""
    return render(request, "learner/course.html", _course_context(session, visitor, access, course_id))


@router.post("/catalogue/{course_id}/enrolment")
def enrol(
    course_id: uuid.UUID, session: SessionDep, settings: SettingsDep, access: CourseReader, form: FormDep
) -> Response:
    with suppress(Conflict):  # already enrolled: the course page says so
        enrolments.enrol(session, settings, access.principal, course_id)
    return redirect(f"/catalogue/{course_id}")


@router.post("/catalogue/{course_id}/rating")
def rate(
    request: Request,
    course_id: uuid.UUID,
    session: SessionDep,
    visitor: VisitorDep,
    access: CourseReader,
    form: FormDep,
) -> Response:
    errors: dict[str, str] = {}
    stars = field(form, "stars")
    review = field(form, "review")
    if stars not in {"1", "2", "3", "4", "5"}:
        errors["stars"] = N_("Choose from 1 to 5 stars.")
    elif len(review) > ratings.MAX_REVIEW_LENGTH:
        errors["review"] = N_("The review is too long.")
    else:
        try:
            ratings.rate(session, access.principal, course_id, int(stars), review)
        except PermissionDenied:
            errors["stars"] = N_("Only learners enrolled in the course may rate it.")
    if errors:
        context = _course_context(session, visitor, access, course_id) | {"errors": errors, "draft": review}
        return render(request, "learner/course.html", context, 422)
    return redirect(f"/catalogue/{course_id}#ratings")


@router.get("/passbook")
def passbook(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """Each level with the evidence and the rule behind it, so that a decision can be traced."""
    lines = store.passbook(session, visitor.user.id)
    evidence = {str(row.id): row for row in store.rows(session, visitor.user.id)}
    ids = [line.competency_id for line in lines]
    names = dict(session.execute(select(Competency.id, Competency.name).where(Competency.id.in_(ids))).all())
    entries = [
        {
            "line": line,
            "competency": names.get(line.competency_id, ""),
            "evidence": [evidence[str(e)] for e in line.evidence_ids if str(e) in evidence],
            "proposal": [evidence[str(e)] for e in line.proposal_evidence_ids if str(e) in evidence],
        }
        for line in sorted(lines, key=lambda ln: names.get(ln.competency_id, ""))
    ]
    return render(request, "learner/passbook.html", {"entries": entries})


@router.get("/certificates")
def my_certificates(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """My certificates, and my completed courses whose certificate I may ask for."""
    issued = list(
        session.scalars(
            select(IssuedCredential)
            .where(IssuedCredential.holder_id == visitor.user.id)
            .order_by(IssuedCredential.issued_at.desc())
        )
    )
    certified = {c.enrolment_id for c in issued}
    done = session.scalars(
        select(Enrolment).where(Enrolment.user_id == visitor.user.id, Enrolment.status == "completed")
    ).all()
    titles = _titles(session, [e.course_id for e in done])
    waiting = [(e, titles.get(e.course_id, "")) for e in done if e.id not in certified]
    return render(request, "learner/certificates.html", {"issued": issued, "waiting": waiting})


@router.post("/certificates")
def issue(session: SessionDep, settings: SettingsDep, visitor: VisitorDep, form: FormDep) -> Response:
    enrolment_id = parse_uuid(field(form, "enrolment_id"))
    if enrolment_id is None:
        raise InvalidInput("enrolment_id", "is not an enrolment id")
    row, _created = issuing.issue_completion(session, settings, visitor.principal, enrolment_id)
    return redirect(f"/certificates/{row.id}")


@router.get("/certificates/{credential_id}")
def certificate_page(
    request: Request,
    credential_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    _: CredentialReader,
) -> Response:
    """The certificate with its printable and PDF forms, its public verification link and a share link."""
    row = issuing.get_credential(session, credential_id)
    document = issuing.certificate_of(settings, row)
    verify = issuing.verification_page_url(settings, row.id)
    share = "https://www.linkedin.com/profile/add?" + urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": document.achievement,
            "organizationName": settings.issuer_name,
            "certUrl": verify,
            "certId": str(row.id),
        }
    )
    context = {"row": row, "document": document, "verify": verify, "share": share}
    return render(request, "learner/certificate.html", context)


@router.get("/certificates/{credential_id}/certificate.html")
def certificate_document(
    credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep, _: CredentialReader
) -> HTMLResponse:
    """The printable certificate, the same document the API serves."""
    row = issuing.get_credential(session, credential_id)
    return HTMLResponse(certificates.html(issuing.certificate_of(settings, row)))


@router.get("/certificates/{credential_id}/certificate.pdf")
def certificate_pdf(
    credential_id: uuid.UUID, session: SessionDep, settings: SettingsDep, _: CredentialReader
) -> Response:
    row = issuing.get_credential(session, credential_id)
    return file_response(
        certificates.pdf(issuing.certificate_of(settings, row)),
        "application/pdf",
        f"certificate-{credential_id}.pdf",
    )

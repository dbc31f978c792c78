"""Sevottam pages. Public, without sign-in: an organisation's Citizen's Charter, lodging a grievance and
tracking it by its secret link. Signed in: the grievance officer's queue with disposal and transfer, the
Commission's appeals, and the organisation's dashboard. Each handler calls the `lms.sevottam` services."""

from __future__ import annotations

import logging
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.datastructures import FormData

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import N_, FormDep, VisitorDep, field, parse_uuid, redirect, render
from karmayogi.lms import mail
from karmayogi.lms.config import Settings
from karmayogi.lms.decisions.entries import Case
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied, ServiceUnavailable
from karmayogi.lms.orm import Grievance, Organisation, PublicService, User
from karmayogi.lms.permissions import Permission
from karmayogi.lms.sevottam import (
    assessment,
    charters,
    grievances,
    linking,
    notify,
    penalties,
    performance,
    services,
)
from karmayogi.lms.sevottam.limits import RateLimiter

router = APIRouter()
log = logging.getLogger(__name__)
GROUND_LABELS = {
    "charter": N_("Failure to deliver as the Citizen's Charter promises"),
    "functioning": N_("The functioning of a public authority"),
    "violation": N_("A violation of a law, policy or scheme"),
}
STATUS_LABELS = {
    "open": N_("Open"),
    "disposed": N_("Disposed of"),
    "appealed": N_("Appealed to the Commission"),
    "closed": N_("Closed"),
}
EVENT_LABELS = {
    "lodged": N_("Lodged"),
    "routed": N_("Sent to the grievance officer"),
    "contact_confirmed": N_("Contact confirmed"),
    "transferred": N_("Transferred to another organisation"),
    "escalated_reminder": N_("Reminder to the officer"),
    "escalated_next_level": N_("Escalated to the next level"),
    "escalated_commission": N_("Escalated to the Commission"),
    "disposed": N_("Disposed of"),
    "rated": N_("Rated"),
    "appealed": N_("Appealed"),
    "appeal_decided": N_("Appeal decided"),
}
OUTCOME_LABELS = {
    "redressed": N_("Redressed"),
    "rejected": N_("Rejected"),
    "upheld": N_("Disposal upheld"),
    "overturned": N_("Disposal overturned"),
}
DEADLINE_LABELS = {
    "not_set": N_("No commencement date is set."),
    "pending": N_("Due for publication"),
    "overdue": N_("Overdue: the charter was not published within six months"),
    "on_time": N_("Published within six months"),
    "late": N_("Published after the six-month deadline"),
}
LODGE_FIELDS = (
    "ground",
    "organisation_id",
    "service_id",
    "subject",
    "text",
    "citizen_name",
    "email",
    "mobile",
)
FIELD_ERRORS = {
    "ground": N_("Choose the ground of the grievance."),
    "organisation_id": N_("Choose the organisation the grievance is about."),
    "service_id": N_("Choose a service of that organisation, or none."),
    "subject": N_("Give a subject of at most 200 characters."),
    "text": N_("Describe the grievance in at most 4000 characters."),
    "citizen_name": N_("Give your name."),
    "email": N_("Give a valid email address, or a mobile number."),
    "mobile": N_("Give a 10-digit Indian mobile number."),
}


def _limiter(request: Request) -> RateLimiter:
    state = request.app.state
    if not hasattr(state, "grievance_limiter"):
        state.grievance_limiter = RateLimiter(state.settings.grievances_per_hour, 3600)
    limiter: RateLimiter = state.grievance_limiter
    return limiter


def _context(**values: object) -> dict[str, object]:
    return {
        "grounds": GROUND_LABELS,
        "statuses": STATUS_LABELS,
        "events": EVENT_LABELS,
        "outcomes": OUTCOME_LABELS,
        **values,
    }


# --- public: the charter ---------------------------------------------------------------------------


@router.get("/charters")
def charter_index(request: Request, session: SessionDep) -> Response:
    """Every organisation that has published a charter."""
    from karmayogi.lms.orm import CharterVersion

    orgs = session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(select(CharterVersion.organisation_id)))
        .order_by(Organisation.name)
    ).all()
    return render(request, "sevottam/charters.html", _context(organisations=orgs))


@router.get("/charters/{organisation_id}")
def charter(
    request: Request, organisation_id: uuid.UUID, session: SessionDep, version: int | None = None
) -> Response:
    org = services.organisation(session, organisation_id)
    shown = charters.version(session, organisation_id, version)
    context = _context(
        organisation=org,
        charter=shown,
        versions=charters.versions(session, organisation_id),
        deadline=charters.publication_deadline(session, organisation_id, date.today()),
        deadline_labels=DEADLINE_LABELS,
        performance=performance.of_organisation(session, organisation_id),
    )
    return render(request, "sevottam/charter.html", context)


# --- public: lodging and tracking --------------------------------------------------------------------


def _lodge_form(session: SessionDep) -> dict[str, object]:
    orgs = session.scalars(select(Organisation).order_by(Organisation.name)).all()
    offered = session.scalars(select(PublicService).order_by(PublicService.name)).all()
    return {"organisations": orgs, "services": offered}


@router.get("/grievances/new")
def lodge_page(request: Request, session: SessionDep, organisation: str = "") -> Response:
    values = {"organisation_id": organisation}
    return render(request, "sevottam/lodge.html", _context(**_lodge_form(session), values=values, errors={}))


@router.post("/grievances")
def lodge(request: Request, session: SessionDep, form: FormDep) -> Response:
    """Honeypot filled: answered as if lodged, and nothing kept. Over the limit: 429, nothing kept."""
    values = {name: field(form, name) for name in LODGE_FIELDS}
    if field(form, "website"):
        return render(request, "sevottam/lodged_bot.html", _context(), 200)
    address = request.client.host if request.client else "unknown"
    contact = (values["email"] or values["mobile"]).lower()
    if not _limiter(request).allow(f"address:{address}", f"contact:{contact}"):
        errors = {"form": N_("Too many grievances from this address or contact. Try again in an hour.")}
        return render(
            request,
            "sevottam/lodge.html",
            _context(**_lodge_form(session), values=values, errors=errors),
            429,
        )
    errors: dict[str, str] = {}
    organisation_id = parse_uuid(values["organisation_id"]) if values["organisation_id"] else None
    service_id = parse_uuid(values["service_id"]) if values["service_id"] else None
    if values["organisation_id"] and organisation_id is None:
        errors["organisation_id"] = FIELD_ERRORS["organisation_id"]
    if values["service_id"] and service_id is None:
        errors["service_id"] = FIELD_ERRORS["service_id"]
    lodged = None
    if not errors:
        try:
            lodged = grievances.lodge(
                session,
                ground=values["ground"],
                organisation_id=organisation_id,
                service_id=service_id,
                subject=values["subject"],
                text=values["text"],
                citizen_name=values["citizen_name"],
                email=values["email"],
                mobile=values["mobile"],
            )
        except InvalidInput as exc:
            errors[exc.field] = FIELD_ERRORS.get(exc.field, exc.reason)
    if lodged is None:
        context = _context(**_lodge_form(session), values=values, errors=errors)
        return render(request, "sevottam/lodge.html", context, 422)
    settings = request.app.state.settings
    link = f"{settings.public_url}/grievances/track/{lodged.token}"
    response = redirect(f"/grievances/track/{lodged.token}?new=1")
    # Sent once the request's transaction has committed: a lost message never loses the grievance.
    response.background = BackgroundTask(
        _send_confirmation,
        settings,
        lodged.grievance.registration_number,
        lodged.grievance.email,
        lodged.grievance.mobile,
        notify.confirmation_text(lodged.grievance.registration_number, lodged.code, link),
    )
    return response


def _send_confirmation(
    settings: Settings, registration_number: str, email: str | None, mobile: str | None, text: str
) -> None:
    try:
        if email:
            mail.send(settings, email, "Grievance " + registration_number, text)
        if mobile:
            notify.sms_sender(settings).send(mobile, text)
    except (OSError, ServiceUnavailable) as exc:
        log.warning("confirmation for %s not sent: %s", registration_number, exc)


def _track_context(
    session: SessionDep, token: str, errors: dict[str, str] | None = None
) -> dict[str, object]:
    grievance = grievances.by_token(session, token)
    org = services.organisation(session, grievance.organisation_id)
    service = session.get(PublicService, grievance.service_id) if grievance.service_id else None
    return _context(
        grievance=grievance,
        organisation=org,
        service=service,
        history=grievances.history(session, grievance.id),
        case=grievances.disposal(session, grievance),
        token=token,
        errors=errors or {},
    )


@router.get("/grievances/track/{token}")
def track(request: Request, token: str, session: SessionDep) -> Response:
    """Only the grievance this link belongs to; any other link is a page that does not exist."""
    return render(request, "sevottam/track.html", _track_context(session, token))


@router.post("/grievances/track/{token}/confirm")
def confirm(request: Request, token: str, session: SessionDep, form: FormDep) -> Response:
    try:
        grievances.confirm_contact(session, token, field(form, "code"))
    except InvalidInput:
        errors = {"code": N_("This is not the code we sent.")}
        return render(request, "sevottam/track.html", _track_context(session, token, errors), 422)
    return redirect(f"/grievances/track/{token}?confirmed=1")


@router.post("/grievances/track/{token}/rating")
def rate(request: Request, token: str, session: SessionDep, form: FormDep) -> Response:
    stars = field(form, "rating")
    try:
        grievances.rate(session, token, int(stars) if stars.isdigit() else 0)
    except (InvalidInput, Conflict):
        errors = {"rating": N_("Choose from 1 to 5 stars once the grievance is disposed of.")}
        return render(request, "sevottam/track.html", _track_context(session, token, errors), 422)
    return redirect(f"/grievances/track/{token}?rated=1")


@router.post("/grievances/track/{token}/appeal")
def appeal(request: Request, token: str, session: SessionDep, form: FormDep) -> Response:
    try:
        grievances.appeal(session, token, field(form, "grounds"))
    except InvalidInput:
        errors = {"grounds": N_("Give the grounds of your appeal.")}
        return render(request, "sevottam/track.html", _track_context(session, token, errors), 422)
    except Conflict:
        errors = {
            "grounds": N_("This grievance cannot be appealed now: the period has ended or it was appealed.")
        }
        return render(request, "sevottam/track.html", _track_context(session, token, errors), 409)
    return redirect(f"/grievances/track/{token}?appealed=1")


# --- officers and the Commission ------------------------------------------------------------------


def _officer(visitor: VisitorDep) -> None:
    p = visitor.principal
    if not (p.holds(Permission.GRIEVANCES_HANDLE) or p.holds(Permission.GRIEVANCES_APPEALS)):
        raise PermissionDenied("the grievance queue is for grievance officers and the Commission")


@router.get("/sevottam/queue")
def queue(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    _officer(visitor)
    today = date.today()
    rows, calendars = [], {}
    for g in grievances.queue(session, visitor.principal):
        if g.organisation_id not in calendars:
            calendars[g.organisation_id] = services.calendar_of(session, g.organisation_id)
        rows.append((g, calendars[g.organisation_id].working_days_between(today, g.due_on)))
    return render(
        request,
        "sevottam/queue.html",
        _context(
            rows=rows,
            home=visitor.user.organisation_id,
            may_dashboard=visitor.principal.holds(Permission.GRIEVANCES_HANDLE),
        ),
    )


def _grievance_context(
    session: SessionDep, visitor: VisitorDep, grievance_id: uuid.UUID
) -> dict[str, object]:
    g = grievances.get_for(session, visitor.principal, grievance_id)
    path = grievances.org_path(session, g)
    commission = visitor.principal.can(Permission.GRIEVANCES_APPEALS, path)
    proceedings = penalties.for_grievance(session, visitor.principal, g.id) if commission else []
    return _context(
        grievance=g,
        organisation=services.organisation(session, g.organisation_id),
        service=session.get(PublicService, g.service_id) if g.service_id else None,
        history=grievances.history(session, g.id),
        case=grievances.disposal(session, g),
        working_days_left=services.calendar_of(session, g.organisation_id).working_days_between(
            date.today(), g.due_on
        ),
        may_handle=visitor.principal.can(Permission.GRIEVANCES_HANDLE, path),
        may_decide_appeal=commission,
        organisations=session.scalars(select(Organisation).order_by(Organisation.name)).all(),
        penalties=proceedings,
        amount_of=penalties.amount_of,
        # Who may be proceeded against: the officials of the organisation the grievance is with.
        officials=session.scalars(
            select(User).where(User.organisation_id == g.organisation_id).order_by(User.full_name)
        ).all()
        if commission
        else [],
        names=_names_of_actors(session, proceedings),
        errors={},
    )


@router.get("/sevottam/grievances/{grievance_id}")
def grievance_page(
    request: Request, grievance_id: uuid.UUID, session: SessionDep, visitor: VisitorDep
) -> Response:
    _officer(visitor)
    return render(request, "sevottam/grievance.html", _grievance_context(session, visitor, grievance_id))


def _refused(
    request: Request, session: SessionDep, visitor: VisitorDep, grievance_id: uuid.UUID, exc: Exception
):  # type: ignore[no-untyped-def]
    context = _grievance_context(session, visitor, grievance_id)
    name = exc.field if isinstance(exc, InvalidInput) else "form"
    context["errors"] = {name: str(exc.reason if isinstance(exc, InvalidInput) else exc)}
    return render(request, "sevottam/grievance.html", context, 409 if isinstance(exc, Conflict) else 422)


@router.post("/sevottam/grievances/{grievance_id}/disposal")
def dispose(
    request: Request, grievance_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    _officer(visitor)
    try:
        grievances.dispose(
            session,
            visitor.principal,
            grievance_id,
            field(form, "outcome"),
            field(form, "reason"),
            field(form, "action_taken"),
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(request, session, visitor, grievance_id, exc)
    return redirect(f"/sevottam/grievances/{grievance_id}?disposed=1")


@router.post("/sevottam/grievances/{grievance_id}/transfer")
def transfer(
    request: Request, grievance_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    _officer(visitor)
    target = parse_uuid(field(form, "organisation_id"))
    try:
        if target is None:
            raise InvalidInput("organisation_id", "choose the organisation")
        grievances.transfer(session, visitor.principal, grievance_id, target, field(form, "reason"))
    except (InvalidInput, Conflict) as exc:
        return _refused(request, session, visitor, grievance_id, exc)
    return redirect("/sevottam/queue?transferred=1")


@router.post("/sevottam/grievances/{grievance_id}/appeal-decision")
def decide_appeal(
    request: Request, grievance_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    _officer(visitor)
    try:
        grievances.decide_appeal(
            session,
            visitor.principal,
            grievance_id,
            field(form, "outcome"),
            field(form, "reason"),
            field(form, "direction"),
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(request, session, visitor, grievance_id, exc)
    return redirect(f"/sevottam/grievances/{grievance_id}?decided=1")


def _names_of_actors(session: SessionDep, proceedings: list[Case]) -> dict[uuid.UUID, str]:
    """Full names of the officials proceeded against and of the members who acted, for the page."""
    ids = {i for case in proceedings for i in (case.subject_id, *(e.actor_id for e in case.entries)) if i}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all()) if ids else {}


def _paise(form: FormData, name: str) -> int:
    """Rupees typed in a form, as whole paise; -1 (refused by the service, naming the field) if not a sum."""
    try:
        rupees = Decimal(field(form, name).replace(",", "").strip() or "0")
    except InvalidOperation:
        return -1
    return int(rupees * 100) if rupees.is_finite() and rupees == rupees.quantize(Decimal("0.01")) else -1


@router.post("/sevottam/grievances/{grievance_id}/penalties")
def propose_penalty(
    request: Request, grievance_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    _officer(visitor)
    officer = parse_uuid(field(form, "officer_id"))
    try:
        if officer is None:
            raise InvalidInput("officer_id", "choose the officer responsible")
        penalties.propose(
            session, visitor.principal, grievance_id, officer, _paise(form, "amount"), field(form, "reason")
        )
    except (InvalidInput, Conflict) as exc:
        return _refused(request, session, visitor, grievance_id, exc)
    return redirect(f"/sevottam/grievances/{grievance_id}?proposed=1#penalties")


@router.post("/sevottam/penalties/{case_id}/{step}")
def rule_on_penalty(
    request: Request, case_id: uuid.UUID, step: str, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    """A member's decision, or a third member's re-decision after the officer's appeal."""
    _officer(visitor)
    rule = {"decision": penalties.decide, "redecision": penalties.redecide}.get(step)
    grievance_id = penalties.grievance_of(session, case_id)
    if rule is None:
        raise NotFound("page", step)
    outcome = field(form, "outcome")
    amount = _paise(form, "amount") if outcome == "impose" else 0
    try:
        rule(session, visitor.principal, case_id, outcome, amount, field(form, "reason"))
    except (InvalidInput, Conflict) as exc:
        return _refused(request, session, visitor, grievance_id, exc)
    return redirect(f"/sevottam/grievances/{grievance_id}?ruled=1#penalties")


@router.get("/sevottam/organisations/{organisation_id}")
def dashboard(
    request: Request, organisation_id: uuid.UUID, session: SessionDep, visitor: VisitorDep
) -> Response:
    """The organisation's services, charter deadline, performance and open grievances by due date."""
    org = services.organisation(session, organisation_id)
    p = visitor.principal
    if not (p.can(Permission.SERVICES_MANAGE, org.path) or p.can(Permission.GRIEVANCES_HANDLE, org.path)):
        raise PermissionDenied("the dashboard is for the organisation's own officers")
    open_count = (
        session.query(Grievance)
        .filter(Grievance.organisation_id == organisation_id, Grievance.status == "open")
        .count()
    )
    context = _context(
        organisation=org,
        services=services.services_of(session, organisation_id),
        versions=charters.versions(session, organisation_id),
        deadline=charters.publication_deadline(session, organisation_id, date.today()),
        deadline_labels=DEADLINE_LABELS,
        performance=performance.of_organisation(session, organisation_id),
        open_count=open_count,
        pointers=linking.aggregate(session, organisation_id),
        may_assess=p.can(Permission.SERVICES_MANAGE, org.path),
    )
    return render(request, "sevottam/dashboard.html", context)


# --- assessment and rating --------------------------------------------------------------------------

SCALE_LABELS = {
    0: N_("0 · absent"),
    1: N_("1 · initial"),
    2: N_("2 · developing"),
    3: N_("3 · established"),
    4: N_("4 · exemplary"),
}
BAND_LABELS = {
    "compliant": N_("Sevottam compliant"),
    "progressing": N_("Progressing"),
    "developing": N_("Developing"),
    "beginning": N_("Beginning"),
}
MODULE_LABELS = {
    "charter": N_("Citizen's Charter"),
    "grievance": N_("Public Grievance Redressal"),
    "capability": N_("Service Delivery Capability"),
}


def _assessment_context(**values: object) -> dict[str, object]:
    return _context(
        framework=assessment.framework(),
        scale=SCALE_LABELS,
        bands=BAND_LABELS,
        modules=MODULE_LABELS,
        **values,
    )


def _scores(form: FormDep, prefix: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for criterion in assessment.framework().criteria:
        raw = field(form, f"{prefix}{criterion.id}")
        found[criterion.id] = int(raw) if raw.isdigit() else None
    return found


@router.get("/sevottam/organisations/{organisation_id}/self-assessment")
def self_assessment_page(
    request: Request, organisation_id: uuid.UUID, session: SessionDep, visitor: VisitorDep
) -> Response:
    org = services.require_manager(session, visitor.principal, organisation_id)
    context = _assessment_context(organisation=org, values={}, errors={})
    return render(request, "sevottam/self_assessment.html", context)


@router.post("/sevottam/organisations/{organisation_id}/self-assessment")
def self_assess(
    request: Request, organisation_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    org = services.require_manager(session, visitor.principal, organisation_id)
    scores = _scores(form, "score-")
    answers = {
        c.id: {"score": scores[c.id], "evidence": field(form, f"evidence-{c.id}")}
        for c in assessment.framework().criteria
    }
    try:
        assessment.self_assess(session, visitor.principal, organisation_id, answers)
    except InvalidInput as exc:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        criterion = exc.field.split(".")[1] if "." in exc.field else ""
        context = _assessment_context(organisation=org, values=values, errors={criterion: exc.reason})
        return render(request, "sevottam/self_assessment.html", context, 422)
    return redirect(f"/sevottam/organisations/{organisation_id}?assessed=1")


@router.get("/sevottam/assessments")
def assessments(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    """The self-assessments of organisations other than the assessor's own."""
    rows = assessment.pending_for(session, visitor.principal)
    listed = [
        (row, services.organisation(session, row.organisation_id), assessment.rating(session, row))
        for row in rows
    ]
    return render(request, "sevottam/assessments.html", _assessment_context(rows=listed))


def _rating_context(session: SessionDep, visitor: VisitorDep, assessment_id: uuid.UUID) -> dict[str, object]:
    row = assessment.get(session, assessment_id)
    org = services.organisation(session, row.organisation_id)
    if not assessment.outside(session, visitor.principal, org):
        raise PermissionDenied("an assessor rates organisations other than their own")
    return _assessment_context(row=row, organisation=org, case=assessment.rating(session, row), errors={})


@router.get("/sevottam/assessments/{assessment_id}")
def assessment_page(
    request: Request, assessment_id: uuid.UUID, session: SessionDep, visitor: VisitorDep
) -> Response:
    if not visitor.principal.holds(Permission.SEVOTTAM_ASSESS):
        raise PermissionDenied("rating needs the independent assessor's role")
    return render(request, "sevottam/assessment.html", _rating_context(session, visitor, assessment_id))


@router.post("/sevottam/assessments/{assessment_id}/rating")
def rate_assessment(
    request: Request, assessment_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    settings = request.app.state.settings
    try:
        assessment.rate(
            session,
            settings,
            visitor.principal,
            assessment_id,
            _scores(form, "score-"),
            field(form, "reason"),
        )
    except (InvalidInput, Conflict) as exc:
        context = _rating_context(session, visitor, assessment_id)
        context["errors"] = {"form": exc.reason if isinstance(exc, InvalidInput) else str(exc)}
        return render(request, "sevottam/assessment.html", context, 422)
    return redirect(f"/sevottam/assessments/{assessment_id}?rated=1")


@router.get("/sevottam/assessments/{assessment_id}/certificate.json")
def certificate(assessment_id: uuid.UUID, session: SessionDep) -> Response:
    """The compliance certificate, public like a course certificate's verification: it names no person."""
    row = assessment.get(session, assessment_id)
    if row.credential is None:
        raise NotFound("certificate", assessment_id)
    return JSONResponse(row.credential, media_type="application/ld+json")

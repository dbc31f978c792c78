"""Grievances: lodged by a citizen without an account, routed to the organisation's grievance redressal
officer, transferred, disposed of with a reason and the action taken, rated and appealed.

The citizen's key is a secret link: only its SHA-256 is stored, so the database cannot give it back.
Every change is a `GrievanceEvent`; the disposal and its appeal are steps of a shared decision case.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import Case, Kind, Step
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import organisation_path, path_filter
from karmayogi.lms.orm import Grant, Grievance, GrievanceEvent, Organisation, PublicService, User
from karmayogi.lms.orm.sevottam import GROUNDS
from karmayogi.lms.permissions import Permission, Principal, Role
from karmayogi.lms.sevottam import cases, services

MAX_SUBJECT = 200
MAX_TEXT = 4_000
MAX_NAME = 200
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MOBILE = re.compile(r"^(\+91)?[6-9]\d{9}$")
DISPOSAL_OUTCOMES = ("redressed", "rejected")
APPEAL_OUTCOMES = ("upheld", "overturned")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Lodged:
    grievance: Grievance
    token: str  # the secret of the tracking link, given once
    code: str  # the confirmation code sent to the contact, given once


def _text(value: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, "is required")
    if len(value) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    return value


def _event(
    session: Session,
    grievance: Grievance,
    kind: str,
    actor_id: uuid.UUID | None = None,
    **detail: object,
) -> GrievanceEvent:
    seq = session.scalar(
        select(func.coalesce(func.max(GrievanceEvent.seq), 0)).where(
            GrievanceEvent.grievance_id == grievance.id
        )
    )
    row = GrievanceEvent(
        grievance_id=grievance.id,
        seq=(seq or 0) + 1,
        kind=kind,
        actor_id=actor_id,
        organisation_id=grievance.organisation_id,
        detail={k: str(v) if isinstance(v, uuid.UUID | date) else v for k, v in detail.items()},
        at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def officer_of(session: Session, organisation_id: uuid.UUID) -> uuid.UUID | None:
    """The organisation's grievance redressal officer (the first appointed, when there are several)."""
    return session.scalar(
        select(Grant.user_id)
        .join(User, User.id == Grant.user_id)
        .where(
            Grant.role == Role.GRIEVANCE_OFFICER.value,
            Grant.organisation_id == organisation_id,
            User.is_active.is_(True),
        )
        .order_by(Grant.created_at, Grant.user_id)
        .limit(1)
    )


def due_date(session: Session, organisation_id: uuid.UUID, lodged_on: date) -> date:
    days = services.settings_of(session, organisation_id).redressal_days
    return services.calendar_of(session, organisation_id).add_working_days(lodged_on, days)


def _registration_number(session: Session, org: Organisation, year: int) -> str:
    prefix = (org.code or "GRV").upper()
    while True:
        number = f"{prefix}/{year}/{secrets.randbelow(10**8):08d}"
        if not session.scalar(select(Grievance.id).where(Grievance.registration_number == number)):
            return number


def lodge(
    session: Session,
    *,
    ground: str,
    organisation_id: uuid.UUID | None,
    service_id: uuid.UUID | None,
    subject: str,
    text: str,
    citizen_name: str,
    email: str = "",
    mobile: str = "",
) -> Lodged:
    """Register a grievance and route it; the caller sends the code to the contact and shows the link."""
    if ground not in GROUNDS:
        raise InvalidInput("ground", f"choose one of: {', '.join(GROUNDS)}")
    service = None
    if service_id is not None:
        service = session.get(PublicService, service_id)
        if service is None or (organisation_id is not None and service.organisation_id != organisation_id):
            raise InvalidInput("service_id", "is not a service of the organisation")
        organisation_id = service.organisation_id
    if organisation_id is None:
        raise InvalidInput("organisation_id", "name the organisation the grievance is about")
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise InvalidInput("organisation_id", "is not an organisation")
    subject = _text(subject, "subject", MAX_SUBJECT)
    text = _text(text, "text", MAX_TEXT)
    citizen_name = _text(citizen_name, "citizen_name", MAX_NAME)
    email = (email or "").strip().lower()
    mobile = re.sub(r"[\s-]", "", mobile or "")
    if not email and not mobile:
        raise InvalidInput("email", "give an email address or a mobile number to confirm")
    if email and (len(email) > 254 or not EMAIL.match(email)):
        raise InvalidInput("email", "is not an email address")
    if mobile and not MOBILE.match(mobile):
        raise InvalidInput("mobile", "is not an Indian mobile number (10 digits starting 6-9)")
    now = utcnow()
    token, code = secrets.token_urlsafe(32), f"{secrets.randbelow(10**6):06d}"
    grievance = Grievance(
        id=uuid.uuid4(),
        registration_number=_registration_number(session, org, now.year),
        token_hash=digest(token),
        ground=ground,
        service_id=service.id if service else None,
        subject=subject,
        text=text,
        citizen_name=citizen_name,
        email=email or None,
        mobile=mobile or None,
        confirm_code_hash="",
        lodged_at=now,
        organisation_id=org.id,
        officer_id=officer_of(session, org.id),
        due_on=due_date(session, org.id, now.date()),
        status="open",
        escalation_level=0,
    )
    grievance.confirm_code_hash = digest(f"{grievance.id}:{code}")
    session.add(grievance)
    session.flush()
    _event(session, grievance, "lodged", ground=ground, due_on=grievance.due_on)
    _event(
        session, grievance, "routed", officer_id=str(grievance.officer_id) if grievance.officer_id else None
    )
    return Lodged(grievance, token, code)


def by_token(session: Session, token: str, lock: bool = False) -> Grievance:
    """The one grievance a tracking link opens; any other token finds nothing."""
    if not token or len(token) > 100:
        raise NotFound("grievance", "link")
    query = select(Grievance).where(Grievance.token_hash == digest(token))
    found = session.scalars(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFound("grievance", "link")
    return found


def confirm_contact(session: Session, token: str, code: str) -> Grievance:
    grievance = by_token(session, token)
    if grievance.contact_confirmed_at is not None:
        return grievance
    expected = digest(f"{grievance.id}:{code.strip()}")
    if not hmac.compare_digest(expected, grievance.confirm_code_hash):
        raise InvalidInput("code", "is not the code we sent")
    grievance.contact_confirmed_at = utcnow()
    _event(session, grievance, "contact_confirmed")
    return grievance


def org_path(session: Session, grievance: Grievance) -> str:
    path = organisation_path(session, grievance.organisation_id)
    assert path is not None
    return path


def may_read(principal: Principal, path: str) -> bool:
    """The handling organisation's officers and the appellate Commission; nobody else (bar the citizen)."""
    return principal.can(Permission.GRIEVANCES_HANDLE, path) or principal.can(
        Permission.GRIEVANCES_APPEALS, path
    )


def get_for(session: Session, principal: Principal, grievance_id: uuid.UUID) -> Grievance:
    """A grievance as an official sees it; outside their reach it does not exist for them."""
    grievance = session.get(Grievance, grievance_id)
    if grievance is None or not may_read(principal, org_path(session, grievance)):
        raise NotFound("grievance", grievance_id)
    return grievance


def history(session: Session, grievance_id: uuid.UUID) -> list[GrievanceEvent]:
    return list(
        session.scalars(
            select(GrievanceEvent)
            .where(GrievanceEvent.grievance_id == grievance_id)
            .order_by(GrievanceEvent.seq)
        )
    )


def queue(
    session: Session, principal: Principal, include_closed: bool = False, limit: int = 200
) -> list[Grievance]:
    """The grievances under the caller's grievance-handling scopes, soonest due first; the Commission's
    members see those escalated to it and those appealed."""
    handle = principal.scopes(Permission.GRIEVANCES_HANDLE)
    appeals = principal.scopes(Permission.GRIEVANCES_APPEALS)

    conditions = []
    if handle:
        conditions.append(path_filter(handle))
    if appeals:
        conditions.append(
            path_filter(appeals) & ((Grievance.escalation_level >= 3) | (Grievance.status == "appealed"))
        )
    if not conditions:
        raise PermissionDenied("the grievance queue needs a grievance officer's or the Commission's role")
    query = (
        select(Grievance)
        .join(Organisation, Organisation.id == Grievance.organisation_id)
        .where(or_(*conditions))
    )
    if not include_closed:
        query = query.where(Grievance.status.in_(("open", "appealed")))
    return list(session.scalars(query.order_by(Grievance.due_on, Grievance.lodged_at).limit(limit)))


def _handle(session: Session, principal: Principal, grievance_id: uuid.UUID) -> tuple[Grievance, str]:
    grievance = get_for(session, principal, grievance_id)
    path = org_path(session, grievance)
    if not principal.can(Permission.GRIEVANCES_HANDLE, path):
        raise PermissionDenied("this needs the grievance officer's role over the organisation")
    return grievance, path


def transfer(
    session: Session,
    principal: Principal,
    grievance_id: uuid.UUID,
    to_organisation_id: uuid.UUID,
    reason: str,
) -> Grievance:
    """Send it to the organisation it belongs to; the due date stays counted from the day it was lodged."""
    grievance, _ = _handle(session, principal, grievance_id)
    if grievance.status != "open":
        raise Conflict("status", f"a {grievance.status} grievance is not transferred")
    reason = cases.reason_text(reason, "reason", "a reason for the transfer")
    target = session.get(Organisation, to_organisation_id)
    if target is None:
        raise InvalidInput("organisation_id", "is not an organisation")
    if target.id == grievance.organisation_id:
        raise InvalidInput("organisation_id", "the grievance is already with this organisation")
    source = grievance.organisation_id
    grievance.organisation_id = target.id
    grievance.officer_id = officer_of(session, target.id)
    grievance.service_id = None  # a service belongs to the organisation it came from
    grievance.due_on = due_date(session, target.id, grievance.lodged_at.date())
    grievance.escalation_level = 0
    _event(
        session,
        grievance,
        "transferred",
        principal.id,
        from_organisation_id=source,
        to_organisation_id=target.id,
        reason=reason,
        due_on=grievance.due_on,
    )
    return grievance


def _inputs(session: Session, grievance: Grievance) -> dict[str, object]:
    """What the disposal rests on, frozen into the proposal."""
    return {
        "grievance_id": str(grievance.id),
        "registration_number": grievance.registration_number,
        "ground": grievance.ground,
        "service_id": str(grievance.service_id) if grievance.service_id else None,
        "subject": grievance.subject,
        "text_sha256": digest(grievance.text),
        "lodged_at": grievance.lodged_at.isoformat(),
        "due_on": grievance.due_on.isoformat(),
        "escalation_level": grievance.escalation_level,
        "events": [[e.seq, e.kind, e.at.isoformat()] for e in history(session, grievance.id)],
    }


def dispose(
    session: Session,
    principal: Principal,
    grievance_id: uuid.UUID,
    outcome: str,
    reason: str,
    action_taken: str,
) -> Case:
    """The officer decides, with a reason and the action taken; the citizen may then appeal."""
    grievance, _ = _handle(session, principal, grievance_id)
    if grievance.status != "open":
        raise Conflict("status", f"the grievance is {grievance.status}")
    if outcome not in DISPOSAL_OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(DISPOSAL_OUTCOMES)}")
    reason = cases.reason_text(reason, "reason", "a reason")
    action_taken = cases.reason_text(action_taken, "action_taken", "the action taken")
    if principal.kind != "user":
        raise PermissionDenied("grievances are disposed of by named officers")
    subject = grievance.officer_id or principal.id
    appeal_days = services.settings_of(session, grievance.organisation_id).appeal_days
    case = cases.open_case(
        session,
        Kind.GRIEVANCE_DISPOSAL,
        subject,
        f"grievance:{grievance.id}",
        _inputs(session, grievance),
        None,
        appeal_days,
    )
    case = cases.record(
        session, case.id, Step.DECISION, principal.id, outcome, reason, {"action_taken": action_taken}
    )
    grievance.status = "disposed"
    grievance.disposal_case_id = case.id
    grievance.disposed_at = utcnow()
    _event(session, grievance, "disposed", principal.id, outcome=outcome, case_id=case.id)
    return case


def disposal(session: Session, grievance: Grievance) -> Case | None:
    return store.get(session, grievance.disposal_case_id) if grievance.disposal_case_id else None


def rate(session: Session, token: str, stars: int) -> Grievance:
    grievance = by_token(session, token)
    if grievance.status == "open":
        raise Conflict("rating", "a grievance is rated once it is disposed of")
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput("rating", "from 1 to 5")
    grievance.rating = stars
    _event(session, grievance, "rated", rating=stars)
    return grievance


def appeal(session: Session, token: str, grounds: str) -> Case:
    """The citizen appeals to the Commission by their link, once, within the organisation's period."""
    grievance = by_token(session, token)
    if grievance.disposal_case_id is None:
        raise Conflict("appeal", "a grievance is appealed once it is disposed of")
    grounds = cases.reason_text(grounds, "grounds", "the grounds of the appeal")
    case = cases.record(
        session, grievance.disposal_case_id, Step.APPEAL, None, "appeal", grounds, {"by": "citizen"}
    )
    grievance.status = "appealed"
    _event(session, grievance, "appealed")
    return case


def decide_appeal(
    session: Session,
    principal: Principal,
    grievance_id: uuid.UUID,
    outcome: str,
    reason: str,
    direction: str = "",
) -> Case:
    """A Commission member, not the officer who disposed of it, decides the appeal; this is final."""
    grievance = get_for(session, principal, grievance_id)
    if principal.kind != "user" or not principal.can(
        Permission.GRIEVANCES_APPEALS, org_path(session, grievance)
    ):
        raise PermissionDenied("appeals are decided by the Public Grievance Redressal Commission")
    if grievance.disposal_case_id is None or grievance.status != "appealed":
        raise Conflict("status", "there is no appeal to decide")
    if outcome not in APPEAL_OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(APPEAL_OUTCOMES)}")
    reason = cases.reason_text(reason, "reason", "a reason")
    if len(direction) > 4_000:
        raise InvalidInput("direction", "at most 4000 characters")
    case = cases.record(
        session,
        grievance.disposal_case_id,
        Step.REDECISION,
        principal.id,
        outcome,
        reason,
        {"direction": direction.strip()},
    )
    grievance.status = "closed"
    _event(session, grievance, "appeal_decided", principal.id, outcome=outcome)
    return case


def track_view(grievance: Grievance, now: datetime | None = None) -> dict[str, object]:
    """What the citizen's link shows: their own grievance, its state and its due date."""
    return {
        "registration_number": grievance.registration_number,
        "status": grievance.status,
        "ground": grievance.ground,
        "subject": grievance.subject,
        "lodged_at": grievance.lodged_at.isoformat(),
        "due_on": grievance.due_on.isoformat(),
        "escalation_level": grievance.escalation_level,
        "contact_confirmed": grievance.contact_confirmed_at is not None,
        "rating": grievance.rating,
    }

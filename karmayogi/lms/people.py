"""Officials and their service records, read and written within the caller's scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import hash_password
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.organisations import in_scope, path_of, scoped_organisation
from karmayogi.lms.orm import Enrolment, Position, User
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import (
    Access,
    Permission,
    Principal,
    Target,
    check_chain,
    check_reach,
    reaches,
    refuse_self,
)

MIN_PASSWORD_LENGTH = 10
NOT_NULL = {"full_name", "is_active", "probation_status"}


class ProbationStatus(StrEnum):
    ON_PROBATION = "on_probation"
    EXTENDED = "extended"
    CONFIRMED = "confirmed"
    NOT_APPLICABLE = "not_applicable"


@dataclass
class ServiceRecord:
    """What HR cells keep about an official's post; `None` leaves a field unset."""

    position_id: uuid.UUID | None = None
    service: str | None = None
    cadre: str | None = None
    supervisor_id: uuid.UUID | None = None
    date_of_joining: date | None = None
    probation_status: ProbationStatus = ProbationStatus.NOT_APPLICABLE
    probation_end_date: date | None = None


def user_target(session: Session, user_id: uuid.UUID) -> Target:
    return Target("user", user_id, path_of(session, User, user_id, "user"), owner_id=user_id)


def may_read_service_record(session: Session, principal: Principal, target: Target) -> bool:
    return reaches(session, principal, Permission.SERVICE_RECORDS_READ, target, owner_may=True)


def create_user(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    email: str,
    full_name: str,
    password: str | None,
    record: ServiceRecord,
) -> User:
    scoped_organisation(session, principal, Permission.PEOPLE_MANAGE, organisation_id, "organisation_id")
    email = email.strip().lower()
    if session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("email", f"{email} is already registered")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        id=uuid.uuid4(),
        organisation_id=organisation_id,
        email=email,
        full_name=full_name,
        password_hash=hash_password(password) if password else None,
    )
    _apply_record(session, principal, user, record)
    session.add(user)
    session.flush()
    return user


def update_service_record(
    session: Session, principal: Principal, user_id: uuid.UUID, changes: dict[str, object]
) -> User:
    """Apply the named fields of a `ServiceRecord` (or `full_name`, `is_active`) to one official.

    Nobody changes their own service record or account status (their name they may), nor anyone
    holding grants beyond their own scope, such as the platform's administrators.
    """
    check_reach(session, principal, user_id, Permission.PEOPLE_MANAGE)
    if changes.keys() - {"full_name"}:
        refuse_self(principal, user_id, "change the service record or account status")
    for name in NOT_NULL & changes.keys():
        if changes[name] is None:
            raise InvalidInput(name, "cannot be null")
    user = get_user(session, user_id)
    record = ServiceRecord(**{f.name: getattr(user, f.name) for f in fields(ServiceRecord)})
    for name, value in changes.items():
        if name in ("full_name", "is_active"):
            setattr(user, name, value)
        else:
            setattr(record, name, value)
    _apply_record(session, principal, user, record)
    session.flush()
    return user


def _apply_record(session: Session, principal: Principal, user: User, record: ServiceRecord) -> None:
    if record.position_id is not None:
        position = session.get(Position, record.position_id)
        if position is None or position.organisation_id != user.organisation_id:
            raise InvalidInput(
                "position_id", f"no position {record.position_id} in the official's organisation"
            )
    if record.supervisor_id is not None and record.supervisor_id != user.supervisor_id:
        target = user_target_or_none(session, record.supervisor_id)
        if target is None or not principal.can(Permission.PEOPLE_READ, target.path):
            raise InvalidInput("supervisor_id", f"no official {record.supervisor_id} within your scope")
        if principal.is_self(record.supervisor_id):
            raise InvalidInput("supervisor_id", "you cannot name yourself an official's supervisor")
        check_chain(session, user.id, record.supervisor_id)
    status = ProbationStatus(record.probation_status)
    if (
        status in (ProbationStatus.ON_PROBATION, ProbationStatus.EXTENDED)
        and record.probation_end_date is None
    ):
        raise InvalidInput("probation_end_date", f"is required while the status is {status.value}")
    if (
        record.probation_end_date
        and record.date_of_joining
        and record.probation_end_date < record.date_of_joining
    ):
        raise InvalidInput("probation_end_date", "cannot be before the date of joining")
    for f in fields(ServiceRecord):
        setattr(user, f.name, getattr(record, f.name))
    user.probation_status = status.value


def user_target_or_none(session: Session, user_id: uuid.UUID) -> Target | None:
    try:
        return user_target(session, user_id)
    except NotFound:
        return None


def get_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def position_of(session: Session, user: User) -> Position | None:
    return session.get(Position, user.position_id) if user.position_id else None


def list_users(
    session: Session, access: Access, organisation_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[User]:
    stmt = select(User).where(in_scope(User.organisation_id, access.paths))
    if organisation_id is not None:
        stmt = stmt.where(User.organisation_id == organisation_id)
    return paginate(session, stmt, User.id, cursor, limit)


def list_enrolments(session: Session, user_id: uuid.UUID, cursor: str | None, limit: int) -> Page[Enrolment]:
    return paginate(
        session, select(Enrolment).where(Enrolment.user_id == user_id), Enrolment.id, cursor, limit
    )


def checked_email(value: str, field: str) -> str:
    """An email address as stored (trimmed, lower case), or InvalidInput naming `field`."""
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(field, str(exc)) from None
    return value.strip().lower()

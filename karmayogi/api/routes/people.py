import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import EmailStr, Field
from sqlalchemy.orm import Session

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import Body, EnrolmentOut, Out, PageOut, page_out
from karmayogi.api.scopes import grant_scope, user_scope
from karmayogi.lms import grants, people
from karmayogi.lms.orm import User
from karmayogi.lms.people import ProbationStatus, ServiceRecord
from karmayogi.lms.permissions import PLATFORM_PATH, Access, Permission, Principal, Role, Target

router = APIRouter(tags=["people"])


class ServiceRecordFields(Body):
    position_id: uuid.UUID | None = None
    service: str | None = Field(None, max_length=120)
    cadre: str | None = Field(None, max_length=120)
    supervisor_id: uuid.UUID | None = None
    date_of_joining: date | None = None
    probation_status: ProbationStatus = ProbationStatus.NOT_APPLICABLE
    probation_end_date: date | None = None


class UserIn(ServiceRecordFields):
    organisation_id: uuid.UUID
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    password: str | None = Field(None, max_length=200)


class UserChanges(Body):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    is_active: bool | None = None
    position_id: uuid.UUID | None = None
    service: str | None = Field(None, max_length=120)
    cadre: str | None = Field(None, max_length=120)
    supervisor_id: uuid.UUID | None = None
    date_of_joining: date | None = None
    probation_status: ProbationStatus | None = None
    probation_end_date: date | None = None


class ServiceRecordOut(Out):
    position_id: uuid.UUID | None
    grade: str | None
    pay_level: int | None
    service: str | None
    cadre: str | None
    supervisor_id: uuid.UUID | None
    date_of_joining: date | None
    probation_status: ProbationStatus
    probation_end_date: date | None


class UserOut(Out):
    id: uuid.UUID
    email: str
    full_name: str
    organisation_id: uuid.UUID
    designation: str | None
    is_active: bool
    service_record: ServiceRecordOut | None = Field(
        None, description="present for the official, their supervisors and HR cells"
    )


class UserListItem(Out):
    id: uuid.UUID
    email: str
    full_name: str
    organisation_id: uuid.UUID
    is_active: bool


class GrantIn(Body):
    role: Role
    organisation_id: uuid.UUID | None = Field(None, description="omit for a platform-wide grant")


class GrantOut(Out):
    id: uuid.UUID
    user_id: uuid.UUID
    role: Role
    organisation_id: uuid.UUID | None
    granted_by: uuid.UUID | None
    created_at: datetime


def user_out(session: Session, principal: Principal, user: User, target: Target) -> UserOut:
    """The directory view for everyone in scope; the service record only for those entitled to it."""
    position = people.position_of(session, user)
    record = None
    if people.may_read_service_record(session, principal, target):
        record = ServiceRecordOut(
            position_id=user.position_id,
            grade=position.grade if position else None,
            pay_level=position.pay_level if position else None,
            service=user.service,
            cadre=user.cadre,
            supervisor_id=user.supervisor_id,
            date_of_joining=user.date_of_joining,
            probation_status=ProbationStatus(user.probation_status),
            probation_end_date=user.probation_end_date,
        )
    return UserOut(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        organisation_id=user.organisation_id,
        designation=position.designation if position else None,
        is_active=user.is_active,
        service_record=record,
    )


@router.get("/users", response_model=PageOut[UserListItem])
def list_users(
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_READ)],
    organisation_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(UserListItem, people.list_users(session, access, organisation_id, cursor, limit))


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(
    body: UserIn, session: SessionDep, access: Annotated[Access, require(Permission.PEOPLE_MANAGE)]
) -> object:
    record = ServiceRecord(**body.model_dump(include=set(ServiceRecordFields.model_fields)))
    user = people.create_user(
        session, access.principal, body.organisation_id, body.email, body.full_name, body.password, record
    )
    return user_out(session, access.principal, user, people.user_target(session, user.id))


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(
    user_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_READ, user_scope, owner_may=True)],
) -> object:
    assert access.target is not None
    return user_out(session, access.principal, people.get_user(session, user_id), access.target)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(
    user_id: uuid.UUID,
    body: UserChanges,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_MANAGE, user_scope)],
) -> object:
    assert access.target is not None
    user = people.update_service_record(
        session, access.principal, user_id, body.model_dump(exclude_unset=True)
    )
    return user_out(session, access.principal, user, access.target)


@router.get("/users/{user_id}/enrolments", response_model=PageOut[EnrolmentOut])
def list_enrolments(
    user_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.LEARNING_RECORDS_READ, user_scope, owner_may=True)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(EnrolmentOut, people.list_enrolments(session, user_id, cursor, limit))


@router.get("/users/{user_id}/grants", response_model=PageOut[GrantOut])
def list_grants(
    user_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.PEOPLE_READ, user_scope, owner_may=True)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    # Officials see all their own grants; others see those within their own reach.
    paths = [PLATFORM_PATH] if access.principal.is_self(user_id) else access.paths
    return page_out(GrantOut, grants.list_grants(session, paths, user_id, cursor, limit))


@router.post("/users/{user_id}/grants", response_model=GrantOut, status_code=201)
def grant_role(
    user_id: uuid.UUID,
    body: GrantIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.GRANTS_MANAGE, user_scope)],
) -> object:
    return grants.grant_role(session, access.principal, user_id, body.role, body.organisation_id)


@router.delete("/grants/{grant_id}", status_code=204)
def revoke_grant(
    grant_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.GRANTS_MANAGE, grant_scope)],
) -> None:
    grants.revoke_grant(session, access.principal, grant_id)

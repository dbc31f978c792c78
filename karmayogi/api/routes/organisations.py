import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import Body, Out, PageOut, page_out
from karmayogi.lms import organisations
from karmayogi.lms.orm.organisations import OrganisationKind
from karmayogi.lms.permissions import Access, Permission, Target

router = APIRouter(prefix="/organisations", tags=["organisations"])


class OrganisationIn(Body):
    kind: OrganisationKind
    name: str = Field(min_length=1, max_length=200)
    code: str | None = Field(None, max_length=32)
    parent_id: uuid.UUID | None = None


class OrganisationOut(Out):
    id: uuid.UUID
    kind: OrganisationKind
    name: str
    code: str | None
    parent_id: uuid.UUID | None
    created_at: datetime


def organisation_scope(organisation_id: uuid.UUID, session: SessionDep) -> Target:
    return organisations.organisation_target(session, organisation_id)


@router.get("", response_model=PageOut[OrganisationOut])
def list_organisations(
    session: SessionDep,
    access: Annotated[Access, require(Permission.ORGANISATIONS_READ)],
    parent_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(
        OrganisationOut, organisations.list_organisations(session, access, parent_id, cursor, limit)
    )


@router.get("/{organisation_id}", response_model=OrganisationOut)
def get_organisation(
    organisation_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.ORGANISATIONS_READ, organisation_scope)],
) -> object:
    return organisations.get_organisation(session, organisation_id)


@router.post("", response_model=OrganisationOut, status_code=201)
def create_organisation(
    body: OrganisationIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.ORGANISATIONS_MANAGE)],
) -> object:
    return organisations.create_organisation(
        session, access.principal, body.kind, body.name, body.code, body.parent_id
    )

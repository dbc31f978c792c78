import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import Body, Out, PageOut, page_out
from karmayogi.lms import api_clients
from karmayogi.lms.organisations import scoped_organisation
from karmayogi.lms.permissions import Access, Permission, Target

router = APIRouter(prefix="/api-clients", tags=["API clients"])


class ApiClientIn(Body):
    organisation_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)


class ApiClientOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    key: str
    created_at: datetime
    revoked_at: datetime | None


class NewApiClientOut(ApiClientOut):
    secret: str = Field(description="shown only in this response; store it now")


def api_client_scope(client_id: uuid.UUID, session: SessionDep) -> Target:
    return api_clients.api_client_target(session, client_id)


@router.post("", response_model=NewApiClientOut, status_code=201)
def create_api_client(
    body: ApiClientIn, session: SessionDep, access: Annotated[Access, require(Permission.API_CLIENTS_MANAGE)]
) -> object:
    scoped_organisation(session, access.principal, access.permission, body.organisation_id, "organisation_id")
    client, secret = api_clients.create_api_client(
        session, body.organisation_id, body.name, access.principal.id
    )
    return NewApiClientOut(**ApiClientOut.model_validate(client).model_dump(), secret=secret)


@router.get("", response_model=PageOut[ApiClientOut])
def list_api_clients(
    session: SessionDep,
    access: Annotated[Access, require(Permission.API_CLIENTS_MANAGE)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(ApiClientOut, api_clients.list_api_clients(session, access, cursor, limit))


@router.delete("/{client_id}", response_model=ApiClientOut)
def revoke_api_client(
    client_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.API_CLIENTS_MANAGE, api_client_scope)],
) -> object:
    return api_clients.revoke_api_client(session, client_id)

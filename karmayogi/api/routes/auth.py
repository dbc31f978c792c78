import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from karmayogi.api.deps import PrincipalDep, SessionDep, SettingsDep
from karmayogi.lms.authentication import login
from karmayogi.lms.permissions import PLATFORM_PATH, Role

router = APIRouter(tags=["authentication"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class RoleOut(BaseModel):
    role: Role
    scope: str  # the organisation path the role covers; "/" is the whole platform


class CallerOut(BaseModel):
    kind: str
    id: uuid.UUID
    organisation_id: uuid.UUID
    roles: list[RoleOut]


@router.post("/auth/token", response_model=TokenOut)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep, settings: SettingsDep
) -> TokenOut:
    """OAuth2 password flow: the username is the official's email."""
    token = login(session, settings, form.username, form.password)
    return TokenOut(access_token=token, expires_in=settings.token_ttl_seconds)


@router.get("/me", response_model=CallerOut)
def whoami(principal: PrincipalDep) -> CallerOut:
    """Who the credentials belong to and which roles they hold where: every caller may ask this."""
    return CallerOut(
        kind=principal.kind,
        id=principal.id,
        organisation_id=principal.organisation_id,
        roles=[RoleOut(role=r.role, scope=r.path or PLATFORM_PATH) for r in principal.roles],
    )

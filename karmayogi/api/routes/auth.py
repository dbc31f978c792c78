import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from karmayogi.api.deps import PrincipalDep, SettingsDep
from karmayogi.api.schemas import TokenOut
from karmayogi.lms.login_throttle import sign_in
from karmayogi.lms.permissions import PLATFORM_PATH, Role

router = APIRouter(tags=["authentication"])


class RoleOut(BaseModel):
    role: Role
    scope: str  # the organisation path the role covers; "/" is the whole platform


class CallerOut(BaseModel):
    kind: str
    id: uuid.UUID
    organisation_id: uuid.UUID
    roles: list[RoleOut]


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses={429: {"description": "sign-in paused after repeated failures; see Retry-After"}},
)
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, settings: SettingsDep
) -> TokenOut:
    """OAuth2 password flow: the username is the official's email. Repeated failures pause sign-in."""
    address = request.client.host if request.client else "unknown"
    app = request.app
    token = sign_in(app.state.database, settings, form.username, form.password, address, app.state.clock)
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

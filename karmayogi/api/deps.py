"""Request dependencies: the database session, the caller, and `require`, the one permission check."""

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from karmayogi.api.observability import note_caller
from karmayogi.lms.authentication import client_from_basic, user_from_token
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import levels
from karmayogi.lms.errors import NotFound, PermissionDenied, Unauthenticated
from karmayogi.lms.paging import MAX_LIMIT
from karmayogi.lms.permissions import Access, Permission, Principal, Target, reaches

_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
_basic = HTTPBasic(auto_error=False, realm="karmayogi")
bearer_scheme, basic_scheme = _bearer, _basic  # for the xAPI, which also takes cmi5 session tokens


FOLLOWED_PER_REQUEST = 200  # a request's own changed levels; a larger backlog is the projector's


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed before the response is sent, rolled back on any error.

    After a change that moved verified levels commits, their competency-level credentials follow,
    signed in transactions of their own, so the caller reads them in its next request."""
    database = request.app.state.database
    with database.transaction() as session:
        yield session
    if levels.noted(session):
        levels.follow_due_quietly(database, request.app.state.settings, FOLLOWED_PER_REQUEST)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_principal(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(_bearer)],
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> Principal:
    if token:
        principal = user_from_token(session, settings, token)
    elif basic:
        principal = client_from_basic(session, basic.username, basic.password)
    else:
        raise Unauthenticated("sign in with a bearer token, or an API key and secret over HTTP Basic")
    note_caller(principal.kind, principal.id)
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(
    permission: Permission,
    scope: Callable[..., Target] | None = None,
    *,
    owner_may: bool = False,
    caller: Callable[..., Principal] = current_principal,
) -> Any:
    """Check the caller before the route runs.

    Without `scope`, the caller must hold `permission` somewhere (else 403) and the route lists
    within `Access.paths`. With `scope`, a dependency that locates the named object, the caller
    must hold `permission` over it (or own it, when `owner_may`), as `permissions.reaches` rules:
    a supervisor's reading powers cover their reportees, a draft opens to its provider's staff
    only. Otherwise the answer is 404, exactly as for an object that does not exist, so nothing
    leaks across organisations. `caller` finds the principal: the API's credentials by default, the
    session cookie for web pages.
    """
    Caller = Annotated[Principal, Depends(caller)]
    if scope is None:

        def holds(principal: Caller) -> Access:
            if not principal.holds(permission):
                raise PermissionDenied(f"your roles do not include the permission {permission.value}")
            return Access(principal, permission)

        return Depends(holds)

    def over(principal: Caller, session: SessionDep, target: Annotated[Target, Depends(scope)]) -> Access:
        if not reaches(session, principal, permission, target, owner_may=owner_may):
            raise NotFound(target.what, target.id)
        return Access(principal, permission, target)

    return Depends(over)


def Limit() -> Any:
    return Query(50, ge=1, le=MAX_LIMIT, description="page size")


def Cursor() -> Any:
    return Query(None, max_length=1_000, description="`next_cursor` of the previous page")

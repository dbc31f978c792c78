"""Request dependencies: the database session, the caller, and `require`, the one permission check.

They run on the event loop (`async def`, or `on_the_loop`), though their work is synchronous: each
reads a row or two by index, while each hop to a worker thread costs the request two handovers of
the GIL, and under load a thread waits up to the switch interval for each. Five hops a request
tripled the p95 latency at 200 users (benchmarks/load.py). The route itself runs in a thread, and so
does the flush of what it left pending, which may wait on another transaction's row lock; the commit
after it waits on nobody. Nothing on the loop ever waits for another request, or two requests could
each hold what the other needs: a dependency that may wait (the xAPI's consistent-through point, say)
stays a plain `def`, in a thread.
"""

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
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


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed before the response is sent, rolled back on any error.

    After a change that moved verified levels commits, their competency-level credentials follow,
    signed in transactions of their own, so the caller reads them in its next request."""
    database = request.app.state.database
    session = database.sessions()
    try:
        yield session
    except BaseException:
        session.rollback()  # waits on nobody: safe on the loop
        raise
    else:
        if session.new or session.dirty or session.deleted:
            await run_in_threadpool(session.flush)  # a write may wait on another's row lock
        session.commit()  # what was written is written: a commit waits on nobody
        if levels.noted(session):
            settings = request.app.state.settings
            await run_in_threadpool(levels.follow_due_quietly, database, settings, FOLLOWED_PER_REQUEST)
    finally:
        session.close()


@functools.cache
def on_the_loop(dependency: Callable[..., Any]) -> Callable[..., Any]:
    """A synchronous dependency that only reads, run on the event loop rather than in a thread (see
    the module's note). FastAPI reads its parameters through the wrapper."""
    if inspect.iscoroutinefunction(dependency):
        return dependency

    @functools.wraps(dependency)
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return dependency(*args, **kwargs)

    return inline


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def principal_of(
    session: Session, settings: Settings, token: str | None, basic: HTTPBasicCredentials | None
) -> Principal:
    """The signed-in user behind a bearer token, or the API client behind a key and secret."""
    if token:
        principal = user_from_token(session, settings, token)
    elif basic:
        principal = client_from_basic(session, basic.username, basic.password)
    else:
        raise Unauthenticated("sign in with a bearer token, or an API key and secret over HTTP Basic")
    note_caller(principal.kind, principal.id)
    return principal


async def current_principal(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(_bearer)],
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> Principal:
    return principal_of(session, settings, token, basic)


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

        async def holds(principal: Caller) -> Access:
            if not principal.holds(permission):
                raise PermissionDenied(f"your roles do not include the permission {permission.value}")
            return Access(principal, permission)

        return Depends(holds)

    async def over(
        principal: Caller, session: SessionDep, target: Annotated[Target, Depends(on_the_loop(scope))]
    ) -> Access:
        if not reaches(session, principal, permission, target, owner_may=owner_may):
            raise NotFound(target.what, target.id)
        return Access(principal, permission, target)

    return Depends(over)


def Limit() -> Any:
    return Query(50, ge=1, le=MAX_LIMIT, description="page size")


def Cursor() -> Any:
    return Query(None, max_length=1_000, description="`next_cursor` of the previous page")

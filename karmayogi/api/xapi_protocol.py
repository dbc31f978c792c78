"""What every xAPI resource shares, beside the resources themselves: the version header (required,
short forms accepted), the caller (an API client over HTTP Basic, or a cmi5 AU with its session
token), the point its queries are consistent through, the version headers on every answer, and the
400 the specification asks for every bad request."""

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBasicCredentials
from sqlalchemy.orm import Session
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from karmayogi.api.deps import SessionDep, SettingsDep, basic_scheme, bearer_scheme, principal_of
from karmayogi.lms.cmi5 import launch
from karmayogi.lms.config import Settings
from karmayogi.lms.errors import Unauthenticated
from karmayogi.lms.permissions import Principal
from karmayogi.lms.xapi import emitting
from karmayogi.lms.xapi import statements as store


async def query_without_nul(request: Request) -> None:
    """Refuse U+0000 (%00) in the query string, which no parameter may hold and PostgreSQL cannot store."""
    if b"%00" in request.scope["query_string"]:
        raise HTTPException(status_code=400, detail="query parameters cannot contain U+0000 (%00)")


SUPPORTED = ("1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0")
# A version header of major.minor names the first patch (xAPI 1.0.3 §3.3 and 2.0 say so).
SHORT_VERSIONS = {"1.0": "1.0.0", "2.0": "2.0.0"}
# Where a route leaves its X-Experience-API-Consistent-Through for `VersionHeaders` to send.
THROUGH = "karmayogi.xapi.consistent_through"


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


async def xapi_version(
    version: Annotated[str | None, Header(alias="X-Experience-API-Version")] = None,
) -> str:
    if version is None:
        raise bad_request("the X-Experience-API-Version header is required")
    version = SHORT_VERSIONS.get(version, version)
    if version not in SUPPORTED and not (
        version.startswith("1.0.") and version[4:].isascii() and version[4:].isdigit()
    ):
        raise bad_request(
            f"X-Experience-API-Version {version!r} is not supported; this LRS speaks {', '.join(SUPPORTED)}"
        )
    return version


async def api_client(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(bearer_scheme)],
    basic: Annotated[HTTPBasicCredentials | None, Depends(basic_scheme)],
) -> Principal:
    """An API client over HTTP Basic, or a cmi5 AU with its session token (user `cmi5`): the token
    reaches its own session only, which `request.state.cmi5` carries to the routes. On the loop
    (see `deps`), except an AU's, whose first statement may make the platform's client: a write."""
    if basic is not None and basic.username == launch.TOKEN_USER:
        return await run_in_threadpool(_au_session, request, session, settings, basic.password)
    principal = principal_of(session, settings, token, basic)
    if principal.kind != "api_client":
        raise Unauthenticated("the xAPI takes an API client's key and secret over HTTP Basic")
    return principal


def _au_session(request: Request, session: Session, settings: Settings, token: str) -> Principal:
    """In a thread: the platform's client is made on first use."""
    grant = launch.grant_for_token(session, settings, token)
    request.state.cmi5 = grant
    return Principal(
        "au_session", emitting.platform_client(session, grant.organisation_id), grant.organisation_id, ()
    )


Version = Annotated[str, Depends(xapi_version)]
Client = Annotated[Principal, Depends(api_client)]


def _consistent_through(request: Request, session: Session, client: Principal, wait: bool) -> store.Settled:
    """The client's settled point, worked out before the route runs and left for `VersionHeaders`: its
    errors carry X-Experience-API-Consistent-Through too."""
    point = store.settled(session, client.organisation_id, wait)
    if THROUGH in request.scope:
        request.scope[THROUGH][0] = point.through
    return point


def settled(request: Request, session: SessionDep, client: Client) -> store.Settled:
    """Where the client's statements are settled: a statement query stops where the header promises."""
    return _consistent_through(request, session, client, wait=True)


def glance(request: Request, session: SessionDep, client: Client) -> store.Settled:
    """The point for a route that reads no statements (documents, activities, agents): as fresh as can
    be had without waiting on the batches in flight, so that such readers never hold up ingest."""
    return _consistent_through(request, session, client, wait=False)


Settled = Annotated[store.Settled, Depends(settled)]
Through = Depends(glance)


def version_headers(version: str) -> dict[str, str]:
    return {"X-Experience-API-Version": "2.0.0" if version.startswith("2.") else "1.0.3"}


class VersionHeaders:
    """Every /xapi response, errors included, says which version answered, and once the API client is
    known, how fresh its queries are (X-Experience-API-Consistent-Through).

    A request that names no version (which is refused, except at /about) is answered in the
    deployment's default version, KARMAYOGI_XAPI_DEFAULT_VERSION. Plain ASGI rather than an
    `@app.middleware`, which would copy every response body through an extra task and stream.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/xapi"):
            await self.app(scope, receive, send)
            return
        default = scope["app"].state.settings.xapi_default_version
        asked = Headers(scope=scope).get("X-Experience-API-Version", default)
        through: list[str | None] = [None]
        scope[THROUGH] = through

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in version_headers(asked).items():
                    headers.setdefault(name, value)
                if through[0] is not None:
                    headers.setdefault("X-Experience-API-Consistent-Through", through[0])
            await send(message)

        await self.app(scope, receive, send_with_headers)

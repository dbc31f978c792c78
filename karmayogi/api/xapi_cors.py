"""Cross-origin access to the LRS, so that content in a browser page can send and read statements.

Only the xAPI resources answer CORS, and only for the origins in the settings (the platform's own by
default). Credentials travel in the Authorization header the page sets, never in cookies, so no
origin is told it may send cookies. This sits outside the alternate request syntax middleware: a
preflight is answered before it could be taken for an alternate request, and the form POSTs that the
syntax exists for (simple requests, which need no preflight) get the CORS headers on their answers.
"""

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

XAPI_RESOURCES = frozenset(
    {
        "/xapi/about",
        "/xapi/statements",
        "/xapi/activities",
        "/xapi/activities/state",
        "/xapi/activities/profile",
        "/xapi/agents",
        "/xapi/agents/profile",
    }
)
METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS")
REQUEST_HEADERS = (
    "Authorization",
    "Content-Type",
    "X-Experience-API-Version",
    "If-Match",
    "If-None-Match",
    "Accept-Language",
)
RESPONSE_HEADERS = (
    "X-Experience-API-Consistent-Through",
    "X-Experience-API-Version",
    "ETag",
    "Last-Modified",
)


class XapiCors:
    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=METHODS,
            allow_headers=REQUEST_HEADERS,
            expose_headers=RESPONSE_HEADERS,
            max_age=3600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in XAPI_RESOURCES:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)

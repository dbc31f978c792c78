"""xAPI 1.0's alternate request syntax, turned into the ordinary request before routing.

A client that cannot send PUT, or custom headers, POSTs to `?method=PUT` (or GET, DELETE) with a
form whose fields are the headers, the query parameters and the `content`. This middleware
rewrites such a request into the one it stands for, so every route sees only ordinary requests.
"""

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

HEADER_FIELDS = (
    "Authorization",
    "X-Experience-API-Version",
    "Content-Type",
    "Content-Length",
    "If-Match",
    "If-None-Match",
)
METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
FORM = "application/x-www-form-urlencoded"


class AlternateRequestSyntax:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if scope["type"] != "http" or not scope["path"].startswith("/xapi") or "method" not in query:
            await self.app(scope, receive, send)
            return
        method = query.pop("method").upper()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        problem = None
        if scope["method"] != "POST":
            problem = "the alternate request syntax must be sent as a POST"
        elif method not in METHODS:
            problem = f"method={method} is not an HTTP method the xAPI uses"
        elif query:
            problem = f"{', '.join(sorted(query))}: send as form fields with the alternate request syntax"
        elif headers.get("content-type", "").split(";")[0].strip() != FORM:
            problem = f"the alternate request syntax needs a {FORM} body"
        if problem:
            await _bad_request(send, problem)
            return
        form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        for name in HEADER_FIELDS:
            if name in form:
                headers[name.lower()] = form.pop(name)
        if headers.get("x-experience-api-version", "").startswith("2."):
            await _bad_request(send, "xAPI 2.0 has no alternate request syntax; send the request itself")
            return
        content = form.pop("content", "").encode("utf-8")
        if content and headers.get("content-type", "").startswith(FORM):
            headers["content-type"] = "application/json"
        headers["content-length"] = str(len(content))
        rewritten = {
            **scope,
            "method": method,
            "query_string": urlencode(form).encode("latin-1"),
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        }
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": content, "more_body": False}

        await self.app(rewritten, replay, send)


async def _bad_request(send: Any, detail: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": "Bad request", "status": 400, "detail": detail}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-experience-api-version", b"1.0.3"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

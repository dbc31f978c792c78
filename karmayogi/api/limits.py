"""Limits at the edge: one body-size and JSON-depth limit for every route, checked before any parsing.

A body is counted as it streams in, whether it declares a Content-Length or comes chunked, so a
huge body is refused at the limit rather than after it has been read. A JSON body is then checked,
still as text, for nesting deeper than the limit (a parser would recurse until it crashed), for
U+0000 and lone surrogates (which no text column can store), and for integers beyond 64 bits (which
no integer column can store). Refusals are problem details naming the field: 413 for a body too
large, and for the rest 400 where the protocol requires it (the xAPI and the VC API's verify) and
422 elsewhere. Paths and query strings are held to the same rule for U+0000.
"""

from __future__ import annotations

import json
import re
from array import array
from itertools import accumulate
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from karmayogi.lms import jsontext
from karmayogi.lms.config import Settings

# Protocols whose specifications answer every bad request with 400.
BAD_REQUEST_PREFIXES = ("/xapi", "/credentials/verify")
DOCUMENT_PATHS = ("/xapi/activities/state", "/xapi/activities/profile", "/xapi/agents/profile")
STATEMENT_PATHS = ("/xapi/statements",)
IMPORT_PATHS = ("/api/v1/frac/imports", "/api/v1/question-banks/quml")
PACKAGE_PATHS = ("/api/v1/cmi5/packages", "/api/v1/cmi5/tracked", "/studio/upload")
FORM = "application/x-www-form-urlencoded"
INT64 = 2**63

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Brackets to +1 and -1 (as signed bytes), everything else dropped: the running sum is the depth.
_DEPTH_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# An escaped U+0000, or an escaped surrogate: the only ways either can reach a str through JSON.
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def nested_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether the JSON text opens more than `limit` arrays or objects inside one another."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    steps = array("b", brackets.translate(_DEPTH_STEP))
    return max(accumulate(steps), default=0) > limit


def _text_fault(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain U+0000 (NUL)"
    for char in text:
        if "\ud800" <= char <= "\udfff":
            return "must not contain a lone surrogate (U+D800 to U+DFFF)"
    return None


def first_fault(value: Any, path: str = "", integers: bool = True) -> tuple[str, str] | None:
    """The first place in a parsed JSON value that no column could store, and why.

    Integers beyond 64 bits are faults only where `integers` (the xAPI keeps them, as JSON text).
    """
    if isinstance(value, str):
        fault = _text_fault(value)
        return (path or "body", fault) if fault else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and integers:
        if not -INT64 <= value < INT64:
            return path or "body", "is beyond the range of a 64-bit integer"
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)  # type: ignore[assignment]
    else:
        return None
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and (fault := _text_fault(key)):
            return where, f"the name {fault}"
        if found := first_fault(item, where, integers):
            return found
    return None


class InputLimits:
    """ASGI middleware: refuse what no route should see before any route, or parser, sees it."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def body_limit(self, path: str) -> int:
        if path.startswith(DOCUMENT_PATHS):
            return self.settings.max_document_bytes
        if path.startswith(STATEMENT_PATHS):
            return self.settings.max_statements_bytes
        if path.startswith(IMPORT_PATHS):
            return self.settings.max_import_bytes
        if path.startswith(PACKAGE_PATHS):
            return self.settings.max_package_bytes
        return self.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        bad_status = 400 if path.startswith(BAD_REQUEST_PREFIXES) else 422
        if "\x00" in path:
            await self.refuse(scope, send, bad_status, "path", "must not contain U+0000 (NUL)")
            return
        query = scope.get("query_string", b"")
        if b"%00" in query:
            name = next((k for k, v in parse_qsl(query.decode("latin-1")) if "\x00" in k + v), "query")
            await self.refuse(scope, send, bad_status, name, "must not contain U+0000 (NUL)")
            return
        headers = Headers(scope=scope)
        limit = self.body_limit(path)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self.refuse(scope, send, 413, "body", f"is larger than this route's limit of {limit} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending the body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self.refuse(
                    scope, send, 413, "body", f"is larger than this route's limit of {limit} bytes"
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        fault = self.json_fault(path, headers.get("content-type", ""), query, body)
        if fault:
            await self.refuse(scope, send, bad_status, *fault)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def json_fault(self, path: str, content_type: str, query: bytes, body: bytes) -> tuple[str, str] | None:
        """What is wrong with a JSON body (or the JSON `content` of an alternate request), if anything."""
        if not body:
            return None
        media = content_type.split(";")[0].strip().lower()
        if media == FORM:
            if b"%00" in body:
                name = next((k for k, v in parse_qsl(body.decode("latin-1")) if "\x00" in k + v), "body")
                return name, "must not contain U+0000 (NUL)"
            if not (path.startswith("/xapi") and b"method=" in query):
                return None
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            body = form.get("content", "").encode("utf-8", "surrogatepass")
        elif media != "application/json" and not media.endswith("+json"):
            return None
        depth = self.settings.max_json_depth
        if nested_deeper_than(body, depth):
            return "body", f"nests arrays and objects more than {depth} deep"
        if path.startswith("/xapi"):
            return None  # xAPI JSON is the learner's to shape; the LRS validates statements itself
        if not _SUSPECT_ESCAPE.search(body) and not jsontext.has_long_number(body):
            return None
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return None  # not JSON: the route says so in its own words
        return first_fault(value)

    async def refuse(self, scope: Scope, send: Send, status: int, field: str, reason: str) -> None:
        """A problem detail, sent before the app has seen the request."""
        title = {400: "Bad request", 413: "Content too large", 422: "Invalid input"}[status]
        problem = {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": f"{field}: {reason}",
            "errors": [{"field": field, "reason": reason}],
        }
        body = json.dumps(problem).encode()
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            # The client may still be sending; it should not reuse this connection.
            (b"connection", b"close"),
        ]
        if scope["path"].startswith("/xapi"):
            asked = Headers(scope=scope).get("x-experience-api-version", self.settings.xapi_default_version)
            answered = b"2.0.0" if asked.startswith("2.") else b"1.0.3"
            headers.append((b"x-experience-api-version", answered))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

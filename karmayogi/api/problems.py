"""Every error leaves as `application/problem+json` (RFC 9457), naming the field and the reason."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from karmayogi.lms.backup import BackupError
from karmayogi.lms.config import ConfigurationError
from karmayogi.lms.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    SchemaOutOfDate,
    ServiceUnavailable,
    TooManyAttempts,
    Unauthenticated,
)
from karmayogi.lms.pdf_fonts import FontMissing
from karmayogi.lms.people_import import PeopleImportRejected
from karmayogi.lms.setup import AlreadySetUp
from karmayogi.lms.xapi.documents import DocumentConflict, DocumentError, DocumentNotFound, PreconditionFailed
from karmayogi.lms.xapi.errors import XapiBadRequest
from karmayogi.lms.xapi.statements import StatementConflict

log = logging.getLogger("karmayogi.api")

# An error takes the status of the nearest of its classes listed here.
STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    Unauthenticated: 401,
    PermissionDenied: 403,
    SchemaOutOfDate: 503,
    ServiceUnavailable: 503,
    # The xAPI's own rules: 400 for every bad request, and the document resources' statuses.
    XapiBadRequest: 400,
    StatementConflict: 409,
    DocumentError: 400,
    DocumentNotFound: 404,
    DocumentConflict: 409,
    PreconditionFailed: 412,
    FontMissing: 503,
    # Raised by operators' commands; mapped all the same, so that any face may show them.
    AlreadySetUp: 409,
    PeopleImportRejected: 422,
    BackupError: 409,
    ConfigurationError: 503,
    TooManyAttempts: 429,
}
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


def problem(
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extensions or {})  # RFC 9457 extension members a domain error carries
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = (
        [str(p) for p in loc[1:]]
        if loc and loc[0] in ("body", "query", "path", "header")
        else list(map(str, loc))
    )
    return ".".join(parts) or str(loc[0] if loc else "body")


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        field = _field(tuple(err.get("loc", ())))
        reason = "not valid JSON" if err.get("type") == "json_invalid" else err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            reason = "is not a known field"
        errors.append({"field": field, "reason": reason})
    # The xAPI answers every bad request with 400; the rest of the API uses 422 for a body it cannot accept.
    status = 400 if request.url.path.startswith("/xapi") else 422
    return problem(status, "; ".join(f"{e['field']}: {e['reason']}" for e in errors), errors)


def status_of(exc: DomainError) -> int:
    return next(STATUS[kind] for kind in type(exc).__mro__ if kind in STATUS)


def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    errors = [{"field": exc.field, "reason": exc.reason}] if isinstance(exc, InvalidInput) else None
    headers = {"WWW-Authenticate": 'Bearer, Basic realm="karmayogi"'} if status == 401 else None
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return problem(status, str(exc), errors, headers, getattr(exc, "extensions", None))


def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, str(exc.detail), headers=exc.headers)


def _database_away(request: Request, exc: Exception) -> JSONResponse:
    """The database is restarting or unreachable: nothing was written, and the client may retry."""
    assert isinstance(exc, DBAPIError)
    if not exc.connection_invalidated and not isinstance(exc, OperationalError):
        return _unexpected(request, exc)
    log.warning("the database is unreachable on %s %s: %s", request.method, request.url.path, exc.orig)
    return problem(503, "the database is unreachable for a moment; try again", headers={"Retry-After": "2"})


def busy() -> JSONResponse:
    """A burst beyond what a worker serves at once outlasted the pool's timeout; nothing was done."""
    return problem(503, "the platform is busy; try again in a moment", headers={"Retry-After": "1"})


def _database_busy(request: Request, _: Exception) -> JSONResponse:
    """Every pooled connection stayed taken for the pool's timeout."""
    log.warning("no database connection was free in time on %s %s", request.method, request.url.path)
    return busy()


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "an internal error occurred; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(DBAPIError, _database_away)
    app.add_exception_handler(PoolTimeout, _database_busy)
    app.add_exception_handler(Exception, _unexpected)

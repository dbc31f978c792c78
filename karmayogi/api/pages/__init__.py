"""The web portal: server-rendered pages beside the JSON API, one module per group of users."""

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from karmayogi.api.pages import (
    account,
    admin,
    assessments,
    content,
    frac,
    governance,
    hr,
    institution,
    learner,
    sevottam,
    studio,
    team,
    uploads,
)
from karmayogi.api.pages.web import N_, CsrfRefused, mark_page, redirect, render
from karmayogi.lms.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)
for module in (
    account,
    learner,
    assessments,
    content,
    team,
    uploads,
    studio,
    frac,
    institution,
    admin,
    hr,
    governance,
    sevottam,
):
    router.include_router(module.router)


def _error_page(request: Request, status: int, title: str, detail: str | None = None) -> Response:
    return render(request, "error.html", {"title": title, "detail": detail, "status": status}, status)


def install(app: FastAPI) -> None:
    """Mount the pages and answer their errors with HTML; every other route keeps its problem documents."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    api_domain = app.exception_handlers[DomainError]
    api_validation = app.exception_handlers[RequestValidationError]

    async def domain(request: Request, exc: Exception) -> Response:
        if not getattr(request.state, "page", False):
            return await _maybe_await(api_domain(request, exc))
        if isinstance(exc, Unauthenticated):
            target = request.url.path if request.method == "GET" else "/"
            return redirect("/" if target in ("/", "/home") else f"/?next={target}")
        if isinstance(exc, NotFound):
            return _error_page(
                request, 404, N_("Not found"), N_("There is no such page, or it is not yours to see.")
            )
        if isinstance(exc, PermissionDenied):
            return _error_page(request, 403, N_("Not allowed"), N_("Your roles do not open this page."))
        status = 409 if isinstance(exc, Conflict) else 422
        detail = str(exc) if isinstance(exc, InvalidInput | Conflict) else None
        return _error_page(request, status, N_("The request could not be done"), detail)

    async def validation(request: Request, exc: Exception) -> Response:
        if not getattr(request.state, "page", False):
            return await _maybe_await(api_validation(request, exc))
        # A malformed id in a page's path is, to its reader, a page that does not exist.
        return _error_page(
            request, 404, N_("Not found"), N_("There is no such page, or it is not yours to see.")
        )

    async def csrf(request: Request, _: Exception) -> Response:
        return _error_page(
            request, 403, N_("The form has expired"), N_("Go back, reload the page and send the form again.")
        )

    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(CsrfRefused, csrf)


async def _maybe_await(value: object) -> Response:
    if hasattr(value, "__await__"):
        value = await value  # type: ignore[misc]
    assert isinstance(value, Response)
    return value

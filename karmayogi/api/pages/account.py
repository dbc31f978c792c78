"""Sign-in, sign-out, change of password and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import (
    LANG_COOKIE,
    LANGUAGES,
    N_,
    SESSION_COOKIE,
    FormDep,
    Visitor,
    VisitorDep,
    current_visitor,
    field,
    redirect,
    render,
    safe_next,
    set_session_cookie,
)
from karmayogi.lms import web_sessions
from karmayogi.lms.errors import InvalidInput, Unauthenticated
from karmayogi.lms.permissions import Role

router = APIRouter()

PASSWORD_ERRORS = {
    "current_password": N_("This is not your current password."),
    "new_password": N_("Choose a new password of at least 10 characters, different from the current one."),
}


ROLE_HOMES = [
    (Role.PLATFORM_ADMIN, "/admin"),
    (Role.INSTITUTION_ADMIN, "/institution"),
    (Role.COMMISSION_ADMIN, "/institution"),
    (Role.HR_CELL, "/team"),
    (Role.CONTENT_REVIEWER, "/reviews"),
    (Role.CONTENT_CREATOR, "/studio"),
    (Role.FRAC_REVIEWER_L1, "/frac"),
    (Role.FRAC_REVIEWER_L2, "/frac"),
]


def home_for(visitor: Visitor) -> str:
    """Where an official lands after sign-in: learners on their learning, others on their role's section."""
    if visitor.has(Role.LEARNER):
        return "/home"
    return next((home for role, home in ROLE_HOMES if visitor.has(role)), "/home")


@router.get("/")
def sign_in_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    """Signed in: to the role's home. Otherwise the sign-in form (a stale cookie is dropped)."""
    if request.cookies.get(SESSION_COOKIE):
        try:
            return redirect(home_for(current_visitor(request, session)))
        except Unauthenticated:
            request.state.visitor = None
    response = render(request, "sign_in.html", {"next": safe_next(next), "errors": {}, "email": ""})
    return response


@router.post("/sign-in")
def sign_in(request: Request, session: SessionDep, form: FormDep) -> Response:
    email, password = field(form, "email"), form.get("password", "")
    next_page = safe_next(field(form, "next"))
    errors = {}
    if not email:
        errors["email"] = N_("Enter your email address.")
    if not isinstance(password, str) or not password:
        errors["password"] = N_("Enter your password.")
    if not errors:
        try:
            signed = web_sessions.sign_in(session, email, str(password))
        except Unauthenticated:
            errors["password"] = N_("The email or the password is wrong.")
    if errors:
        context = {"next": next_page, "errors": errors, "email": email}
        return render(request, "sign_in.html", context, status_code=422)
    principal = web_sessions.current(session, signed.token)[1]
    visitor = Visitor(signed.user, principal, signed.token, signed.user.full_name)
    response = redirect(next_page or home_for(visitor))
    set_session_cookie(request, response, signed.token)
    return response


@router.post("/sign-out")
def sign_out(request: Request, session: SessionDep, form: FormDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        web_sessions.sign_out(session, token)
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password")
def password_page(request: Request, visitor: VisitorDep, done: bool = False) -> Response:
    return render(request, "password.html", {"errors": {}, "done": done})


@router.post("/password")
def change_password(request: Request, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    current, new, again = (form.get(k, "") for k in ("current_password", "new_password", "repeat_password"))
    errors: dict[str, str] = {}
    if new != again:
        errors["repeat_password"] = N_("The two new passwords differ.")
    else:
        try:
            signed = web_sessions.change_password(session, visitor.user, str(current), str(new))
        except InvalidInput as exc:
            errors[exc.field] = PASSWORD_ERRORS.get(exc.field, str(exc))
    if errors:
        return render(request, "password.html", {"errors": errors, "done": False}, status_code=422)
    response = redirect("/password?done=1")
    set_session_cookie(request, response, signed.token)
    return response


@router.post("/language")
def choose_language(request: Request, form: FormDep) -> Response:
    """The choice is kept in a cookie for a year, signed in or not."""
    lang = field(form, "lang")
    response = redirect(safe_next(field(form, "next")) or "/")
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response

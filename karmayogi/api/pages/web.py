"""What every page shares: templates, the signed-in official, CSRF, the language, Indian dates and numbers.

Pages find their caller from the session cookie and then use the API's own `require`, scope
dependencies and `lms` services, so a page can show or change exactly what the JSON route can.
"""

from __future__ import annotations

import gettext
import hashlib
import hmac
import io
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.datastructures import FormData

from karmayogi.api.deps import SessionDep, SettingsDep, on_the_loop, require
from karmayogi.api.pages.labels import label
from karmayogi.lms import web_sessions
from karmayogi.lms.config import Settings
from karmayogi.lms.errors import InvalidInput, PermissionDenied, Unauthenticated
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import Permission, Principal, Role, Target

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = HERE / "templates"
LOCALES = HERE / "locale"
LANGUAGES = {"en": "English", "hi": "हिन्दी"}
BABEL_LOCALE = {"en": "en_IN", "hi": "hi_IN"}
SESSION_COOKIE = "ky_session"
ANON_COOKIE = "ky_anon"
LANG_COOKIE = "ky_lang"
INDIA = ZoneInfo("Asia/Kolkata")
MAX_FORM_FIELD = 10_000


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The language's catalogue, compiled in memory from the committed .po, so no build output is needed."""
    po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "en")
    return lang if lang in LANGUAGES else "en"


def indian_date(value: date | datetime | str | None, lang: str) -> str:
    """Written "5 December 2026" or "5 दिसंबर 2026"; times are shown in India's time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(INDIA).date()
    return format_date(value, "d MMMM y", locale=BABEL_LOCALE[lang])


def indian_datetime(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    return format_datetime(value.astimezone(INDIA), "d MMMM y, HH:mm", locale=BABEL_LOCALE[lang])


def indian_number(value: float | int, lang: str, digits: int = 0) -> str:
    """Lakh and crore grouping: 1,00,00,000."""
    pattern = "#,##,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALE[lang])


@cache
def stylesheet() -> Markup:
    """The site's small stylesheet, inlined: on a slow network one round trip fewer before the first paint."""
    return Markup((HERE / "static" / "site.css").read_text(encoding="utf-8"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


# --- who is signed in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """The signed-in official as a page sees them."""

    user: User
    principal: Principal
    token: str
    name: str  # kept apart from `user`, so an error page can show it after the transaction has ended

    def has(self, role: Role) -> bool:
        return any(r.role == role for r in self.principal.roles)


def current_visitor(request: Request, session: SessionDep) -> Visitor:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthenticated("sign in to see this page")
    user, principal = web_sessions.current(session, token)
    visitor = Visitor(user, principal, token, user.full_name)
    request.state.visitor = visitor
    return visitor


VisitorDep = Annotated[Visitor, Depends(on_the_loop(current_visitor))]


async def page_principal(visitor: VisitorDep) -> Principal:
    if visitor.principal.kind != "user":
        raise PermissionDenied("only officials use the portal")
    return visitor.principal


def page_require(
    permission: Permission, scope: Callable[..., Target] | None = None, *, owner_may: bool = False
) -> Any:
    """The API's own permission check, with the caller taken from the session cookie."""
    return require(permission, scope, owner_may=owner_may, caller=page_principal)


async def mark_page(request: Request) -> None:
    """Router dependency: errors on this request are answered as HTML pages, not problem documents."""
    request.state.page = True


# --- CSRF -----------------------------------------------------------------------------------------


def _csrf_basis(request: Request) -> str:
    """The cookie a token is bound to: the session's, or before sign-in a random one given to the browser."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        return "session:" + token
    anon = request.cookies.get(ANON_COOKIE) or getattr(request.state, "new_anon", None)
    if anon is None and request.method == "GET":
        anon = request.state.new_anon = secrets.token_urlsafe(24)
    return "anon:" + (anon or "")


def csrf_token(request: Request, secret: str) -> str:
    """Another site can neither read the cookie nor, therefore, compute the token."""
    return hmac.new(secret.encode(), _csrf_basis(request).encode(), hashlib.sha256).hexdigest()


class CsrfRefused(Exception):
    """A POST without a valid token: refused with 403 and nothing changed."""


async def _checked(request: Request, settings: Settings, max_files: int) -> FormData:
    """The posted form, after its CSRF token is checked against the one this browser was given."""
    form = await request.form(max_files=max_files, max_fields=200)
    basis = _csrf_basis(request)
    given = form.get("csrf_token")
    expected = csrf_token(request, settings.secret_key)
    if basis.endswith(":") or not isinstance(given, str) or not hmac.compare_digest(given, expected):
        raise CsrfRefused()
    for value in form.values():
        if isinstance(value, str) and (len(value) > MAX_FORM_FIELD or "\x00" in value):
            raise InvalidInput("form", f"a field is over {MAX_FORM_FIELD} characters or holds a NUL")
    return form


async def checked_form(request: Request, settings: SettingsDep) -> FormData:
    return await _checked(request, settings, 0)


async def checked_upload(request: Request, settings: SettingsDep) -> FormData:
    """A form that carries one file (multipart/form-data), checked as any other."""
    return await _checked(request, settings, 1)


FormDep = Annotated[FormData, Depends(checked_form)]
UploadDep = Annotated[FormData, Depends(checked_upload)]


def field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# --- rendering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str


def navigation(visitor: Visitor | None, _: Callable[[str], str]) -> list[NavLink]:
    """The sections this official's roles open, in the order most people need them."""
    if visitor is None:
        return []
    links = [
        NavLink("/home", _("My learning")),
        NavLink("/recommendations", _("Recommendations")),
        NavLink("/learning-path", _("Learning path")),
        NavLink("/catalogue", _("Catalogue")),
        NavLink("/passbook", _("Passbook")),
        NavLink("/level-tests", _("Level tests")),
        NavLink("/assessments", _("Assessments")),
        NavLink("/certificates", _("Certificates")),
        NavLink("/my/decisions", _("My decisions")),
        NavLink("/my/vacancies", _("Vacancy notices")),
    ]
    if visitor.has(Role.SUPERVISOR) or visitor.principal.holds(Permission.PEOPLE_MANAGE):
        links.append(NavLink("/team", _("My team")))
    if visitor.principal.holds(Permission.PEOPLE_MANAGE):
        links.append(NavLink("/hr", _("HR cell")))
    if visitor.principal.holds(Permission.COURSES_AUTHOR):
        links.append(NavLink("/studio", _("Studio")))
    if visitor.principal.holds(Permission.COURSES_REVIEW):
        links.append(NavLink("/reviews", _("Reviews")))
    if visitor.principal.holds(Permission.ASSESSMENTS_MARK):
        links.append(NavLink("/marking", _("Marking")))
    if visitor.principal.holds(Permission.GRIEVANCES_HANDLE) or visitor.principal.holds(
        Permission.GRIEVANCES_APPEALS
    ):
        links.append(NavLink("/sevottam/queue", _("Grievances")))
    if visitor.principal.holds(Permission.SEVOTTAM_ASSESS):
        links.append(NavLink("/sevottam/assessments", _("Sevottam ratings")))
    if visitor.principal.holds(Permission.FRAC_DRAFTS_READ):
        links.append(NavLink("/frac", _("FRAC")))
    if visitor.principal.holds(Permission.HARMONISATION_READ):
        links.append(NavLink("/institution", _("Harmonisation")))
    if visitor.principal.holds(Permission.GRANTS_MANAGE):
        links.append(NavLink("/admin", _("Administration")))
    links.extend(governance_links(visitor.principal, _))
    return links


def governance_links(principal: Principal, _: Callable[[str], str]) -> list[NavLink]:
    """Plans for department HR and the Commission; the Commission's desk; providers' KPIs; points."""
    links = []
    if principal.holds(Permission.PLANS_MANAGE) or principal.holds(Permission.PLANS_APPROVE):
        links.append(NavLink("/plans", _("Plans")))
    if principal.holds(Permission.PLANS_APPROVE):
        links.append(NavLink("/commission/priorities", _("Priorities")))
        links.append(NavLink("/commission/reports", _("Reports")))
    if principal.holds(Permission.KPIS_READ):
        links.append(NavLink("/commission/scorecards", _("Scorecards")))
        links.append(NavLink("/provider/kpis", _("Provider KPIs")))
    links.append(NavLink("/points", _("Points")))
    return links


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = language(request)
    tr = translations(lang)
    settings = request.app.state.settings
    visitor: Visitor | None = getattr(request.state, "visitor", None)
    values: dict[str, Any] = {
        "request": request,
        "_": tr.gettext,
        "ngettext": tr.ngettext,
        "lang": lang,
        "languages": LANGUAGES,
        "visitor": visitor,
        "nav": navigation(visitor, tr.gettext),
        "csrf": csrf_token(request, settings.secret_key),
        "fmt_date": lambda d: indian_date(d, lang),
        "fmt_datetime": lambda d: indian_datetime(d, lang),
        "fmt_number": lambda n, digits=0: indian_number(n, lang, digits),
        "here": request.url.path,
        "zip": zip,
        "stylesheet": stylesheet(),
        "label": lambda code: tr.gettext(label(code)),
    }
    values.update(context or {})
    html = environment().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    new_anon = getattr(request.state, "new_anon", None)
    if new_anon:
        response.set_cookie(
            ANON_COOKIE, new_anon, httponly=True, samesite="lax", secure=request.url.scheme == "https"
        )
    return response


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(web_sessions.SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def safe_next(value: str | None) -> str | None:
    """Only a path on this site, so the sign-in page cannot be used to send people elsewhere."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None

"""Single sign-on (OIDC code flow with PKCE) and the TOTP second factor.

The routes answer JSON and redirects; the web portal's pages put a "Sign in with …" button on
`/api/v1/auth/oidc/login` and a code prompt on `/api/v1/auth/totp`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Header, Query, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from karmayogi.api.deps import PrincipalDep, SessionDep, SettingsDep
from karmayogi.api.schemas import TokenOut
from karmayogi.lms import oidc, second_factor
from karmayogi.lms.authentication import access_token, complete_second_factor
from karmayogi.lms.errors import NotFound, Unauthenticated
from karmayogi.lms.orm import User
from karmayogi.lms.telemetry import security_event

router = APIRouter(tags=["authentication"])
SECOND_FACTOR = {401: {"description": "wrong credentials, or a second factor is due: `second_factor_token`"}}


class TotpIn(BaseModel):
    second_factor_token: str = Field(max_length=2000, description="from the 401 answer of the first factor")
    code: str = Field(max_length=12, description="the 6 digits the authenticator shows")


class PendingIn(BaseModel):
    second_factor_token: str = Field(max_length=2000)


class CodeIn(BaseModel):
    code: str = Field(max_length=12)


class EnrolmentOut(BaseModel):
    otpauth_uri: str = Field(description="for the authenticator app, usually shown as a QR code")


class AuthorisationOut(BaseModel):
    authorization_url: str = Field(description="where to send the browser; the flow cookie is set too")


@router.get(
    "/auth/oidc/login",
    response_model=AuthorisationOut,
    responses={302: {"description": "to the identity provider (browsers; JSON when Accept asks for it)"}},
)
def oidc_login(settings: SettingsDep, accept: Annotated[str, Header(max_length=1000)] = "") -> Response:
    """Send the browser to the identity provider; it comes back to /auth/oidc/callback."""
    url, flow = oidc.begin(settings)
    if "application/json" in accept and "text/html" not in accept:
        response: Response = JSONResponse({"authorization_url": url})
    else:
        response = RedirectResponse(url, status_code=302)
    response.set_cookie(
        oidc.COOKIE,
        flow,
        max_age=oidc.FLOW_SECONDS,
        path="/api/v1/auth/oidc",
        secure=settings.public_url.startswith("https://"),
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/auth/oidc/callback", response_model=TokenOut, responses=SECOND_FACTOR)
def oidc_callback(
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    code: Annotated[str | None, Query(max_length=2000)] = None,
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str | None, Query(max_length=200)] = None,
    flow: Annotated[str | None, Cookie(alias=oidc.COOKIE, max_length=4000)] = None,
) -> TokenOut:
    """The provider's answer: the platform's access token, or a 401 naming why (or the second factor due)."""
    if error or not code:
        security_event("sign_in_failed", method="oidc", reason=error or "no code")
        raise Unauthenticated(
            f"the identity provider did not sign you in: {error or 'no code in its answer'}"
        )
    user = oidc.finish(session, settings, code, state, flow)
    response.delete_cookie(oidc.COOKIE, path="/api/v1/auth/oidc")
    second_factor.gate(session, settings, user, "oidc")
    security_event("signed_in", method="oidc", user_id=user.id)
    return TokenOut(access_token=access_token(settings, user), expires_in=settings.token_ttl_seconds)


@router.post("/auth/totp", response_model=TokenOut, responses=SECOND_FACTOR)
def totp_sign_in(body: TotpIn, session: SessionDep, settings: SettingsDep) -> TokenOut:
    """Finish a sign-in with the authenticator's code (confirming the enrolment, on the first)."""
    token = complete_second_factor(session, settings, body.second_factor_token, body.code.strip())
    return TokenOut(access_token=token, expires_in=settings.token_ttl_seconds)


@router.post("/auth/totp/enrolment", response_model=EnrolmentOut, status_code=201)
def totp_enrol_at_sign_in(body: PendingIn, session: SessionDep, settings: SettingsDep) -> EnrolmentOut:
    """Enrol an authenticator during a sign-in that requires one; the first code then confirms it."""
    user, _ = second_factor.pending_user(session, settings, body.second_factor_token)
    return EnrolmentOut(otpauth_uri=second_factor.enrol(session, settings, user))


def _user(session: SessionDep, principal: PrincipalDep) -> User:
    user = session.get(User, principal.id) if principal.kind == "user" else None
    if user is None:
        raise NotFound("user", principal.id)
    return user


@router.post("/me/totp", response_model=EnrolmentOut, status_code=201)
def totp_enrol(session: SessionDep, settings: SettingsDep, principal: PrincipalDep) -> EnrolmentOut:
    """Enrol an authenticator for your own account; confirm it with a code at /me/totp/confirmation."""
    return EnrolmentOut(otpauth_uri=second_factor.enrol(session, settings, _user(session, principal)))


@router.post("/me/totp/confirmation", status_code=204, response_class=Response)
def totp_confirm(
    body: CodeIn, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Response:
    """Confirm your enrolment with the authenticator's first code; every later sign-in asks for one."""
    second_factor.verify(session, settings, _user(session, principal), body.code.strip())
    return Response(status_code=204)

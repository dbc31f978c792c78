"""Time-based one-time passwords (RFC 6238) as a second factor after a password or an OIDC sign-in.

An official who has confirmed a TOTP factor always gives a code; with KARMAYOGI_TOTP_REQUIRED, platform
admins and HR cells must, and one without a factor enrols before they get a token. Between the first
factor and the code the caller holds a short-lived token good for nothing else (its own audience).
The secret is stored encrypted under the platform's secret key, and no code is accepted twice.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta

import jwt
import pyotp
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, Unauthenticated
from karmayogi.lms.orm import Grant, SecondFactor, User
from karmayogi.lms.permissions import Role
from karmayogi.lms.telemetry import security_event

REQUIRED_FOR = frozenset({Role.PLATFORM_ADMIN.value, Role.HR_CELL.value})
PENDING_AUDIENCE = "karmayogi-second-factor"
PENDING_SECONDS = 300
ISSUER_NAME = "Karmayogi"


class SecondFactorRequired(Unauthenticated):
    """The first factor held; a TOTP code is due (after enrolment, where `enrol`)."""

    def __init__(self, pending_token: str, enrol: bool) -> None:
        what = (
            "enrol a TOTP authenticator, then give its code"
            if enrol
            else "give the code of your authenticator"
        )
        super().__init__(f"a second factor is required: {what}")
        self.extensions = {"second_factor_token": pending_token, "enrol": enrol}


def _fernet(settings: Settings) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"karmayogi second factor").derive(
        settings.secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _factor(session: Session, user_id: uuid.UUID) -> SecondFactor | None:
    return session.get(SecondFactor, user_id)


def required(session: Session, settings: Settings, user: User) -> bool:
    if not settings.totp_required:
        return False
    roles = session.scalars(select(Grant.role).where(Grant.user_id == user.id))
    return any(role in REQUIRED_FOR for role in roles)


def gate(session: Session, settings: Settings, user: User, method: str) -> None:
    """Raise SecondFactorRequired where USER must give a code before being signed in."""
    factor = _factor(session, user.id)
    confirmed = factor is not None and factor.confirmed_at is not None
    if confirmed or required(session, settings, user):
        now = utcnow()
        claims = {
            "aud": PENDING_AUDIENCE,
            "sub": str(user.id),
            "method": method,
            "iat": now,
            "exp": now + timedelta(seconds=PENDING_SECONDS),
            "jti": secrets.token_hex(8),
        }
        security_event("second_factor_due", method=method, user_id=user.id, enrol=not confirmed)
        raise SecondFactorRequired(jwt.encode(claims, settings.secret_key, algorithm="HS256"), not confirmed)


def pending_user(session: Session, settings: Settings, token: str) -> tuple[User, str]:
    """The official whose first factor the pending token vouches for, and how they gave it."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=["HS256"],
            audience=PENDING_AUDIENCE,
            options={"require": ["exp", "sub"]},
        )
        user = session.get(User, uuid.UUID(claims["sub"]))
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the second-factor token has expired; sign in again") from None
    except (jwt.InvalidTokenError, ValueError):
        raise Unauthenticated("the second-factor token is not valid") from None
    if user is None or not user.is_active:
        raise Unauthenticated("the account is no longer active")
    return user, str(claims.get("method", ""))


def enrol(session: Session, settings: Settings, user: User) -> str:
    """A new, unconfirmed secret for USER, as an otpauth:// URI for an authenticator app.

    Refused once a factor is confirmed: replacing it would let a stolen password replace the factor.
    """
    factor = _factor(session, user.id)
    if factor is not None and factor.confirmed_at is not None:
        raise Conflict("second_factor", "a TOTP authenticator is already confirmed for this account")
    secret = pyotp.random_base32()
    encrypted = _fernet(settings).encrypt(secret.encode()).decode()
    if factor is None:
        session.add(SecondFactor(user_id=user.id, secret=encrypted))
    else:
        factor.secret, factor.created_at, factor.last_step = encrypted, utcnow(), None
    session.flush()
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER_NAME)


def verify(session: Session, settings: Settings, user: User, code: str, now: datetime | None = None) -> None:
    """Accept CODE for USER once (confirming an enrolment), or raise naming the reason."""
    factor = session.get(SecondFactor, user.id, with_for_update=True)
    if factor is None:
        raise InvalidInput("code", "no TOTP authenticator is enrolled for this account; enrol first")
    if not (len(code) == 6 and code.isdigit()):
        raise InvalidInput("code", "must be the 6 digits the authenticator shows")
    totp = pyotp.TOTP(_fernet(settings).decrypt(factor.secret.encode()).decode())
    moment = now or utcnow()
    for drift in (0, -1, 1):  # a step either side allows for clocks a little apart
        at = moment + timedelta(seconds=drift * totp.interval)
        if secrets.compare_digest(totp.at(at), code):
            step = totp.timecode(at)
            if factor.last_step is not None and step <= factor.last_step:
                break
            factor.last_step = step
            if factor.confirmed_at is None:
                factor.confirmed_at = moment
                security_event("second_factor_enrolled", user_id=user.id)
            session.flush()
            return
    security_event("second_factor_failed", user_id=user.id)
    raise Unauthenticated("wrong or already used authenticator code")

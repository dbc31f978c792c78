"""Who is calling: officials by password and short-lived JWT, machines by API key and secret.

Tokens carry identity only (issuer, subject, expiry); roles are read from the grants on every
request, so a revoked grant takes effect at once. Single sign-on fits beside the local issuer:
an OIDC identity provider's tokens would be verified against its keys and their (issuer, subject)
mapped to a `User`, after which everything below is the same.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from collections.abc import Iterable
from datetime import timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms import second_factor
from karmayogi.lms.api_clients import secret_digest
from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Unauthenticated
from karmayogi.lms.orm import ApiClient, Grant, Organisation, User
from karmayogi.lms.permissions import PLATFORM_PATH, Principal, Role, ScopedRole
from karmayogi.lms.telemetry import security_event

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))
_AUDIENCE = "karmayogi-api"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Argon2id; the demo seed passes a salt derived from its seed so that its output is reproducible."""
    return _hasher.hash(password, salt=salt)


def authenticate(session: Session, email: str, password: str) -> User:
    """The active official with this email and password: API tokens and portal sessions both start here."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _UNKNOWN_USER_HASH, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or not user.is_active:
        security_event("sign_in_failed", method="password", email=email.strip().lower()[:320])
        raise Unauthenticated("wrong email or password")
    return user


def login(session: Session, settings: Settings, email: str, password: str) -> str:
    """A signed access token for the official with this email and password.

    Where a second factor is due (`second_factor.gate`), SecondFactorRequired instead, carrying a
    short-lived token that `second_factor.complete` exchanges with a TOTP code for the access token.
    """
    user = authenticate(session, email, password)
    second_factor.gate(session, settings, user, "password")
    security_event("signed_in", method="password", user_id=user.id)
    return access_token(settings, user)


def access_token(settings: Settings, user: User) -> str:
    """The platform's own bearer token for USER, whichever way they proved who they are."""
    now = utcnow()
    claims = {
        "iss": settings.token_issuer,
        "aud": _AUDIENCE,
        "sub": str(user.id),
        "iat": now,
        "exp": now + timedelta(seconds=settings.token_ttl_seconds),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def complete_second_factor(session: Session, settings: Settings, pending_token: str, code: str) -> str:
    """The access token, once the TOTP code checks out for the official the pending token names."""
    user, method = second_factor.pending_user(session, settings, pending_token)
    second_factor.verify(session, settings, user, code)
    security_event("signed_in", method=f"{method}+totp", user_id=user.id)
    return access_token(settings, user)


def user_from_token(session: Session, settings: Settings, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=["HS256"],
            audience=_AUDIENCE,
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "sub"]},
        )
        user_id = uuid.UUID(claims["sub"])
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the access token has expired; sign in again") from None
    except (jwt.InvalidTokenError, ValueError):
        raise Unauthenticated("the access token is not valid") from None
    # The account and its grants in one query, as every API request asks; no User is loaded, since
    # the session would not keep it for the route (its identity map holds objects weakly).
    rows = session.execute(
        select(User.is_active, User.organisation_id, Grant.role, Organisation.path)
        .outerjoin(Grant, Grant.user_id == User.id)
        .outerjoin(Organisation, Grant.organisation_id == Organisation.id)
        .where(User.id == user_id)
    ).all()
    if not rows or not rows[0].is_active:
        raise Unauthenticated("the account behind this token is no longer active")
    granted = [(row.role, row.path) for row in rows if row.role is not None]
    return Principal("user", user_id, rows[0].organisation_id, _roles(granted))


def user_principal(session: Session, user: User) -> Principal:
    rows = session.execute(
        select(Grant.role, Organisation.path)
        .outerjoin(Organisation, Grant.organisation_id == Organisation.id)
        .where(Grant.user_id == user.id)
    )
    return Principal("user", user.id, user.organisation_id, _roles(rows.all()))


def _roles(granted: Iterable[tuple[str, str | None]]) -> tuple[ScopedRole, ...]:
    """Each grant as a role scoped to its organisation's path; a platform grant has no organisation."""
    return tuple(ScopedRole(Role(role), path or PLATFORM_PATH) for role, path in granted)


def client_from_basic(session: Session, key: str, secret: str) -> Principal:
    """The API client, read with its organisation's path in one query: xAPI ingest asks on every request."""
    client = session.execute(
        select(
            ApiClient.id,
            ApiClient.organisation_id,
            ApiClient.secret_hash,
            ApiClient.revoked_at,
            Organisation.path,
        )
        .join(Organisation, Organisation.id == ApiClient.organisation_id)
        .where(ApiClient.key == key)
    ).first()
    if (
        client is None
        or client.revoked_at is not None
        or not hmac.compare_digest(client.secret_hash, secret_digest(secret))
    ):
        security_event("api_client_refused", key=key[:64])
        raise Unauthenticated("unknown API key or wrong secret")
    role = ScopedRole(Role.API_CLIENT, client.path)
    return Principal("api_client", client.id, client.organisation_id, (role,))

"""Browser sessions for the web portal: sign-in, the signed-in principal, sign-out and change of password.

The cookie holds a random token; the table holds its SHA-256 digest. A new token is issued at every
sign-in and change of password, so a session id planted before sign-in is worthless afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import authenticate, hash_password, user_principal
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, Unauthenticated
from karmayogi.lms.orm import User, WebSession
from karmayogi.lms.permissions import Principal

SESSION_TTL = timedelta(hours=12)
MIN_PASSWORD = 10
MAX_PASSWORD = 200


@dataclass(frozen=True)
class SignedIn:
    token: str  # goes into the cookie, never stored
    user: User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open(session: Session, user: User) -> SignedIn:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(WebSession(token_digest=_digest(token), user_id=user.id, expires_at=now + SESSION_TTL))
    session.flush()
    return SignedIn(token, user)


def sign_in(session: Session, email: str, password: str) -> SignedIn:
    """A fresh session for the official with this email and password."""
    return _open(session, authenticate(session, email, password))


def current(session: Session, token: str) -> tuple[User, Principal]:
    """The official behind a cookie token, with the roles they hold now; refused once revoked or expired."""
    row = session.scalar(select(WebSession).where(WebSession.token_digest == _digest(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise Unauthenticated("the session has ended; sign in again")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("the account behind this session is no longer active")
    return user, user_principal(session, user)


def sign_out(session: Session, token: str) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.token_digest == _digest(token), WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def change_password(session: Session, user: User, current_password: str, new_password: str) -> SignedIn:
    """Set a new password, end every session of the official, and open a new one for this browser."""
    try:
        authenticate(session, user.email, current_password)
    except Unauthenticated:
        raise InvalidInput("current_password", "is not your current password") from None
    if len(new_password) < MIN_PASSWORD:
        raise InvalidInput("new_password", f"must be at least {MIN_PASSWORD} characters")
    if len(new_password) > MAX_PASSWORD:
        raise InvalidInput("new_password", f"must be at most {MAX_PASSWORD} characters")
    if new_password == current_password:
        raise InvalidInput("new_password", "must differ from the current password")
    user.password_hash = hash_password(new_password)
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return _open(session, user)

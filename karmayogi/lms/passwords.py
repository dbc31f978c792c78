"""Setting a password with a single-use, expiring token: invitations of imported officials, and resets.

The token travels by mail; only its SHA-256 digest is stored. Redeeming one uses it and every other
open token of the same official. A wrong, used or expired token gets the same answer, so the
answer tells nothing about which accounts exist.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from karmayogi.lms import mail
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.orm import User
from karmayogi.lms.orm.people import PasswordToken
from karmayogi.lms.people import MIN_PASSWORD_LENGTH, checked_email

log = logging.getLogger(__name__)
MAX_PASSWORD_LENGTH = 256
SET_PASSWORD_PATH = "/set-password"


class TokenPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


@dataclass(frozen=True)
class IssuedToken:
    user: User
    token: str
    link: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, settings: Settings, user: User, purpose: TokenPurpose) -> IssuedToken:
    """A new token for `user`; the raw value is returned once and never stored."""
    ttl = (
        settings.invitation_ttl_seconds
        if purpose is TokenPurpose.INVITATION
        else settings.password_reset_ttl_seconds
    )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        PasswordToken(
            user_id=user.id,
            purpose=purpose.value,
            digest=_digest(token),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    session.flush()
    return IssuedToken(user, token, f"{settings.public_url}{SET_PASSWORD_PATH}?token={token}")


def redeem(session: Session, token: str, password: str) -> User:
    """Set the password the token allows, and use up every open token of that official."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput("password", f"must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    now = utcnow()
    row = session.scalar(
        select(PasswordToken).where(PasswordToken.digest == _digest(token)).with_for_update()
    )
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or row.used_at is not None or row.expires_at <= now or user is None or not user.is_active:
        raise InvalidInput("token", "is not valid: it may have been used already or have expired")
    user.password_hash = hash_password(password)
    session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    session.flush()
    return user


def invite(session: Session, settings: Settings, users: list[User]) -> list[IssuedToken]:
    """An invitation token for each official; the caller mails the links, or prints them."""
    return [issue(session, settings, user, TokenPurpose.INVITATION) for user in users]


def invitation_mail(settings: Settings, issued: IssuedToken) -> tuple[str, str]:
    body = (
        f"Dear {issued.user.full_name},\n\n"
        f"An account has been made for you on {settings.issuer_name}. Set your password here:\n\n"
        f"{issued.link}\n\n"
        f"The link works once and expires in {settings.invitation_ttl_seconds // 3600} hours. "
        f"Then sign in with this email address, {issued.user.email}.\n"
    )
    return "Set your password", body


def request_reset(session: Session, settings: Settings, email: str) -> None:
    """Mail a reset link to the official with this email, if there is one; say nothing either way."""
    if not settings.smtp_url:  # before the lookup, so the answer cannot tell registered addresses apart
        raise mail.MailNotConfigured("password reset by mail is not configured: set KARMAYOGI_SMTP_URL")
    address = checked_email(email, "email")
    user = session.scalar(select(User).where(User.email == address))
    if user is None or not user.is_active:
        log.info("password reset asked for an unknown or inactive address")
        return
    issued = issue(session, settings, user, TokenPurpose.RESET)
    minutes = settings.password_reset_ttl_seconds // 60
    body = (
        f"Dear {user.full_name},\n\nSomeone asked to reset your password on {settings.issuer_name}. "
        f"If it was you, set a new one here within {minutes} minutes:\n\n{issued.link}\n\n"
        "If it was not, ignore this mail: your password stays as it is.\n"
    )
    mail.send(settings, user.email, "Reset your password", body)


def officials_without_password(session: Session, user_ids: list[uuid.UUID] | None = None) -> list[User]:
    """Active officials who cannot sign in yet (imported, never invited or invitation unused)."""
    stmt = select(User).where(User.password_hash.is_(None), User.is_active.is_(True)).order_by(User.email)
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(user_ids))
    return list(session.scalars(stmt))

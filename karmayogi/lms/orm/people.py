"""Officials with their service record, the roles granted to them, and machine clients."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class User(Base):
    """An official. The service-record fields are what HR cells read for deployment and confirmation."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "probation_status in ('on_probation', 'extended', 'confirmed', 'not_applicable')",
            name="probation_status",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The HR system's key for the official (HRMS employee code); people imports match on it.
    employee_code: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    # use_alter: positions record who drafted them, so the two tables refer to each other.
    position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("position.id", use_alter=True), index=True
    )
    service: Mapped[str | None] = mapped_column(String(120))
    cadre: Mapped[str | None] = mapped_column(String(120))
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    date_of_joining: Mapped[date | None]
    probation_status: Mapped[str] = mapped_column(String(16), default="not_applicable")
    probation_end_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Grant(Base):
    """A role held over an organisation and everything under it; no organisation means the whole platform."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role", "organisation_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    granted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiClient(Base):
    """Key and secret for HTTP Basic, bound to one organisation (xAPI content, integrations)."""

    __tablename__ = "api_client"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class PasswordToken(Base):
    """A single-use, expiring right to set an official's password: an invitation or a reset.

    Only a digest of the token is kept, so a copy of the database cannot be used to take accounts.
    """

    __tablename__ = "password_token"
    __table_args__ = (CheckConstraint("purpose in ('invitation', 'reset')", name="purpose"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

"""cmi5 packages behind catalogue entries, registrations of learners, and the sessions of their AUs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class Cmi5Package(Base):
    """The course structure of an imported package, and where its files are kept (`storage_key`, empty
    when every AU is at an outside URL)."""

    __tablename__ = "cmi5_package"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), unique=True)
    course_iri: Mapped[str] = mapped_column(String(2000))
    structure: Mapped[dict[str, Any]] = mapped_column(JSON)
    storage_key: Mapped[str] = mapped_column(String(64), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Cmi5Registration(Base):
    """One learner's registration in one package; `au_status` holds, by AU id, what that AU has reached
    (completed, passed, waived, satisfied) and `satisfied` the blocks and course already satisfied."""

    __tablename__ = "cmi5_registration"
    __table_args__ = (UniqueConstraint("user_id", "package_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cmi5_package.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    au_status: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    satisfied: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Cmi5Session(Base):
    """One launch of one AU. The fetch URL's secret and the LRS token are kept as digests only."""

    __tablename__ = "cmi5_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    registration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cmi5_registration.id", ondelete="CASCADE"), index=True
    )
    au_id: Mapped[str] = mapped_column(String(2000))
    launch_mode: Mapped[str] = mapped_column(String(8), default="Normal")
    fetch_digest: Mapped[str] = mapped_column(String(64), unique=True)
    fetched_at: Mapped[datetime | None]
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None]
    launched_at: Mapped[datetime] = mapped_column(default=utcnow)
    preferences_read_at: Mapped[datetime | None]  # cmi5 §11: the AU reads them before "initialized"
    initialized_at: Mapped[datetime | None]
    # Which of completed, passed, failed the AU has said in this session.
    verdicts: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    terminated_at: Mapped[datetime | None]
    abandoned_at: Mapped[datetime | None]

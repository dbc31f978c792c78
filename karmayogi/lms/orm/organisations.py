"""The ministry → department → organisation tree."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class OrganisationKind(StrEnum):
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    ORGANISATION = "organisation"


class Organisation(Base):
    """A node of the tree. `path` lists the ids from the root down ("/m/d/o/"), so a scope is a prefix."""

    __tablename__ = "organisation"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        CheckConstraint("kind in ('ministry', 'department', 'organisation')", name="kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(32))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

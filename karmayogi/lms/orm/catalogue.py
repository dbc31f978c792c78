"""Providers and the courses they publish, tagged with the competencies they build."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class Provider(Base):
    """A content provider, registered as an organisation of the tree so its staff get scoped grants."""

    __tablename__ = "provider"
    __table_args__ = (
        CheckConstraint(
            "type in ('public_institute', 'university', 'startup', 'individual_expert')", name="type"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    accreditation: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("status in ('draft', 'in_review', 'published', 'retired')", name="status"),
        CheckConstraint("mode in ('online', 'onsite', 'blended')", name="mode"),
        CheckConstraint("price_paise >= 0", name="price"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("provider.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    learning_hours: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(8), default="en")
    mode: Mapped[str] = mapped_column(String(16), default="online")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    price_paise: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]


class CourseCompetency(Base):
    """A competency tag: suggested by the linker with a score, or confirmed by a person."""

    __tablename__ = "course_competency"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        CheckConstraint("status in ('suggested', 'confirmed')", name="status"),
    )

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competency.id"), primary_key=True, index=True
    )
    level: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    score: Mapped[float | None] = mapped_column(Float)
    frac_version: Mapped[int | None] = mapped_column(ForeignKey("frac_version.number"))

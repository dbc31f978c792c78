"""Providers, the catalogue entries they publish and their versions, tags, ratings and requests."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, LargeBinary, String, Text
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


class CourseContent:
    """What a provider writes and a reviewer vets: the same columns on a course and on each version.

    `outline` is the modules and their lessons; `parts` the ids of the published entries a program
    or pathway is made of, in order; `sessions` the on-site sessions of a blended program; `seats`
    the seats each department holds, by department id.
    """

    kind: Mapped[str] = mapped_column(String(24), default="course", server_default="course")
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    outline: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    resource_links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")
    parts: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    sessions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    seats: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, server_default="{}")
    learning_hours: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(8), default="en")
    mode: Mapped[str] = mapped_column(String(16), default="online")
    licence: Mapped[str] = mapped_column(String(100), default="", server_default="")
    price_paise: Mapped[int] = mapped_column(default=0)


CONTENT_FIELDS = tuple(CourseContent.__annotations__)


def content_checks() -> tuple[CheckConstraint, ...]:
    """The checks on the content columns, made afresh for each table that carries them."""
    return (
        CheckConstraint(
            "kind in ('course', 'program', 'curated_program', 'blended_program', 'assessment',"
            " 'learning_pathway')",
            name="kind",
        ),
        CheckConstraint("mode in ('online', 'onsite', 'blended')", name="mode"),
        CheckConstraint("price_paise >= 0", name="price"),
        CheckConstraint("learning_hours > 0", name="learning_hours"),
    )


class Course(CourseContent, Base):
    """A catalogue entry; its content columns hold the version learners see now (`version`).

    Newer versions in draft or review live in `course_version` until one is published, so the
    catalogue reads one row per entry.
    """

    __tablename__ = "course"
    __table_args__ = (
        *content_checks(),
        CheckConstraint("status in ('draft', 'in_review', 'published', 'retired')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("provider.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]


class CourseVersion(CourseContent, Base):
    """Every version of a course as written; a published one is never changed again."""

    __tablename__ = "course_version"
    __table_args__ = (
        *content_checks(),
        CheckConstraint("status in ('draft', 'in_review', 'published', 'superseded')", name="status"),
    )

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime | None]


class CatalogueEvent(Base):
    """The audit trail of every lifecycle step of a course version or a content request."""

    __tablename__ = "catalogue_event"
    __table_args__ = (Index(None, "subject", "subject_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    subject: Mapped[str] = mapped_column(String(16))  # "course" or "content_request"
    subject_id: Mapped[uuid.UUID]
    version: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


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
    confirmed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None]


class CourseRating(Base):
    """One rating per learner and course, which they may revise."""

    __tablename__ = "course_rating"
    __table_args__ = (CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),)

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    stars: Mapped[int]
    review: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentRequest(Base):
    """A department asks a provider for content it needs; the provider answers along the lifecycle."""

    __tablename__ = "content_request"
    __table_args__ = (
        CheckConstraint("status in ('open', 'accepted', 'delivered', 'declined')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("provider.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    competency_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    learners: Mapped[int | None]
    needed_by: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"))
    raised_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseEmbedding(Base):
    """A course's text as one encoder embeds it; `text_digest` tells a stale vector from a current one.

    Keyed by encoder name, so a new encoder embeds afresh beside the old and vectors never mix.
    """

    __tablename__ = "course_embedding"

    course_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    encoder: Mapped[str] = mapped_column(String(200), primary_key=True)
    encoder_version: Mapped[str] = mapped_column(String(64))
    text_digest: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, unit length
    embedded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogueRevision(Base):
    """A single counter, raised by every change that search sees, so warm indexes know to rebuild.

    The epoch is drawn when the row is created: a database emptied and filled again counts from 1
    again, and the epoch keeps its revisions apart from the old ones.
    """

    __tablename__ = "catalogue_revision"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number: Mapped[int] = mapped_column(default=0)
    epoch: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex, server_default="")

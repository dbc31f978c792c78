"""FRAC rows: the working copy of competencies, roles, activities and positions, with their review state,
and the immutable published versions of the whole framework."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class Reviewed:
    """Columns of a node that goes through the two-tier review (see `karmayogi.frac.review`)."""

    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    l1_reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class Competency(Reviewed, Base):
    """Behavioural and functional competencies are shared (no organisation); domain ones may belong to one."""

    __tablename__ = "competency"
    __table_args__ = (
        UniqueConstraint("organisation_id", "type", "name"),
        CheckConstraint("type in ('behavioural', 'functional', 'domain')", name="type"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(16))
    area: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    sub_theme: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    level_descriptors: Mapped[list[list[object]]] = mapped_column(JSON, default=list)
    alt_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    retired: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str | None] = mapped_column(String(400), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompetencyRelation(Base):
    """Prerequisite (the source comes before the target) or related."""

    __tablename__ = "competency_relation"
    __table_args__ = (CheckConstraint("kind in ('prerequisite', 'related')", name="kind"),)

    source_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competency.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competency.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)


class ProficiencyLevelRow(Base):
    """The working copy's proficiency scale; a published version carries its own copy."""

    __tablename__ = "proficiency_level"

    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(60))
    descriptor: Mapped[str] = mapped_column(Text)


class Role(Reviewed, Base):
    __tablename__ = "frac_role"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(String(400), index=True)


class Activity(Base):
    __tablename__ = "activity"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    role_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frac_role.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    knowledge_resources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class Position(Reviewed, Base):
    """A post in an organisation; its designation, grade and pay level belong to the post, not the person."""

    __tablename__ = "position"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    designation: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(32), default="")
    pay_level: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")


class PositionRole(Base):
    __tablename__ = "position_role"

    position_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("position.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("frac_role.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Requirement(Base):
    """A role or one of its activities needs a competency at a level, with an importance weight."""

    __tablename__ = "requirement"
    __table_args__ = (
        CheckConstraint("(role_id IS NULL) <> (activity_id IS NULL)", name="one_owner"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        CheckConstraint("weight > 0 AND weight <= 1", name="weight"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    role_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("frac_role.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"), index=True)
    level: Mapped[int]
    weight: Mapped[float] = mapped_column(Float)


class ReviewEvent(Base):
    """One audited transition of a FRAC node: who, when, from which state to which, and why."""

    __tablename__ = "frac_review_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    node_kind: Mapped[str] = mapped_column(String(16))
    node_id: Mapped[uuid.UUID] = mapped_column(index=True)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class FracVersion(Base):
    """A published framework: the verified nodes frozen as one native-JSON document, never updated.

    `digest` is the SHA-256 of the canonical document, checked on every read, so an edit made
    behind the application's back is detected rather than served.
    """

    __tablename__ = "frac_version"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, object]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompetencySuggestion(Base):
    """A competency the linker proposed for a role, and the reviewer's decision on it."""

    __tablename__ = "competency_suggestion"
    __table_args__ = (
        UniqueConstraint("role_id", "competency_id"),
        CheckConstraint("status in ('suggested', 'accepted', 'rejected')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    role_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frac_role.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    suggested_at: Mapped[datetime] = mapped_column(default=utcnow)

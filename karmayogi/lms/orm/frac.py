"""FRAC rows: competencies, roles with their activities, positions, and what each needs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class Competency(Base):
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Role(Base):
    __tablename__ = "frac_role"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Activity(Base):
    __tablename__ = "activity"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    role_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frac_role.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)


class Position(Base):
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

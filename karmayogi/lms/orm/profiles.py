"""The evidence log (append-only, hash-chained per officer) and the passbook ruled from it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow

SOURCES = (
    "course_completion",
    "assessment_result",
    "adaptive_test",
    "certificate",
    "supervisor_rating",
    "self_declaration",
    "peer_validation",
    "training_institute_report",
    "hr_confirmation",
)


class EvidenceRecord(Base):
    """One row of an officer's evidence; never updated, and on PostgreSQL never deleted either."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("user_id", "seq"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        CheckConstraint("source in (" + ", ".join(f"'{s}'" for s in SOURCES) + ")", name="source"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    seq: Mapped[int]
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"), index=True)
    level: Mapped[int]
    source: Mapped[str] = mapped_column(String(32))
    source_ref: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime]
    confidence: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ProfileLine(Base):
    """The officer's current level in one competency, as the rules gave it; recomputable from the log."""

    __tablename__ = "competency_profile"
    __table_args__ = (
        CheckConstraint("standing in ('verified', 'proposed', 'self_declared')", name="standing"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"), primary_key=True)
    level: Mapped[int]
    standing: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    evidence_ids: Mapped[list[str]] = mapped_column(JSON)
    proposed_level: Mapped[int | None]
    proposal_evidence_ids: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime]
    rules_version: Mapped[str] = mapped_column(String(16))


class RequirementSet(Base):
    """A position's requirements as (competency, level) in the FRAC's order: bit i of a mask is the
    i-th. Positions that need the same levels share one set, and its holders stay in `RequirementsMet`."""

    __tablename__ = "requirement_set"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    requirements: Mapped[list[list[str | int]]] = mapped_column(JSON)  # [[competency id, level], ...]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RequirementsMet(Base):
    """Which of a set's requirements an official meets at level on their verified passbook lines, as a
    bit mask; no row when none. Kept in step with the passbook in the same transaction, so a ranking
    reads an index in its order instead of summing every official's lines."""

    __tablename__ = "requirements_met"
    __table_args__ = (Index("ix_requirements_met_mask", "requirement_set_id", "mask", "user_id"),)

    requirement_set_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("requirement_set.id", ondelete="CASCADE"), primary_key=True
    )
    # No foreign key to the official: its check would lock each official's row while a set is filled,
    # against passbook writers that hold an official's row and wait for the fill. Officials are
    # deactivated, never deleted, and a ranking joins them.
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    mask: Mapped[int] = mapped_column(BigInteger)

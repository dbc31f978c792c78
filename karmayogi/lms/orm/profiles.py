"""The evidence log (append-only, hash-chained per officer) and the passbook ruled from it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base

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

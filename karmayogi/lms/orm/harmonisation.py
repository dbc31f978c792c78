"""Decisions on proposed harmonisation associations: append-only and hash-chained."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class AssociationDecision(Base):
    """A named person accepted or rejected one proposed pair, with a reason and the inputs they saw.

    Rows are never changed; a later decision on the same pair is a new row, and the newest one counts.
    Each row's hash covers the previous row's, so the log shows it is unaltered."""

    __tablename__ = "association_decision"
    __table_args__ = (
        CheckConstraint("decision in ('accepted', 'rejected')", name="decision"),
        CheckConstraint("kind in ('exactMatchOf', 'isRelatedTo')", name="kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    seq: Mapped[int] = mapped_column(unique=True)
    source_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    target_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    similarity: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

"""An official's learning history."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class Enrolment(Base):
    """Carries the learner's organisation so that a department's records are read without a join."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        CheckConstraint("status in ('in_progress', 'completed', 'withdrawn')", name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    # The version enrolled in: a learner finishes on it even after a newer one is published.
    course_version: Mapped[int] = mapped_column(default=1, server_default="1")
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    progress: Mapped[int] = mapped_column(default=0)
    # The sum of the durations xAPI statements report for the course (see karmayogi.lms.learning.projections).
    time_spent_seconds: Mapped[int] = mapped_column(default=0, server_default="0")
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    # The person who marked it completed by hand; None when the learner's own statements completed it.
    completed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

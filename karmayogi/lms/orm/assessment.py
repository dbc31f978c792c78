"""The question bank, assessments, attempts at them, adaptive level tests and how often items were shown."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class QuestionVersion(Base):
    """One version of a bank question as written; never changed, only retired, so old attempts still score.

    `document` is the whole question (key included) as `assessment.documents` writes it; the tags and
    IRT parameters are repeated as columns so pools and level tests are chosen by query.
    """

    __tablename__ = "question_version"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        Index(None, "competency_id", "level"),
    )

    question_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"))
    level: Mapped[int]
    bloom: Mapped[str] = mapped_column(String(16))
    irt_a: Mapped[float | None] = mapped_column(Float)
    irt_b: Mapped[float | None] = mapped_column(Float)
    irt_c: Mapped[float | None] = mapped_column(Float)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class Assessment(Base):
    """A form of an organisation's bank; `form` holds its sections, pass marks and attempt rules."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("status in ('draft', 'published')", name="status"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    competency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("competency.id"))
    level: Mapped[int | None]
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]


class AssessmentAttempt(Base):
    """One sitting of an officer; carries their organisation so HR cells read it within scope.

    `paper` names the exact question versions and option orders shown, so the attempt is scored as
    it was sat whatever happens to the bank afterwards.
    """

    __tablename__ = "assessment_attempt"
    __table_args__ = (
        UniqueConstraint("assessment_id", "user_id", "number"),
        CheckConstraint("state in ('open', 'submitted')", name="state"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[int]
    nonce: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime]
    deadline: Mapped[datetime]
    paper: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="open")
    submitted_at: Mapped[datetime | None]
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Short-text answers' marks by question id ({"fraction", "by", "at"}), and whether any still waits.
    marks: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    awaiting_marks: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)


class LevelTest(Base):
    """An officer's computerised adaptive test on one competency.

    `items` lists the questions given in order as {question_id, version, correct}; the last has
    `correct` null while its answer is awaited. The seed and the items are all it takes to replay it.
    """

    __tablename__ = "level_test"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        CheckConstraint("confidence BETWEEN 0 AND 1", name="confidence"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    theta: Mapped[float | None] = mapped_column(Float)
    se: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[datetime | None]
    level: Mapped[int | None]
    confidence: Mapped[float | None] = mapped_column(Float)


class QuestionExposure(Base):
    """How many level tests have shown a question, so the adaptive test can pass over overexposed ones."""

    __tablename__ = "question_exposure"

    question_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    shown: Mapped[int] = mapped_column(default=0)

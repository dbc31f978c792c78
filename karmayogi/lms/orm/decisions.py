"""Decisions about a person (cases and their hash-chained entries) and the probation rule sets."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow

KINDS = (
    "posting",
    "probation_confirmation",
    "plan_approval",
    "grievance_disposal",
    "penalty",
    "rating",
    "harmonisation_association",
)
STEPS = ("proposal", "decision", "appeal", "redecision")


class DecisionCase(Base):
    """One matter to decide about one person; never changed: its state is the last entry of its chain.

    `round_key` names the occasion (for probation, the end date under review), so the same
    matter is never opened twice, even by two requests at once.
    """

    __tablename__ = "decision_case"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id", "round_key"),
        CheckConstraint("kind in (" + ", ".join(f"'{k}'" for k in KINDS) + ")", name="kind"),
        CheckConstraint("appeal_days BETWEEN 0 AND 365", name="appeal_days"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    round_key: Mapped[str] = mapped_column(String(100))
    appeal_days: Mapped[int]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)


class DecisionEntry(Base):
    """One step of a case (proposal, decision, appeal, re-decision); append-only and hash-chained per case."""

    __tablename__ = "decision_entry"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        CheckConstraint("step in (" + ", ".join(f"'{s}'" for s in STEPS) + ")", name="step"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision_case.id"), index=True)
    seq: Mapped[int]
    step: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    recorded_at: Mapped[datetime]
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ProbationRuleSet(Base):
    """The confirmation rules for one service (and cadre) in an organisation and beneath it; versioned.

    A changed rule set is a new row with the next version; proposals name the version they used.
    """

    __tablename__ = "probation_rule_set"
    __table_args__ = (UniqueConstraint("organisation_id", "service", "cadre", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    service: Mapped[str] = mapped_column(String(120))
    cadre: Mapped[str] = mapped_column(String(120), default="")  # "" for every cadre of the service
    version: Mapped[int]
    rules: Mapped[dict[str, object]] = mapped_column(JSON)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Vacancy(Base):
    """A post to fill, with who may be considered: pay levels, services, tenure, and probation."""

    __tablename__ = "vacancy"
    __table_args__ = (CheckConstraint("status in ('open', 'filled')", name="status"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("position.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    pay_levels: Mapped[list[int]] = mapped_column(JSON)  # empty for any
    services: Mapped[list[str]] = mapped_column(JSON)  # empty for any
    not_on_probation: Mapped[bool] = mapped_column(default=True)
    # Months in the current post: at least the minimum, at most the maximum (None for no bound).
    min_tenure_months: Mapped[int | None]
    max_tenure_months: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, filled
    opened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

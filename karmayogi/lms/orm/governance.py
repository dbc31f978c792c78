"""Capacity-building governance: national priorities, annual plans and their assignments, the audit
of every plan transition, materialised KPI results, and the subscription ledger.

Priorities, plan events, KPI runs and ledger entries are append-only: a change is a new row.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow

PLAN_STATES = ("draft", "submitted", "approved", "live", "retired")
TARGET_KINDS = ("everyone", "designation", "official", "group")
LEDGER_KINDS = ("charge", "adjustment", "payment")


class NationalPriority(Base):
    """One competency in the Commission's national priorities for a year, at one version of the set.

    Setting the priorities again writes the whole set under the next version; the highest version
    of a year is in force, and earlier ones stay as the record of what was set and by whom.
    """

    __tablename__ = "national_priority"
    __table_args__ = (
        UniqueConstraint("year", "version", "competency_id"),
        CheckConstraint("weight > 0 AND weight <= 100", name="weight"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(index=True)
    version: Mapped[int]
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"))
    weight: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class CapacityBuildingPlan(Base):
    """A department's Annual Capacity Building Plan for a year, at one revision.

    A revision of a live plan is a new row (`revises_id` names the live one) that goes through
    approval again; the live one stays in force until the revision goes live and retires it.
    """

    __tablename__ = "capacity_building_plan"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "revision"),
        CheckConstraint("state in (" + ", ".join(f"'{s}'" for s in PLAN_STATES) + ")", name="state"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int]
    revision: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    revises_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("capacity_building_plan.id"))
    # The approval case of its latest submission; no foreign key, so this table does not wait on the
    # decisions migration wherever the two are applied.
    decision_case_id: Mapped[uuid.UUID | None] = mapped_column()
    # What the draft generator found and estimated, kept with the plan for the approver to read.
    basis: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanAssignment(Base):
    """A course a plan assigns, to whom (everyone, a designation, named officials, a group) and by when."""

    __tablename__ = "plan_assignment"
    __table_args__ = (
        CheckConstraint("target_kind in (" + ", ".join(f"'{k}'" for k in TARGET_KINDS) + ")", name="target"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("capacity_building_plan.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    designation: Mapped[str] = mapped_column(String(200), default="")  # for target_kind designation
    group_name: Mapped[str] = mapped_column(String(200), default="")  # for target_kind group
    member_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # officials, or the group's members
    due_on: Mapped[date]
    appraisal_linked: Mapped[bool] = mapped_column(default=False)


class PlanEvent(Base):
    """One transition of a plan (or edit of a draft), by whom and when; never changed."""

    __tablename__ = "plan_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("capacity_building_plan.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class KpiRun(Base):
    """One computation of the metrics for a year: when, by which runner, over which inputs' version."""

    __tablename__ = "kpi_run"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    year: Mapped[int] = mapped_column(index=True)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    inputs_version: Mapped[str] = mapped_column(String(64))
    registry_version: Mapped[str] = mapped_column(String(16))
    runner: Mapped[str] = mapped_column(String(32))
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class KpiValue(Base):
    """One metric's value for one subject (an official, a department, a provider...) in a run."""

    __tablename__ = "kpi_value"
    __table_args__ = (UniqueConstraint("run_id", "metric", "subject_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kpi_run.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(200))  # a uuid, a designation, or "platform"
    # The department the subject belongs to, for scoping reads; None for cross-department subjects.
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    value: Mapped[float] = mapped_column(Float)


class SubscriptionEntry(Base):
    """One row of a department's subscription account for a year; signed paise, never changed.

    A charge is headcount on the reference date x the fee; an adjustment corrects (either sign); a
    payment is recorded as a negative amount. The balance is the sum.
    """

    __tablename__ = "subscription_entry"
    __table_args__ = (
        CheckConstraint("kind in (" + ", ".join(f"'{k}'" for k in LEDGER_KINDS) + ")", name="kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    amount_paise: Mapped[int]
    headcount: Mapped[int | None]
    fee_paise: Mapped[int | None]
    reference_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

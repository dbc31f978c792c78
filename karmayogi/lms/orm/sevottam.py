"""Sevottam: services with their standards, citizen's charters, grievances and their history,
service transactions, and self-assessments. History rows are append-only: nothing here is deleted."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow

GROUNDS = ("charter", "functioning", "violation")


class SevottamSetting(Base):
    """An organisation's Sevottam settings: when the law commenced for it, its redressal period and week."""

    __tablename__ = "sevottam_setting"
    __table_args__ = (
        CheckConstraint("redressal_days BETWEEN 1 AND 30", name="redressal_days"),
        CheckConstraint("appeal_days BETWEEN 0 AND 365", name="appeal_days"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    commencement_date: Mapped[date | None]
    redressal_days: Mapped[int] = mapped_column(default=30)
    appeal_days: Mapped[int] = mapped_column(default=30)
    weekend_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [5, 6])  # Monday is 0
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class GazettedHoliday(Base):
    """A closed day on an organisation's working-day calendar."""

    __tablename__ = "gazetted_holiday"
    __table_args__ = (UniqueConstraint("organisation_id", "day"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(200))


class PublicService(Base):
    """A service an organisation renders to citizens, with its standard: time limit, fee, documents, and
    the designation answerable for it."""

    __tablename__ = "public_service"
    __table_args__ = (
        UniqueConstraint("organisation_id", "code"),
        CheckConstraint("time_limit_days BETWEEN 1 AND 365", name="time_limit_days"),
        CheckConstraint("fee_paise >= 0", name="fee_paise"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    name_hi: Mapped[str] = mapped_column(String(200), default="")
    time_limit_days: Mapped[int]
    fee_paise: Mapped[int] = mapped_column(default=0)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    responsible_designation: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CharterVersion(Base):
    """One published version of an organisation's Citizen's Charter; a change is a new version."""

    __tablename__ = "charter_version"
    __table_args__ = (UniqueConstraint("organisation_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, object]] = mapped_column(JSON)  # vision, commitments and services, frozen
    published_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class Grievance(Base):
    """A citizen's grievance. The citizen has no account: the secret link's hash is their key.

    The columns after `lodged_at` are where it stands now; every change to them is also a
    `GrievanceEvent`, so its history is kept whole.
    """

    __tablename__ = "grievance"
    __table_args__ = (
        CheckConstraint("ground in ('charter', 'functioning', 'violation')", name="ground"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    registration_number: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ground: Mapped[str] = mapped_column(String(16))
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("public_service.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    citizen_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(16))
    confirm_code_hash: Mapped[str] = mapped_column(String(64))
    contact_confirmed_at: Mapped[datetime | None]
    lodged_at: Mapped[datetime] = mapped_column(default=utcnow)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(
        String(16), default="open", index=True
    )  # open, disposed, appealed, closed
    escalation_level: Mapped[int] = mapped_column(default=0)  # 0 none, 1 reminded, 2 next level, 3 Commission
    disposal_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision_case.id"))
    disposed_at: Mapped[datetime | None]
    rating: Mapped[int | None]


class GrievanceEvent(Base):
    """One thing that happened to a grievance (lodged, routed, transferred, escalated, disposed...)."""

    __tablename__ = "grievance_event"
    __table_args__ = (UniqueConstraint("grievance_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    grievance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grievance.id"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ServiceTransaction(Base):
    """One application for a service and when (if yet) it was delivered, imported from the office's system."""

    __tablename__ = "service_transaction"
    __table_args__ = (UniqueConstraint("service_id", "reference"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("public_service.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    applied_on: Mapped[date]
    delivered_on: Mapped[date | None]
    working_days: Mapped[int | None]  # applied to delivered, on the organisation's calendar
    in_time: Mapped[bool | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class SelfAssessment(Base):
    """An organisation's self-assessment against one framework version, with evidence per criterion."""

    __tablename__ = "sevottam_self_assessment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    framework: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, object]] = mapped_column(JSON)  # criterion id -> {"score", "evidence"}
    submitted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    rating_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision_case.id"))
    credential_id: Mapped[uuid.UUID | None]
    credential: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the signed compliance certificate


class GrievanceLink(Base):
    """A competency a grievance's text points at, through a role of the service's responsible designation."""

    __tablename__ = "grievance_competency_link"
    __table_args__ = (UniqueConstraint("grievance_id", "competency_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    grievance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grievance.id"), index=True)
    competency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("competency.id"), index=True)
    role_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("frac_role.id"))
    score: Mapped[float]
    rank: Mapped[int]
    encoder: Mapped[str] = mapped_column(String(120))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = [
    "GROUNDS",
    "CharterVersion",
    "GazettedHoliday",
    "Grievance",
    "GrievanceEvent",
    "GrievanceLink",
    "PublicService",
    "SelfAssessment",
    "ServiceTransaction",
    "SevottamSetting",
]

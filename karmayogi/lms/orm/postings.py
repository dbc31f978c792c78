"""Postings (orders and the history of who held which position when), vacancy notices, and work allocation."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class PostingOrder(Base):
    """What a posting decision orders: the official to the position from a date; applied on that date."""

    __tablename__ = "posting_order"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision_case.id"), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancy.id"), index=True)
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("position.id"))
    from_position_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("position.id"))
    effective_on: Mapped[date] = mapped_column(index=True)
    applied_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PostingHistory(Base):
    """Who held which position, from a day up to (not including) another; the open row is the current post.

    `from_date` is None where the start is not known (a post held before the history was kept).
    """

    __tablename__ = "posting_history"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("position.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    from_date: Mapped[date | None]
    to_date: Mapped[date | None]
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posting_order.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VacancyNotice(Base):
    """A vacancy shown to an official who fits it (or could, after a little training)."""

    __tablename__ = "vacancy_notice"
    __table_args__ = (UniqueConstraint("vacancy_id", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancy.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    coverage: Mapped[float]
    hours_to_close: Mapped[float]
    sent_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AllocationOrder(Base):
    """An order assigning officials of an organisation to roles and activities: draft, published, archived."""

    __tablename__ = "allocation_order"
    __table_args__ = (CheckConstraint("status in ('draft', 'published', 'archived')", name="status"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]


class AllocationLine(Base):
    """One official to one role (and, optionally, one of its activities) under an order."""

    __tablename__ = "allocation_line"
    __table_args__ = (UniqueConstraint("order_id", "user_id", "role_id", "activity_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allocation_order.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    role_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frac_role.id"))
    activity_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activity.id"))


class Notification(Base):
    """A line in an official's portal: a vacancy that fits them, an order naming them."""

    __tablename__ = "hr_notification"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    subject: Mapped[str] = mapped_column(String(40))  # allocation_order, posting_order
    subject_id: Mapped[uuid.UUID]
    text: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

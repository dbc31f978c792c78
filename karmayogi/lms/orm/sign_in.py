"""Failed sign-ins, counted where every worker process of the server sees the same count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base


class LoginThrottle(Base):
    """Recent failures for one account (by email, known or not) or one network address, and any pause.

    Keys are SHA-256 digests, so the table holds neither the emails tried nor the addresses they came from.
    """

    __tablename__ = "login_throttle"
    __table_args__ = (CheckConstraint("kind in ('account', 'address')", name="kind"),)

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]

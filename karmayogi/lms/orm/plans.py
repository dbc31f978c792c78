"""Mandated learning: until capacity-building plans arrive, a department's list per designation."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base


class DesignationMandate(Base):
    """Officials of `designation` in the department (or beneath it) must finish `course_id` by `due_on`."""

    __tablename__ = "designation_mandate"
    __table_args__ = (UniqueConstraint("organisation_id", "designation", "course_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    designation: Mapped[str] = mapped_column(String(200))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"))
    due_on: Mapped[date]

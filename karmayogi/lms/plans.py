"""What an official is mandated to learn, and by when.

Today the source is each department's list per designation; the annual capacity-building plans
will fill the same `Mandate` rows from their own tables, and callers will not change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import Organisation, Position, User
from karmayogi.lms.orm.plans import DesignationMandate


@dataclass(frozen=True)
class Mandate:
    course_id: uuid.UUID
    due_on: date
    source: str  # where the mandate comes from, shown to the official


def mandates_for(session: Session, user: User) -> list[Mandate]:
    """The mandated courses of the official's designation, from their organisation and its parents."""
    if user.position_id is None:
        return []
    designation = session.scalar(select(Position.designation).where(Position.id == user.position_id))
    if designation is None:
        return []
    path = path_of(session, User, user.id, "user")
    ancestors = [uuid.UUID(part) for part in path.strip("/").split("/")]
    rows = session.execute(
        select(DesignationMandate.course_id, DesignationMandate.due_on, Organisation.name)
        .join(Organisation, Organisation.id == DesignationMandate.organisation_id)
        .where(
            DesignationMandate.organisation_id.in_(ancestors), DesignationMandate.designation == designation
        )
        .order_by(DesignationMandate.due_on, DesignationMandate.course_id)
    )
    return [
        Mandate(course_id, due_on, f"{name}: mandated for {designation}") for course_id, due_on, name in rows
    ]

"""Citizen's Charters: each publication freezes the organisation's services and commitments as a new
version, and the law's six-month publication deadline is tracked from the commencement date."""

from __future__ import annotations

import calendar as months
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.orm import CharterVersion
from karmayogi.lms.permissions import Principal
from karmayogi.lms.sevottam import services

PUBLICATION_MONTHS = 6
MAX_TEXT = 4_000


def add_months(day: date, n: int) -> date:
    """The same day n months on, or the month's last day where it is shorter (31 Aug + 6 = 28/29 Feb)."""
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PublicationDeadline:
    commencement: date | None
    due: date | None
    first_published: date | None
    state: str  # "not_set", "pending", "overdue", "on_time", "late"

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - date.today()).days


def deadline_state(
    commencement: date | None, first_published: date | None, today: date
) -> PublicationDeadline:
    if commencement is None:
        return PublicationDeadline(None, None, first_published, "not_set")
    due = add_months(commencement, PUBLICATION_MONTHS)
    if first_published is not None:
        state = "on_time" if first_published <= due else "late"
    else:
        state = "pending" if today <= due else "overdue"
    return PublicationDeadline(commencement, due, first_published, state)


def publication_deadline(session: Session, organisation_id: uuid.UUID, today: date) -> PublicationDeadline:
    first = session.scalar(
        select(func.min(CharterVersion.published_at)).where(CharterVersion.organisation_id == organisation_id)
    )
    commencement = services.settings_of(session, organisation_id).commencement_date
    return deadline_state(commencement, first.date() if first else None, today)


def publish(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    *,
    vision: str,
    vision_hi: str,
    commitments: str = "",
    commitments_hi: str = "",
) -> CharterVersion:
    """A new version with today's services and standards frozen into it; the older ones stay readable."""
    org = services.require_manager(session, principal, organisation_id)
    texts = {
        "vision": vision,
        "vision_hi": vision_hi,
        "commitments": commitments,
        "commitments_hi": commitments_hi,
    }
    for name, value in texts.items():
        if len(value) > MAX_TEXT:
            raise InvalidInput(name, f"at most {MAX_TEXT} characters")
    if not vision.strip():
        raise InvalidInput("vision", "a charter states its vision and mission")
    if not vision_hi.strip():
        raise InvalidInput("vision_hi", "the charter is published in Hindi as well")
    offered = services.services_of(session, organisation_id)
    if not offered:
        raise InvalidInput("services", "define at least one service before publishing the charter")
    setting = services.settings_of(session, organisation_id)
    content = {
        "organisation": org.name,
        **{k: v.strip() for k, v in texts.items()},
        "redressal_days": setting.redressal_days,
        "services": [
            {
                "id": str(s.id),
                "code": s.code,
                "name": s.name,
                "name_hi": s.name_hi,
                "time_limit_days": s.time_limit_days,
                "fee_paise": s.fee_paise,
                "documents": list(s.documents),
                "responsible_designation": s.responsible_designation,
            }
            for s in offered
        ],
    }
    # The unique (organisation, version) pair turns two publications at once into a refusal, not a fork.
    latest = session.scalar(
        select(func.max(CharterVersion.version)).where(CharterVersion.organisation_id == organisation_id)
    )
    row = CharterVersion(
        organisation_id=organisation_id, version=(latest or 0) + 1, content=content, published_by=principal.id
    )
    session.add(row)
    session.flush()
    return row


def versions(session: Session, organisation_id: uuid.UUID) -> list[CharterVersion]:
    return list(
        session.scalars(
            select(CharterVersion)
            .where(CharterVersion.organisation_id == organisation_id)
            .order_by(CharterVersion.version.desc())
        )
    )


def version(session: Session, organisation_id: uuid.UUID, number: int | None = None) -> CharterVersion:
    """The version asked for, or the newest; NotFound when the organisation has published none."""
    query = select(CharterVersion).where(CharterVersion.organisation_id == organisation_id)
    query = (
        query.where(CharterVersion.version == number)
        if number
        else query.order_by(CharterVersion.version.desc())
    )
    found = session.scalars(query.limit(1)).first()
    if found is None:
        raise NotFound("charter", organisation_id)
    return found

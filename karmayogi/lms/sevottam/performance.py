"""Service-delivery performance: transactions imported from the office's own system, measured against each
service's time limit on the organisation's working-day calendar, beside the grievances about it."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.orm import Grievance, PublicService, ServiceTransaction
from karmayogi.lms.sevottam import services
from karmayogi.lms.sevottam.calendar import WorkingCalendar

COLUMNS = ("organisation_id", "service_code", "reference", "applied_on", "delivered_on")
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class ServicePerformance:
    service_id: uuid.UUID
    code: str
    name: str
    time_limit_days: int
    transactions: int
    delivered: int
    in_time: int
    grievances: int
    redressed: int
    mean_redress_working_days: float | None

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.delivered if self.delivered else None

    @property
    def grievances_per_thousand(self) -> float | None:
        return 1000 * self.grievances / self.transactions if self.transactions else None


def _day(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "is not a date (YYYY-MM-DD)") from None


def import_csv(
    session: Session, text: str, check_organisation: Callable[[uuid.UUID], None] | None = None
) -> int:
    """All rows or none: a bad row is refused naming its line and column; a known reference is updated
    only in its delivery (a late delivery date arriving after the application)."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or set(COLUMNS) - set(reader.fieldnames):
        raise InvalidInput("file", f"the header must name: {', '.join(COLUMNS)}")
    cache: dict[tuple[str, str], PublicService] = {}
    calendars: dict[uuid.UUID, WorkingCalendar] = {}
    rows: list[dict[str, object]] = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            raise InvalidInput("file", f"at most {MAX_ROWS} rows in one import")
        key = (raw["organisation_id"].strip(), raw["service_code"].strip().upper())
        if key not in cache:
            try:
                org = uuid.UUID(key[0])
            except ValueError:
                raise InvalidInput(f"line {line}.organisation_id", "is not an id") from None
            found = session.scalar(
                select(PublicService).where(
                    PublicService.organisation_id == org, PublicService.code == key[1]
                )
            )
            if found is None:
                raise InvalidInput(f"line {line}.service_code", "is not a service of the organisation")
            if check_organisation is not None:
                check_organisation(org)
            cache[key] = found
        service = cache[key]
        reference = raw["reference"].strip()
        if not reference or len(reference) > 64:
            raise InvalidInput(f"line {line}.reference", "1 to 64 characters")
        applied = _day(raw["applied_on"], f"line {line}.applied_on")
        delivered = _day(raw["delivered_on"], f"line {line}.delivered_on")
        if applied is None:
            raise InvalidInput(f"line {line}.applied_on", "is required")
        if delivered is not None and delivered < applied:
            raise InvalidInput(f"line {line}.delivered_on", "is before the application")
        if service.organisation_id not in calendars:
            calendars[service.organisation_id] = services.calendar_of(session, service.organisation_id)
        taken = (
            calendars[service.organisation_id].working_days_between(applied, delivered) if delivered else None
        )
        rows.append(
            {
                "service": service,
                "reference": reference,
                "applied_on": applied,
                "delivered_on": delivered,
                "working_days": taken,
                "in_time": None if taken is None else taken <= service.time_limit_days,
            }
        )
    for row in rows:
        service = row.pop("service")
        assert isinstance(service, PublicService)
        existing = session.scalar(
            select(ServiceTransaction).where(
                ServiceTransaction.service_id == service.id, ServiceTransaction.reference == row["reference"]
            )
        )
        if existing is None:
            session.add(ServiceTransaction(service_id=service.id, **row))
        else:
            existing.delivered_on = row["delivered_on"]  # type: ignore[assignment]
            existing.working_days = row["working_days"]  # type: ignore[assignment]
            existing.in_time = row["in_time"]  # type: ignore[assignment]
    session.flush()
    return len(rows)


def of_organisation(session: Session, organisation_id: uuid.UUID) -> list[ServicePerformance]:
    calendar = services.calendar_of(session, organisation_id)
    found = []
    for service in services.services_of(session, organisation_id):
        total, delivered, in_time = session.execute(
            select(
                func.count(ServiceTransaction.id),
                func.count(ServiceTransaction.delivered_on),
                func.count(ServiceTransaction.id).filter(ServiceTransaction.in_time.is_(True)),
            ).where(ServiceTransaction.service_id == service.id)
        ).one()
        disposed = session.execute(
            select(Grievance.lodged_at, Grievance.disposed_at).where(Grievance.service_id == service.id)
        ).all()
        redress = [calendar.working_days_between(a.date(), b.date()) for a, b in disposed if b is not None]
        found.append(
            ServicePerformance(
                service_id=service.id,
                code=service.code,
                name=service.name,
                time_limit_days=service.time_limit_days,
                transactions=total,
                delivered=delivered,
                in_time=in_time,
                grievances=len(disposed),
                redressed=len(redress),
                mean_redress_working_days=sum(redress) / len(redress) if redress else None,
            )
        )
    return found

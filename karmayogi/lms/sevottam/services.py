"""An organisation's services with their standards, its Sevottam settings and its working-day calendar."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.orm import GazettedHoliday, Organisation, PublicService, SevottamSetting
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.sevottam.calendar import DEFAULT_WEEKEND, WorkingCalendar

MAX_REDRESSAL_DAYS = 30  # the law's limit; an organisation may promise less
MAX_FEE_PAISE = 10_000_000_00  # one crore rupees
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")


@dataclass(frozen=True)
class ServiceStandard:
    """What a service promises, as the public and the checks read it."""

    code: str
    name: str
    name_hi: str
    time_limit_days: int
    fee_paise: int
    documents: tuple[str, ...]
    responsible_designation: str


def organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation", organisation_id)
    return org


def require_manager(session: Session, principal: Principal, organisation_id: uuid.UUID) -> Organisation:
    org = organisation(session, organisation_id)
    if not principal.can(Permission.SERVICES_MANAGE, org.path):
        raise PermissionDenied("managing services and charters needs sevottam:services over the organisation")
    return org


def settings_of(session: Session, organisation_id: uuid.UUID) -> SevottamSetting:
    """The organisation's settings, or the defaults (30 working days, Saturday and Sunday off) unsaved."""
    found = session.get(SevottamSetting, organisation_id)
    return found or SevottamSetting(
        organisation_id=organisation_id,
        commencement_date=None,
        redressal_days=MAX_REDRESSAL_DAYS,
        appeal_days=30,
        weekend_days=sorted(DEFAULT_WEEKEND),
    )


def calendar_of(session: Session, organisation_id: uuid.UUID) -> WorkingCalendar:
    holidays = session.scalars(
        select(GazettedHoliday.day).where(GazettedHoliday.organisation_id == organisation_id)
    )
    return WorkingCalendar.of(settings_of(session, organisation_id).weekend_days, holidays)


def configure(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    *,
    commencement_date: date | None,
    redressal_days: int = MAX_REDRESSAL_DAYS,
    appeal_days: int = 30,
    weekend_days: list[int] | None = None,
) -> SevottamSetting:
    require_manager(session, principal, organisation_id)
    if not 1 <= redressal_days <= MAX_REDRESSAL_DAYS:
        raise InvalidInput("redressal_days", f"must be from 1 to {MAX_REDRESSAL_DAYS} working days")
    if not 0 <= appeal_days <= 365:
        raise InvalidInput("appeal_days", "must be from 0 (no appeal) to 365 days")
    weekend = sorted(set(weekend_days if weekend_days is not None else DEFAULT_WEEKEND))
    try:
        WorkingCalendar.of(weekend, [])
    except ValueError as exc:
        raise InvalidInput("weekend_days", str(exc)) from None
    row = session.get(SevottamSetting, organisation_id) or SevottamSetting(organisation_id=organisation_id)
    row.commencement_date = commencement_date
    row.redressal_days = redressal_days
    row.appeal_days = appeal_days
    row.weekend_days = weekend
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def add_holiday(
    session: Session, principal: Principal, organisation_id: uuid.UUID, day: date, name: str
) -> GazettedHoliday:
    require_manager(session, principal, organisation_id)
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("name", "a holiday needs a name of at most 200 characters")
    exists = session.scalar(
        select(GazettedHoliday).where(
            GazettedHoliday.organisation_id == organisation_id, GazettedHoliday.day == day
        )
    )
    if exists:
        raise Conflict("day", f"{day.isoformat()} is already a holiday ({exists.name})")
    row = GazettedHoliday(organisation_id=organisation_id, day=day, name=name)
    session.add(row)
    session.flush()
    return row


def _text(value: str, field: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(field, "is required")
    if len(value) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    return value


def checked_standard(
    code: str,
    name: str,
    time_limit_days: int,
    responsible_designation: str,
    fee_paise: int = 0,
    documents: list[str] | None = None,
    name_hi: str = "",
) -> ServiceStandard:
    """A service's standard after checking every field, each refusal naming the field."""
    code = code.strip().upper()
    if not CODE.match(code):
        raise InvalidInput("code", "1 to 32 letters, digits or hyphens")
    if not isinstance(time_limit_days, int) or not 1 <= time_limit_days <= 365:
        raise InvalidInput("time_limit_days", "must be a whole number of working days from 1 to 365")
    if not isinstance(fee_paise, int) or not 0 <= fee_paise <= MAX_FEE_PAISE:
        raise InvalidInput("fee_paise", "must be whole paise from 0 to one crore rupees")
    docs = tuple(_text(d, f"documents[{i}]", 200) for i, d in enumerate(documents or []))
    if len(docs) > 50:
        raise InvalidInput("documents", "at most 50 documents")
    return ServiceStandard(
        code=code,
        name=_text(name, "name", 200),
        name_hi=_text(name_hi, "name_hi", 200, required=False),
        time_limit_days=time_limit_days,
        fee_paise=fee_paise,
        documents=docs,
        responsible_designation=_text(responsible_designation, "responsible_designation", 200),
    )


def define_service(
    session: Session, principal: Principal, organisation_id: uuid.UUID, standard: ServiceStandard
) -> PublicService:
    require_manager(session, principal, organisation_id)
    taken = session.scalar(
        select(PublicService.id).where(
            PublicService.organisation_id == organisation_id, PublicService.code == standard.code
        )
    )
    if taken:
        raise Conflict("code", f"the organisation already has a service {standard.code}")
    row = PublicService(
        organisation_id=organisation_id,
        code=standard.code,
        name=standard.name,
        name_hi=standard.name_hi,
        time_limit_days=standard.time_limit_days,
        fee_paise=standard.fee_paise,
        documents=list(standard.documents),
        responsible_designation=standard.responsible_designation,
    )
    session.add(row)
    session.flush()
    return row


def services_of(session: Session, organisation_id: uuid.UUID) -> list[PublicService]:
    return list(
        session.scalars(
            select(PublicService)
            .where(PublicService.organisation_id == organisation_id)
            .order_by(PublicService.code)
        )
    )

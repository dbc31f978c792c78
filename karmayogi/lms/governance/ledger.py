"""The subscription ledger: per department and year, headcount on a reference date x the fee per
employee, adjustments and payments; integer paise, rows only ever added.

A correction is an adjustment row, never an update; the balance is the sum of the rows. The
statement of account is the rows in order with a running balance, as CSV and as PDF.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.governance import priorities
from karmayogi.lms.organisations import scoped_organisation
from karmayogi.lms.orm import Organisation, SubscriptionEntry, User
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal

DEFAULT_FEE_PAISE = 431_00  # INR 431 per employee a year, the programme's model
MAX_AMOUNT_PAISE = 10**15
MAX_NOTE = 1000


@dataclass(frozen=True)
class Line:
    id: uuid.UUID
    kind: str
    amount_paise: int
    balance_paise: int
    headcount: int | None
    fee_paise: int | None
    reference_date: date | None
    note: str
    recorded_at: datetime


@dataclass(frozen=True)
class Statement:
    organisation_id: uuid.UUID
    organisation: str
    year: int
    lines: tuple[Line, ...]

    @property
    def balance_paise(self) -> int:
        return self.lines[-1].balance_paise if self.lines else 0

    def charged_paise(self) -> int:
        return sum(line.amount_paise for line in self.lines if line.kind != "payment")

    def paid_paise(self) -> int:
        return -sum(line.amount_paise for line in self.lines if line.kind == "payment")


def rupees(paise: int) -> str:
    """Paise as rupees with two decimals, exactly (no float)."""
    sign = "-" if paise < 0 else ""
    return f"{sign}{abs(paise) // 100}.{abs(paise) % 100:02d}"


def _commission(principal: Principal) -> None:
    if not principal.can(Permission.PLANS_APPROVE, PLATFORM_PATH):
        raise PermissionDenied("the subscription ledger is kept by the Commission (plans:approve)")


def headcount_on(session: Session, path: str, reference: date) -> int:
    """Active officials of the department (and beneath) who had joined by the reference date."""
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(
                Organisation.path.startswith(path, autoescape=True),
                User.is_active.is_(True),
                (User.date_of_joining.is_(None)) | (User.date_of_joining <= reference),
            )
        )
        or 0
    )


def _add(session: Session, principal: Principal, **values: object) -> SubscriptionEntry:
    row = SubscriptionEntry(recorded_by=principal.id if principal.kind == "user" else None, **values)
    session.add(row)
    session.flush()
    return row


def _note(note: str) -> str:
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"at most {MAX_NOTE} characters")
    return note.strip()


def charge(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    reference: date,
    fee_paise: int = DEFAULT_FEE_PAISE,
) -> SubscriptionEntry:
    """The year's charge: headcount on the reference date x the fee. Once a year per department;
    a change afterwards is an adjustment."""
    _commission(principal)
    priorities.check_year(year)
    if not 0 <= fee_paise <= 10**9:
        raise InvalidInput("fee_paise", f"{fee_paise} is not between 0 and 1000000000")
    org = scoped_organisation(
        session, principal, Permission.PLANS_APPROVE, organisation_id, "organisation_id"
    )
    if session.scalar(
        select(SubscriptionEntry.id).where(
            SubscriptionEntry.organisation_id == organisation_id,
            SubscriptionEntry.year == year,
            SubscriptionEntry.kind == "charge",
        )
    ):
        raise Conflict("year", f"{year} is already charged for this department; record an adjustment")
    count = headcount_on(session, org.path, reference)
    return _add(
        session,
        principal,
        organisation_id=organisation_id,
        year=year,
        kind="charge",
        amount_paise=count * fee_paise,
        headcount=count,
        fee_paise=fee_paise,
        reference_date=reference,
        note=f"{count} officials on {reference.isoformat()} x INR {rupees(fee_paise)}",
    )


def adjust(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    amount_paise: int,
    note: str,
) -> SubscriptionEntry:
    """A correction of either sign, with the reason; the rows it corrects stay as they were."""
    _commission(principal)
    priorities.check_year(year)
    scoped_organisation(session, principal, Permission.PLANS_APPROVE, organisation_id, "organisation_id")
    if amount_paise == 0 or abs(amount_paise) > MAX_AMOUNT_PAISE:
        raise InvalidInput("amount_paise", "must be non-zero and within range")
    note = _note(note)
    if not note:
        raise InvalidInput("note", "an adjustment needs its reason")
    return _add(
        session,
        principal,
        organisation_id=organisation_id,
        year=year,
        kind="adjustment",
        amount_paise=amount_paise,
        note=note,
    )


def pay(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    amount_paise: int,
    note: str = "",
) -> SubscriptionEntry:
    """A payment received, recorded as a negative amount against the balance."""
    _commission(principal)
    priorities.check_year(year)
    scoped_organisation(session, principal, Permission.PLANS_APPROVE, organisation_id, "organisation_id")
    if not 0 < amount_paise <= MAX_AMOUNT_PAISE:
        raise InvalidInput("amount_paise", "a payment is above 0 and within range")
    return _add(
        session,
        principal,
        organisation_id=organisation_id,
        year=year,
        kind="payment",
        amount_paise=-amount_paise,
        note=_note(note),
    )


def statement(session: Session, principal: Principal, organisation_id: uuid.UUID, year: int) -> Statement:
    """The department's account for the year: the Commission's, or the department's own to read."""
    org = session.get(Organisation, organisation_id)
    if org is None or not (
        principal.can(Permission.PLANS_APPROVE, org.path) or principal.can(Permission.PLANS_MANAGE, org.path)
    ):
        raise InvalidInput("organisation_id", f"no organisation {organisation_id} within your scope")
    priorities.check_year(year)
    rows = session.scalars(
        select(SubscriptionEntry)
        .where(SubscriptionEntry.organisation_id == organisation_id, SubscriptionEntry.year == year)
        .order_by(SubscriptionEntry.recorded_at, SubscriptionEntry.id)
    )
    balance = 0
    lines = []
    for r in rows:
        balance += r.amount_paise
        lines.append(
            Line(
                r.id,
                r.kind,
                r.amount_paise,
                balance,
                r.headcount,
                r.fee_paise,
                r.reference_date,
                r.note,
                r.recorded_at,
            )
        )
    return Statement(organisation_id, org.name, year, tuple(lines))


def statement_csv(account: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["recorded_at", "kind", "headcount", "fee_inr", "amount_inr", "balance_inr", "note"])
    for line in account.lines:
        writer.writerow(
            [
                line.recorded_at.isoformat(timespec="seconds"),
                line.kind,
                line.headcount or "",
                rupees(line.fee_paise) if line.fee_paise is not None else "",
                rupees(line.amount_paise),
                rupees(line.balance_paise),
                line.note,
            ]
        )
    writer.writerow(["", "balance", "", "", "", rupees(account.balance_paise), ""])
    return out.getvalue()

"""Officials from an HR system's export (HRMS): all rows or none, matched on the employee code.

The file is a CSV or an Excel workbook (first sheet) with one official a row. Re-importing the same
or a newer export updates the officials it names rather than adding them again. Designations are
posts: a row's designation is matched to a position of its organisation, or becomes a draft
position there for the FRAC's authors to map to roles. A probation already decided in the system
(confirmed or extended) is not overwritten by an export.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Progress
from karmayogi.lms.errors import DomainError, InvalidInput
from karmayogi.lms.orm import Organisation, Position, User
from karmayogi.lms.people import (
    ProbationStatus,
    ServiceRecord,
    checked_email,
    create_user,
    update_service_record,
)
from karmayogi.lms.permissions import Permission, Principal

# Canonical column, then the other headings HRMS exports use for it (compared without case or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_code": ("employee code", "emp code", "employee id", "employee no", "hrms id"),
    "name": ("name", "full name", "employee name"),
    "email": ("email", "email id", "e-mail", "official email"),
    "designation": ("designation", "post"),
    "pay_level": ("pay level", "level", "pay matrix level"),
    "service": ("service",),
    "cadre": ("cadre",),
    "organisation": ("organisation", "organization", "office", "organisation code"),
    "supervisor_code": (
        "supervisor code",
        "supervisor's code",
        "reporting officer code",
        "reporting officer",
    ),
    "date_of_joining": ("date of joining", "doj", "joining date"),
    "probation_end": ("probation end", "probation end date", "date of probation end"),
}
REQUIRED = ("employee_code", "name", "email", "organisation")
LIMITS = {"employee_code": 32, "name": 200, "designation": 200, "service": 120, "cadre": 120}
PAY_LEVELS = range(1, 19)  # the 7th Central Pay Commission's pay matrix
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class PeopleImportRejected(DomainError):
    """Some rows are bad; nothing was imported. `problems` names every one of them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass(frozen=True)
class HrRow:
    line: int
    employee_code: str
    name: str
    email: str
    organisation: str
    designation: str | None
    pay_level: int | None
    service: str | None
    cadre: str | None
    supervisor_code: str | None
    date_of_joining: date | None
    probation_end: date | None


@dataclass(frozen=True)
class HrFile:
    rows: list[HrRow]
    problems: list[str]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    positions_created: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set, repr=False)  # created or updated: checked per row

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "positions_created": len(self.positions_created),
        }


def read_hr_file(path: Path) -> HrFile:
    """The rows of a CSV or XLSX export; an unreadable file or header raises PeopleImportRejected."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _xlsx_cells(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PeopleImportRejected(
                [f"{path.name}: not UTF-8 text ({exc.reason}); save it as CSV UTF-8"]
            ) from None
        table = list(csv.reader(io.StringIO(text)))
    return parse_rows(table)


def _xlsx_cells(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise PeopleImportRejected([f"{path.name}: not a readable Excel workbook ({exc})"]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _key(heading: object) -> str:
    return re.sub(r"[^a-z0-9']+", " ", str(heading or "").lower()).strip()


def parse_rows(table: list[list[Any]]) -> HrFile:
    """Rows from a header and cells (strings from CSV; numbers and datetimes too from Excel).

    Bad rows are left out and named in `problems`, so the database checks still run on the others
    and one attempt reports every problem in the file.
    """
    if not table:
        raise PeopleImportRejected(["the file is empty: a header row is needed"])
    aliases = {_key(a): column for column, names in COLUMNS.items() for a in (column, *names)}
    positions: dict[str, int] = {}
    for i, heading in enumerate(table[0]):
        column = aliases.get(_key(heading))
        if column is not None and column not in positions:
            positions[column] = i
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise PeopleImportRejected([f"header: missing column(s) {', '.join(missing)}"])
    rows: list[HrRow] = []
    problems: list[str] = []
    codes: dict[str, int] = {}
    emails: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        values = {c: cells[i] if i < len(cells) else None for c, i in positions.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank lines at the end of a sheet
        row_problems: list[str] = []
        try:
            row = _row(line, values, row_problems)
        except InvalidInput as exc:
            row_problems.append(str(exc))
            row = None
        for seen, what in ((codes, "employee_code"), (emails, "email")):
            shown = str(values.get(what) or "").strip()
            key = shown.lower()
            if key and key in seen:
                row_problems.append(f"{what}: {shown} is also on line {seen[key]}")
            seen.setdefault(key, line)
        if row_problems:
            problems.extend(f"line {line}: {p}" for p in row_problems)
        elif row is not None:
            rows.append(row)
    return HrFile(rows, problems)


def _row(line: int, values: dict[str, Any], problems: list[str]) -> HrRow | None:
    text: dict[str, str | None] = {}
    for column, value in values.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        cell = "" if value is None or isinstance(value, (date, datetime)) else str(value).strip()
        text[column] = cell or None
        if "\x00" in cell:
            problems.append(f"{column}: contains a NUL character")
        if column in LIMITS and len(cell) > LIMITS[column]:
            problems.append(f"{column}: is longer than {LIMITS[column]} characters")
    for column in REQUIRED:
        if not text.get(column):
            problems.append(f"{column}: is required")
    email = None
    if text.get("email"):
        try:
            email = checked_email(text["email"] or "", "email")
        except InvalidInput as exc:
            problems.append(str(exc))
    pay_level = _pay_level(text.get("pay_level"), problems)
    joined = _date(values.get("date_of_joining"), "date_of_joining", problems)
    probation_end = _date(values.get("probation_end"), "probation_end", problems)
    if joined and probation_end and probation_end < joined:
        problems.append("probation_end: cannot be before the date of joining")
    if problems or email is None:
        return None
    return HrRow(
        line=line,
        employee_code=text["employee_code"] or "",
        name=text["name"] or "",
        email=email,
        organisation=text["organisation"] or "",
        designation=text.get("designation"),
        pay_level=pay_level,
        service=text.get("service"),
        cadre=text.get("cadre"),
        supervisor_code=text.get("supervisor_code"),
        date_of_joining=joined,
        probation_end=probation_end,
    )


def _pay_level(value: str | None, problems: list[str]) -> int | None:
    if not value:
        return None
    match = re.fullmatch(r"(?:level|l)?[\s-]*(\d{1,2})", value.strip(), re.IGNORECASE)
    if match is None or int(match.group(1)) not in PAY_LEVELS:
        problems.append(f"pay_level: {value!r} is not a pay matrix level (1 to 18, e.g. 'Level 11' or 11)")
        return None
    return int(match.group(1))


def _date(value: Any, column: str, problems: list[str]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(str(value).strip(), pattern).date()
        except ValueError:
            continue
    problems.append(f"{column}: {value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)")
    return None


def import_people(
    session: Session, principal: Principal, hr_file: HrFile, progress: Progress | None = None
) -> ImportReport:
    """Create or update every row's official; PeopleImportRejected (the caller rolls back) on any bad row.

    `progress(done, rows)` follows the first pass (officials), then the second (supervisors).
    """
    report = ImportReport()
    rows = hr_file.rows
    problems: list[str] = []
    organisations = _organisations(session)
    known = _Known.load(session, rows)
    positions: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    officials: dict[str, User] = {}
    codes = {row.employee_code for row in rows}
    for done, row in enumerate(rows, start=1):
        try:
            officials[row.employee_code] = _upsert(
                session, principal, row, organisations, known, positions, report
            )
        except DomainError as exc:
            problems.append(f"line {row.line} ({row.employee_code}): {exc}")
        if progress is not None and done % 100 == 0:
            progress(done, 2 * len(rows))
    # Supervisors once everyone in the file exists, wherever they sit in it; a supervisor whose own
    # row failed is not reported again.
    for done, row in enumerate(rows, start=len(rows) + 1):
        if row.employee_code in officials and (
            row.supervisor_code in officials or row.supervisor_code not in codes
        ):
            try:
                _supervise(session, principal, row, officials, report)
            except DomainError as exc:
                problems.append(f"line {row.line} ({row.employee_code}): {exc}")
        if progress is not None and (done % 100 == 0 or done == 2 * len(rows)):
            progress(done, 2 * len(rows))
    problems = hr_file.problems + problems
    if problems:
        raise PeopleImportRejected(sorted(problems, key=_line_number))
    report.unchanged = [c for c in officials if c not in report.touched]
    return report


@dataclass
class _Known:
    """The officials a file's codes and emails already name, read in a few queries rather than per row."""

    by_code: dict[str, User]
    by_email: dict[str, User]

    @classmethod
    def load(cls, session: Session, rows: list[HrRow]) -> _Known:
        by_code: dict[str, User] = {}
        by_email: dict[str, User] = {}
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            for user in session.scalars(
                select(User).where(
                    or_(
                        User.employee_code.in_([r.employee_code for r in chunk]),
                        User.email.in_([r.email for r in chunk]),
                    )
                )
            ):
                if user.employee_code:
                    by_code[user.employee_code] = user
                by_email[user.email] = user
        return cls(by_code, by_email)


def _line_number(problem: str) -> int:
    match = re.match(r"line (\d+)", problem)
    return int(match.group(1)) if match else 0


def _organisations(session: Session) -> dict[str, list[Organisation]]:
    """Organisations by code and by name (lower case): an export may name either."""
    found: dict[str, list[Organisation]] = {}
    for org in session.scalars(select(Organisation)):
        for key in {org.name.lower(), *([org.code.lower()] if org.code else [])}:
            found.setdefault(key, []).append(org)
    return found


def _upsert(
    session: Session,
    principal: Principal,
    row: HrRow,
    organisations: dict[str, list[Organisation]],
    known: _Known,
    positions: dict[tuple[uuid.UUID, str], uuid.UUID],
    report: ImportReport,
) -> User:
    matches = organisations.get(row.organisation.lower(), [])
    if len(matches) != 1:
        reason = (
            "no organisation has this code or name" if not matches else "more than one organisation has it"
        )
        raise InvalidInput("organisation", f"{row.organisation!r}: {reason}")
    org = matches[0]
    if not principal.can(Permission.PEOPLE_MANAGE, org.path):
        raise InvalidInput("organisation", f"{row.organisation!r} is outside your scope")
    position_id = _position(session, principal, org, row, positions, report) if row.designation else None
    user = known.by_code.get(row.employee_code)
    by_email = known.by_email.get(row.email)
    if user is None and by_email is not None:
        if by_email.employee_code is not None:
            raise InvalidInput("email", f"{row.email} belongs to employee {by_email.employee_code}")
        user = by_email  # an account made before HR records were imported: adopt it
    elif user is not None and by_email is not None and by_email.id != user.id:
        raise InvalidInput("email", f"{row.email} belongs to another official")
    if user is None:
        record = _record(row, position_id, None)
        user = create_user(session, principal, org.id, row.email, row.name, None, record)
        user.employee_code = row.employee_code
        report.created.append(row.employee_code)
        report.touched.add(row.employee_code)
        return user
    if not principal.can(Permission.PEOPLE_MANAGE, _path(session, user.organisation_id)):
        raise InvalidInput("employee_code", f"{row.employee_code} is held by an official outside your scope")
    changes: dict[str, object] = {"full_name": row.name, **asdict(_record(row, position_id, user))}
    changes.pop("supervisor_id")  # set in the second pass
    wanted = {"organisation_id": org.id, "email": row.email, "employee_code": row.employee_code, **changes}
    if all(getattr(user, name) == value for name, value in wanted.items()):
        return user  # the same as last time: nothing to check or write
    user.organisation_id = org.id
    user.email = row.email
    user.employee_code = row.employee_code
    update_service_record(session, principal, user.id, changes)
    report.updated.append(row.employee_code)
    report.touched.add(row.employee_code)
    return user


def _record(row: HrRow, position_id: uuid.UUID | None, existing: User | None) -> ServiceRecord:
    status, probation_end = ProbationStatus.NOT_APPLICABLE, row.probation_end
    if existing is not None and existing.probation_status in (
        ProbationStatus.CONFIRMED,
        ProbationStatus.EXTENDED,
    ):
        status, probation_end = ProbationStatus(existing.probation_status), existing.probation_end_date
    elif row.probation_end is not None:
        status = ProbationStatus.ON_PROBATION
    return ServiceRecord(
        position_id=position_id,
        service=row.service,
        cadre=row.cadre,
        supervisor_id=None,
        date_of_joining=row.date_of_joining,
        probation_status=status,
        probation_end_date=probation_end,
    )


def _position(
    session: Session,
    principal: Principal,
    org: Organisation,
    row: HrRow,
    cache: dict[tuple[uuid.UUID, str], uuid.UUID],
    report: ImportReport,
) -> uuid.UUID:
    designation = row.designation or ""
    key = (org.id, designation.lower())
    if key not in cache:
        found = session.scalar(
            select(Position.id)
            .where(
                Position.organisation_id == org.id, func.lower(Position.designation) == designation.lower()
            )
            .order_by(Position.pay_level.is_(None), Position.id)
            .limit(1)
        )
        if found is None:
            position = Position(
                organisation_id=org.id,
                designation=designation,
                pay_level=row.pay_level,
                created_by=principal.id,
            )
            session.add(position)
            session.flush()
            found = position.id
            report.positions_created.append(f"{designation} ({org.code or org.name})")
        cache[key] = found
    return cache[key]


def _supervise(
    session: Session, principal: Principal, row: HrRow, officials: dict[str, User], report: ImportReport
) -> None:
    user = officials[row.employee_code]
    supervisor_id = None
    if row.supervisor_code:
        supervisor = officials.get(row.supervisor_code) or session.scalar(
            select(User).where(User.employee_code == row.supervisor_code)
        )
        if supervisor is None:
            raise InvalidInput("supervisor_code", f"no official has the employee code {row.supervisor_code}")
        supervisor_id = supervisor.id
    if user.supervisor_id != supervisor_id:
        update_service_record(session, principal, user.id, {"supervisor_id": supervisor_id})
        if row.employee_code not in report.touched:
            report.updated.append(row.employee_code)


def _path(session: Session, organisation_id: uuid.UUID) -> str:
    org = session.get(Organisation, organisation_id)  # loaded already: no query
    return org.path if org else ""

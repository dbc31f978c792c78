"""First set-up of a real deployment: the organisation tree and the first platform administrator.

Nothing else can create the first administrator (every API write needs one), so this runs with the
database's own authority, once. It refuses a database that already has a platform administrator,
which makes running it twice change nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import DomainError, InvalidInput
from karmayogi.lms.organisations import ALLOWED_PARENT, create_organisation
from karmayogi.lms.orm import Grant, Organisation, User
from karmayogi.lms.orm.organisations import OrganisationKind
from karmayogi.lms.people import ServiceRecord, checked_email, create_user
from karmayogi.lms.permissions import PLATFORM_PATH, Principal, Role, ScopedRole

TREE_COLUMNS = ("kind", "name", "code", "parent_code")
MAX_NAME = 200
MAX_CODE = 32


class AlreadySetUp(DomainError):
    """The database already has a platform administrator; set-up has been done."""


@dataclass(frozen=True)
class OrganisationRow:
    """One node of the tree as an operator writes it: parents are named by their code."""

    kind: OrganisationKind
    name: str
    code: str
    parent_code: str | None


@dataclass(frozen=True)
class FirstAdmin:
    email: str
    full_name: str
    password: str
    organisation_code: str


@dataclass
class SetupReport:
    created: list[Organisation] = field(default_factory=list)
    existing: list[Organisation] = field(default_factory=list)
    admin: User | None = None


def organisation_row(values: dict[str, str], where: str) -> OrganisationRow:
    """A row from CSV cells or command-line parts; errors name `where` and the column."""
    cells = {k: (values.get(k) or "").strip() for k in TREE_COLUMNS}
    try:
        kind = OrganisationKind(cells["kind"].lower())
    except ValueError:
        allowed = ", ".join(k.value for k in OrganisationKind)
        raise InvalidInput(f"{where}: kind", f"must be one of {allowed}, not {cells['kind']!r}") from None
    for column, limit in (("name", MAX_NAME), ("code", MAX_CODE)):
        if not cells[column]:
            raise InvalidInput(f"{where}: {column}", "is required")
        if len(cells[column]) > limit:
            raise InvalidInput(f"{where}: {column}", f"is longer than {limit} characters")
    return OrganisationRow(kind, cells["name"], cells["code"], cells["parent_code"] or None)


def read_tree_csv(text: str) -> list[OrganisationRow]:
    """Rows of a `kind,name,code,parent_code` CSV; every bad line is named in one error."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in TREE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            "header", f"missing column(s) {', '.join(missing)}; expected {','.join(TREE_COLUMNS)}"
        )
    rows: list[OrganisationRow] = []
    problems: list[str] = []
    for line, values in enumerate(reader, start=2):
        try:
            rows.append(organisation_row(values, f"line {line}"))
        except InvalidInput as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInput("organisations", "; ".join(problems))
    return rows


def is_set_up(session: Session) -> User | None:
    """The first platform administrator, if set-up has been done."""
    return session.scalar(
        select(User)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role == Role.PLATFORM_ADMIN.value, Grant.organisation_id.is_(None))
        .order_by(Grant.created_at)
        .limit(1)
    )


def first_setup(session: Session, tree: list[OrganisationRow], admin: FirstAdmin) -> SetupReport:
    """Create the tree (reusing nodes already there by name under the same parent) and the first admin."""
    existing_admin = is_set_up(session)
    if existing_admin is not None:
        raise AlreadySetUp(
            f"already set up: {existing_admin.email} is a platform administrator; nothing was changed "
            "(add organisations and people through the API or `karmayogi people import`)"
        )
    if not admin.full_name.strip() or len(admin.full_name) > MAX_NAME:
        raise InvalidInput("admin name", f"must be 1 to {MAX_NAME} characters")
    if not tree:
        raise InvalidInput("organisations", "at least one organisation is needed for the administrator")
    # The set-up's own authority: platform-wide, held by no account, used only inside this transaction.
    bootstrap = Principal(
        "user", uuid.UUID(int=0), uuid.UUID(int=0), (ScopedRole(Role.PLATFORM_ADMIN, PLATFORM_PATH),)
    )
    report = SetupReport()
    by_code = _place(session, bootstrap, tree, report)
    org = by_code.get(admin.organisation_code)
    if org is None:
        raise InvalidInput(
            "admin organisation", f"no organisation with code {admin.organisation_code!r} in the tree"
        )
    email = checked_email(admin.email, "admin email")
    user = create_user(session, bootstrap, org.id, email, admin.full_name, admin.password, ServiceRecord())
    session.add(Grant(user_id=user.id, role=Role.PLATFORM_ADMIN.value, organisation_id=None, granted_by=None))
    session.flush()
    report.admin = user
    return report


def _place(
    session: Session, principal: Principal, tree: list[OrganisationRow], report: SetupReport
) -> dict[str, Organisation]:
    """Create rows parents first, whatever order they were written in."""
    codes = [row.code for row in tree]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise InvalidInput("code", f"used by more than one row: {', '.join(duplicates)}")
    known = set(codes)
    for row in tree:
        if row.parent_code is not None and row.parent_code not in known:
            raise InvalidInput(f"{row.code}: parent_code", f"no row has the code {row.parent_code!r}")
        if row.parent_code is None and None not in ALLOWED_PARENT[row.kind]:
            raise InvalidInput(f"{row.code}: parent_code", f"a {row.kind.value} needs a parent")
    placed: dict[str, Organisation] = {}
    waiting = list(tree)
    while waiting:
        ready = [r for r in waiting if r.parent_code is None or r.parent_code in placed]
        if not ready:
            raise InvalidInput("parent_code", f"a cycle among {', '.join(r.code for r in waiting)}")
        for row in ready:
            parent = placed[row.parent_code] if row.parent_code else None
            parent_id = parent.id if parent else None
            found = session.scalar(
                select(Organisation).where(Organisation.parent_id == parent_id, Organisation.name == row.name)
            )
            if found is not None:
                if found.kind != row.kind.value:
                    raise InvalidInput(f"{row.code}: kind", f"{row.name!r} already exists as a {found.kind}")
                placed[row.code] = found
                report.existing.append(found)
                continue
            try:
                org = create_organisation(session, principal, row.kind, row.name, row.code, parent_id)
            except InvalidInput as exc:
                raise InvalidInput(f"{row.code}: {exc.field}", exc.reason) from None
            placed[row.code] = org
            report.created.append(org)
        waiting = [r for r in waiting if r.code not in placed]
    return placed

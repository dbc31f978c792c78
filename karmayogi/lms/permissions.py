"""Roles, the permissions each carries, the grants over the organisation tree, and the rules of power.

A grant gives a role over an organisation and everything beneath it. Scopes are materialised
paths ("/ministry/department/organisation/"), so "may act on X" is a prefix test and a list
query is a `path LIKE prefix%` filter that runs the same on SQLite and PostgreSQL.

Beyond scope, four rules hold for every route and command that changes a person's record, all
checked here and nowhere else:
- nobody acts on their own record (`refuse_self`): evidence beyond a self-declaration, completion,
  credential, service record, grants;
- a confirmation is made by someone other than the proposer (`check_four_eyes`);
- no one reaches an account that holds grants beyond their own scope (`check_reach`);
- a supervisor's powers cover their reportees (the supervisor chain), not their organisation
  (`REPORTEE_PERMISSIONS`, `reaches`), and the chain never loops (`check_chain`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.orm import Grant, Organisation, User

PLATFORM_PATH = "/"


class Role(StrEnum):
    LEARNER = "learner"
    SUPERVISOR = "supervisor"
    CONTENT_CREATOR = "content_creator"
    CONTENT_REVIEWER = "content_reviewer"
    FRAC_REVIEWER_L1 = "frac_reviewer_l1"
    FRAC_REVIEWER_L2 = "frac_reviewer_l2"
    HR_CELL = "hr_cell"
    INSTITUTION_ADMIN = "institution_admin"
    COMMISSION_ADMIN = "commission_admin"
    PLATFORM_ADMIN = "platform_admin"
    # Sevottam: an organisation's grievance redressal officer, a member of a Public Grievance
    # Redressal Commission (appeals, penalties), and an independent assessor of service delivery.
    GRIEVANCE_OFFICER = "grievance_officer"
    GRIEVANCE_COMMISSION = "grievance_commission"
    SEVOTTAM_ASSESSOR = "sevottam_assessor"
    # Held only by API clients, never granted to a person.
    API_CLIENT = "api_client"


class Permission(StrEnum):
    ORGANISATIONS_READ = "organisations:read"
    ORGANISATIONS_MANAGE = "organisations:manage"
    PEOPLE_READ = "people:read"
    PEOPLE_MANAGE = "people:manage"
    SERVICE_RECORDS_READ = "service_records:read"
    LEARNING_RECORDS_READ = "learning_records:read"
    GRANTS_MANAGE = "grants:manage"
    API_CLIENTS_MANAGE = "api_clients:manage"
    FRAC_READ = "frac:read"
    FRAC_DRAFTS_READ = "frac:read_drafts"
    FRAC_AUTHOR = "frac:author"
    FRAC_REVIEW_L1 = "frac:review_l1"
    FRAC_REVIEW_L2 = "frac:review_l2"
    FRAC_PUBLISH = "frac:publish"
    COURSES_READ = "courses:read"
    COURSES_AUTHOR = "courses:author"
    COURSES_REVIEW = "courses:review"
    CONTENT_REQUESTS_RAISE = "content_requests:raise"
    EVIDENCE_REPORT = "evidence:report"
    HARMONISATION_READ = "harmonisation:read"
    ASSESSMENTS_AUTHOR = "assessments:author"
    ASSESSMENTS_MARK = "assessments:mark"
    PLANS_MANAGE = "plans:manage"  # a department drafts, edits and submits its capacity-building plans
    PLANS_APPROVE = "plans:approve"  # the Commission: priorities, plan approval, the subscription ledger
    KPIS_READ = "kpis:read"
    SERVICES_MANAGE = "sevottam:services"
    GRIEVANCES_HANDLE = "sevottam:grievances"
    GRIEVANCES_APPEALS = "sevottam:appeals"
    SEVOTTAM_ASSESS = "sevottam:assess"


P = Permission
_EVERYONE = frozenset({P.ORGANISATIONS_READ, P.FRAC_READ, P.COURSES_READ})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LEARNER: _EVERYONE | {P.PEOPLE_READ},
    # The supervisor's reading of records is over reportees only: see REPORTEE_PERMISSIONS.
    Role.SUPERVISOR: _EVERYONE | {P.PEOPLE_READ},
    Role.CONTENT_CREATOR: _EVERYONE | {P.COURSES_AUTHOR, P.ASSESSMENTS_AUTHOR},
    Role.CONTENT_REVIEWER: _EVERYONE | {P.COURSES_REVIEW, P.HARMONISATION_READ, P.ASSESSMENTS_MARK},
    Role.FRAC_REVIEWER_L1: _EVERYONE | {P.PEOPLE_READ, P.FRAC_DRAFTS_READ, P.FRAC_REVIEW_L1},
    Role.FRAC_REVIEWER_L2: _EVERYONE | {P.PEOPLE_READ, P.FRAC_DRAFTS_READ, P.FRAC_REVIEW_L2},
    Role.HR_CELL: _EVERYONE
    | {
        P.PEOPLE_READ,
        P.PEOPLE_MANAGE,
        P.SERVICE_RECORDS_READ,
        P.LEARNING_RECORDS_READ,
        P.GRANTS_MANAGE,
        P.FRAC_DRAFTS_READ,
        P.FRAC_AUTHOR,
        P.CONTENT_REQUESTS_RAISE,
        P.PLANS_MANAGE,
        P.KPIS_READ,
        P.SERVICES_MANAGE,
    },
    Role.INSTITUTION_ADMIN: _EVERYONE
    | {
        P.PEOPLE_READ,
        P.LEARNING_RECORDS_READ,
        P.GRANTS_MANAGE,
        P.API_CLIENTS_MANAGE,
        P.FRAC_DRAFTS_READ,
        P.FRAC_AUTHOR,
        P.CONTENT_REQUESTS_RAISE,
        P.EVIDENCE_REPORT,
        P.HARMONISATION_READ,
        P.ASSESSMENTS_AUTHOR,
        P.KPIS_READ,
    },
    Role.COMMISSION_ADMIN: _EVERYONE
    | {
        P.PEOPLE_READ,
        P.LEARNING_RECORDS_READ,
        P.FRAC_DRAFTS_READ,
        P.FRAC_PUBLISH,
        P.HARMONISATION_READ,
        P.PLANS_APPROVE,
        P.KPIS_READ,
    },
    Role.GRIEVANCE_OFFICER: _EVERYONE | {P.GRIEVANCES_HANDLE},
    Role.GRIEVANCE_COMMISSION: _EVERYONE | {P.GRIEVANCES_APPEALS},
    Role.SEVOTTAM_ASSESSOR: _EVERYONE | {P.SEVOTTAM_ASSESS},
    Role.PLATFORM_ADMIN: frozenset(Permission),
    Role.API_CLIENT: _EVERYONE,
}

# Powers a role gives over its holder's reportees (the supervisor chain of the service record), within
# the grant's scope, and never over the rest of that organisation.
REPORTEE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SUPERVISOR: frozenset({P.SERVICE_RECORDS_READ, P.LEARNING_RECORDS_READ}),
}
# Roles above any organisation: only someone acting platform-wide reaches the people who hold them.
ABOVE_ORGANISATIONS = frozenset({Role.PLATFORM_ADMIN, Role.COMMISSION_ADMIN})
# Who may see an unpublished catalogue entry: its provider's authors and reviewers (and platform admins).
DRAFT_READERS = (P.COURSES_AUTHOR, P.COURSES_REVIEW)
# A supervisor chain longer than this is refused as if it looped (a civil service has far fewer tiers).
MAX_CHAIN = 64

GRANTABLE_ROLES = frozenset(Role) - {Role.API_CLIENT}


def role_powers(role: Role) -> frozenset[Permission]:
    """Every permission a role carries, over its scope or over its holder's reportees there."""
    return ROLE_PERMISSIONS[role] | REPORTEE_PERMISSIONS.get(role, frozenset())


@dataclass(frozen=True)
class ScopedRole:
    role: Role
    path: str  # the scope organisation's path, or PLATFORM_PATH for the whole platform


@dataclass(frozen=True)
class Principal:
    """Who is calling: a person or an API client, with the roles they hold and where."""

    kind: str  # "user" or "api_client"
    id: uuid.UUID
    organisation_id: uuid.UUID
    roles: tuple[ScopedRole, ...]

    def scopes(self, permission: Permission) -> list[str]:
        """The paths under which `permission` holds, with paths nested in another left out."""
        paths = sorted({r.path for r in self.roles if permission in ROLE_PERMISSIONS[r.role]}, key=len)
        return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]

    def can(self, permission: Permission, path: str) -> bool:
        return any(path.startswith(scope) for scope in self.scopes(permission))

    def holds(self, permission: Permission) -> bool:
        return bool(self.scopes(permission))

    def is_self(self, user_id: uuid.UUID | None) -> bool:
        return self.kind == "user" and self.id == user_id

    def reportee_scopes(self, permission: Permission) -> list[str]:
        """The paths within which `permission` holds over the caller's reportees only."""
        if self.kind != "user":
            return []
        return [r.path for r in self.roles if permission in REPORTEE_PERMISSIONS.get(r.role, ())]


@dataclass(frozen=True)
class Target:
    """The object a request names: where it sits in the tree, and the person it is about, if any."""

    what: str
    id: object
    path: str
    owner_id: uuid.UUID | None = None
    public: bool = False  # listed for everyone who holds the permission anywhere, like a published course
    # When set, only these permissions over `path` open it, whatever was asked: an unpublished draft.
    staff: tuple[Permission, ...] = ()


@dataclass(frozen=True)
class Access:
    """A permission the caller was found to hold: over `target` when the request named one."""

    principal: Principal
    permission: Permission
    target: Target | None = None

    @property
    def paths(self) -> list[str]:
        return self.principal.scopes(self.permission)


def supervisor_chain(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The official's supervisors, nearest first; it stops where a loop left by older data would begin."""
    chain: list[uuid.UUID] = []
    current = session.scalar(select(User.supervisor_id).where(User.id == user_id))
    while current is not None and current != user_id and current not in chain and len(chain) < MAX_CHAIN:
        chain.append(current)
        current = session.scalar(select(User.supervisor_id).where(User.id == current))
    return chain


def reportees(supervisor_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """The ids of everyone the official supervises, directly or down the chain, as one query.

    A recursive query that runs the same on SQLite and PostgreSQL; UNION (not UNION ALL) stops it
    at a loop that older data may hold.
    """
    tree = select(User.id).where(User.supervisor_id == supervisor_id).cte("reportees", recursive=True)
    tree = tree.union(select(User.id).join(tree, User.supervisor_id == tree.c.id))
    return select(tree.c.id)


def reaches(
    session: Session, principal: Principal, permission: Permission, target: Target, *, owner_may: bool = False
) -> bool:
    """Whether the caller holds `permission` over the object: the one object-level check."""
    if target.staff:
        return any(principal.can(p, target.path) for p in target.staff)
    if owner_may and principal.is_self(target.owner_id):
        return True
    if (target.public and principal.holds(permission)) or principal.can(permission, target.path):
        return True
    scopes = principal.reportee_scopes(permission)
    return (
        target.owner_id is not None
        and any(target.path.startswith(scope) for scope in scopes)
        and principal.id in supervisor_chain(session, target.owner_id)
    )


def refuse_self(principal: Principal, user_id: uuid.UUID | None, act: str) -> None:
    """Nobody acts on their own record: `act` names what was tried, for the refusal."""
    if principal.is_self(user_id):
        raise PermissionDenied(f"nobody may {act} about themselves; another official with the grant must")


def check_reach(session: Session, principal: Principal, user_id: uuid.UUID, permission: Permission) -> None:
    """Refuse to act on an account holding a grant beyond the caller's scope for `permission`.

    A platform or Commission role, or any grant over an organisation the caller does not cover,
    puts its holder out of reach: an HR cell cannot lock out, edit or re-grant the administrators
    who happen to sit in its organisation.
    """
    rows = session.execute(
        select(Grant.role, Organisation.path)
        .outerjoin(Organisation, Grant.organisation_id == Organisation.id)
        .where(Grant.user_id == user_id)
    )
    for role, path in rows:
        where = PLATFORM_PATH if Role(role) in ABOVE_ORGANISATIONS else (path or PLATFORM_PATH)
        if not principal.can(permission, where):
            raise PermissionDenied(
                f"the official holds {role} beyond your scope; only someone whose {permission.value} "
                "covers all their grants may act on their record"
            )


def act_on_person(
    session: Session, principal: Principal, user_id: uuid.UUID, permission: Permission, act: str
) -> None:
    """The rules every change to another person's record obeys: not oneself, and not above oneself."""
    refuse_self(principal, user_id, act)
    check_reach(session, principal, user_id, permission)


def check_four_eyes(principal: Principal, proposers: Iterable[uuid.UUID | None], refusal: str) -> None:
    """A confirmation needs a person other than whoever proposed what it confirms; `refusal` says why not."""
    if principal.kind == "user" and principal.id in set(proposers):
        raise PermissionDenied(refusal)


def check_chain(session: Session, user_id: uuid.UUID, supervisor_id: uuid.UUID | None) -> None:
    """Refuse a supervisor that would close a loop in the chain (A supervises B supervises A)."""
    if supervisor_id is None:
        return
    if supervisor_id == user_id:
        raise InvalidInput("supervisor_id", "an official cannot supervise themselves")
    chain = supervisor_chain(session, supervisor_id)
    if user_id in chain:
        raise InvalidInput(
            "supervisor_id", f"{supervisor_id} already reports to this official: the chain would loop"
        )
    if len(chain) >= MAX_CHAIN:
        raise InvalidInput("supervisor_id", f"the supervisor chain would pass {MAX_CHAIN} officials")

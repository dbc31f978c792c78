"""Roles, the permissions each carries, and the caller's grants over the organisation tree.

A grant gives a role over an organisation and everything beneath it. Scopes are materialised
paths ("/ministry/department/organisation/"), so "may act on X" is a prefix test and a list
query is a `path LIKE prefix%` filter that runs the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

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
    SERVICES_MANAGE = "sevottam:services"
    GRIEVANCES_HANDLE = "sevottam:grievances"
    GRIEVANCES_APPEALS = "sevottam:appeals"
    SEVOTTAM_ASSESS = "sevottam:assess"


P = Permission
_EVERYONE = frozenset({P.ORGANISATIONS_READ, P.FRAC_READ, P.COURSES_READ})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LEARNER: _EVERYONE | {P.PEOPLE_READ},
    Role.SUPERVISOR: _EVERYONE | {P.PEOPLE_READ, P.SERVICE_RECORDS_READ, P.LEARNING_RECORDS_READ},
    Role.CONTENT_CREATOR: _EVERYONE | {P.COURSES_AUTHOR, P.ASSESSMENTS_AUTHOR},
    Role.CONTENT_REVIEWER: _EVERYONE | {P.COURSES_REVIEW, P.HARMONISATION_READ},
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
    },
    Role.COMMISSION_ADMIN: _EVERYONE
    | {P.PEOPLE_READ, P.LEARNING_RECORDS_READ, P.FRAC_DRAFTS_READ, P.FRAC_PUBLISH, P.HARMONISATION_READ},
    Role.GRIEVANCE_OFFICER: _EVERYONE | {P.GRIEVANCES_HANDLE},
    Role.GRIEVANCE_COMMISSION: _EVERYONE | {P.GRIEVANCES_APPEALS},
    Role.SEVOTTAM_ASSESSOR: _EVERYONE | {P.SEVOTTAM_ASSESS},
    Role.PLATFORM_ADMIN: frozenset(Permission),
    Role.API_CLIENT: _EVERYONE,
}

GRANTABLE_ROLES = frozenset(Role) - {Role.API_CLIENT}


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

    def is_self(self, user_id: uuid.UUID) -> bool:
        return self.kind == "user" and self.id == user_id


@dataclass(frozen=True)
class Target:
    """The object a request names: where it sits in the tree, and the person it is about, if any."""

    what: str
    id: object
    path: str
    owner_id: uuid.UUID | None = None
    public: bool = False  # listed for everyone who holds the permission anywhere, like a published course


@dataclass(frozen=True)
class Access:
    """A permission the caller was found to hold: over `target` when the request named one."""

    principal: Principal
    permission: Permission
    target: Target | None = None

    @property
    def paths(self) -> list[str]:
        return self.principal.scopes(self.permission)

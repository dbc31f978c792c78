"""Granting and revoking roles, without letting anyone hand out more than they hold."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.organisations import in_scope, scoped_organisation
from karmayogi.lms.orm import Grant, Organisation
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import (
    GRANTABLE_ROLES,
    PLATFORM_PATH,
    Permission,
    Principal,
    Role,
    Target,
    act_on_person,
    role_powers,
)
from karmayogi.lms.telemetry import security_event


def grant_role(
    session: Session, principal: Principal, user_id: uuid.UUID, role: Role, organisation_id: uuid.UUID | None
) -> Grant:
    """Give `role` over `organisation_id` (or the whole platform when None).

    The caller needs `grants:manage` over that scope and must hold every permission of the role
    there themselves, so that no one can raise their own or anyone else's powers past their own. No
    one grants to themselves, nor to an account holding grants beyond their scope.
    """
    act_on_person(session, principal, user_id, Permission.GRANTS_MANAGE, "grant roles")
    if role not in GRANTABLE_ROLES:
        raise InvalidInput("role", f"{role.value} cannot be granted to a person")
    if organisation_id is None:
        path = PLATFORM_PATH
        if not principal.can(Permission.GRANTS_MANAGE, path):
            raise InvalidInput(
                "organisation_id", "only platform-wide administrators may grant platform-wide roles"
            )
    else:
        path = scoped_organisation(
            session, principal, Permission.GRANTS_MANAGE, organisation_id, "organisation_id"
        ).path
    _check_holds_role(principal, role, path, "grant")
    exists = select(Grant.id).where(
        Grant.user_id == user_id, Grant.role == role.value, Grant.organisation_id == organisation_id
    )
    if session.scalar(exists):
        raise Conflict("role", f"the user already holds {role.value} there")
    grant = Grant(user_id=user_id, role=role.value, organisation_id=organisation_id, granted_by=principal.id)
    session.add(grant)
    session.flush()
    security_event(
        "role_granted", by=principal.id, user_id=user_id, role=role.value, organisation_id=organisation_id
    )
    return grant


def _check_holds_role(principal: Principal, role: Role, path: str, action: str) -> None:
    missing = [p.value for p in role_powers(role) if not principal.can(p, path)]
    if missing:
        raise InvalidInput(
            "role", f"you cannot {action} {role.value}: you lack {', '.join(sorted(missing))} there"
        )


def grant_target(session: Session, grant_id: uuid.UUID) -> Target:
    row = session.execute(
        select(Organisation.path).select_from(Grant).outerjoin(Organisation).where(Grant.id == grant_id)
    ).first()
    if row is None:
        raise NotFound("grant", grant_id)
    return Target("grant", grant_id, row.path or PLATFORM_PATH)


def revoke_grant(session: Session, principal: Principal, grant_id: uuid.UUID) -> None:
    """Remove a grant; like granting, only someone who holds the role's powers there may do it,
    never from themselves nor from an account holding grants beyond their scope."""
    target = grant_target(session, grant_id)
    grant = session.get(Grant, grant_id)
    assert grant is not None
    act_on_person(session, principal, grant.user_id, Permission.GRANTS_MANAGE, "revoke roles")
    _check_holds_role(principal, Role(grant.role), target.path, "revoke")
    session.delete(grant)
    session.flush()
    security_event(
        "role_revoked",
        by=principal.id,
        user_id=grant.user_id,
        role=grant.role,
        organisation_id=grant.organisation_id,
    )


def list_grants(
    session: Session, paths: list[str], user_id: uuid.UUID, cursor: str | None, limit: int
) -> Page[Grant]:
    """The user's grants whose scope lies under `paths` (platform-wide ones only for the platform path)."""
    visible = in_scope(Grant.organisation_id, paths)
    return paginate(session, select(Grant).where(Grant.user_id == user_id, visible), Grant.id, cursor, limit)

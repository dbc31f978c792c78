"""The organisation tree: creating nodes, reading them within scope, and scope filters for other tables."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.orm import Organisation
from karmayogi.lms.orm.organisations import OrganisationKind
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import PLATFORM_PATH, Access, Permission, Principal, Target

# Which kind of node may sit under which: None is the top of the tree.
ALLOWED_PARENT: dict[OrganisationKind, set[OrganisationKind | None]] = {
    OrganisationKind.MINISTRY: {None},
    OrganisationKind.DEPARTMENT: {OrganisationKind.MINISTRY},
    OrganisationKind.ORGANISATION: {OrganisationKind.DEPARTMENT, OrganisationKind.ORGANISATION},
}


def path_filter(paths: list[str]) -> ColumnElement[bool]:
    """Organisations lying under any of `paths`."""
    if PLATFORM_PATH in paths:
        return true()
    if not paths:
        return false()
    return or_(*(Organisation.path.startswith(p, autoescape=True) for p in paths))


def in_scope(organisation_id: InstrumentedAttribute[uuid.UUID], paths: list[str]) -> ColumnElement[bool]:
    """Rows whose organisation lies under any of `paths`."""
    if PLATFORM_PATH in paths:
        return true()
    return organisation_id.in_(select(Organisation.id).where(path_filter(paths)))


def organisation_path(session: Session, organisation_id: uuid.UUID | None) -> str | None:
    """The organisation's path; None where there is no such organisation."""
    return session.scalar(select(Organisation.path).where(Organisation.id == organisation_id))


def path_of(session: Session, model: Any, ident: uuid.UUID, what: str) -> str:
    """The organisation path of the `model` row `ident` (a row carrying organisation_id), or NotFound."""
    path = session.scalar(
        select(Organisation.path)
        .join(model, model.organisation_id == Organisation.id)
        .where(model.id == ident)
    )
    if path is None:
        raise NotFound(what, ident)
    return path


def organisation_target(session: Session, organisation_id: uuid.UUID) -> Target:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation", organisation_id)
    return Target("organisation", organisation_id, org.path)


def scoped_organisation(
    session: Session, principal: Principal, permission: Permission, organisation_id: uuid.UUID, field: str
) -> Organisation:
    """An organisation named in a request body, which the caller must hold `permission` over."""
    org = session.get(Organisation, organisation_id)
    if org is None or not principal.can(permission, org.path):
        raise InvalidInput(field, f"no organisation {organisation_id} within your scope")
    return org


def create_organisation(
    session: Session,
    principal: Principal,
    kind: OrganisationKind,
    name: str,
    code: str | None,
    parent_id: uuid.UUID | None,
) -> Organisation:
    parent = None
    if parent_id is not None:
        parent = scoped_organisation(
            session, principal, Permission.ORGANISATIONS_MANAGE, parent_id, "parent_id"
        )
    elif not principal.can(Permission.ORGANISATIONS_MANAGE, PLATFORM_PATH):
        raise InvalidInput("parent_id", "only platform-wide administrators may create a top-level node")
    parent_kind = OrganisationKind(parent.kind) if parent else None
    if parent_kind not in ALLOWED_PARENT[kind]:
        allowed = ", ".join(k.value if k else "none" for k in ALLOWED_PARENT[kind])
        raise InvalidInput("parent_id", f"a {kind.value} must sit under: {allowed}")
    if session.scalar(
        select(Organisation.id).where(Organisation.parent_id == parent_id, Organisation.name == name)
    ):
        raise InvalidInput("name", f"{name!r} already exists under this parent")
    org_id = uuid.uuid4()
    org = Organisation(
        id=org_id,
        kind=kind.value,
        name=name,
        code=code,
        parent_id=parent_id,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(org)
    session.flush()
    return org


def get_organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation", organisation_id)
    return org


def list_organisations(
    session: Session, access: Access, parent_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[Organisation]:
    stmt = select(Organisation).where(path_filter(access.paths))
    if parent_id is not None:
        stmt = stmt.where(Organisation.parent_id == parent_id)
    return paginate(session, stmt, Organisation.id, cursor, limit)

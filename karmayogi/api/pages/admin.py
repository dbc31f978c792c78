"""Platform administration: organisations, officials and their grants, and API clients, each through the
service the JSON routes call, so no one grants past their own powers here either."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import N_, FormDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.scopes import grant_scope, user_scope
from karmayogi.lms import api_clients, grants, organisations, people
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import GRANTABLE_ROLES, PLATFORM_PATH, Access, Permission, Role

router = APIRouter()
Manager = Annotated[Access, page_require(Permission.GRANTS_MANAGE)]
OrgReader = Annotated[Access, page_require(Permission.ORGANISATIONS_READ)]
Granter = Annotated[Access, page_require(Permission.GRANTS_MANAGE, user_scope)]
Revoker = Annotated[Access, page_require(Permission.GRANTS_MANAGE, grant_scope)]
LISTED = 100


@router.get("/admin")
def admin(
    request: Request, session: SessionDep, access: Manager, orgs: OrgReader, email: str = ""
) -> Response:
    errors: dict[str, str] = {}
    if email:
        found = session.scalar(select(User).where(User.email == email.strip().lower()))
        target = people.user_target_or_none(session, found.id) if found else None
        if target is not None and access.principal.can(Permission.GRANTS_MANAGE, target.path):
            return redirect(f"/admin/users/{target.id}")
        errors["email"] = N_("No one with this email is in your scope.")
    clients = []
    if access.principal.holds(Permission.API_CLIENTS_MANAGE):
        clients_access = Access(access.principal, Permission.API_CLIENTS_MANAGE)
        clients = api_clients.list_api_clients(session, clients_access, None, LISTED).items
    context = {
        "organisations": organisations.list_organisations(session, orgs, None, None, LISTED).items,
        "clients": clients,
        "email": email,
        "errors": errors,
    }
    return render(request, "admin/index.html", context, 422 if errors else 200)


def _user_page(
    request: Request, session: SessionDep, access: Access, user_id: uuid.UUID, errors: dict[str, str]
) -> Response:
    member = people.get_user(session, user_id)
    held = grants.list_grants(session, access.paths, user_id, None, LISTED).items
    scopes = organisations.list_organisations(
        session, Access(access.principal, Permission.GRANTS_MANAGE), None, None, LISTED
    ).items
    context = {
        "member": member,
        "grants": held,
        "roles": sorted(GRANTABLE_ROLES),
        "scopes": scopes,
        "platform": PLATFORM_PATH in access.paths,
        "errors": errors,
    }
    return render(request, "admin/user.html", context, 422 if errors else 200)


@router.get("/admin/users/{user_id}")
def user_page(request: Request, user_id: uuid.UUID, session: SessionDep, access: Granter) -> Response:
    return _user_page(request, session, access, user_id, {})


@router.post("/admin/users/{user_id}/grants")
def grant(
    request: Request, user_id: uuid.UUID, session: SessionDep, access: Granter, form: FormDep
) -> Response:
    errors: dict[str, str] = {}
    try:
        role = Role(field(form, "role"))
    except ValueError:
        return _user_page(request, session, access, user_id, {"role": N_("Choose one of the listed roles.")})
    scope = field(form, "organisation_id")
    organisation_id = parse_uuid(scope) if scope else None
    if scope and organisation_id is None:
        errors["organisation_id"] = N_("Choose one of the listed organisations.")
    else:
        try:
            grants.grant_role(session, access.principal, user_id, role, organisation_id)
            return redirect(f"/admin/users/{user_id}?granted=1")
        except (InvalidInput, Conflict) as exc:
            errors["role"] = exc.reason
        except PermissionDenied:
            errors["role"] = N_("You may grant only powers you hold yourself, within your scope.")
    return _user_page(request, session, access, user_id, errors)


@router.post("/admin/grants/{grant_id}/revocation")
def revoke(grant_id: uuid.UUID, session: SessionDep, access: Revoker, form: FormDep) -> Response:
    target = access.target
    assert target is not None
    grants.revoke_grant(session, access.principal, grant_id)
    user_id = parse_uuid(field(form, "user_id"))
    return redirect(f"/admin/users/{user_id}?revoked=1" if user_id else "/admin")

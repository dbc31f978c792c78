"""FRAC authors and reviewers: draft a competency, the two-tier review queue, a node page with the change
against the published FRAC, and approve or reject; plus a browsable position → role → competency view."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.studio import _diff
from karmayogi.api.pages.web import N_, FormDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.schemas import CompetencyIn
from karmayogi.api.scopes import competency_node, role_node, suggestion_scope
from karmayogi.frac.graph import UnknownNode
from karmayogi.frac.model import Competency, CompetencyType
from karmayogi.frac.review import ReviewAction
from karmayogi.lms import orm
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import authoring, drafting, review, versions
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
Drafts = Annotated[Access, page_require(Permission.FRAC_DRAFTS_READ)]
Author = Annotated[Access, page_require(Permission.FRAC_AUTHOR)]
NodeReader = Annotated[Access, page_require(Permission.FRAC_DRAFTS_READ, competency_node, owner_may=True)]
Reader = Annotated[Access, page_require(Permission.FRAC_READ)]
SHOWN = ("name", "type", "area", "theme", "description")
ERRORS = {
    "name": N_("Give a name of 1 to 200 characters, not used by another competency of this kind."),
    "type": N_("Choose one of the listed kinds."),
    "area": N_("The area is at most 200 characters."),
    "organisation_id": N_("Only domain competencies belong to a department; choose one you author for."),
}


@router.get("/frac")
def frac_queue(request: Request, session: SessionDep, access: Drafts, done: str = "") -> Response:
    """Competencies waiting for my review tier, not my own, and the drafts I may author."""
    try:
        waiting = review.queue(session, access.principal, "competency", None, 100).items
    except PermissionDenied:  # an author without a review tier has no queue
        waiting = []
    mine = session.scalars(
        select(orm.Competency)
        .where(orm.Competency.created_by == access.principal.id)
        .order_by(orm.Competency.name)
    ).all()
    context = {"waiting": waiting, "mine": mine, "can_author": access.principal.holds(Permission.FRAC_AUTHOR)}
    return render(request, "frac/queue.html", context)


def _departments(session: SessionDep, access: Access) -> list[orm.Organisation]:
    paths = access.principal.scopes(Permission.FRAC_AUTHOR)
    return list(session.scalars(select(orm.Organisation).where(orm.Organisation.path.in_(paths))))


@router.get("/frac/competencies/new")
def new_competency(request: Request, session: SessionDep, access: Author) -> Response:
    context = {"values": {"type": "domain"}, "errors": {}, "types": list(CompetencyType)}
    return render(request, "frac/new.html", context | {"departments": _departments(session, access)})


@router.post("/frac/competencies/new")
def create_competency(request: Request, session: SessionDep, access: Author, form: FormDep) -> Response:
    """Checked by the API's own CompetencyIn, written by the same authoring service, as a draft."""
    values = {name: field(form, name) for name in (*SHOWN, "organisation_id")}
    errors: dict[str, str] = {}
    raw: dict[str, Any] = {k: v for k, v in values.items() if v}
    try:
        body = CompetencyIn(**raw)
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "name"
            errors[name] = ERRORS.get(name, N_("This value is not valid."))
    if not errors:
        competency = Competency(
            id=uuid.uuid4(), **{**body.model_dump(), "level_descriptors": (), "alt_labels": ()}
        )
        try:
            row = authoring.create_competency(session, access.principal, competency)
            return redirect(f"/frac/competency/{row.id}")
        except (InvalidInput, Conflict) as exc:
            errors[exc.field] = ERRORS.get(exc.field, exc.reason)
    context = {"values": values, "errors": errors, "types": list(CompetencyType)}
    return render(request, "frac/new.html", context | {"departments": _departments(session, access)}, 422)


def _node_page(
    request: Request, session: SessionDep, access: Access, node_id: uuid.UUID, errors: dict
) -> Response:  # type: ignore[type-arg]
    node = session.get(orm.Competency, node_id)
    if node is None:
        raise NotFound("competency", node_id)
    try:
        number, graph = versions.newest(session)
        published: Competency | None = graph.competency(node_id)
    except (UnknownNode, NotFound):
        number, published = None, None
    rows = []
    for name in SHOWN:
        old = (
            str(getattr(published, name).value if name == "type" else getattr(published, name))
            if published
            else ""
        )
        new = str(getattr(node, name))
        rows.append({"field": name, "changed": old != new, "diff": _diff(old, new)})
    history = review.history(session, "competency", node_id, None, 100).items
    context = {"node": node, "rows": rows, "published_number": number if published else None}
    context |= {"history": history, "errors": errors}
    return render(request, "frac/node.html", context, 422 if errors else 200)


@router.get("/frac/competency/{competency_id}")
def competency_page(
    request: Request, competency_id: uuid.UUID, session: SessionDep, access: NodeReader
) -> Response:
    return _node_page(request, session, access, competency_id, {})


@router.post("/frac/competency/{competency_id}/review")
def review_competency(
    request: Request, competency_id: uuid.UUID, session: SessionDep, access: NodeReader, form: FormDep
) -> Response:
    """Submit (author), or approve or reject at the caller's tier; every step is audited."""
    try:
        action = ReviewAction(field(form, "action"))
    except ValueError:
        raise InvalidInput("action", "is not a review action") from None
    comment = field(form, "comment")
    if len(comment) > 4000:
        return _node_page(
            request, session, access, competency_id, {"comment": N_("The comment is too long.")}
        )
    try:
        review.review(session, access.principal, "competency", competency_id, action, comment)
    except InvalidInput as exc:
        return _node_page(request, session, access, competency_id, {"comment": exc.reason})
    return redirect(f"/frac/competency/{competency_id}?done={action.value}")


@router.get("/frac/positions")
def positions(request: Request, session: SessionDep, _: Reader, position_id: str = "") -> Response:
    """The published FRAC as a tree: a position's roles, and for each the competencies it needs, the level,
    and the activities that need them."""
    number, graph = versions.newest(session)
    chosen = parse_uuid(position_id) if position_id else None
    listed = session.scalars(select(orm.Position).order_by(orm.Position.designation).limit(300)).all()
    tree: list[dict[str, Any]] = []
    if chosen is not None:
        try:
            needs = graph.resolved_requirements(chosen)
        except UnknownNode:
            raise NotFound("position", chosen) from None
        role_ids = sorted({r for need in needs for r in need.role_ids})
        activity_ids = {a for need in needs for a in need.activity_ids}
        roles = dict(
            session.execute(select(orm.Role.id, orm.Role.name).where(orm.Role.id.in_(role_ids))).all()
        )
        activities = dict(
            session.execute(
                select(orm.Activity.id, orm.Activity.description).where(orm.Activity.id.in_(activity_ids))
            ).all()
        )
        for role_id in sorted(role_ids, key=lambda r: roles.get(r, "")):
            tree.append(
                {
                    "role": roles.get(role_id, ""),
                    "role_id": role_id,
                    "needs": [
                        {
                            "competency": need.name,
                            "level": need.level,
                            "activities": [activities[a] for a in need.activity_ids if a in activities],
                        }
                        for need in needs
                        if role_id in need.role_ids
                    ],
                }
            )
    context = {"number": number, "positions": listed, "chosen": chosen, "tree": tree}
    return render(request, "frac/positions.html", context)


RoleReader = Annotated[Access, page_require(Permission.FRAC_DRAFTS_READ, role_node, owner_may=True)]
SuggestionDecider = Annotated[Access, page_require(Permission.FRAC_DRAFTS_READ, suggestion_scope)]


def _role_page(request: Request, session: SessionDep, role_id: uuid.UUID, errors: dict[str, str]) -> Response:
    role = session.get(orm.Role, role_id)
    if role is None:
        raise NotFound("role", role_id)
    listed = drafting.list_suggestions(session, role_id, None, 100).items
    ids = [s.competency_id for s in listed]
    names = dict(
        session.execute(
            select(orm.Competency.id, orm.Competency.name).where(orm.Competency.id.in_(ids))
        ).all()
    )
    context = {
        "role": role,
        "suggestions": [(s, names.get(s.competency_id, "")) for s in listed],
        "errors": errors,
    }
    return render(request, "frac/role.html", context, 422 if errors else 200)


@router.get("/frac/role/{role_id}")
def role_page(request: Request, role_id: uuid.UUID, session: SessionDep, _: RoleReader) -> Response:
    """A role's drafting suggestions: competencies the linker proposes, for a reviewer to accept or reject."""
    return _role_page(request, session, role_id, {})


@router.post("/frac/role/{role_id}/suggestions")
def ask_suggestions(role_id: uuid.UUID, session: SessionDep, access: RoleReader, form: FormDep) -> Response:
    drafting.suggest_for_role(session, access.principal, role_id, 10)
    return redirect(f"/frac/role/{role_id}")


@router.post("/frac/suggestions/{suggestion_id}/decision")
def decide_suggestion(
    request: Request, suggestion_id: uuid.UUID, session: SessionDep, access: SuggestionDecider, form: FormDep
) -> Response:
    """Accept at a level (the role goes back to draft with the new requirement) or reject with a comment."""
    suggestion = session.get(orm.CompetencySuggestion, suggestion_id)
    assert suggestion is not None, "the scope dependency located it"
    accept = field(form, "decision") == "accept"
    level = field(form, "level")
    try:
        drafting.decide(
            session,
            access.principal,
            suggestion_id,
            accept,
            int(level) if level.isdigit() else None,
            0.5,
            field(form, "comment"),
        )
    except (InvalidInput, Conflict):
        message = N_("Choose a level to accept, or write a comment to reject.")
        return _role_page(request, session, suggestion.role_id, {str(suggestion_id): message})
    return redirect(f"/frac/role/{suggestion.role_id}?done=1")

"""Drafting help: competencies the linker suggests for a role, which a reviewer accepts or rejects.

Suggestions come from the newest published dictionary, so only verified competencies are offered.
Accepting one adds a requirement to the role, which then goes back to draft for review like any
other change.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.linking import Link
from karmayogi.lms import orm
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import linkers
from karmayogi.lms.frac.review import back_to_draft, node_target
from karmayogi.lms.frac.store import working_scale
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Permission, Principal, Target


def suggest_for_text(session: Session, text: str, limit: int) -> list[Link]:
    if not text.strip():
        raise InvalidInput("title", "give a role title or description to suggest competencies for")
    return linkers.lexical(session).rank(text, limit)


def suggest_for_role(
    session: Session, principal: Principal, role_id: uuid.UUID, limit: int
) -> list[orm.CompetencySuggestion]:
    """Store new suggestions for a role from its name, description and activities; returns those added."""
    role = session.get(orm.Role, role_id)
    assert role is not None, "the route has located the role"
    if not principal.can(Permission.FRAC_AUTHOR, node_target(session, "role", role_id).path):
        raise PermissionDenied("asking for suggestions needs frac:author over the role's organisation")
    activities = list(session.scalars(select(orm.Activity).where(orm.Activity.role_id == role_id)))
    text = " ".join([role.name, role.description, *(a.description for a in activities)])
    activity_ids = [a.id for a in activities]
    known = set(
        session.scalars(
            select(orm.Requirement.competency_id).where(
                (orm.Requirement.role_id == role_id) | orm.Requirement.activity_id.in_(activity_ids)
            )
        )
    ) | set(
        session.scalars(
            select(orm.CompetencySuggestion.competency_id).where(orm.CompetencySuggestion.role_id == role_id)
        )
    )
    links = [
        link
        for link in suggest_for_text(session, text, limit + len(known))
        if link.competency_id not in known
    ]
    added = [
        orm.CompetencySuggestion(role_id=role_id, competency_id=link.competency_id, score=link.score)
        for link in links[:limit]
    ]
    session.add_all(added)
    session.flush()
    return added


def suggestion_target(session: Session, suggestion_id: uuid.UUID) -> Target:
    role_id = session.scalar(
        select(orm.CompetencySuggestion.role_id).where(orm.CompetencySuggestion.id == suggestion_id)
    )
    if role_id is None:
        raise NotFound("suggestion", suggestion_id)
    target = node_target(session, "role", role_id)
    return Target("suggestion", suggestion_id, target.path, owner_id=target.owner_id)


def list_suggestions(
    session: Session, role_id: uuid.UUID, cursor: str | None, limit: int
) -> Page[orm.CompetencySuggestion]:
    stmt = select(orm.CompetencySuggestion).where(orm.CompetencySuggestion.role_id == role_id)
    return paginate(session, stmt, orm.CompetencySuggestion.id, cursor, limit)


def decide(
    session: Session,
    principal: Principal,
    suggestion_id: uuid.UUID,
    accept: bool,
    level: int | None,
    weight: float,
    comment: str,
) -> orm.CompetencySuggestion:
    """A reviewer's verdict; acceptance adds the requirement and sends the role back to draft."""
    suggestion = session.get(orm.CompetencySuggestion, suggestion_id)
    assert suggestion is not None, "the route has located the suggestion"
    role = session.get(orm.Role, suggestion.role_id)
    assert role is not None
    path = node_target(session, "role", role.id).path
    if not (principal.can(Permission.FRAC_REVIEW_L1, path) or principal.can(Permission.FRAC_REVIEW_L2, path)):
        raise PermissionDenied(
            "deciding on a suggestion needs a FRAC review tier over the role's organisation"
        )
    if principal.id in (role.created_by, role.submitted_by):
        raise PermissionDenied("you cannot decide on suggestions for a role you drafted or submitted")
    if suggestion.status != "suggested":
        raise Conflict("status", f"this suggestion was already {suggestion.status}")
    if accept:
        scale = working_scale(session)
        if level not in scale:
            raise InvalidInput("level", f"accepting needs a level within the scale 1..{scale.top}")
        if not 0 < weight <= 1:
            raise InvalidInput("weight", "must be in (0, 1]")
        session.add(
            orm.Requirement(
                role_id=role.id, competency_id=suggestion.competency_id, level=level, weight=weight
            )
        )
        back_to_draft(
            session,
            principal,
            "role",
            role,
            f"accepted suggested competency {suggestion.competency_id} at level {level}",
        )
    elif not comment.strip():
        raise InvalidInput("comment", "a comment is required to reject a suggestion")
    suggestion.status = "accepted" if accept else "rejected"
    suggestion.decided_by = principal.id
    suggestion.decided_at = utcnow()
    suggestion.comment = comment.strip()
    session.flush()
    return suggestion

"""The two-tier review of FRAC nodes, with scope, tier and self-review checks and a full audit trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from karmayogi.frac.model import ReviewStatus
from karmayogi.frac.review import IllegalTransition, ReviewAction, Tier, next_step
from karmayogi.lms import orm
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal, Target, check_four_eyes

NODES: dict[str, type[orm.Competency] | type[orm.Role] | type[orm.Position]] = {
    "competency": orm.Competency,
    "role": orm.Role,
    "position": orm.Position,
}
TIER_PERMISSION = {
    Tier.AUTHOR: Permission.FRAC_AUTHOR,
    Tier.L1: Permission.FRAC_REVIEW_L1,
    Tier.L2: Permission.FRAC_REVIEW_L2,
}


@dataclass(frozen=True)
class NodeRef:
    kind: str
    id: uuid.UUID


def node_model(kind: str) -> type[orm.Competency] | type[orm.Role] | type[orm.Position]:
    try:
        return NODES[kind]
    except KeyError:
        raise InvalidInput("kind", f"must be one of {', '.join(NODES)}") from None


def node_target(session: Session, kind: str, node_id: uuid.UUID) -> Target:
    """Where a node sits: its organisation's path, or the whole platform for shared nodes."""
    model = node_model(kind)
    row = session.execute(
        select(orm.Organisation.path, model.created_by)
        .select_from(model)
        .outerjoin(orm.Organisation, model.organisation_id == orm.Organisation.id)
        .where(model.id == node_id)
    ).first()
    if row is None:
        raise NotFound(kind, node_id)
    return Target(kind, node_id, row.path or PLATFORM_PATH, owner_id=row.created_by)


def review(
    session: Session, principal: Principal, kind: str, node_id: uuid.UUID, action: ReviewAction, comment: str
) -> orm.ReviewEvent:
    """Move one node a step along the review, as the caller, and audit it."""
    node = session.get(node_model(kind), node_id)
    if node is None:
        raise NotFound(kind, node_id)
    target = node_target(session, kind, node_id)
    before = ReviewStatus(node.status)
    try:
        step = next_step(before, action, comment)
    except IllegalTransition as exc:
        raise InvalidInput("action", str(exc)) from None
    permission = TIER_PERMISSION[step.tier]
    if not principal.can(permission, target.path):
        raise PermissionDenied(
            f"you need {permission.value} over this {kind}'s organisation to {action.value} it"
        )
    if step.tier is not Tier.AUTHOR:
        check_four_eyes(
            principal,
            (node.created_by, node.submitted_by),
            f"you cannot review your own {kind}: another reviewer must",
        )
    if step.tier is Tier.L2:
        check_four_eyes(
            principal,
            (node.l1_reviewed_by,),
            "the L2 review must be done by someone other than the L1 reviewer",
        )
    if step.tier is Tier.AUTHOR:
        node.submitted_by = principal.id
    if step.tier is Tier.L1 and step.to is ReviewStatus.L1_APPROVED:
        node.l1_reviewed_by = principal.id
    if step.to is ReviewStatus.SUBMITTED and before is ReviewStatus.L1_APPROVED:
        node.l1_reviewed_by = None  # back to L1, who reviews it afresh
    node.status = step.to.value
    return audit(
        session,
        principal,
        NodeRef(kind, node_id),
        node.organisation_id,
        action.value,
        before,
        step.to,
        comment,
    )


def back_to_draft(
    session: Session,
    principal: Principal,
    kind: str,
    node: orm.Competency | orm.Role | orm.Position,
    why: str,
) -> orm.ReviewEvent:
    """A changed node is a new draft that must pass review again; published versions keep the old one."""
    before = ReviewStatus(node.status)
    node.status = ReviewStatus.DRAFT.value
    node.submitted_by = node.l1_reviewed_by = None
    return audit(
        session,
        principal,
        NodeRef(kind, node.id),
        node.organisation_id,
        "edit",
        before,
        ReviewStatus.DRAFT,
        why,
    )


def audit(
    session: Session,
    principal: Principal,
    node: NodeRef,
    organisation_id: uuid.UUID | None,
    action: str,
    before: ReviewStatus,
    after: ReviewStatus,
    comment: str,
) -> orm.ReviewEvent:
    event = orm.ReviewEvent(
        node_kind=node.kind,
        node_id=node.id,
        organisation_id=organisation_id,
        actor_id=principal.id,
        action=action,
        from_status=before.value,
        to_status=after.value,
        comment=comment.strip(),
    )
    session.add(event)
    session.flush()
    return event


def history(
    session: Session, kind: str, node_id: uuid.UUID, cursor: str | None, limit: int
) -> Page[orm.ReviewEvent]:
    stmt = select(orm.ReviewEvent).where(
        orm.ReviewEvent.node_kind == kind, orm.ReviewEvent.node_id == node_id
    )
    return paginate(session, stmt, orm.ReviewEvent.id, cursor, limit)


def queue(session: Session, principal: Principal, kind: str, cursor: str | None, limit: int) -> Page[object]:
    """Nodes waiting for the caller's tier within their scope, leaving out their own."""
    model = node_model(kind)
    waiting = []
    for status, permission in (
        (ReviewStatus.SUBMITTED, Permission.FRAC_REVIEW_L1),
        (ReviewStatus.L1_APPROVED, Permission.FRAC_REVIEW_L2),
    ):
        paths = principal.scopes(permission)
        if paths:
            waiting.append((model.status == status.value) & in_scope(model.organisation_id, paths))
    if not waiting:
        raise PermissionDenied("your roles include no FRAC review tier")
    not_mine = and_(
        or_(model.created_by.is_(None), model.created_by != principal.id),
        or_(model.submitted_by.is_(None), model.submitted_by != principal.id),
    )
    stmt = select(model).where(or_(*waiting), not_mine)
    return paginate(session, stmt, model.id, cursor, limit)

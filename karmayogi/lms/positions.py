"""Reading the FRAC as stored: positions with their roles and requirements, and the competency dictionary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from karmayogi.frac.model import CompetencyType, ReviewStatus
from karmayogi.lms.errors import NotFound
from karmayogi.lms.organisations import in_scope, path_of
from karmayogi.lms.orm import Activity, Competency, Position, PositionRole, Requirement, Role
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Access, Permission, Target


@dataclass(frozen=True)
class RequirementLine:
    """One competency a role needs, directly or through one of its activities."""

    role: str
    activity: str | None
    competency_id: uuid.UUID
    competency: str
    competency_type: str
    level: int
    weight: float


@dataclass(frozen=True)
class PositionDetail:
    position: Position
    roles: list[str]
    requirements: list[RequirementLine]


def position_target(session: Session, position_id: uuid.UUID) -> Target:
    return Target("position", position_id, path_of(session, Position, position_id, "position"))


def position_detail(session: Session, position_id: uuid.UUID) -> PositionDetail:
    position = session.get(Position, position_id)
    if position is None:
        raise NotFound("position", position_id)
    roles = list(
        session.scalars(
            select(Role.name)
            .join(PositionRole, PositionRole.role_id == Role.id)
            .where(PositionRole.position_id == position_id)
            .order_by(Role.name)
        )
    )
    rows = session.execute(
        select(
            Role.name,
            Activity.description,
            Competency.id,
            Competency.name,
            Competency.type,
            Requirement.level,
            Requirement.weight,
        )
        .select_from(Requirement)
        .outerjoin(Activity, Requirement.activity_id == Activity.id)
        .join(Role, or_(Requirement.role_id == Role.id, Activity.role_id == Role.id))
        .join(PositionRole, PositionRole.role_id == Role.id)
        .join(Competency, Requirement.competency_id == Competency.id)
        .where(PositionRole.position_id == position_id)
        .order_by(Role.name, Competency.name)
    )
    return PositionDetail(position, roles, [RequirementLine(*row) for row in rows])


def _published_or_reviewable(model: type[Position] | type[Competency], access: Access) -> ColumnElement[bool]:
    """Verified nodes for everyone; drafts only for their authors and reviewers, within their scope."""
    drafts = access.principal.scopes(Permission.FRAC_DRAFTS_READ)
    return or_(model.status == ReviewStatus.VERIFIED.value, in_scope(model.organisation_id, drafts))


def list_positions(
    session: Session, access: Access, organisation_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[Position]:
    stmt = select(Position).where(
        in_scope(Position.organisation_id, access.paths), _published_or_reviewable(Position, access)
    )
    if organisation_id is not None:
        stmt = stmt.where(Position.organisation_id == organisation_id)
    return paginate(session, stmt, Position.id, cursor, limit)


def list_competencies(
    session: Session, access: Access, type_: CompetencyType | None, cursor: str | None, limit: int
) -> Page[Competency]:
    """Shared competencies, plus the department-specific ones of departments in scope."""
    stmt = select(Competency).where(
        or_(Competency.organisation_id.is_(None), in_scope(Competency.organisation_id, access.paths)),
        _published_or_reviewable(Competency, access),
    )
    if type_ is not None:
        stmt = stmt.where(Competency.type == type_.value)
    return paginate(session, stmt, Competency.id, cursor, limit)

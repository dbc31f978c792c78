"""The FRAC as published: resolved requirements, who needs a competency, similar positions, prerequisites.

Every query reads a published version (the newest unless `version` is given), so what it shows
is verified and the same for everyone who asks about that version.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.api.deps import SessionDep, require
from karmayogi.api.schemas import MAX_NUMBER
from karmayogi.api.scopes import position_scope
from karmayogi.frac.graph import FracGraph, UnknownNode
from karmayogi.frac.model import CompetencyType, Position
from karmayogi.lms.errors import NotFound
from karmayogi.lms.frac import versions
from karmayogi.lms.frac.review import node_target
from karmayogi.lms.orm import Organisation
from karmayogi.lms.permissions import Access, Permission, Target

router = APIRouter(tags=["FRAC graph"])
VersionQuery = Annotated[
    int | None, Query(ge=1, le=MAX_NUMBER, description="FRAC version; the newest published when omitted")
]


class ResolvedRequirementOut(BaseModel):
    competency_id: uuid.UUID
    name: str
    type: CompetencyType
    level: int
    weight: float
    role_ids: list[uuid.UUID]
    activity_ids: list[uuid.UUID]


class RequirementsOut(BaseModel):
    position_id: uuid.UUID
    version: int
    requirements: list[ResolvedRequirementOut]


class SimilarPositionOut(BaseModel):
    position_id: uuid.UUID
    designation: str
    similarity: float


class NeededByOut(BaseModel):
    competency_id: uuid.UUID
    version: int
    role_ids: list[uuid.UUID]
    position_ids: list[uuid.UUID]


class PrerequisitesOut(BaseModel):
    competency_id: uuid.UUID
    version: int
    prerequisite_ids: list[uuid.UUID]


def competency_scope(competency_id: uuid.UUID, session: SessionDep) -> Target:
    target = node_target(session, "competency", competency_id)
    # Shared competencies are everyone's; a department's own are read within its scope.
    return Target(target.what, target.id, target.path, public=target.path == "/")


def _graph(session: Session, version: int | None) -> tuple[int, FracGraph]:
    number = version or versions.latest_number(session)
    return number, versions.graphs.get(session, number)


def _in_version(kind: str, node_id: uuid.UUID, number: int) -> NotFound:
    return NotFound(kind, f"{node_id} in FRAC version {number}")


@router.get("/positions/{position_id}/requirements", response_model=RequirementsOut)
def position_requirements(
    position_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_READ, position_scope)],
    version: VersionQuery = None,
) -> RequirementsOut:
    """Every competency the position needs: the highest level any role or activity asks, the summed weight."""
    number, graph = _graph(session, version)
    try:
        resolved = graph.resolved_requirements(position_id)
    except UnknownNode:
        raise _in_version("position", position_id, number) from None
    return RequirementsOut(
        position_id=position_id,
        version=number,
        requirements=[ResolvedRequirementOut.model_validate(r, from_attributes=True) for r in resolved],
    )


@router.get("/positions/{position_id}/similar", response_model=list[SimilarPositionOut])
def similar_positions(
    position_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_READ, position_scope)],
    version: VersionQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[SimilarPositionOut]:
    """Positions in the caller's scope whose requirements overlap most (weighted Jaccard)."""
    number, graph = _graph(session, version)
    try:
        similar = graph.similar_positions(position_id, limit=1000)
    except UnknownNode:
        raise _in_version("position", position_id, number) from None
    designations = {p.id: p for p in graph.framework.positions}
    visible = _visible_positions(session, access, [pid for pid, _ in similar], designations)
    return [
        SimilarPositionOut(
            position_id=pid, designation=designations[pid].designation, similarity=round(score, 4)
        )
        for pid, score in similar
        if pid in visible
    ][:limit]


def _visible_positions(
    session: Session, access: Access, ids: list[uuid.UUID], positions: dict[uuid.UUID, Position]
) -> set[uuid.UUID]:
    """The positions among `ids` whose organisation lies within the caller's scope for the permission."""
    organisation_ids = {positions[i].organisation_id for i in ids if i in positions}
    paths = dict(
        session.execute(
            select(Organisation.id, Organisation.path).where(Organisation.id.in_(organisation_ids))
        ).all()
    )
    return {
        i
        for i in ids
        if i in positions
        and access.principal.can(access.permission, paths.get(positions[i].organisation_id, "?"))
    }


@router.get("/competencies/{competency_id}/needed-by", response_model=NeededByOut)
def needed_by(
    competency_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_READ, competency_scope)],
    version: VersionQuery = None,
) -> NeededByOut:
    """The roles that need the competency, and the positions within the caller's scope that hold them."""
    number, graph = _graph(session, version)
    try:
        roles, positions = graph.roles_needing(competency_id), graph.positions_needing(competency_id)
    except UnknownNode:
        raise _in_version("competency", competency_id, number) from None
    by_id = {p.id: p for p in graph.framework.positions}
    visible = _visible_positions(session, access, positions, by_id)
    return NeededByOut(
        competency_id=competency_id,
        version=number,
        role_ids=roles,
        position_ids=[p for p in positions if p in visible],
    )


@router.get("/competencies/{competency_id}/prerequisites", response_model=PrerequisitesOut)
def prerequisites(
    competency_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_READ, competency_scope)],
    version: VersionQuery = None,
) -> PrerequisitesOut:
    """Everything that must be held before the competency, each prerequisite before what depends on it."""
    number, graph = _graph(session, version)
    try:
        closure = graph.prerequisite_closure(competency_id)
    except UnknownNode:
        raise _in_version("competency", competency_id, number) from None
    return PrerequisitesOut(competency_id=competency_id, version=number, prerequisite_ids=closure)

import uuid
from typing import Annotated

from fastapi import APIRouter

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import CompetencyOut, Out, PageOut, page_out
from karmayogi.api.scopes import position_scope
from karmayogi.frac.model import CompetencyType
from karmayogi.lms import positions
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(tags=["FRAC"])


class PositionOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID
    designation: str
    grade: str
    pay_level: int | None
    description: str


class RequirementOut(Out):
    role: str
    activity: str | None
    competency_id: uuid.UUID
    competency: str
    competency_type: CompetencyType
    level: int
    weight: float


class PositionDetailOut(PositionOut):
    roles: list[str]
    requirements: list[RequirementOut]


@router.get("/positions", response_model=PageOut[PositionOut])
def list_positions(
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_READ)],
    organisation_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(PositionOut, positions.list_positions(session, access, organisation_id, cursor, limit))


@router.get("/positions/{position_id}", response_model=PositionDetailOut)
def get_position(
    position_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_READ, position_scope)],
) -> object:
    detail = positions.position_detail(session, position_id)
    return PositionDetailOut(
        **PositionOut.model_validate(detail.position).model_dump(),
        roles=detail.roles,
        requirements=[RequirementOut.model_validate(r) for r in detail.requirements],
    )


@router.get("/competencies", response_model=PageOut[CompetencyOut])
def list_competencies(
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_READ)],
    type: CompetencyType | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(CompetencyOut, positions.list_competencies(session, access, type, cursor, limit))

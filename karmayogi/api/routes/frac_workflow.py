"""Authoring, two-tier review, publication and import of the FRAC."""

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi import Body as BodyParam
from pydantic import BaseModel, Field

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import MAX_NUMBER, Body, CompetencyIn, CompetencyOut, Level, Out, PageOut, page_out
from karmayogi.api.scopes import competency_node, role_node, suggestion_scope
from karmayogi.frac import diff as frac_diff
from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.case import framework_from_case, framework_to_case
from karmayogi.frac.formats.native import framework_from_json, framework_to_json
from karmayogi.frac.model import Competency, ReviewStatus
from karmayogi.frac.review import ReviewAction
from karmayogi.frac.validation import validate
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.frac import authoring, drafting, review, versions
from karmayogi.lms.frac.store import load_working
from karmayogi.lms.permissions import Access, Permission, Target

router = APIRouter(tags=["FRAC workflow"])
NodeKind = Literal["competency", "role", "position"]


class CompetencyChanges(Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    area: str | None = Field(None, max_length=200)
    theme: str | None = Field(None, max_length=200)
    sub_theme: str | None = Field(None, max_length=200)
    level_descriptors: list[tuple[int, str]] | None = None
    alt_labels: list[str] | None = None
    retired: bool | None = None


class DraftCompetencyOut(CompetencyOut):
    status: ReviewStatus
    retired: bool
    level_descriptors: list[tuple[int, str]]
    alt_labels: list[str]


class ReviewIn(Body):
    action: ReviewAction
    comment: str = Field("", max_length=4000)


class ReviewEventOut(Out):
    id: uuid.UUID
    node_kind: str
    node_id: uuid.UUID
    actor_id: uuid.UUID
    action: str
    from_status: ReviewStatus
    to_status: ReviewStatus
    comment: str
    at: datetime


class QueueItemOut(Out):
    id: uuid.UUID
    status: ReviewStatus
    organisation_id: uuid.UUID | None
    submitted_by: uuid.UUID | None


class VersionOut(Out):
    number: int
    name: str
    digest: str
    published_by: uuid.UUID | None
    published_at: datetime


class PublishIn(Body):
    name: str = Field("National FRAC", min_length=1, max_length=200)


class ProblemOut(BaseModel):
    code: str
    message: str
    nodes: list[str]


class ImportOut(BaseModel):
    counts: dict[str, int]
    warnings: list[ProblemOut]


def node_scope(kind: Annotated[NodeKind, Path()], node_id: uuid.UUID, session: SessionDep) -> Target:
    return review.node_target(session, kind, node_id)


@router.post("/competencies", response_model=DraftCompetencyOut, status_code=201)
def create_competency(
    body: CompetencyIn, session: SessionDep, access: Annotated[Access, require(Permission.FRAC_AUTHOR)]
) -> object:
    """A new competency, as a draft of the caller's until it passes review."""
    competency = Competency(
        id=uuid.uuid4(),
        **{
            **body.model_dump(),
            "level_descriptors": tuple(body.level_descriptors),
            "alt_labels": tuple(body.alt_labels),
        },
    )
    return authoring.create_competency(session, access.principal, competency)


@router.patch("/competencies/{competency_id}", response_model=DraftCompetencyOut)
def edit_competency(
    competency_id: uuid.UUID,
    body: CompetencyChanges,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, competency_node, owner_may=True)],
) -> object:
    """Edit a competency: it becomes a draft again; published versions keep what they had."""
    changes = body.model_dump(exclude_unset=True)
    for field in ("name", "retired"):
        if field in changes and changes[field] is None:
            raise InvalidInput(field, "cannot be null")
    return authoring.edit_competency(session, access.principal, competency_id, changes)


@router.post("/frac/{kind}/{node_id}/review", response_model=ReviewEventOut)
def review_node(
    kind: NodeKind,
    node_id: uuid.UUID,
    body: ReviewIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, node_scope, owner_may=True)],
) -> object:
    """Submit, approve or reject a node at the caller's tier; every step is audited."""
    return review.review(session, access.principal, kind, node_id, body.action, body.comment)


@router.get("/frac/{kind}/{node_id}/history", response_model=PageOut[ReviewEventOut])
def node_history(
    kind: NodeKind,
    node_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, node_scope, owner_may=True)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Who moved the node from which state to which, when, and why."""
    return page_out(ReviewEventOut, review.history(session, kind, node_id, cursor, limit))


@router.get("/frac/review-queue", response_model=PageOut[QueueItemOut])
def review_queue(
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_DRAFTS_READ)],
    kind: NodeKind = "competency",
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Nodes waiting for the caller's review tier in their scope, not counting their own."""
    return page_out(QueueItemOut, review.queue(session, access.principal, kind, cursor, limit))


@router.get("/frac/validation", response_model=list[ProblemOut])
def validate_working_copy(
    session: SessionDep, _: Annotated[Access, require(Permission.FRAC_DRAFTS_READ)]
) -> list[ProblemOut]:
    """Every problem in the working copy, drafts included, each naming its nodes."""
    return [
        ProblemOut(code=p.code, message=p.message, nodes=list(p.nodes))
        for p in validate(load_working(session, "working"))
    ]


@router.get("/frac/versions", response_model=list[VersionOut])
def list_versions(session: SessionDep, _: Annotated[Access, require(Permission.FRAC_READ)]) -> object:
    """Every published version, oldest first."""
    return versions.list_versions(session)


@router.post("/frac/versions", response_model=VersionOut, status_code=201)
def publish_version(
    body: PublishIn, session: SessionDep, access: Annotated[Access, require(Permission.FRAC_PUBLISH)]
) -> object:
    """Freeze the verified nodes as the next version; refused, naming every problem, if any blocks it."""
    versions.check_publisher(access.principal)
    return versions.publish(session, access.principal.id, body.name)


@router.get("/frac/versions/{number}")
def get_version(
    number: Annotated[int, Path(ge=1, le=MAX_NUMBER)],
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_READ)],
    format: Literal["native", "case"] = "native",
) -> dict[str, Any]:
    """One published version, in the native JSON format or as a 1EdTech CASE v1.1 CFPackage."""
    framework = versions.load_version(session, number)
    if format == "case":
        return framework_to_case(framework, uri_base=f"urn:karmayogi:frac:v{number}")
    return framework_to_json(framework)


@router.get("/frac/versions/{old}/diff/{new}")
def diff_versions(
    old: Annotated[int, Path(ge=1, le=MAX_NUMBER)],
    new: Annotated[int, Path(ge=1, le=MAX_NUMBER)],
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_READ)],
) -> dict[str, Any]:
    """What changed from one version to another: nodes added, removed and changed (with the fields)."""
    result = frac_diff.diff(versions.load_version(session, old), versions.load_version(session, new))
    return {"old": old, "new": new, "summary": result.summary(), "diff": asdict(result)}


@router.post("/frac/imports", response_model=ImportOut, status_code=201)
def import_framework(
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_AUTHOR)],
    document: Annotated[dict[str, Any], BodyParam()],
    format: Literal["native", "case"] = "native",
) -> ImportOut:
    """Add a framework (native JSON or a CASE CFPackage) to the working copy as drafts, all or nothing."""
    try:
        framework = framework_from_case(document) if format == "case" else framework_from_json(document)
    except FormatError as exc:
        raise InvalidInput("body", str(exc)) from None
    report = authoring.import_framework(session, access.principal, framework)
    return ImportOut(
        counts=report.counts,
        warnings=[ProblemOut(code=p.code, message=p.message, nodes=list(p.nodes)) for p in report.warnings],
    )


class DraftTextIn(Body):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    limit: int = Field(10, ge=1, le=50)


class LinkOut(BaseModel):
    competency_id: uuid.UUID
    name: str
    score: float


class SuggestionOut(Out):
    id: uuid.UUID
    role_id: uuid.UUID
    competency_id: uuid.UUID
    score: float
    status: Literal["suggested", "accepted", "rejected"]
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    comment: str


class DecisionIn(Body):
    accept: bool
    level: Level | None = Field(None, description="required when accepting")
    weight: float = Field(0.5, description="importance of the new requirement, in (0, 1]")
    comment: str = Field("", max_length=4000)


@router.post("/frac/suggestions", response_model=list[LinkOut])
def suggest_for_text(
    body: DraftTextIn, session: SessionDep, _: Annotated[Access, require(Permission.FRAC_AUTHOR)]
) -> object:
    """Competencies of the newest published dictionary that fit a role being drafted, best first."""
    return drafting.suggest_for_text(session, f"{body.title} {body.description}", body.limit)


@router.post("/frac/roles/{role_id}/suggestions", response_model=list[SuggestionOut], status_code=201)
def suggest_for_role(
    role_id: uuid.UUID,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, role_node, owner_may=True)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> object:
    """Store suggestions for a role (leaving out what it already needs) for a reviewer to decide on."""
    return drafting.suggest_for_role(session, access.principal, role_id, limit)


@router.get("/frac/roles/{role_id}/suggestions", response_model=PageOut[SuggestionOut])
def list_suggestions(
    role_id: uuid.UUID,
    session: SessionDep,
    _: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, role_node, owner_may=True)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    return page_out(SuggestionOut, drafting.list_suggestions(session, role_id, cursor, limit))


@router.post("/frac/suggestions/{suggestion_id}/decision", response_model=SuggestionOut)
def decide_suggestion(
    suggestion_id: uuid.UUID,
    body: DecisionIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.FRAC_DRAFTS_READ, suggestion_scope)],
) -> object:
    """Accept (with a level) or reject (with a comment) one suggestion; accepting sends the role to draft."""
    return drafting.decide(
        session, access.principal, suggestion_id, body.accept, body.level, body.weight, body.comment
    )

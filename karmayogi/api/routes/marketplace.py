"""Providers of the marketplace, their ratings, and the content requests departments send them."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from karmayogi.api.deps import Cursor, Limit, SessionDep, require
from karmayogi.api.schemas import Body, Out, PageOut, RatingSummaryOut, page_out
from karmayogi.content import encoders
from karmayogi.content.lifecycle import RequestAction
from karmayogi.content.model import ContentKind, ContentRequestStatus, DeliveryMode, ProviderType
from karmayogi.content.search import SearchFilters
from karmayogi.lms.catalogue import ratings, requests, search
from karmayogi.lms.errors import NotFound
from karmayogi.lms.orm import Provider
from karmayogi.lms.paging import paginate
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(tags=["marketplace"])


class ProviderOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    type: ProviderType
    accreditation: str
    contact_email: str


class ProviderDetailOut(ProviderOut):
    rating: RatingSummaryOut


@router.get("/providers", response_model=PageOut[ProviderOut])
def list_providers(
    session: SessionDep,
    _: Annotated[Access, require(Permission.COURSES_READ)],
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Every provider on the marketplace: the catalogue is open to all officials."""
    return page_out(ProviderOut, paginate(session, select(Provider), Provider.id, cursor, limit))


@router.get("/providers/{provider_id}", response_model=ProviderDetailOut)
def get_provider(
    provider_id: uuid.UUID, session: SessionDep, _: Annotated[Access, require(Permission.COURSES_READ)]
) -> object:
    """A provider with the aggregate of the ratings of all its courses."""
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise NotFound("provider", provider_id)
    summary = ratings.summary(session, provider_id=provider_id)
    return ProviderDetailOut(
        **ProviderOut.model_validate(provider).model_dump(), rating=RatingSummaryOut(**summary.__dict__)
    )


class ContentRequestIn(Body):
    organisation_id: uuid.UUID = Field(description="the department asking")
    provider_id: uuid.UUID
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20_000)
    competency_ids: list[uuid.UUID] = Field([], max_length=50)
    learners: int | None = Field(None, ge=1, le=10_000_000)
    needed_by: datetime | None = None


class ContentRequestOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID
    provider_id: uuid.UUID
    title: str
    description: str
    competency_ids: list[uuid.UUID]
    learners: int | None
    needed_by: datetime | None
    status: ContentRequestStatus
    course_id: uuid.UUID | None
    raised_by: uuid.UUID
    raised_at: datetime


class AnswerIn(Body):
    action: RequestAction
    comment: str = Field("", max_length=4_000)
    course_id: uuid.UUID | None = Field(None, description="the published course that delivers the request")


@router.post("/content-requests", response_model=ContentRequestOut, status_code=201)
def raise_request(
    body: ContentRequestIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.CONTENT_REQUESTS_RAISE)],
) -> object:
    """A department asks a provider for content its people need."""
    return requests.raise_request(session, access.principal, **body.model_dump())


@router.get("/content-requests", response_model=PageOut[ContentRequestOut])
def list_requests(
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_READ)],
    status: ContentRequestStatus | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Requests the caller's departments raised, and requests to the providers they write for."""
    return page_out(
        ContentRequestOut, requests.list_requests(session, access.principal, status, cursor, limit)
    )


@router.get("/content-requests/{request_id}", response_model=ContentRequestOut)
def get_request(
    request_id: uuid.UUID, session: SessionDep, access: Annotated[Access, require(Permission.COURSES_READ)]
) -> object:
    return requests.visible_request(session, access.principal, request_id)


@router.post("/content-requests/{request_id}/answers", response_model=ContentRequestOut)
def answer_request(
    request_id: uuid.UUID,
    body: AnswerIn,
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_READ)],
) -> object:
    """The provider accepts, declines (saying why) or delivers with a published course."""
    return requests.answer(session, access.principal, request_id, body.action, body.comment, body.course_id)


class SearchHitOut(BaseModel):
    id: uuid.UUID
    title: str
    summary: str
    provider_id: uuid.UUID
    provider: str
    kind: ContentKind
    language: str
    mode: DeliveryMode
    learning_hours: float
    score: float
    lexical_rank: int | None
    dense_rank: int | None


@router.get("/catalogue/search", response_model=PageOut[SearchHitOut])
def search_catalogue(
    session: SessionDep,
    _: Annotated[Access, require(Permission.COURSES_READ)],
    q: Annotated[
        str, Query(max_length=500, description="words to look for; empty lists every match of the filters")
    ] = "",
    competency_id: uuid.UUID | None = None,
    level: Annotated[int | None, Query(ge=1, le=5, description="built to at least this level")] = None,
    provider_id: uuid.UUID | None = None,
    language: Annotated[str | None, Query(max_length=35, description="a BCP 47 language tag")] = None,
    mode: DeliveryMode | None = None,
    kind: ContentKind | None = None,
    min_hours: Annotated[float | None, Query(ge=0, le=100_000)] = None,
    max_hours: Annotated[float | None, Query(ge=0, le=100_000)] = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Hybrid lexical and semantic search over the published catalogue, with filters and stable paging."""
    filters = SearchFilters(competency_id, level, provider_id, language, mode, kind, min_hours, max_hours)
    hits, next_cursor = search.search(session, encoders.minilm(), q, filters, limit, cursor)
    return PageOut[SearchHitOut](
        items=[
            SearchHitOut(
                **{f: getattr(h.entry, f) for f in SearchHitOut.model_fields if hasattr(h.entry, f)},
                score=round(h.score, 6),
                lexical_rank=h.lexical_rank,
                dense_rank=h.dense_rank,
            )
            for h in hits
        ],
        next_cursor=next_cursor,
    )

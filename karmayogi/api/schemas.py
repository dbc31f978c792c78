"""Shapes shared by several route modules and pages."""

import dataclasses
import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from karmayogi.frac.model import CompetencyType
from karmayogi.lms.paging import Page

T = TypeVar("T")

# The longest text any field of a request takes unless it names its own maximum (a description, say).
MAX_TEXT = 10_000
# The largest version or sequence number a route takes: far beyond any real one, and well inside what
# every database stores as an integer.
MAX_NUMBER = 2**31 - 1
Level = Annotated[int, Field(ge=1, le=5, description="a proficiency level, 1 to 5")]


class Body(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped, and no text is unbounded.

    U+0000 and lone surrogates, which no column can store, are refused before parsing
    (karmayogi.api.limits), for every body whether or not it is one of these models.
    """

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def shape_of(domain: type[Any], name: str | None = None, module: str = __name__) -> type[Out]:
    """The response model of a domain dataclass, field for field: the concept is defined once, in the
    domain, and its JSON follows it. `name` keeps a schema's published name where it differs; `module`
    tells apart, in the OpenAPI, two schemas of one name (the route module's `__name__`)."""
    hints = get_type_hints(domain)
    fields: dict[str, Any] = {f.name: (hints[f.name], ...) for f in dataclasses.fields(domain)}
    return create_model(name or f"{domain.__name__}Out", __base__=Out, __module__=module, **fields)


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def page_out(item: type[Out], page: Page[object]) -> PageOut[Out]:
    return PageOut[item](  # type: ignore[valid-type]
        items=[item.model_validate(row) for row in page.items], next_cursor=page.next_cursor
    )


class EnrolmentOut(Out):
    id: uuid.UUID
    course_id: uuid.UUID
    course_version: int
    status: str
    progress: int
    enrolled_at: datetime
    completed_at: datetime | None


class CompetencyOut(Out):
    id: uuid.UUID
    organisation_id: uuid.UUID | None
    name: str
    type: CompetencyType
    area: str
    theme: str
    sub_theme: str
    description: str


class RatingSummaryOut(BaseModel):
    count: int
    average: float | None
    histogram: tuple[int, int, int, int, int]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class CompetencyIn(Body):
    name: str = Field(min_length=1, max_length=200)
    type: CompetencyType
    description: str = ""
    area: str = Field("", max_length=200)
    theme: str = Field("", max_length=200)
    sub_theme: str = Field("", max_length=200)
    level_descriptors: list[tuple[int, str]] = []
    alt_labels: list[str] = []
    organisation_id: uuid.UUID | None = Field(None, description="for a department's own domain competency")

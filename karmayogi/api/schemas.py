"""Shapes shared by several route modules."""

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

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


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def page_out(item: type[Out], page: Page[object]) -> PageOut[Out]:
    return PageOut[item](  # type: ignore[valid-type]
        items=[item.model_validate(row) for row in page.items], next_cursor=page.next_cursor
    )

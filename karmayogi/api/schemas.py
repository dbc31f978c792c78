"""Shapes shared by several route modules."""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from karmayogi.lms.paging import Page

T = TypeVar("T")


class Body(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def page_out(item: type[Out], page: Page[object]) -> PageOut[Out]:
    return PageOut[item](  # type: ignore[valid-type]
        items=[item.model_validate(row) for row in page.items], next_cursor=page.next_cursor
    )

"""The fields of a catalogue entry as both the JSON API and the studio's pages take them: one model,
so a page and a route accept exactly the same input."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AnyHttpUrl, Field

from karmayogi.api.schemas import Body
from karmayogi.content.model import ContentKind, DeliveryMode


class Lesson(Body):
    title: str = Field(min_length=1, max_length=300)
    minutes: int | None = Field(None, ge=1, le=10_000)
    resource_url: AnyHttpUrl | None = None


class Module(Body):
    title: str = Field(min_length=1, max_length=300)
    lessons: list[Lesson] = []


class ResourceLink(Body):
    title: str = Field(min_length=1, max_length=300)
    url: AnyHttpUrl


class OnsiteSession(Body):
    starts_at: datetime
    ends_at: datetime
    venue: str = Field(min_length=1, max_length=300)
    seats: int = Field(ge=1, le=100_000)


class ContentChanges(Body):
    """Fields of a catalogue entry; on edit, only those given change."""

    kind: ContentKind | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, max_length=2_000)
    description: str | None = Field(None, max_length=50_000)
    outline: list[Module] | None = None
    resource_links: list[ResourceLink] | None = None
    parts: list[uuid.UUID] | None = Field(
        None, description="published entries a program or pathway is made of"
    )
    sessions: list[OnsiteSession] | None = Field(None, description="on-site sessions of a blended program")
    seats: dict[uuid.UUID, Annotated[int, Field(ge=0, le=1_000_000)]] | None = Field(
        None, description="seats held by each department"
    )
    learning_hours: float | None = Field(None, gt=0, le=10_000)
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    mode: DeliveryMode | None = None
    licence: str | None = Field(None, max_length=100)
    price_paise: int | None = Field(None, ge=0, le=10**12)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(mode="json", exclude_unset=True).items() if v is not None}

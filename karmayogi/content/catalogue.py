"""A catalogue entry as the text-understanding code sees it: plain data, read from any store."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from karmayogi.content.model import ContentKind, DeliveryMode


@dataclass(frozen=True)
class CatalogueEntry:
    id: uuid.UUID
    provider_id: uuid.UUID
    provider: str  # the institution's name, for reports
    title: str
    summary: str = ""
    description: str = ""
    kind: ContentKind = ContentKind.COURSE
    language: str = "en"
    mode: DeliveryMode = DeliveryMode.ONLINE
    learning_hours: float = 1.0
    # Confirmed competency tags: (competency id, level built).
    competencies: tuple[tuple[uuid.UUID, int], ...] = field(default=())

    @property
    def text(self) -> str:
        """What an encoder reads: title, summary and description."""
        return "\n".join(part for part in (self.title, self.summary, self.description) if part)

    @property
    def text_digest(self) -> str:
        """Changes exactly when `text` does, so a stored embedding knows when it is stale."""
        return hashlib.sha256(self.text.encode()).hexdigest()

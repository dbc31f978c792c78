"""Catalogue search as a service: a warm index per process, rebuilt when the catalogue changes.

The index is rebuilt from the database whenever the catalogue revision has moved (a course was
published or retired, or a tag confirmed), embedding only entries whose text is new.
"""

from __future__ import annotations

import base64
import binascii
import struct
import threading
import uuid

from sqlalchemy.orm import Session

from karmayogi.content.encoders import Encoder
from karmayogi.content.search import CatalogueSearch, Hit, SearchFilters
from karmayogi.lms.catalogue.embeddings import CatalogueSnapshot, snapshot
from karmayogi.lms.errors import InvalidInput

MAX_QUERY_LENGTH = 500


class _WarmIndexes:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.built: dict[tuple[str, str], tuple[CatalogueSnapshot, CatalogueSearch]] = {}

    def get(self, session: Session, encoder: Encoder) -> CatalogueSearch:
        key = (str(session.get_bind().url), encoder.name)
        current = snapshot(session, encoder)
        with self.lock:
            found = self.built.get(key)
            if found is not None and found[0] is current:
                return found[1]
            index = CatalogueSearch(current.entries, current.vectors, encoder)
            self.built[key] = (current, index)
            return index


warm = _WarmIndexes()


def search(
    session: Session,
    encoder: Encoder,
    query: str,
    filters: SearchFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Hit], str | None]:
    """One page of the published catalogue for `query` and `filters`, and the cursor of the next."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput("q", f"must be at most {MAX_QUERY_LENGTH} characters")
    if filters.level is not None and filters.competency_id is None:
        raise InvalidInput("level", "filters by the level a competency is built to: give competency_id too")
    index = warm.get(session, encoder)
    hits = index.search(query, filters, limit + 1, _decode(cursor) if cursor else None)
    more = len(hits) > limit
    hits = hits[:limit]
    return hits, _encode(hits[-1]) if more else None


def _encode(hit: Hit) -> str:
    return base64.urlsafe_b64encode(struct.pack(">d", hit.score) + hit.entry.id.bytes).decode().rstrip("=")


def _decode(cursor: str) -> tuple[float, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return struct.unpack(">d", raw[:8])[0], uuid.UUID(bytes=raw[8:24])
    except (binascii.Error, ValueError, struct.error):
        raise InvalidInput("cursor", "is not a cursor this API issued") from None

"""Embeddings of published courses, kept in step with their text and with the encoder that made them.

A vector is recomputed when the course's text changes (its digest differs) or the encoder's
version does; vectors of another encoder are never read beside these.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.encoders import Encoder, Progress
from karmayogi.content.model import ContentKind, CourseStatus, DeliveryMode, TagStatus
from karmayogi.lms.db import upsertable_insert, utcnow
from karmayogi.lms.orm import CatalogueRevision, Course, CourseCompetency, CourseEmbedding, Provider

BATCH = 512


def published_entries(session: Session) -> list[CatalogueEntry]:
    """Every published entry with its confirmed tags, in id order."""
    tags: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = {}
    for course_id, competency_id, level in session.execute(
        select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.level)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(Course.status == CourseStatus.PUBLISHED, CourseCompetency.status == TagStatus.CONFIRMED)
    ):
        tags.setdefault(course_id, []).append((competency_id, level))
    rows = session.execute(
        select(
            Course.id,
            Course.provider_id,
            Provider.name,
            Course.title,
            Course.summary,
            Course.description,
            Course.kind,
            Course.language,
            Course.mode,
            Course.learning_hours,
        )
        .join(Provider, Provider.id == Course.provider_id)
        .where(Course.status == CourseStatus.PUBLISHED)
        .order_by(Course.id)
    )
    return [
        CatalogueEntry(
            id=r.id,
            provider_id=r.provider_id,
            provider=r.name,
            title=r.title,
            summary=r.summary,
            description=r.description,
            kind=ContentKind(r.kind),
            language=r.language,
            mode=DeliveryMode(r.mode),
            learning_hours=r.learning_hours,
            competencies=tuple(sorted(tags.get(r.id, []))),
        )
        for r in rows
    ]


_STORED = ("encoder_version", "text_digest", "vector", "embedded_at")  # what a newer encoding replaces
_EMBEDDING_CLASS = 0x456D6264  # advisory lock class of catalogue embedding ("Embd"); the key: the encoder


def embed(
    session: Session, encoder: Encoder, entries: list[CatalogueEntry], progress: Progress | None = None
) -> np.ndarray:
    """The entries' vectors, in order: stored ones where current, the rest encoded now and stored."""
    if session.get_bind().dialect.name == "postgresql":
        # Server workers starting together would each encode the whole catalogue (minutes at 10,000
        # courses), then collide storing it: one encodes, the others wait and read what it stored.
        key = int.from_bytes(hashlib.sha256(encoder.name.encode()).digest()[:4], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(_EMBEDDING_CLASS, key)))
    stored = {
        row.course_id: row
        for row in session.scalars(select(CourseEmbedding).where(CourseEmbedding.encoder == encoder.name))
    }
    matrix = np.zeros((len(entries), encoder.dimension), dtype=np.float32)
    stale: list[int] = []
    for i, entry in enumerate(entries):
        row = stored.get(entry.id)
        if row and row.encoder_version == encoder.version and row.text_digest == entry.text_digest:
            matrix[i] = np.frombuffer(row.vector, dtype=np.float32)
        else:
            stale.append(i)
    if not stale:
        return matrix
    encoded = encoder.encode([entries[i].text for i in stale], progress)
    now = utcnow()
    # Stored as an upsert: SQLite has no lock to wait on, and another thread may have stored the
    # same vectors meanwhile (the same text gives the same vector).
    upsert = upsertable_insert(session)
    for start in range(0, len(stale), BATCH):
        rows = []
        for j in range(start, min(start + BATCH, len(stale))):
            entry, vector = entries[stale[j]], encoded[j]
            matrix[stale[j]] = vector
            rows.append(
                {
                    "course_id": entry.id,
                    "encoder": encoder.name,
                    "encoder_version": encoder.version,
                    "text_digest": entry.text_digest,
                    "vector": vector.astype(np.float32).tobytes(),
                    "embedded_at": now,
                }
            )
        statement = upsert(CourseEmbedding).values(rows)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["course_id", "encoder"],
                set_={c: statement.excluded[c] for c in _STORED},
            )
        )
    return matrix


@dataclass(frozen=True)
class CatalogueSnapshot:
    """The published catalogue and its vectors at one revision: what every warm index is built from."""

    revision: Revision
    entries: list[CatalogueEntry]
    vectors: np.ndarray


@dataclass(frozen=True, eq=False)
class Published:
    """The published catalogue at one revision. Compared by identity, so a cache of what is derived
    from it (a candidate ranking's covers) keys on it without hashing ten thousand entries."""

    revision: Revision
    entries: list[CatalogueEntry]

    @functools.cached_property
    def _tagged(self) -> dict[uuid.UUID, list[int]]:
        numbers: dict[uuid.UUID, list[int]] = {}
        for number, entry in enumerate(self.entries):
            for competency_id in {c for c, _ in entry.competencies}:
                numbers.setdefault(competency_id, []).append(number)
        return numbers

    def tagged_with(self, competencies: Iterable[uuid.UUID]) -> list[CatalogueEntry]:
        """The entries tagged with any of `competencies`, in catalogue order: the only ones that can
        close a need for them, found without reading the other ten thousand."""
        numbers = sorted({n for c in set(competencies) for n in self._tagged.get(c, ())})
        return [self.entries[n] for n in numbers]


_lock = threading.Lock()
_published_lock = threading.Lock()
_published: dict[str, Published] = {}
_snapshots: dict[tuple[str, str, str], CatalogueSnapshot] = {}


def published(session: Session) -> Published:
    """The published entries as of the catalogue's current revision, read once per process and
    revision: a candidate ranking asks on every request, and reading 10,000 courses each time was
    most of its cost under load."""
    key = str(session.get_bind().url)
    now = revision(session)
    with _published_lock:
        found = _published.get(key)
        if found is None or found.revision != now:
            found = Published(now, published_entries(session))
            _published[key] = found
        return found


def snapshot(session: Session, encoder: Encoder) -> CatalogueSnapshot:
    """The catalogue as of its current revision, read and embedded once per process and revision.

    Search, harmonisation and recommendations all build on it, so a change to the catalogue is
    read from the database once, not once by each of them.
    """
    key = (str(session.get_bind().url), encoder.name, encoder.version)
    current = published(session)
    with _lock:
        found = _snapshots.get(key)
        if found is None or found.revision != current.revision:
            vectors = embed(session, encoder, current.entries)
            found = CatalogueSnapshot(current.revision, current.entries, vectors)
            _snapshots[key] = found
        return found


class Revision(NamedTuple):
    """Where the catalogue stands: the counter, and the epoch of the row that holds it."""

    epoch: str
    number: int


def revision(session: Session) -> Revision:
    row = session.execute(
        select(CatalogueRevision.epoch, CatalogueRevision.number).where(CatalogueRevision.id == 1)
    ).first()
    return Revision(row.epoch, row.number) if row else Revision("", 0)


def changed(session: Session) -> None:
    """Record that what search sees has changed: publication, retirement, a confirmed tag."""
    if not session.execute(
        update(CatalogueRevision).where(CatalogueRevision.id == 1).values(number=CatalogueRevision.number + 1)
    ).rowcount:
        session.add(CatalogueRevision(id=1, number=1))
        session.flush()

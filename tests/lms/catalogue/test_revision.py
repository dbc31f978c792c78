"""Warm indexes follow the catalogue's revision, also across a database emptied and filled again; the
catalogue is encoded once, however many processes warm at once."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import delete, select

from karmayogi.content.encoders import minilm
from karmayogi.lms.catalogue.embeddings import changed, embed, published_entries, revision, snapshot
from karmayogi.lms.db import Database
from karmayogi.lms.orm import CatalogueRevision, Course, CourseEmbedding, Organisation, Provider


def _publish(db: Database, title: str) -> uuid.UUID:
    with db.transaction() as session:
        code = uuid.uuid4().hex[:8]
        org = Organisation(kind="organisation", name=f"Institute {code}", path=f"/{code}")
        session.add(org)
        session.flush()
        provider = Provider(organisation_id=org.id, name=org.name, type="public_institute")
        session.add(provider)
        session.flush()
        course = Course(
            provider_id=provider.id, organisation_id=org.id, title=title, learning_hours=2, status="published"
        )
        session.add(course)
        session.flush()
        changed(session)
        return course.id


def test_a_refilled_catalogue_is_not_served_from_the_index_of_the_old_one(db: Database):
    first = _publish(db, "Noting and drafting")
    with db.transaction() as session:
        before = revision(session)
        assert [e.id for e in snapshot(session, minilm()).entries] == [first]
    with db.transaction() as session:  # emptied, as a reset or a restore does, then filled again
        for table in (CourseEmbedding, Course, Provider, Organisation, CatalogueRevision):
            session.execute(delete(table))
    second = _publish(db, "Right to Information for public information officers")
    with db.transaction() as session:
        after = revision(session)
        assert after.number == before.number and after.epoch != before.epoch
        assert [e.id for e in snapshot(session, minilm()).entries] == [second]


class _Counting:
    """MiniLM, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner, self.texts = minilm(), 0
        self.name, self.version, self.dimension = self.inner.name, self.inner.version, self.inner.dimension

    def encode(self, texts, progress=None):
        self.texts += len(texts)
        return self.inner.encode(texts, progress)


def test_workers_warming_at_once_encode_the_catalogue_once(db: Database):
    """Two server processes starting together: one encodes and stores, the other waits and reads it."""
    _publish(db, "Noting and drafting")
    first, second = _Counting(), _Counting()
    with db.transaction() as one:
        entries = published_entries(one)
        embed(one, first, entries)  # stored, not yet committed
        waiting: list[object] = []
        other = threading.Thread(target=lambda: _embed_apart(db, second, entries, waiting))
        other.start()
        other.join(timeout=1.0)
        if db.engine.dialect.name == "postgresql":
            assert other.is_alive()  # held back until the first commits
    other.join(timeout=30)
    assert waiting == ["done"]
    with db.transaction() as session:
        assert len(session.scalars(select(CourseEmbedding)).all()) == 1
    # PostgreSQL's workers take turns; SQLite's one process may encode twice, and stores once.
    assert (first.texts, second.texts) == ((1, 0) if db.engine.dialect.name == "postgresql" else (1, 1))


def _embed_apart(db: Database, encoder: _Counting, entries: list, done: list[object]) -> None:
    with db.transaction() as session:
        embed(session, encoder, entries)
    done.append("done")

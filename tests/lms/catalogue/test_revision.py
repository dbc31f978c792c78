"""Warm indexes follow the catalogue's revision, also across a database emptied and filled again."""

from __future__ import annotations

import uuid

from sqlalchemy import delete

from karmayogi.content.encoders import minilm
from karmayogi.lms.catalogue.embeddings import changed, revision, snapshot
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

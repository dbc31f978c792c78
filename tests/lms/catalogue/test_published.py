"""The published catalogue at a revision: the courses tagged with given competencies, in its order."""

import uuid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.model import ContentKind, DeliveryMode
from karmayogi.lms.catalogue.embeddings import Published, Revision

A, B, C = (uuid.uuid4() for _ in range(3))


def _entry(title: str, *tags: tuple[uuid.UUID, int]) -> CatalogueEntry:
    return CatalogueEntry(
        id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        provider="iGOT",
        title=title,
        summary="",
        description="",
        kind=ContentKind.COURSE,
        language="en",
        mode=DeliveryMode.ONLINE,
        learning_hours=2.0,
        competencies=tuple(tags),
    )


def test_tagged_with_keeps_catalogue_order_and_names_each_course_once():
    entries = [
        _entry("both", (A, 2), (B, 1)),
        _entry("none"),
        _entry("c", (C, 3)),
        _entry("a twice", (A, 1), (A, 3)),
    ]
    published = Published(Revision("epoch", 1), entries)
    assert [e.title for e in published.tagged_with([B, A])] == ["both", "a twice"]
    assert [e.title for e in published.tagged_with([C, A, C])] == ["both", "c", "a twice"]
    assert published.tagged_with([uuid.uuid4()]) == []

"""Concurrent batches that define the same activities all commit: no deadlock, one definition each."""

import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation, XapiActivity, XapiStatement
from karmayogi.lms.xapi import statements as lrs

ACTIVITIES = 30
WRITERS = 4
BATCHES = 8
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "urn:test", "name": "client"}}


def _batch(rng: random.Random, writer: int, n: int) -> list[dict[str, object]]:
    """Every activity, in a shuffled order, each with a definition this batch alone gives."""
    order = list(range(ACTIVITIES))
    rng.shuffle(order)
    return [
        {
            "actor": {"mbox": f"mailto:officer{writer}@gov.example"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {
                "id": f"https://karmayogi.example/modules/{a}",
                "definition": {"name": {"en-US": f"Module {a}"}, "description": {f"hi-{writer}": f"{n}"}},
            },
        }
        for a in order
    ]


def test_batches_redefining_shared_activities_in_different_orders_all_commit(db: Database):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time, so its batches cannot deadlock")
    organisation_id = uuid.uuid4()
    with db.transaction() as session:
        session.add(
            Organisation(id=organisation_id, kind="ministry", name="Ministry", path=f"/{organisation_id}/")
        )
    client_ids = []
    with db.transaction() as session:
        for writer in range(WRITERS):
            client, _ = create_api_client(session, organisation_id, f"LMS {writer}", None)
            client_ids.append(client.id)

    def write(writer: int) -> None:
        rng = random.Random(writer)
        for n in range(BATCHES):
            with db.transaction() as session:
                lrs.store(
                    session, organisation_id, client_ids[writer], AUTHORITY, _batch(rng, writer, n), "1.0.3"
                )

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))

    with db.transaction() as session:
        stored = session.scalar(select(func.count()).select_from(XapiStatement))
        definitions = session.scalars(select(XapiActivity.definition)).all()
    assert stored == WRITERS * BATCHES * ACTIVITIES
    assert len(definitions) == ACTIVITIES
    writers = {f"hi-{writer}" for writer in range(WRITERS)}
    assert all(
        d["name"] == {"en-US": d["name"]["en-US"]} and d["description"].keys() <= writers for d in definitions
    )

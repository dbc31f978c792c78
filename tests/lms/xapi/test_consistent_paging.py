"""A reader that follows `more` links and then polls `since` the last Consistent-Through it was given
sees every statement exactly as writers commit them, even those whose transaction commits late."""

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import Base, make_engine
from karmayogi.lms.orm import ApiClient
from karmayogi.lms.xapi import statements as store

WRITERS = 4
BATCHES = 10
SIZE = 4
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "urn:test", "name": "client"}}


def _batch(writer: int, n: int) -> list[dict[str, object]]:
    return [
        {
            "id": str(uuid.uuid4()),
            "actor": {"mbox": f"mailto:officer{writer}@gov.example"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": f"https://karmayogi.example/modules/{writer}/{n}/{i}"},
        }
        for i in range(SIZE)
    ]


def _client(db, lrs) -> tuple[uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    """The organisation and id of the first side's API client, the writer in these tests."""
    with db.transaction() as session:
        client = session.scalars(select(ApiClient).where(ApiClient.key == lrs.a[0])).one()
        return client.organisation_id, client.id


def _time(header: str) -> datetime:
    return datetime.fromisoformat(header.replace("Z", "+00:00"))


@pytest.mark.parametrize("ascending", [False, True], ids=["newest-first", "oldest-first"])
def test_concurrent_writers_and_a_polling_reader_miss_nothing(db, lrs, ascending):
    organisation_id, client_id = _client(db, lrs)
    written: set[str] = set()
    written_lock = threading.Lock()
    done = threading.Event()

    def write(writer: int) -> None:
        rng = random.Random(writer)
        for n in range(BATCHES):
            batch = _batch(writer, n)
            with db.transaction() as session:
                store.store(session, organisation_id, client_id, AUTHORITY, batch, "1.0.3")
                # A slow transaction: it has its sequence numbers and stored time, and commits later
                # than batches that began after it.
                time.sleep(rng.choice([0, 0, 0.002, 0.02]))
            with written_lock:
                written.update(s["id"] for s in batch)

    def poll(since: str | None) -> tuple[list[dict[str, object]], str]:
        """Every page from one query, and the Consistent-Through its first page gave."""
        params = {"limit": "3", "ascending": str(ascending).lower()}
        if since:
            params["since"] = since
        first = lrs.call("GET", "/xapi/statements", params=params)
        assert first.status_code == 200, first.text
        through = first.headers["X-Experience-API-Consistent-Through"]
        page, found = first.json(), []
        while True:
            found += page["statements"]
            if not page["more"]:
                return found, through
            page = lrs.call("GET", page["more"]).json()

    seen: dict[str, dict[str, object]] = {}
    polls: list[tuple[datetime, set[str]]] = []  # each poll's Consistent-Through, and all seen by then
    since = None
    with ThreadPoolExecutor(WRITERS) as pool:
        writers = [pool.submit(write, w) for w in range(WRITERS)]
        pool.submit(lambda: ([w.result() for w in writers], done.set()))
        while True:
            finished = done.is_set()
            found, since = poll(since)
            seen.update((s["id"], s) for s in found)  # type: ignore[misc]
            polls.append((_time(since), set(seen)))
            if finished:
                break
    assert sum(1 for _ in written) == WRITERS * BATCHES * SIZE
    missed = written - seen.keys()
    assert not missed, f"{len(missed)} statements never seen by the polling reader"
    # Honest: a poll had returned, by then, every statement stored at or before the time it reported.
    stored = {sid: _time(s["stored"]) for sid, s in seen.items()}  # type: ignore[arg-type]
    for through, by_then in polls:
        promised = {sid for sid, at in stored.items() if at <= through}
        assert promised <= by_then, f"{len(promised - by_then)} stored by {through} were not yet returned"
    # The last poll came after every commit: its Consistent-Through covers every statement.
    assert max(stored.values()) <= polls[-1][0]


def _through(db, organisation_id: uuid.UUID) -> datetime:  # type: ignore[no-untyped-def]
    with db.sessions() as reading:
        return _time(store.settled(reading, organisation_id).through)


def test_consistent_through_stays_below_a_batch_until_it_commits(db, lrs):
    organisation_id, client_id = _client(db, lrs)
    first, second = _batch(0, 0), _batch(0, 1)
    with db.transaction() as session:
        store.store(session, organisation_id, client_id, AUTHORITY, first, "1.0.3")
    assert _through(db, organisation_id) >= _time(first[0]["stored"])
    with db.transaction() as writing:
        store.store(writing, organisation_id, client_id, AUTHORITY, second, "1.0.3")
        assert _time(second[0]["stored"]) > _time(first[0]["stored"])
        # The reader cannot see this batch yet, so it must not promise its stored time. (PostgreSQL
        # waits a moment for the batch, then answers the last point it settled.)
        during = _through(db, organisation_id)
        assert _time(first[0]["stored"]) <= during < _time(second[0]["stored"])
    assert _through(db, organisation_id) >= _time(second[0]["stored"])
    # With nothing being written it keeps up with the clock, so a reader waiting on it moves on. (On
    # SQLite "being written" means the whole database, which the app's projector writes to now and then.)
    for _ in range(100):
        time.sleep(0.01)
        if _through(db, organisation_id) > _time(second[0]["stored"]):
            break
    else:
        pytest.fail("Consistent-Through stayed at the last stored time with nothing being written")


def test_a_reader_of_documents_neither_waits_for_a_batch_nor_promises_it(db, lrs):
    """Documents, activities and agents read no statements: their point is the freshest to be had at
    once, so 200 AUs reading their state never queue every later batch behind them (the content
    benchmark's sessions did, at 6 statements a second), and it is still never beyond a batch in flight."""
    organisation_id, client_id = _client(db, lrs)
    first, second = _batch(1, 0), _batch(1, 1)
    with db.transaction() as session:
        store.store(session, organisation_id, client_id, AUTHORITY, first, "1.0.3")
    assert _through(db, organisation_id) >= _time(first[0]["stored"])  # settled once, waiting
    with db.transaction() as writing:
        store.store(writing, organisation_id, client_id, AUTHORITY, second, "1.0.3")
        started = time.perf_counter()
        with db.sessions() as reading:
            glanced = _time(store.settled(reading, organisation_id, wait=False).through)
        assert time.perf_counter() - started < 0.5  # the waiting reader gives up only after a second
        assert glanced < _time(second[0]["stored"])
    with db.sessions() as reading:
        assert _time(store.settled(reading, organisation_id, wait=False).through) >= _time(
            second[0]["stored"]
        )


def test_sqlite_settles_without_taking_a_second_pooled_connection(tmp_path):
    """A request holds one pooled connection; asking the pool for another to try the write lock left
    every connection held by a request waiting for a second, for the pool's timeout (the content
    benchmark's 200 AU sessions saw two-minute answers on SQLite)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'lrs.sqlite3'}", pool_size=1, max_overflow=0, pool_timeout=1)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.execute(select(1))  # the pool's only connection is now this request's
        assert store.settled(session, uuid.uuid4()).through

"""Warm start: the server builds its indexes before it reports ready, and no request pays for them."""

from __future__ import annotations

import gc
import time

from fastapi.testclient import TestClient

from karmayogi.api.app import create_app
from karmayogi.lms import warm_recommenders
from karmayogi.lms.catalogue import search
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed

SETTINGS = {"secret_key": "warm-" + "w" * 40}


def _ready_within(client: TestClient, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r = client.get("/healthz/ready")
        if r.status_code == 200:
            return r.json()
        assert r.status_code == 503 and r.json()["status"] == "warming"
        time.sleep(0.2)
    raise AssertionError(f"not ready after {seconds} s")


def test_readiness_waits_for_the_warm_indexes_while_liveness_answers(db: Database):
    with db.transaction() as session:
        seed(session, "small", 7)
    url = str(db.engine.url)
    gc.unfreeze()  # another test's warm start may have frozen this process
    app = create_app(Settings(database_url=db.url, **SETTINGS), db, warm_start=True)
    # Holding the recommender's build lock keeps the warm start at its last step, whatever the speed.
    with warm_recommenders.warm.lock, TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        deadline = time.monotonic() + 300
        while "search" not in client.get("/healthz/ready").json()["seconds"]:
            assert time.monotonic() < deadline, "the search index was not built"
            time.sleep(0.2)
        waiting = client.get("/healthz/ready")
        assert waiting.status_code == 503
        assert waiting.json()["status"] == "warming"
        assert any(key[0] == url for key in search.warm.built)
        warm_recommenders.warm.lock.release()
        try:
            body = _ready_within(client, 300)
        finally:
            warm_recommenders.warm.lock.acquire()
        assert body["status"] == "ready" and body["error"] is None
        assert set(body["seconds"]) == {"encoder", "search", "recommender"}
        assert url in warm_recommenders.warm.built
        # What the warm start built is out of the collector's reach: full collections took ~0.5 s.
        assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_an_app_given_its_database_is_ready_at_once(db: Database):
    app = create_app(Settings(database_url=db.url, **SETTINGS), db)
    with TestClient(app) as client:
        r = client.get("/healthz/ready")
        assert r.status_code == 200
        assert r.json() == {"status": "ready", "seconds": {}, "error": None}

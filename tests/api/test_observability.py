"""Structured logs and metrics, read as an operator's collector would: the JSON lines and /metrics text."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from karmayogi.api.app import create_app
from karmayogi.lms import schema, telemetry
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from tests.api.conftest import PASSWORD, World


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The process's logging configured as `karmayogi serve` does, into a buffer."""
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    telemetry.configure_logging("INFO", stream)
    yield stream
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def _statement(world: World) -> dict:
    return {
        "actor": {"mbox": "mailto:someone@example.com", "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {"id": "http://example.com/activities/observability", "objectType": "Activity"},
    }


def test_no_password_token_or_secret_reaches_the_logs(world: World, log_lines: io.StringIO):
    c, learner = world.client, world.a.people["learner"]
    wrong = "not-the-password-Q7x!"
    r = c.post("/api/v1/auth/token", data={"username": f"{learner}@example.com", "password": wrong})
    assert r.status_code == 401
    r = c.post("/api/v1/auth/token", data={"username": f"{learner}@example.com", "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/v1/me", headers=headers).status_code == 200
    # A token in a query string (as a set-password link carries one) and a broken token.
    c.get(f"/api/v1/me?token={token}&password={PASSWORD}", headers=headers)
    assert c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}x"}).status_code == 401
    key, secret = world.a.api_client
    r = c.post(
        "/xapi/statements",
        json=_statement(world),
        auth=(key, secret),
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    assert r.status_code == 200, r.text
    assert (
        c.get(
            "/xapi/statements", auth=(key, "wrong-secret-8d1"), headers={"X-Experience-API-Version": "1.0.3"}
        ).status_code
        == 401
    )
    # Directly logged secrets are masked too, whoever logs them.
    logging.getLogger("karmayogi.test").warning(
        "connecting with Bearer %s", token, extra={"password": PASSWORD}
    )

    text = log_lines.getvalue()
    for secret_text in (PASSWORD, wrong, token, token.split(".")[1], secret, "wrong-secret-8d1"):
        assert secret_text not in text
    records = _records(log_lines)
    assert all("timestamp" in r and "level" in r for r in records)
    assert any(r.get("event") == "connecting with Bearer [redacted]" for r in records)


def test_each_request_is_one_line_with_its_id_caller_and_latency(world: World, log_lines: io.StringIO):
    c, learner = world.client, world.a.people["learner"]
    r = c.get("/api/v1/me", headers={**world.login(learner), "X-Request-ID": "balancer-42"})
    assert r.headers["X-Request-ID"] == "balancer-42"
    r = c.get(f"/api/v1/users/{learner}", headers=world.login(learner))
    assigned = r.headers["X-Request-ID"]
    assert len(assigned) == 32
    assert (
        c.get("/healthz", headers={"X-Request-ID": "bad id\twith tab"}).headers["X-Request-ID"]
        != "bad id\twith tab"
    )

    requests = [r for r in _records(log_lines) if r.get("event") == "request"]
    me = next(r for r in requests if r["request_id"] == "balancer-42")
    assert me["route"] == "/api/v1/me" and me["status"] == 200 and me["method"] == "GET"
    assert me["caller"] == f"user:{learner}"
    assert isinstance(me["latency_ms"], float) and me["latency_ms"] >= 0
    one = next(r for r in requests if r["request_id"] == assigned)
    assert one["route"] == "/api/v1/users/{user_id}" and one["path"] == f"/api/v1/users/{learner}"


def test_security_events_name_who_did_what(world: World, log_lines: io.StringIO):
    c, learner, admin = world.client, world.a.people["learner"], world.admin
    c.post("/api/v1/auth/token", data={"username": "nobody@example.com", "password": "x" * 12})
    r = c.post(
        f"/api/v1/users/{world.a.people['nobody']}/grants",
        json={"role": "learner", "organisation_id": str(world.a.office)},
        headers=world.login(admin),
    )
    assert r.status_code == 201, r.text
    events = [r for r in _records(log_lines) if r.get("logger") == telemetry.SECURITY]
    by_name = {r["event"]: r for r in events}
    assert by_name["sign_in_failed"]["email"] == "nobody@example.com"
    assert by_name["signed_in"]["user_id"] == str(admin)
    granted = by_name["role_granted"]
    assert granted["by"] == str(admin) and granted["user_id"] == str(world.a.people["nobody"])
    assert granted["role"] == "learner"
    assert learner  # the learner took no part


def _metrics(world: World) -> dict[str, list]:
    r = world.client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    return {f.name: f.samples for f in text_string_to_metric_families(r.text)}


def test_metrics_show_latency_by_route_template_ingest_and_projection(world: World):
    c = world.client
    learner = world.a.people["learner"]
    before = _metrics(world)
    stored_before = sum(
        s.value for s in before.get("karmayogi_xapi_statements_stored", []) if s.name.endswith("_total")
    )
    c.get(f"/api/v1/users/{learner}", headers=world.login(learner))
    key, secret = world.a.api_client
    r = c.post(
        "/xapi/statements",
        json=[_statement(world), _statement(world)],
        auth=(key, secret),
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    assert r.status_code == 200, r.text
    r = c.post(
        "/xapi/statements",
        json={"verb": {}},
        auth=(key, secret),
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    assert r.status_code == 400

    after = _metrics(world)
    # The registry is the process's: earlier tests' requests (a PATCH of the same route, say) are in it too.
    counts = [
        s
        for s in after["karmayogi_http_request_duration_seconds"]
        if s.name.endswith("_count")
        and s.labels["route"] == "/api/v1/users/{user_id}"
        and s.labels["method"] == "GET"
    ]
    assert counts and sum(s.value for s in counts) >= 1
    assert not any(
        str(learner) in s.labels.get("route", "") for s in after["karmayogi_http_request_duration_seconds"]
    )
    stored = sum(s.value for s in after["karmayogi_xapi_statements_stored"] if s.name.endswith("_total"))
    assert stored - stored_before == 2
    refused = [s for s in after["karmayogi_xapi_batches_refused"] if s.name.endswith("_total")]
    assert sum(s.value for s in refused) >= 1
    assert after["karmayogi_xapi_projection_waiting"][0].value >= 0
    assert after["karmayogi_xapi_projection_lag_seconds"][0].value >= 0


def test_a_batch_job_leaves_its_last_run_for_the_metrics(db: Database, tmp_path: Path):
    with telemetry.batch_job(tmp_path, "test-nightly"):
        pass
    with pytest.raises(RuntimeError), telemetry.batch_job(tmp_path, "test-failing"):
        raise RuntimeError("the job failed")
    settings = Settings(database_url=db.url, secret_key="m" * 40, data_dir=tmp_path)
    with TestClient(create_app(settings, db)) as client:
        r = client.get("/metrics")
    samples = {f.name: f.samples for f in text_string_to_metric_families(r.text)}
    ran = {s.labels["job"]: s.value for s in samples["karmayogi_batch_job_last_run_succeeded"]}
    assert ran == {"test-nightly": 1, "test-failing": 0}
    durations = {s.labels["job"] for s in samples["karmayogi_batch_job_last_duration_seconds"]}
    assert durations == {"test-nightly", "test-failing"}


def test_a_database_out_of_reach_is_a_503_to_retry_not_a_500(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    database = Database(f"sqlite:///{folder / 'karmayogi.sqlite3'}")
    schema.upgrade(database.engine)
    settings = Settings(database_url=database.url, secret_key="d" * 40, data_dir=tmp_path)
    with TestClient(create_app(settings, database)) as client:
        assert client.get("/healthz").status_code == 200
        database.engine.dispose()
        shutil.rmtree(folder)  # SQLite cannot open, nor create, the file now (its WAL files go too)
        r = client.get("/healthz")
        assert r.status_code == 503 and r.headers["retry-after"] == "2"
        assert "try again" in r.json()["detail"]
    database.dispose()


def test_a_burst_beyond_the_connection_pool_is_a_503_to_retry_not_a_500(postgres_server, tmp_path: Path):
    url = postgres_server()
    settings = Settings(
        database_url=url,
        secret_key="p" * 40,
        data_dir=tmp_path,
        database_pool_size=1,
        database_max_overflow=1,
        database_pool_timeout_seconds=0.5,
    )
    database = Database(url, **settings.database_pool)
    schema.upgrade(database.engine)
    with TestClient(create_app(settings, database)) as client:
        assert client.get("/healthz").status_code == 200
        held = [database.engine.connect() for _ in range(2)]  # every connection the pool may open
        try:
            r = client.get("/healthz")
            assert r.status_code == 503 and r.headers["retry-after"] == "1"
            assert "busy" in r.json()["detail"]
        finally:
            for connection in held:
                connection.close()
        assert client.get("/healthz").status_code == 200
    database.dispose()

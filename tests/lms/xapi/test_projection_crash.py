"""Kill the server mid-ingest: every acknowledged statement is stored and, after a restart, projected."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from sqlalchemy import select

from karmayogi.lms.db import Database
from karmayogi.lms.learning.projections import duration_seconds
from karmayogi.lms.orm import Course, Enrolment, Organisation, Provider, User, XapiStatement
from karmayogi.lms.orm.xapi import XapiProjectionOutbox
from karmayogi.lms.xapi.emitting import PROGRESS

PUBLIC_URL = "https://karmayogi.test"
LEARNERS = 30
BATCH = 40
ACKNOWLEDGED_BEFORE_KILL = 12
ADL = "http://adlnet.gov/expapi/verbs"


def _karmayogi() -> str:
    return shutil.which("karmayogi", path=str(Path(sys.executable).parent)) or "karmayogi"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Ingest:
    """Batches POSTed from a thread, and those the server acknowledged with their ids."""

    base: str
    auth: tuple[str, str]
    emails: list[str]
    course_iri: str
    acknowledged: list[str] = field(default_factory=list)
    batches: int = 0
    stopped: threading.Event = field(default_factory=threading.Event)

    def batch(self, n: int) -> list[dict[str, Any]]:
        statements = []
        for k in range(BATCH):
            i = n * BATCH + k
            verb = "completed" if i % 97 == 96 else "progressed"
            result: dict[str, Any] = {"duration": f"PT{i % 50 + 1}.5S"}
            if verb == "progressed":
                result["extensions"] = {PROGRESS: i * 7 % 100}
            statements.append(
                {
                    "id": str(uuid.uuid4()),
                    "actor": {"mbox": f"mailto:{self.emails[i % LEARNERS]}"},
                    "verb": {"id": f"{ADL}/{verb}"},
                    "object": {"id": self.course_iri},
                    "result": result,
                }
            )
        return statements

    def run(self) -> None:
        with httpx.Client(timeout=30) as http:
            n = 0
            while not self.stopped.is_set():
                sent = self.batch(n)
                try:
                    r = http.post(
                        f"{self.base}/xapi/statements",
                        json=sent,
                        auth=self.auth,
                        headers={"X-Experience-API-Version": "1.0.3"},
                    )
                except httpx.TransportError:
                    return  # the server is gone: this batch was never acknowledged
                if r.status_code == 200 and r.json() == [s["id"] for s in sent]:
                    self.acknowledged += r.json()
                    self.batches += 1
                n += 1


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [_karmayogi(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    pytest.fail("the server did not start listening")


def _projection(statements: list[dict[str, Any]]) -> dict[str, tuple[str, int, int]]:
    """What projecting these statements must give, per learner's email: (status, progress, time spent)."""
    expected: dict[str, tuple[str, int, int]] = {}
    for statement in statements:
        email = statement["actor"]["mbox"].removeprefix("mailto:")
        status, progress, seconds = expected.get(email, ("in_progress", 0, 0))
        seconds += round(duration_seconds(statement["result"]["duration"]))
        if statement["verb"]["id"].endswith("/completed"):
            status, progress = "completed", 100
        elif status == "in_progress":
            progress = max(progress, statement["result"]["extensions"][PROGRESS])
        expected[email] = (status, progress, seconds)
    return expected


def _state(db: Database) -> tuple[dict[str, dict[str, Any]], set[str], dict[str, tuple[str, int, int]]]:
    """Stored statements by id, the ids still waiting for projection, and each learner's enrolment."""
    with db.transaction() as session:
        stored = {
            str(row.id): row.statement
            for row in session.execute(select(XapiStatement.id, XapiStatement.statement))
        }
        waiting = {
            str(i)
            for i in session.scalars(
                select(XapiStatement.id).join(
                    XapiProjectionOutbox, XapiProjectionOutbox.statement_seq == XapiStatement.seq
                )
            )
        }
        enrolments = {
            email: (status, progress, seconds)
            for email, status, progress, seconds in session.execute(
                select(User.email, Enrolment.status, Enrolment.progress, Enrolment.time_spent_seconds).join(
                    Enrolment, Enrolment.user_id == User.id
                )
            )
        }
    return stored, waiting, enrolments


@pytest.fixture
def deployment(
    empty_database_url: str, tmp_path: Path
) -> Iterator[tuple[Database, dict[str, str], list[str], str]]:
    """A migrated database with an office of learners and a published course, and the server's environment."""
    env = {
        **os.environ,
        "KARMAYOGI_DATABASE_URL": empty_database_url,
        "KARMAYOGI_DATA_DIR": str(tmp_path),
        "KARMAYOGI_SECRET_KEY": "crash-test-" + "k" * 32,
        "KARMAYOGI_PUBLIC_URL": PUBLIC_URL,
    }
    subprocess.run([_karmayogi(), "db", "upgrade"], env=env, check=True, capture_output=True)
    db = Database(empty_database_url)
    with db.transaction() as session:
        org_id = uuid.uuid4()
        session.add(Organisation(id=org_id, kind="ministry", name="Ministry of Finance", path=f"/{org_id}/"))
        session.flush()
        provider = Provider(organisation_id=org_id, name="INGAF", type="public_institute")
        emails = [f"learner{n}@cga.gov.in" for n in range(LEARNERS)]
        session.add_all([provider, *(User(organisation_id=org_id, email=e, full_name=e) for e in emails)])
        session.flush()
        course = Course(
            provider_id=provider.id,
            organisation_id=org_id,
            title="PFMS essentials",
            learning_hours=3,
            status="published",
        )
        session.add(course)
        session.flush()
        course_iri = f"{PUBLIC_URL}/courses/{course.id}"
    env["CRASH_TEST_ORG"] = str(org_id)
    try:
        yield db, env, emails, course_iri
    finally:
        db.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("empty_database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_server_killed_mid_ingest_loses_no_acknowledged_statement(deployment):  # type: ignore[no-untyped-def]
    db, env, emails, course_iri = deployment
    created = subprocess.run(
        [
            _karmayogi(),
            "xapi",
            "clients",
            "create",
            "--name",
            "Course player",
            "--org",
            env["CRASH_TEST_ORG"],
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    credentials = json.loads(created.stdout)
    port = _free_port()
    server = _serve(env, port)
    ingest = Ingest(
        f"http://127.0.0.1:{port}", (credentials["key"], credentials["secret"]), emails, course_iri
    )
    poster = threading.Thread(target=ingest.run)
    poster.start()
    try:
        while ingest.batches < ACKNOWLEDGED_BEFORE_KILL and poster.is_alive():
            time.sleep(0.01)
        server.send_signal(signal.SIGKILL)  # while the poster is sending its next batch
        server.wait(timeout=30)
    finally:
        ingest.stopped.set()
        poster.join(timeout=60)
    assert ingest.batches >= ACKNOWLEDGED_BEFORE_KILL

    # At the crash: every acknowledged statement is stored, and the projection is exactly that of
    # the statements no longer waiting, never half a batch.
    stored, waiting, enrolments = _state(db)
    assert set(ingest.acknowledged) <= set(stored)
    projected = [s for i, s in stored.items() if i not in waiting]
    assert enrolments == _projection(projected)

    server = _serve(env, port)
    try:
        for _ in range(600):  # the restarted server catches up by itself
            stored, waiting, enrolments = _state(db)
            if not waiting:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"{len(waiting)} statements were still waiting for projection after the restart")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert set(ingest.acknowledged) <= set(stored)
    assert enrolments == _projection(list(stored.values()))
    assert len(enrolments) == LEARNERS

"""Statements become enrolment progress, completion, time spent and evidence, exactly once."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.app import create_app
from karmayogi.api.cli import app as cli
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.learning import projections
from karmayogi.lms.orm import (
    ApiClient,
    Course,
    CourseCompetency,
    Enrolment,
    Grant,
    Organisation,
    Provider,
    User,
    XapiStatement,
)
from karmayogi.lms.orm.profiles import EvidenceRecord
from karmayogi.lms.orm.xapi import XapiProjectionOutbox
from karmayogi.lms.xapi.emitting import PROGRESS, Platform

PUBLIC_URL = "https://karmayogi.test"
PLATFORM = Platform(PUBLIC_URL)
ADL = "http://adlnet.gov/expapi"
PASSWORD = "correct horse battery"


@dataclass
class Campus:
    """One department's office with a learner, an HR cell and an LRS client; a ministry beside it."""

    client: TestClient
    db: Database
    lrs: tuple[str, str]
    learner: uuid.UUID
    learner_email: str
    hr_email: str
    outsider_email: str
    course: uuid.UUID
    draft: uuid.UUID

    def post(self, statements: object) -> list[str]:
        r = self.client.post(
            "/xapi/statements",
            json=statements,
            auth=self.lrs,
            headers={"X-Experience-API-Version": "1.0.3"},
        )
        assert r.status_code == 200, r.text
        return r.json()

    def login(self, email: str) -> dict[str, str]:
        r = self.client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def enrolment(
        self, user_id: uuid.UUID | None = None, course: uuid.UUID | None = None
    ) -> Enrolment | None:
        with self.db.transaction() as session:
            return session.scalar(
                select(Enrolment).where(
                    Enrolment.user_id == (user_id or self.learner),
                    Enrolment.course_id == (course or self.course),
                )
            )

    def outcomes(self) -> dict[str, int]:
        with self.db.transaction() as session:
            return projections.status(session).outcomes


def _org(session, kind: str, name: str, parent: Organisation | None = None) -> Organisation:  # type: ignore[no-untyped-def]
    org_id = uuid.uuid4()
    org = Organisation(
        id=org_id,
        kind=kind,
        name=name,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(org)
    session.flush()
    return org


def _person(session, org: Organisation, email: str, role: str | None = None, scope=None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    user = User(
        organisation_id=org.id, email=email, full_name=email.split("@")[0], password_hash=PASSWORD_HASH
    )
    session.add(user)
    session.flush()
    if role:
        session.add(Grant(user_id=user.id, role=role, organisation_id=scope.id))
    return user.id


PASSWORD_HASH = hash_password(PASSWORD)


@pytest.fixture
def campus(db: Database) -> Iterator[Campus]:
    with db.transaction() as session:
        ministry = _org(session, "ministry", "Ministry of Finance")
        department = _org(session, "department", "Department of Expenditure", ministry)
        office = _org(session, "organisation", "Controller General of Accounts", department)
        elsewhere = _org(session, "ministry", "Ministry of Railways")
        institute = _org(session, "organisation", "INGAF", department)
        provider = Provider(organisation_id=institute.id, name="INGAF", type="public_institute")
        session.add(provider)
        session.flush()
        courses = []
        for status in ("published", "draft"):
            course = Course(
                provider_id=provider.id,
                organisation_id=institute.id,
                title="Public Financial Management System",
                learning_hours=6,
                status=status,
            )
            session.add(course)
            session.flush()
            courses.append(course.id)
        learner = _person(session, office, "asha.rao@cga.gov.in", "learner", office)
        _person(session, department, "hr.cell@doe.gov.in", "hr_cell", department)
        _person(session, elsewhere, "ravi.kumar@railways.gov.in", "learner", elsewhere)
        client, secret = create_api_client(session, office.id, "PFMS course player", None)
    settings = Settings(database_url=db.url, secret_key="projection-test-" + "k" * 32, public_url=PUBLIC_URL)
    with TestClient(create_app(settings, db)) as client_app:
        yield Campus(
            client_app,
            db,
            (client.key, secret),
            learner,
            "asha.rao@cga.gov.in",
            "hr.cell@doe.gov.in",
            "ravi.kumar@railways.gov.in",
            *courses,
        )


def _statement(verb: str, activity: str, actor: dict | None = None, **parts: object) -> dict:  # type: ignore[type-arg]
    return {
        "id": str(uuid.uuid4()),
        "actor": actor or {"mbox": "mailto:asha.rao@cga.gov.in", "name": "Asha Rao"},
        "verb": {"id": f"{ADL}/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"id": activity, "objectType": "Activity"},
        "timestamp": "2026-03-02T10:15:00.000Z",
        **parts,
    }


def _course(course_id: uuid.UUID) -> str:
    return PLATFORM.course_iri(course_id)


def test_progress_completion_and_time_spent_are_projected(campus: Campus):
    course = _course(campus.course)
    lesson = f"{course}/lessons/gfr-2017"
    campus.post(
        [
            _statement("launched", course),
            _statement("progressed", course, result={"extensions": {PROGRESS: 40}, "duration": "PT10M"}),
            _statement("progressed", course, result={"extensions": {PROGRESS: 30}}),
            _statement(
                "experienced",
                lesson,
                result={"duration": "PT4M30S"},
                context={"contextActivities": {"parent": [{"id": course}]}},
            ),
        ]
    )
    projections.catch_up(campus.db, PLATFORM)
    enrolment = campus.enrolment()
    assert enrolment is not None
    assert (enrolment.status, enrolment.progress, enrolment.time_spent_seconds) == ("in_progress", 40, 870)
    assert enrolment.enrolled_at == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)

    campus.post([_statement("completed", course, result={"duration": "PT1H", "completion": True})])
    projections.catch_up(campus.db, PLATFORM)
    enrolment = campus.enrolment()
    assert enrolment is not None
    assert (enrolment.status, enrolment.progress, enrolment.time_spent_seconds) == ("completed", 100, 4470)
    assert enrolment.completed_at == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    assert campus.outcomes() == {"applied": 4, "unchanged": 1}


def test_a_statement_sent_again_is_projected_once(campus: Campus):
    statement = _statement("progressed", _course(campus.course), result={"duration": "PT15M"})
    campus.post([statement])
    campus.post([statement])
    campus.client.put(
        "/xapi/statements",
        params={"statementId": statement["id"]},
        json=statement,
        auth=campus.lrs,
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    projections.catch_up(campus.db, PLATFORM)
    enrolment = campus.enrolment()
    assert enrolment is not None and enrolment.time_spent_seconds == 900
    with campus.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(XapiProjectionOutbox)) == 0


def test_officials_are_known_by_email_or_platform_account_within_the_store(campus: Campus):
    course = _course(campus.course)
    by_account = {"account": {"homePage": PUBLIC_URL, "name": str(campus.learner)}}
    campus.post(
        [
            _statement("progressed", course, by_account, result={"extensions": {PROGRESS: 55}}),
            # The client's own office holds no Ministry of Railways official: not its to speak for.
            _statement("completed", course, {"mbox": f"mailto:{campus.outsider_email}"}),
            _statement("completed", course, {"mbox": "mailto:nobody@example.gov.in"}),
            _statement("completed", course, {"account": {"homePage": "https://other.example", "name": "x"}}),
            _statement("completed", "https://moodle.example/course/view.php?id=7"),
            _statement("completed", _course(uuid.uuid4())),
            _statement("completed", _course(campus.draft)),
        ]
    )
    projections.catch_up(campus.db, PLATFORM)
    enrolment = campus.enrolment()
    assert enrolment is not None and (enrolment.status, enrolment.progress) == ("in_progress", 55)
    # Another platform's account and a Moodle course are told apart at ingest and never enter the
    # outbox; an unknown address and unknown or unpublished courses need the database to tell.
    assert campus.outcomes() == {"applied": 1, "unknown_actor": 2, "no_course": 2}
    with campus.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Enrolment)) == 1


def _void(statement_id: str) -> dict:  # type: ignore[type-arg]
    return {
        "actor": {"mbox": "mailto:hr.cell@doe.gov.in"},
        "verb": {"id": f"{ADL}/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": statement_id},
    }


def test_voiding_stops_a_statement_not_yet_projected_and_undoes_nothing_projected(campus: Campus):
    campus.client.app.state.projector.stop()  # type: ignore[attr-defined]  # projection lags behind ingest
    course = _course(campus.course)
    completed = _statement("completed", course, result={"duration": "PT20M"})
    campus.post([completed])
    campus.post([_void(completed["id"])])
    projections.catch_up(campus.db, PLATFORM)
    assert campus.enrolment() is None
    assert campus.outcomes() == {"voided": 1}

    progressed = _statement("progressed", course, result={"extensions": {PROGRESS: 60}})
    campus.post([progressed])
    projections.catch_up(campus.db, PLATFORM)
    campus.post([_void(progressed["id"])])
    projections.catch_up(campus.db, PLATFORM)
    enrolment = campus.enrolment()
    assert enrolment is not None and enrolment.progress == 60
    assert campus.outcomes() == {"voided": 1, "applied": 1}


def test_the_servers_own_projector_catches_up_by_itself(campus: Campus):
    campus.post([_statement("passed", _course(campus.course), result={"success": True})])
    for _ in range(100):
        enrolment = campus.enrolment()
        if enrolment is not None and enrolment.status == "completed":
            break
        time.sleep(0.1)
    else:
        pytest.fail("the background projector did not project the statement")


def test_the_platform_tells_enrolment_and_completion_and_projecting_them_changes_nothing(campus: Campus):
    me, hr = campus.login(campus.learner_email), campus.login(campus.hr_email)
    enrolled = campus.client.post(f"/api/v1/courses/{campus.course}/enrolments", headers=me)
    assert enrolled.status_code == 201, enrolled.text
    done = campus.client.post(f"/api/v1/enrolments/{enrolled.json()['id']}/completion", headers=hr)
    assert done.status_code == 200, done.text
    projections.catch_up(campus.db, PLATFORM)

    with campus.db.transaction() as session:
        rows = session.execute(select(XapiStatement).order_by(XapiStatement.seq)).scalars().all()
        statements = [row.statement for row in rows]
        learner = session.get(User, campus.learner)
        platform_client = session.get(ApiClient, rows[0].client_id)
        assert learner is not None and platform_client is not None
        assert {row.organisation_id for row in rows} == {learner.organisation_id}
        assert platform_client.revoked_at is not None
        assert session.scalar(select(func.count()).select_from(Enrolment)) == 1
    assert [s["verb"]["id"] for s in statements] == [f"{ADL}/verbs/registered", f"{ADL}/verbs/completed"]
    for statement in statements:
        assert statement["actor"]["account"] == {"homePage": PUBLIC_URL, "name": str(campus.learner)}
        assert statement["object"]["id"] == _course(campus.course)
        assert statement["context"]["registration"] == enrolled.json()["id"]
        assert statement["authority"]["account"] == {"homePage": PUBLIC_URL, "name": "platform"}
    assert campus.outcomes() == {"unchanged": 2}
    # The statements are the learner's history in the LRS like any client's.
    found = campus.client.get(
        "/xapi/statements",
        params={"agent": json.dumps(statements[0]["actor"]), "verb": f"{ADL}/verbs/completed"},
        auth=campus.lrs,
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    assert [s["id"] for s in found.json()["statements"]] == [statements[1]["id"]]


def test_the_cli_projects_and_reports_the_lag(campus: Campus, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", campus.db.url)
    monkeypatch.setenv("KARMAYOGI_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", "cli-test-" + "k" * 32)
    campus.client.app.state.projector.stop()  # type: ignore[attr-defined]  # the CLI alone, this time
    campus.post([_statement("progressed", _course(campus.course), result={"extensions": {PROGRESS: 25}})])
    runner = CliRunner()
    waiting = json.loads(runner.invoke(cli, ["xapi", "project", "--status"]).stdout)
    assert waiting["waiting"] == 1 and waiting["oldest_waiting"] is not None
    result = runner.invoke(cli, ["xapi", "project"])
    assert result.exit_code == 0, result.output
    first, lag = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"projected": 1, "outcomes": {"applied": 1}}
    assert lag["waiting"] == 0 and lag["outcomes"] == {"applied": 1}
    enrolment = campus.enrolment()
    assert enrolment is not None and enrolment.progress == 25


@pytest.fixture
def demo_world(db: Database) -> Iterator[tuple[TestClient, Database]]:
    with db.transaction() as session:
        seed(session, "small", 7)
    settings = Settings(database_url=db.url, secret_key="demo-test-" + "k" * 32, public_url=PUBLIC_URL)
    with TestClient(create_app(settings, db)) as client:
        yield client, db


def test_a_completion_told_in_xapi_proposes_the_course_competencies(demo_world):  # type: ignore[no-untyped-def]
    client, db = demo_world
    with db.transaction() as session:
        learner = session.scalar(select(User).where(User.email.like("learner%")).order_by(User.email))
        taken = select(Enrolment.course_id).where(Enrolment.user_id == learner.id)
        course = session.scalar(
            select(Course.id)
            .join(CourseCompetency, CourseCompetency.course_id == Course.id)
            .where(
                Course.status == "published", CourseCompetency.status == "confirmed", Course.id.not_in(taken)
            )
            .order_by(Course.id)
        )
        tags = set(
            session.execute(
                select(CourseCompetency.competency_id, CourseCompetency.level).where(
                    CourseCompetency.course_id == course, CourseCompetency.status == "confirmed"
                )
            ).all()
        )
        lrs, secret = create_api_client(session, learner.organisation_id, "Course player", None)
        key = lrs.key
    statement = _statement("completed", _course(course), {"mbox": f"mailto:{learner.email}"})
    r = client.post(
        "/xapi/statements", json=statement, auth=(key, secret), headers={"X-Experience-API-Version": "2.0.0"}
    )
    assert r.status_code == 200, r.text
    projections.catch_up(db, PLATFORM)
    with db.transaction() as session:
        enrolment = session.scalar(
            select(Enrolment).where(Enrolment.user_id == learner.id, Enrolment.course_id == course)
        )
        assert enrolment is not None and enrolment.status == "completed"
        evidence = session.execute(
            select(EvidenceRecord.competency_id, EvidenceRecord.level).where(
                EvidenceRecord.user_id == learner.id, EvidenceRecord.source_ref == f"enrolment:{enrolment.id}"
            )
        ).all()
    assert set(evidence) == tags and tags

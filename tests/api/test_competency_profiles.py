"""The passbook: levels ruled from evidence, recorded only by those entitled, on a tamper-evident chain."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.orm import Competency, Course, CourseCompetency, Enrolment, Grant, Organisation, User
from karmayogi.lms.orm.profiles import EvidenceRecord

DOMAIN = "karmayogi.example"


@pytest.fixture
def office(demo):  # type: ignore[no-untyped-def]
    """An official with a supervisor of record, a colleague, their HR cell, and a competency."""
    with demo.db.transaction() as session:
        learner = session.scalar(
            select(User)
            .where(User.supervisor_id.is_not(None), User.email.like("learner%"))
            .order_by(User.email)
        )
        colleague = session.scalar(
            select(User.email)
            .where(User.organisation_id == learner.organisation_id, User.id != learner.id)
            .where(User.id.not_in(select(Grant.user_id).where(Grant.role == "supervisor")))
            .order_by(User.email)
        )
        supervisor = session.scalar(select(User.email).where(User.id == learner.supervisor_id))
        path = session.scalar(select(Organisation.path).where(Organisation.id == learner.organisation_id))
        hr = session.scalar(
            select(User.email)
            .join(Grant, Grant.user_id == User.id)
            .join(Organisation, Organisation.id == Grant.organisation_id)
            .where(Grant.role == "hr_cell", text(":path LIKE organisation.path || '%'"))
            .params(path=path)
        )
        competency = session.scalar(select(Competency.id).order_by(Competency.name))
        people = {"learner": learner.email, "colleague": colleague, "supervisor": supervisor, "hr": hr}
        ids = {"learner": learner.id, "competency": competency}
    return demo, ids, people


def _record(client, headers, user_id, competency, level, source):  # type: ignore[no-untyped-def]
    body = {"competency_id": str(competency), "level": level, "source": source}
    return client.post(f"/api/v1/users/{user_id}/evidence", json=body, headers=headers)


def _line(client, headers, user_id, competency):  # type: ignore[no-untyped-def]
    lines = client.get(f"/api/v1/users/{user_id}/profile", headers=headers).json()
    return next(line for line in lines if line["competency_id"] == str(competency))


def test_a_self_declared_level_is_validated_then_rated_into_a_verified_one(office):
    demo, ids, people = office
    client = demo.client
    me, peer, boss, hr = (demo.login(people[k]) for k in ("learner", "colleague", "supervisor", "hr"))
    learner, competency = ids["learner"], ids["competency"]

    assert _record(client, me, learner, competency, 3, "self_declaration").status_code == 201
    assert _line(client, me, learner, competency)["standing"] == "self_declared"
    assert _record(client, peer, learner, competency, 3, "self_declaration").status_code == 403
    r = _record(client, hr, learner, competency, 3, "hr_confirmation")
    assert r.status_code == 422 and "no proposed level" in r.text
    assert _record(client, peer, learner, competency, 3, "peer_validation").status_code == 201
    assert _line(client, me, learner, competency)["standing"] == "proposed"
    assert _record(client, me, learner, competency, 3, "supervisor_rating").status_code == 403
    assert _record(client, boss, learner, competency, 2, "supervisor_rating").status_code == 201

    line = _line(client, hr, learner, competency)
    assert (line["level"], line["standing"], line["proposed_level"]) == (2, "verified", None)
    log = client.get(f"/api/v1/users/{learner}/evidence", headers=me).json()
    assert [e["source"] for e in log] == ["self_declaration", "peer_validation", "supervisor_rating"]
    assert line["evidence_ids"] == [log[1]["id"], log[2]["id"]]
    assert [e["seq"] for e in log] == [1, 2, 3] and log[1]["previous_hash"] == log[0]["hash"]
    r = client.post(f"/api/v1/users/{learner}/profile/recompute", headers=hr)
    assert r.status_code == 200 and r.json()["unchanged"] is True
    assert client.get(f"/api/v1/users/{learner}/profile", headers=peer).status_code == 404


def test_a_completion_proposes_the_course_levels_until_another_person_confirms(office):
    demo, ids, people = office
    client = demo.client
    hr, me, boss = demo.login(people["hr"]), demo.login(people["learner"]), demo.login(people["supervisor"])
    with demo.db.transaction() as session:
        taken = select(Enrolment.course_id).where(Enrolment.user_id == ids["learner"])
        course = session.scalar(
            select(Course.id)
            .join(CourseCompetency, CourseCompetency.course_id == Course.id)
            .where(
                Course.status == "published", CourseCompetency.status == "confirmed", Course.id.not_in(taken)
            )
            .order_by(Course.id)
        )
        tags = session.execute(
            select(CourseCompetency.competency_id, CourseCompetency.level).where(
                CourseCompetency.course_id == course, CourseCompetency.status == "confirmed"
            )
        ).all()
    enrolment = client.post(f"/api/v1/courses/{course}/enrolments", headers=me).json()
    r = client.post(f"/api/v1/enrolments/{enrolment['id']}/completion", headers=me)
    assert r.status_code == 403
    r = client.post(f"/api/v1/enrolments/{enrolment['id']}/completion", headers=hr)
    assert r.status_code == 200 and r.json()["status"] == "completed"
    assert client.post(f"/api/v1/enrolments/{enrolment['id']}/completion", headers=hr).status_code == 409

    competency, level = tags[0]
    line = _line(client, me, ids["learner"], competency)
    assert (line["level"], line["standing"]) == (level, "proposed")
    # The HR cell marked the completion, so it proposed this level: four eyes need someone else.
    r = _record(client, hr, ids["learner"], competency, level, "hr_confirmation")
    assert r.status_code == 403 and "different official" in r.json()["detail"]
    assert _record(client, boss, ids["learner"], competency, level, "supervisor_rating").status_code == 201
    assert _line(client, me, ids["learner"], competency)["standing"] == "verified"


def test_bad_evidence_is_refused_and_changes_nothing(office):
    demo, ids, people = office
    client = demo.client
    me = demo.login(people["learner"])
    with demo.db.transaction() as session:
        before = session.scalar(select(func.count()).select_from(EvidenceRecord))
    r = _record(client, me, ids["learner"], ids["competency"], 7, "self_declaration")
    assert r.status_code == 422 and "level" in r.text
    r = _record(client, me, ids["learner"], "00000000-0000-4000-8000-000000000000", 2, "self_declaration")
    assert r.status_code == 422 and "competency_id" in r.text
    r = _record(client, me, ids["learner"], ids["competency"], 2, "adaptive_test")
    assert r.status_code == 422 and "recorded by the platform" in r.text
    with demo.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceRecord)) == before


def test_the_log_refuses_changes_and_the_chain_check_finds_a_tampered_row(office, monkeypatch):
    demo, ids, people = office
    client = demo.client
    me = demo.login(people["learner"])
    for level in (1, 2, 3):
        assert (
            _record(client, me, ids["learner"], ids["competency"], level, "self_declaration").status_code
            == 201
        )
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", demo.db.url)
    runner = CliRunner()
    result = runner.invoke(app, ["profiles", "verify-chain"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"verified": True, "breaks": []}

    postgres = demo.db.engine.dialect.name == "postgresql"
    # Schema changes go through fresh connections: a pooled SQLite connection left reading an older
    # snapshot by an earlier test would still see the trigger after it is dropped.
    demo.db.engine.dispose()
    with pytest.raises(Exception, match="append-only"), demo.db.engine.begin() as conn:
        conn.execute(text("UPDATE evidence SET level = 5 WHERE seq = 2"))
    with demo.db.engine.begin() as conn:  # someone with the database's own keys goes around the guard
        conn.execute(
            text("ALTER TABLE evidence DISABLE TRIGGER evidence_append_only")
            if postgres
            else text("DROP TRIGGER evidence_append_only")
        )
        conn.execute(text("UPDATE evidence SET level = 5 WHERE seq = 2"))
    result = runner.invoke(app, ["profiles", "verify-chain"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["verified"] is False
    assert report["breaks"] == [
        {"user_id": str(ids["learner"]), "seq": 2, "reason": "content differs from what was recorded"}
    ]
    demo.db.engine.dispose()
    with demo.db.engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE evidence ENABLE TRIGGER evidence_append_only"))
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER evidence_append_only BEFORE UPDATE ON evidence"
                    " BEGIN SELECT RAISE(ABORT, 'evidence is append-only: UPDATE refused'); END"
                )
            )

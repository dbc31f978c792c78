"""Drafting help: the linker suggests competencies for a role, and a reviewer decides on each."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.demo.seed import DEMO_PASSWORD, seed
from karmayogi.lms.orm import Organisation, Requirement, Role


@pytest.fixture
def demo(db):
    with db.transaction() as session:
        seed(session, "small", 7)
    app = create_app(Settings(database_url=db.url, secret_key="drafting-test-" + "k" * 32), db)
    with TestClient(app) as client:
        yield client, db


def _login(client, email):
    r = client.post("/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_role_being_drafted_gets_ranked_suggestions(demo):
    client, _ = demo
    r = client.post(
        "/api/v1/frac/suggestions",
        headers=_login(client, "hr.doe@karmayogi.example"),
        json={"title": "Procurement Officer", "description": "Runs tenders on GeM and evaluates bids."},
    )
    assert r.status_code == 200, r.text
    names = [s["name"] for s in r.json()]
    assert "Public Procurement" in names[:3]
    learner = _login(client, "learner1@karmayogi.example")
    assert client.post("/api/v1/frac/suggestions", headers=learner, json={"title": "x"}).status_code == 403


def test_a_reviewer_accepts_or_rejects_each_suggestion(demo):
    client, db = demo
    with db.transaction() as session:
        doe = session.scalar(select(Organisation.id).where(Organisation.code == "DOE"))
        role = session.scalars(select(Role).where(Role.organisation_id == doe)).first()
    hr, reviewer = _login(client, "hr.doe@karmayogi.example"), _login(client, "frac1.doe@karmayogi.example")
    r = client.post(f"/api/v1/frac/roles/{role.id}/suggestions", headers=hr, params={"limit": 3})
    assert r.status_code == 201, r.text
    first, second = r.json()[:2]
    assert first["status"] == "suggested"
    assert (
        client.post(
            f"/api/v1/frac/suggestions/{first['id']}/decision", headers=hr, json={"accept": True, "level": 3}
        ).status_code
        == 403
    )  # authors do not decide
    r = client.post(
        f"/api/v1/frac/suggestions/{first['id']}/decision", headers=reviewer, json={"accept": True}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "level"
    r = client.post(
        f"/api/v1/frac/suggestions/{first['id']}/decision",
        headers=reviewer,
        json={"accept": True, "level": 3, "weight": 0.6},
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = client.post(
        f"/api/v1/frac/suggestions/{second['id']}/decision", headers=reviewer, json={"accept": False}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "comment"
    r = client.post(
        f"/api/v1/frac/suggestions/{second['id']}/decision",
        headers=reviewer,
        json={"accept": False, "comment": "Not part of this role"},
    )
    assert r.json()["status"] == "rejected"
    again = client.post(
        f"/api/v1/frac/suggestions/{second['id']}/decision",
        headers=reviewer,
        json={"accept": True, "level": 2},
    )
    assert again.status_code == 409
    with db.transaction() as session:
        assert session.get(Role, role.id).status == "draft"
        added = session.scalar(
            select(Requirement).where(
                Requirement.role_id == role.id, Requirement.competency_id == uuid.UUID(first["competency_id"])
            )
        )
        assert added.level == 3 and added.weight == 0.6
    other = _login(client, "frac1.cbic@karmayogi.example")
    r = client.post(f"/api/v1/frac/roles/{role.id}/suggestions", headers=other)
    assert r.status_code == 404

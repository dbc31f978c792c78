"""Drafting help: the linker suggests competencies for a role, and a reviewer decides on each."""

import uuid

from sqlalchemy import select

from karmayogi.lms.orm import Organisation, Requirement, Role


def test_a_role_being_drafted_gets_ranked_suggestions(demo):
    client = demo.client
    r = client.post(
        "/api/v1/frac/suggestions",
        headers=demo.login("hr.doe@karmayogi.example"),
        json={"title": "Procurement Officer", "description": "Runs tenders on GeM and evaluates bids."},
    )
    assert r.status_code == 200, r.text
    names = [s["name"] for s in r.json()]
    assert "Public Procurement" in names[:3]
    learner = demo.login("learner1@karmayogi.example")
    assert client.post("/api/v1/frac/suggestions", headers=learner, json={"title": "x"}).status_code == 403


def test_a_reviewer_accepts_or_rejects_each_suggestion(demo):
    client, db = demo.client, demo.db
    with db.transaction() as session:
        doe = session.scalar(select(Organisation.id).where(Organisation.code == "DOE"))
        role = session.scalars(select(Role).where(Role.organisation_id == doe)).first()
    hr, reviewer = (
        demo.login("hr.doe@karmayogi.example"),
        demo.login("frac1.doe@karmayogi.example"),
    )
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
    other = demo.login("frac1.cbic@karmayogi.example")
    r = client.post(f"/api/v1/frac/roles/{role.id}/suggestions", headers=other)
    assert r.status_code == 404

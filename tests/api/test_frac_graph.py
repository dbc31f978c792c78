"""Graph queries over the demo service's published FRAC, through the API, as its officials see them."""

import uuid
from collections import defaultdict

import pytest
from sqlalchemy import select

from karmayogi.lms.orm import Activity, PositionRole, Requirement, User


def test_a_positions_requirements_take_the_highest_level_and_the_summed_weight(demo):
    client, db = demo.client, demo.db
    with db.transaction() as session:
        learner = session.scalar(select(User).where(User.email == "learner1@karmayogi.example"))
        role_ids = set(
            session.scalars(
                select(PositionRole.role_id).where(PositionRole.position_id == learner.position_id)
            )
        )
        expected_level: dict[uuid.UUID, int] = defaultdict(int)
        expected_weight: dict[uuid.UUID, float] = defaultdict(float)
        activity_role = dict(session.execute(select(Activity.id, Activity.role_id)).all())
        for req in session.scalars(select(Requirement)):
            role = req.role_id or activity_role[req.activity_id]
            if role in role_ids:
                expected_level[req.competency_id] = max(expected_level[req.competency_id], req.level)
                expected_weight[req.competency_id] += req.weight
    r = client.get(f"/api/v1/positions/{learner.position_id}/requirements", headers=demo.login(learner.email))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["version"] == 1
    got = {uuid.UUID(x["competency_id"]): x for x in body["requirements"]}
    assert set(got) == set(expected_level)
    for cid, item in got.items():
        assert item["level"] == expected_level[cid]
        assert item["weight"] == pytest.approx(expected_weight[cid])
    weights = [x["weight"] for x in body["requirements"]]
    assert weights == sorted(weights, reverse=True)


def test_needed_by_similar_and_prerequisites_answer_within_scope(demo):
    client, db = demo.client, demo.db
    headers = demo.login("learner1@karmayogi.example")
    with db.transaction() as session:
        learner = session.scalar(select(User).where(User.email == "learner1@karmayogi.example"))
    reqs = client.get(f"/api/v1/positions/{learner.position_id}/requirements", headers=headers).json()[
        "requirements"
    ]
    shared = next(x for x in reqs if x["type"] != "domain")
    needed = client.get(f"/api/v1/competencies/{shared['competency_id']}/needed-by", headers=headers)
    assert needed.status_code == 200
    assert set(shared["role_ids"]) <= set(needed.json()["role_ids"])
    assert str(learner.position_id) in needed.json()["position_ids"]
    similar = client.get(f"/api/v1/positions/{learner.position_id}/similar", headers=headers).json()
    assert similar and all(0 < s["similarity"] <= 1 for s in similar)
    prereq = client.get(f"/api/v1/competencies/{shared['competency_id']}/prerequisites", headers=headers)
    assert prereq.status_code == 200 and prereq.json()["version"] == 1


def test_an_unknown_version_or_position_is_not_found(demo):
    client, db = demo.client, demo.db
    headers = demo.login("admin@karmayogi.example")
    with db.transaction() as session:
        position_id = session.scalar(
            select(User.position_id).where(User.email == "learner1@karmayogi.example")
        )
    r = client.get(f"/api/v1/positions/{position_id}/requirements", headers=headers, params={"version": 9})
    assert r.status_code == 404 and "FRAC version 9" in r.json()["detail"]
    r = client.get(f"/api/v1/positions/{uuid.uuid4()}/requirements", headers=headers)
    assert r.status_code == 404


def test_a_published_version_exports_as_case_and_imports_back(demo):
    client = demo.client
    admin = demo.login("admin@karmayogi.example")
    case = client.get("/api/v1/frac/versions/1", headers=admin, params={"format": "case"})
    assert case.status_code == 200
    package = case.json()
    assert package["CFDocument"]["identifier"] and package["CFItems"]
    native = client.get("/api/v1/frac/versions/1", headers=admin).json()
    exported = {c["id"] for c in native["competencies"]}
    assert {item["identifier"] for item in package["CFItems"]} == exported
    # The same dictionary cannot be imported twice; the error names the clashing ids.
    r = client.post("/api/v1/frac/imports", headers=admin, params={"format": "case"}, json=package)
    assert r.status_code == 409 and "already in the working copy" in r.json()["detail"]


def test_an_import_with_a_prerequisite_cycle_is_refused_whole(demo):
    client = demo.client
    admin = demo.login("admin@karmayogi.example")
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    document = {
        "format": "karmayogi-frac",
        "format_version": 1,
        "name": "cyclic",
        "version": 1,
        "scale": client.get("/api/v1/frac/versions/1", headers=admin).json()["scale"],
        "competencies": [
            {"id": a, "name": "Tender Evaluation", "type": "functional"},
            {"id": b, "name": "Bid Security Management", "type": "functional"},
        ],
        "relations": [
            {"source_id": a, "target_id": b, "kind": "prerequisite"},
            {"source_id": b, "target_id": a, "kind": "prerequisite"},
        ],
    }
    r = client.post("/api/v1/frac/imports", headers=admin, json=document)
    assert r.status_code == 422, r.text
    assert "prerequisite_cycle" in r.json()["detail"] and "Tender Evaluation" in r.json()["detail"]
    listed = client.get("/api/v1/competencies", headers=admin, params={"limit": 500}).json()["items"]
    assert "Tender Evaluation" not in {c["name"] for c in listed}

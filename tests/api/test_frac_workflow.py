"""Two-tier review of FRAC nodes: scope, tiers, no self-review, the audit trail, and publication."""

import uuid

import pytest
from sqlalchemy import text

from karmayogi.lms.frac import versions


def _create(world, author: str, side="a", **fields):
    s = getattr(world, side)
    body = {
        "name": f"GST Audit {uuid.uuid4().hex[:6]}",
        "type": "domain",
        "organisation_id": str(s.department),
        "description": "Plans and conducts audits of GST registrants.",
        "level_descriptors": [[1, "Follows the audit manual"]],
    }
    body.update(fields)
    r = world.client.post("/api/v1/competencies", headers=world.login(s.people[author]), json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _act(world, user_id, competency_id, action, comment=""):
    return world.client.post(
        f"/api/v1/frac/competency/{competency_id}/review",
        headers=world.login(user_id),
        json={"action": action, "comment": comment},
    )


def test_a_competency_passes_l1_and_l2_and_every_step_is_audited(world):
    a = world.a
    c = _create(world, "hr")
    assert c["status"] == "draft"
    assert _act(world, a.people["hr"], c["id"], "submit").json()["to_status"] == "submitted"
    assert _act(world, a.people["frac_l1"], c["id"], "approve").json()["to_status"] == "l1_approved"
    bounced = _act(world, a.people["frac_l2"], c["id"], "reject", "Level 1 descriptor is too vague")
    assert bounced.json()["to_status"] == "submitted"  # an L2 rejection goes back to L1
    assert _act(world, a.people["frac_l1"], c["id"], "approve").status_code == 200
    assert _act(world, a.people["frac_l2"], c["id"], "approve").json()["to_status"] == "verified"
    history = world.client.get(
        f"/api/v1/frac/competency/{c['id']}/history", headers=world.login(a.people["hr"])
    )
    steps = [(e["action"], e["from_status"], e["to_status"], e["actor_id"]) for e in history.json()["items"]]
    assert sorted(steps) == sorted(
        [
            ("create", "draft", "draft", str(a.people["hr"])),
            ("submit", "draft", "submitted", str(a.people["hr"])),
            ("approve", "submitted", "l1_approved", str(a.people["frac_l1"])),
            ("reject", "l1_approved", "submitted", str(a.people["frac_l2"])),
            ("approve", "submitted", "l1_approved", str(a.people["frac_l1"])),
            ("approve", "l1_approved", "verified", str(a.people["frac_l2"])),
        ]
    )
    assert any(e["comment"] == "Level 1 descriptor is too vague" for e in history.json()["items"])


def test_rejection_needs_a_comment_and_an_l1_rejection_returns_to_the_author(world):
    a = world.a
    c = _create(world, "hr")
    _act(world, a.people["hr"], c["id"], "submit")
    r = _act(world, a.people["frac_l1"], c["id"], "reject")
    assert r.status_code == 422 and "comment" in r.json()["detail"]
    assert (
        _act(world, a.people["frac_l1"], c["id"], "reject", "Duplicates GST Administration").json()[
            "to_status"
        ]
        == "rejected"
    )
    assert _act(world, a.people["hr"], c["id"], "submit").json()["to_status"] == "submitted"


def test_reviewers_act_only_within_their_scope(world):
    c = _create(world, "hr")
    _act(world, world.a.people["hr"], c["id"], "submit")
    r = _act(world, world.b.people["frac_l1"], c["id"], "approve")
    assert r.status_code == 404  # department B's reviewer cannot even see department A's draft
    queue = world.client.get(
        "/api/v1/frac/review-queue", headers=world.login(world.b.people["frac_l1"])
    ).json()
    assert c["id"] not in {item["id"] for item in queue["items"]}
    queue = world.client.get(
        "/api/v1/frac/review-queue", headers=world.login(world.a.people["frac_l1"])
    ).json()
    assert c["id"] in {item["id"] for item in queue["items"]}


def test_the_wrong_tier_is_refused(world):
    a = world.a
    c = _create(world, "hr")
    _act(world, a.people["hr"], c["id"], "submit")
    assert _act(world, a.people["frac_l2"], c["id"], "approve").status_code == 403  # L2 before L1
    assert _act(world, a.people["hr"], c["id"], "approve").status_code == 403  # an author is no reviewer


def test_no_one_reviews_their_own_submission(world):
    a = world.a
    admin = world.login(world.admin)
    world.client.post(
        f"/api/v1/users/{a.people['hr']}/grants",
        headers=admin,
        json={"role": "frac_reviewer_l1", "organisation_id": str(a.department)},
    )
    c = _create(world, "hr")
    _act(world, a.people["hr"], c["id"], "submit")
    r = _act(world, a.people["hr"], c["id"], "approve")
    assert r.status_code == 403 and "your own" in r.json()["detail"]
    queue = world.client.get("/api/v1/frac/review-queue", headers=world.login(a.people["hr"])).json()
    assert c["id"] not in {item["id"] for item in queue["items"]}


def test_l2_must_be_someone_other_than_l1(world):
    a = world.a
    world.client.post(
        f"/api/v1/users/{a.people['frac_l1']}/grants",
        headers=world.login(world.admin),
        json={"role": "frac_reviewer_l2", "organisation_id": str(a.department)},
    )
    c = _create(world, "hr")
    _act(world, a.people["hr"], c["id"], "submit")
    _act(world, a.people["frac_l1"], c["id"], "approve")
    assert _act(world, a.people["frac_l1"], c["id"], "approve").status_code == 403


def test_drafts_are_visible_to_authors_and_reviewers_only(world):
    c = _create(world, "hr")
    path = f"/api/v1/frac/competency/{c['id']}/history"
    assert world.client.get(path, headers=world.login(world.a.people["frac_l1"])).status_code == 200
    assert world.client.get(path, headers=world.login(world.a.people["learner"])).status_code == 404


def _verify(world, competency_id):
    a = world.a
    _act(world, a.people["hr"], competency_id, "submit")
    _act(world, a.people["frac_l1"], competency_id, "approve")
    assert _act(world, a.people["frac_l2"], competency_id, "approve").json()["to_status"] == "verified"


def test_only_verified_nodes_are_published_and_a_version_never_changes(world):
    admin = world.login(world.admin)
    verified, draft = _create(world, "hr"), _create(world, "hr")
    _verify(world, verified["id"])
    v1 = world.client.post("/api/v1/frac/versions", headers=admin, json={"name": "FRAC 2026"})
    assert v1.status_code == 201 and v1.json()["number"] == 1
    doc = world.client.get("/api/v1/frac/versions/1", headers=admin).json()
    names = {c["name"] for c in doc["competencies"]}
    assert verified["name"] in names and draft["name"] not in names
    # Editing makes a new draft; the published version keeps the old text until the next version.
    r = world.client.patch(
        f"/api/v1/competencies/{verified['id']}",
        headers=world.login(world.a.people["hr"]),
        json={"description": "Plans risk-based audits of GST registrants."},
    )
    assert r.json()["status"] == "draft"
    assert world.client.get("/api/v1/frac/versions/1", headers=admin).json() == doc
    _verify(world, verified["id"])
    assert world.client.post("/api/v1/frac/versions", headers=admin, json={}).json()["number"] == 2
    changes = world.client.get("/api/v1/frac/versions/1/diff/2", headers=admin).json()
    changed = changes["diff"]["competencies"]["changed"]
    assert [c["id"] for c in changed] == [verified["id"]] and "description" in changed[0]["fields"]


def test_publishing_is_national_and_refused_to_department_roles(world):
    r = world.client.post("/api/v1/frac/versions", headers=world.login(world.a.people["hr"]), json={})
    assert r.status_code == 403


def test_a_version_altered_in_the_database_is_detected(world):
    world.client.post("/api/v1/frac/versions", headers=world.login(world.admin), json={})
    with world.client.app.state.database.transaction() as session:
        session.execute(text("UPDATE frac_version SET name = name"))  # harmless
        assert versions.load_version(session, 1).version == 1
    with world.client.app.state.database.transaction() as session:
        row = session.get(versions.FracVersion, 1)
        row.document = {**row.document, "name": "tampered"}
    with (
        world.client.app.state.database.transaction() as session,
        pytest.raises(RuntimeError, match="altered"),
    ):
        versions.load_version(session, 1)


def test_a_competency_is_checked_on_the_way_in(world):
    hr = world.login(world.a.people["hr"])
    base = {"name": "Customs Valuation", "type": "domain", "organisation_id": str(world.a.department)}
    r = world.client.post(
        "/api/v1/competencies", headers=hr, json={**base, "level_descriptors": [[7, "Beyond"]]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "level_descriptors"
    r = world.client.post(
        "/api/v1/competencies", headers=hr, json={**base, "organisation_id": str(world.b.department)}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation_id"
    r = world.client.post("/api/v1/competencies", headers=hr, json={**base, "type": "behavioural"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation_id"
    assert world.client.post("/api/v1/competencies", headers=hr, json=base).status_code == 201
    assert world.client.post("/api/v1/competencies", headers=hr, json=base).status_code == 409


def test_no_edit_brings_a_retired_competency_back(world):
    """Retiring is final: published versions and evidence rely on a retired competency staying so."""
    hr = world.login(world.a.people["hr"])
    c = _create(world, "hr")
    _verify(world, c["id"])
    r = world.client.patch(f"/api/v1/competencies/{c['id']}", headers=hr, json={"retired": True})
    assert r.status_code == 200 and r.json()["retired"] is True
    _verify(world, c["id"])
    r = world.client.patch(f"/api/v1/competencies/{c['id']}", headers=hr, json={"retired": False})
    assert r.status_code == 409, r.text
    assert "retired" in r.json()["detail"]
    r = world.client.patch(
        f"/api/v1/competencies/{c['id']}", headers=hr, json={"description": "Still retired."}
    )
    assert r.status_code == 200 and r.json()["retired"] is True

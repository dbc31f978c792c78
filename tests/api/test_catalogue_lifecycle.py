"""Providers write courses, reviewers vet them, and learners only ever see what was published."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Organisation, Provider, User

DOMAIN = "karmayogi.example"
OUTLINE = [
    {"title": "The GFR 2017", "lessons": [{"title": "Rules 144-150", "minutes": 30}]},
    {"title": "Buying on GeM", "lessons": [{"title": "Bid or reverse auction?", "minutes": 45}]},
]


@pytest.fixture
def market(demo):  # type: ignore[no-untyped-def]
    """The demo marketplace, with the ids the tests name."""
    with demo.db.transaction() as session:
        provider = session.scalar(select(Provider).where(Provider.name == PROVIDERS[0].name))
        learner = session.scalar(select(User).where(User.email == f"learner1@{DOMAIN}"))
        org = session.get(Organisation, learner.organisation_id)
        department = uuid.UUID(org.path.strip("/").split("/")[1])
        ids = {"provider": provider.id, "department": department}
    return demo, ids


def _headers(demo, *names):  # type: ignore[no-untyped-def]
    return [demo.login(f"{name}@{DOMAIN}") for name in names]


def _create(client, creator, provider_id, **content):  # type: ignore[no-untyped-def]
    body = {
        "provider_id": str(provider_id),
        "title": "Public Procurement on GeM",
        "summary": "Buying goods and services under the GFR.",
        "description": "Bid evaluation, reverse auctions and contract management on GeM.",
        "learning_hours": 6,
        "outline": OUTLINE,
        "licence": "CC BY 4.0",
        **content,
    }
    r = client.post("/api/v1/courses", json=body, headers=creator)
    assert r.status_code == 201, r.text
    return r.json()["course_id"]


def _step(client, headers, course_id, action, comment=""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/courses/{course_id}/transitions",
        json={"action": action, "comment": comment},
        headers=headers,
    )


def _publish(client, creator, reviewer, course_id):  # type: ignore[no-untyped-def]
    assert _step(client, creator, course_id, "submit").status_code == 201
    r = _step(client, reviewer, course_id, "approve")
    assert r.status_code == 201, r.text


def test_a_course_passes_review_before_learners_see_it_and_every_step_is_audited(market):
    demo, ids = market
    client = demo.client
    creator, reviewer, learner = _headers(demo, "creator1", "reviewer1", "learner1")
    course_id = _create(client, creator, ids["provider"])

    assert client.get(f"/api/v1/courses/{course_id}", headers=learner).status_code == 404
    r = _step(client, reviewer, course_id, "approve")
    assert r.status_code == 422 and "cannot approve a version that is draft" in r.text
    assert _step(client, creator, course_id, "submit").status_code == 201
    r = _step(client, creator, course_id, "approve")
    assert r.status_code == 403 and "courses:review" in r.text
    r = _step(client, reviewer, course_id, "reject")
    assert r.status_code == 422 and "comment is required" in r.text
    assert (
        _step(client, reviewer, course_id, "reject", "Add a module on contract management.").status_code
        == 201
    )
    assert client.get(f"/api/v1/courses/{course_id}", headers=creator).json()["status"] == "draft"

    outline = [*OUTLINE, {"title": "Contract management", "lessons": []}]
    r = client.patch(f"/api/v1/courses/{course_id}", json={"outline": outline}, headers=creator)
    assert r.status_code == 200 and r.json()["number"] == 1
    _publish(client, creator, reviewer, course_id)

    course = client.get(f"/api/v1/courses/{course_id}", headers=learner).json()
    assert course["status"] == "published" and course["version"] == 1
    assert [m["title"] for m in course["outline"]][-1] == "Contract management"
    history = client.get(f"/api/v1/courses/{course_id}/history", headers=creator).json()
    assert [(e["action"], e["from_status"], e["to_status"]) for e in history] == [
        ("submit", "draft", "in_review"),
        ("reject", "in_review", "draft"),
        ("submit", "draft", "in_review"),
        ("approve", "in_review", "published"),
    ]
    assert history[1]["comment"] == "Add a module on contract management."
    assert client.get(f"/api/v1/courses/{course_id}/history", headers=learner).status_code == 403


def test_nobody_reviews_their_own_content(market):
    demo, ids = market
    client = demo.client
    (admin,) = _headers(demo, "admin")  # holds every permission, reviewing included
    course_id = _create(client, admin, ids["provider"])
    assert _step(client, admin, course_id, "submit").status_code == 201
    r = _step(client, admin, course_id, "approve")
    assert r.status_code == 403 and "your own content" in r.text
    (reviewer,) = _headers(demo, "reviewer1")
    queue = client.get("/api/v1/courses/review-queue", headers=reviewer).json()["items"]
    assert course_id in [c["id"] for c in queue]
    assert course_id not in [
        c["id"] for c in client.get("/api/v1/courses/review-queue", headers=admin).json()["items"]
    ]


def test_editing_a_published_course_opens_a_new_version_and_learners_finish_on_theirs(market):
    demo, ids = market
    client = demo.client
    creator, reviewer, first, second = _headers(demo, "creator1", "reviewer1", "learner1", "learner2")
    course_id = _create(client, creator, ids["provider"])
    _publish(client, creator, reviewer, course_id)
    enrolment = client.post(f"/api/v1/courses/{course_id}/enrolments", headers=first)
    assert enrolment.status_code == 201 and enrolment.json()["course_version"] == 1

    r = client.patch(
        f"/api/v1/courses/{course_id}", json={"title": "GeM procurement, 2026 edition"}, headers=creator
    )
    assert r.status_code == 200 and r.json()["number"] == 2 and r.json()["status"] == "draft"
    assert (
        client.get(f"/api/v1/courses/{course_id}", headers=first).json()["title"]
        == "Public Procurement on GeM"
    )
    _publish(client, creator, reviewer, course_id)
    assert client.get(f"/api/v1/courses/{course_id}", headers=first).json()["version"] == 2

    mine = client.get(f"/api/v1/courses/{course_id}/versions/1", headers=first)
    assert mine.status_code == 200 and mine.json()["title"] == "Public Procurement on GeM"
    assert mine.json()["status"] == "superseded"
    assert client.get(f"/api/v1/courses/{course_id}/versions/2", headers=first).status_code == 403
    assert (
        client.post(f"/api/v1/courses/{course_id}/enrolments", headers=second).json()["course_version"] == 2
    )
    assert client.post(f"/api/v1/courses/{course_id}/enrolments", headers=first).status_code == 409
    versions = client.get(f"/api/v1/courses/{course_id}/versions", headers=creator).json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "superseded"), (2, "published")]


def test_a_retired_course_leaves_the_catalogue_and_cannot_be_edited(market):
    demo, ids = market
    client = demo.client
    creator, reviewer, learner = _headers(demo, "creator1", "reviewer1", "learner1")
    course_id = _create(client, creator, ids["provider"])
    assert _step(client, reviewer, course_id, "retire", "Outdated").status_code == 422
    _publish(client, creator, reviewer, course_id)
    assert _step(client, reviewer, course_id, "retire").status_code == 422
    assert (
        _step(client, reviewer, course_id, "retire", "Superseded by the 2026 GFR course").status_code == 201
    )
    assert client.get(f"/api/v1/courses/{course_id}", headers=learner).status_code == 404
    r = client.patch(f"/api/v1/courses/{course_id}", json={"title": "Again"}, headers=creator)
    assert r.status_code == 409 and "retired" in r.text


def test_creators_write_only_for_their_own_provider(market):
    demo, ids = market
    client = demo.client
    creator, other, learner = _headers(demo, "creator1", "creator2", "learner1")
    r = client.post(
        "/api/v1/courses",
        json={"provider_id": str(ids["provider"]), "title": "Not mine", "learning_hours": 2},
        headers=other,
    )
    assert r.status_code == 422 and "provider_id" in r.text
    assert (
        client.post(
            "/api/v1/courses",
            json={"provider_id": str(ids["provider"]), "title": "x", "learning_hours": 1},
            headers=learner,
        ).status_code
        == 403
    )
    course_id = _create(client, creator, ids["provider"])
    assert (
        client.patch(f"/api/v1/courses/{course_id}", json={"title": "Mine"}, headers=other).status_code == 404
    )
    assert client.get(f"/api/v1/courses/{course_id}", headers=other).status_code == 404


def test_programs_and_blended_programs_are_checked_and_seats_are_held_per_department(market):
    demo, ids = market
    client = demo.client
    creator, reviewer, learner = _headers(demo, "creator1", "reviewer1", "learner1")
    part = _create(client, creator, ids["provider"])
    draft = _create(client, creator, ids["provider"], title="Still a draft")
    _publish(client, creator, reviewer, part)

    r = client.post(
        "/api/v1/courses",
        json={
            "provider_id": str(ids["provider"]),
            "kind": "program",
            "title": "P",
            "learning_hours": 9,
            "parts": [draft],
        },
        headers=creator,
    )
    assert r.status_code == 422 and "parts" in r.text and "not a published" in r.text
    r = client.post(
        "/api/v1/courses",
        json={
            "provider_id": str(ids["provider"]),
            "kind": "course",
            "title": "C",
            "learning_hours": 9,
            "parts": [part],
        },
        headers=creator,
    )
    assert r.status_code == 422 and "only programs and pathways" in r.text

    session = {
        "starts_at": "2026-12-01T09:00:00+05:30",
        "ends_at": "2026-12-03T17:00:00+05:30",
        "venue": "ISTM, New Delhi",
        "seats": 30,
    }
    blended = _create(
        client,
        creator,
        ids["provider"],
        kind="blended_program",
        mode="blended",
        title="Procurement practice lab",
        parts=[part],
        seats={str(ids["department"]): 1},
    )
    r = _step(client, creator, blended, "submit")
    assert r.status_code == 422 and "on-site session" in r.text
    backwards = {**session, "ends_at": "2026-11-30T09:00:00+05:30"}
    r = client.patch(f"/api/v1/courses/{blended}", json={"sessions": [backwards]}, headers=creator)
    assert r.status_code == 422 and "sessions[0].ends_at" in r.text
    assert (
        client.patch(f"/api/v1/courses/{blended}", json={"sessions": [session]}, headers=creator).status_code
        == 200
    )
    _publish(client, creator, reviewer, blended)

    assert client.post(f"/api/v1/courses/{blended}/enrolments", headers=learner).status_code == 201
    with demo.db.transaction() as s:
        colleague = s.scalar(
            select(User.email)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(Organisation.path.contains(str(ids["department"])), User.email != f"learner1@{DOMAIN}")
            .where(User.email.like("learner%"))
        )
        outsider = s.scalar(
            select(User.email)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(~Organisation.path.contains(str(ids["department"])), User.email.like("learner%"))
        )
    r = client.post(f"/api/v1/courses/{blended}/enrolments", headers=demo.login(colleague))
    assert r.status_code == 409 and "seats" in r.text
    r = client.post(f"/api/v1/courses/{blended}/enrolments", headers=demo.login(outsider))
    assert r.status_code == 403 and "no seats" in r.text


def test_a_retired_course_with_an_open_draft_is_not_published_again(market):
    """Issue 14: retire a course that has an open draft, then submit and approve that draft."""
    demo, ids = market
    client = demo.client
    creator, reviewer, learner = _headers(demo, "creator1", "reviewer1", "learner1")
    course_id = _create(client, creator, ids["provider"])
    _publish(client, creator, reviewer, course_id)
    r = client.patch(
        f"/api/v1/courses/{course_id}", json={"title": "Procurement, second edition"}, headers=creator
    )
    assert r.status_code == 200, r.text
    assert _step(client, reviewer, course_id, "retire", "Withdrawn by the provider").status_code == 201
    r = _step(client, creator, course_id, "submit")
    assert r.status_code == 422 and "retired" in r.text
    r = _step(client, reviewer, course_id, "approve")
    assert r.status_code == 422 and "retired" in r.text
    assert client.get(f"/api/v1/courses/{course_id}", headers=learner).status_code == 404
    r = client.get(f"/api/v1/courses/{course_id}", headers=creator)
    assert r.json()["status"] == "retired"


def test_a_draft_in_review_when_the_course_is_retired_cannot_be_approved(market):
    demo, ids = market
    client = demo.client
    creator, reviewer, learner = _headers(demo, "creator1", "reviewer1", "learner1")
    course_id = _create(client, creator, ids["provider"])
    _publish(client, creator, reviewer, course_id)
    client.patch(
        f"/api/v1/courses/{course_id}", json={"title": "Procurement, second edition"}, headers=creator
    )
    assert _step(client, creator, course_id, "submit").status_code == 201
    assert _step(client, reviewer, course_id, "retire", "Withdrawn by the provider").status_code == 201
    assert _step(client, reviewer, course_id, "approve").status_code == 422
    assert _step(client, reviewer, course_id, "reject", "no").status_code == 422
    assert client.get(f"/api/v1/courses/{course_id}", headers=learner).status_code == 404

"""Tags name competencies of the published dictionary; ratings come only from enrolled learners;
departments' content requests run their lifecycle to the end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.frac.versions import publish
from karmayogi.lms.orm import Competency, Course, CourseCompetency, CourseRating, Enrolment, Provider, User

DOMAIN = "karmayogi.example"


@pytest.fixture
def shop(demo):  # type: ignore[no-untyped-def]
    """A published course of the first provider that learner1 has not taken, and two competencies."""
    with demo.db.transaction() as session:
        provider = session.scalar(select(Provider).where(Provider.name == PROVIDERS[0].name))
        other = session.scalar(select(Provider).where(Provider.name == PROVIDERS[1].name))
        learner = session.scalar(select(User.id).where(User.email == f"learner1@{DOMAIN}"))
        taken = select(Enrolment.course_id).where(Enrolment.user_id == learner)
        course = session.scalar(
            select(Course.id)
            .where(Course.provider_id == provider.id, Course.status == "published", Course.id.not_in(taken))
            .order_by(Course.id)
        )
        other_course = session.scalar(
            select(Course.id)
            .where(Course.provider_id == other.id, Course.status == "published")
            .order_by(Course.id)
        )
        tagged = set(
            session.scalars(
                select(CourseCompetency.competency_id).where(CourseCompetency.course_id == course)
            )
        )
        free, retiring = session.scalars(
            select(Competency.id).where(Competency.id.not_in(tagged)).order_by(Competency.name).limit(2)
        ).all()
    return demo, {
        "provider": provider.id,
        "course": course,
        "other_course": other_course,
        "free": free,
        "retiring": retiring,
    }


def test_a_tag_is_confirmed_against_the_published_dictionary_or_refused(shop):
    demo, ids = shop
    client = demo.client
    creator = demo.login(f"creator1@{DOMAIN}")
    url = f"/api/v1/courses/{ids['course']}/competencies"

    r = client.put(f"{url}/{ids['free']}", json={"level": 3}, headers=creator)
    assert r.status_code == 200, r.text
    tag = r.json()
    assert tag["status"] == "confirmed" and tag["level"] == 3 and tag["frac_version"] == 1
    assert tag["confirmed_by"] is not None and tag["confirmed_at"] is not None

    unknown = "00000000-0000-4000-8000-000000000000"
    r = client.put(f"{url}/{unknown}", json={"level": 2}, headers=creator)
    assert r.status_code == 422 and "not in the published competency dictionary" in r.text
    r = client.put(f"{url}/{ids['free']}", json={"level": 7}, headers=creator)
    assert r.status_code == 422 and "level" in r.text

    with demo.db.transaction() as session:  # the FRAC retires a competency and publishes version 2
        session.get(Competency, ids["retiring"]).retired = True
        publish(session, None, "National FRAC (demo), v2")
    r = client.put(f"{url}/{ids['retiring']}", json={"level": 2}, headers=creator)
    assert r.status_code == 422 and "retired" in r.text

    course = client.get(f"/api/v1/courses/{ids['course']}", headers=creator).json()
    tags = {t["competency_id"]: t for t in course["competencies"]}
    assert tags[str(ids["free"])]["level"] == 3 and str(ids["retiring"]) not in tags
    learner = demo.login(f"learner1@{DOMAIN}")
    assert client.put(f"{url}/{ids['free']}", json={"level": 1}, headers=learner).status_code == 403
    assert client.delete(f"{url}/{ids['free']}", headers=creator).status_code == 204
    assert client.delete(f"{url}/{ids['free']}", headers=creator).status_code == 404


def test_only_enrolled_learners_rate_and_aggregates_follow(shop):
    demo, ids = shop
    client = demo.client
    learner = demo.login(f"learner1@{DOMAIN}")
    url = f"/api/v1/courses/{ids['course']}"
    before = client.get(f"{url}/ratings", headers=learner).json()
    provider_before = client.get(f"/api/v1/providers/{ids['provider']}", headers=learner).json()["rating"]

    r = client.put(f"{url}/rating", json={"stars": 4, "review": "Clear on GeM bidding."}, headers=learner)
    assert r.status_code == 403 and "enrolled" in r.text
    assert client.post(f"{url}/enrolments", headers=learner).status_code == 201
    r = client.put(f"{url}/rating", json={"stars": 6}, headers=learner)
    assert r.status_code == 422
    assert (
        client.put(f"{url}/rating", json={"stars": 2, "review": "Dated."}, headers=learner).status_code == 200
    )
    assert (
        client.put(
            f"{url}/rating", json={"stars": 5, "review": "Clear on GeM bidding."}, headers=learner
        ).status_code
        == 200
    )

    after = client.get(f"{url}/ratings", headers=learner).json()
    assert after["count"] == before["count"] + 1
    assert after["histogram"][4] == before["histogram"][4] + 1
    with demo.db.transaction() as session:
        stars = list(
            session.scalars(select(CourseRating.stars).where(CourseRating.course_id == ids["course"]))
        )
    assert after["average"] == round(sum(stars) / len(stars), 2)
    provider_after = client.get(f"/api/v1/providers/{ids['provider']}", headers=learner).json()["rating"]
    assert provider_after["count"] == provider_before["count"] + 1
    reviews = client.get(f"{url}/reviews", headers=learner).json()
    assert reviews[0]["review"] == "Clear on GeM bidding." and reviews[0]["stars"] == 5


def test_a_content_request_runs_from_open_to_delivered_and_only_the_provider_answers(shop):
    demo, ids = shop
    client = demo.client
    hr, creator, other_creator, learner = (
        demo.login(f"{n}@{DOMAIN}") for n in ("hr.doe", "creator1", "creator2", "learner1")
    )
    with demo.db.transaction() as session:
        department = session.scalar(select(User.organisation_id).where(User.email == f"hr.doe@{DOMAIN}"))
    body = {
        "organisation_id": str(department),
        "provider_id": str(ids["provider"]),
        "title": "Procurement of works under the GFR for field engineers",
        "competency_ids": [str(ids["free"])],
        "learners": 240,
    }
    assert client.post("/api/v1/content-requests", json=body, headers=learner).status_code == 403
    bad = {**body, "competency_ids": ["00000000-0000-4000-8000-000000000000"]}
    assert client.post("/api/v1/content-requests", json=bad, headers=hr).status_code == 422
    r = client.post("/api/v1/content-requests", json=body, headers=hr)
    assert r.status_code == 201 and r.json()["status"] == "open"
    request_id = r.json()["id"]
    answers = f"/api/v1/content-requests/{request_id}/answers"

    assert client.get(f"/api/v1/content-requests/{request_id}", headers=learner).status_code == 404
    assert client.post(answers, json={"action": "accept"}, headers=other_creator).status_code == 404
    assert client.post(answers, json={"action": "accept"}, headers=hr).status_code == 403
    r = client.post(answers, json={"action": "deliver", "course_id": str(ids["course"])}, headers=creator)
    assert r.status_code == 422 and "cannot deliver a request that is open" in r.text
    assert client.post(answers, json={"action": "accept"}, headers=creator).json()["status"] == "accepted"
    r = client.post(
        answers, json={"action": "deliver", "course_id": str(ids["other_course"])}, headers=creator
    )
    assert r.status_code == 422 and "course_id" in r.text
    r = client.post(answers, json={"action": "deliver", "course_id": str(ids["course"])}, headers=creator)
    assert r.json()["status"] == "delivered" and r.json()["course_id"] == str(ids["course"])
    r = client.post(answers, json={"action": "decline", "comment": "Too late"}, headers=creator)
    assert r.status_code == 422 and "closed" in r.text

    listed = client.get("/api/v1/content-requests?status=delivered", headers=hr).json()["items"]
    assert [x["id"] for x in listed] == [request_id]
    assert client.get("/api/v1/content-requests", headers=other_creator).json()["items"] == []


def test_the_linker_suggests_tags_for_a_course_and_a_person_confirms_one(shop):
    demo, ids = shop
    client = demo.client
    creator, learner = demo.login(f"creator1@{DOMAIN}"), demo.login(f"learner1@{DOMAIN}")
    url = f"/api/v1/courses/{ids['course']}/competencies/suggestions"
    assert client.post(url, headers=learner).status_code == 403
    r = client.post(url, params={"limit": 4, "level": 2}, headers=creator)
    assert r.status_code == 200, r.text
    suggested = r.json()
    assert 1 <= len(suggested) <= 4
    assert all(t["status"] == "suggested" and t["score"] is not None and t["level"] == 2 for t in suggested)
    course = client.get(f"/api/v1/courses/{ids['course']}", headers=creator).json()
    confirmed = {t["competency_id"] for t in course["competencies"] if t["status"] == "confirmed"}
    assert not confirmed & {t["competency_id"] for t in suggested if t["status"] == "suggested"}
    chosen = suggested[0]["competency_id"]
    r = client.put(
        f"/api/v1/courses/{ids['course']}/competencies/{chosen}", json={"level": 3}, headers=creator
    )
    assert r.json()["status"] == "confirmed" and r.json()["score"] == suggested[0]["score"]

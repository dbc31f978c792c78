"""Postings, vacancy notices and the search of officials over HTTP, with 404 on every id route outside
the HR cell's scope."""

from __future__ import annotations

import io
import uuid

import pypdf
from api import conftest as api_world  # noqa: F401  (the world fixture's module)
from api.test_decisions_api import _publish_frac


def _vacancy(world, db):  # type: ignore[no-untyped-def]
    _publish_frac(db, world.a)
    body = {"position_id": str(world.a.position)}
    r = world.client.post("/api/v1/hr/vacancies", json=body, headers=world.login(world.a.people["hr"]))
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "open" and r.json()["min_tenure_months"] is None
    return r.json()["id"]


def test_an_hr_cell_posts_an_official_who_then_holds_the_post_and_can_read_the_order(world, db):
    a = world.a
    hr, colleague = world.login(a.people["hr"]), world.login(a.people["colleague"])
    vacancy = _vacancy(world, db)
    url = f"/api/v1/hr/vacancies/{vacancy}/postings"
    no_reason = world.client.post(url, json={"user_id": str(a.people["colleague"]), "reason": ""}, headers=hr)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    posted = world.client.post(
        url, json={"user_id": str(a.people["colleague"]), "reason": "Fits the post best"}, headers=hr
    )
    assert posted.status_code == 201, posted.text
    case = posted.json()
    assert (case["kind"], case["state"], case["outcome"]) == ("posting", "decided", "approve")
    assert case["entries"][0]["payload"]["fit"]["misses"][0]["needed"] == 3
    history = world.client.get(f"/api/v1/hr/officials/{a.people['colleague']}/postings", headers=colleague)
    assert [p["position_id"] for p in history.json()] == [str(a.position)]
    again = world.client.post(url, json={"user_id": str(a.people["nobody"]), "reason": "Another"}, headers=hr)
    assert again.status_code == 409
    for who in (hr, colleague):
        pdf = world.client.get(f"/api/v1/decisions/{case['id']}/order.pdf", headers=who)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Posting order" in text and "Section Officer" in text
    page = world.client.get(f"/api/v1/decisions/{case['id']}/order.html", headers=colleague)
    assert "तैनाती आदेश" in page.text
    appeal = world.client.post(
        f"/api/v1/decisions/{case['id']}/appeal",
        json={"grounds": "I asked for no transfer"},
        headers=colleague,
    )
    assert appeal.status_code == 200 and appeal.json()["state"] == "appealed"


def test_notices_reach_officials_who_fit_and_show_in_their_portal(world, db):
    from karmayogi.lms.orm import CourseCompetency

    a, b = world.a, world.b
    vacancy = _vacancy(world, db)
    with db.transaction() as session:  # the published course builds the needed level, in 4 hours
        session.query(CourseCompetency).filter_by(course_id=a.published_course).update({"level": 3})
    sent = world.client.post(
        f"/api/v1/hr/vacancies/{vacancy}/notices",
        json={"max_hours": 100},
        headers=world.login(a.people["hr"]),
    )
    assert sent.status_code == 201, sent.text
    told = {n["user_id"] for n in sent.json()}
    assert str(a.people["colleague"]) in told and str(b.people["colleague"]) not in told
    mine = world.client.get("/api/v1/me/vacancy-notices", headers=world.login(a.people["colleague"]))
    assert [(n["vacancy_id"], n["designation"], n["open"]) for n in mine.json()] == [
        (vacancy, "Section Officer", True)
    ]
    assert (
        world.client.get("/api/v1/me/vacancy-notices", headers=world.login(b.people["colleague"])).json()
        == []
    )
    resent = world.client.post(
        f"/api/v1/hr/vacancies/{vacancy}/notices",
        json={"max_hours": 100},
        headers=world.login(a.people["hr"]),
    )
    assert resent.json() == []  # nobody is told twice
    none_fit_now = world.client.post(
        f"/api/v1/hr/vacancies/{vacancy}/notices", json={"max_hours": 0}, headers=world.login(a.people["hr"])
    )
    assert none_fit_now.status_code == 201


def test_officials_are_searched_by_competency_and_level_within_scope(world, db):
    from karmayogi.lms.orm import Competency
    from karmayogi.lms.profiles import store as evidence
    from karmayogi.lms.profiles.evidence import EvidenceSource

    a, b = world.a, world.b
    _publish_frac(db, a)
    with db.transaction() as session:
        competency = session.query(Competency.id).filter(Competency.name == "Public Procurement A").scalar()
        for side, level in ((a, 4), (b, 4)):
            evidence.record(
                session, side.people["colleague"], competency, level, EvidenceSource.ADAPTIVE_TEST, "t", None
            )
    hr = world.login(a.people["hr"])
    found = world.client.get(f"/api/v1/hr/officials?competency_id={competency}&min_level=3", headers=hr)
    assert found.status_code == 200, found.text
    assert [m["user_id"] for m in found.json()] == [str(a.people["colleague"])]
    assert found.json()[0]["level"] == 4 and found.json()[0]["evidence_ids"]
    high = world.client.get(f"/api/v1/hr/officials?competency_id={competency}&min_level=5", headers=hr)
    assert high.json() == []
    wide = world.client.get(
        f"/api/v1/hr/officials?competency_id={competency}&min_level=3", headers=world.login(world.admin)
    )
    assert {m["user_id"] for m in wide.json()} == {str(a.people["colleague"]), str(b.people["colleague"])}
    bad = world.client.get(f"/api/v1/hr/officials?competency_id={uuid.uuid4()}", headers=hr)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "competency_id"
    level = world.client.get(f"/api/v1/hr/officials?competency_id={competency}&min_level=9", headers=hr)
    assert level.status_code == 422 and level.json()["errors"][0]["field"] == "min_level"
    learner = world.client.get(
        f"/api/v1/hr/officials?competency_id={competency}", headers=world.login(a.people["learner"])
    )
    assert learner.status_code == 403


def test_every_posting_route_answers_404_outside_the_hr_cells_scope(world, db):
    a, b = world.a, world.b
    vacancy = _vacancy(world, db)
    hr_a, hr_b = world.login(a.people["hr"]), world.login(b.people["hr"])
    posted = world.client.post(
        f"/api/v1/hr/vacancies/{vacancy}/postings",
        json={"user_id": str(a.people["colleague"]), "reason": "Fits"},
        headers=hr_a,
    )
    case = posted.json()["id"]
    body = {"user_id": str(a.people["nobody"]), "reason": "Fits"}
    for path in (vacancy, uuid.uuid4()):
        assert (
            world.client.post(f"/api/v1/hr/vacancies/{path}/postings", json=body, headers=hr_b).status_code
            == 404
        )
        assert (
            world.client.post(f"/api/v1/hr/vacancies/{path}/notices", json={}, headers=hr_b).status_code
            == 404
        )
    # A candidate outside the caller's scope is not found, as if they did not exist.
    other = world.client.post(f"/api/v1/hr/vacancies/{uuid.uuid4()}/postings", json=body, headers=hr_a)
    assert other.status_code == 404
    for person in (a.people["colleague"], uuid.uuid4()):
        assert world.client.get(f"/api/v1/hr/officials/{person}/postings", headers=hr_b).status_code == 404
    assert (
        world.client.get(
            f"/api/v1/hr/officials/{a.people['colleague']}/postings", headers=world.login(a.people["nobody"])
        ).status_code
        == 404
    )
    for tail in ("order.html", "order.pdf"):
        assert world.client.get(f"/api/v1/decisions/{case}/{tail}", headers=hr_b).status_code == 404
        assert world.client.get(f"/api/v1/decisions/{uuid.uuid4()}/{tail}", headers=hr_a).status_code == 404

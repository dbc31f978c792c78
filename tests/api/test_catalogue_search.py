"""Officials search the published catalogue by words and meaning, with filters and stable pages."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Course, CourseCompetency, CourseEmbedding, Provider

DOMAIN = "karmayogi.example"
SEARCH = "/api/v1/catalogue/search"


def test_search_finds_published_courses_by_words_and_filters_and_pages_stably(demo):
    client = demo.client
    learner = demo.login(f"learner1@{DOMAIN}")
    with demo.db.transaction() as session:
        provider = session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[0].name))
        published = set(session.scalars(select(Course.id).where(Course.status == "published")))
        tag = session.execute(
            select(CourseCompetency.competency_id, CourseCompetency.level)
            .join(Course, Course.id == CourseCompetency.course_id)
            .where(Course.status == "published", CourseCompetency.status == "confirmed")
            .order_by(CourseCompetency.course_id)
        ).first()

    whole = client.get(SEARCH, params={"q": "procurement rules", "limit": 40}, headers=learner).json()[
        "items"
    ]
    assert whole and {h["id"] for h in whole} <= {str(c) for c in published}
    assert [h["score"] for h in whole] == sorted((h["score"] for h in whole), reverse=True)
    pages, cursor = [], None
    for _ in range(4):
        params = {"q": "procurement rules", "limit": 10, **({"cursor": cursor} if cursor else {})}
        page = client.get(SEARCH, params=params, headers=learner).json()
        pages += page["items"]
        cursor = page["next_cursor"]
    assert [h["id"] for h in pages] == [h["id"] for h in whole]

    mine = client.get(SEARCH, params={"q": "training", "provider_id": str(provider)}, headers=learner).json()
    assert mine["items"] and all(h["provider_id"] == str(provider) for h in mine["items"])
    short = client.get(
        SEARCH, params={"max_hours": 2, "mode": "online", "limit": 200}, headers=learner
    ).json()
    assert short["items"] and all(h["learning_hours"] <= 2 and h["mode"] == "online" for h in short["items"])

    competency, level = tag
    found = client.get(
        SEARCH, params={"competency_id": str(competency), "level": level, "limit": 200}, headers=learner
    ).json()["items"]
    with demo.db.transaction() as session:
        expected = set(
            session.scalars(
                select(CourseCompetency.course_id)
                .join(Course, Course.id == CourseCompetency.course_id)
                .where(
                    CourseCompetency.competency_id == competency,
                    CourseCompetency.level >= level,
                    CourseCompetency.status == "confirmed",
                    Course.status == "published",
                )
            )
        )
    assert {h["id"] for h in found} == {str(c) for c in expected}

    r = client.get(SEARCH, params={"level": 2}, headers=learner)
    assert r.status_code == 422 and "competency_id" in r.text
    r = client.get(SEARCH, params={"q": "x", "cursor": "not-a-cursor"}, headers=learner)
    assert r.status_code == 422 and "cursor" in r.text


def test_a_newly_published_course_is_found_by_meaning_and_leaves_when_retired(demo):
    client = demo.client
    creator, reviewer, learner = (demo.login(f"{n}@{DOMAIN}") for n in ("creator1", "reviewer1", "learner1"))
    with demo.db.transaction() as session:
        provider = session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[0].name))
    client.get(SEARCH, params={"q": "warm the index"}, headers=learner)
    r = client.post(
        "/api/v1/courses",
        json={
            "provider_id": str(provider),
            "title": "Handling cyclone relief camps",
            "summary": "Running shelters for people evacuated before a storm makes landfall.",
            "learning_hours": 3,
        },
        headers=creator,
    )
    course_id = r.json()["course_id"]
    query = {"q": "managing evacuation shelters during hurricanes", "limit": 5}
    assert course_id not in [
        h["id"] for h in client.get(SEARCH, params=query, headers=learner).json()["items"]
    ]
    for headers, action in ((creator, "submit"), (reviewer, "approve")):
        step = {"action": action, "comment": ""}
        assert (
            client.post(f"/api/v1/courses/{course_id}/transitions", json=step, headers=headers).status_code
            == 201
        )
    top = client.get(SEARCH, params=query, headers=learner).json()["items"][0]
    assert top["id"] == course_id and top["dense_rank"] == 1

    step = {"action": "retire", "comment": "Merged into the disaster management program"}
    assert (
        client.post(f"/api/v1/courses/{course_id}/transitions", json=step, headers=reviewer).status_code
        == 201
    )
    assert course_id not in [
        h["id"] for h in client.get(SEARCH, params=query, headers=learner).json()["items"]
    ]


def test_the_embed_command_stores_a_vector_for_every_published_course(demo, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", demo.db.url)
    result = CliRunner().invoke(app, ["catalogue", "embed"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    with demo.db.transaction() as session:
        published = session.scalar(
            select(func.count()).select_from(Course).where(Course.status == "published")
        )
        stored = session.scalar(select(func.count()).select_from(CourseEmbedding))
        encoder = session.scalar(select(CourseEmbedding.encoder).limit(1))
    assert report["published"] == published == stored and encoder == report["encoder"]

"""Training institutions and the Commission see duplicate courses, overlap clusters and uncovered needs."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Course, Provider

DOMAIN = "karmayogi.example"
BASE = "/api/v1/harmonisation"


def test_a_course_republished_by_another_institute_is_reported_as_a_duplicate(demo):
    client = demo.client
    commission, creator, reviewer, learner = (
        demo.login(f"{n}@{DOMAIN}") for n in ("commission", "creator2", "reviewer2", "learner1")
    )
    with demo.db.transaction() as session:
        first = session.scalar(select(Provider).where(Provider.name == PROVIDERS[0].name))
        second = session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[1].name))
        original = session.scalar(
            select(Course)
            .where(Course.provider_id == first.id, Course.status == "published")
            .order_by(Course.id)
        )
        copy = {
            "provider_id": str(second),
            "title": original.title,
            "summary": original.summary,
            "description": original.description,
            "learning_hours": original.learning_hours,
        }
    created = client.post("/api/v1/courses", json=copy, headers=creator).json()["course_id"]
    for headers, action in ((creator, "submit"), (reviewer, "approve")):
        r = client.post(f"/api/v1/courses/{created}/transitions", json={"action": action}, headers=headers)
        assert r.status_code == 201, r.text

    assert client.get(f"{BASE}/overlaps", headers=learner).status_code == 403
    pairs = client.get(f"{BASE}/overlaps", headers=commission).json()
    ends = {(p["source_id"], p["target_id"]): p for p in pairs}
    pair = ends.get(tuple(sorted([str(original.id), created])))
    assert pair is not None and pair["kind"] == "exactMatchOf" and pair["similarity"] > 0.99
    assert all(0 <= p["confidence"] <= 1 for p in pairs)

    rows = list(
        csv.DictReader(io.StringIO(client.get(f"{BASE}/overlaps?format=csv", headers=commission).text))
    )
    assert len(rows) == len(pairs)
    case = client.get(f"{BASE}/overlaps?format=case", headers=commission).json()
    kinds = {a["associationType"] for a in case["CFAssociations"]}
    assert kinds <= {"exactMatchOf", "isRelatedTo"} and len(case["CFAssociations"]) == len(pairs)
    assert all(a["extensions"]["status"] == "pending review" for a in case["CFAssociations"])

    clusters = client.get(f"{BASE}/clusters", headers=commission).json()
    assert any({str(original.id), created} <= set(c["members"]) for c in clusters)
    matrix = client.get(f"{BASE}/institutions", headers=commission).json()
    a, b = matrix["institutions"].index(PROVIDERS[0].name), matrix["institutions"].index(PROVIDERS[1].name)
    assert matrix["overlapping"][a][b] >= 1 and matrix["overlapping"][b][a] >= 1


def test_the_coverage_report_lists_needs_no_published_course_builds(demo):
    client = demo.client
    commission = demo.login(f"commission@{DOMAIN}")
    gaps = client.get(f"{BASE}/coverage", headers=commission).json()
    assert gaps, "the demo FRAC needs some competencies at levels its catalogue does not reach"
    positions = [g["need"]["positions"] for g in gaps]
    assert positions == sorted(positions, reverse=True)
    for gap in gaps:
        assert gap["best_level"] is None or gap["best_level"] < gap["need"]["level"]
    text = client.get(f"{BASE}/coverage?format=csv", headers=commission).text
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(gaps)

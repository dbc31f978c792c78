"""What to learn next, over HTTP and the CLI, on the small demo with the real encoder.

The recommender is built once per database and kept warm, so these few tests each check a lot.
"""

import itertools
import json
import random
import uuid
from datetime import date

from sqlalchemy import func, select, update
from typer.testing import CliRunner

from karmayogi.api.cli import app as cli
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.catalogue.embeddings import changed, published_entries
from karmayogi.lms.demo import sevottam as demo_sevottam
from karmayogi.lms.demo.seed import ANCHOR, DEMO_PASSWORD
from karmayogi.lms.frac.versions import newest
from karmayogi.lms.orm import (
    Course,
    DesignationMandate,
    Enrolment,
    Grant,
    GrievanceLink,
    OfficerRecommendation,
    Organisation,
    Position,
    User,
)
from karmayogi.lms.sevottam import linking
from karmayogi.recommender.paths import Prerequisites, prerequisite_violations

LEARNER = "learner1@karmayogi.example"
HR = "hr.doe@karmayogi.example"  # HR cell of learner1's department; holds no position itself


def _user(demo, email: str) -> User:
    with demo.db.transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        session.expunge(user)
        return user


def _colleague(demo, learner: User) -> User:
    """Another official of the learner's office who is only a learner: no right to their records."""
    with demo.db.transaction() as session:
        roles = select(func.count()).where(Grant.user_id == User.id, Grant.role != "learner")
        user = session.scalar(
            select(User)
            .where(User.organisation_id == learner.organisation_id, User.id != learner.id)
            .where(roles.scalar_subquery() == 0)
            .order_by(User.email)
            .limit(1)
        )
        session.expunge(user)
        return user


def test_an_official_gets_explained_courses_for_their_gaps_and_a_path_without_prerequisite_violations(
    demo,
):
    me = demo.login(LEARNER)
    learner = _user(demo, LEARNER)
    with demo.db.transaction() as session:
        taken = {
            course_id: status
            for course_id, status in session.execute(
                select(Enrolment.course_id, Enrolment.status).where(Enrolment.user_id == learner.id)
            )
        }
        draft = session.scalar(select(Course.id).where(Course.status != "published").limit(1))
        # The learner's department mandates two courses for their designation, due on different days.
        designation = session.scalar(select(Position.designation).where(Position.id == learner.position_id))
        department = session.scalar(
            select(Organisation.path).where(Organisation.id == learner.organisation_id)
        )
        untaken = session.scalars(
            select(Course.id)
            .where(Course.status == "published", Course.id.not_in(list(taken)))
            .order_by(Course.id)
            .limit(2)
        ).all()
        for course_id, due in zip(untaken, (date(2027, 3, 1), date(2026, 12, 15)), strict=True):
            session.add(
                DesignationMandate(
                    organisation_id=uuid.UUID(department.strip("/").split("/")[1]),
                    designation=designation,
                    course_id=course_id,
                    due_on=due,
                )
            )

    r = demo.client.get("/api/v1/me/gaps", headers=me)
    assert r.status_code == 200, r.text
    gaps = r.json()
    assert gaps["reason"] is None and gaps["items"]
    assert all(gap["roles"] and all(role["name"] for role in gap["roles"]) for gap in gaps["items"])
    assert all(gap["needed_level"] > gap["held_level"] for gap in gaps["items"])
    weights = [gap["weight"] for gap in gaps["items"]]
    assert weights == sorted(weights, reverse=True)
    gap_names = {gap["competency"] for gap in gaps["items"]}

    r = demo.client.get("/api/v1/me/recommendations", params={"k": 8}, headers=me)
    assert r.status_code == 200, r.text
    found = r.json()
    assert found["reason"] is None and 0 < len(found["items"]) <= 8
    ids = [item["course_id"] for item in found["items"]]
    assert not set(ids) & {str(c) for c, status in taken.items() if status != "withdrawn"}
    for item in found["items"]:
        parts = item["score_parts"]
        assert set(parts) == {
            "gap_closed",
            "level_fit",
            "quality",
            "peer_popularity",
            "mandated",
            "diversity_penalty",
            "total",
        }
        assert item["score"] == parts["total"]
        if item["mandate"] is None:
            link = item["gaps"][0]
            assert link["competency"] in gap_names
            stated = f"{link['competency']}: level {link['held_level']} → {link['needed_level']} (needed by"
            assert stated in item["explanation"]
        else:
            assert item["explanation"].startswith("Mandated by ")
    optional = next(item for item in found["items"] if item["mandate"] is None)

    # "Not relevant" takes the course out of the list and the path; marking twice is one mark.
    marked = demo.client.post(
        "/api/v1/me/not-relevant", json={"course_id": optional["course_id"]}, headers=me
    )
    again = demo.client.post("/api/v1/me/not-relevant", json={"course_id": optional["course_id"]}, headers=me)
    assert marked.status_code == again.status_code == 200, marked.text
    assert marked.json() == again.json()
    r = demo.client.get("/api/v1/me/recommendations", params={"k": 8}, headers=me)
    assert optional["course_id"] not in [item["course_id"] for item in r.json()["items"]]
    r = demo.client.post("/api/v1/me/not-relevant", json={"course_id": str(draft)}, headers=me)
    assert r.status_code == 422 and "course_id" in r.text

    r = demo.client.get(
        "/api/v1/me/learning-path", params={"weekly_hours": 3, "starts_on": "2026-10-01"}, headers=me
    )
    assert r.status_code == 200, r.text
    path = r.json()
    steps = path["items"]
    assert steps and path["reason"] is None and path["weekly_hours"] == 3
    assert optional["course_id"] not in [step["course_id"] for step in steps]
    assert not {step["course_id"] for step in steps} & {str(c) for c, s in taken.items() if s == "completed"}
    mandated = [step for step in steps if step["mandated"]]
    assert mandated and steps[: len(mandated)] == mandated
    assert [step["due_on"] for step in mandated] == sorted(step["due_on"] for step in mandated)
    assert all(step["source"] for step in mandated)
    assert any(step["closes"] for step in steps[len(mandated) :])
    weeks = [(step["weeks"][0]["week"], step["weeks"][-1]["week"]) for step in steps]
    assert all(first >= last for (_, last), (first, _) in itertools.pairwise(weeks))
    assert all(piece["hours"] <= 3 for step in steps for piece in step["weeks"])
    assert path["weeks"] == weeks[-1][1]
    assert path["optimality"]["proven_optimal"] and path["optimality"]["greedy_gap"] >= 0
    with demo.db.transaction() as session:
        entries = {entry.id: entry for entry in published_entries(session)}
        framework = newest(session)[1].framework
    ordered = [entries[uuid.UUID(step["course_id"])] for step in steps]
    assert prerequisite_violations(ordered, Prerequisites.of(framework)) == []

    assert (
        demo.client.delete(f"/api/v1/me/not-relevant/{optional['course_id']}", headers=me).status_code == 204
    )
    assert (
        demo.client.delete(f"/api/v1/me/not-relevant/{optional['course_id']}", headers=me).status_code == 204
    )
    r = demo.client.get("/api/v1/me/recommendations", params={"k": 8}, headers=me)
    assert optional["course_id"] in [item["course_id"] for item in r.json()["items"]]


def test_nothing_to_recommend_says_why_and_hr_in_scope_reads_what_the_official_sees(demo):
    learner = _user(demo, LEARNER)
    colleague = _colleague(demo, learner)
    hr = demo.login(HR)

    for what in ("gaps", "recommendations", "learning-path"):
        r = demo.client.get(f"/api/v1/me/{what}", headers=hr)
        assert r.status_code == 200, r.text
        assert r.json()["items"] == [] and r.json()["reason"] == "no_position"
        assert "holds no position" in r.json()["message"]

        as_learner = demo.client.get(f"/api/v1/me/{what}", headers=demo.login(LEARNER)).json()
        as_hr = demo.client.get(f"/api/v1/users/{learner.id}/{what}", headers=hr)
        assert as_hr.status_code == 200, as_hr.text
        assert as_hr.json()["items"] == as_learner["items"] and as_learner["items"]
        for stranger in (demo.login(colleague.email), demo.login("hr.cbic@karmayogi.example")):
            r = demo.client.get(f"/api/v1/users/{learner.id}/{what}", headers=stranger)
            assert r.status_code == 404, r.text

    me = demo.login(LEARNER)
    assert demo.client.get("/api/v1/me/recommendations", params={"k": 0}, headers=me).status_code == 422
    assert (
        demo.client.get("/api/v1/me/learning-path", params={"weekly_hours": 0}, headers=me).status_code == 422
    )
    r = demo.client.get("/api/v1/me/gaps", params={"desired_position_id": str(uuid.uuid4())}, headers=me)
    assert r.status_code == 200 and r.json()["items"]
    assert "desired position" in r.json()["notes"][0]

    # A position that no published FRAC version describes.
    with demo.db.transaction() as session:
        unverified = Position(
            organisation_id=colleague.organisation_id,
            designation="Data Steward",
            grade="Group A",
            pay_level=10,
        )
        session.add(unverified)
        session.flush()
        session.execute(update(User).where(User.id == colleague.id).values(position_id=unverified.id))
    r = demo.client.get("/api/v1/me/recommendations", headers=demo.login(colleague.email))
    assert r.status_code == 200
    assert r.json()["reason"] == "no_verified_frac" and "not in the verified FRAC" in r.json()["message"]


def test_the_cli_prints_one_official_as_json_and_refreshes_everyone(demo, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", demo.db.url)
    learner, hr = _user(demo, LEARNER), _user(demo, HR)
    runner = CliRunner()

    result = runner.invoke(cli, ["recommend", "--user", str(learner.id), "--k", "10"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["user_id"] == str(learner.id)
    assert printed["gaps"]["items"] and len(printed["recommendations"]["items"]) == 10
    assert printed["learning_path"]["items"] and printed["learning_path"]["optimality"]
    assert runner.invoke(cli, ["recommend", "--user", "nobody"]).exit_code == 2

    result = runner.invoke(cli, ["recommend", "--all", "--workers", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    with demo.db.transaction() as session:
        active = session.scalar(select(func.count()).select_from(User).where(User.is_active))
        rows = {row.user_id: row for row in session.scalars(select(OfficerRecommendation))}
    assert report["officers"] == len(rows) == active and report["officers_per_second"] > 0
    assert report["recommended"] + sum(report["nothing"].values()) == active
    assert rows[learner.id].items == printed["recommendations"]["items"]
    assert rows[learner.id].reason is None and rows[learner.id].organisation_id == learner.organisation_id
    assert all(item["explanation"] and item["score_parts"] for item in rows[learner.id].items)
    assert rows[hr.id].items == [] and rows[hr.id].reason == "no_position"

    # An empty catalogue: the gaps are still shown, but no course can be.
    with demo.db.transaction() as session:
        session.execute(update(Course).values(status="retired"))
        changed(session)
    me = demo.login(LEARNER)
    assert demo.client.get("/api/v1/me/gaps", headers=me).json()["items"]
    r = demo.client.get("/api/v1/me/recommendations", headers=me)
    assert r.status_code == 200 and r.json()["reason"] == "empty_catalogue"
    assert demo.client.get("/api/v1/me/learning-path", headers=me).json()["reason"] == "empty_catalogue"


def test_courses_for_gaps_that_grievances_point_at_say_so(demo):
    """Sevottam's demo grievances, linked to competencies, reach the recommendations of the officials in
    the roles they point at, each with its explanation."""
    with demo.db.transaction() as session:
        demo_sevottam.seed(session, random.Random(7), ANCHOR, hash_password(DEMO_PASSWORD))
        assert session.scalar(select(func.count()).select_from(GrievanceLink)) > 0
        pointed = {}
        for user in session.scalars(select(User).where(User.position_id.is_not(None)).order_by(User.email)):
            signals = linking.signals_for_official(session, user.id)
            if signals:
                pointed[user.email] = {s.competency: s.explanation for s in signals}
    assert pointed, "the demo's grievances point at no official's competencies"
    shown = 0
    for email, signals in itertools.islice(pointed.items(), 5):
        r = demo.client.get("/api/v1/me/recommendations?k=20", headers=demo.login(email))
        assert r.status_code == 200, r.text
        for item in r.json()["items"]:
            gaps = {g["competency"] for g in item["gaps"]}
            expected = {signals[c] for c in gaps if c in signals}
            assert {s["explanation"] for s in item["service_signals"]} == expected
            shown += len(expected)
    assert shown > 0, "no recommended course closes a gap the grievances point at"

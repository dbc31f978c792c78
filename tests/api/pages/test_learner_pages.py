"""Learner, supervisor and HR pages over the real app: scope, escaping and the forms' errors."""

from __future__ import annotations

import uuid

from portal_forms import post_form, signed_in
from sqlalchemy import literal, select, update

from karmayogi.lms.demo.seed import DEMO_PASSWORD
from karmayogi.lms.orm import Course, CourseCompetency, Enrolment, Grant, Organisation, User

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert('x')</script>"


def as_(world, who: uuid.UUID):  # type: ignore[no-untyped-def]
    return signed_in(world.client.app, f"{who}@example.com", PASSWORD)


def test_course_pages_follow_the_api_scope(world) -> None:  # type: ignore[no-untyped-def]
    learner = as_(world, world.a.people["learner"])
    assert learner.get(f"/catalogue/{world.b.published_course}").status_code == 200  # published: for all
    nothing = uuid.uuid4()
    hidden = learner.get(f"/catalogue/{world.b.draft_course}")
    missing = learner.get(f"/catalogue/{nothing}")
    assert hidden.status_code == missing.status_code == 404
    # Another organisation's draft looks exactly like nothing (the pages differ only in the id echoed back).
    assert hidden.text.replace(str(world.b.draft_course), "ID") == missing.text.replace(str(nothing), "ID")
    creator = as_(world, world.b.people["creator"])
    assert creator.get(f"/catalogue/{world.b.draft_course}").status_code == 200


def test_team_and_certificate_pages_of_another_organisation_are_not_found(world) -> None:  # type: ignore[no-untyped-def]
    hr_a = as_(world, world.a.people["hr"])
    assert hr_a.get(f"/team/{world.a.people['learner']}").status_code == 200
    assert hr_a.get(f"/team/{world.b.people['learner']}").status_code == 404
    r = hr_a.get("/team", params={"email": f"{world.b.people['learner']}@example.com"})
    assert r.status_code == 422 and "No one with this email is in your scope." in r.text
    b_learner = world.login(world.b.people["learner"])
    enrolment = world.client.get(f"/api/v1/users/{world.b.people['learner']}/enrolments", headers=b_learner)
    issued = world.client.post(
        "/api/v1/credentials", json={"enrolment_id": enrolment.json()["items"][0]["id"]}, headers=b_learner
    )
    credential = issued.json()["id"]
    owner = as_(world, world.b.people["learner"])
    assert owner.get(f"/certificates/{credential}").status_code == 200
    assert owner.get(f"/certificates/{credential}/certificate.pdf").content[:5] == b"%PDF-"
    for who in ("learner", "hr"):
        assert as_(world, world.a.people[who]).get(f"/certificates/{credential}").status_code == 404


def test_user_text_is_escaped_everywhere(world, db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        session.execute(update(Course).where(Course.id == world.a.published_course).values(title=SCRIPT))
        session.execute(update(User).where(User.id == world.a.people["learner"]).values(full_name=SCRIPT))
    learner = as_(world, world.a.people["learner"])
    page = f"/catalogue/{world.a.published_course}"
    r = post_form(learner, page, f"{page}/rating", {"stars": "5", "review": SCRIPT})
    assert r.status_code == 303
    for path in (page, "/home", "/certificates"):
        html = learner.get(path).text
        assert SCRIPT not in html, path
    html = learner.get(page).text
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 3  # title, review, display name


def test_rating_form_errors_sit_beside_their_fields(world) -> None:  # type: ignore[no-untyped-def]
    learner = as_(world, world.a.people["learner"])
    page = f"/catalogue/{world.a.published_course}"
    r = post_form(learner, page, f"{page}/rating", {"stars": "7", "review": "fine"})
    assert r.status_code == 422 and 'id="e-stars"' in r.text
    r = post_form(learner, "/home", "/learning-path", {})  # a POST to a GET-only page
    assert r.status_code == 405
    r = learner.get("/learning-path", params={"weekly_hours": "400"})
    assert r.status_code == 422 and 'id="e-weekly_hours"' in r.text


def test_hr_completes_and_the_supervisor_rates_through_pages(demo) -> None:  # type: ignore[no-untyped-def]
    """On the demo, whose FRAC is published, so that a completion and a rating become evidence."""
    with demo.db.transaction() as session:
        learner = session.scalars(select(User).where(User.email == "learner1@karmayogi.example")).one()
        learner_id, supervisor_id, office = learner.id, learner.supervisor_id, learner.organisation_id
        path = session.get(Organisation, office).path
        hr_email = session.scalars(
            select(User.email)
            .join(Grant, Grant.user_id == User.id)
            .join(Organisation, Organisation.id == Grant.organisation_id)
            .where(Grant.role == "hr_cell", literal(path).startswith(Organisation.path))
        ).first()
        supervisor_email = session.get(User, supervisor_id).email
        colleague_email = session.scalars(
            select(User.email).where(
                User.organisation_id == office,
                User.id.not_in([learner_id, supervisor_id]),
                User.id.not_in(select(Grant.user_id).where(Grant.role != "learner")),
            )
        ).first()
        taken = select(Enrolment.course_id).where(Enrolment.user_id == learner_id)
        course_id = session.scalars(
            select(Course.id)
            .join(CourseCompetency, CourseCompetency.course_id == Course.id)
            .where(
                Course.status == "published", CourseCompetency.status == "confirmed", Course.id.not_in(taken)
            )
        ).first()
    app = demo.client.app
    learner = signed_in(app, "learner1@karmayogi.example", DEMO_PASSWORD)
    page = f"/catalogue/{course_id}"
    assert post_form(learner, page, f"{page}/enrolment", {}).status_code == 303
    with demo.db.transaction() as session:
        enrolment_id = str(
            session.scalars(
                select(Enrolment.id).where(Enrolment.user_id == learner_id, Enrolment.course_id == course_id)
            ).one()
        )
    member = f"/team/{learner_id}"
    colleague = signed_in(app, colleague_email, DEMO_PASSWORD)
    assert colleague.get(member).status_code == 404  # a fellow learner does not see the record
    supervisor = signed_in(app, supervisor_email, DEMO_PASSWORD)
    r = post_form(supervisor, member, f"{member}/completions", {"enrolment_id": enrolment_id})
    # Supervisors read the record; only the HR cell marks completion (the enrolment is beyond their power).
    assert r.status_code in (403, 404)
    hr = signed_in(app, hr_email, DEMO_PASSWORD)
    r = post_form(hr, member, f"{member}/completions", {"enrolment_id": enrolment_id})
    assert r.status_code == 303
    with demo.db.transaction() as session:
        assert session.get(Enrolment, uuid.UUID(enrolment_id)).status == "completed"
    assert "course completion" in learner.get("/passbook").text
    html = supervisor.get(member).text
    assert 'action="' + member + '/ratings"' in html
    competency = html.split('name="competency_id"><option value="')[1].split('"')[0]
    r = post_form(supervisor, member, f"{member}/ratings", {"competency_id": competency, "level": "9"})
    assert r.status_code == 422 and 'id="e-level"' in r.text
    r = post_form(supervisor, member, f"{member}/ratings", {"competency_id": competency, "level": "3"})
    assert r.status_code == 303
    assert "supervisor rating" in learner.get("/passbook").text
    r = post_form(hr, member, f"{member}/ratings", {"competency_id": competency, "level": "3"})
    assert r.status_code == 422 and "Only the official" in r.text  # the HR cell is not the supervisor

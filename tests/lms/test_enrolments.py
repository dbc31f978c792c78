"""Enrolling and completing from a plain script: the public URL comes from the settings passed in."""

from sqlalchemy import select

from karmayogi.content.model import CourseStatus
from karmayogi.lms import enrolments
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.config import Settings
from karmayogi.lms.demo.seed import DEMO_DOMAIN, seed
from karmayogi.lms.orm import Course, Enrolment, User, XapiStatement

PUBLIC_URL = "https://karmayogi.script.test"


def test_a_script_enrols_and_completes_with_its_own_settings(db):
    settings = Settings(database_url=db.url, secret_key="script-" + "k" * 32, public_url=PUBLIC_URL)
    with db.transaction() as session:
        seed(session, "small", 5)
    # A session straight from the database, as any script has: nothing of the app's set on it.
    with db.transaction() as session:
        admin = session.scalar(select(User).where(User.email == f"admin@{DEMO_DOMAIN}"))
        learner = session.scalar(
            select(User).where(~User.id.in_(select(Enrolment.user_id)), User.position_id.is_not(None))
        )
        published = session.scalars(select(Course).where(Course.status == CourseStatus.PUBLISHED))
        course = next(c for c in published if not c.seats)
        assert admin is not None and learner is not None and course is not None
        enrolment = enrolments.enrol(session, settings, user_principal(session, learner), course.id)
        enrolments.complete(session, settings, user_principal(session, admin), enrolment.id)
        enrolment_id, organisation_id = enrolment.id, learner.organisation_id
        course_iri = f"{PUBLIC_URL}/courses/{course.id}"

    with db.transaction() as session:
        assert session.get(Enrolment, enrolment_id).status == "completed"
        told = session.scalars(
            select(XapiStatement.statement).where(XapiStatement.organisation_id == organisation_id)
        ).all()
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in told if s["object"]["id"] == course_iri)
    assert verbs == ["completed", "registered"]
    assert all(s["authority"]["account"]["homePage"] == PUBLIC_URL for s in told)

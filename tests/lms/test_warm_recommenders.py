"""The warm recommender: rebuilt at once for a new catalogue, and for new feedback once it is due a look."""

from sqlalchemy import select

from karmayogi.content import encoders
from karmayogi.lms import warm_recommenders
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.catalogue import embeddings, ratings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import CourseRating, Enrolment, User

warm = warm_recommenders.warm


def _rate_an_unrated_enrolment(db: Database) -> None:
    with db.transaction() as session:
        user_id, course_id = session.execute(
            select(Enrolment.user_id, Enrolment.course_id)
            .outerjoin(
                CourseRating,
                (CourseRating.user_id == Enrolment.user_id) & (CourseRating.course_id == Enrolment.course_id),
            )
            .where(CourseRating.user_id.is_(None))
            .limit(1)
        ).one()
        principal = user_principal(session, session.get(User, user_id))
        ratings.rate(session, principal, course_id, 5, "")


def test_feedback_is_read_again_only_once_it_is_due_and_the_catalogue_at_once(db: Database, monkeypatch):
    with db.transaction() as session:
        seed(session, "small", 7)
    encoder = encoders.minilm()
    with db.transaction() as session:
        first = warm.get(session, encoder)
    assert first is not None

    _rate_an_unrated_enrolment(db)
    with db.transaction() as session:  # within the interval the aggregates are not even read
        assert warm.get(session, encoder) is first

    monkeypatch.setattr(warm_recommenders, "FEEDBACK_FRESH_SECONDS", 0.0)
    with db.transaction() as session:
        second = warm.get(session, encoder)
    assert second is not first
    with db.transaction() as session:  # due a look, but nothing moved
        assert warm.get(session, encoder) is second

    monkeypatch.setattr(warm_recommenders, "FEEDBACK_FRESH_SECONDS", 3600.0)
    with db.transaction() as session:  # a catalogue change does not wait for the feedback's turn
        embeddings.changed(session)
    with db.transaction() as session:
        assert warm.get(session, encoder) is not second

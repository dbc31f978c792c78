"""The platform's learning events, built with tincan, are statements the LRS itself accepts."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from karmayogi.lms.learning.projections import duration_seconds
from karmayogi.lms.orm import Course, Enrolment, User
from karmayogi.lms.xapi import emitting
from karmayogi.lms.xapi.validation import validate_statements

PLATFORM = emitting.Platform("https://karmayogi.test")
AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def parties() -> tuple[User, Course, Enrolment]:
    learner = User(
        id=uuid.uuid4(), email="meera.iyer@mha.gov.in", full_name="Meera Iyer", organisation_id=uuid.uuid4()
    )
    course = Course(
        id=uuid.uuid4(),
        title="Disaster management for district officers",
        language="en",
        mode="blended",
        sessions=[
            {
                "starts_at": "2026-05-04T04:00:00+00:00",
                "ends_at": "2026-05-04T07:30:00+00:00",
                "venue": "NIDM",
            }
        ],
    )
    enrolment = Enrolment(id=uuid.uuid4(), user_id=learner.id, course_id=course.id, enrolled_at=AT)
    return learner, course, enrolment


def _json(statement) -> dict:  # type: ignore[no-untyped-def, type-arg]
    [checked] = validate_statements(json.loads(statement.to_json(emitting.VERSION)), emitting.VERSION)
    return checked


def test_every_event_is_a_valid_statement_about_the_learners_enrolment(parties):  # type: ignore[no-untyped-def]
    learner, course, enrolment = parties
    made = {
        "registered": emitting.registered(PLATFORM, learner, course, enrolment),
        "launched": emitting.launched(PLATFORM, learner, course, enrolment, AT),
        "progressed": emitting.progressed(PLATFORM, learner, course, enrolment, 45, AT),
        "completed": emitting.completed(PLATFORM, learner, course, enrolment, AT, timedelta(hours=5)),
        "passed": emitting.passed(PLATFORM, learner, course, enrolment, 0.8, AT),
        "failed": emitting.failed(PLATFORM, learner, course, enrolment, 0.3, AT),
        "attended": emitting.attended(PLATFORM, learner, course, enrolment, 1),
    }
    for verb, statement in made.items():
        checked = _json(statement)
        assert checked["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}"
        assert checked["actor"]["account"] == {"homePage": "https://karmayogi.test", "name": str(learner.id)}
        assert checked["context"]["registration"] == str(enrolment.id)
    course_iri = f"https://karmayogi.test/courses/{course.id}"
    assert _json(made["progressed"])["result"]["extensions"] == {emitting.PROGRESS: 45}
    assert duration_seconds(_json(made["completed"])["result"]["duration"]) == 5 * 3600
    assert _json(made["passed"])["result"]["score"] == {"scaled": 0.8}
    assert _json(made["failed"])["result"]["success"] is False
    attended = _json(made["attended"])
    assert attended["object"]["id"] == f"{course_iri}/sessions/1"
    assert attended["context"]["contextActivities"]["parent"][0]["id"] == course_iri
    assert duration_seconds(attended["result"]["duration"]) == 3.5 * 3600


def test_the_same_event_told_twice_has_the_same_id(parties):  # type: ignore[no-untyped-def]
    learner, course, enrolment = parties
    first = emitting.registered(PLATFORM, learner, course, enrolment)
    assert first.id == emitting.registered(PLATFORM, learner, course, enrolment).id
    assert first.id != emitting.launched(PLATFORM, learner, course, enrolment, AT).id


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [
        ("PT1H30M", 5400),
        ("PT01M30.5S", 90.5),
        ("P1DT2H", 93600),
        ("P4W", 2419200),
        ("PT0,5S", 0.5),
        ("P1M", 2592000),
    ],
)
def test_durations_count_in_seconds(duration: str, seconds: float):
    assert duration_seconds(duration) == seconds

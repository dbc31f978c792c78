"""The platform's own learning events as xAPI statements, built with `tincan` and kept in our own LRS.

Enrolling, launching, progress, completion, passing or failing, and attending an on-site session
are told in xAPI like any content package would tell them, so one record store holds a learner's
whole history and other LRSs can take it as it is. The statements go through the same validation
and ingest as a client's, into the learner's organisation's record store, with the platform as
their authority; their ids derive from the enrolment, the verb and the moment, so telling an
event twice stores it once. Ingest queues them for projection like any statement, and projecting
them changes nothing: the enrolment already says what they say.

The platform names things by its public URL (`KARMAYOGI_PUBLIC_URL`):
- a course is the activity `{public_url}/courses/{course_id}`, and an on-site session of it
  `{public_url}/courses/{course_id}/sessions/{n}` (its n-th session, from 1);
- an official is the agent with the account `{"homePage": public_url, "name": user_id}`;
- the platform itself is the account `{"homePage": public_url, "name": "platform"}`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    LanguageMap,
    Result,
    Score,
    Statement,
    Verb,
)

from karmayogi.lms.db import utcnow
from karmayogi.lms.orm import ApiClient, Course, Enrolment, User
from karmayogi.lms.xapi import statements as store
from karmayogi.lms.xapi.validation import validate_statements

# The newest version tincan writes; the record store keeps it as the statements' version.
VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi"
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
# Statement ids are UUID v5 in this namespace, from the enrolment, the verb and the moment.
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:karmayogi:xapi:platform-statements")


@dataclass(frozen=True)
class Platform:
    """The platform as xAPI sees it: the IRIs it names courses and officials by, and its authority."""

    public_url: str

    @property
    def courses_iri(self) -> str:
        return f"{self.public_url}/courses/"

    def course_iri(self, course_id: uuid.UUID) -> str:
        return f"{self.courses_iri}{course_id}"

    def learner(self, user: User) -> Agent:
        return Agent(name=user.full_name, account=AgentAccount(home_page=self.public_url, name=str(user.id)))

    @property
    def authority(self) -> dict[str, Any]:
        return {
            "objectType": "Agent",
            "name": "Karmayogi platform",
            "account": {"homePage": self.public_url, "name": "platform"},
        }


def _statement(
    platform: Platform,
    verb: str,
    learner: User,
    course: Course,
    enrolment: Enrolment,
    at: datetime,
    result: Result | None = None,
    activity: Activity | None = None,
) -> Statement:
    """One statement about a learner's enrolment; `activity` stands for a part of the course, if given."""
    course_activity = Activity(
        id=platform.course_iri(course.id),
        definition=ActivityDefinition(
            name=LanguageMap({course.language: course.title}), type=f"{ADL}/activities/course"
        ),
    )
    return Statement(
        id=uuid.uuid5(_IDS, f"{verb}|{enrolment.id}|{at.isoformat()}"),
        actor=platform.learner(learner),
        verb=Verb(id=f"{ADL}/verbs/{verb}", display=LanguageMap({"en-US": verb})),
        object=activity or course_activity,
        result=result,
        context=Context(
            registration=enrolment.id,
            platform="Karmayogi",
            context_activities=ContextActivities(parent=[course_activity]) if activity else None,
        ),
        timestamp=at,
    )


def registered(platform: Platform, learner: User, course: Course, enrolment: Enrolment) -> Statement:
    return _statement(platform, "registered", learner, course, enrolment, enrolment.enrolled_at)


def launched(
    platform: Platform, learner: User, course: Course, enrolment: Enrolment, at: datetime
) -> Statement:
    return _statement(platform, "launched", learner, course, enrolment, at)


def progressed(
    platform: Platform, learner: User, course: Course, enrolment: Enrolment, progress: int, at: datetime
) -> Statement:
    """Progress as a percentage, in cmi5's progress extension (the projection reads it from there)."""
    result = Result(extensions=Extensions({PROGRESS: progress}))
    return _statement(platform, "progressed", learner, course, enrolment, at, result)


def completed(
    platform: Platform,
    learner: User,
    course: Course,
    enrolment: Enrolment,
    at: datetime,
    duration: timedelta | None = None,
) -> Statement:
    result = Result(completion=True, duration=duration)
    return _statement(platform, "completed", learner, course, enrolment, at, result)


def passed(
    platform: Platform, learner: User, course: Course, enrolment: Enrolment, scaled: float, at: datetime
) -> Statement:
    """Passed the course's assessment with a score from 0 to 1."""
    result = Result(success=True, completion=True, score=Score(scaled=scaled))
    return _statement(platform, "passed", learner, course, enrolment, at, result)


def failed(
    platform: Platform, learner: User, course: Course, enrolment: Enrolment, scaled: float, at: datetime
) -> Statement:
    result = Result(success=False, completion=True, score=Score(scaled=scaled))
    return _statement(platform, "failed", learner, course, enrolment, at, result)


def attended(
    platform: Platform, learner: User, course: Course, enrolment: Enrolment, session_number: int
) -> Statement:
    """Attended the n-th on-site session of a blended or on-site course (from 1), for its scheduled time."""
    onsite = course.sessions[session_number - 1]
    starts, ends = datetime.fromisoformat(onsite["starts_at"]), datetime.fromisoformat(onsite["ends_at"])
    activity = Activity(
        id=f"{platform.course_iri(course.id)}/sessions/{session_number}",
        definition=ActivityDefinition(
            name=LanguageMap(
                {course.language: f"{course.title}, session {session_number} at {onsite['venue']}"}
            ),
            type=f"{ADL}/activities/meeting",
        ),
    )
    return _statement(
        platform, "attended", learner, course, enrolment, ends, Result(duration=ends - starts), activity
    )


def platform_client(session: Session, organisation_id: uuid.UUID) -> uuid.UUID:
    """The API client that the platform's statements in an organisation's record store are stored under.

    It is made on first use and made revoked, with no secret: nobody can sign in as the platform.
    """
    key = f"platform-{organisation_id.hex}"
    found = session.scalar(select(ApiClient.id).where(ApiClient.key == key))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            client = ApiClient(
                organisation_id=organisation_id,
                name="Karmayogi platform (its own learning events)",
                key=key,
                secret_hash="",
                revoked_at=utcnow(),
            )
            session.add(client)
        return client.id
    except IntegrityError:  # made by a concurrent request in the meantime
        made = session.scalar(select(ApiClient.id).where(ApiClient.key == key))
        assert made is not None
        return made


def record(
    session: Session, platform: Platform, organisation_id: uuid.UUID, statements: list[Statement]
) -> list[uuid.UUID]:
    """Store the platform's statements in an organisation's record store, checked like any client's."""
    body = [json.loads(s.to_json(VERSION)) for s in statements]
    return store_for_platform(session, platform, organisation_id, validate_statements(body, VERSION))


def store_for_platform(
    session: Session, platform: Platform, organisation_id: uuid.UUID, validated: list[dict[str, Any]]
) -> list[uuid.UUID]:
    """Ingest statements the platform vouches for (its own, or history it migrates) as their authority."""
    client_id = platform_client(session, organisation_id)
    return store.store(session, organisation_id, client_id, platform.authority, validated, VERSION)


def _parties(session: Session, enrolment: Enrolment) -> tuple[User, Course]:
    learner, course = session.get(User, enrolment.user_id), session.get(Course, enrolment.course_id)
    assert learner is not None and course is not None, "an enrolment's learner and course exist"
    return learner, course


def on_enrolled(session: Session, platform: Platform, enrolment: Enrolment) -> None:
    learner, course = _parties(session, enrolment)
    record(session, platform, enrolment.organisation_id, [registered(platform, learner, course, enrolment)])


def on_completed(session: Session, platform: Platform, enrolment: Enrolment) -> None:
    assert enrolment.completed_at is not None
    learner, course = _parties(session, enrolment)
    statement = completed(platform, learner, course, enrolment, enrolment.completed_at)
    record(session, platform, enrolment.organisation_id, [statement])

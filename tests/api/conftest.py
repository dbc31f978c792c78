"""A small civil service in two ministries, served by the real app over ASGI HTTP.

Department A and department B each have an office, officials in several roles, a position, and a
course provider; the tests ask across the boundary and expect to see nothing of the other side.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from fastapi.testclient import TestClient

from karmayogi.api.app import create_app
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import DEMO_PASSWORD, seed
from karmayogi.lms.orm import (
    Competency,
    Course,
    CourseCompetency,
    Enrolment,
    Grant,
    Organisation,
    Position,
    PositionRole,
    Provider,
    Requirement,
    Role,
    User,
)

PASSWORD = "correct horse battery"
PASSWORD_HASH = hash_password(PASSWORD)


@dataclass
class Side:
    """One department's share of the world: ids by name."""

    ministry: uuid.UUID
    department: uuid.UUID
    office: uuid.UUID
    provider_org: uuid.UUID
    provider: uuid.UUID
    position: uuid.UUID
    published_course: uuid.UUID
    draft_course: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)
    grants: dict[str, uuid.UUID] = field(default_factory=dict)
    api_client: tuple[str, str] = ("", "")


@dataclass
class World:
    client: TestClient
    a: Side
    b: Side
    admin: uuid.UUID
    _tokens: dict[uuid.UUID, str] = field(default_factory=dict)

    def login(self, user_id: uuid.UUID) -> dict[str, str]:
        """Authorization headers for the official, signing in through the real token endpoint once."""
        if user_id not in self._tokens:
            email = f"{user_id}@example.com"
            r = self.client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
            assert r.status_code == 200, r.text
            self._tokens[user_id] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[user_id]}"}


def _org(session, kind: str, name: str, parent: Organisation | None) -> Organisation:  # type: ignore[no-untyped-def]
    org_id = uuid.uuid4()
    org = Organisation(
        id=org_id,
        kind=kind,
        name=name,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(org)
    session.flush()
    return org


def _person(session, org: Organisation, role: str | None, scope: Organisation | None, **record) -> uuid.UUID:  # type: ignore[no-untyped-def]
    user_id = uuid.uuid4()
    session.add(
        User(
            id=user_id,
            organisation_id=org.id,
            email=f"{user_id}@example.com",
            full_name=f"Official {str(user_id)[:8]}",
            password_hash=PASSWORD_HASH,
            **record,
        )
    )
    session.flush()
    if role:
        session.add(Grant(user_id=user_id, role=role, organisation_id=scope.id if scope else None))
    return user_id


def _side(session, label: str) -> Side:  # type: ignore[no-untyped-def]
    ministry = _org(session, "ministry", f"Ministry {label}", None)
    department = _org(session, "department", f"Department {label}", ministry)
    office = _org(session, "organisation", f"Office {label}", department)
    provider_org = _org(session, "organisation", f"Institute {label}", department)
    provider = Provider(organisation_id=provider_org.id, name=f"Institute {label}", type="public_institute")
    position = Position(
        organisation_id=office.id, designation="Section Officer", grade="Group B", pay_level=8
    )
    competency = Competency(name=f"Public Procurement {label}", type="functional")
    role = Role(name=f"Procurement Officer {label}")
    session.add_all([provider, position, competency, role])
    session.flush()
    session.add_all(
        [
            PositionRole(position_id=position.id, role_id=role.id),
            Requirement(role_id=role.id, competency_id=competency.id, level=3, weight=0.8),
        ]
    )
    courses = []
    for status in ("published", "draft"):
        course = Course(
            provider_id=provider.id,
            organisation_id=provider_org.id,
            title=f"GeM procurement {label}",
            learning_hours=4,
            status=status,
        )
        session.add(course)
        session.flush()
        session.add(CourseCompetency(course_id=course.id, competency_id=competency.id, level=2))
        courses.append(course.id)
    side = Side(ministry.id, department.id, office.id, provider_org.id, provider.id, position.id, *courses)
    side.people["supervisor"] = _person(session, office, "supervisor", office, position_id=position.id)
    side.people["learner"] = _person(
        session,
        office,
        "learner",
        office,
        position_id=position.id,
        supervisor_id=side.people["supervisor"],
        date_of_joining=date(2025, 6, 1),
        probation_status="on_probation",
        probation_end_date=date(2027, 6, 1),
    )
    side.people["colleague"] = _person(session, office, "learner", office)
    side.people["hr"] = _person(session, department, "hr_cell", department)
    side.people["institution_admin"] = _person(session, department, "institution_admin", department)
    side.people["creator"] = _person(session, provider_org, "content_creator", provider_org)
    side.people["nobody"] = _person(session, office, None, None)
    side.people["frac_l1"] = _person(session, department, "frac_reviewer_l1", department)
    side.people["frac_l2"] = _person(session, department, "frac_reviewer_l2", department)
    session.flush()
    for name in ("learner", "hr"):
        side.grants[name] = session.query(Grant.id).filter(Grant.user_id == side.people[name]).scalar()
    session.add(
        Enrolment(
            user_id=side.people["learner"],
            course_id=side.published_course,
            organisation_id=office.id,
            status="completed",
            progress=100,
        )
    )
    client, secret = create_api_client(session, office.id, f"LRS client {label}", None)
    side.api_client = (client.key, secret)
    return side


@pytest.fixture
def world(db: Database) -> Iterator[World]:
    with db.transaction() as session:
        a, b = _side(session, "A"), _side(session, "B")
        admin = _person(session, _org(session, "ministry", "Platform", None), "platform_admin", None)
    app = create_app(Settings(database_url=db.url, secret_key="test-secret-" + "x" * 32), db)
    with TestClient(app) as client:
        yield World(client, a, b, admin)


@dataclass
class Demo:
    """The small demo service (FRAC published as version 1), served by the real app."""

    client: TestClient
    db: Database

    def login(self, email: str) -> dict[str, str]:
        r = self.client.post("/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def demo(db: Database) -> Iterator[Demo]:
    with db.transaction() as session:
        seed(session, "small", 7)
    app = create_app(Settings(database_url=db.url, secret_key="demo-test-" + "k" * 32), db)
    with TestClient(app) as client:
        yield Demo(client, db)

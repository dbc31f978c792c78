"""Two departments under a ministry, with positions, FRAC requirements, staff and their passbook
levels, courses building competencies, department HR and a Commission member; on the real database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import user_principal
from karmayogi.lms.db import Database
from karmayogi.lms.orm import (
    Competency,
    Course,
    CourseCompetency,
    Grant,
    Organisation,
    Position,
    PositionRole,
    ProfileLine,
    Provider,
    Requirement,
    Role,
    User,
)
from karmayogi.lms.permissions import Principal


@dataclass
class Service:
    db: Database
    department: uuid.UUID
    office: uuid.UUID
    other: uuid.UUID
    competencies: dict[str, uuid.UUID] = field(default_factory=dict)
    courses: dict[str, uuid.UUID] = field(default_factory=dict)
    people: dict[str, uuid.UUID] = field(default_factory=dict)
    provider: uuid.UUID | None = None

    def principal(self, session: Session, name: str) -> Principal:
        user = session.get(User, self.people[name])
        assert user is not None
        return user_principal(session, user)


def org(session: Session, kind: str, name: str, parent: Organisation | None) -> Organisation:
    org_id = uuid.uuid4()
    row = Organisation(
        id=org_id,
        kind=kind,
        name=name,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(row)
    session.flush()
    return row


def person(
    session: Session, org_id: uuid.UUID, name: str, role: str | None = None, **record: object
) -> uuid.UUID:
    user = User(id=uuid.uuid4(), organisation_id=org_id, email=f"{name}.{uuid.uuid4().hex[:6]}@example.com")
    user.full_name = name.replace("_", " ").title()
    for key, value in record.items():
        setattr(user, key, value)
    session.add(user)
    session.flush()
    if role:
        session.add(
            Grant(user_id=user.id, role=role, organisation_id=None if role == "commission_admin" else org_id)
        )
    return user.id


def level(session: Session, user_id: uuid.UUID, competency_id: uuid.UUID, value: int) -> None:
    session.add(
        ProfileLine(
            user_id=user_id,
            competency_id=competency_id,
            level=value,
            standing="verified",
            confidence=1.0,
            evidence_ids=[],
            proposed_level=None,
            proposal_evidence_ids=[],
            updated_at=datetime.now(UTC),
            rules_version="1",
        )
    )


def build(session: Session, db: Database) -> Service:
    ministry = org(session, "ministry", "Ministry of Personnel", None)
    department = org(session, "department", "Department of Personnel and Training", ministry)
    office = org(session, "organisation", "Establishment Division", department)
    other = org(session, "department", "Department of Expenditure", ministry)
    s = Service(db, department.id, office.id, other.id)
    for name in ("Noting and drafting", "Public procurement", "Data analysis", "Ethics"):
        c = Competency(name=name, type="functional", status="verified")
        session.add(c)
        session.flush()
        s.competencies[name] = c.id
    c = s.competencies
    provider = Provider(organisation_id=ministry.id, name="ISTM", type="public_institute")
    session.add(provider)
    session.flush()
    s.provider = provider.id
    for title, hours, price, builds in (
        ("Drafting well", 10, 100_000, [("Noting and drafting", 3)]),
        ("Procurement basics", 4, 0, [("Public procurement", 2)]),
        ("Procurement with data", 6, 25_000, [("Public procurement", 2), ("Data analysis", 2)]),
        ("Data for managers", 3, 0, [("Data analysis", 2)]),
    ):
        course = Course(
            provider_id=provider.id,
            organisation_id=ministry.id,
            title=title,
            learning_hours=hours,
            price_paise=price,
            status="published",
        )
        session.add(course)
        session.flush()
        s.courses[title] = course.id
        for name, lvl in builds:
            session.add(
                CourseCompetency(course_id=course.id, competency_id=c[name], level=lvl, status="confirmed")
            )
    positions = {}
    for designation, needs in (
        ("Section Officer", [("Noting and drafting", 3, 1.0), ("Public procurement", 2, 0.5)]),
        ("Assistant", [("Public procurement", 2, 1.0), ("Data analysis", 2, 1.0)]),
    ):
        role = Role(name=f"{designation} role", status="verified")
        post = Position(organisation_id=office.id, designation=designation, pay_level=7, status="verified")
        session.add_all([role, post])
        session.flush()
        session.add(PositionRole(position_id=post.id, role_id=role.id))
        for name, lvl, weight in needs:
            session.add(Requirement(role_id=role.id, competency_id=c[name], level=lvl, weight=weight))
        positions[designation] = post.id
    p = s.people
    p["so1"] = person(session, office.id, "so_one", "learner", position_id=positions["Section Officer"])
    p["so2"] = person(session, office.id, "so_two", "learner", position_id=positions["Section Officer"])
    p["asst"] = person(session, office.id, "asst_one", "learner", position_id=positions["Assistant"])
    p["hr"] = person(session, department.id, "hr_one", "hr_cell")
    p["outside_hr"] = person(session, other.id, "hr_elsewhere", "hr_cell")
    p["commission"] = person(session, ministry.id, "commission_one", "commission_admin")
    p["commission2"] = person(session, ministry.id, "commission_two", "commission_admin")
    session.flush()
    level(session, p["so1"], c["Noting and drafting"], 1)
    level(session, p["so2"], c["Noting and drafting"], 3)
    level(session, p["so2"], c["Public procurement"], 2)
    session.flush()
    return s


@pytest.fixture
def service(db: Database) -> Iterator[Service]:
    with db.transaction() as session:
        s = build(session, db)
    yield s

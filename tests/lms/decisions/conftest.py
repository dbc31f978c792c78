"""An office with an official on probation, the supervisor chain above them, and two HR officers.

Built on the real database with a published competency dictionary, so evidence goes through the
real evidence log and passbook.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import user_principal
from karmayogi.lms.db import Database
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import Competency, Course, Enrolment, Grant, Organisation, Position, Provider, User
from karmayogi.lms.permissions import Principal

SERVICE = "Central Secretariat Service"


@dataclass
class Office:
    db: Database
    department: uuid.UUID
    office: uuid.UUID
    other_department: uuid.UUID
    competency: uuid.UUID
    onboarding: uuid.UUID
    mandatory: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)

    def principal(self, session: Session, name: str) -> Principal:
        user = session.get(User, self.people[name])
        assert user is not None
        return user_principal(session, user)


def _org(session: Session, kind: str, name: str, parent: Organisation | None) -> Organisation:
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


def person(
    session: Session, org: uuid.UUID, name: str, role: str | None = None, **record: object
) -> uuid.UUID:
    user = User(id=uuid.uuid4(), organisation_id=org, email=f"{name}.{uuid.uuid4().hex[:6]}@example.com")
    user.full_name = name.replace("_", " ").title()
    for key, value in record.items():
        setattr(user, key, value)
    session.add(user)
    session.flush()
    if role:
        session.add(Grant(user_id=user.id, role=role, organisation_id=org))
    return user.id


@pytest.fixture
def office(db: Database) -> Iterator[Office]:
    with db.transaction() as session:
        ministry = _org(session, "ministry", "Ministry of Personnel", None)
        department = _org(session, "department", "Department of Personnel and Training", ministry)
        office = _org(session, "organisation", "Establishment Division", department)
        other = _org(session, "department", "Department of Expenditure", ministry)
        competency = Competency(name="Noting and drafting", type="functional", status="verified")
        provider = Provider(organisation_id=department.id, name="ISTM", type="public_institute")
        session.add_all([competency, provider])
        session.flush()
        versions.publish(session, None, "FRAC 2026")
        courses = []
        for title in ("Induction for new entrants", "Office procedure"):
            course = Course(
                provider_id=provider.id,
                organisation_id=department.id,
                title=title,
                learning_hours=6,
                status="published",
            )
            session.add(course)
            session.flush()
            courses.append(course.id)
        position = Position(organisation_id=office.id, designation="Assistant Section Officer", pay_level=7)
        session.add(position)
        session.flush()
        o = Office(db, department.id, office.id, other.id, competency.id, *courses)
        p = o.people
        p["director"] = person(session, office.id, "director")
        p["under_secretary"] = person(session, office.id, "under_secretary", supervisor_id=p["director"])
        p["official"] = person(
            session,
            office.id,
            "asha_verma",
            "learner",
            position_id=position.id,
            supervisor_id=p["under_secretary"],
            service=SERVICE,
            cadre="ASO",
            date_of_joining=date.today() - timedelta(days=700),
            probation_status="on_probation",
            probation_end_date=date.today() + timedelta(days=20),
        )
        p["hr"] = person(session, department.id, "hr_one", "hr_cell")
        p["hr2"] = person(session, department.id, "hr_two", "hr_cell")
        p["outside_hr"] = person(session, other.id, "hr_elsewhere", "hr_cell")
        # The director holds HR powers too, but supervises the official through the chain.
        session.add(Grant(user_id=p["director"], role="hr_cell", organisation_id=department.id))
        session.flush()
    yield o


def complete(session: Session, user_id: uuid.UUID, course_id: uuid.UUID) -> uuid.UUID:
    user = session.get(User, user_id)
    assert user is not None
    enrolment = Enrolment(
        user_id=user_id, course_id=course_id, organisation_id=user.organisation_id, status="completed"
    )
    enrolment.progress = 100
    session.add(enrolment)
    session.flush()
    return enrolment.id

"""Two departments under a ministry, with positions, FRAC requirements, staff and their passbook
levels, courses building competencies, department HR and a Commission member; on the real database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import user_principal
from karmayogi.lms.db import Database
from karmayogi.lms.decisions import workflow
from karmayogi.lms.governance import plans
from karmayogi.lms.orm import (
    Competency,
    Course,
    CourseCompetency,
    CourseRating,
    Enrolment,
    EvidenceRecord,
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

YEAR = 2026


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


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 9, tzinfo=UTC)


def add_history(service: Service) -> None:
    """A year of learning: a live plan, enrolments on time and late, evidence of a level gained, ratings."""
    k, p, c = service.courses, service.people, service.competencies
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plan = plans.create_draft(
            session,
            hr,
            service.department,
            YEAR,
            "DoPT plan 2026",
            [
                plans.Assignment(k["Drafting well"], "designation", date(YEAR, 6, 30), "Section Officer"),
                plans.Assignment(
                    k["Data for managers"], "official", date(YEAR, 8, 1), member_ids=(p["asst"],)
                ),
            ],
        )
        plan = plans.submit(session, hr, plan.id)
        workflow.decide(
            session, service.principal(session, "commission"), plan.decision_case_id, "approve", "ok"
        )
        plans.go_live(session, hr, plan.id)
        session.get(User, p["asst"]).supervisor_id = p["so1"]
        office = service.office
        for user, course, began, done in (
            ("so1", "Drafting well", at(YEAR, 2, 1), at(YEAR, 5, 1)),
            ("so2", "Drafting well", at(YEAR, 3, 1), at(YEAR, 7, 15)),
            ("asst", "Data for managers", at(YEAR, 1, 10), None),
            ("asst", "Procurement basics", at(YEAR - 1, 12, 1), at(YEAR, 1, 20)),
        ):
            session.add(
                Enrolment(
                    user_id=p[user],
                    course_id=k[course],
                    organisation_id=office,
                    enrolled_at=began,
                    status="completed" if done else "in_progress",
                    progress=100 if done else 40,
                    completed_at=done,
                )
            )
        for seq, (lvl, when) in enumerate(((1, at(YEAR - 1, 6, 1)), (3, at(YEAR, 5, 2))), start=1):
            session.add(
                EvidenceRecord(
                    user_id=p["so1"],
                    organisation_id=office,
                    seq=seq,
                    competency_id=c["Noting and drafting"],
                    level=lvl,
                    source="assessment_result",
                    source_ref=f"test {seq}",
                    recorded_at=when,
                    previous_hash="0" * 64,
                    hash=f"{seq}" * 64,
                )
            )
        session.add_all(
            [
                CourseRating(
                    course_id=k["Drafting well"], user_id=p["so1"], stars=5, rated_at=at(YEAR, 5, 2)
                ),
                CourseRating(
                    course_id=k["Drafting well"], user_id=p["so2"], stars=3, rated_at=at(YEAR, 7, 16)
                ),
            ]
        )


@pytest.fixture
def history(service: Service) -> Service:
    add_history(service)
    return service

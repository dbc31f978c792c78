"""A year of learning history in the demo, ending at the anchor, so that the KPIs, scorecards and
rankings have something to tell.

Each department's HR cell drafts the anchor year's plan from its designation mandates, submits it,
the Commission approves it through the decision pattern, and HR puts it live. Then its officials'
learning of the past year reaches the LRS as dated xAPI statements (registered, progressed,
completed), whose projection opens and completes enrolments at those dates and records the evidence
each completion gives; supervisors then confirm some of the levels those completions propose.

Departments differ on purpose: each has a diligence, from lagging to diligent, dealt out by the
seed. It sets how many officials take their plan's courses and finish them by the due date, how much
else they learn towards their posts' competencies, and how many proposals supervisors confirm. The
same seed writes the same history; the services' own ids and clock do not change any KPI.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import user_principal
from karmayogi.lms.demo.seed import DEMO_DOMAIN
from karmayogi.lms.governance import approval, plans
from karmayogi.lms.learning import projections
from karmayogi.lms.orm import (
    Course,
    CourseCompetency,
    DesignationMandate,
    Enrolment,
    Grant,
    Organisation,
    Position,
    PositionRole,
    ProfileLine,
    Requirement,
    User,
)
from karmayogi.lms.permissions import Principal
from karmayogi.lms.permissions import Role as AccessRole
from karmayogi.lms.profiles.evidence import EvidenceSource
from karmayogi.lms.profiles.recording import record_by_person
from karmayogi.lms.xapi import emitting
from karmayogi.lms.xapi.validation import validate_statements

# Diligence runs evenly from the most lagging department to the most diligent.
LAGGING, DILIGENT = 0.1, 0.95
# Besides their plan items, an official takes at most this many courses towards their post's needs.
EXTRA_COURSES = 2


@dataclass(frozen=True)
class Official:
    id: uuid.UUID
    name: str
    position_id: uuid.UUID
    designation: str
    supervisor_id: uuid.UUID | None


def seed(session: Session, rng: random.Random, anchor: datetime, public_url: str) -> dict[str, int]:
    """Write the history; returns what it wrote, by kind."""
    platform = emitting.Platform(public_url.rstrip("/"))
    commission = _principal(session, f"commission@{DEMO_DOMAIN}")
    departments = list(
        session.scalars(
            select(Organisation).where(Organisation.kind == "department").order_by(Organisation.name)
        )
    )
    ladder = [
        LAGGING + (DILIGENT - LAGGING) * i / max(len(departments) - 1, 1) for i in range(len(departments))
    ]
    rng.shuffle(ladder)
    counts: Counter[str] = Counter()
    courses = _Courses(session)
    for department, diligence in zip(departments, ladder, strict=True):
        hr = _hr_cell(session, department.id)
        officials = _officials(session, department.path)
        if hr is None or not officials:
            continue
        plan = _live_plan(session, hr, commission, department, anchor)
        counts["plans_live"] += 1
        writer = _Learning(rng, platform, anchor, diligence, courses)
        for official in officials:
            writer.official(official, plan)
        validated = validate_statements(writer.statements, emitting.VERSION)
        emitting.store_for_platform(session, platform, department.id, validated)
        counts["statements"] += len(validated)
    while outcomes := projections.project(session, platform, limit=2_000):
        counts.update({f"projected_{k}": v for k, v in outcomes.items()})
    for department, diligence in zip(departments, ladder, strict=True):
        counts["supervisor_ratings"] += _confirm(session, rng, department.path, diligence)
    return dict(counts)


def _principal(session: Session, email: str) -> Principal:
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None, f"the demo seed made {email}"
    return user_principal(session, user)


def _hr_cell(session: Session, department_id: uuid.UUID) -> Principal | None:
    user = session.scalar(
        select(User)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role == AccessRole.HR_CELL.value, Grant.organisation_id == department_id)
        .order_by(User.email)
        .limit(1)
    )
    return user_principal(session, user) if user else None


def _officials(session: Session, path: str) -> list[Official]:
    rows = session.execute(
        select(User.id, User.full_name, User.position_id, Position.designation, User.supervisor_id)
        .join(Position, Position.id == User.position_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(Organisation.path.startswith(path), User.is_active.is_(True))
        .order_by(User.id)
    )
    return [Official(*row) for row in rows]


def _live_plan(
    session: Session, hr: Principal, commission: Principal, department: Organisation, anchor: datetime
) -> plans.Plan:
    """The department's mandates become its plan for the anchor's year, due at quarter ends before it."""
    year = anchor.year
    quarters = [d for d in (date(year, 3, 31), date(year, 6, 30), date(year, 9, 30)) if d < anchor.date()]
    mandates = session.execute(
        select(DesignationMandate.designation, DesignationMandate.course_id)
        .where(DesignationMandate.organisation_id == department.id)
        .order_by(DesignationMandate.designation, DesignationMandate.course_id)
    ).all()
    assignments = [
        plans.Assignment(course_id, "designation", quarters[i % len(quarters)], designation=designation)
        for i, (designation, course_id) in enumerate(mandates)
    ]
    draft = plans.create_draft(
        session, hr, department.id, year, f"Annual Capacity Building Plan {year}", assignments
    )
    plans.submit(session, hr, draft.id)
    approval.decide(session, commission, draft.id, "approve", "Builds the competencies its posts require")
    return plans.go_live(session, hr, draft.id)


class _Courses:
    """Published courses, and for each post the courses that build a competency it requires at level."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(Course.id, Course.title, Course.language, Course.learning_hours).where(
                Course.status == "published"
            )
        ).all()
        self.about = {r.id: r for r in rows}
        builds: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = defaultdict(list)
        for course_id, competency_id, level in session.execute(
            select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.level)
            .where(CourseCompetency.status == "confirmed")
            .order_by(CourseCompetency.course_id, CourseCompetency.competency_id)
        ):
            if course_id in self.about:
                builds[competency_id].append((course_id, level))
        self.closing: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for position_id, competency_id, level in session.execute(
            select(PositionRole.position_id, Requirement.competency_id, Requirement.level)
            .join(Requirement, Requirement.role_id == PositionRole.role_id)
            .order_by(PositionRole.position_id, Requirement.competency_id)
        ):
            self.closing[position_id].extend(c for c, at in builds.get(competency_id, []) if at >= level)
        self.taken = {(u, c) for u, c in session.execute(select(Enrolment.user_id, Enrolment.course_id))}


class _Learning:
    """One department's statements: its officials' plan items and the courses they chose."""

    def __init__(
        self,
        rng: random.Random,
        platform: emitting.Platform,
        anchor: datetime,
        diligence: float,
        courses: _Courses,
    ) -> None:
        self.rng, self.platform, self.anchor = rng, platform, anchor
        self.diligence, self.courses = diligence, courses
        self.statements: list[dict[str, Any]] = []

    def official(self, official: Official, plan: plans.Plan) -> None:
        rng, d = self.rng, self.diligence
        year_ago = self.anchor - timedelta(days=365)
        for item in sorted(plan.assignments, key=lambda a: (a.due_on, a.designation, a.course_id)):
            if item.designation != official.designation or rng.random() >= d:
                continue
            due = datetime.combine(item.due_on, datetime.min.time(), self.anchor.tzinfo)
            on_time = rng.random() < d
            began = year_ago + timedelta(days=rng.uniform(0, max((due - year_ago).days - 30, 1)))
            done = (
                began + timedelta(days=rng.uniform(3, max((due - began).days, 4)))
                if on_time
                else due + timedelta(days=rng.uniform(1, max((self.anchor - due).days, 2)))
            )
            self.take(official, item.course_id, began, min(done, self.anchor - timedelta(hours=1)))
        choices = sorted(set(self.courses.closing.get(official.position_id, [])))
        for course_id in rng.sample(
            choices, min(len(choices), sum(rng.random() < d for _ in range(EXTRA_COURSES)))
        ):
            began = year_ago + timedelta(days=rng.uniform(0, 330))
            finished = rng.random() < 0.3 + 0.6 * d
            done = began + timedelta(days=rng.uniform(2, 60)) if finished else None
            self.take(official, course_id, began, done if done and done < self.anchor else None)

    def take(self, official: Official, course_id: uuid.UUID, began: datetime, done: datetime | None) -> None:
        """Registered, halfway, and completed when `done`; a course taken before is left alone."""
        if (official.id, course_id) in self.courses.taken or course_id not in self.courses.about:
            return
        self.courses.taken.add((official.id, course_id))
        halfway = began + ((done or self.anchor) - began) / 2
        self.statements.append(self.statement(official, course_id, "registered", began))
        self.statements.append(
            self.statement(
                official, course_id, "progressed", halfway, {"extensions": {emitting.PROGRESS: 50}}
            )
        )
        if done is not None:
            hours = self.courses.about[course_id].learning_hours
            result = {"completion": True, "duration": f"PT{max(hours, 0.5):g}H"}
            self.statements.append(self.statement(official, course_id, "completed", done, result))

    def statement(
        self,
        official: Official,
        course_id: uuid.UUID,
        verb: str,
        at: datetime,
        result: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        course = self.courses.about[course_id]
        statement: dict[str, Any] = {
            "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "actor": {
                "objectType": "Agent",
                "name": official.name,
                "account": {"homePage": self.platform.public_url, "name": str(official.id)},
            },
            "verb": {"id": f"{emitting.ADL}/verbs/{verb}", "display": {"en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": self.platform.course_iri(course_id),
                "definition": {
                    "type": f"{emitting.ADL}/activities/course",
                    "name": {course.language: course.title},
                },
            },
            "timestamp": at.isoformat(timespec="milliseconds"),
        }
        if result:
            statement["result"] = result
        return statement


def _confirm(session: Session, rng: random.Random, path: str, diligence: float) -> int:
    """Supervisors confirm, at the level proposed, the share of their reportees' open proposals that the
    department's diligence gives."""
    open_ = session.execute(
        select(ProfileLine.user_id, ProfileLine.competency_id, ProfileLine.proposed_level, User.supervisor_id)
        .join(User, User.id == ProfileLine.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            Organisation.path.startswith(path),
            ProfileLine.proposed_level.is_not(None),
            User.supervisor_id.is_not(None),
        )
        .order_by(ProfileLine.user_id, ProfileLine.competency_id)
    ).all()
    supervisors: dict[uuid.UUID, Principal] = {}
    confirmed = 0
    for user_id, competency_id, level, supervisor_id in open_:
        if rng.random() >= diligence:
            continue
        if supervisor_id not in supervisors:
            supervisor = session.get(User, supervisor_id)
            assert supervisor is not None
            supervisors[supervisor_id] = user_principal(session, supervisor)
        record_by_person(
            session,
            supervisors[supervisor_id],
            user_id,
            competency_id,
            level,
            EvidenceSource.SUPERVISOR_RATING,
            "Seen applied at work",
        )
        confirmed += 1
    return confirmed

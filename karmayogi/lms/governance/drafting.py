"""A plan draft generated from a department's real gaps, for its HR to edit before submitting.

The gaps of every official in the department (and beneath it) against their position's FRAC
requirements are aggregated into needs; the national priorities of the year (and any extra weights,
such as a priority signal from grievances) raise the competencies they name; the highest-scoring
competencies are chosen, and the courses closing them at the least hours and cost are selected as a
set cover (`karmayogi.recommender.plan_cover`). Each selected course is assigned to the designations
whose officials fall short of what it builds, and the hours per official and the cost are estimated.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.governance import ledger, plans, priorities
from karmayogi.lms.organisations import scoped_organisation
from karmayogi.lms.orm import (
    Course,
    CourseCompetency,
    Organisation,
    Position,
    PositionRole,
    ProfileLine,
    Requirement,
    User,
)
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.sevottam import linking
from karmayogi.recommender.plan_cover import (
    DEFAULT_RUPEES_PER_HOUR,
    CourseOption,
    DepartmentNeed,
    choose_competencies,
    competency_scores,
    select_courses,
)

DEFAULT_COMPETENCIES = 10
MAX_COMPETENCIES = 100
_CHUNK = 5_000


@dataclass(frozen=True)
class Draft:
    name: str
    assignments: tuple[plans.Assignment, ...]
    basis: dict[str, object]


def _staff(session: Session, path: str) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(official, position, designation) of every active official with a position in the subtree."""
    return [
        (row.id, row.position_id, row.designation)
        for row in session.execute(
            select(User.id, User.position_id, Position.designation)
            .join(Organisation, Organisation.id == User.organisation_id)
            .join(Position, Position.id == User.position_id)
            .where(Organisation.path.startswith(path, autoescape=True), User.is_active.is_(True))
        )
    ]


def _requirements(
    session: Session, positions: set[uuid.UUID]
) -> dict[uuid.UUID, dict[uuid.UUID, tuple[int, float]]]:
    """Per position, competency -> (highest level required, its largest weight)."""
    needed: dict[uuid.UUID, dict[uuid.UUID, tuple[int, float]]] = defaultdict(dict)
    ids = list(positions)
    for start in range(0, len(ids), _CHUNK):
        for position_id, competency_id, level, weight in session.execute(
            select(PositionRole.position_id, Requirement.competency_id, Requirement.level, Requirement.weight)
            .join(Requirement, Requirement.role_id == PositionRole.role_id)
            .where(PositionRole.position_id.in_(ids[start : start + _CHUNK]))
        ):
            have = needed[position_id].get(competency_id, (0, 0.0))
            needed[position_id][competency_id] = (max(have[0], level), max(have[1], weight))
    return needed


def _levels(session: Session, officials: list[uuid.UUID]) -> dict[uuid.UUID, dict[uuid.UUID, int]]:
    levels: dict[uuid.UUID, dict[uuid.UUID, int]] = defaultdict(dict)
    for start in range(0, len(officials), _CHUNK):
        for user_id, competency_id, level in session.execute(
            select(ProfileLine.user_id, ProfileLine.competency_id, ProfileLine.level).where(
                ProfileLine.user_id.in_(officials[start : start + _CHUNK])
            )
        ):
            levels[user_id][competency_id] = level
    return levels


def _options(
    session: Session, competencies: set[uuid.UUID]
) -> tuple[list[CourseOption], dict[uuid.UUID, Course]]:
    builds: dict[uuid.UUID, dict[uuid.UUID, int]] = defaultdict(dict)
    for course_id, competency_id, level in session.execute(
        select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.level)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(
            CourseCompetency.competency_id.in_(competencies),
            CourseCompetency.status == "confirmed",
            Course.status == "published",
        )
    ):
        builds[course_id][competency_id] = max(level, builds[course_id].get(competency_id, 0))
    courses = (
        {c.id: c for c in session.scalars(select(Course).where(Course.id.in_(builds)))} if builds else {}
    )
    options = [
        CourseOption(c, courses[c].learning_hours, courses[c].price_paise, builds[c])
        for c in sorted(builds, key=str)
    ]
    return options, courses


def generate(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    competencies: int = DEFAULT_COMPETENCIES,
    extra_priority_weights: Mapping[uuid.UUID, float] | None = None,
    rupees_per_hour: float = DEFAULT_RUPEES_PER_HOUR,
    fee_paise: int = ledger.DEFAULT_FEE_PAISE,
    grievance_signals: bool = True,
) -> Draft:
    """The department's draft for the year from its staff's gaps; nothing is written.

    A competency's priority is its national weight, plus `extra_priority_weights` (competency ->
    weight, HR's own), plus, unless `grievance_signals` is off, the weight the grievances of the
    department's offices give it (Sevottam: service failures point at what officials should learn).
    """
    started = time.perf_counter()
    department = scoped_organisation(
        session, principal, Permission.PLANS_MANAGE, organisation_id, "organisation_id"
    )
    priorities.check_year(year)
    if not 1 <= competencies <= MAX_COMPETENCIES:
        raise InvalidInput("competencies", f"{competencies} is not between 1 and {MAX_COMPETENCIES}")
    if not rupees_per_hour > 0:
        raise InvalidInput("rupees_per_hour", "must be above 0")
    for competency_id, weight in (extra_priority_weights or {}).items():
        if not 0 <= weight <= 100:
            raise InvalidInput(
                "extra_priority_weights", f"{competency_id}: {weight} is not between 0 and 100"
            )
    signals = linking.plan_signals(session, department.path) if grievance_signals else []
    weights: dict[uuid.UUID, float] = dict(extra_priority_weights or {})
    for signal in signals:
        weights[signal.competency_id] = weights.get(signal.competency_id, 0.0) + signal.weight
    staff = _staff(session, department.path)
    requirements = _requirements(session, {position for _, position, _ in staff})
    levels = _levels(session, [official for official, _, _ in staff])
    officials: Counter[tuple[uuid.UUID, int]] = Counter()
    shortfall: dict[tuple[uuid.UUID, int], float] = defaultdict(float)
    by_designation: dict[tuple[uuid.UUID, int], Counter[str]] = defaultdict(Counter)
    headcount_by_designation: Counter[str] = Counter()
    for official, position, designation in staff:
        headcount_by_designation[designation] += 1
        have = levels.get(official, {})
        for competency_id, (level, weight) in requirements.get(position, {}).items():
            mine = have.get(competency_id, 0)
            if mine < level:
                key = (competency_id, level)
                officials[key] += 1
                shortfall[key] += (level - mine) * weight
                by_designation[key][designation] += 1
    needs = [
        DepartmentNeed(c, lvl, officials[(c, lvl)], shortfall[(c, lvl)])
        for c, lvl in sorted(officials, key=lambda k: (str(k[0]), k[1]))
    ]
    prio = priorities.current(session, year)
    scores = competency_scores(needs, prio.weights(), weights)
    chosen = choose_competencies(scores, competencies)
    chosen_needs = [n for n in needs if n.competency_id in set(chosen)]
    options, courses = _options(session, set(chosen))
    selection = select_courses(chosen_needs, options, rupees_per_hour)
    due = date(year, 12, 31)
    assignments: list[plans.Assignment] = []
    assigned_officials = 0
    hours_total = 0.0
    price_total = 0
    seats_needed = 0
    picked = {o.course_id: o for o in options if o.course_id in selection.course_ids}
    for course_id in selection.course_ids:
        designations: Counter[str] = Counter()
        for need in selection.covered:
            if picked[course_id].closes(need):
                for designation in by_designation[(need.competency_id, need.level)]:
                    designations[designation] = headcount_by_designation[designation]
        course = courses[course_id]
        for designation in sorted(designations):
            assignments.append(plans.Assignment(course_id, "designation", due, designation=designation))
            n = designations[designation]
            assigned_officials += n
            hours_total += n * course.learning_hours
            price_total += n * course.price_paise
            if course.mode in ("onsite", "blended"):
                seats_needed += max(0, n - int((course.seats or {}).get(str(organisation_id), 0)))
    headcount = len(staff)
    subscription = headcount * fee_paise
    basis: dict[str, object] = {
        "generated": True,
        "priorities_version": prio.version,
        "extra_priority_weights": {str(k): v for k, v in (extra_priority_weights or {}).items()},
        "grievance_signals": [
            {
                "competency_id": str(signal.competency_id),
                "competency": signal.competency,
                "grievances": signal.grievances,
                "weight": signal.weight,
            }
            for signal in signals
        ],
        "headcount": headcount,
        "needs": [
            {
                "competency_id": str(n.competency_id),
                "level": n.level,
                "officials": n.officials,
                "shortfall": round(n.shortfall, 4),
                "score": round(scores[n.competency_id], 4),
            }
            for n in sorted(needs, key=lambda n: -scores[n.competency_id])[:200]
        ],
        "chosen_competencies": [str(c) for c in chosen],
        "uncovered": [{"competency_id": str(n.competency_id), "level": n.level} for n in selection.uncovered],
        "cover": {
            "method": selection.cover.method,
            "proven_optimal": selection.cover.proven_optimal,
            "bound_gap": selection.cover.bound_gap,
            "greedy_gap": selection.cover.greedy_gap,
            "objective_hours": round(selection.objective, 4),
            "rupees_per_hour": rupees_per_hour,
        },
        "estimate": {
            "assigned_places": assigned_officials,
            "learning_hours": round(hours_total, 2),
            "hours_per_official": round(hours_total / headcount, 2) if headcount else 0.0,
            "course_fees_paise": price_total,
            "onsite_seats_needed": seats_needed,
            "subscription_paise": subscription,
            "fee_paise": fee_paise,
            "total_paise": price_total + subscription,
        },
        "seconds": round(time.perf_counter() - started, 3),
    }
    return Draft(f"{department.name}: Annual Capacity Building Plan {year}", tuple(assignments), basis)


def generate_and_save(
    session: Session, principal: Principal, organisation_id: uuid.UUID, year: int, **options: object
) -> plans.Plan:
    """Generate the draft and keep it as the department's draft plan for the year, for HR to edit."""
    draft = generate(session, principal, organisation_id, year, **options)  # type: ignore[arg-type]
    return plans.create_draft(
        session, principal, organisation_id, year, draft.name, draft.assignments, draft.basis
    )

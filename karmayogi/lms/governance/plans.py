"""Annual Capacity Building Plans: Draft -> Submitted -> Approved -> Live -> Retired.

The department's HR drafts and submits; the Commission approves through the shared decision
pattern (a plan-approval case whose subject is the person who submitted, so nobody approves their
own submission); the department puts an approved plan live. Editing a live plan makes a new
revision, held as a draft until it is approved and put live, which retires the one it revises.
No transition leaves Retired. Every transition and edit is written to the plan's event log.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import store, workflow
from karmayogi.lms.decisions.entries import Case, Entry, Kind, Step
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.governance import priorities
from karmayogi.lms.organisations import in_scope, organisation_path, scoped_organisation
from karmayogi.lms.orm import (
    CapacityBuildingPlan,
    CourseCompetency,
    Organisation,
    PlanAssignment,
    PlanEvent,
    Position,
    User,
)
from karmayogi.lms.orm import Course as CourseRow
from karmayogi.lms.permissions import Permission, Principal

# The transitions each state allows; retired allows none.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "draft"}),  # back to draft when the Commission rejects it
    "approved": frozenset({"live", "retired"}),
    "live": frozenset({"retired"}),
    "retired": frozenset(),
}
TARGET_KINDS = ("everyone", "designation", "official", "group")
MAX_ASSIGNMENTS = 2_000
MAX_MEMBERS = 20_000
MAX_NAME = 200


@dataclass(frozen=True)
class Assignment:
    course_id: uuid.UUID
    target_kind: str
    due_on: date
    designation: str = ""
    group_name: str = ""
    member_ids: tuple[uuid.UUID, ...] = ()
    appraisal_linked: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "course_id": str(self.course_id),
            "target_kind": self.target_kind,
            "designation": self.designation,
            "group_name": self.group_name,
            "member_ids": [str(m) for m in self.member_ids],
            "due_on": self.due_on.isoformat(),
            "appraisal_linked": self.appraisal_linked,
        }


@dataclass(frozen=True)
class Plan:
    id: uuid.UUID
    organisation_id: uuid.UUID
    year: int
    revision: int
    name: str
    state: str
    revises_id: uuid.UUID | None
    decision_case_id: uuid.UUID | None
    assignments: tuple[Assignment, ...]
    basis: dict[str, object] = field(default_factory=dict)

    def course_ids(self) -> set[uuid.UUID]:
        return {a.course_id for a in self.assignments}


def _as_plan(session: Session, row: CapacityBuildingPlan) -> Plan:
    assignments = session.scalars(
        select(PlanAssignment)
        .where(PlanAssignment.plan_id == row.id)
        .order_by(PlanAssignment.due_on, PlanAssignment.id)
    )
    return Plan(
        id=row.id,
        organisation_id=row.organisation_id,
        year=row.year,
        revision=row.revision,
        name=row.name,
        state=row.state,
        revises_id=row.revises_id,
        decision_case_id=row.decision_case_id,
        assignments=tuple(
            Assignment(
                a.course_id,
                a.target_kind,
                a.due_on,
                a.designation,
                a.group_name,
                tuple(uuid.UUID(m) for m in a.member_ids),
                a.appraisal_linked,
            )
            for a in assignments
        ),
        basis=dict(row.basis or {}),
    )


def _row(
    session: Session, principal: Principal, plan_id: uuid.UUID, lock: bool = False
) -> CapacityBuildingPlan:
    """The plan, if the caller may see it: their department's (plans:manage) or any (plans:approve)."""
    row = session.get(CapacityBuildingPlan, plan_id, with_for_update=lock, populate_existing=lock)
    if row is None:
        raise NotFound("plan", plan_id)
    path = organisation_path(session, row.organisation_id)
    assert path is not None
    if not (principal.can(Permission.PLANS_MANAGE, path) or principal.can(Permission.PLANS_APPROVE, path)):
        raise NotFound("plan", plan_id)
    return row


def get(session: Session, principal: Principal, plan_id: uuid.UUID) -> Plan:
    return _as_plan(session, _row(session, principal, plan_id))


def list_plans(
    session: Session, principal: Principal, year: int | None = None, organisation_id: uuid.UUID | None = None
) -> list[Plan]:
    """The plans the caller may see: a department its own, the Commission all."""
    paths = principal.scopes(Permission.PLANS_MANAGE) + principal.scopes(Permission.PLANS_APPROVE)
    if not paths:
        raise PermissionDenied("reading plans needs plans:manage or plans:approve")
    query = select(CapacityBuildingPlan).where(in_scope(CapacityBuildingPlan.organisation_id, paths))
    if year is not None:
        query = query.where(CapacityBuildingPlan.year == priorities.check_year(year))
    if organisation_id is not None:
        query = query.where(CapacityBuildingPlan.organisation_id == organisation_id)
    rows = session.scalars(
        query.order_by(
            CapacityBuildingPlan.year.desc(),
            CapacityBuildingPlan.organisation_id,
            CapacityBuildingPlan.revision,
        )
    )
    return [_as_plan(session, r) for r in rows]


def events(session: Session, principal: Principal, plan_id: uuid.UUID) -> list[PlanEvent]:
    _row(session, principal, plan_id)
    return list(
        session.scalars(
            select(PlanEvent).where(PlanEvent.plan_id == plan_id).order_by(PlanEvent.at, PlanEvent.id)
        )
    )


def _audit(
    session: Session,
    row: CapacityBuildingPlan,
    action: str,
    before: str,
    actor: uuid.UUID | None,
    note: str = "",
) -> None:
    session.add(
        PlanEvent(
            plan_id=row.id, action=action, from_state=before, to_state=row.state, actor_id=actor, note=note
        )
    )


def _move(
    session: Session, row: CapacityBuildingPlan, to: str, action: str, actor: uuid.UUID | None, note: str = ""
) -> None:
    if to not in TRANSITIONS[row.state]:
        raise Conflict("state", f"a {row.state} plan cannot become {to}")
    before = row.state
    row.state = to
    row.updated_at = utcnow()
    _audit(session, row, action, before, actor, note)
    session.flush()


def _department_paths(session: Session, organisation_id: uuid.UUID) -> str:
    path = organisation_path(session, organisation_id)
    assert path is not None
    return path


def check_assignments(
    session: Session, organisation_id: uuid.UUID, year: int, assignments: Sequence[Assignment]
) -> None:
    """Refuse, naming each one, every course, designation or official that does not exist (in the
    department, for designations and officials), and every malformed assignment."""
    if len(assignments) > MAX_ASSIGNMENTS:
        raise InvalidInput("assignments", f"at most {MAX_ASSIGNMENTS}")
    path = _department_paths(session, organisation_id)
    problems: list[str] = []
    courses = {a.course_id for a in assignments}
    known_courses = (
        set(session.scalars(select(CourseRow.id).where(CourseRow.id.in_(courses)))) if courses else set()
    )
    designations = {a.designation for a in assignments if a.target_kind == "designation"}
    known_designations = (
        set(
            session.scalars(
                select(Position.designation)
                .join(Organisation, Organisation.id == Position.organisation_id)
                .where(
                    Position.designation.in_(designations),
                    Organisation.path.startswith(path, autoescape=True),
                )
            )
        )
        if designations
        else set()
    )
    members = {m for a in assignments for m in a.member_ids}
    known_members: set[uuid.UUID] = set()
    for start in range(0, len(members), 5_000):
        chunk = list(members)[start : start + 5_000]
        known_members |= set(
            session.scalars(
                select(User.id)
                .join(Organisation, Organisation.id == User.organisation_id)
                .where(User.id.in_(chunk), Organisation.path.startswith(path, autoescape=True))
            )
        )
    earliest, latest = date(year, 1, 1), date(year + 1, 12, 31)
    for i, a in enumerate(assignments):
        at = f"assignments[{i}]"
        if a.target_kind not in TARGET_KINDS:
            problems.append(f"{at}.target_kind: must be one of {', '.join(TARGET_KINDS)}")
            continue
        if a.course_id not in known_courses:
            problems.append(f"{at}.course_id: no course {a.course_id}")
        if a.target_kind == "designation":
            if not a.designation.strip():
                problems.append(f"{at}.designation: name the designation")
            elif a.designation not in known_designations:
                problems.append(f"{at}.designation: no designation '{a.designation}' in the department")
        if a.target_kind in ("official", "group"):
            if not a.member_ids:
                problems.append(f"{at}.member_ids: name at least one official")
            if len(a.member_ids) > MAX_MEMBERS:
                problems.append(f"{at}.member_ids: at most {MAX_MEMBERS}")
            for m in a.member_ids:
                if m not in known_members:
                    problems.append(f"{at}.member_ids: no official {m} in the department")
        if a.target_kind == "group" and not a.group_name.strip():
            problems.append(f"{at}.group_name: name the group")
        if len(a.designation) > MAX_NAME or len(a.group_name) > MAX_NAME:
            problems.append(f"{at}: names are at most {MAX_NAME} characters")
        if not earliest <= a.due_on <= latest:
            problems.append(f"{at}.due_on: {a.due_on} is not between {earliest} and {latest}")
    if problems:
        raise InvalidInput("assignments", "; ".join(problems))


def _write_assignments(
    session: Session, row: CapacityBuildingPlan, assignments: Sequence[Assignment]
) -> None:
    for old in session.scalars(select(PlanAssignment).where(PlanAssignment.plan_id == row.id)):
        session.delete(old)
    session.flush()
    session.add_all(
        PlanAssignment(
            plan_id=row.id,
            course_id=a.course_id,
            target_kind=a.target_kind,
            designation=a.designation if a.target_kind == "designation" else "",
            group_name=a.group_name if a.target_kind == "group" else "",
            member_ids=[str(m) for m in a.member_ids] if a.target_kind in ("official", "group") else [],
            due_on=a.due_on,
            appraisal_linked=a.appraisal_linked,
        )
        for a in assignments
    )


def _name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("name", "name the plan")
    if len(name) > MAX_NAME:
        raise InvalidInput("name", f"at most {MAX_NAME} characters")
    return name


def create_draft(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    year: int,
    name: str,
    assignments: Sequence[Assignment],
    basis: dict[str, object] | None = None,
) -> Plan:
    """A new draft for the department and year; with a live plan, the draft is its next revision.

    One plan at a time may be in the works (draft, submitted or approved) per department and year.
    """
    scoped_organisation(session, principal, Permission.PLANS_MANAGE, organisation_id, "organisation_id")
    priorities.check_year(year)
    name = _name(name)
    check_assignments(session, organisation_id, year, assignments)
    existing = list(
        session.scalars(
            select(CapacityBuildingPlan)
            .where(CapacityBuildingPlan.organisation_id == organisation_id, CapacityBuildingPlan.year == year)
            .with_for_update()
        )
    )
    open_ = [p for p in existing if p.state in ("draft", "submitted", "approved")]
    if open_:
        raise Conflict(
            "year", f"the department already has a {open_[0].state} plan for {year}: edit that one"
        )
    live = next((p for p in existing if p.state == "live"), None)
    revision = (
        session.scalar(
            select(func.max(CapacityBuildingPlan.revision)).where(
                CapacityBuildingPlan.organisation_id == organisation_id, CapacityBuildingPlan.year == year
            )
        )
        or 0
    ) + 1
    actor = principal.id if principal.kind == "user" else None
    row = CapacityBuildingPlan(
        id=uuid.uuid4(),
        organisation_id=organisation_id,
        year=year,
        revision=revision,
        name=name,
        state="draft",
        revises_id=live.id if live else None,
        basis=basis or {},
        created_by=actor,
    )
    session.add(row)
    session.flush()
    _write_assignments(session, row, assignments)
    _audit(session, row, "drafted" if live is None else "revision drafted", "", actor)
    session.flush()
    return _as_plan(session, row)


def revise(session: Session, principal: Principal, plan_id: uuid.UUID) -> Plan:
    """A new draft revision of a live plan, starting from its assignments; the live one stays in force."""
    row = _row(session, principal, plan_id)
    if row.state != "live":
        raise Conflict("state", f"only a live plan is revised; this one is {row.state}: edit it instead")
    plan = _as_plan(session, row)
    return create_draft(
        session, principal, row.organisation_id, row.year, row.name, plan.assignments, plan.basis
    )


def edit_draft(
    session: Session,
    principal: Principal,
    plan_id: uuid.UUID,
    name: str | None,
    assignments: Sequence[Assignment],
) -> Plan:
    """Replace a draft's name and assignments; only a draft is edited (a live plan is revised)."""
    row = _row(session, principal, plan_id, lock=True)
    _manage(principal, session, row)
    if row.state != "draft":
        raise Conflict("state", f"a {row.state} plan is not edited; revise a live plan to change it")
    if name is not None:
        row.name = _name(name)
    check_assignments(session, row.organisation_id, row.year, assignments)
    _write_assignments(session, row, assignments)
    row.updated_at = utcnow()
    _audit(session, row, "edited", row.state, principal.id if principal.kind == "user" else None)
    session.flush()
    return _as_plan(session, row)


def _manage(principal: Principal, session: Session, row: CapacityBuildingPlan) -> None:
    if not principal.can(Permission.PLANS_MANAGE, _department_paths(session, row.organisation_id)):
        raise PermissionDenied("changing a department's plan needs plans:manage over the department")


def approval_inputs(session: Session, plan: Plan) -> dict[str, object]:
    """What the approver reads, frozen into the case: assignments, alignment, the draft's estimate."""
    built = (
        set(
            session.scalars(
                select(CourseCompetency.competency_id).where(
                    CourseCompetency.course_id.in_(plan.course_ids())
                )
            )
        )
        if plan.assignments
        else set()
    )
    prio = priorities.current(session, plan.year)
    return {
        "plan_id": str(plan.id),
        "organisation_id": str(plan.organisation_id),
        "year": plan.year,
        "revision": plan.revision,
        "name": plan.name,
        "assignments": [a.to_json() for a in plan.assignments],
        "priorities_version": prio.version,
        "alignment": round(priorities.alignment(prio, built), 6),
        "estimate": plan.basis.get("estimate", {}),
    }


def submit(session: Session, principal: Principal, plan_id: uuid.UUID) -> Plan:
    """Submit a draft to the Commission: opens a plan-approval case with the plan frozen into it."""
    row = _row(session, principal, plan_id, lock=True)
    _manage(principal, session, row)
    if principal.kind != "user":
        raise PermissionDenied("a plan is submitted by a named person")
    if not session.scalar(
        select(func.count()).select_from(PlanAssignment).where(PlanAssignment.plan_id == row.id)
    ):
        raise InvalidInput("assignments", "a plan with no assignments cannot be submitted")
    _move(session, row, "submitted", "submitted", principal.id)
    submissions = session.scalar(
        select(func.count())
        .select_from(PlanEvent)
        .where(PlanEvent.plan_id == row.id, PlanEvent.action == "submitted")
    )
    case = store.open_case(
        session,
        Kind.PLAN_APPROVAL,
        principal.id,
        f"plan {row.id} submission {submissions}",
        "approve",
        approval_inputs(session, _as_plan(session, row)),
        proposed_by=principal.id,
    )
    row.decision_case_id = case.id
    session.flush()
    return _as_plan(session, row)


def apply_decision(session: Session, case: Case, entry: Entry) -> None:
    """The Commission's decision (or re-decision on appeal) moves the plan it names."""
    plan_id = uuid.UUID(str(case.proposal.payload["plan_id"]))
    row = session.get(CapacityBuildingPlan, plan_id, with_for_update=True)
    if row is None or row.decision_case_id != case.id:
        raise Conflict("decision", "the plan this case is about has moved on; this case no longer applies")
    if entry.outcome == "approve" and row.state in ("submitted", "draft"):
        if row.state == "draft":  # approved on appeal after a rejection: only the plan as submitted
            decided = case.last(Step.DECISION)
            assert decided is not None
            edited = session.scalar(
                select(func.count())
                .select_from(PlanEvent)
                .where(
                    PlanEvent.plan_id == row.id,
                    PlanEvent.action == "edited",
                    PlanEvent.at > decided.recorded_at,
                )
            )
            if edited:
                raise Conflict("decision", "the plan was edited after its rejection: submit it again instead")
            _move(session, row, "submitted", "resubmitted on appeal", entry.actor_id)
        _move(session, row, "approved", "approved", entry.actor_id, entry.reason)
    elif entry.outcome == "reject" and row.state == "submitted":
        _move(session, row, "draft", "rejected", entry.actor_id, entry.reason)
    elif entry.outcome == "reject" and row.state == "approved":
        raise Conflict("decision", "an approved plan is retired, not rejected")


def go_live(session: Session, principal: Principal, plan_id: uuid.UUID) -> Plan:
    """Put an approved plan in force; the live plan it revises is retired in the same transaction."""
    row = _row(session, principal, plan_id, lock=True)
    _manage(principal, session, row)
    actor = principal.id if principal.kind == "user" else None
    if row.state != "approved":
        raise Conflict("state", f"a {row.state} plan cannot become live")
    for live in session.scalars(
        select(CapacityBuildingPlan).where(
            CapacityBuildingPlan.organisation_id == row.organisation_id,
            CapacityBuildingPlan.year == row.year,
            CapacityBuildingPlan.state == "live",
        )
    ):
        _move(session, live, "retired", "retired", actor, f"replaced by revision {row.revision}")
    _move(session, row, "live", "went live", actor)
    return _as_plan(session, row)


def retire(session: Session, principal: Principal, plan_id: uuid.UUID, note: str = "") -> Plan:
    """Withdraw an approved or live plan; a retired plan is never revived."""
    row = _row(session, principal, plan_id, lock=True)
    if not (principal.can(Permission.PLANS_APPROVE, _department_paths(session, row.organisation_id))):
        _manage(principal, session, row)
    if len(note) > 1000:
        raise InvalidInput("note", "at most 1000 characters")
    _move(session, row, "retired", "retired", principal.id if principal.kind == "user" else None, note)
    return _as_plan(session, row)


workflow.on_decision(Kind.PLAN_APPROVAL, apply_decision)

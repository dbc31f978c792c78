"""What an official is mandated to learn, and by when.

The source is the live Annual Capacity Building Plans of the official's department and the
organisations above it: assignments to everyone, to the official's designation, to them by name, or
to a group they are in. Where no plan above the official is live yet, the department's seeded list
per designation (`designation_mandate`) still serves, so nothing is lost before the first plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import CapacityBuildingPlan, Organisation, PlanAssignment, Position, User
from karmayogi.lms.orm.plans import DesignationMandate


@dataclass(frozen=True)
class Mandate:
    course_id: uuid.UUID
    due_on: date
    source: str  # where the mandate comes from, shown to the official
    plan_id: uuid.UUID | None = None
    appraisal_linked: bool = False


def _ancestors(session: Session, user: User) -> list[uuid.UUID]:
    path = path_of(session, User, user.id, "user")
    return [uuid.UUID(part) for part in path.strip("/").split("/")] if path else []


def _designation(session: Session, user: User) -> str | None:
    if user.position_id is None:
        return None
    return session.scalar(select(Position.designation).where(Position.id == user.position_id))


def _plan_mandates(session: Session, user: User, ancestors: list[uuid.UUID]) -> list[Mandate] | None:
    """The live plans' mandates for the official, or None when no plan above them is live."""
    live = session.execute(
        select(CapacityBuildingPlan.id, CapacityBuildingPlan.name).where(
            CapacityBuildingPlan.organisation_id.in_(ancestors), CapacityBuildingPlan.state == "live"
        )
    ).all()
    if not live:
        return None
    names = dict(live)
    designation = _designation(session, user)
    rows = session.scalars(
        select(PlanAssignment).where(
            PlanAssignment.plan_id.in_(names),
            or_(
                PlanAssignment.target_kind == "everyone",
                PlanAssignment.target_kind.in_(("official", "group")),
                (PlanAssignment.target_kind == "designation")
                & (PlanAssignment.designation == (designation or "")),
            ),
        )
    )
    me = str(user.id)
    earliest: dict[uuid.UUID, Mandate] = {}
    for a in rows:
        if a.target_kind in ("official", "group") and me not in a.member_ids:
            continue
        mandate = Mandate(a.course_id, a.due_on, names[a.plan_id], a.plan_id, a.appraisal_linked)
        if a.course_id not in earliest or a.due_on < earliest[a.course_id].due_on:
            earliest[a.course_id] = mandate
    return sorted(earliest.values(), key=lambda m: (m.due_on, str(m.course_id)))


def mandates_for(session: Session, user: User) -> list[Mandate]:
    """The official's mandated courses, each with the plan (or list) that mandates it, earliest due first."""
    ancestors = _ancestors(session, user)
    if not ancestors:
        return []
    from_plans = _plan_mandates(session, user, ancestors)
    if from_plans is not None:
        return from_plans
    designation = _designation(session, user)
    if designation is None:
        return []
    rows = session.execute(
        select(DesignationMandate.course_id, DesignationMandate.due_on, Organisation.name)
        .join(Organisation, Organisation.id == DesignationMandate.organisation_id)
        .where(
            DesignationMandate.organisation_id.in_(ancestors), DesignationMandate.designation == designation
        )
        .order_by(DesignationMandate.due_on, DesignationMandate.course_id)
    )
    return [
        Mandate(course_id, due_on, f"{name}: mandated for {designation}") for course_id, due_on, name in rows
    ]


def named_in_live_plans(session: Session, user_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the officials a live plan names personally (or in a group): their mandates are their own,
    not shared with everyone of the same designation and organisation."""
    wanted = {str(u) for u in user_ids}
    named: set[uuid.UUID] = set()
    rows = session.scalars(
        select(PlanAssignment.member_ids)
        .join(CapacityBuildingPlan, CapacityBuildingPlan.id == PlanAssignment.plan_id)
        .where(CapacityBuildingPlan.state == "live", PlanAssignment.target_kind.in_(("official", "group")))
    )
    for members in rows:
        named |= {uuid.UUID(m) for m in members if m in wanted}
    return named

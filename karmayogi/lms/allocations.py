"""Work allocation orders: officials of an organisation assigned to roles (and activities) of the FRAC.

An order is drafted, published (those it names are told in their portal) and later archived. While
it is published, each official's requirements are their position's plus the allocated roles', so
gaps, recommendations and learning paths follow the work they actually do.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions.entries import checked_text
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.organisations import in_scope, path_filter, path_of, scoped_organisation
from karmayogi.lms.orm import (
    Activity,
    AllocationLine,
    AllocationOrder,
    Notification,
    Organisation,
    Role,
    User,
)
from karmayogi.lms.permissions import Permission, Principal, Target

MAX_LINES = 500
NEXT = {"publish": ("draft", "published"), "archive": ("published", "archived")}


@dataclass(frozen=True)
class LineIn:
    user_id: uuid.UUID
    role_id: uuid.UUID
    activity_id: uuid.UUID | None = None


def order_target(session: Session, order_id: uuid.UUID) -> Target:
    return Target(
        "allocation order", order_id, path_of(session, AllocationOrder, order_id, "allocation order")
    )


def create(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    title: str,
    lines: Sequence[LineIn],
) -> AllocationOrder:
    """A draft order: each official of the organisation (or beneath it), each role a verified one."""
    org = scoped_organisation(
        session, principal, Permission.PEOPLE_MANAGE, organisation_id, "organisation_id"
    )
    title = checked_text(title, "title", 200)
    if not title:
        raise InvalidInput("title", "is required")
    if not 1 <= len(lines) <= MAX_LINES:
        raise InvalidInput("lines", f"name from 1 to {MAX_LINES} assignments")
    users = set(
        session.scalars(
            select(User.id).where(
                User.id.in_({line.user_id for line in lines}),
                User.organisation_id.in_(select(Organisation.id).where(path_filter([org.path]))),
            )
        )
    )
    roles = set(
        session.scalars(
            select(Role.id).where(Role.id.in_({line.role_id for line in lines}), Role.status == "verified")
        )
    )
    wanted = {line.activity_id for line in lines if line.activity_id is not None}
    activities = {
        a: r for a, r in session.execute(select(Activity.id, Activity.role_id).where(Activity.id.in_(wanted)))
    }
    seen = set()
    for i, line in enumerate(lines):
        if line.user_id not in users:
            raise InvalidInput(f"lines[{i}].user_id", f"no official {line.user_id} in the organisation")
        if line.role_id not in roles:
            raise InvalidInput(f"lines[{i}].role_id", f"no verified role {line.role_id}")
        if line.activity_id is not None and activities.get(line.activity_id) != line.role_id:
            raise InvalidInput(f"lines[{i}].activity_id", "is not an activity of the role")
        key = (line.user_id, line.role_id, line.activity_id)
        if key in seen:
            raise InvalidInput(f"lines[{i}]", "names the same assignment twice")
        seen.add(key)
    order = AllocationOrder(
        organisation_id=org.id, title=title, created_by=principal.id if principal.kind == "user" else None
    )
    session.add(order)
    session.flush()
    session.add_all(
        [AllocationLine(order_id=order.id, user_id=u, role_id=r, activity_id=a) for u, r, a in seen]
    )
    session.flush()
    return order


def get(session: Session, order_id: uuid.UUID) -> AllocationOrder:
    order = session.get(AllocationOrder, order_id)
    if order is None:
        raise NotFound("allocation order", order_id)
    return order


def list_orders(session: Session, paths: list[str]) -> list[AllocationOrder]:
    return list(
        session.scalars(
            select(AllocationOrder)
            .where(in_scope(AllocationOrder.organisation_id, paths))
            .order_by(AllocationOrder.created_at.desc())
        )
    )


@dataclass(frozen=True)
class Assignment:
    user_id: uuid.UUID
    full_name: str
    role_id: uuid.UUID
    role: str
    activity_id: uuid.UUID | None
    activity: str | None


def lines_of(session: Session, order_id: uuid.UUID) -> list[Assignment]:
    rows = session.execute(
        select(AllocationLine, User.full_name, Role.name, Activity.description)
        .join(User, User.id == AllocationLine.user_id)
        .join(Role, Role.id == AllocationLine.role_id)
        .outerjoin(Activity, Activity.id == AllocationLine.activity_id)
        .where(AllocationLine.order_id == order_id)
        .order_by(User.full_name, Role.name)
    )
    return [Assignment(a.user_id, name, a.role_id, role, a.activity_id, act) for a, name, role, act in rows]


def move(session: Session, principal: Principal, order_id: uuid.UUID, step: str) -> AllocationOrder:
    """Publish a draft (telling each official named) or archive a published order; nothing else."""
    order = session.get(AllocationOrder, order_id, with_for_update=True, populate_existing=True)
    if order is None:
        raise NotFound("allocation order", order_id)
    before, after = NEXT[step]
    if order.status != before:
        raise Conflict("status", f"the order is {order.status}: only a {before} order can be {after}")
    order.status = after
    if after == "published":
        order.published_at, order.published_by = utcnow(), principal.id if principal.kind == "user" else None
        named = {a.user_id: [] for a in lines_of(session, order_id)}
        for a in lines_of(session, order_id):
            named[a.user_id].append(a.role + (f" ({a.activity})" if a.activity else ""))
        session.add_all(
            [
                Notification(
                    user_id=user_id,
                    subject="allocation_order",
                    subject_id=order.id,
                    text=f"{order.title}: " + ", ".join(roles),
                )
                for user_id, roles in named.items()
            ]
        )
    else:
        order.archived_at = utcnow()
    session.flush()
    return order


def allocated_roles(
    session: Session, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, ...]]:
    """The roles allocated to each official by published orders."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for user_id, role_id in session.execute(
        select(AllocationLine.user_id, AllocationLine.role_id)
        .join(AllocationOrder, AllocationOrder.id == AllocationLine.order_id)
        .where(AllocationLine.user_id.in_(user_ids), AllocationOrder.status == "published")
        .distinct()
    ):
        found.setdefault(user_id, []).append(role_id)
    return {u: tuple(sorted(roles, key=lambda r: r.int)) for u, roles in found.items()}


def notifications_for(session: Session, user_id: uuid.UUID) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc())
        )
    )


@dataclass(frozen=True)
class AllocationDocument:
    """The printable order, through the letters' renderer (English and Hindi, HTML and PDF)."""

    reference: str
    name: str
    organisation: str
    status: str
    assignments: tuple[Assignment, ...]
    seal: str

    @property
    def english(self) -> list[str]:
        return [
            f"Work allocation order: {self.name}",
            f"{self.organisation}. The following officials are assigned the roles shown ({self.status}).",
            *(
                f"{a.full_name}: {a.role}" + (f", activity: {a.activity}" if a.activity else "")
                for a in self.assignments
            ),
        ]

    @property
    def hindi(self) -> list[str]:
        return [
            f"कार्य आवंटन आदेश: {self.name}",
            f"{self.organisation}। निम्नलिखित अधिकारियों को दर्शाई गई भूमिकाएँ सौंपी जाती हैं।",
            *(
                f"{a.full_name}: {a.role}" + (f", गतिविधि: {a.activity}" if a.activity else "")
                for a in self.assignments
            ),
        ]


def document(session: Session, order_id: uuid.UUID) -> AllocationDocument:
    order = get(session, order_id)
    org = session.get(Organisation, order.organisation_id)
    assert org is not None
    return AllocationDocument(
        reference=str(order.id),
        name=order.title,
        organisation=org.name,
        status=order.status,
        assignments=tuple(lines_of(session, order_id)),
        seal=f"status {order.status}",
    )

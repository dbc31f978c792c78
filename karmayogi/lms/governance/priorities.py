"""The Commission's national priority competencies for a year, with weights; versioned and audited.

Each setting writes the whole set again under the next version, with who set it and when, so what
a plan was aligned against can always be read back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.orm import Competency, NationalPriority
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PRIORITIES = 200


@dataclass(frozen=True)
class Priority:
    competency_id: uuid.UUID
    weight: float
    note: str = ""


@dataclass(frozen=True)
class PrioritySet:
    year: int
    version: int  # 0 when none has been set
    items: tuple[Priority, ...]
    set_by: uuid.UUID | None = None
    set_at: datetime | None = None

    def weights(self) -> dict[uuid.UUID, float]:
        return {p.competency_id: p.weight for p in self.items}


def check_year(year: int, field: str = "year") -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(field, f"{year} is not a year between {MIN_YEAR} and {MAX_YEAR}")
    return year


def current(session: Session, year: int, version: int | None = None) -> PrioritySet:
    """The priorities in force for the year (the highest version), or the version asked for."""
    check_year(year)
    if version is None:
        version = session.scalar(
            select(func.max(NationalPriority.version)).where(NationalPriority.year == year)
        )
    if not version:
        return PrioritySet(year, 0, ())
    rows = list(
        session.scalars(
            select(NationalPriority)
            .where(NationalPriority.year == year, NationalPriority.version == version)
            .order_by(NationalPriority.weight.desc(), NationalPriority.competency_id)
        )
    )
    if not rows:
        raise InvalidInput("version", f"no version {version} of the priorities for {year}")
    return PrioritySet(
        year,
        version,
        tuple(Priority(r.competency_id, r.weight, r.note) for r in rows),
        rows[0].set_by,
        rows[0].set_at,
    )


def history(session: Session, year: int) -> list[PrioritySet]:
    versions = session.scalars(
        select(NationalPriority.version).where(NationalPriority.year == year).distinct()
    )
    return [current(session, year, v) for v in sorted(versions)]


def set_priorities(
    session: Session, principal: Principal, year: int, items: Sequence[Priority]
) -> PrioritySet:
    """Write the year's priorities as a new version; refused whole if any item is wrong."""
    if not principal.can(Permission.PLANS_APPROVE, PLATFORM_PATH):
        raise PermissionDenied("setting national priorities needs plans:approve for the whole service")
    check_year(year)
    if not items:
        raise InvalidInput("priorities", "name at least one competency")
    if len(items) > MAX_PRIORITIES:
        raise InvalidInput("priorities", f"at most {MAX_PRIORITIES}")
    seen: set[uuid.UUID] = set()
    for i, item in enumerate(items):
        if item.competency_id in seen:
            raise InvalidInput(f"priorities[{i}].competency_id", "named twice")
        seen.add(item.competency_id)
        if not 0 < item.weight <= 100:
            raise InvalidInput(f"priorities[{i}].weight", f"{item.weight} is not above 0 and at most 100")
        if len(item.note) > 1000:
            raise InvalidInput(f"priorities[{i}].note", "at most 1000 characters")
    known = set(session.scalars(select(Competency.id).where(Competency.id.in_(seen))))
    missing = [
        f"priorities[{i}].competency_id: no competency {p.competency_id}"
        for i, p in enumerate(items)
        if p.competency_id not in known
    ]
    if missing:
        raise InvalidInput("priorities", "; ".join(missing))
    version = (
        session.scalar(select(func.max(NationalPriority.version)).where(NationalPriority.year == year)) or 0
    ) + 1
    actor = principal.id if principal.kind == "user" else None
    session.add_all(
        NationalPriority(
            year=year,
            version=version,
            competency_id=p.competency_id,
            weight=p.weight,
            note=p.note,
            set_by=actor,
        )
        for p in items
    )
    session.flush()
    return current(session, year, version)


def alignment(priorities: PrioritySet, built: set[uuid.UUID]) -> float:
    """How far a plan serves the year's priorities: the priority weight of the competencies its courses
    build, over the total priority weight (0 to 1). With no priorities set, a plan is fully aligned."""
    total = sum(p.weight for p in priorities.items)
    if total <= 0:
        return 1.0
    return sum(p.weight for p in priorities.items if p.competency_id in built) / total

"""From service failures to competencies: a grievance's text is ranked against the FRAC competencies that
the roles of the service's responsible designation require, with the project's competency linker.

Restricting to those roles' competencies is the point: "the pension was sanctioned at the wrong rate"
should point at what the Senior Accountant's roles need, not at any competency the words resemble.
Where the designation has no roles on the FRAC yet, the whole dictionary is ranked.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.linking import CompetencyLinker
from karmayogi.lms.orm import (
    Activity,
    Competency,
    Grievance,
    GrievanceLink,
    Organisation,
    Position,
    PositionRole,
    PublicService,
    Requirement,
)
from karmayogi.lms.orm import Role as FracRole

TOP = 3
SAMPLE = Path(__file__).resolve().parents[1] / "demo" / "sevottam_sample.json"


@dataclass(frozen=True)
class Need:
    """A competency one of the designation's roles requires, at a level."""

    competency_id: uuid.UUID
    role_id: uuid.UUID
    level: int


def ranked(
    linker: CompetencyLinker, texts: Sequence[str], candidates: Sequence[set[uuid.UUID] | None], k: int = TOP
) -> list[list[tuple[uuid.UUID, float]]]:
    """For each text, the best `k` competencies among its candidates (all, where None), best first."""
    ids = [c.id for c in linker.competencies]
    out = []
    for scores, allowed in zip(linker.scores(texts), candidates, strict=True):
        mask = np.array([allowed is None or i in allowed for i in ids])
        masked = np.where(mask, scores, -np.inf)
        order = np.argsort(-masked, kind="stable")[:k]
        out.append([(ids[i], float(masked[i])) for i in order if np.isfinite(masked[i])])
    return out


def precision_at(found: Sequence[str], relevant: set[str], k: int = TOP) -> float:
    return len(set(found[:k]) & relevant) / k


def hit_at(found: Sequence[str], relevant: set[str], k: int = TOP) -> float:
    return 1.0 if set(found[:k]) & relevant else 0.0


# --- grievances on the database -----------------------------------------------------------------------


def needs_of(session: Session, organisation_id: uuid.UUID, designation: str) -> list[Need]:
    """What the FRAC roles of the designation's positions (in the organisation's department) require."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        return []
    parts = org.path.strip("/").split("/")
    scope = "/" + "/".join(parts[:2]) + "/" if len(parts) >= 2 else org.path
    positions = (
        select(Position.id)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(
            func.lower(Position.designation) == designation.strip().lower(),
            Organisation.path.startswith(scope),
        )
    )
    roles = select(PositionRole.role_id).where(PositionRole.position_id.in_(positions))
    direct = select(Requirement.competency_id, Requirement.role_id, Requirement.level).where(
        Requirement.role_id.in_(roles)
    )
    via_activity = (
        select(Requirement.competency_id, Activity.role_id, Requirement.level)
        .join(Activity, Activity.id == Requirement.activity_id)
        .where(Activity.role_id.in_(roles))
    )
    best: dict[uuid.UUID, Need] = {}
    for competency_id, role_id, level in [*session.execute(direct), *session.execute(via_activity)]:
        if competency_id not in best or level > best[competency_id].level:
            best[competency_id] = Need(competency_id, role_id, level)
    return list(best.values())


def link_grievances(session: Session, linker: CompetencyLinker, grievance_ids: Sequence[uuid.UUID]) -> int:
    """Link each grievance about a service to its top competencies; a grievance linked before is skipped."""
    done = set(
        session.scalars(
            select(GrievanceLink.grievance_id).where(GrievanceLink.grievance_id.in_(grievance_ids))
        )
    )
    rows = session.execute(
        select(Grievance, PublicService)
        .join(PublicService, PublicService.id == Grievance.service_id)
        .where(Grievance.id.in_([g for g in grievance_ids if g not in done]))
    ).all()
    if not rows:
        return 0
    needs = {}
    for _, service in rows:
        key = (service.organisation_id, service.responsible_designation)
        if key not in needs:
            needs[key] = {n.competency_id: n for n in needs_of(session, *key)}
    candidates = [needs[(s.organisation_id, s.responsible_designation)] or None for _, s in rows]
    found = ranked(
        linker, [f"{g.subject}. {g.text}" for g, _ in rows], [set(c) if c else None for c in candidates]
    )
    encoder = f"{linker.encoder.name} {linker.encoder.version}"
    for (grievance, _), top, need in zip(rows, found, candidates, strict=True):
        for rank, (competency_id, score) in enumerate(top, start=1):
            role = need[competency_id].role_id if need and competency_id in need else None
            session.add(
                GrievanceLink(
                    grievance_id=grievance.id,
                    competency_id=competency_id,
                    role_id=role,
                    score=round(score, 4),
                    rank=rank,
                    encoder=encoder,
                )
            )
    session.flush()
    return len(rows)


def link_pending(session: Session, linker: CompetencyLinker, batch: int = 256) -> int:
    """Link every grievance about a service that is not linked yet, `batch` texts per encoder call."""
    pending = session.scalars(
        select(Grievance.id)
        .where(Grievance.service_id.is_not(None), Grievance.id.not_in(select(GrievanceLink.grievance_id)))
        .order_by(Grievance.id)
    ).all()
    return sum(
        link_grievances(session, linker, pending[i : i + batch]) for i in range(0, len(pending), batch)
    )


@dataclass(frozen=True)
class FailurePointer:
    """Failures in a service pointing at a competency of a role: how many grievances link to it (top 3)."""

    service: str
    role: str | None
    competency: str
    competency_id: uuid.UUID
    grievances: int


def aggregate(session: Session, organisation_id: uuid.UUID, limit: int = 20) -> list[FailurePointer]:
    rows = session.execute(
        select(
            PublicService.name,
            FracRole.name,
            Competency.name,
            Competency.id,
            func.count(func.distinct(GrievanceLink.grievance_id)),
        )
        .join(Grievance, Grievance.id == GrievanceLink.grievance_id)
        .join(PublicService, PublicService.id == Grievance.service_id)
        .join(Competency, Competency.id == GrievanceLink.competency_id)
        .outerjoin(FracRole, FracRole.id == GrievanceLink.role_id)
        .where(PublicService.organisation_id == organisation_id)
        .group_by(PublicService.name, FracRole.name, Competency.name, Competency.id)
        .order_by(
            func.count(func.distinct(GrievanceLink.grievance_id)).desc(),
            func.avg(GrievanceLink.rank),
            Competency.name,
        )
        .limit(limit)
    )
    return [FailurePointer(*row) for row in rows]


@dataclass(frozen=True)
class Signal:
    """What grievances in an official's office say about one competency of their roles, in words."""

    competency_id: uuid.UUID
    competency: str
    service: str
    needed_level: int
    grievances: int
    explanation: str


def signals_for_official(session: Session, user_id: uuid.UUID) -> list[Signal]:
    """For the official's recommendations: "Grievances about <service> in your office point at <competency>
    (level <n> needed)", for the competencies their position's roles require."""
    from karmayogi.lms.orm import User

    user = session.get(User, user_id)
    if user is None or user.position_id is None:
        return []
    roles = select(PositionRole.role_id).where(PositionRole.position_id == user.position_id)
    rows = session.execute(
        select(Competency.id, Competency.name, PublicService.name, func.count(func.distinct(Grievance.id)))
        .join(GrievanceLink, GrievanceLink.competency_id == Competency.id)
        .join(Grievance, Grievance.id == GrievanceLink.grievance_id)
        .join(PublicService, PublicService.id == Grievance.service_id)
        .where(Grievance.organisation_id == user.organisation_id, GrievanceLink.role_id.in_(roles))
        .group_by(Competency.id, Competency.name, PublicService.name)
        .order_by(
            func.count(func.distinct(Grievance.id)).desc(), func.avg(GrievanceLink.rank), Competency.name
        )
    ).all()
    if not rows:  # most offices: no grievance points at their roles, and the levels are not read
        return []
    needed: dict[uuid.UUID, int] = {}
    for competency_id, level in [
        *session.execute(
            select(Requirement.competency_id, Requirement.level).where(Requirement.role_id.in_(roles))
        ),
        *session.execute(
            select(Requirement.competency_id, Requirement.level)
            .join(Activity, Activity.id == Requirement.activity_id)
            .where(Activity.role_id.in_(roles))
        ),
    ]:
        needed[competency_id] = max(level, needed.get(competency_id, 0))
    found: dict[uuid.UUID, Signal] = {}
    for competency_id, competency, service, count in rows:
        if competency_id in found:
            continue
        level = needed.get(competency_id, 0)
        found[competency_id] = Signal(
            competency_id,
            competency,
            service,
            level,
            count,
            f"Grievances about {service.lower()} in your office point at {competency} (level {level} needed)",
        )
    return list(found.values())


@dataclass(frozen=True)
class PlanSignal:
    """A competency the grievances of a department's offices point at, and the weight it adds to the
    competency's priority in the department's plan draft."""

    competency_id: uuid.UUID
    competency: str
    grievances: int
    weight: float


# The competency most pointed at gets this much added to its priority weight, as a national priority of
# weight 1 does (its shortfall counts double); others get their share of it by their grievance count.
PLAN_SIGNAL_WEIGHT = 1.0


def plan_signals(session: Session, path: str, limit: int = 20) -> list[PlanSignal]:
    """For a department's plan draft: competencies its offices' grievances point at, most first."""
    rows = session.execute(
        select(Competency.id, Competency.name, func.count(func.distinct(GrievanceLink.grievance_id)))
        .join(GrievanceLink, GrievanceLink.competency_id == Competency.id)
        .join(Grievance, Grievance.id == GrievanceLink.grievance_id)
        .join(Organisation, Organisation.id == Grievance.organisation_id)
        .where(Organisation.path.startswith(path, autoescape=True))
        .group_by(Competency.id, Competency.name)
        .order_by(
            func.count(func.distinct(GrievanceLink.grievance_id)).desc(),
            func.avg(GrievanceLink.rank),
            Competency.name,
        )
        .limit(limit)
    ).all()
    most = max((count for _, _, count in rows), default=0)
    return [
        PlanSignal(c, name, count, round(PLAN_SIGNAL_WEIGHT * count / most, 4)) for c, name, count in rows
    ]

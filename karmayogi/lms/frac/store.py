"""The working copy of the FRAC as rows, read into and written from the pure `Framework`."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    KnowledgeResource,
    Position,
    ProficiencyLevel,
    ProficiencyScale,
    RelationKind,
    Requirement,
    ReviewStatus,
    Role,
)
from karmayogi.lms import orm


def working_scale(session: Session) -> ProficiencyScale:
    rows = session.scalars(select(orm.ProficiencyLevelRow).order_by(orm.ProficiencyLevelRow.level))
    return ProficiencyScale(tuple(ProficiencyLevel(r.level, r.name, r.descriptor) for r in rows))


def load_working(session: Session, name: str, statuses: Collection[ReviewStatus] | None = None) -> Framework:
    """The working copy, or only its nodes in `statuses` (with the edges whose ends are both kept)."""
    wanted = {s.value for s in statuses} if statuses else None

    def keep(row: orm.Competency | orm.Role | orm.Position) -> bool:
        return wanted is None or row.status in wanted

    competencies = [c for c in session.scalars(select(orm.Competency).order_by(orm.Competency.id)) if keep(c)]
    roles = [r for r in session.scalars(select(orm.Role).order_by(orm.Role.id)) if keep(r)]
    positions = [p for p in session.scalars(select(orm.Position).order_by(orm.Position.id)) if keep(p)]
    competency_ids = {c.id for c in competencies}
    role_ids = {r.id for r in roles}
    activities = [
        a for a in session.scalars(select(orm.Activity).order_by(orm.Activity.id)) if a.role_id in role_ids
    ]
    activity_ids = {a.id for a in activities}
    role_links: dict[uuid.UUID, list[uuid.UUID]] = {}
    for link in session.scalars(select(orm.PositionRole).order_by(orm.PositionRole.role_id)):
        if link.role_id in role_ids:
            role_links.setdefault(link.position_id, []).append(link.role_id)
    requirements = [
        r
        for r in session.scalars(select(orm.Requirement).order_by(orm.Requirement.id))
        if r.competency_id in competency_ids and (r.role_id in role_ids or r.activity_id in activity_ids)
    ]
    relations = [
        r
        for r in session.scalars(
            select(orm.CompetencyRelation).order_by(
                orm.CompetencyRelation.source_id, orm.CompetencyRelation.target_id
            )
        )
        if r.source_id in competency_ids and r.target_id in competency_ids
    ]
    return Framework(
        name=name,
        scale=working_scale(session),
        competencies=tuple(
            Competency(
                id=c.id,
                name=c.name,
                type=CompetencyType(c.type),
                description=c.description,
                area=c.area,
                theme=c.theme,
                sub_theme=c.sub_theme,
                level_descriptors=tuple((int(lv), str(text)) for lv, text in c.level_descriptors),
                alt_labels=tuple(c.alt_labels),
                organisation_id=c.organisation_id,
                retired=c.retired,
                source=c.source,
            )
            for c in competencies
        ),
        relations=tuple(
            CompetencyRelation(r.source_id, r.target_id, RelationKind(r.kind)) for r in relations
        ),
        roles=tuple(Role(r.id, r.name, r.description, r.organisation_id, r.source) for r in roles),
        activities=tuple(
            Activity(
                a.id, a.role_id, a.description, tuple(KnowledgeResource(**k) for k in a.knowledge_resources)
            )
            for a in activities
        ),
        positions=tuple(
            Position(
                id=p.id,
                designation=p.designation,
                organisation_id=p.organisation_id,
                role_ids=tuple(sorted(role_links.get(p.id, []))),
                grade=p.grade,
                pay_level=p.pay_level,
                description=p.description,
            )
            for p in positions
        ),
        requirements=tuple(
            Requirement(r.competency_id, r.level, r.weight, r.role_id, r.activity_id) for r in requirements
        ),
    )


CHUNK = 5_000


def add_framework(
    session: Session, framework: Framework, author: uuid.UUID | None, status: ReviewStatus
) -> None:
    """Insert every node and edge of `framework` into the working copy, in bulk, as `status`.

    Positions of the framework need an organisation: the working copy's posts belong to offices.
    The caller validates first; the database's constraints are the last line, and any failure
    rolls the whole transaction back, so nothing is half-imported.
    """
    common = {"status": status.value, "created_by": author, "submitted_by": None, "l1_reviewed_by": None}
    tables: list[tuple[type[orm.Base], list[dict[str, object]]]] = [
        (
            orm.Competency,
            [
                {
                    "id": c.id,
                    "organisation_id": c.organisation_id,
                    "name": c.name,
                    "type": c.type.value,
                    "area": c.area,
                    "theme": c.theme,
                    "sub_theme": c.sub_theme,
                    "description": c.description,
                    "level_descriptors": [list(d) for d in c.level_descriptors],
                    "alt_labels": list(c.alt_labels),
                    "retired": c.retired,
                    "source": c.source,
                    **common,
                }
                for c in framework.competencies
            ],
        ),
        (
            orm.CompetencyRelation,
            [
                {"source_id": r.source_id, "target_id": r.target_id, "kind": r.kind.value}
                for r in framework.relations
            ],
        ),
        (
            orm.Role,
            [
                {
                    "id": r.id,
                    "organisation_id": r.organisation_id,
                    "name": r.name,
                    "description": r.description,
                    "source": r.source,
                    **common,
                }
                for r in framework.roles
            ],
        ),
        (
            orm.Activity,
            [
                {
                    "id": a.id,
                    "role_id": a.role_id,
                    "description": a.description,
                    "knowledge_resources": [{"title": k.title, "url": k.url} for k in a.knowledge_resources],
                }
                for a in framework.activities
            ],
        ),
        (
            orm.Position,
            [
                {
                    "id": p.id,
                    "organisation_id": p.organisation_id,
                    "designation": p.designation,
                    "grade": p.grade,
                    "pay_level": p.pay_level,
                    "description": p.description,
                    **common,
                }
                for p in framework.positions
            ],
        ),
        (
            orm.PositionRole,
            [{"position_id": p.id, "role_id": r} for p in framework.positions for r in p.role_ids],
        ),
        (
            orm.Requirement,
            [
                {
                    "id": uuid.uuid4(),
                    "role_id": r.role_id,
                    "activity_id": r.activity_id,
                    "competency_id": r.competency_id,
                    "level": r.level,
                    "weight": r.weight,
                }
                for r in framework.requirements
            ],
        ),
    ]
    for table, rows in tables:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(table), rows[start : start + CHUNK])
    session.flush()

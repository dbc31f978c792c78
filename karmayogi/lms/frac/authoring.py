"""Drafting the working copy: new competencies, edits that make a new draft, and bulk imports.

Every write lands as DRAFT and goes through review before it can be published. Imports are
validated together with the working copy they join, and go in whole or not at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Progress
from karmayogi.frac.formats.mapping import MappingRow
from karmayogi.frac.model import (
    Competency,
    CompetencyType,
    Framework,
    Position,
    Requirement,
    ReviewStatus,
    Role,
)
from karmayogi.frac.review import IllegalTransition, retirement_check
from karmayogi.frac.validation import Problem, validate
from karmayogi.lms import orm
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.frac.review import NodeRef, audit, back_to_draft
from karmayogi.lms.frac.store import add_framework, load_working, working_scale
from karmayogi.lms.frac.versions import InvalidFramework, blocking
from karmayogi.lms.organisations import scoped_organisation
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal

EDITABLE = ("name", "description", "area", "theme", "sub_theme", "level_descriptors", "alt_labels", "retired")


def _check_author_scope(session: Session, principal: Principal, organisation_id: uuid.UUID | None) -> None:
    if organisation_id is None:
        if not principal.can(Permission.FRAC_AUTHOR, PLATFORM_PATH):
            raise InvalidInput(
                "organisation_id", "shared nodes (no organisation) can be authored only platform-wide"
            )
    else:
        scoped_organisation(session, principal, Permission.FRAC_AUTHOR, organisation_id, "organisation_id")


def _check_levels(session: Session, descriptors: list[tuple[int, str]]) -> None:
    scale = working_scale(session)
    for level, _ in descriptors:
        if level not in scale:
            raise InvalidInput("level_descriptors", f"level {level} is outside the scale 1..{scale.top}")


def create_competency(session: Session, principal: Principal, competency: Competency) -> orm.Competency:
    _check_author_scope(session, principal, competency.organisation_id)
    if competency.type is not CompetencyType.DOMAIN and competency.organisation_id is not None:
        raise InvalidInput(
            "organisation_id", "only domain competencies belong to a department; others are shared"
        )
    _check_levels(session, list(competency.level_descriptors))
    _check_unique_name(session, competency.name, competency.type, competency.organisation_id, None)
    add_framework(session, Framework("draft", competencies=(competency,)), principal.id, ReviewStatus.DRAFT)
    audit(
        session,
        principal,
        NodeRef("competency", competency.id),
        competency.organisation_id,
        "create",
        ReviewStatus.DRAFT,
        ReviewStatus.DRAFT,
        "",
    )
    row = session.get(orm.Competency, competency.id)
    assert row is not None
    return row


def _check_unique_name(
    session: Session,
    name: str,
    type_: CompetencyType,
    organisation_id: uuid.UUID | None,
    except_id: uuid.UUID | None,
) -> None:
    clash = session.scalar(
        select(orm.Competency.id).where(
            orm.Competency.type == type_.value,
            orm.Competency.organisation_id == organisation_id,
            orm.Competency.name == name,
            orm.Competency.id != except_id if except_id else orm.Competency.id.is_not(None),
        )
    )
    if clash:
        raise Conflict(
            "name", f"a {type_.value} competency named {name!r} already exists in this scope ({clash})"
        )


def edit_competency(
    session: Session, principal: Principal, competency_id: uuid.UUID, changes: dict[str, object]
) -> orm.Competency:
    """Change a competency; a verified one becomes a new draft, and published versions keep the old text."""
    row = session.get(orm.Competency, competency_id)
    assert row is not None, "the route has located the competency"
    _check_author_scope(session, principal, row.organisation_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "cannot be edited")
    if "level_descriptors" in changes:
        _check_levels(session, changes["level_descriptors"])  # type: ignore[arg-type]
    if "retired" in changes:
        try:
            retirement_check(row.retired, bool(changes["retired"]))
        except IllegalTransition as exc:
            raise Conflict("retired", str(exc)) from None
    if "name" in changes:
        _check_unique_name(
            session, str(changes["name"]), CompetencyType(row.type), row.organisation_id, row.id
        )
    for name, value in changes.items():
        if name == "level_descriptors":
            value = [list(d) for d in value]  # type: ignore[union-attr]
        setattr(row, name, value)
    back_to_draft(session, principal, "competency", row, ", ".join(sorted(changes)))
    return row


@dataclass(frozen=True)
class ImportReport:
    counts: dict[str, int]
    warnings: list[Problem]


def import_framework(
    session: Session, principal: Principal, framework: Framework, progress: Progress | None = None
) -> ImportReport:
    """Add an imported framework (native, CASE or ESCO) to the working copy as drafts, or nothing at all.

    `progress(done, 3)` follows its stages: the working copy read, the merge validated, the drafts written.
    """
    stage = progress or (lambda done, total: None)
    for organisation_id in {
        n.organisation_id for n in (*framework.competencies, *framework.roles, *framework.positions)
    }:
        _check_author_scope(session, principal, organisation_id)
    if any(p.organisation_id is None for p in framework.positions):
        raise InvalidInput("positions", "every position must belong to an organisation")
    working = load_working(session, "working copy")
    stage(1, 3)
    existing = {
        n.id for n in (*working.competencies, *working.roles, *working.activities, *working.positions)
    }
    clashes = sorted(
        str(n.id)
        for n in (*framework.competencies, *framework.roles, *framework.activities, *framework.positions)
        if n.id in existing
    )
    if clashes:
        raise Conflict(
            "id", f"{len(clashes)} node(s) already in the working copy, e.g. {', '.join(clashes[:5])}"
        )
    merged = replace(
        working,
        competencies=working.competencies + framework.competencies,
        relations=working.relations + framework.relations,
        roles=working.roles + framework.roles,
        activities=working.activities + framework.activities,
        positions=working.positions + framework.positions,
        requirements=working.requirements + framework.requirements,
    )
    problems = validate(merged)
    if blocking(problems):
        raise InvalidFramework(blocking(problems))
    stage(2, 3)
    add_framework(session, framework, principal.id, ReviewStatus.DRAFT)
    stage(3, 3)
    counts = {
        "competencies": len(framework.competencies),
        "relations": len(framework.relations),
        "roles": len(framework.roles),
        "activities": len(framework.activities),
        "positions": len(framework.positions),
        "requirements": len(framework.requirements),
    }
    return ImportReport(counts, [p for p in problems if p.code not in {b.code for b in blocking(problems)}])


def import_mapping(
    session: Session, principal: Principal, organisation_id: uuid.UUID, rows: list[MappingRow]
) -> ImportReport:
    """Designation ↔ competency ↔ level rows for one organisation: new positions and roles where needed.

    A designation already held by a position of the organisation, or a role name already used in
    it, is reused; the requirements are added to the role.
    """
    _check_author_scope(session, principal, organisation_id)
    positions = {
        p.designation.casefold(): p
        for p in session.scalars(select(orm.Position).where(orm.Position.organisation_id == organisation_id))
    }
    roles = {
        r.name.casefold(): r
        for r in session.scalars(select(orm.Role).where(orm.Role.organisation_id == organisation_id))
    }
    links = {
        (row.position_id, row.role_id)
        for row in session.execute(
            select(orm.PositionRole.position_id, orm.PositionRole.role_id).where(
                orm.PositionRole.position_id.in_([p.id for p in positions.values()])
            )
        )
    }
    new_positions: dict[str, Position] = {}
    new_roles: dict[str, Role] = {}
    requirements: list[Requirement] = []
    new_links: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for row in rows:
        pkey, rkey = row.designation.casefold(), row.role.casefold()
        position_id = (
            positions[pkey].id
            if pkey in positions
            else new_positions.setdefault(pkey, Position(uuid.uuid4(), row.designation, organisation_id)).id
        )
        role_id = (
            roles[rkey].id
            if rkey in roles
            else new_roles.setdefault(rkey, Role(uuid.uuid4(), row.role, organisation_id=organisation_id)).id
        )
        if (position_id, role_id) not in links:
            new_links.add((position_id, role_id))
        requirements.append(Requirement(row.competency_id, row.level, row.weight, role_id=role_id))
    fragment = Framework(
        "mapping",
        roles=tuple(new_roles.values()),
        positions=tuple(
            replace(p, role_ids=tuple(sorted(r for pid, r in new_links if pid == p.id)))
            for p in new_positions.values()
        ),
        requirements=tuple(requirements),
    )
    add_framework(session, fragment, principal.id, ReviewStatus.DRAFT)
    existing_links = [(p, r) for p, r in new_links if p not in {x.id for x in new_positions.values()}]
    session.add_all(orm.PositionRole(position_id=p, role_id=r) for p, r in existing_links)
    changed = {req.role_id for req in requirements}
    for role in roles.values():
        if role.id in changed:
            back_to_draft(session, principal, "role", role, "requirements added from a mapping sheet")
    session.flush()
    return ImportReport(
        {"positions": len(new_positions), "roles": len(new_roles), "requirements": len(requirements)}, []
    )

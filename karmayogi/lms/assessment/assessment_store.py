"""Assessments of an organisation's bank: written as drafts, published once a paper can be drawn from them.

A published assessment is open to every official, like a published course, and its form never
changes, so every attempt at it was sat under the same rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.frac import versions
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import Assessment, Organisation
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Permission, Principal, Target

from .forms import AssessmentForm, assemble_paper
from .question_store import bank_for, bank_path
from .serialisation import form_from_json, form_to_json

DRAFT = "draft"
PUBLISHED = "published"


def assessment_target(session: Session, assessment_id: uuid.UUID) -> Target:
    row = session.execute(
        select(Organisation.path, Assessment.status)
        .join(Assessment, Assessment.organisation_id == Organisation.id)
        .where(Assessment.id == assessment_id)
    ).first()
    if row is None:
        raise NotFound("assessment", assessment_id)
    return Target("assessment", assessment_id, row.path, public=row.status == PUBLISHED)


def form_of(assessment: Assessment) -> AssessmentForm:
    return form_from_json(assessment.title, assessment.form)


def create_assessment(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    title: str,
    competency_id: uuid.UUID | None,
    level: int | None,
    form_document: Mapping[str, Any],
) -> Assessment:
    """A draft form over the organisation's bank; a pass is evidence of `level` in `competency_id`."""
    bank_path(session, principal, organisation_id)
    form = form_from_json(title, form_document)
    _, graph = versions.newest(session)
    if (competency_id is None) != (level is None):
        raise InvalidInput("level", "an assessment is tagged with both a competency and a level, or neither")
    if competency_id is not None and level is not None:
        versions.check_level(graph, competency_id, level)
    for s, section in enumerate(form.sections):
        for d, draw in enumerate(section.draws):
            try:
                versions.check_level(graph, draw.competency_id, draw.level)
            except InvalidInput as error:
                raise InvalidInput(f"sections[{s}].draws[{d}].{error.field}", error.reason) from None
    bank = bank_for(session, organisation_id, form)
    for s, section in enumerate(form.sections):
        for i, question_id in enumerate(section.question_ids):
            try:
                bank.current(question_id)
            except NotFound:
                raise InvalidInput(
                    f"sections[{s}].question_ids[{i}]", f"question {question_id} is not in this bank"
                ) from None
    assessment = Assessment(
        organisation_id=organisation_id,
        title=title,
        competency_id=competency_id,
        level=level,
        form=form_to_json(form),
        status=DRAFT,
        created_by=principal.id if principal.kind == "user" else None,
    )
    session.add(assessment)
    session.flush()
    return assessment


def publish(session: Session, principal: Principal, assessment_id: uuid.UUID, path: str) -> Assessment:
    """Open the assessment to every official, once a paper can be drawn from the bank as it is now."""
    assessment = get_assessment(session, principal, assessment_id, path)
    if not principal.can(Permission.ASSESSMENTS_AUTHOR, path):
        raise NotFound("assessment", assessment_id)
    if assessment.status != DRAFT:
        raise Conflict("status", "the assessment is published already")
    form = form_of(assessment)
    assemble_paper(form, bank_for(session, assessment.organisation_id, form), seed=0)
    assessment.status = PUBLISHED
    assessment.published_at = utcnow()
    session.flush()
    return assessment


def get_assessment(session: Session, principal: Principal, assessment_id: uuid.UUID, path: str) -> Assessment:
    """A published assessment for anyone; a draft only for those who author in its organisation."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or (
        assessment.status != PUBLISHED and not principal.can(Permission.ASSESSMENTS_AUTHOR, path)
    ):
        raise NotFound("assessment", assessment_id)
    return assessment


def list_assessments(
    session: Session, principal: Principal, competency_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[Assessment]:
    stmt = select(Assessment).where(
        or_(
            Assessment.status == PUBLISHED,
            in_scope(Assessment.organisation_id, principal.scopes(Permission.ASSESSMENTS_AUTHOR)),
        )
    )
    if competency_id is not None:
        stmt = stmt.where(Assessment.competency_id == competency_id)
    return paginate(session, stmt, Assessment.id, cursor, limit)

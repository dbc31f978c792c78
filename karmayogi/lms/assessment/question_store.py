"""Each organisation's question bank in the database: writing versions, retiring, QuML import, reading back.

A question id names one question on the whole platform (Sunbird identifiers already do), and its
versions are rows that are never changed once written, except for the retirement mark on the
newest, so an attempt is always scored against the versions it showed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from karmayogi.frac.graph import FracGraph
from karmayogi.frac.model import fold_name
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, DomainError, InvalidInput, NotFound
from karmayogi.lms.frac import versions
from karmayogi.lms.organisations import organisation_path
from karmayogi.lms.orm import Organisation, QuestionVersion
from karmayogi.lms.permissions import Permission, Principal, Target

from . import quml
from .bank import QuestionBank
from .errors import QumlRejected, RejectedQuestion
from .forms import AssessmentForm
from .items import Question, QuestionStatus
from .serialisation import question_from_json, question_to_json


@dataclass(frozen=True)
class ImportedQuestion:
    """A question of an imported set and what the import did with it: added, revised or unchanged."""

    row: QuestionVersion
    change: str


@dataclass(frozen=True)
class QumlImport:
    identifier: str
    name: str
    sections: tuple[quml.ImportedSection, ...]
    questions: tuple[ImportedQuestion, ...]


def bank_path(session: Session, principal: Principal, organisation_id: uuid.UUID) -> str:
    """The path of the organisation whose bank the caller writes; refused unless they author there."""
    path = organisation_path(session, organisation_id)
    if path is None or not principal.can(Permission.ASSESSMENTS_AUTHOR, path):
        raise InvalidInput("organisation_id", f"no organisation {organisation_id} whose bank you may write")
    return path


def question_target(session: Session, question_id: str) -> Target:
    path = session.scalar(
        select(Organisation.path)
        .join(QuestionVersion, QuestionVersion.organisation_id == Organisation.id)
        .where(QuestionVersion.question_id == question_id)
        .limit(1)
    )
    if path is None:
        raise NotFound("question", question_id)
    return Target("question", question_id, path)


def as_question(row: QuestionVersion) -> Question:
    status = QuestionStatus.RETIRED if row.retired_at else QuestionStatus.ACTIVE
    return question_from_json(row.document, row.version, status)


def add_question(
    session: Session, principal: Principal, organisation_id: uuid.UUID, document: Mapping[str, Any]
) -> QuestionVersion:
    """Version 1 of a new question in the organisation's bank."""
    bank_path(session, principal, organisation_id)
    question = question_from_json(document)
    _check_tags(versions.newest(session)[1], question)
    if _versions(session, question.id):
        raise Conflict("id", f"question {question.id} exists already; add a version to change it")
    return _write(session, principal, organisation_id, question)


def revise_question(
    session: Session, principal: Principal, question_id: str, document: Mapping[str, Any]
) -> QuestionVersion:
    """The next version; papers already sat keep the version they showed."""
    latest = _latest(session, question_id)
    question = question_from_json(document, latest.version + 1)
    if question.id != question_id:
        raise InvalidInput("id", f"must be {question_id}, the question being revised")
    _check_tags(versions.newest(session)[1], question)
    return _write(session, principal, latest.organisation_id, question)


def retire_question(session: Session, question_id: str) -> QuestionVersion:
    """New papers stop drawing the question; every version stays to score the attempts that showed it."""
    latest = _latest(session, question_id)
    if latest.retired_at is not None:
        raise Conflict("question", f"{question_id} is retired already")
    latest.retired_at = utcnow()
    session.flush()
    return latest


def question_versions(session: Session, question_id: str) -> list[QuestionVersion]:
    rows = _versions(session, question_id)
    if not rows:
        raise NotFound("question", question_id)
    return rows


def import_question_set(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    document: Mapping[str, Any],
    competencies: Mapping[str, uuid.UUID],
) -> QumlImport:
    """Every question of a QuML set into the bank, or none of them.

    `competencies` maps `competencies_v3` ids (or names) to the dictionary; without an entry, a
    competency is found by its id, name or alternative label in the newest published FRAC. A
    question already in this bank gets a new version only if it changed; one that another
    organisation's bank holds is rejected with the rest.
    """
    bank_path(session, principal, organisation_id)
    _, graph = versions.newest(session)
    for key, competency_id in competencies.items():
        try:
            versions.check_level(graph, competency_id, 1)
        except InvalidInput as error:
            raise InvalidInput(f"competencies.{key}", error.reason) from None
    imported = quml.import_question_set(document, {**_dictionary(graph), **competencies})
    latest = _latest_of(session, [q.id for q in imported.questions])
    rejected = []
    for question in imported.questions:
        try:
            _check_tags(graph, question)
            held = latest.get(question.id)
            if held is not None and held.organisation_id != organisation_id:
                raise Conflict("identifier", "is a question of another organisation's bank")
        except DomainError as error:
            rejected.append(RejectedQuestion(question.id, str(error)))
    if rejected:
        raise QumlRejected(tuple(rejected))
    results = []
    for question in imported.questions:
        held = latest.get(question.id)
        if held is None:
            results.append(ImportedQuestion(_write(session, principal, organisation_id, question), "added"))
        elif _unchanged(held, question):
            results.append(ImportedQuestion(held, "unchanged"))
        else:
            revised = replace(question, version=held.version + 1)
            results.append(ImportedQuestion(_write(session, principal, organisation_id, revised), "revised"))
    return QumlImport(imported.identifier, imported.name, imported.sections, tuple(results))


def bank_for(session: Session, organisation_id: uuid.UUID, form: AssessmentForm) -> QuestionBank:
    """Every version of the bank's questions that the form names or whose newest version a pool may draw."""
    fixed = {qid for s in form.sections for qid in s.question_ids}
    pools = {(d.competency_id, d.level) for s in form.sections for d in s.draws}
    wanted: list[ColumnElement[bool]] = [QuestionVersion.question_id.in_(fixed)] if fixed else []
    wanted += [and_(QuestionVersion.competency_id == c, QuestionVersion.level == lv) for c, lv in pools]
    ids = select(QuestionVersion.question_id).where(
        QuestionVersion.organisation_id == organisation_id, or_(*wanted)
    )
    rows = session.scalars(
        select(QuestionVersion)
        .where(QuestionVersion.question_id.in_(ids))
        .order_by(QuestionVersion.question_id, QuestionVersion.version)
    )
    return QuestionBank(as_question(r) for r in rows)


def exact_versions(session: Session, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Question]:
    """The named versions, retired or not: what a paper or a level test showed."""
    pairs = sorted(set(wanted))
    if not pairs:
        return {}
    rows = session.scalars(
        select(QuestionVersion).where(tuple_(QuestionVersion.question_id, QuestionVersion.version).in_(pairs))
    )
    return {(r.question_id, r.version): as_question(r) for r in rows}


def _dictionary(graph: FracGraph) -> dict[str, uuid.UUID]:
    """QuML competency references the published dictionary answers to: ids, names, alternative labels."""
    names: dict[str, uuid.UUID] = {}
    for competency in graph.framework.competencies:
        if not competency.retired:
            for label in (competency.name, *competency.alt_labels):
                names.setdefault(fold_name(label), competency.id)
            names[str(competency.id)] = competency.id
    return names


def _check_tags(graph: FracGraph, question: Question) -> None:
    versions.check_level(graph, question.competency_id, question.level)


def _write(
    session: Session, principal: Principal, organisation_id: uuid.UUID, question: Question
) -> QuestionVersion:
    row = QuestionVersion(
        question_id=question.id,
        version=question.version,
        organisation_id=organisation_id,
        kind=question.kind.value,
        document=question_to_json(question),
        competency_id=question.competency_id,
        level=question.level,
        bloom=question.bloom.value,
        irt_a=question.irt.a if question.irt else None,
        irt_b=question.irt.b if question.irt else None,
        irt_c=question.irt.c if question.irt else None,
        created_by=principal.id if principal.kind == "user" else None,
        retired_at=utcnow() if question.status is QuestionStatus.RETIRED else None,
    )
    session.add(row)
    session.flush()
    return row


def _unchanged(held: QuestionVersion, question: Question) -> bool:
    same_status = (held.retired_at is not None) == (question.status is QuestionStatus.RETIRED)
    return same_status and held.document == question_to_json(question)


def _versions(session: Session, question_id: str) -> list[QuestionVersion]:
    return list(
        session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.question_id == question_id)
            .order_by(QuestionVersion.version)
        )
    )


def _latest(session: Session, question_id: str) -> QuestionVersion:
    return question_versions(session, question_id)[-1]


def _latest_of(session: Session, question_ids: list[str]) -> dict[str, QuestionVersion]:
    newest = (
        select(QuestionVersion.question_id, func.max(QuestionVersion.version).label("version"))
        .where(QuestionVersion.question_id.in_(question_ids))
        .group_by(QuestionVersion.question_id)
        .subquery()
    )
    rows = session.scalars(
        select(QuestionVersion).join(
            newest,
            and_(
                QuestionVersion.question_id == newest.c.question_id,
                QuestionVersion.version == newest.c.version,
            ),
        )
    )
    return {r.question_id: r for r in rows}

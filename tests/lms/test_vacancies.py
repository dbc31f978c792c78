"""Candidates for a position ranked on verified levels within scope; nothing personal moves a score."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from lms.decisions import conftest as decision_world
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms import vacancies
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import (
    Course,
    CourseCompetency,
    Position,
    PositionRole,
    ProfileLine,
    Requirement,
    Role,
    User,
)
from karmayogi.lms.permissions import PLATFORM_PATH, Permission
from karmayogi.lms.profiles import store as evidence
from karmayogi.lms.profiles.evidence import EvidenceSource

office = decision_world.office  # the fixture: an office with an official, HR cells and a FRAC
person = decision_world.person
PROTECTED = {"gender", "date_of_birth", "category", "religion", "home_state"}


def _vacant_post(session: Session, office) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A verified Section Officer post needing noting and drafting at level 3, and a course that builds it."""
    role = Role(name="Section in-charge", status="verified")
    post = Position(
        organisation_id=office.office, designation="Section Officer", pay_level=8, status="verified"
    )
    session.add_all([role, post])
    session.flush()
    session.add_all(
        [
            PositionRole(position_id=post.id, role_id=role.id),
            Requirement(role_id=role.id, competency_id=office.competency, level=3, weight=0.8),
            CourseCompetency(
                course_id=office.mandatory, competency_id=office.competency, level=3, status="confirmed"
            ),
        ]
    )
    session.flush()
    versions.publish(session, None, "FRAC 2026.2")
    return post.id


def _verified(
    session: Session,
    user_id: uuid.UUID,
    competency: uuid.UUID,
    level: int,
    source=EvidenceSource.ADAPTIVE_TEST,
):  # type: ignore[no-untyped-def]
    evidence.record(session, user_id, competency, level, source, "test", None)


def test_candidates_are_ranked_on_verified_levels_with_the_hours_to_close_the_rest(office):
    with office.db.transaction() as session:
        post = _vacant_post(session, office)
        strong = person(session, office.office, "strong", probation_status="confirmed")
        proposed = person(session, office.office, "proposed_only", probation_status="confirmed")
        elsewhere = person(session, office.other_department, "elsewhere", probation_status="confirmed")
        _verified(session, strong, office.competency, 4)
        _verified(session, proposed, office.competency, 5, EvidenceSource.COURSE_COMPLETION)
        _verified(session, elsewhere, office.competency, 5)
        paths = office.principal(session, "hr").scopes(Permission.PEOPLE_MANAGE)
        fits = vacancies.rank_candidates(session, paths, post)
        hours = session.get(Course, office.mandatory).learning_hours
    by_id = {f.officer_id: f for f in fits}
    assert fits[0].officer_id == strong and fits[0].coverage == 1.0 and fits[0].met[0].evidence_ids
    assert by_id[proposed].coverage == 0.0 and by_id[proposed].hours_to_close == hours
    assert [c.course_id for c in by_id[proposed].courses] == [office.mandatory]
    assert elsewhere not in by_id  # outside the HR cell's department
    assert office.people["official"] not in by_id  # still on probation


def test_a_position_without_verified_needs_is_refused_with_the_reason(office):
    with office.db.transaction() as session:
        post = Position(organisation_id=office.office, designation="Driver", pay_level=2)
        session.add(post)
        session.flush()
        with pytest.raises(InvalidInput, match="not in the verified FRAC") as refused:
            vacancies.rank_candidates(session, [PLATFORM_PATH], post.id)
        assert refused.value.field == "position_id"


def test_nothing_personal_changes_a_score(office):
    """The personnel record holds none of the protected attributes, and every other field of it that
    is not eligibility (name, email, joining, supervisor) changes no score."""
    assert not PROTECTED & set(User.__table__.columns.keys()), (
        "a protected attribute was added: vary it below"
    )
    with office.db.transaction() as session:
        post = _vacant_post(session, office)
        twins = [
            person(
                session,
                office.office,
                "twin_a",
                probation_status="confirmed",
                date_of_joining=date(1995, 1, 1),
            ),
            person(session, office.office, "twin_b", probation_status="confirmed"),
        ]
        for twin in twins:
            _verified(session, twin, office.competency, 2)
        before = {
            f.officer_id: (f.coverage, f.hours_to_close)
            for f in vacancies.rank_candidates(session, [PLATFORM_PATH], post)
        }
        other = session.get(User, twins[1])
        other.full_name, other.email = "Zeenat Baig", "z.baig@example.com"
        other.date_of_joining, other.supervisor_id = date(2024, 2, 29), office.people["director"]
        session.flush()
        after = {
            f.officer_id: (f.coverage, f.hours_to_close)
            for f in vacancies.rank_candidates(session, [PLATFORM_PATH], post)
        }
    assert before == after and before[twins[0]] == before[twins[1]]


def test_the_ranking_found_in_the_database_is_the_pure_rankings_order(office):
    """Summing the needs met in SQL gives exactly the order `fit.rank` gives over the same levels."""
    import random

    from karmayogi.lms.catalogue.embeddings import published_entries
    from karmayogi.lms.orm import Competency
    from karmayogi.recommender.fit import Candidate, VerifiedLevel, rank

    rng = random.Random(5)
    with office.db.transaction() as session:
        post = _vacant_post(session, office)
        role = session.scalar(select(PositionRole.role_id).where(PositionRole.position_id == post))
        extra = []
        for name in ("Budgeting", "Procurement", "Right to information"):
            competency = Competency(name=name, type="functional", status="verified")
            session.add(competency)
            session.flush()
            session.add(Requirement(role_id=role, competency_id=competency.id, level=2, weight=0.3))
            extra.append(competency.id)
        session.flush()
        versions.publish(session, None, "FRAC 2026.4")
        people = []
        for n in range(40):
            official = person(session, office.office, f"official_{n}", probation_status="confirmed")
            people.append(official)
            for competency in [office.competency, *extra]:
                if rng.random() < 0.5:
                    _verified(session, official, competency, rng.randint(1, 5))
        paths = office.principal(session, "hr").scopes(Permission.PEOPLE_MANAGE)
        requirements = vacancies.requirements_of(session, post)
        levels = {
            (line.user_id, line.competency_id): line.level
            for line in session.scalars(select(ProfileLine).where(ProfileLine.standing == "verified"))
        }
        candidates = [
            Candidate(
                p,
                {
                    r.competency_id: VerifiedLevel(levels[(p, r.competency_id)], ())
                    for r in requirements
                    if (p, r.competency_id) in levels
                },
            )
            for p in people
        ]
        for max_hours, limit in ((None, 50), (None, 7), (6.0, 50)):
            pure = rank(requirements, candidates, published_entries(session), max_hours, limit)
            found = [  # the fixture's own staff are candidates too, with nothing verified: last
                f
                for f in vacancies.rank_candidates(session, paths, post, max_hours=max_hours, limit=limit)
                if f.officer_id in people
            ]
            assert [(f.officer_id, f.coverage, f.hours_to_close) for f in found] == [
                (f.officer_id, f.coverage, f.hours_to_close) for f in pure
            ]


def test_the_requirements_met_stay_in_step_with_every_verified_change(office):
    """Once a set is filled, levels raised, lowered, proposed and confirmed change the kept masks
    exactly as ruling them afresh from the passbook lines would."""
    from karmayogi.lms.orm import Competency, RequirementSet, RequirementsMet

    with office.db.transaction() as session:
        post = _vacant_post(session, office)
        role = session.scalar(select(PositionRole.role_id).where(PositionRole.position_id == post))
        budgeting = Competency(name="Budgeting", type="functional", status="verified")
        session.add(budgeting)
        session.flush()
        session.add(Requirement(role_id=role, competency_id=budgeting.id, level=2, weight=0.3))
        session.flush()
        versions.publish(session, None, "FRAC 2026.4")
        early = person(session, office.office, "early", probation_status="confirmed")
        _verified(session, early, office.competency, 4)
        paths = office.principal(session, "hr").scopes(Permission.PEOPLE_MANAGE)
        vacancies.rank_candidates(session, paths, post)  # fills the set from the passbook
        late = person(session, office.office, "late", probation_status="confirmed")
        _verified(session, late, budgeting.id, 3)
        _verified(session, late, office.competency, 2)
        _verified(session, early, office.competency, 1)  # the lower of the last two tests: down to 1
        _verified(session, early, budgeting.id, 2, EvidenceSource.COURSE_COMPLETION)  # proposed only
        _verified(session, late, office.competency, 5, EvidenceSource.ASSESSMENT_RESULT)
        kept = {
            (user_id, mask)
            for user_id, mask in session.execute(select(RequirementsMet.user_id, RequirementsMet.mask))
        }
        needs = session.scalars(select(RequirementSet.requirements)).one()
        held = {
            (line.user_id, str(line.competency_id)): line.level
            for line in session.scalars(select(ProfileLine).where(ProfileLine.standing == "verified"))
        }
        ruled = {
            (user_id, sum(1 << i for i, (c, level) in enumerate(needs) if held.get((user_id, c), 0) >= level))
            for user_id, _ in held
        }
        fits = {f.officer_id: f.coverage for f in vacancies.rank_candidates(session, paths, post)}
    assert kept == {(u, mask) for u, mask in ruled if mask}
    assert (late, 0b11) in kept and early not in {u for u, _ in kept}
    assert fits[late] == 1.0 and fits[early] == 0.0

"""Posting an official to a vacancy: a decision with its frozen fit, the order in English and Hindi,
the service record moving on the effective date with its history, tenure, appeal, and re-planning."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from lms.decisions import conftest as decision_world
from lms.test_vacancies import _vacant_post, _verified
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import minilm
from karmayogi.lms import postings, recommendations, vacancies
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import letters, posting, store, workflow
from karmayogi.lms.decisions.entries import State
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import (
    Competency,
    Position,
    PositionRole,
    PostingHistory,
    PostingOrder,
    Requirement,
    Role,
    User,
    Vacancy,
)
from karmayogi.lms.permissions import Permission

office = decision_world.office
person = decision_world.person


def _old_post(session: Session, office) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """A verified Assistant post needing record keeping, so the official's needs before posting differ."""
    competency = Competency(name="Record keeping", type="functional", status="verified")
    role = Role(name="Registry clerk", status="verified")
    post = Position(organisation_id=office.office, designation="Assistant", pay_level=6, status="verified")
    session.add_all([competency, role, post])
    session.flush()
    session.add_all(
        [
            PositionRole(position_id=post.id, role_id=role.id),
            Requirement(role_id=role.id, competency_id=competency.id, level=2, weight=0.5),
        ]
    )
    session.flush()
    return post.id


def _world(session: Session, office, **vacancy: object):  # type: ignore[no-untyped-def]
    old = _old_post(session, office)
    post = _vacant_post(session, office)
    mover = person(
        session,
        office.office,
        "ravi_kumar",
        "learner",
        position_id=old,
        probation_status="confirmed",
        date_of_joining=date.today() - timedelta(days=900),
    )
    _verified(session, mover, office.competency, 2)
    principal = office.principal(session, "hr")
    eligibility = vacancies.Eligibility(**vacancy)  # type: ignore[arg-type]
    opened = vacancies.open_vacancy(session, principal, post, eligibility)
    return old, post, mover, opened.id


def _hr(session: Session, office):  # type: ignore[no-untyped-def]
    principal = office.principal(session, "hr")
    return principal, principal.scopes(Permission.PEOPLE_MANAGE)


def test_posting_moves_the_record_keeps_the_history_and_fills_the_vacancy(office):
    with office.db.transaction() as session:
        old, post, mover, vacancy = _world(session, office)
        principal, paths = _hr(session, office)
        case = postings.select_candidate(session, principal, paths, vacancy, mover, "Best verified fit")
        assert case.state is State.DECIDED and case.standing.actor_id == principal.id
        assert case.proposal.actor_id is None  # the system proposed, a person decided
        assert case.proposal.payload["fit"]["meets"] == [] and case.proposal.payload["fit"]["misses"]
        assert session.get(User, mover).position_id == post
        held = postings.history(session, mover)
        assert [(p.position_id, p.to_date) for p in held] == [(old, date.today()), (post, None)]
        assert held[0].from_date == date.today() - timedelta(days=900) and held[1].from_date == date.today()
        assert session.get(Vacancy, vacancy).status == "filled"
        other = person(session, office.office, "second", probation_status="confirmed")
        with pytest.raises(Conflict, match="filled"):
            postings.select_candidate(session, principal, paths, vacancy, other, "Also good")
        assert not list(store.verify(session, case.id))


def test_a_posting_ahead_takes_effect_on_its_date(office):
    ahead = date.today() + timedelta(days=10)
    with office.db.transaction() as session:
        old, post, mover, vacancy = _world(session, office)
        principal, paths = _hr(session, office)
        postings.select_candidate(session, principal, paths, vacancy, mover, "Needed from next month", ahead)
        assert session.get(User, mover).position_id == old
        assert posting.apply_due(session, ahead - timedelta(days=1)) == []
        applied = posting.apply_due(session, ahead)
        assert [o.user_id for o in applied] == [mover]
        assert session.get(User, mover).position_id == post
        assert posting.current_post(session, mover).from_date == ahead


def test_a_posting_needs_a_reason_an_eligible_official_in_scope_and_a_sound_date(office):
    with office.db.transaction() as session:
        _, _, mover, vacancy = _world(session, office)
        principal, paths = _hr(session, office)
        elsewhere = person(session, office.other_department, "elsewhere", probation_status="confirmed")
        with pytest.raises(NotFound):
            postings.select_candidate(session, principal, paths, vacancy, elsewhere, "Far away")
        with pytest.raises(InvalidInput, match="not eligible"):
            postings.select_candidate(
                session, principal, paths, vacancy, office.people["official"], "On probation"
            )
        with pytest.raises(InvalidInput) as refused:
            postings.select_candidate(session, principal, paths, vacancy, mover, "  ")
        assert refused.value.field == "reason"
        with pytest.raises(InvalidInput) as refused:
            postings.select_candidate(
                session, principal, paths, vacancy, mover, "Late", date.today() - timedelta(days=1)
            )
        assert refused.value.field == "effective_on"


def test_tenure_in_the_current_post_is_read_from_the_history(office):
    with office.db.transaction() as session:
        _, post, mover, _ = _world(session, office, min_tenure_months=24, max_tenure_months=60)
        principal, paths = _hr(session, office)
        recent = person(
            session,
            office.office,
            "recent",
            probation_status="confirmed",
            date_of_joining=date.today() - timedelta(days=2000),
        )
        # Joined long ago, but posted to their current post three months back: short tenure there.
        session.add(
            PostingHistory(
                user_id=recent,
                position_id=post,
                organisation_id=office.office,
                from_date=date.today() - timedelta(days=90),
            )
        )
        session.get(User, recent).position_id = None
        session.flush()
        ranked = {
            f.officer_id for f in vacancies.rank_for_vacancy(session, paths, _vacancy_of(session, post))
        }
        assert mover in ranked and recent not in ranked
        with pytest.raises(InvalidInput) as refused:
            vacancies.open_vacancy(
                session, principal, post, vacancies.Eligibility(min_tenure_months=30, max_tenure_months=12)
            )
        assert refused.value.field == "max_tenure_months"


def _vacancy_of(session: Session, post: uuid.UUID) -> uuid.UUID:
    return session.scalars(select(Vacancy.id).where(Vacancy.position_id == post)).one()


def test_an_appeal_upheld_posts_the_official_back(office):
    with office.db.transaction() as session:
        old, _, mover, vacancy = _world(session, office)
        principal, paths = _hr(session, office)
        case = postings.select_candidate(session, principal, paths, vacancy, mover, "Best fit")
        me = _principal_of(session, mover)
        with pytest.raises(PermissionDenied):
            workflow.appeal(session, principal, case.id, "Not me")
        workflow.appeal(session, me, case.id, "My parent needs care at my current station")
        with pytest.raises(PermissionDenied, match="other than the original decider"):
            workflow.redecide(session, principal, case.id, "reject", "Upheld")
        second = office.principal(session, "hr2")
        final = workflow.redecide(session, second, case.id, "reject", "Compassionate grounds upheld")
        assert final.state is State.REDECIDED
        assert session.get(User, mover).position_id == old
        assert session.get(Vacancy, vacancy).status == "open"
        order = session.scalar(select(PostingOrder).where(PostingOrder.case_id == case.id))
        assert order.cancelled_at is not None
        assert [p.position_id for p in postings.history(session, mover)][-1] == old


def _principal_of(session: Session, user_id: uuid.UUID):  # type: ignore[no-untyped-def]
    from karmayogi.lms.authentication import user_principal

    return user_principal(session, session.get(User, user_id))


def test_the_posting_order_is_html_and_a_pdf_that_carries_the_hindi(office):
    with office.db.transaction() as session:
        _, _, mover, vacancy = _world(session, office)
        principal, paths = _hr(session, office)
        case = postings.select_candidate(session, principal, paths, vacancy, mover, "Best verified fit")
        order = postings.order_of_case(session, case)
    page = letters.html(order)
    assert "Section Officer" in page and "तैनाती आदेश" in page and "Best verified fit" in page
    document = letters.pdf(order)
    assert document.startswith(b"%PDF") and b"NotoSansDevanagari" in document
    assert len(order.seal) == 64 and order.reference == str(case.id)


def test_the_gaps_and_learning_path_are_replanned_for_the_new_post(office):
    encoder = minilm()
    with office.db.transaction() as session:
        _, _, mover, vacancy = _world(session, office)
        versions.publish(session, None, "FRAC 2026.3")
        principal, paths = _hr(session, office)
        user = session.get(User, mover)
        before = recommendations.gaps(session, encoder, user)
        postings.select_candidate(session, principal, paths, vacancy, mover, "Best verified fit")
        session.refresh(user)
        after = recommendations.gaps(session, encoder, user)
        path = recommendations.learning_path(session, encoder, user, utcnow().date())
    assert [g["competency"] for g in before["items"]] == ["Record keeping"]
    assert [g["competency"] for g in after["items"]] == ["Noting and drafting"]
    # The path is planned for the new post's needs: each is closed by a course or named as still open.
    planned = {c["competency"] for step in path["items"] for c in step["closes"]}
    planned |= {g["competency"] for g in path["open_gaps"]}
    assert planned == {"Noting and drafting"}

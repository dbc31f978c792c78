"""Posting an official to a vacancy, the order it produces, the posting history, vacancy notices, and
searching officials by competency.

The HR cell selects a candidate with a reason. That is a decision in the one pattern: the system's
proposal freezes the candidate's fit as it stood (verified levels with their evidence ids, coverage,
hours to close, the eligibility asked), and the HR officer's decision, with its effective date,
follows at once. The official may appeal; someone else re-decides.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms import vacancies
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import letters, posting, store, workflow
from karmayogi.lms.decisions.entries import APPEAL_DAYS, MAX_REASON, Case, Kind, checked_text
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import (
    Competency,
    DecisionEntry,
    Organisation,
    Position,
    PostingHistory,
    PostingOrder,
    ProfileLine,
    User,
    Vacancy,
    VacancyNotice,
)
from karmayogi.lms.permissions import Principal

FIT_RULES = "deployment fit 1: verified levels only, weighted coverage, least hours to close"
MAX_NOTICES = 500
MAX_LEVEL = 5


def official_in_scope(session: Session, paths: list[str], user_id: uuid.UUID) -> User:
    """The official, when they lie in `paths`; otherwise not found, exactly as if they did not exist."""
    user = session.scalar(select(User).where(User.id == user_id, in_scope(User.organisation_id, paths)))
    if user is None:
        raise NotFound("official", user_id)
    return user


def select_candidate(
    session: Session,
    principal: Principal,
    paths: list[str],
    vacancy_id: uuid.UUID,
    user_id: uuid.UUID,
    reason: str,
    effective_on: date | None = None,
    appeal_days: int = APPEAL_DAYS,
) -> Case:
    """Post `user_id` to the vacancy: the system's proposal with the fit frozen, then the caller's decision.

    The vacancy is locked, so two HR officers posting to it at once are served one after the other,
    and the second finds it filled.
    """
    reason = checked_text(reason, "reason", MAX_REASON)
    if not reason:
        raise InvalidInput("reason", "a reason is required")
    details = posting.decision_details(
        "approve", {"effective_on": (effective_on or utcnow().date()).isoformat()}
    )
    vacancy = session.get(Vacancy, vacancy_id, with_for_update=True, populate_existing=True)
    if vacancy is None:
        raise NotFound("vacancy", vacancy_id)
    if vacancy.status != "open":
        raise Conflict("vacancy", "the vacancy has been filled")
    official_in_scope(session, paths, user_id)
    eligibility = vacancies.eligibility_of(vacancy)
    fits = vacancies.rank_candidates(session, paths, vacancy.position_id, eligibility, only=user_id)
    if not fits:
        raise InvalidInput("user_id", "the official is not eligible for this vacancy")
    fit = fits[0]
    user = session.get(User, user_id)
    assert user is not None
    frozen = {
        "vacancy_id": vacancy.id,
        "position_id": vacancy.position_id,
        "rules_version": FIT_RULES,
        "eligibility": {
            "pay_levels": vacancy.pay_levels,
            "services": vacancy.services,
            "not_on_probation": vacancy.not_on_probation,
            "min_tenure_months": vacancy.min_tenure_months,
            "max_tenure_months": vacancy.max_tenure_months,
        },
        "service_record": {
            "position_id": user.position_id,
            "organisation_id": user.organisation_id,
            "service": user.service,
            "probation_status": user.probation_status,
        },
        "fit": vacancies.fit_json(fit, {}),
    }
    key = f"vacancy {vacancy.id}"
    if store.find(session, Kind.POSTING, user_id, key) is not None:
        raise Conflict("vacancy", "this official has already been considered for this vacancy")
    case = store.open_case(session, Kind.POSTING, user_id, key, "approve", frozen, None, appeal_days)
    return workflow.decide(session, principal, case.id, "approve", reason, details)


def order_of_case(session: Session, case: Case) -> letters.PostingOrder:
    """The printable posting order of a decided posting."""
    order = session.scalar(select(PostingOrder).where(PostingOrder.case_id == case.id))
    standing = case.standing
    if case.kind is not Kind.POSTING or order is None or standing is None or standing.outcome != "approve":
        raise Conflict("order", "a posting order exists only for a decided posting")
    user = session.get(User, order.user_id)
    decider = session.get(User, standing.actor_id) if standing.actor_id else None
    position = session.get(Position, order.position_id)
    before = session.get(Position, order.from_position_id) if order.from_position_id else None
    seal = session.get(DecisionEntry, standing.id)
    assert user and decider and position and seal
    organisation = session.get(Organisation, position.organisation_id)
    assert organisation is not None
    return letters.PostingOrder(
        reference=str(case.id),
        name=user.full_name,
        from_designation=before.designation if before else "without a post",
        designation=position.designation,
        organisation=organisation.name,
        effective=order.effective_on,
        decided_by=decider.full_name,
        decided_on=standing.recorded_at.date(),
        reason=standing.reason,
        seal=seal.hash,
    )


@dataclass(frozen=True)
class Post:
    position_id: uuid.UUID
    designation: str
    organisation_id: uuid.UUID
    from_date: date | None
    to_date: date | None


def history(session: Session, user_id: uuid.UUID) -> list[Post]:
    """The posts the official has held, the current one last."""
    rows = session.execute(
        select(PostingHistory, Position.designation)
        .join(Position, Position.id == PostingHistory.position_id)
        .where(PostingHistory.user_id == user_id)
        .order_by(PostingHistory.to_date.is_(None), PostingHistory.to_date, PostingHistory.created_at)
    )
    return [Post(h.position_id, name, h.organisation_id, h.from_date, h.to_date) for h, name in rows]


def send_notices(
    session: Session, principal: Principal, paths: list[str], vacancy_id: uuid.UUID, max_hours: float
) -> list[VacancyNotice]:
    """Show the vacancy to every eligible official in scope who could fill it within `max_hours` of
    training; an official already told is not told twice."""
    vacancy = vacancies.get_vacancy(session, vacancy_id)
    if vacancy.status != "open":
        raise Conflict("vacancy", "the vacancy has been filled")
    fits = vacancies.rank_for_vacancy(session, paths, vacancy_id, max_hours, MAX_NOTICES)
    told = set(session.scalars(select(VacancyNotice.user_id).where(VacancyNotice.vacancy_id == vacancy_id)))
    sent = [
        VacancyNotice(
            vacancy_id=vacancy_id,
            user_id=f.officer_id,
            coverage=f.coverage,
            hours_to_close=f.hours_to_close,
            sent_by=principal.id if principal.kind == "user" else None,
        )
        for f in fits
        if f.officer_id not in told
    ]
    session.add_all(sent)
    session.flush()
    return sent


@dataclass(frozen=True)
class NoticeView:
    vacancy_id: uuid.UUID
    designation: str
    organisation: str
    coverage: float
    hours_to_close: float
    open: bool
    created_at: object


def notices_for(session: Session, user_id: uuid.UUID) -> list[NoticeView]:
    rows = session.execute(
        select(VacancyNotice, Vacancy.status, Position.designation, Organisation.name)
        .join(Vacancy, Vacancy.id == VacancyNotice.vacancy_id)
        .join(Position, Position.id == Vacancy.position_id)
        .join(Organisation, Organisation.id == Vacancy.organisation_id)
        .where(VacancyNotice.user_id == user_id)
        .order_by(VacancyNotice.created_at.desc())
    )
    return [
        NoticeView(n.vacancy_id, name, org, n.coverage, n.hours_to_close, status == "open", n.created_at)
        for n, status, name, org in rows
    ]


@dataclass(frozen=True)
class Match:
    user_id: uuid.UUID
    full_name: str
    organisation_id: uuid.UUID
    level: int
    evidence_ids: tuple[str, ...]


def search_officials(
    session: Session, paths: list[str], competency_id: uuid.UUID, min_level: int, limit: int = 50
) -> list[Match]:
    """Officials in scope at `min_level` or above in the competency on verified evidence, highest first."""
    if not 1 <= min_level <= MAX_LEVEL:
        raise InvalidInput("min_level", f"must be from 1 to {MAX_LEVEL}")
    if not 1 <= limit <= vacancies.MAX_LIMIT:
        raise InvalidInput("limit", f"must be from 1 to {vacancies.MAX_LIMIT}")
    if session.get(Competency, competency_id) is None:
        raise InvalidInput("competency_id", f"no competency {competency_id}")
    rows = session.execute(
        select(User.id, User.full_name, User.organisation_id, ProfileLine.level, ProfileLine.evidence_ids)
        .join(ProfileLine, ProfileLine.user_id == User.id)
        .where(
            in_scope(User.organisation_id, paths),
            User.is_active.is_(True),
            ProfileLine.competency_id == competency_id,
            ProfileLine.standing == "verified",
            ProfileLine.level >= min_level,
        )
        .order_by(ProfileLine.level.desc(), User.full_name, User.id)
        .limit(limit)
    )
    return [Match(i, name, org, level, tuple(str(e) for e in ids)) for i, name, org, level, ids in rows]

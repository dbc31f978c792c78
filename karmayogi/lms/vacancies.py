"""Candidates for a position, ranked by deployment fit on verified competencies.

Candidates are the active officials in the caller's scope (a grant above the department reaches
across departments), less those who already hold the position, narrowed by the eligibility asked
for: pay levels, services, and not on probation. Only verified passbook levels are read, and no
personal attribute is: the ranking (`karmayogi.recommender.fit`) sees an id and levels.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import Session

from karmayogi.frac.graph import ResolvedRequirement, UnknownNode
from karmayogi.lms.catalogue.embeddings import Published, published
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions.entries import checked_text
from karmayogi.lms.decisions.probation_rules import add_months
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.frac import versions
from karmayogi.lms.organisations import in_scope, organisation_path, path_of
from karmayogi.lms.orm import (
    Position,
    PostingHistory,
    ProfileLine,
    RequirementsMet,
    User,
    Vacancy,
)
from karmayogi.lms.permissions import Permission, Principal, Target
from karmayogi.lms.profiles import requirements_met
from karmayogi.recommender.fit import Candidate, Closer, Fit, VerifiedLevel, fit, rank

MAX_LIMIT = 500
MAX_PAY_LEVEL = 18  # the pay matrix's levels
MAX_TENURE_MONTHS = 480


@dataclass(frozen=True)
class Eligibility:
    pay_levels: tuple[int, ...] = ()  # of the candidate's current position; empty for any
    services: tuple[str, ...] = ()  # empty for any
    not_on_probation: bool = True
    min_tenure_months: int | None = None  # in the current post, counted from the posting history
    max_tenure_months: int | None = None


def vacancy_target(session: Session, vacancy_id: uuid.UUID) -> Target:
    return Target("vacancy", vacancy_id, path_of(session, Vacancy, vacancy_id, "vacancy"))


def open_vacancy(
    session: Session, principal: Principal, position_id: uuid.UUID, eligibility: Eligibility
) -> Vacancy:
    """Open a vacancy for a position in the caller's scope; refused unless the FRAC says what it needs."""
    position = session.get(Position, position_id)
    path = organisation_path(session, position.organisation_id) if position else None
    if position is None or path is None or not principal.can(Permission.PEOPLE_MANAGE, path):
        raise InvalidInput("position_id", f"no position {position_id} within your scope")
    requirements_of(session, position_id)
    services = [checked_text(s, f"services[{i}]", 120) for i, s in enumerate(eligibility.services)]
    for i, level in enumerate(eligibility.pay_levels):
        if not 1 <= level <= MAX_PAY_LEVEL:
            raise InvalidInput(f"pay_levels[{i}]", f"must be a pay level from 1 to {MAX_PAY_LEVEL}")
    _check_tenure(eligibility)
    vacancy = Vacancy(
        position_id=position_id,
        organisation_id=position.organisation_id,
        pay_levels=sorted(set(eligibility.pay_levels)),
        services=sorted(set(services)),
        not_on_probation=eligibility.not_on_probation,
        min_tenure_months=eligibility.min_tenure_months,
        max_tenure_months=eligibility.max_tenure_months,
        opened_by=principal.id if principal.kind == "user" else None,
    )
    session.add(vacancy)
    session.flush()
    return vacancy


def _check_tenure(eligibility: Eligibility) -> None:
    low, high = eligibility.min_tenure_months, eligibility.max_tenure_months
    for name, value in (("min_tenure_months", low), ("max_tenure_months", high)):
        if value is not None and not 0 <= value <= MAX_TENURE_MONTHS:
            raise InvalidInput(name, f"must be from 0 to {MAX_TENURE_MONTHS} months")
    if low is not None and high is not None and low > high:
        raise InvalidInput("max_tenure_months", "must not be below min_tenure_months")


def eligibility_of(vacancy: Vacancy) -> Eligibility:
    return Eligibility(
        tuple(vacancy.pay_levels),
        tuple(vacancy.services),
        vacancy.not_on_probation,
        vacancy.min_tenure_months,
        vacancy.max_tenure_months,
    )


def get_vacancy(session: Session, vacancy_id: uuid.UUID) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound("vacancy", vacancy_id)
    return vacancy


def list_vacancies(session: Session, paths: list[str]) -> list[Vacancy]:
    return list(
        session.scalars(
            select(Vacancy).where(in_scope(Vacancy.organisation_id, paths)).order_by(Vacancy.opened_at.desc())
        )
    )


def rank_for_vacancy(
    session: Session, paths: list[str], vacancy_id: uuid.UUID, max_hours: float | None = None, limit: int = 50
) -> list[Fit]:
    vacancy = get_vacancy(session, vacancy_id)
    return rank_candidates(session, paths, vacancy.position_id, eligibility_of(vacancy), max_hours, limit)


def requirements_of(session: Session, position_id: uuid.UUID) -> list[ResolvedRequirement]:
    """The position's resolved requirements in the newest published FRAC, or why there are none."""
    try:
        number, graph = versions.newest(session)
    except (NotFound, InvalidInput):
        raise InvalidInput(
            "position_id", "no FRAC version has been published, so no position has verified needs"
        ) from None
    try:
        requirements = graph.resolved_requirements(position_id)
    except UnknownNode:
        raise InvalidInput(
            "position_id", f"the position is not in the verified FRAC (version {number})"
        ) from None
    if not requirements:
        raise InvalidInput(
            "position_id", f"the position has no competency requirements in FRAC version {number}"
        )
    return requirements


def rank_candidates(
    session: Session,
    paths: list[str],
    position_id: uuid.UUID,
    eligibility: Eligibility = Eligibility(),
    max_hours: float | None = None,
    limit: int = 50,
    only: uuid.UUID | None = None,
    today: date | None = None,
) -> list[Fit]:
    """Eligible officials in `paths` ranked by fit; `only` narrows to one official (to freeze their fit)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", f"must be from 1 to {MAX_LIMIT}")
    if max_hours is not None and not 0 <= max_hours <= 10_000:
        raise InvalidInput("max_hours", "must be from 0 to 10000")
    for i, service in enumerate(eligibility.services):
        checked_text(service, f"services[{i}]", 120)
    _check_tenure(eligibility)
    requirements = requirements_of(session, position_id)
    people = (
        select(User.id)
        .outerjoin(Position, Position.id == User.position_id)
        .where(
            in_scope(User.organisation_id, paths),
            User.is_active.is_(True),
            (User.position_id != position_id) | User.position_id.is_(None),
        )
    )
    if eligibility.pay_levels:
        people = people.where(Position.pay_level.in_(eligibility.pay_levels))
    if eligibility.services:
        people = people.where(User.service.in_(eligibility.services))
    if eligibility.not_on_probation:
        people = people.where(User.probation_status.in_(("confirmed", "not_applicable")))
    if eligibility.min_tenure_months is not None or eligibility.max_tenure_months is not None:
        today = today or utcnow().date()
        held = (
            select(PostingHistory.from_date)
            .where(PostingHistory.user_id == User.id, PostingHistory.to_date.is_(None))
            .limit(1)
            .scalar_subquery()
        )
        since = func.coalesce(held, User.date_of_joining)
        if eligibility.min_tenure_months is not None:
            people = people.where(since <= add_months(today, -eligibility.min_tenure_months))
        if eligibility.max_tenure_months is not None:
            people = people.where(since >= add_months(today, -eligibility.max_tenure_months))
    if only is not None:
        people = people.where(User.id == only)
    if only is None and len(requirements) <= requirements_met.MAX_REQUIREMENTS:
        return _rank_by_masks(session, people, requirements, max_hours, limit)
    levels: dict[uuid.UUID, dict[uuid.UUID, VerifiedLevel]] = {i: {} for i in session.scalars(people)}
    needed = [r.competency_id for r in requirements]
    verified = select(ProfileLine.user_id, ProfileLine.competency_id, ProfileLine.level).where(
        ProfileLine.user_id.in_(people),
        ProfileLine.competency_id.in_(needed),
        ProfileLine.standing == "verified",
    )
    for user_id, competency_id, level in session.execute(verified):
        levels[user_id][competency_id] = VerifiedLevel(level, ())
    candidates = [Candidate(i, held) for i, held in levels.items()]
    fits = rank(requirements, candidates, published(session).entries, max_hours, limit)
    return _with_evidence(session, fits)


def _rank_by_masks(
    session: Session,
    people: Select[tuple[uuid.UUID]],
    requirements: list[ResolvedRequirement],
    max_hours: float | None,
    limit: int,
) -> list[Fit]:
    """The same order as `fit.rank`, read from the requirement set's masks: the masks held are scored
    (coverage, then the least-hours cover of the rest) best coverage first, and for each score only the
    first `limit` eligible officials by id are read from the mask index, until the limit is reached."""
    set_id = requirements_met.requirement_set(session, requirements)
    closer = _closer(tuple(requirements), published(session))
    weight = sum(r.weight for r in requirements) or 1.0
    by_coverage: dict[float, list[tuple[int, frozenset[int]]]] = {}
    for bits in {0, *requirements_met.masks_present(session, set_id)}:
        missed = frozenset(i for i in range(len(requirements)) if not bits >> i & 1)
        share = sum(r.weight for i, r in enumerate(requirements) if i not in missed) / weight
        by_coverage.setdefault(round(share, 6), []).append((bits, missed))
    # Within a coverage level the order turns on hours, then id, so each score's first `wanted` by id
    # is all the level can put in the list; weaker levels are not read once the limit is reached.
    found: list[tuple[tuple[float, bool, float], uuid.UUID]] = []
    for coverage in sorted(by_coverage, reverse=True):
        if len(found) >= limit:
            break
        wanted = limit - len(found)
        scores: dict[tuple[float, bool, float], list[int]] = {}
        for bits, missed in by_coverage[coverage]:
            _, hours, unclosed = closer.close(missed)
            closing = None if unclosed else hours
            if max_hours is not None and (closing is None or closing > max_hours):
                continue
            scores.setdefault((-coverage, closing is None, closing or 0.0), []).append(bits)
        for score, masks in scores.items():
            found.extend((score, user_id) for user_id in _holding(session, people, set_id, masks, wanted))
    chosen = [user_id for _, user_id in sorted(found, key=lambda r: (r[0], r[1].int))[:limit]]
    needed = [r.competency_id for r in requirements]
    levels: dict[uuid.UUID, dict[uuid.UUID, VerifiedLevel]] = {i: {} for i in chosen}
    if chosen:
        for user_id, competency_id, level, evidence in session.execute(
            select(
                ProfileLine.user_id, ProfileLine.competency_id, ProfileLine.level, ProfileLine.evidence_ids
            ).where(
                ProfileLine.user_id.in_(chosen),
                ProfileLine.competency_id.in_(needed),
                ProfileLine.standing == "verified",
            )
        ):
            levels[user_id][competency_id] = VerifiedLevel(level, tuple(str(e) for e in evidence))
    return [fit(Candidate(i, levels[i]), closer) for i in chosen]


def _holding(
    session: Session, people: Select[tuple[uuid.UUID]], set_id: uuid.UUID, masks: list[int], wanted: int
) -> list[uuid.UUID]:
    """The first `wanted` eligible officials by id for each of `masks` (0: in no row of the set).

    One limited read per mask: on (set, mask) the index hands officials over in id order, where an
    IN list of masks would have the database read the whole set in id order or sort every holder."""
    met = RequirementsMet
    reads = [
        people.join(met, met.user_id == User.id)
        .where(met.requirement_set_id == set_id, met.mask == bits)
        .order_by(met.user_id)
        .limit(wanted)
        if bits
        else people.where(
            ~select(met.user_id).where(met.requirement_set_id == set_id, met.user_id == User.id).exists()
        )
        .order_by(User.id)
        .limit(wanted)
        for bits in masks
    ]
    return list(session.scalars(union_all(*(select(read.subquery()) for read in reads))))


@functools.lru_cache(maxsize=512)
def _closer(requirements: tuple[ResolvedRequirement, ...], offered: Published) -> Closer:
    """One `Closer` per position's requirements and published catalogue, kept warm across calls: its
    covers are solved once, not on every ranking. A catalogue change is a new key. Only the courses
    tagged with a required competency can close one, so only they are given (in catalogue order, as
    the covers' ties are broken by it): a few hundred, where reading all 10,000 took most of a
    ranking's time."""
    return Closer(requirements, offered.tagged_with(r.competency_id for r in requirements))


def _with_evidence(session: Session, fits: list[Fit]) -> list[Fit]:
    """The evidence ids behind each met need, read for the candidates shown only."""
    wanted = {(f.officer_id, m.competency_id) for f in fits for m in f.met}
    if not wanted:
        return fits
    evidence = {
        (user_id, competency_id): tuple(str(e) for e in ids)
        for user_id, competency_id, ids in session.execute(
            select(ProfileLine.user_id, ProfileLine.competency_id, ProfileLine.evidence_ids).where(
                ProfileLine.user_id.in_({u for u, _ in wanted}),
                ProfileLine.competency_id.in_({c for _, c in wanted}),
            )
        )
    }
    return [
        dataclasses.replace(
            f,
            met=tuple(
                dataclasses.replace(m, evidence_ids=evidence.get((f.officer_id, m.competency_id), ()))
                for m in f.met
            ),
        )
        for f in fits
    ]


def fit_json(fit: Fit, names: dict[uuid.UUID, str]) -> dict[str, object]:
    """A candidate's fit with its explanation, as the API and the CLI give it."""
    return {
        "officer_id": str(fit.officer_id),
        "full_name": names.get(fit.officer_id, ""),
        "coverage": fit.coverage,
        "hours_to_close": fit.hours_to_close,
        "meets": [
            {
                "competency_id": str(m.competency_id),
                "competency": m.name,
                "needed": m.needed,
                "held": m.held,
                "evidence_ids": list(m.evidence_ids),
            }
            for m in fit.met
        ],
        "misses": [
            {"competency_id": str(m.competency_id), "competency": m.name, "needed": m.needed, "held": m.held}
            for m in fit.missed
        ],
        "courses": [{"course_id": str(c.course_id), "title": c.title, "hours": c.hours} for c in fit.courses],
        "no_course_for": [str(c) for c in fit.no_course_for],
    }


def names_of(session: Session, fits: list[Fit]) -> dict[uuid.UUID, str]:
    ids = [f.officer_id for f in fits]
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(ids))) if ids else []
    return {ident: name for ident, name in rows}

"""Deployment fit: verified coverage of a position's needs, least hours to close the rest, explained."""

from __future__ import annotations

import dataclasses
import uuid

from hypothesis import given
from hypothesis import strategies as st

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import ResolvedRequirement
from karmayogi.frac.model import CompetencyType
from karmayogi.recommender.fit import Candidate, VerifiedLevel, rank

DRAFTING, PROCUREMENT, AUDIT = (uuid.UUID(int=n) for n in (1, 2, 3))
NEEDS = [
    ResolvedRequirement(DRAFTING, "Noting and drafting", CompetencyType.FUNCTIONAL, 3, 0.6, (), ()),
    ResolvedRequirement(PROCUREMENT, "Public procurement", CompetencyType.FUNCTIONAL, 2, 0.3, (), ()),
    ResolvedRequirement(AUDIT, "Audit", CompetencyType.DOMAIN, 2, 0.1, (), ()),
]
PROVIDER = uuid.UUID(int=99)


def course(n: int, hours: float, *tags: tuple[uuid.UUID, int]) -> CatalogueEntry:
    return CatalogueEntry(
        uuid.UUID(int=100 + n), PROVIDER, "ISTM", f"course {n}", learning_hours=hours, competencies=tags
    )


COURSES = [
    course(1, 10, (PROCUREMENT, 2), (AUDIT, 2)),
    course(2, 4, (PROCUREMENT, 3)),
    course(3, 4, (AUDIT, 2)),
    course(4, 1, (PROCUREMENT, 1)),  # too low a level to close the need
]


def person(n: int, **levels: int) -> Candidate:
    ids = {"drafting": DRAFTING, "procurement": PROCUREMENT, "audit": AUDIT}
    return Candidate(
        uuid.UUID(int=1000 + n), {ids[k]: VerifiedLevel(v, (f"ev-{n}-{k}",)) for k, v in levels.items()}
    )


def test_coverage_weighs_needs_met_at_level_and_hours_come_from_the_least_hours_cover():
    (fit,) = rank(NEEDS, [person(1, drafting=3, procurement=1)], COURSES)
    assert fit.coverage == 0.6
    assert [m.competency_id for m in fit.met] == [DRAFTING] and fit.met[0].evidence_ids == ("ev-1-drafting",)
    assert [(m.competency_id, m.held) for m in fit.missed] == [(PROCUREMENT, 1), (AUDIT, 0)]
    assert fit.hours_to_close == 8 and {c.title for c in fit.courses} == {"course 2", "course 3"}


def test_best_fit_first_then_fewest_hours_and_needs_no_course_closes_last():
    full = person(1, drafting=4, procurement=2, audit=2)
    two_courses = person(2, drafting=3)
    one_course = person(3, drafting=3, audit=2)
    nothing = person(4)
    fits = rank(NEEDS, [nothing, two_courses, full, one_course], COURSES)
    assert [f.officer_id for f in fits] == [
        full.officer_id,
        one_course.officer_id,
        two_courses.officer_id,
        nothing.officer_id,
    ]
    assert (fits[0].coverage, fits[0].hours_to_close, fits[0].courses) == (1.0, 0.0, ())
    assert fits[1].hours_to_close == 4 and fits[3].hours_to_close is None
    assert fits[3].no_course_for == (DRAFTING,)
    assert [
        f.officer_id for f in rank(NEEDS, [nothing, two_courses, full, one_course], COURSES, max_hours=5)
    ] == [
        full.officer_id,
        one_course.officer_id,
    ]


def test_a_candidate_is_an_id_and_verified_levels_and_nothing_personal():
    assert {f.name for f in dataclasses.fields(Candidate)} == {"officer_id", "levels"}


@given(
    st.lists(
        st.fixed_dictionaries(
            {"drafting": st.integers(0, 5), "procurement": st.integers(0, 5), "audit": st.integers(0, 5)}
        ),
        min_size=1,
        max_size=6,
    )
)
def test_scores_depend_on_levels_alone_whatever_order_candidates_come_in(pool):
    candidates = [person(n, **{k: v for k, v in levels.items() if v}) for n, levels in enumerate(pool)]
    forward = {f.officer_id: (f.coverage, f.hours_to_close) for f in rank(NEEDS, candidates, COURSES)}
    backward = {f.officer_id: (f.coverage, f.hours_to_close) for f in rank(NEEDS, candidates[::-1], COURSES)}
    assert forward == backward
    for n, levels in enumerate(pool):
        (alone,) = rank(NEEDS, [candidates[n]], COURSES)
        assert (alone.coverage, alone.hours_to_close) == forward[candidates[n].officer_id], levels


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=8),
    st.integers(1, 8),
    st.sampled_from([None, 4.0, 10.0]),
)
def test_a_limited_ranking_is_the_head_of_the_full_one(pool, limit, max_hours):
    names = ("drafting", "procurement", "audit")
    candidates = [
        person(n, **{k: v for k, v in zip(names, levels, strict=True) if v}) for n, levels in enumerate(pool)
    ]
    full = rank(NEEDS, candidates, COURSES, max_hours)
    assert rank(NEEDS, candidates, COURSES, max_hours, limit) == full[:limit]

"""The plan draft's course selection is the true optimum on small cases (checked by brute force),
and competencies are chosen by shortfall raised by national priorities."""

from __future__ import annotations

import itertools
import random
import uuid

import pytest

from karmayogi.recommender.plan_cover import (
    CourseOption,
    DepartmentNeed,
    choose_competencies,
    competency_scores,
    course_cost,
    select_courses,
)


def _brute_force(needs, options, rupees_per_hour):
    closable = {i for i, n in enumerate(needs) if any(o.closes(n) for o in options)}
    best = None
    for size in range(len(options) + 1):
        for subset in itertools.combinations(options, size):
            closed = {i for i, n in enumerate(needs) if any(o.closes(n) for o in subset)}
            if closed >= closable:
                cost = sum(course_cost(o, rupees_per_hour) for o in subset)
                best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_selection_equals_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    competencies = [uuid.UUID(int=i + 1) for i in range(rng.randint(2, 6))]
    needs = [
        DepartmentNeed(c, rng.randint(1, 4), rng.randint(1, 50), rng.uniform(0.5, 20)) for c in competencies
    ]
    options = [
        CourseOption(
            uuid.UUID(int=100 + j),
            rng.choice([1, 2, 3, 5, 8, 13]),
            rng.choice([0, 0, 20_000, 150_000]),
            {c: rng.randint(1, 5) for c in rng.sample(competencies, rng.randint(1, len(competencies)))},
        )
        for j in range(rng.randint(2, 9))
    ]
    chosen = select_courses(needs, options, rupees_per_hour=500)
    assert chosen.cover.proven_optimal
    assert chosen.objective == pytest.approx(_brute_force(needs, options, 500))
    picked = [o for o in options if o.course_id in chosen.course_ids]
    for need in chosen.covered:
        assert any(o.closes(need) for o in picked)
    for need in chosen.uncovered:
        assert not any(o.closes(need) for o in options)


def test_price_counts_against_hours():
    need = DepartmentNeed(uuid.UUID(int=1), 2, 10, 10.0)
    cheap_long = CourseOption(uuid.UUID(int=2), 6, 0, {need.competency_id: 2})
    dear_short = CourseOption(uuid.UUID(int=3), 4, 200_000, {need.competency_id: 3})  # 4 h + 4 h of price
    assert select_courses([need], [cheap_long, dear_short], 500).course_ids == (cheap_long.course_id,)
    assert select_courses([need], [cheap_long, dear_short], 5_000).course_ids == (dear_short.course_id,)


def test_national_priorities_and_extra_weights_raise_a_competency():
    a, b = uuid.UUID(int=1), uuid.UUID(int=2)
    needs = [DepartmentNeed(a, 2, 10, 10.0), DepartmentNeed(b, 2, 8, 8.0)]
    assert choose_competencies(competency_scores(needs, {}), 1) == [a]
    assert choose_competencies(competency_scores(needs, {b: 1.0}), 1) == [b]
    assert choose_competencies(competency_scores(needs, {}, {b: 0.5}), 1) == [b]

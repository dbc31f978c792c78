"""Learning paths: the set cover is optimal, the order respects prerequisites, the weeks fit the budget."""

from __future__ import annotations

import dataclasses
import itertools
import math
import uuid
from datetime import date
from random import Random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recommender_builders import course, nid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.paths import (
    Prerequisites,
    cover_gaps,
    greedy_cover,
    must_precede,
    mutually_dependent,
    order_courses,
    prerequisite_violations,
    schedule_weeks,
)
from karmayogi.recommender.profile import CompetencyStanding, CourseProgress, MandatedCourse, OfficerProfile

SECTION_OFFICER = nid("Section Officer (Procurement)")
MONDAY = date(2025, 4, 7)


def brute_force(hours: list[float], covers: list[frozenset[int]]) -> float:
    everything = frozenset().union(*covers)
    best = math.inf
    for size in range(len(covers) + 1):
        for chosen in itertools.combinations(range(len(covers)), size):
            if frozenset().union(*(covers[i] for i in chosen)) == everything:
                best = min(best, sum(hours[i] for i in chosen))
    return best


cover_cases = st.integers(1, 7).flatmap(
    lambda elements: st.lists(
        st.tuples(
            st.integers(1, 40).map(lambda tenths: tenths / 2),
            st.frozensets(st.integers(0, elements - 1), min_size=1, max_size=elements),
        ),
        min_size=1,
        max_size=10,
    )
)


@settings(max_examples=150, deadline=None)
@given(cover_cases)
def test_set_cover_optimum_equals_brute_force(case: list[tuple[float, frozenset[int]]]) -> None:
    hours = [h for h, _ in case]
    covers = [c for _, c in case]

    solution = cover_gaps(hours, covers)

    assert solution.proven_optimal
    assert solution.hours == pytest.approx(brute_force(hours, covers))
    assert frozenset().union(*(covers[i] for i in solution.chosen)) == frozenset().union(*covers)
    assert solution.greedy_hours >= solution.hours - 1e-9
    assert solution.greedy_gap == pytest.approx(solution.greedy_hours / solution.hours - 1)
    assert solution.bound_gap == 0.0


def test_the_greedy_gap_says_how_far_greedy_was_from_the_optimum() -> None:
    # Greedy first takes the 3-element set (cheapest per element), then still needs {2, 3}.
    covers = [frozenset({0, 1}), frozenset({2, 3}), frozenset({0, 1, 2})]
    hours = [1.0, 1.0, 1.2]

    assert greedy_cover(hours, covers) == [1, 2]
    solution = cover_gaps(hours, covers)
    assert solution.chosen == (0, 1)
    assert solution.hours == 2.0
    assert solution.greedy_hours == pytest.approx(2.2)
    assert solution.greedy_gap == pytest.approx(0.1)


def competency(i: int) -> uuid.UUID:
    return uuid.UUID(int=i + 1)


@st.composite
def prerequisite_graphs(draw: st.DrawFn, multi_tag: bool) -> tuple[Prerequisites, list[CatalogueEntry]]:
    """A random prerequisite DAG (edges follow a random order of the competencies) and courses on it."""
    size = draw(st.integers(1, 8))
    rank = draw(st.permutations(range(size)))
    pairs = [
        (competency(a), competency(b))
        for a in range(size)
        for b in range(size)
        if rank[a] < rank[b] and draw(st.booleans())
    ]
    tags = st.tuples(st.integers(0, size - 1), st.integers(1, 5))
    courses = []
    for i in range(draw(st.integers(0, 9))):
        built = draw(st.lists(tags, min_size=1, max_size=3 if multi_tag else 1, unique_by=lambda t: t[0]))
        courses.append(
            CatalogueEntry(
                id=uuid.UUID(int=1000 + i),
                provider_id=uuid.UUID(int=999),
                provider="Test Institute",
                title=f"Course {draw(st.integers(0, 3))}",
                competencies=tuple((competency(c), level) for c, level in built),
            )
        )
    return Prerequisites(pairs), courses


@settings(max_examples=200, deadline=None)
@given(prerequisite_graphs(multi_tag=False), st.randoms(use_true_random=False))
def test_no_course_comes_before_its_prerequisites(
    case: tuple[Prerequisites, list[CatalogueEntry]], random: Random
) -> None:
    prerequisites, courses = case
    shuffled = list(courses)
    random.shuffle(shuffled)

    ordered = order_courses(shuffled, prerequisites)

    assert sorted(c.id.int for c in ordered) == sorted(c.id.int for c in courses)
    assert prerequisite_violations(ordered, prerequisites) == []
    assert ordered == order_courses(list(reversed(shuffled)), prerequisites)  # input order does not matter


@settings(max_examples=200, deadline=None)
@given(prerequisite_graphs(multi_tag=True))
def test_courses_building_several_competencies_keep_every_order_that_can_be_kept(
    case: tuple[Prerequisites, list[CatalogueEntry]],
) -> None:
    prerequisites, courses = case
    constraints = nx.DiGraph()
    constraints.add_nodes_from(range(len(courses)))
    constraints.add_edges_from(
        (a, b)
        for a in range(len(courses))
        for b in range(len(courses))
        if a != b and must_precede(courses[a], courses[b], prerequisites)
    )
    cyclic = {n for group in nx.strongly_connected_components(constraints) if len(group) > 1 for n in group}

    ordered = order_courses(courses, prerequisites)

    assert sorted(c.id.int for c in ordered) == sorted(c.id.int for c in courses)
    assert prerequisite_violations(ordered, prerequisites) == []
    assert mutually_dependent(ordered, prerequisites) == len(cyclic)
    place = {course.id: i for i, course in enumerate(ordered)}
    for a, b in constraints.edges:
        if not nx.has_path(constraints, b, a):  # b does not also depend on a
            assert place[courses[a].id] < place[courses[b].id]


def test_mutually_dependent_courses_stay_together_and_are_counted() -> None:
    x, y, z = competency(0), competency(1), competency(2)
    one = dataclasses.replace(course("One"), competencies=((x, 3), (y, 2)))
    other = dataclasses.replace(course("Other"), competencies=((y, 3), (x, 2)))
    after = dataclasses.replace(course("After"), competencies=((z, 1),))
    prerequisites = Prerequisites([(x, z)])

    ordered = order_courses([after, one, other], prerequisites)

    assert [c.title for c in ordered] == ["One", "Other", "After"]
    assert mutually_dependent(ordered, prerequisites) == 2
    assert prerequisite_violations(ordered, prerequisites) == []
    assert prerequisite_violations([after, one, other], prerequisites) == [
        (after.id, one.id),
        (after.id, other.id),
    ]


def test_level_order_and_transitive_prerequisites() -> None:
    a, b, c = competency(0), competency(1), competency(2)
    prerequisites = Prerequisites([(a, b), (b, c)])
    basic = course("X Basic", hours=1)
    basic = dataclasses.replace(basic, competencies=((c, 1),))
    advanced = dataclasses.replace(course("X Advanced"), competencies=((c, 3),))
    foundation = dataclasses.replace(course("A Foundation"), competencies=((a, 2),))

    ordered = order_courses([advanced, basic, foundation], prerequisites)

    # A is a prerequisite of C through B; level 1 of C before level 3.
    assert [entry.title for entry in ordered] == ["A Foundation", "X Basic", "X Advanced"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0.0, 30.0, allow_nan=False), max_size=12),
    st.floats(0.5, 10.0, allow_nan=False),
)
def test_the_schedule_never_exceeds_the_weekly_budget(hours: list[float], weekly: float) -> None:
    pieces = schedule_weeks(hours, weekly)

    load: dict[int, float] = {}
    for course_hours, parts in zip(hours, pieces, strict=True):
        assert sum(h for _, h in parts) == pytest.approx(course_hours, abs=1e-6)
        weeks = [week for week, _ in parts]
        assert weeks == list(range(weeks[0], weeks[0] + len(weeks)))  # a course runs in consecutive weeks
        for week, h in parts:
            load[week] = load.get(week, 0.0) + h
    assert all(h <= weekly + 1e-6 for h in load.values())
    starts = [parts[0][0] for parts in pieces]
    assert starts == sorted(starts)
    if hours:
        assert max(load) <= math.ceil(sum(hours) / weekly - 1e-9) + 1


def meera(**changes: object) -> OfficerProfile:
    profile = OfficerProfile(
        nid("Officer Meera"),
        SECTION_OFFICER,
        (CompetencyStanding(nid("Public Procurement"), 1, verified=True),),
        weekly_hours=3.0,
    )
    return dataclasses.replace(profile, **changes)  # type: ignore[arg-type]


def test_the_path_closes_every_gap_in_the_fewest_hours(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    path = Recommender().fit(graph, catalogue).plan(meera(), MONDAY)

    titles = [step.title for step in path.steps]
    # The 9-hour bootcamp closes procurement and contracts together, cheaper than 6 + 4 hours.
    assert sorted(titles) == [
        "Buying on GeM",
        "Integrity in Public Service",
        "Procurement and Contracts Bootcamp",
    ]
    assert path.total_hours == 13.0
    assert path.cover.proven_optimal and path.cover.method == "highs"
    assert {g.name for g in path.closed_gaps} == {
        "Public Procurement",
        "Contract Management",
        "GeM Portal Operations",
        "Integrity",
    }
    assert path.open_gaps == ()
    # GeM builds on procurement, which the bootcamp teaches.
    assert titles.index("Procurement and Contracts Bootcamp") < titles.index("Buying on GeM")
    assert path == Recommender().fit(graph, catalogue).plan(meera(), MONDAY)


def test_mandated_courses_come_first_by_due_date_with_their_prerequisites_pulled_forward(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    officer = meera(
        mandated=(
            MandatedCourse(nid("Noting and Drafting for Officers"), date(2025, 9, 30), "ACBP 2025"),
            MandatedCourse(nid("Contracts after the Award"), date(2025, 6, 30), "ACBP 2025"),
        )
    )
    path = Recommender().fit(graph, catalogue).plan(officer, MONDAY)
    titles = [step.title for step in path.steps]

    # Contracts (due first) builds on procurement, so the course closing procurement goes before it.
    assert titles[:3] == [
        "Public Procurement in Practice",
        "Contracts after the Award",
        "Noting and Drafting for Officers",
    ]
    assert path.steps[1].mandate is not None and not path.steps[1].late
    by_id = {entry.id: entry for entry in catalogue}
    in_order = [by_id[step.course_id] for step in path.steps]
    assert prerequisite_violations(in_order, Prerequisites.of(graph.framework)) == []


def test_a_mandated_course_the_budget_cannot_fit_in_time_is_flagged_late(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    officer = meera(
        weekly_hours=1.0,
        mandated=(MandatedCourse(nid("Noting and Drafting for Officers"), date(2025, 4, 14)),),
    )
    step = Recommender().fit(graph, catalogue).plan(officer, MONDAY).steps[0]

    assert step.title == "Noting and Drafting for Officers"
    assert step.weeks == ((1, 1.0), (2, 1.0), (3, 1.0))
    assert step.finishes_on == date(2025, 4, 27)
    assert step.late


def test_the_path_is_replanned_from_progress_and_new_evidence(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    recommender = Recommender().fit(graph, catalogue)
    before = recommender.plan(meera(), MONDAY)

    underway = meera(in_progress=(CourseProgress(nid("Procurement and Contracts Bootcamp"), 6.0),))
    after_progress = recommender.plan(underway, MONDAY)
    bootcamp = next(s for s in after_progress.steps if s.title == "Procurement and Contracts Bootcamp")
    assert bootcamp.hours == 3.0
    assert after_progress.total_hours == before.total_hours - 6.0

    assessed = meera(
        standings=(
            CompetencyStanding(nid("Public Procurement"), 3, verified=True),
            CompetencyStanding(nid("Contract Management"), 2, verified=True),
        )
    )
    after_evidence = recommender.plan(assessed, MONDAY)
    assert "Procurement and Contracts Bootcamp" not in [s.title for s in after_evidence.steps]


def test_gaps_no_course_closes_are_reported_open(graph: FracGraph, catalogue: list[CatalogueEntry]) -> None:
    without_integrity = [c for c in catalogue if c.title != "Integrity in Public Service"]
    path = Recommender().fit(graph, without_integrity).plan(meera(), MONDAY)

    assert [g.name for g in path.open_gaps] == ["Integrity"]

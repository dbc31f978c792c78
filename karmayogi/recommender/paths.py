"""Learning paths: which courses, in what order, in which weeks.

1. Mandated courses are in the path whatever they close.
2. The gaps they leave open are closed in the fewest learning hours: a weighted set cover, solved
   exactly as an integer programme by HiGHS (`highspy`) under a time limit, with a greedy answer
   beside it. Only confirmed tags at or above the needed level count as closing a gap; a course
   matched by its text alone might not teach the level, so it is recommended but never planned.
   The path reports how far greedy was from the optimum and the solver's own bound gap.
3. Courses are ordered so that none comes before its prerequisites: a course building competency
   A goes before one building B when A is (transitively) a prerequisite of B, and a course
   building X at level 2 before one building X at level 3. Among the courses that are free to go
   next, mandated ones come first by due date, then the heaviest gaps; a course that a mandated
   one waits on takes that urgency, so prerequisites are pulled forward, never skipped. Courses
   that depend on each other both ways are kept together (see `order_courses`).
4. The ordered courses are laid into weeks against the officer's weekly hours.

The plan is a pure function of its inputs, so re-planning after progress, new evidence or a new
plan is calling it again; equal inputs give the same path.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import math
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx
import numpy as np

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import prerequisite_digraph
from karmayogi.frac.model import Framework
from karmayogi.recommender.candidates import built_levels
from karmayogi.recommender.gaps import Gap
from karmayogi.recommender.profile import MandatedCourse

_EPSILON = 1e-9


class Prerequisites:
    """Competency prerequisite edges (prerequisite → dependant), with the transitive closure of
    each competency kept on first use; build once per framework version."""

    def __init__(self, pairs: Iterable[tuple[uuid.UUID, uuid.UUID]] = ()) -> None:
        self._graph = nx.DiGraph(list(pairs))
        self._before: dict[uuid.UUID, frozenset[uuid.UUID]] = {}

    @classmethod
    def of(cls, framework: Framework) -> Prerequisites:
        return cls(prerequisite_digraph(framework).edges)

    def before(self, competency_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """Every competency to hold before this one."""
        cached = self._before.get(competency_id)
        if cached is None:
            cached = (
                frozenset(nx.ancestors(self._graph, competency_id))
                if competency_id in self._graph
                else frozenset()
            )
            self._before[competency_id] = cached
        return cached


def must_precede(first: CatalogueEntry, then: CatalogueEntry, prerequisites: Prerequisites) -> bool:
    """Whether `first` builds something `then` builds on: a prerequisite, or a lower level of the same."""
    return _precedes(built_levels(first), built_levels(then), _needs(built_levels(then), prerequisites))


def _needs(levels: Mapping[uuid.UUID, int], prerequisites: Prerequisites) -> frozenset[uuid.UUID]:
    """The competencies a course building `levels` builds on."""
    return frozenset().union(*(prerequisites.before(c) for c in levels))


def _precedes(
    first: Mapping[uuid.UUID, int], then: Mapping[uuid.UUID, int], then_needs: frozenset[uuid.UUID]
) -> bool:
    return any(then.get(c, 0) > level for c, level in first.items()) or not then_needs.isdisjoint(first)


def _constraints(courses: Sequence[CatalogueEntry], prerequisites: Prerequisites) -> nx.DiGraph:
    """Course numbers as nodes, an edge a → b where a must precede b."""
    levels = [built_levels(course) for course in courses]
    needs = [_needs(built, prerequisites) for built in levels]
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(courses)))
    graph.add_edges_from(
        (a, b)
        for a in range(len(courses))
        for b in range(len(courses))
        if a != b and _precedes(levels[a], levels[b], needs[b])
    )
    return graph


def order_courses(
    courses: Sequence[CatalogueEntry],
    prerequisites: Prerequisites,
    due: Mapping[uuid.UUID, date] | None = None,
    urgency: Mapping[uuid.UUID, float] | None = None,
) -> list[CatalogueEntry]:
    """The courses in learning order: prerequisites first; otherwise those `due` first by date, then
    the most `urgent` (heaviest gap weight); a course takes the urgency of the most urgent course
    that waits on it.

    Courses can depend on each other both ways (one builds X at 3 and Y at 2, the other Y at 3 and
    X at 2), and then no order satisfies both. Such mutually dependent courses are kept together,
    ordered by urgency, and every dependency between them and the rest is still respected."""
    due = due or {}
    urgency = urgency or {}

    def own_key(i: int) -> tuple[int, int, float, str, int]:
        course = courses[i]
        deadline = due.get(course.id)
        if deadline is not None:
            return (0, deadline.toordinal(), 0.0, course.title, course.id.int)
        return (1, 0, -urgency.get(course.id, 0.0), course.title, course.id.int)

    own = [own_key(i) for i in range(len(courses))]
    condensed = nx.condensation(_constraints(courses, prerequisites))
    members = {
        group: sorted(data["members"], key=own.__getitem__) for group, data in condensed.nodes(data=True)
    }
    first = {group: own[numbers[0]] for group, numbers in members.items()}
    inherited = {
        group: min([first[group], *(first[later] for later in nx.descendants(condensed, group))])
        for group in condensed
    }
    groups = nx.lexicographical_topological_sort(
        condensed, key=lambda group: (inherited[group], first[group])
    )
    return [courses[i] for group in groups for i in members[group]]


def prerequisite_violations(
    courses: Sequence[CatalogueEntry], prerequisites: Prerequisites
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(course, later course it should have come after) for every pair out of order; [] for a good
    path. Mutually dependent courses (see `order_courses`) cannot all be in order and are not counted:
    `mutually_dependent` counts them."""
    graph = _constraints(courses, prerequisites)
    group = _groups(graph)
    return [(courses[i].id, courses[j].id) for j, i in graph.edges if i < j and group[i] != group[j]]


def mutually_dependent(courses: Sequence[CatalogueEntry], prerequisites: Prerequisites) -> int:
    """How many of the courses depend, directly or through others, on a course that depends on them."""
    group = _groups(_constraints(courses, prerequisites))
    sizes = Counter(group.values())
    return sum(1 for i in group if sizes[group[i]] > 1)


def _groups(graph: nx.DiGraph) -> dict[int, int]:
    return {node: g for g, nodes in enumerate(nx.strongly_connected_components(graph)) for node in nodes}


def schedule_weeks(hours: Sequence[float], weekly_hours: float) -> list[tuple[tuple[int, float], ...]]:
    """Per course, in order, its (week, hours) pieces: each course starts where the one before it
    ended and no week holds more than `weekly_hours`. Weeks are numbered from 1."""
    if not weekly_hours > 0:
        raise ValueError(f"weekly_hours: {weekly_hours} must be above 0")
    week, used = 1, 0.0
    pieces: list[tuple[tuple[int, float], ...]] = []
    for course_hours in hours:
        left = max(course_hours, 0.0)
        parts = []
        while True:
            piece = min(left, weekly_hours - used)
            parts.append((week, piece))
            used += piece
            left -= piece
            if used >= weekly_hours - _EPSILON:
                week, used = week + 1, 0.0
            if left <= _EPSILON:
                break
        pieces.append(tuple(parts))
    return pieces


@dataclass(frozen=True)
class CoverSolution:
    chosen: tuple[int, ...]  # indices of the chosen sets, ascending
    hours: float
    proven_optimal: bool
    method: str  # "highs", or "greedy" when the solver found nothing better within its time limit
    greedy_hours: float
    # greedy hours / optimal hours - 1, when the optimum is proven; None otherwise.
    greedy_gap: float | None
    # (answer - solver's lower bound) / answer: 0 when proven, above 0 when stopped by the time
    # limit, None when the solver stopped without any cover.
    bound_gap: float | None
    solve_ms: float = field(compare=False)  # timing, not part of the answer


def greedy_cover(hours: Sequence[float], covers: Sequence[frozenset[int]]) -> list[int]:
    """The classic greedy: take the set with the fewest hours per newly covered element, then drop
    sets the others have made redundant (costliest first). Ascending indices."""
    uncovered = set().union(*covers) if covers else set()
    chosen: list[int] = []
    while uncovered:
        best, best_ratio = -1, math.inf
        for i, cover in enumerate(covers):
            new = len(cover & uncovered)
            if new and hours[i] / new < best_ratio:
                best, best_ratio = i, hours[i] / new
        chosen.append(best)
        uncovered -= covers[best]
    for i in sorted(chosen, key=lambda i: (-hours[i], -i)):
        others = set().union(*(covers[j] for j in chosen if j != i))
        if covers[i] <= others:
            chosen.remove(i)
    return sorted(chosen)


def _reduce(hours: Sequence[float], covers: Sequence[frozenset[int]]) -> list[int]:
    """Sets worth offering the solver: the cheapest of each identical cover, without those another
    set covers at no more hours. The optimum of the rest is an optimum of the whole."""
    cheapest: dict[frozenset[int], int] = {}
    for i, cover in enumerate(covers):
        if cover and (cover not in cheapest or hours[i] < hours[cheapest[cover]]):
            cheapest[cover] = i
    kept = sorted(cheapest.values(), key=lambda i: (hours[i], -len(covers[i]), i))
    holding: dict[int, list[int]] = {}
    for i in kept:
        for element in covers[i]:
            holding.setdefault(element, []).append(i)
    reduced = []
    for i in kept:
        element = next(iter(covers[i]))
        dominated = any(j != i and hours[j] <= hours[i] and covers[i] < covers[j] for j in holding[element])
        if not dominated:
            reduced.append(i)
    return sorted(reduced)


def cover_gaps(
    hours: Sequence[float], covers: Sequence[Iterable[int]], time_limit_s: float = 1.0
) -> CoverSolution:
    """The fewest hours of sets that together cover every element any of them covers."""
    started = time.perf_counter()
    sets = [frozenset(c) for c in covers]
    candidates = _reduce(hours, sets)
    greedy = [
        candidates[i] for i in greedy_cover([hours[i] for i in candidates], [sets[i] for i in candidates])
    ]
    greedy_hours = float(sum(hours[i] for i in greedy))
    chosen, method, proven, bound_gap = greedy, "greedy", not greedy, 0.0 if not greedy else None
    if greedy:
        solved = _solve_exactly([hours[i] for i in candidates], [sets[i] for i in candidates], time_limit_s)
        if solved is not None:
            picked, proven, bound = solved
            exact = [candidates[i] for i in picked]
            if proven or sum(hours[i] for i in exact) < greedy_hours:
                chosen, method = exact, "highs"
            answer = float(sum(hours[i] for i in chosen))
            bound_gap = 0.0 if proven or answer <= _EPSILON else max(0.0, (answer - bound) / answer)
    total = float(sum(hours[i] for i in chosen))
    return CoverSolution(
        chosen=tuple(sorted(chosen)),
        hours=total,
        proven_optimal=proven,
        method=method,
        greedy_hours=greedy_hours,
        greedy_gap=(greedy_hours / total - 1.0 if total > _EPSILON else 0.0) if proven else None,
        bound_gap=bound_gap,
        solve_ms=(time.perf_counter() - started) * 1000,
    )


_FIRST_SOLVER = threading.Lock()


def _silence_highs_banner() -> None:
    """HiGHS prints a banner on stdout when a process makes its first solver; make that one with
    stdout pointed at /dev/null, so a CLI writing JSON to stdout stays clean."""
    with _FIRST_SOLVER:
        _make_first_solver()


@functools.cache
def _make_first_solver() -> None:
    import highspy

    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).fflush(None)  # the banner sits in C's stdout buffer until flushed
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


def _solve_exactly(
    hours: Sequence[float], covers: Sequence[frozenset[int]], time_limit_s: float
) -> tuple[list[int], bool, float] | None:
    """(chosen sets, proven optimal, lower bound) from HiGHS, or None when it found no cover in time."""
    import highspy

    _silence_highs_banner()
    elements = sorted(set().union(*covers))
    row = {element: r for r, element in enumerate(elements)}
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("time_limit", float(time_limit_s))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    lp = highspy.HighsLp()
    lp.num_col_ = len(hours)
    lp.num_row_ = len(elements)
    lp.col_cost_ = np.asarray(hours, dtype=np.float64)
    lp.col_lower_ = np.zeros(len(hours))
    lp.col_upper_ = np.ones(len(hours))
    lp.row_lower_ = np.ones(len(elements))
    lp.row_upper_ = np.full(len(elements), highspy.kHighsInf)
    starts, indices = [0], []
    for cover in covers:
        indices += sorted(row[element] for element in cover)
        starts.append(len(indices))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(indices))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(hours)
    highs.passModel(lp)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    if info.primal_solution_status != 2:  # 2: a feasible solution
        return None
    values = highs.getSolution().col_value
    picked = [i for i, value in enumerate(values) if value > 0.5]
    return picked, status == highspy.HighsModelStatus.kOptimal, float(info.mip_dual_bound)


@dataclass(frozen=True)
class OfferedCourse:
    """A course the planner may put in the path, with the hours still to do."""

    entry: CatalogueEntry
    hours_left: float
    mandate: MandatedCourse | None = None


@dataclass(frozen=True)
class PathStep:
    course_id: uuid.UUID
    title: str
    hours: float  # still to do
    closes: tuple[Gap, ...]
    mandate: MandatedCourse | None
    weeks: tuple[tuple[int, float], ...]  # (week, hours) pieces, weeks counted from 1
    finishes_on: date

    @property
    def late(self) -> bool:
        """A mandated course the schedule cannot finish by its due date."""
        return self.mandate is not None and self.finishes_on > self.mandate.due


@dataclass(frozen=True)
class LearningPath:
    officer_id: uuid.UUID
    steps: tuple[PathStep, ...]
    closed_gaps: tuple[Gap, ...]
    open_gaps: tuple[Gap, ...]  # no offered course closes them; a case for a content request
    cover: CoverSolution
    weekly_hours: float

    @property
    def total_hours(self) -> float:
        return sum(step.hours for step in self.steps)

    @property
    def weeks(self) -> int:
        return max((step.weeks[-1][0] for step in self.steps), default=0)


def plan_learning_path(
    officer_id: uuid.UUID,
    gaps: Sequence[Gap],
    offered: Sequence[OfferedCourse],
    prerequisites: Prerequisites,
    weekly_hours: float,
    starts_on: date,
    time_limit_s: float = 1.0,
) -> LearningPath:
    """The officer's path: every mandated course, plus the fewest hours of the others that close
    every gap some course can close; ordered, then scheduled from `starts_on`."""
    number = {gap: g for g, gap in enumerate(gaps)}
    gaps_of: dict[uuid.UUID, list[Gap]] = {}
    for gap in gaps:
        gaps_of.setdefault(gap.competency_id, []).append(gap)

    def closing(course: OfferedCourse) -> tuple[Gap, ...]:
        closed = [
            gap
            for competency, level in built_levels(course.entry).items()
            for gap in gaps_of.get(competency, ())
            if level >= gap.needed_level
        ]
        return tuple(sorted(closed, key=number.__getitem__))

    closes = {course.entry.id: closing(course) for course in offered}
    mandated = [course for course in offered if course.mandate is not None]
    optional = [course for course in offered if course.mandate is None]
    closed_by_mandate = {gap for course in mandated for gap in closes[course.entry.id]}
    covers = [
        frozenset(number[gap] for gap in closes[c.entry.id] if gap not in closed_by_mandate) for c in optional
    ]
    cover = cover_gaps([c.hours_left for c in optional], covers, time_limit_s)
    in_path = mandated + [optional[i] for i in cover.chosen]
    by_id = {course.entry.id: course for course in in_path}
    ordered = order_courses(
        [course.entry for course in in_path],
        prerequisites,
        due={c.entry.id: c.mandate.due for c in mandated if c.mandate is not None},
        urgency={course_id: sum(g.weight for g in closes[course_id]) for course_id in by_id},
    )
    weeks = schedule_weeks([by_id[entry.id].hours_left for entry in ordered], weekly_hours)
    steps = tuple(
        PathStep(
            course_id=entry.id,
            title=entry.title,
            hours=by_id[entry.id].hours_left,
            closes=closes[entry.id],
            mandate=by_id[entry.id].mandate,
            weeks=pieces,
            finishes_on=starts_on + timedelta(days=7 * pieces[-1][0] - 1),
        )
        for entry, pieces in zip(ordered, weeks, strict=True)
    )
    closed = {gap for step in steps for gap in step.closes}
    return LearningPath(
        officer_id=officer_id,
        steps=steps,
        closed_gaps=tuple(gap for gap in gaps if gap in closed),
        open_gaps=tuple(gap for gap in gaps if gap not in closed),
        cover=cover,
        weekly_hours=weekly_hours,
    )

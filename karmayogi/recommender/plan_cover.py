"""A department's plan draft as pure computation: which competencies to prioritise from its staff's
gaps, and the set of courses that closes them at the least hours and cost.

A need is a (competency, level) that some officials fall short of; its score is the shortfall in
levels, times each requirement's FRAC weight, raised by the national priority weight of the
competency (and by any extra weights, such as a grievance signal). The chosen needs are covered by
courses as a weighted set cover solved by the same least-hours solver as a learner's path, with
each course costing its hours plus its price turned into hours at `rupees_per_hour`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from karmayogi.recommender.paths import CoverSolution, cover_gaps

DEFAULT_RUPEES_PER_HOUR = 500.0  # how many rupees of price weigh as much as one learning hour


@dataclass(frozen=True)
class DepartmentNeed:
    competency_id: uuid.UUID
    level: int
    officials: int  # how many officials fall short of it
    shortfall: float  # sum over those officials of (level - their level) x requirement weight


@dataclass(frozen=True)
class CourseOption:
    course_id: uuid.UUID
    hours: float
    price_paise: int
    levels: Mapping[uuid.UUID, int]  # competency -> level the course builds

    def closes(self, need: DepartmentNeed) -> bool:
        return self.levels.get(need.competency_id, 0) >= need.level


@dataclass(frozen=True)
class CourseSelection:
    course_ids: tuple[uuid.UUID, ...]
    covered: tuple[DepartmentNeed, ...]
    uncovered: tuple[DepartmentNeed, ...]  # no offered course closes them: a case for a content request
    objective: float  # hours + price in hours of the chosen set
    cover: CoverSolution


def competency_scores(
    needs: Sequence[DepartmentNeed],
    priority_weights: Mapping[uuid.UUID, float],
    extra_weights: Mapping[uuid.UUID, float] | None = None,
) -> dict[uuid.UUID, float]:
    """Each competency's score: its needs' shortfall x (1 + national priority weight + extra weight)."""
    extra = extra_weights or {}
    scores: dict[uuid.UUID, float] = {}
    for need in needs:
        boost = 1.0 + priority_weights.get(need.competency_id, 0.0) + extra.get(need.competency_id, 0.0)
        scores[need.competency_id] = scores.get(need.competency_id, 0.0) + need.shortfall * boost
    return scores


def choose_competencies(scores: Mapping[uuid.UUID, float], limit: int) -> list[uuid.UUID]:
    """The `limit` highest-scoring competencies; ties broken by id so the same inputs give the same plan."""
    ranked = sorted(scores, key=lambda c: (-scores[c], str(c)))
    return [c for c in ranked[:limit] if scores[c] > 0]


def course_cost(option: CourseOption, rupees_per_hour: float) -> float:
    return option.hours + option.price_paise / 100 / rupees_per_hour


def select_courses(
    needs: Sequence[DepartmentNeed],
    options: Sequence[CourseOption],
    rupees_per_hour: float = DEFAULT_RUPEES_PER_HOUR,
    time_limit_s: float = 2.0,
) -> CourseSelection:
    """The cheapest set of courses that together close every need some course can close."""
    if not rupees_per_hour > 0:
        raise ValueError(f"rupees_per_hour: {rupees_per_hour} must be above 0")
    covers = [frozenset(i for i, need in enumerate(needs) if option.closes(need)) for option in options]
    costs = [course_cost(option, rupees_per_hour) for option in options]
    cover = cover_gaps(costs, covers, time_limit_s)
    chosen = [options[i] for i in cover.chosen]
    closed = set().union(*(covers[i] for i in cover.chosen)) if cover.chosen else set()
    return CourseSelection(
        course_ids=tuple(o.course_id for o in chosen),
        covered=tuple(n for i, n in enumerate(needs) if i in closed),
        uncovered=tuple(n for i, n in enumerate(needs) if i not in closed),
        objective=cover.hours,
        cover=cover,
    )

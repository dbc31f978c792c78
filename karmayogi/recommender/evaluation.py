"""Offline evaluation: simulated officers, the leave-last-out protocol, metrics and two baselines.

The simulator stands in for enrolment logs the project does not have yet. Each officer holds a
position (a few positions hold many officers, as in a real service), true levels below and at
what the position needs, and sometimes a desired next position. They then enrol, one course
after another:

- `gap_driven_share` of the time for one of their remaining gaps (chosen by gap weight), in a
  course that truly builds it above their level, preferring the level needed, appealing courses,
  and courses the officers of the gap's role favour (a per-role taste, shared by every position
  holding that role: the peer effect);
- otherwise whatever is popular across the service (the popularity a baseline can exploit).

A course is completed with its latent quality as probability, which raises the officer's true
levels to the levels it builds, and completed courses are sometimes rated (higher for better
courses). The profile the recommender sees is noisy: some levels verified, some self-declared
within one level of the truth, the rest unknown. `true_tags` lets the simulator know what weakly
tagged courses really build, which the recommender can only find by text similarity.

Protocol: every officer's last enrolment is held out; the recommender is built from all other
feedback and asked for the officer's top `k` as their profile stood before it.
"""

from __future__ import annotations

import itertools
import math
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.index import VectorIndex
from karmayogi.frac.graph import FracGraph, ResolvedRequirement
from karmayogi.recommender.feedback import Feedback, FeedbackKind
from karmayogi.recommender.gaps import DEFAULT_CAREER_WEIGHT
from karmayogi.recommender.paths import (
    LearningPath,
    Prerequisites,
    mutually_dependent,
    prerequisite_violations,
)
from karmayogi.recommender.profile import CompetencyStanding, CourseProgress, OfficerProfile

Tags = tuple[tuple[uuid.UUID, int], ...]


@dataclass(frozen=True)
class SimulationSettings:
    officers: int = 2_000
    enrolments: tuple[int, int] = (3, 8)  # fewest and most per officer, the held-out one included
    gap_driven_share: float = 0.8
    peer_taste: float = 1.0  # spread (log scale) of a role's taste for each course; 0: no peer effect
    appeal_spread: float = 1.0  # spread (log scale) of a course's appeal across the service
    verified_share: float = 0.5
    self_declared_share: float = 0.3
    desired_position_share: float = 0.2
    position_skew: float = 0.8  # Zipf exponent of officers per position
    seed: int = 0


@dataclass(frozen=True)
class SimulatedOfficer:
    profile: OfficerProfile  # as it stood before the held-out enrolment
    history: tuple[uuid.UUID, ...]  # every enrolment in order; the last is held out

    @property
    def held_out(self) -> uuid.UUID:
        return self.history[-1]


@dataclass(frozen=True)
class Simulation:
    officers: tuple[SimulatedOfficer, ...]
    feedback: tuple[Feedback, ...]  # everything but the held-out enrolments, for training
    settings: SimulationSettings


class _Catalogue:
    """The simulator's view of the courses: latent appeal and quality, and who truly builds what."""

    def __init__(
        self,
        entries: Sequence[CatalogueEntry],
        true_tags: Mapping[uuid.UUID, Tags],
        rng: np.random.Generator,
        appeal_spread: float,
    ) -> None:
        self.entries = entries
        log_appeal = rng.normal(0.0, appeal_spread, len(entries))
        self.appeal = np.exp(log_appeal)
        self.quality = 1.0 / (1.0 + np.exp(-(0.5 * log_appeal + rng.normal(0.3, 0.6, len(entries)))))
        self.cumulative_appeal = np.cumsum(self.appeal)
        self.tags = [true_tags.get(entry.id, entry.competencies) for entry in entries]
        building: dict[uuid.UUID, tuple[list[int], list[int]]] = {}
        for number, tags in enumerate(self.tags):
            for competency_id, level in tags:
                courses, levels = building.setdefault(competency_id, ([], []))
                courses.append(number)
                levels.append(level)
        self.building = {c: (np.array(cs), np.array(ls)) for c, (cs, ls) in building.items()}

    def popular(self, rng: np.random.Generator, taken: set[int]) -> int:
        while True:
            number = int(np.searchsorted(self.cumulative_appeal, rng.random() * self.cumulative_appeal[-1]))
            if number not in taken:
                return number


def simulate(
    graph: FracGraph,
    entries: Sequence[CatalogueEntry],
    settings: SimulationSettings = SimulationSettings(),
    true_tags: Mapping[uuid.UUID, Tags] | None = None,
) -> Simulation:
    """Officers with enrolment histories consistent with their gaps and their peers; deterministic
    for a given seed."""
    rng = np.random.default_rng(settings.seed)
    catalogue = _Catalogue(entries, true_tags or {}, rng, settings.appeal_spread)
    positions = [p.id for p in graph.framework.positions if graph.resolved_requirements(p.id)]
    if not positions or len(entries) < settings.enrolments[1]:
        raise ValueError(
            "the simulation needs positions with requirements and more courses than enrolments per officer"
        )
    order = rng.permutation(len(positions))
    share = 1.0 / (np.arange(1, len(positions) + 1) ** settings.position_skew)
    position_weights = np.empty(len(positions))
    position_weights[order] = share / share.sum()
    role_number = {role.id: i for i, role in enumerate(graph.framework.roles)}
    competency_number = {c.id: i for i, c in enumerate(graph.framework.competencies)}
    tastes: dict[tuple[int, int], np.ndarray] = {}

    def taste(role_id: uuid.UUID | None, competency_id: uuid.UUID, courses: int) -> np.ndarray:
        key = (role_number.get(role_id, -1) if role_id else -1, competency_number.get(competency_id, -1))
        cached = tastes.get(key)
        if cached is None:
            taste_rng = np.random.default_rng((settings.seed, key[0] + 1, key[1] + 1))
            cached = tastes[key] = np.exp(settings.peer_taste * taste_rng.normal(size=courses))
        return cached

    officers, feedback = [], []
    low, high = settings.enrolments
    held_positions = rng.choice(len(positions), size=settings.officers, p=position_weights)
    for held in held_positions.tolist():
        officer_id = uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63)), version=4)
        position_id = positions[held]
        needs = [(r, 1.0) for r in graph.resolved_requirements(position_id)]
        desired_id = None
        if rng.random() < settings.desired_position_share:
            similar = graph.similar_positions(position_id, 5)
            if similar:
                desired_id = similar[int(rng.integers(len(similar)))][0]
                needs += [(r, DEFAULT_CAREER_WEIGHT) for r in graph.resolved_requirements(desired_id)]
        true_level: dict[uuid.UUID, int] = {}
        for requirement, _ in needs:
            if requirement.competency_id not in true_level:
                true_level[requirement.competency_id] = int(rng.integers(0, requirement.level + 1))

        history: list[int] = []
        completed: list[bool] = []
        events: list[list[Feedback]] = []
        count = int(rng.integers(low, high + 1))
        for step in range(count):
            if step == count - 1:
                levels_before_last = dict(true_level)
            number = _next_course(rng, catalogue, needs, true_level, set(history), taste, settings)
            history.append(number)
            done = bool(rng.random() < catalogue.quality[number])
            completed.append(done)
            course_id = entries[number].id
            happened = [Feedback(officer_id, position_id, course_id, FeedbackKind.ENROLLED)]
            if done:
                happened.append(Feedback(officer_id, position_id, course_id, FeedbackKind.COMPLETED))
                for competency_id, level in catalogue.tags[number]:
                    true_level[competency_id] = max(true_level.get(competency_id, 0), level)
                if rng.random() < 0.6:
                    rating = min(5, max(1, round(1 + 4 * catalogue.quality[number] + rng.normal(0, 0.6))))
                    happened.append(Feedback(officer_id, position_id, course_id, FeedbackKind.RATED, rating))
            events.append(happened)
        for happened in events[:-1]:
            feedback.extend(happened)
        earlier = list(zip(history[:-1], completed[:-1], strict=True))
        profile = OfficerProfile(
            officer_id=officer_id,
            position_id=position_id,
            standings=_observed(levels_before_last, rng, settings),
            desired_position_id=desired_id,
            completed=tuple(entries[n].id for n, done in earlier if done),
            in_progress=tuple(
                CourseProgress(entries[n].id, round(0.3 * entries[n].learning_hours, 2))
                for n, done in earlier
                if not done
            ),
        )
        officers.append(SimulatedOfficer(profile, tuple(entries[n].id for n in history)))
    return Simulation(tuple(officers), tuple(feedback), settings)


def _next_course(
    rng: np.random.Generator,
    catalogue: _Catalogue,
    needs: Sequence[tuple[ResolvedRequirement, float]],
    true_level: Mapping[uuid.UUID, int],
    taken: set[int],
    taste: Callable[[uuid.UUID | None, uuid.UUID, int], np.ndarray],
    settings: SimulationSettings,
) -> int:
    """A course for the heaviest-weighted chance of a gap, or a popular one."""
    if rng.random() < settings.gap_driven_share:
        gaps = [
            (r, share * r.weight * (r.level - true_level.get(r.competency_id, 0)) / r.level)
            for r, share in needs
            if true_level.get(r.competency_id, 0) < r.level
        ]
        if gaps:
            weights = np.array([w for _, w in gaps])
            requirement = gaps[int(rng.choice(len(gaps), p=weights / weights.sum()))][0]
            courses, levels = catalogue.building.get(
                requirement.competency_id, (np.zeros(0, int), np.zeros(0))
            )
            if len(courses):
                role_id = requirement.role_ids[0] if requirement.role_ids else None
                preference = (
                    catalogue.appeal[courses]
                    * taste(role_id, requirement.competency_id, len(courses))
                    * np.exp(-np.abs(levels - requirement.level))
                )
                held = true_level.get(requirement.competency_id, 0)
                preference[levels <= held] = 0.0
                preference[[i for i, course in enumerate(courses.tolist()) if course in taken]] = 0.0
                if preference.sum() > 0:
                    return int(courses[rng.choice(len(courses), p=preference / preference.sum())])
    return catalogue.popular(rng, taken)


def _observed(
    true_level: Mapping[uuid.UUID, int], rng: np.random.Generator, settings: SimulationSettings
) -> tuple[CompetencyStanding, ...]:
    """What the records show of the true levels: some verified, some self-declared within a level."""
    standings = []
    for competency_id, level in sorted(true_level.items(), key=lambda item: item[0].int):
        if level <= 0:
            continue
        draw = rng.random()
        if draw < settings.verified_share:
            standings.append(CompetencyStanding(competency_id, level, 1.0, verified=True))
        elif draw < settings.verified_share + settings.self_declared_share:
            claimed = min(5, max(1, level + int(rng.integers(-1, 2))))
            standings.append(CompetencyStanding(competency_id, claimed, 0.8, verified=False))
    return tuple(standings)


def enrolment_counts(feedback: Iterable[Feedback]) -> Counter[uuid.UUID]:
    return Counter(event.course_id for event in feedback if event.kind == FeedbackKind.ENROLLED)


def _taken(officer: OfficerProfile) -> set[uuid.UUID]:
    return {*officer.completed, *officer.not_relevant, *(p.course_id for p in officer.in_progress)}


class PopularityBaseline:
    """The most enrolled courses across the service that the officer has not taken. It has nothing to
    configure; `fit` takes the feedback, as the recommender's does."""

    def fit(self, feedback: Iterable[Feedback]) -> Self:
        counts = enrolment_counts(feedback)
        self.ranked = sorted(counts, key=lambda course_id: (-counts[course_id], course_id.int))
        return self

    def recommend(self, officer: OfficerProfile, k: int) -> list[uuid.UUID]:
        taken = _taken(officer)
        return list(itertools.islice((c for c in self.ranked if c not in taken), k))


class EmbeddingBaseline:
    """The courses whose text embedding is nearest the embedding of the position's text."""

    def fit(self, course_index: VectorIndex, position_vectors: Mapping[uuid.UUID, np.ndarray]) -> Self:
        self.course_index = course_index
        self.position_vectors = position_vectors
        return self

    def recommend(self, officer: OfficerProfile, k: int) -> list[uuid.UUID]:
        vector = self.position_vectors.get(officer.position_id) if officer.position_id else None
        if vector is None:
            return []
        taken = _taken(officer)
        nearest = self.course_index.nearest(vector, k + len(taken))
        return [course_id for course_id, _ in nearest if course_id not in taken][:k]


@dataclass(frozen=True)
class RankingMetrics:
    officers: int
    k: int
    hit_rate: float  # HR@k: share of officers whose held-out course is in their top k
    ndcg: float  # nDCG@k with the held-out course as the one relevant item
    coverage: float  # share of the catalogue recommended to anyone
    novelty: float  # mean self-information, -log2 of the share of officers enrolled, in bits


def evaluate_ranking(
    recommend: Callable[[OfficerProfile, int], Sequence[uuid.UUID]],
    officers: Sequence[SimulatedOfficer],
    catalogue_size: int,
    counts: Mapping[uuid.UUID, int],
    population: int,
    k: int = 10,
) -> RankingMetrics:
    """Leave-last-out: each officer's held-out course against their top `k`. `counts` are the
    training enrolments per course and `population` the officers they came from (for novelty)."""
    hits, gains, information, shown = 0, 0.0, 0.0, 0
    recommended: set[uuid.UUID] = set()
    for officer in officers:
        top = list(recommend(officer.profile, k))[:k]
        recommended.update(top)
        if officer.held_out in top:
            hits += 1
            gains += 1.0 / math.log2(top.index(officer.held_out) + 2)
        for course_id in top:
            information += -math.log2((counts.get(course_id, 0) + 1) / (population + 1))
        shown += len(top)
    n = max(len(officers), 1)
    return RankingMetrics(
        officers=len(officers),
        k=k,
        hit_rate=hits / n,
        ndcg=gains / n,
        coverage=len(recommended) / max(catalogue_size, 1),
        novelty=information / shown if shown else 0.0,
    )


@dataclass(frozen=True)
class PathMetrics:
    paths: int
    gap_closure_rate: float  # gaps the paths close, over all gaps
    prerequisite_violations: int  # pairs of courses out of prerequisite order; must be 0
    mutually_dependent_courses: int  # courses in a cycle of dependencies that no order can satisfy
    proven_optimal_share: float  # paths whose set cover HiGHS proved optimal
    greedy_gap_mean: float  # greedy hours / optimal hours - 1, over paths with a proven optimum
    greedy_gap_max: float
    greedy_optimal_share: float  # paths where greedy found an optimum too
    late_mandates: int  # mandated courses scheduled past their due date


def evaluate_paths(
    paths: Sequence[LearningPath], entries: Mapping[uuid.UUID, CatalogueEntry], prerequisites: Prerequisites
) -> PathMetrics:
    closed = sum(len(path.closed_gaps) for path in paths)
    total = closed + sum(len(path.open_gaps) for path in paths)
    ordered = [[entries[step.course_id] for step in path.steps] for path in paths]
    violations = sum(len(prerequisite_violations(courses, prerequisites)) for courses in ordered)
    proven = [path.cover.greedy_gap for path in paths if path.cover.greedy_gap is not None]
    return PathMetrics(
        paths=len(paths),
        gap_closure_rate=closed / total if total else 1.0,
        prerequisite_violations=violations,
        mutually_dependent_courses=sum(mutually_dependent(courses, prerequisites) for courses in ordered),
        proven_optimal_share=len(proven) / len(paths) if paths else 0.0,
        greedy_gap_mean=float(np.mean(proven)) if proven else 0.0,
        greedy_gap_max=float(max(proven)) if proven else 0.0,
        greedy_optimal_share=sum(gap <= 1e-9 for gap in proven) / len(proven) if proven else 0.0,
        late_mandates=sum(step.late for path in paths for step in path.steps),
    )

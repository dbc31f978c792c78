"""The offline evaluation: the simulator's officers, the leave-last-out protocol and the metrics."""

from __future__ import annotations

import contextlib
import math
import uuid
from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.index import VectorIndex
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.evaluation import (
    EmbeddingBaseline,
    PopularityBaseline,
    Simulation,
    SimulationSettings,
    enrolment_counts,
    evaluate_paths,
    evaluate_ranking,
    simulate,
)
from karmayogi.recommender.feedback import FeedbackKind
from karmayogi.recommender.gaps import NothingToRecommend
from karmayogi.recommender.paths import Prerequisites
from karmayogi.recommender.profile import OfficerProfile


@pytest.fixture
def simulation(graph: FracGraph, catalogue: list[CatalogueEntry]) -> Simulation:
    return simulate(graph, catalogue, SimulationSettings(officers=60, enrolments=(2, 4), seed=3))


def test_the_simulation_is_reproducible(
    graph: FracGraph, catalogue: list[CatalogueEntry], simulation: Simulation
) -> None:
    again = simulate(graph, catalogue, SimulationSettings(officers=60, enrolments=(2, 4), seed=3))
    assert again == simulation
    other = simulate(graph, catalogue, SimulationSettings(officers=60, enrolments=(2, 4), seed=4))
    assert other.officers != simulation.officers


def test_the_last_enrolment_is_held_out_of_profile_and_training(simulation: Simulation) -> None:
    trained = {(f.officer_id, f.course_id) for f in simulation.feedback}
    for officer in simulation.officers:
        assert 2 <= len(officer.history) <= 4
        assert len(set(officer.history)) == len(officer.history)
        profile = officer.profile
        earlier = {*profile.completed, *(p.course_id for p in profile.in_progress)}
        assert earlier == set(officer.history[:-1])
        assert officer.held_out not in earlier
        assert (profile.officer_id, officer.held_out) not in trained
    enrolled = [f for f in simulation.feedback if f.kind == FeedbackKind.ENROLLED]
    assert len(enrolled) == sum(len(o.history) - 1 for o in simulation.officers)


def test_enrolments_follow_the_officers_needs(
    graph: FracGraph, catalogue: list[CatalogueEntry], simulation: Simulation
) -> None:
    builds = {entry.id: {c for c, _ in entry.competencies} for entry in catalogue}
    on_need = total = 0
    for officer in simulation.officers:
        assert officer.profile.position_id is not None
        needed = {r.competency_id for r in graph.resolved_requirements(officer.profile.position_id)}
        if officer.profile.desired_position_id:
            needed |= {
                r.competency_id for r in graph.resolved_requirements(officer.profile.desired_position_id)
            }
        on_need += sum(bool(builds[c] & needed) for c in officer.history)
        total += len(officer.history)
    assert on_need / total > 0.7


def test_metrics_of_a_known_ranking(simulation: Simulation) -> None:
    officers = simulation.officers[:4]
    filler = [uuid.UUID(int=i) for i in range(1, 13)]

    def held_out_at(place: int):
        def recommend(profile: OfficerProfile, k: int) -> Sequence[uuid.UUID]:
            officer = next(o for o in officers if o.profile is profile)
            ranked = [*filler[:place], officer.held_out, *filler[place:]]
            return ranked[:k]

        return recommend

    first = evaluate_ranking(held_out_at(0), officers, catalogue_size=100, counts={}, population=9)
    assert (first.hit_rate, first.ndcg) == (1.0, 1.0)
    third = evaluate_ranking(held_out_at(2), officers, catalogue_size=100, counts={}, population=9)
    assert third.ndcg == pytest.approx(1 / math.log2(4))
    missed = evaluate_ranking(held_out_at(10), officers, catalogue_size=100, counts={}, population=9)
    assert (missed.hit_rate, missed.ndcg) == (0.0, 0.0)
    # Nobody enrolled in any of them: each carries -log2(1 / 10) bits.
    assert missed.novelty == pytest.approx(math.log2(10))
    assert missed.coverage == pytest.approx(10 / 100)


def test_baselines_skip_what_the_officer_has_taken(
    catalogue: list[CatalogueEntry], simulation: Simulation
) -> None:
    counts = enrolment_counts(simulation.feedback)
    popularity = PopularityBaseline().fit(simulation.feedback)
    officer = simulation.officers[0].profile
    top = popularity.recommend(officer, 3)
    taken = {*officer.completed, *(p.course_id for p in officer.in_progress)}
    assert not set(top) & taken
    assert [counts[c] for c in top] == sorted((counts[c] for c in top), reverse=True)

    vectors = np.eye(len(catalogue), dtype=np.float32)
    index = VectorIndex([entry.id for entry in catalogue], vectors)
    aimed = next(i for i, entry in enumerate(catalogue) if entry.id not in taken)
    embedding = EmbeddingBaseline().fit(index, {officer.position_id: vectors[aimed]})  # type: ignore[dict-item]
    nearest = embedding.recommend(officer, 4)
    assert nearest[0] == catalogue[aimed].id
    assert len(nearest) == 4
    assert not set(nearest) & taken


def test_the_full_ranker_and_its_paths_on_the_simulation(
    graph: FracGraph, catalogue: list[CatalogueEntry], simulation: Simulation
) -> None:
    recommender = Recommender().fit(graph, catalogue, feedback=simulation.feedback)

    shown: list[uuid.UUID] = []

    def recommend(profile: OfficerProfile, k: int) -> list[uuid.UUID]:
        try:
            top = [item.course_id for item in recommender.recommend(profile, k).items]
        except NothingToRecommend:
            return []
        assert not set(top) & {*profile.completed, *(p.course_id for p in profile.in_progress)}
        shown.extend(top)
        return top

    counts = enrolment_counts(simulation.feedback)
    metrics = evaluate_ranking(
        recommend, simulation.officers, len(catalogue), counts, len(simulation.officers), k=3
    )
    assert metrics.officers == len(simulation.officers)
    assert 0.0 < metrics.hit_rate <= 1.0
    assert 0.0 < metrics.ndcg <= metrics.hit_rate
    assert metrics.coverage == len(set(shown)) / len(catalogue)

    paths = []
    for officer in simulation.officers:
        with contextlib.suppress(NothingToRecommend):
            paths.append(recommender.plan(officer.profile, date(2025, 4, 7)))
    planned = evaluate_paths(paths, {e.id: e for e in catalogue}, Prerequisites.of(graph.framework))
    assert planned.paths == len(paths) > 0
    assert planned.prerequisite_violations == 0
    assert planned.proven_optimal_share == 1.0
    assert 0.0 < planned.gap_closure_rate <= 1.0

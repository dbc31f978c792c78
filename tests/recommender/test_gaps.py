"""Gap arithmetic, and the clear answers an officer gets when there is nothing to recommend."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from recommender_builders import nid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.gaps import (
    Gap,
    NothingToRecommend,
    NothingToRecommendReason,
    credited_levels,
    find_gaps,
)
from karmayogi.recommender.profile import CompetencyStanding, OfficerProfile

SECTION_OFFICER = nid("Section Officer (Procurement)")
UNDER_SECRETARY = nid("Under Secretary (Finance)")
DEPUTY_SECRETARY = nid("Deputy Secretary (Procurement)")
PROCUREMENT = nid("Public Procurement")


def officer(
    position: uuid.UUID | None,
    *standings: CompetencyStanding,
    desired: uuid.UUID | None = None,
    not_relevant: tuple[uuid.UUID, ...] = (),
) -> OfficerProfile:
    return OfficerProfile(
        nid("Officer Meera"), position, standings, desired_position_id=desired, not_relevant=not_relevant
    )


def by_name(gaps: list[Gap]) -> dict[tuple[str, bool], Gap]:
    return {(g.name, g.career): g for g in gaps}


def test_a_missing_competency_weighs_its_full_requirement_weight(graph: FracGraph) -> None:
    gaps = by_name(find_gaps(graph.resolved_requirements(SECTION_OFFICER), []))

    procurement = gaps["Public Procurement", False]
    assert (procurement.needed_level, procurement.current_level, procurement.shortfall) == (3, 0.0, 3.0)
    assert procurement.weight == pytest.approx(1.0)
    assert procurement.role_ids == (nid("Procurement Officer"),)
    gem = gaps["GeM Portal Operations", False]
    assert gem.activity_ids == (nid("Runs tenders on the GeM portal"),)
    assert gem.role_ids == (nid("Procurement Officer"),)


def test_gap_weight_shrinks_with_the_level_already_held(graph: FracGraph) -> None:
    requirements = graph.resolved_requirements(SECTION_OFFICER)
    held = [CompetencyStanding(PROCUREMENT, 2, verified=True)]

    procurement = by_name(find_gaps(requirements, held))["Public Procurement", False]

    # weight 1.0 * shortfall 1 / needed 3
    assert procurement.shortfall == pytest.approx(1.0)
    assert procurement.weight == pytest.approx(1 / 3)
    assert procurement.held_level == 2


def test_self_declared_levels_count_less_than_verified_ones(graph: FracGraph) -> None:
    requirements = graph.resolved_requirements(SECTION_OFFICER)
    verified = [CompetencyStanding(PROCUREMENT, 3, confidence=1.0, verified=True)]
    declared = [CompetencyStanding(PROCUREMENT, 3, confidence=1.0, verified=False)]

    assert "Public Procurement" not in {g.name for g in find_gaps(requirements, verified)}
    gap = by_name(find_gaps(requirements, declared, self_declared_discount=0.6))["Public Procurement", False]
    assert gap.current_level == pytest.approx(1.8)  # 3 * 1.0 * 0.6
    assert gap.weight == pytest.approx(1.0 * 1.2 / 3)
    assert gap.held_level == 1


def test_confidence_scales_the_credited_level_and_the_best_standing_counts() -> None:
    standings = [
        CompetencyStanding(PROCUREMENT, 4, confidence=0.5, verified=True),  # 2.0
        CompetencyStanding(PROCUREMENT, 3, confidence=0.9, verified=False),  # 3 * 0.9 * 0.6 = 1.62
    ]
    assert credited_levels(standings, 0.6) == {PROCUREMENT: pytest.approx(2.0)}
    with pytest.raises(ValueError, match="self_declared_discount"):
        credited_levels(standings, 1.5)
    with pytest.raises(ValueError, match="confidence"):
        CompetencyStanding(PROCUREMENT, 3, confidence=1.2)


def test_a_desired_position_adds_career_gaps_only_above_current_needs(graph: FracGraph) -> None:
    current = graph.resolved_requirements(UNDER_SECRETARY)
    desired = graph.resolved_requirements(DEPUTY_SECRETARY)

    gaps = by_name(find_gaps(current, [], career_requirements=desired, career_weight=0.5))

    # Team Leadership is new; Public Procurement is needed at 4 there and at 3 here.
    leadership = gaps["Team Leadership", True]
    assert leadership.weight == pytest.approx(0.5 * 0.8)
    procurement = gaps["Public Procurement", True]
    assert procurement.needed_level == 4
    assert gaps["Public Procurement", False].needed_level == 3
    # Contract Management is needed at the same level by both: it is a current gap only.
    assert ("Contract Management", True) not in gaps
    assert all(not g.career for (name, _), g in gaps.items() if name == "Financial Management")


def test_gaps_come_heaviest_first(graph: FracGraph) -> None:
    gaps = find_gaps(graph.resolved_requirements(UNDER_SECRETARY), [])
    weights = [g.weight for g in gaps]
    assert weights == sorted(weights, reverse=True)


def test_a_recommender_asked_before_it_is_fitted_says_so(graph: FracGraph) -> None:
    with pytest.raises(RuntimeError, match="call fit"):
        Recommender().recommend(officer(SECTION_OFFICER))


def test_one_configuration_fits_two_catalogues(graph: FracGraph, catalogue: list[CatalogueEntry]) -> None:
    recommender = Recommender(career_weight=0.25)
    assert recommender.fit(graph, []).entries == []
    assert len(recommender.fit(graph, catalogue).entries) == len(catalogue)
    assert recommender.career_weight == 0.25


def test_no_position_is_a_clear_answer(graph: FracGraph, catalogue: list[CatalogueEntry]) -> None:
    with pytest.raises(NothingToRecommend) as raised:
        Recommender().fit(graph, catalogue).recommend(officer(None))
    assert raised.value.reason == NothingToRecommendReason.NO_POSITION
    assert "holds no position" in str(raised.value)


def test_a_position_outside_the_verified_frac_is_a_clear_answer(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    recommender = Recommender().fit(graph, catalogue)
    with pytest.raises(NothingToRecommend) as unknown:
        recommender.recommend(officer(nid("Joint Secretary")))
    assert unknown.value.reason == NothingToRecommendReason.NO_VERIFIED_FRAC
    assert "not in the verified FRAC" in unknown.value.message

    with pytest.raises(NothingToRecommend) as empty:
        recommender.plan(officer(nid("Assistant Section Officer")), starts_on=date(2025, 4, 1))
    assert empty.value.reason == NothingToRecommendReason.NO_VERIFIED_FRAC
    assert "'Assistant Section Officer' has no competency requirements" in empty.value.message


def test_an_empty_catalogue_is_a_clear_answer(graph: FracGraph) -> None:
    with pytest.raises(NothingToRecommend) as raised:
        Recommender().fit(graph, []).recommend(officer(SECTION_OFFICER))
    assert raised.value.reason == NothingToRecommendReason.EMPTY_CATALOGUE


def test_an_officer_without_gaps_is_told_so(graph: FracGraph, catalogue: list[CatalogueEntry]) -> None:
    everything = [
        CompetencyStanding(r.competency_id, r.level, verified=True)
        for r in graph.resolved_requirements(SECTION_OFFICER)
    ]
    with pytest.raises(NothingToRecommend) as raised:
        Recommender().fit(graph, catalogue).recommend(officer(SECTION_OFFICER, *everything))
    assert raised.value.reason == NothingToRecommendReason.NO_GAPS


def test_gaps_no_course_works_on_are_named_in_the_answer(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    taken = tuple(entry.id for entry in catalogue)
    with pytest.raises(NothingToRecommend) as raised:
        Recommender().fit(graph, catalogue).recommend(officer(SECTION_OFFICER, not_relevant=taken))
    assert raised.value.reason == NothingToRecommendReason.NO_COURSES_FOR_GAPS
    assert {g.name for g in raised.value.gaps} >= {"Public Procurement", "Integrity"}


def test_an_unknown_desired_position_is_noted_not_fatal(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    result = Recommender().fit(graph, catalogue).recommend(officer(SECTION_OFFICER, desired=nid("Secretary")))
    assert result.items
    assert not any(g.career for g in result.gaps)
    assert "no career gaps were added" in result.notes[0]

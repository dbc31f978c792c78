"""Ranking: what is a candidate, how the score is made up, diversity, feedback and explanations."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

import numpy as np
import pytest
from recommender_builders import course, nid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.encoders import minilm
from karmayogi.content.index import VectorIndex
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.feedback import CourseQuality, Feedback, FeedbackKind
from karmayogi.recommender.profile import CompetencyStanding, CourseProgress, MandatedCourse, OfficerProfile
from karmayogi.recommender.ranking import RankingWeights

SECTION_OFFICER = nid("Section Officer (Procurement)")
UNDER_SECRETARY = nid("Under Secretary (Finance)")
PROCUREMENT = nid("Public Procurement")


def meera(**changes: object) -> OfficerProfile:
    """A section officer credited with verified Basic procurement."""
    profile = OfficerProfile(
        nid("Officer Meera"), SECTION_OFFICER, (CompetencyStanding(PROCUREMENT, 1, verified=True),)
    )
    return dataclasses.replace(profile, **changes)  # type: ignore[arg-type]


def titles(recommender: Recommender, officer: OfficerProfile, k: int = 10) -> list[str]:
    return [item.title for item in recommender.recommend(officer, k).items]


def test_explanations_name_the_gap_the_levels_and_the_role(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    items = {item.title: item for item in Recommender().fit(graph, catalogue).recommend(meera()).items}

    assert items["Public Procurement in Practice"].explanation == (
        "Closes Public Procurement: level 1 → 3 (needed by role Procurement Officer)"
    )
    assert items["Buying on GeM"].explanation == (
        "Closes GeM Portal Operations: level 0 → 2 (needed by role Procurement Officer)"
    )
    assert items["Procurement and Contracts Bootcamp"].explanation == (
        "Closes Public Procurement: level 1 → 3 (needed by role Procurement Officer); "
        "Closes Contract Management: level 0 → 2 (needed by role Procurement Officer)"
    )


def test_career_explanations_say_which_position_needs_it(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    officer = meera(position_id=UNDER_SECRETARY, desired_position_id=nid("Deputy Secretary (Procurement)"))
    items = {item.title: item for item in Recommender().fit(graph, catalogue).recommend(officer).items}

    assert items["Leading Teams in Government"].explanation == (
        "Closes Team Leadership: level 0 → 3 (needed by role Team Lead in your desired next position)"
    )
    assert items["Masterclass in Procurement Policy"].explanation == (
        "Closes Public Procurement: level 1 → 3 (needed by roles Finance Officer and Procurement Officer), "
        "then → 4 (needed by roles Procurement Officer and Team Lead in your desired next position)"
    )


def test_score_is_the_weighted_sum_of_its_parts(graph: FracGraph, catalogue: list[CatalogueEntry]) -> None:
    weights = RankingWeights()
    result = Recommender(weights=weights).fit(graph, catalogue).recommend(meera())

    assert result.weights == weights
    for item in result.items:
        p = item.parts
        expected = (
            weights.gap_closed * p.gap_closed
            + weights.level_fit * p.level_fit
            + weights.quality * p.quality
            + weights.peer_popularity * p.peer_popularity
            + weights.mandated * p.mandated
            - p.diversity_penalty
        )
        assert item.score == pytest.approx(expected)
    scores = [item.score for item in result.items]
    assert scores == sorted(scores, reverse=True)


def test_only_courses_at_or_above_the_needed_level_are_tagged_candidates(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    shown = titles(Recommender().fit(graph, catalogue), meera())

    assert "Public Procurement Essentials" not in shown  # builds level 2, the need is 3
    assert "Government Budgeting" not in shown  # not a need of the position


def test_a_course_far_above_the_need_fits_less_well(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    items = {item.title: item for item in Recommender().fit(graph, catalogue).recommend(meera()).items}

    assert items["Public Procurement in Practice"].parts.level_fit == pytest.approx(1.0)
    assert items["Masterclass in Procurement Policy"].parts.level_fit == pytest.approx(0.5)  # 2 levels above
    assert items["Public Procurement in Practice"].score > items["Masterclass in Procurement Policy"].score


def test_completed_not_relevant_and_ongoing_courses_are_not_recommended(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    officer = meera(
        completed=(nid("Buying on GeM"),),
        not_relevant=(nid("Integrity in Public Service"),),
        in_progress=(CourseProgress(nid("Public Procurement in Practice"), 2.0),),
    )
    shown = titles(Recommender().fit(graph, catalogue), officer)

    assert shown
    assert not {"Buying on GeM", "Integrity in Public Service", "Public Procurement in Practice"} & set(shown)


def test_diversity_keeps_one_competency_from_filling_the_list(graph: FracGraph) -> None:
    many = [course(f"Procurement Module {i}", ("Public Procurement", 3), hours=2) for i in range(12)]
    others = [
        course("Contracts after the Award", ("Contract Management", 2)),
        course("Buying on GeM", ("GeM Portal Operations", 2)),
        course("Integrity in Public Service", ("Integrity", 2)),
    ]
    officer = meera(standings=())

    undiverse = Recommender(weights=RankingWeights(diversity=0.0)).fit(graph, many + others)
    without = titles(undiverse, officer, k=5)
    diverse = Recommender().fit(graph, many + others).recommend(officer, k=5).items

    assert all(title.startswith("Procurement Module") for title in without)
    assert {item.title for item in diverse} >= {"Contracts after the Award", "Buying on GeM"}
    penalised = [item for item in diverse if item.parts.diversity_penalty > 0]
    assert penalised and all(item.title.startswith("Procurement Module") for item in penalised)


def test_mandated_courses_are_recommended_and_say_so(
    graph: FracGraph, catalogue: list[CatalogueEntry]
) -> None:
    plan = MandatedCourse(
        nid("Noting and Drafting for Officers"), date(2025, 6, 30), "Annual Capacity Building Plan"
    )
    items = Recommender().fit(graph, catalogue).recommend(meera(mandated=(plan,))).items

    assert items[0].title == "Noting and Drafting for Officers"
    assert items[0].mandate == plan
    assert items[0].explanation == "Mandated by Annual Capacity Building Plan, due 2025-06-30"
    assert items[0].parts.mandated == 1.0


def _feedback(
    course_id: uuid.UUID, ratings: list[int], position: uuid.UUID, completed: bool = True
) -> list[Feedback]:
    """One officer per rating, who enrolled, completed (if `completed`) and rated the course."""
    events = []
    for i, rating in enumerate(ratings):
        officer = nid(f"peer {course_id} {i}")
        events.append(Feedback(officer, position, course_id, FeedbackKind.ENROLLED))
        if completed:
            events.append(Feedback(officer, position, course_id, FeedbackKind.COMPLETED))
            events.append(Feedback(officer, position, course_id, FeedbackKind.RATED, rating))
    return events


def test_ratings_and_completions_raise_quality_as_bayesian_averages() -> None:
    rave, good, middling, abandoned = (nid(name) for name in ("one rave", "good", "middling", "abandoned"))
    feedback = (
        _feedback(rave, [5], SECTION_OFFICER)
        + _feedback(good, [5] * 180 + [4] * 120, SECTION_OFFICER)
        + _feedback(middling, [3] * 300, SECTION_OFFICER)
        + _feedback(abandoned, [1] * 50, SECTION_OFFICER, completed=False)
    )
    quality = CourseQuality([rave, good, middling, abandoned], feedback)

    # One 5-star rating moves a course little from the catalogue mean; 300 averaging 4.6 move it far.
    assert quality.average_rating[0] < 4.0 < 4.5 < quality.average_rating[1]
    assert quality.scores[1] > quality.scores[0] > quality.scores[3]
    assert quality.completion_rate[3] < quality.completion_rate[0] < quality.completion_rate[1]


def test_feedback_from_peers_in_the_same_position_lifts_a_course(graph: FracGraph) -> None:
    twins = [
        course("Procurement Route A", ("Public Procurement", 3)),
        course("Procurement Route B", ("Public Procurement", 3)),
    ]
    neutral = titles(Recommender().fit(graph, twins), meera())
    assert neutral == ["Procurement Route A", "Procurement Route B"]  # equal scores: catalogue order

    feedback = _feedback(nid("Procurement Route B"), [5] * 30, SECTION_OFFICER)
    items = Recommender().fit(graph, twins, feedback=feedback).recommend(meera()).items

    assert [item.title for item in items] == ["Procurement Route B", "Procurement Route A"]
    assert items[0].parts.peer_popularity > items[1].parts.peer_popularity
    assert items[0].explanation.endswith("popular with officers in your and similar positions")


@pytest.fixture(scope="module")
def encoded(framework_texts: tuple[list[str], list[str]]) -> tuple[np.ndarray, np.ndarray]:
    competencies, courses = framework_texts
    encoder = minilm()
    return encoder.encode(competencies), encoder.encode(courses)


@pytest.fixture(scope="module")
def framework_texts() -> tuple[list[str], list[str]]:
    from recommender_builders import COMPETENCIES, build_catalogue

    return (
        [f"{name}\n{description}" for name, _, description in COMPETENCIES],
        [entry.text for entry in build_catalogue()],
    )


def test_an_untagged_course_is_found_by_its_description(
    graph: FracGraph, catalogue: list[CatalogueEntry], encoded: tuple[np.ndarray, np.ndarray]
) -> None:
    from recommender_builders import COMPETENCIES

    competency_vectors, course_vectors = encoded
    recommender = Recommender().fit(
        graph,
        catalogue,
        course_index=VectorIndex([entry.id for entry in catalogue], course_vectors),
        competency_index=VectorIndex([nid(name) for name, _, _ in COMPETENCIES], competency_vectors),
    )
    items = {item.title: item for item in recommender.recommend(meera()).items}

    untagged = items["Effective Tender Evaluation"]
    assert untagged.explanation.startswith(
        "Works on Public Procurement: level 1 → 3 (needed by role Procurement Officer); "
        "matched by its description (similarity 0."
    )
    assert untagged.parts.level_fit == pytest.approx(0.5)
    # A tagged course that closes the gap counts fully; the text-only link counts half.
    assert items["Public Procurement in Practice"].parts.gap_closed == pytest.approx(
        2 * untagged.parts.gap_closed
    )

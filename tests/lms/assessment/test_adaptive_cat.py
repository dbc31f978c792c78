"""The adaptive level test: 3PL model, EAP ability, exposure control, stopping rules, level mapping."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from assessment_builders import ABCD, make_question
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.assessment.adaptive import (
    AbilityEstimate,
    AdaptiveRules,
    AdaptiveState,
    CalibratedBank,
    LevelBands,
    estimate_ability,
    information,
    next_question,
    probability,
    proficiency_level,
)
from karmayogi.lms.assessment.items import IrtParameters, ShortTextKey, SingleChoiceKey
from karmayogi.lms.errors import InvalidInput


def bank(size: int = 200, seed: int = 0, guessing: float = 0.0) -> CalibratedBank:
    rng = np.random.default_rng(seed)
    return CalibratedBank(
        tuple(f"q{i}" for i in range(size)),
        rng.uniform(0.8, 2.0, size),
        rng.uniform(-3, 3, size),
        np.full(size, guessing),
    )


def administer(items: CalibratedBank, theta: float, rules: AdaptiveRules, seed: int) -> AdaptiveState:
    """A simulated officer of true ability `theta` answering until the rules stop the test."""
    answers = np.random.default_rng(seed + 10_000)
    state = AdaptiveState()
    while (index := next_question(items, state, rules, seed)) is not None:
        p = probability(theta, items.a[index], items.b[index], items.c[index])
        state = state.answered(index, bool(answers.random() < p))
    return state


def test_the_3pl_curve_rises_from_its_guessing_floor() -> None:
    a, b, c = np.array([1.5]), np.array([0.0]), np.array([0.25])
    thetas = np.linspace(-6, 6, 25)
    curve = probability(thetas, a, b, c)
    assert np.all(np.diff(curve) > 0)
    assert curve[0] == pytest.approx(0.25, abs=1e-3)
    assert probability(0.0, a, b, c)[0] == pytest.approx(0.625)


def test_a_2pl_item_is_most_informative_at_its_difficulty() -> None:
    a, b, c = np.array([1.7]), np.array([0.8]), np.array([0.0])
    thetas = np.linspace(-3, 3, 601)
    info = np.array([information(t, a, b, c)[0] for t in thetas])
    assert thetas[info.argmax()] == pytest.approx(0.8, abs=0.01)
    assert info.max() == pytest.approx(1.7**2 / 4)


def test_with_no_answers_the_estimate_is_the_prior() -> None:
    estimate = estimate_ability(bank(), AdaptiveState())
    assert estimate.theta == pytest.approx(0.0, abs=1e-9)
    assert estimate.se == pytest.approx(1.0, abs=0.01)


def test_all_right_answers_give_a_finite_high_estimate() -> None:
    items = bank()
    state = AdaptiveState(tuple(range(10)), (True,) * 10)
    estimate = estimate_ability(items, state)
    assert 0.5 < estimate.theta < 4.0 and np.isfinite(estimate.se)


@pytest.mark.parametrize("true_theta", [-2.0, 0.0, 1.8])
def test_the_test_converges_on_a_known_ability(true_theta: float) -> None:
    items = bank(guessing=0.2)
    rules = AdaptiveRules(max_length=30)
    errors = [
        estimate_ability(items, administer(items, true_theta, rules, seed)).theta - true_theta
        for seed in range(20)
    ]
    assert abs(float(np.mean(errors))) < 0.25
    assert float(np.mean(np.abs(errors))) < 0.45


def test_the_standard_error_rule_stops_early_once_precise_enough() -> None:
    items = bank()
    rules = AdaptiveRules(max_length=60, target_se=0.35, min_length=5)
    state = administer(items, 0.3, rules, seed=4)
    assert 5 <= len(state.administered) < 60
    assert estimate_ability(items, state).se <= 0.35


def test_the_length_rule_stops_at_the_maximum_and_never_repeats_an_item() -> None:
    state = administer(bank(), 0.0, AdaptiveRules(max_length=15), seed=1)
    assert len(state.administered) == 15 == len(set(state.administered))


def test_a_seed_and_the_answers_replay_the_same_test() -> None:
    items, rules = bank(), AdaptiveRules(max_length=12)
    assert administer(items, 0.5, rules, seed=9) == administer(items, 0.5, rules, seed=9)


def test_exposure_control_spreads_the_first_item_over_the_most_informative() -> None:
    items = bank()
    info = information(0.0, items.a, items.b, items.c)
    top_five = set(np.argsort(-info)[:5].tolist())
    greedy = {next_question(items, AdaptiveState(), AdaptiveRules(candidates=1), seed) for seed in range(30)}
    spread = {next_question(items, AdaptiveState(), AdaptiveRules(candidates=5), seed) for seed in range(30)}
    assert greedy == {int(np.argmax(info))}
    assert len(spread) > 2 and spread <= top_five


def test_items_shown_too_often_are_passed_over_while_others_remain() -> None:
    items = bank(size=8)
    rules = AdaptiveRules(candidates=1, max_exposure=0.3)
    exposure = np.full(8, 0.5)
    exposure[[2, 6]] = 0.1
    first = next_question(items, AdaptiveState(), rules, seed=0, exposure=exposure)
    assert first in (2, 6)
    state = AdaptiveState((2, 6), (True, False))
    assert next_question(items, state, rules, seed=0, exposure=exposure) not in (None, 2, 6)
    with pytest.raises(InvalidInput, match="one rate per item") as error:
        next_question(items, state, rules, seed=0, exposure=np.zeros(3))
    assert error.value.field == "exposure"


def test_answers_must_match_the_items_given() -> None:
    with pytest.raises(InvalidInput, match="one response per administered question"):
        next_question(bank(), AdaptiveState((1, 2), (True,)), AdaptiveRules(), seed=0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"min_length": 0}, "min_length"),
        ({"target_se": 0}, "target_se"),
        ({"candidates": 0}, "candidates"),
        ({"max_exposure": 0}, "max_exposure"),
    ],
)
def test_a_bad_stopping_rule_names_the_field(changes: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        AdaptiveRules(**changes)  # type: ignore[arg-type]
    assert error.value.field == field


def test_a_bank_is_built_from_calibrated_auto_scored_questions_only() -> None:
    calibrated = make_question(SingleChoiceKey("a"), id="c", options=ABCD, irt=IrtParameters(1.2, -0.4, 0.2))
    items = CalibratedBank.from_questions([calibrated])
    assert (items.question_ids, items.a[0], items.b[0], items.c[0]) == (("c",), 1.2, -0.4, 0.2)
    with pytest.raises(InvalidInput, match="not calibrated") as error:
        CalibratedBank.from_questions([calibrated, dataclasses.replace(calibrated, id="u", irt=None)])
    assert error.value.field == "questions[1].irt"
    essay = make_question(ShortTextKey(), id="e", irt=IrtParameters(1, 0))
    with pytest.raises(InvalidInput, match="needs a reviewer"):
        CalibratedBank.from_questions([essay])


def test_a_precise_estimate_maps_to_its_band_with_high_confidence() -> None:
    level = proficiency_level(AbilityEstimate(theta=0.1, se=0.1))
    assert level.level == 3 and level.confidence > 0.99
    assert proficiency_level(AbilityEstimate(-2.5, 0.3)).level == 1
    assert proficiency_level(AbilityEstimate(2.5, 0.3)).level == 5


def test_an_estimate_on_a_cut_point_is_a_coin_toss_between_two_levels() -> None:
    level = proficiency_level(AbilityEstimate(theta=0.5, se=0.3))
    assert level.level in (3, 4)
    assert level.probabilities[2] == pytest.approx(level.probabilities[3], abs=1e-9)
    assert level.confidence < 0.5


def test_bands_need_one_cut_per_pair_of_levels_in_order() -> None:
    with pytest.raises(InvalidInput, match="needs 4 cut points"):
        LevelBands((0.0, 1.0))
    with pytest.raises(InvalidInput, match="increase strictly"):
        LevelBands((-1.0, 0.0, 0.0, 1.0))
    assert proficiency_level(AbilityEstimate(0.0, 0.2), LevelBands((-3.0, -2.0, -1.0, -0.5))).level == 5


@given(st.floats(-5, 5), st.floats(0.01, 3))
def test_level_probabilities_sum_to_one_and_the_chosen_level_is_the_likeliest(
    theta: float, se: float
) -> None:
    level = proficiency_level(AbilityEstimate(theta, se))
    assert sum(level.probabilities) == pytest.approx(1.0)
    assert level.confidence == max(level.probabilities) >= 1 / 5
    assert 1 <= level.level <= 5

"""Scoring of one response for every kind of question, partial credit and tolerance edges included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from assessment_builders import ABCD, make_question, one_of_each
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.assessment.items import MultipleChoiceKey, NumericKey, Option
from karmayogi.lms.assessment.scoring import Outcome, ResponseScore, reviewed, score_response
from karmayogi.lms.errors import InvalidInput

Q = one_of_each()


def outcome(kind: str, response: object) -> tuple[Outcome, float]:
    score = score_response(Q[kind], response)  # type: ignore[arg-type]
    return score.outcome, score.fraction


@pytest.mark.parametrize(
    ("kind", "response", "expected"),
    [
        ("single_choice", "b", (Outcome.CORRECT, 1.0)),
        ("single_choice", "a", (Outcome.INCORRECT, 0.0)),
        ("true_false", True, (Outcome.CORRECT, 1.0)),
        ("true_false", False, (Outcome.INCORRECT, 0.0)),
        ("true_false", "true", (Outcome.CORRECT, 1.0)),
        ("multiple_choice", ["c", "a"], (Outcome.CORRECT, 1.0)),
        ("multiple_choice", ["a"], (Outcome.INCORRECT, 0.0)),  # all or nothing
        ("multiple_choice", ["a", "b", "c"], (Outcome.INCORRECT, 0.0)),
        ("fill_in_blank", ["new  delhi ", "BOMBAY"], (Outcome.CORRECT, 1.0)),
        ("fill_in_blank", ["New Delhi", "Chennai"], (Outcome.PARTIAL, 0.5)),
        ("fill_in_blank", ["New Delhi", ""], (Outcome.PARTIAL, 0.5)),
        ("match", {"a": "x", "b": "y"}, (Outcome.CORRECT, 1.0)),
        ("match", {"a": "x", "b": "z"}, (Outcome.PARTIAL, 0.5)),
        ("match", {"a": "y"}, (Outcome.INCORRECT, 0.0)),
        ("match", {"a": "x", "b": ""}, (Outcome.PARTIAL, 0.5)),
        ("ordering", ["c", "a", "d", "b"], (Outcome.CORRECT, 1.0)),
        ("ordering", ["c", "a", "b", "d"], (Outcome.PARTIAL, 0.5)),
        ("ordering", ["a", "c", "b", "d"], (Outcome.INCORRECT, 0.0)),
        ("numeric", "3.14", (Outcome.CORRECT, 1.0)),
        ("numeric", 3.15, (Outcome.CORRECT, 1.0)),  # exactly at the tolerance's edge
        ("numeric", "3.13", (Outcome.CORRECT, 1.0)),
        ("numeric", "3.1501", (Outcome.INCORRECT, 0.0)),
        ("numeric", "3.1299", (Outcome.INCORRECT, 0.0)),
        ("short_text", "Acknowledged; reply by 5 May.", (Outcome.PENDING_REVIEW, 0.0)),
    ],
)
def test_every_kind_is_scored(kind: str, response: object, expected: tuple[Outcome, float]) -> None:
    assert outcome(kind, response) == expected


@pytest.mark.parametrize("kind", sorted(Q))
@pytest.mark.parametrize("response", [None, "", "   ", [], {}, ["", " "], {"a": ""}])
def test_a_missing_answer_is_blank_not_wrong(kind: str, response: object) -> None:
    assert outcome(kind, response) == (Outcome.BLANK, 0.0)


def test_false_is_an_answer_not_a_blank() -> None:
    assert outcome("true_false", False)[0] is Outcome.INCORRECT


def test_fill_in_blank_can_be_case_sensitive() -> None:
    from karmayogi.lms.assessment.items import FillInBlankKey

    question = make_question(FillInBlankKey((("pH",),), case_sensitive=True))
    assert score_response(question, "pH").outcome is Outcome.CORRECT
    assert score_response(question, "PH").outcome is Outcome.INCORRECT


def test_weighted_partial_credit_shares_marks_by_weight() -> None:
    question = make_question(MultipleChoiceKey(("a", "b", "d"), True, (0.8, 0.8, 0.4)), options=ABCD)
    assert score_response(question, ["a", "b", "d"]) == ResponseScore(Outcome.CORRECT, 1.0)
    assert score_response(question, ["a", "b"]) == ResponseScore(Outcome.PARTIAL, 0.8)
    assert score_response(question, ["d"]) == ResponseScore(Outcome.PARTIAL, 0.2)


def test_partial_credit_charges_wrong_ticks_so_ticking_all_earns_nothing() -> None:
    question = make_question(MultipleChoiceKey(("a", "b"), partial_credit=True), options=ABCD)
    assert score_response(question, ["a"]).fraction == 0.5
    assert score_response(question, ["a", "c"]).fraction == 0.0
    assert score_response(question, ["a", "b", "c"]).fraction == 0.5
    assert score_response(question, ["a", "b", "c", "d"]) == ResponseScore(Outcome.INCORRECT, 0.0)
    three_of_four = make_question(MultipleChoiceKey(("a", "b", "c"), partial_credit=True), options=ABCD)
    assert score_response(three_of_four, ["a", "b"]).fraction == pytest.approx(2 / 3)
    assert score_response(three_of_four, ["a", "b", "c", "d"]).fraction == 0.0


def test_zero_tolerance_needs_the_exact_value_however_written() -> None:
    question = make_question(NumericKey(Decimal("15")))
    assert score_response(question, "15.000").outcome is Outcome.CORRECT
    assert score_response(question, 15).outcome is Outcome.CORRECT
    assert score_response(question, "15.0001").outcome is Outcome.INCORRECT
    assert score_response(make_question(NumericKey(Decimal(1000))), " 1,000 ").outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("kind", "response", "says"),
    [
        ("single_choice", "e", "not options"),
        ("single_choice", ["b"], "expected text"),
        ("multiple_choice", "a", "expected a list"),
        ("multiple_choice", ["a", "z"], "not options"),
        ("true_false", "maybe", "true or false"),
        ("fill_in_blank", ["New Delhi"], "expected 2 answers"),
        ("match", {"a": "w"}, "not targets"),
        ("match", {"q": "x"}, "not options"),
        ("match", ["a", "x"], "pairs"),
        ("ordering", ["a", "b", "c"], "each of the 4 options once"),
        ("ordering", ["a", "a", "b", "c"], "each of the 4 options once"),
        ("numeric", "three", "not a number"),
        ("numeric", "NaN", "not a finite number"),
        ("numeric", True, "expected a number"),
        ("short_text", ["words"], "expected text"),
    ],
)
def test_a_malformed_response_is_an_error_naming_the_problem(kind: str, response: object, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as error:
        score_response(Q[kind], response)  # type: ignore[arg-type]
    assert error.value.field == "response"


def test_a_reviewer_scores_short_text_as_a_share_of_its_marks() -> None:
    assert reviewed(1.0) == ResponseScore(Outcome.CORRECT, 1.0)
    assert reviewed(0.25) == ResponseScore(Outcome.PARTIAL, 0.25)
    assert reviewed(0) == ResponseScore(Outcome.INCORRECT, 0.0)
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        reviewed(1.5)


@given(st.lists(st.sampled_from("abcdef"), max_size=8), st.booleans())
def test_multiple_choice_fraction_stays_within_zero_and_one(ticked: list[str], partial: bool) -> None:
    options = tuple(Option(v, v) for v in "abcdef")
    question = make_question(MultipleChoiceKey(("a", "c", "f"), partial, (3.0, 1.0, 0.5)), options=options)
    score = score_response(question, ticked)
    assert 0.0 <= score.fraction <= 1.0
    assert (score.outcome is Outcome.CORRECT) == (set(ticked) == {"a", "c", "f"})


@given(st.permutations(["a", "b", "c", "d"]))
def test_ordering_fraction_is_the_share_of_items_in_place(order: list[str]) -> None:
    score = score_response(Q["ordering"], order)
    in_place = sum(given == right for given, right in zip(order, ["c", "a", "d", "b"], strict=True))
    assert score.fraction == in_place / 4

"""Questions: validation naming the field, versions and retirement, and the candidate's view without keys."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from assessment_builders import ABCD, DRAFTING, make_question, one_of_each

from karmayogi.lms.assessment.bank import QuestionBank
from karmayogi.lms.assessment.items import (
    FillInBlankKey,
    IrtParameters,
    MatchKey,
    MultipleChoiceKey,
    NumericKey,
    Option,
    OrderingKey,
    QuestionKind,
    QuestionStatus,
    SingleChoiceKey,
    TrueFalseKey,
    question_view,
)
from karmayogi.lms.assessment.scoring import Outcome, score_response
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound


def test_every_kind_is_known_by_its_key() -> None:
    assert {q.kind for q in one_of_each().values()} == set(QuestionKind)


@pytest.mark.parametrize(
    ("build", "field", "says"),
    [
        (
            lambda: make_question(SingleChoiceKey("b"), options=ABCD, level=6),
            "level",
            "outside the proficiency",
        ),
        (lambda: make_question(SingleChoiceKey("b"), options=ABCD, level=0), "level", "scale 1..5"),
        (lambda: make_question(SingleChoiceKey("b"), options=ABCD, bloom="recall"), "bloom", "not a Bloom"),
        (lambda: make_question(SingleChoiceKey("e"), options=ABCD), "key.correct", "not one of the options"),
        (lambda: make_question(SingleChoiceKey("a"), options=ABCD[:1]), "options", "at least 2"),
        (lambda: make_question(SingleChoiceKey("a"), options=(*ABCD, ABCD[0])), "options", "unique"),
        (lambda: make_question(SingleChoiceKey("a"), options=ABCD, prompt=" "), "prompt", "empty"),
        (lambda: make_question(SingleChoiceKey("a"), options=ABCD, max_score=0), "max_score", "positive"),
        (lambda: make_question(MultipleChoiceKey(()), options=ABCD), "key.correct", "at least one"),
        (
            lambda: make_question(MultipleChoiceKey(("a",), True, (1, 2)), options=ABCD),
            "key.weights",
            "one weight",
        ),
        (
            lambda: make_question(MultipleChoiceKey(("a",), True, (-1,)), options=ABCD),
            "key.weights",
            "positive",
        ),
        (lambda: make_question(TrueFalseKey(True), options=ABCD), "options", "has no options"),
        (lambda: make_question(FillInBlankKey(((),))), "key.blanks[0]", "accepted answer"),
        (
            lambda: make_question(MatchKey((("a", "x"),)), options=ABCD[:2], targets=ABCD),
            "key.pairs",
            "every left",
        ),
        (lambda: make_question(OrderingKey(("a", "b")), options=ABCD), "key.order", "every option"),
        (lambda: make_question(NumericKey(Decimal(1), Decimal(-1))), "key.tolerance", "zero or more"),
    ],
)
def test_a_bad_question_is_refused_naming_the_field(build, field: str, says: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=says) as error:
        build()
    assert error.value.field == field


@pytest.mark.parametrize(
    ("params", "field"),
    [((0.0, 0.0, 0.0), "irt.a"), ((1.0, float("inf"), 0.0), "irt.b"), ((1.0, 0.0, 1.0), "irt.c")],
)
def test_irt_parameters_are_checked(params: tuple[float, float, float], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        IrtParameters(*params)
    assert error.value.field == field


def test_a_revision_is_a_new_version_and_old_attempts_are_scored_against_the_old_one() -> None:
    first = make_question(SingleChoiceKey("b"), options=ABCD)
    second = first.revised(key=SingleChoiceKey("c"))
    bank = QuestionBank([first, second])
    assert bank.current("q1").version == 2
    assert score_response(bank.get("q1", 1), "b").outcome is Outcome.CORRECT
    assert score_response(bank.get("q1", 2), "b").outcome is Outcome.INCORRECT


def test_versions_must_follow_in_order() -> None:
    first = make_question(SingleChoiceKey("b"), options=ABCD)
    with pytest.raises(Conflict, match="expects version 2"):
        QuestionBank([first, first])
    with pytest.raises(NotFound):
        QuestionBank([first]).get("q1", 2)


def test_retiring_stops_new_draws_but_keeps_every_version_scorable() -> None:
    bank = QuestionBank([make_question(SingleChoiceKey("b"), options=ABCD)])
    assert [q.id for q in bank.drawable(DRAFTING, 2)] == ["q1"]
    bank.retire("q1")
    assert bank.drawable(DRAFTING, 2) == []
    retired = bank.get("q1", 1)
    assert retired.status is QuestionStatus.RETIRED
    assert score_response(retired, "b").outcome is Outcome.CORRECT


@pytest.mark.parametrize("kind", sorted(one_of_each()))
def test_the_candidates_view_carries_no_key_tags_or_parameters(kind: str) -> None:
    question = one_of_each()[kind]
    question = dataclasses.replace(question, irt=IrtParameters(1.2, 0.3, 0.2))
    view = question_view(question)
    fields = {f.name for f in dataclasses.fields(view)}
    assert fields.isdisjoint({"key", "irt", "competency_id", "level", "bloom", "difficulty", "status"})
    rendered = repr(view)
    for secret in ("New Delhi", "Bombay", "3.14", "Acknowledge and give a date", "0.3"):
        assert secret not in rendered


def test_the_view_shows_options_in_the_papers_order_and_true_false_choices() -> None:
    question = make_question(SingleChoiceKey("b"), options=ABCD)
    assert [o.value for o in question_view(question, ("d", "a", "c", "b")).options] == ["d", "a", "c", "b"]
    true_false = question_view(make_question(TrueFalseKey(False)))
    assert true_false.options == (Option("true", "True"), Option("false", "False"))
    assert question_view(one_of_each()["fill_in_blank"]).blanks == 2

"""A paper's result: totals and counts, negative marking, section and overall pass marks, reviews."""

from __future__ import annotations

import pytest
from assessment_builders import ABCD, make_question, one_of_each

from karmayogi.lms.assessment.forms import Paper, PaperQuestion, PaperSection
from karmayogi.lms.assessment.items import SingleChoiceKey
from karmayogi.lms.assessment.results import grade_paper
from karmayogi.lms.errors import InvalidInput


def choice(i: int, max_score: float = 1.0):  # type: ignore[no-untyped-def]
    return make_question(SingleChoiceKey("a"), id=f"q{i}", options=ABCD, max_score=max_score)


def paper(*sections: PaperSection, pass_mark: float = 0.5) -> Paper:
    return Paper(seed=0, sections=sections, pass_mark=pass_mark)


def section(title: str, questions, pass_mark: float = 0.0, negative_mark: float = 0.0) -> PaperSection:  # type: ignore[no-untyped-def]
    return PaperSection(title, tuple(PaperQuestion(q) for q in questions), pass_mark, negative_mark)


def test_totals_count_correct_incorrect_and_blank() -> None:
    result = grade_paper(
        paper(section("A", [choice(i) for i in range(5)])), {"q0": "a", "q1": "a", "q2": "b", "q3": None}
    )
    tally = result.tally
    assert (tally.marks, tally.max_marks) == (2.0, 5.0)
    assert (tally.correct, tally.incorrect, tally.blank, tally.partial, tally.pending_review) == (
        2,
        1,
        2,
        0,
        0,
    )
    assert tally.passed is False
    assert [q.outcome.value for q in result.sections[0].questions] == [
        "correct",
        "correct",
        "incorrect",
        "blank",
        "blank",
    ]


def test_negative_marking_charges_wrong_answers_only() -> None:
    questions = [choice(0, 4.0), choice(1, 4.0), choice(2, 4.0)]
    result = grade_paper(paper(section("A", questions, negative_mark=0.25)), {"q0": "a", "q1": "c"})
    assert [q.marks for q in result.sections[0].questions] == [4.0, -1.0, 0.0]
    assert result.tally.marks == 3.0


def test_a_total_can_fall_below_zero_with_negative_marking() -> None:
    result = grade_paper(
        paper(section("A", [choice(0), choice(1)], negative_mark=1 / 3)), {"q0": "b", "q1": "b"}
    )
    assert result.tally.marks == pytest.approx(-2 / 3)
    assert result.tally.passed is False


def test_partial_credit_is_not_charged_as_wrong() -> None:
    blanks = one_of_each()["fill_in_blank"]
    result = grade_paper(
        paper(section("A", [blanks], negative_mark=1.0)), {"fill_in_blank": ["New Delhi", "x"]}
    )
    assert result.tally.marks == 0.5
    assert result.tally.partial == 1


def test_every_section_must_pass_as_well_as_the_whole() -> None:
    strong = section("Procedure", [choice(i) for i in range(8)], pass_mark=0.5)
    weak = section("Drafting", [choice(i) for i in range(8, 10)], pass_mark=0.5)
    all_but_drafting = {f"q{i}": "a" for i in range(8)}
    result = grade_paper(paper(strong, weak, pass_mark=0.6), all_but_drafting)
    assert result.tally.marks == 8.0
    assert [s.tally.passed for s in result.sections] == [True, False]
    assert result.tally.passed is False
    passed = grade_paper(paper(strong, weak, pass_mark=0.6), {**all_but_drafting, "q8": "a"})
    assert passed.tally.passed is True


def test_a_pass_mark_met_exactly_passes_despite_float_sums() -> None:
    questions = [choice(i, 0.1) for i in range(3)]
    result = grade_paper(paper(section("A", questions), pass_mark=1.0), {"q0": "a", "q1": "a", "q2": "a"})
    assert result.tally.passed is True


def test_a_pending_review_withholds_the_verdict_until_scored() -> None:
    essay = one_of_each()["short_text"]
    answers = {"q0": "a", "short_text": "Acknowledged; reply by 5 May."}
    pending = grade_paper(paper(section("A", [choice(0), essay])), answers)
    assert pending.tally.pending_review == 1
    assert pending.tally.passed is None
    assert pending.sections[0].tally.passed is None
    reviewed = grade_paper(paper(section("A", [choice(0), essay])), answers, reviews={"short_text": 0.5})
    assert (reviewed.tally.marks, reviewed.tally.partial, reviewed.tally.passed) == (2.0, 1, True)


def test_answers_to_questions_not_on_the_paper_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"\['q9'\] are not questions of this paper"):
        grade_paper(paper(section("A", [choice(0)])), {"q0": "a", "q9": "a"})

"""A paper's result: marks after negative marking, counts by outcome, pass or fail per section and overall.

A paper with a short-text answer still waiting for its reviewer has marks so far but no verdict
(`passed` is None), since the review could still tip it either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from karmayogi.lms.errors import InvalidInput

from .forms import Paper, PaperSection
from .scoring import Outcome, Response, ResponseScore, reviewed, score_response

# Marks are sums of float shares; compare to the pass mark with this slack so 0.1 + 0.2 passes 0.3.
EPSILON = 1e-9


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    version: int
    outcome: Outcome
    marks: float
    max_marks: float


@dataclass(frozen=True)
class Tally:
    """Marks and counts by outcome over some questions; `passed` is None while reviews are pending."""

    marks: float
    max_marks: float
    correct: int
    partial: int
    incorrect: int
    blank: int
    pending_review: int
    passed: bool | None


@dataclass(frozen=True)
class SectionResult:
    title: str
    tally: Tally
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class PaperResult:
    tally: Tally
    sections: tuple[SectionResult, ...]


def grade_paper(
    paper: Paper, responses: Mapping[str, Response], reviews: Mapping[str, float] | None = None
) -> PaperResult:
    """Scores every question of the paper; `responses` and `reviews` (a reviewer's share) are by question id.

    A response to a question that is not on the paper is refused rather than ignored.
    """
    reviews = reviews or {}
    on_paper = {pq.question.id for s in paper.sections for pq in s.questions}
    stray = sorted(set(responses) - on_paper) + sorted(set(reviews) - on_paper)
    if stray:
        raise InvalidInput("responses", f"{stray} are not questions of this paper")
    sections = tuple(_grade_section(s, responses, reviews) for s in paper.sections)
    questions = [q for s in sections for q in s.questions]
    overall = _tally(questions, paper.pass_mark)
    if overall.passed is not None:
        overall = replace(overall, passed=overall.passed and all(s.tally.passed for s in sections))
    return PaperResult(overall, sections)


def _grade_section(
    section: PaperSection, responses: Mapping[str, Response], reviews: Mapping[str, float]
) -> SectionResult:
    results = []
    for placed in section.questions:
        question = placed.question
        score = score_response(question, responses.get(question.id))
        if score.outcome is Outcome.PENDING_REVIEW and question.id in reviews:
            score = reviewed(reviews[question.id])
        results.append(
            QuestionResult(
                question.id,
                question.version,
                score.outcome,
                _marks(score, question.max_score, section.negative_mark),
                question.max_score,
            )
        )
    return SectionResult(section.title, _tally(results, section.pass_mark), tuple(results))


def _marks(score: ResponseScore, max_score: float, negative_mark: float) -> float:
    if score.outcome is Outcome.INCORRECT:
        return -negative_mark * max_score
    return score.fraction * max_score


def _tally(results: list[QuestionResult], pass_mark: float) -> Tally:
    counts = Counter(r.outcome for r in results)
    marks = round(sum(r.marks for r in results), 9)
    max_marks = round(sum(r.max_marks for r in results), 9)
    pending = counts[Outcome.PENDING_REVIEW]
    return Tally(
        marks=marks,
        max_marks=max_marks,
        correct=counts[Outcome.CORRECT],
        partial=counts[Outcome.PARTIAL],
        incorrect=counts[Outcome.INCORRECT],
        blank=counts[Outcome.BLANK],
        pending_review=pending,
        passed=None if pending else marks + EPSILON >= pass_mark * max_marks,
    )

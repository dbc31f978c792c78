"""Questions of the item bank: answer keys by kind, competency tags, IRT parameters, and the candidate's view.

A question is immutable. Editing makes a new version and retiring only stops new papers drawing it, so
an attempt is always scored against the exact version it showed. The kind follows from the key's
type, so a question cannot claim one kind and carry the key of another.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from karmayogi.frac.model import DEFAULT_SCALE
from karmayogi.lms.errors import InvalidInput


class QuestionKind(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    FILL_IN_BLANK = "fill_in_blank"
    MATCH = "match"
    ORDERING = "ordering"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"


class BloomLevel(StrEnum):
    """Bloom's revised taxonomy, spelt as Sunbird's `complexityLevel` spells it."""

    REMEMBER = "remember"
    UNDERSTAND = "understand"
    APPLY = "apply"
    ANALYSE = "analyse"
    EVALUATE = "evaluate"
    CREATE = "create"


class Difficulty(StrEnum):
    """The author's rating, kept beside the calibrated IRT difficulty `b` that replaces it once known."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class QuestionStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


TRUE_FALSE_OPTIONS = (Option("true", "True"), Option("false", "False"))


@dataclass(frozen=True)
class IrtParameters:
    """Three-parameter logistic item: discrimination `a`, difficulty `b`, guessing floor `c` (0 for 2PL)."""

    a: float
    b: float
    c: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.a) and self.a > 0):
            raise InvalidInput("irt.a", f"discrimination must be a positive number, got {self.a}")
        if not math.isfinite(self.b):
            raise InvalidInput("irt.b", f"difficulty must be a finite number, got {self.b}")
        if not (0 <= self.c < 1):
            raise InvalidInput("irt.c", f"guessing must lie in [0, 1), got {self.c}")


@dataclass(frozen=True)
class SingleChoiceKey:
    correct: str


@dataclass(frozen=True)
class MultipleChoiceKey:
    """Correct options, each with a weight (equal when omitted) that partial credit shares out."""

    correct: tuple[str, ...]
    partial_credit: bool = False
    weights: tuple[float, ...] = ()

    @property
    def option_weights(self) -> dict[str, float]:
        weights = self.weights or (1.0,) * len(self.correct)
        return dict(zip(self.correct, weights, strict=True))


@dataclass(frozen=True)
class TrueFalseKey:
    answer: bool


@dataclass(frozen=True)
class FillInBlankKey:
    """For each blank in order, the answers accepted there."""

    blanks: tuple[tuple[str, ...], ...]
    case_sensitive: bool = False


@dataclass(frozen=True)
class MatchKey:
    """(left option value, right option value) for every left option."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OrderingKey:
    order: tuple[str, ...]


@dataclass(frozen=True)
class NumericKey:
    """Decimal, not float, so an answer exactly at the tolerance's edge counts as it reads on paper."""

    value: Decimal
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class ShortTextKey:
    """Scored by a reviewer; the model answer and rubric are for them, never for the candidate."""

    model_answer: str = ""
    rubric: str = ""


AnswerKey = (
    SingleChoiceKey
    | MultipleChoiceKey
    | TrueFalseKey
    | FillInBlankKey
    | MatchKey
    | OrderingKey
    | NumericKey
    | ShortTextKey
)

KIND_OF_KEY: dict[type, QuestionKind] = {
    SingleChoiceKey: QuestionKind.SINGLE_CHOICE,
    MultipleChoiceKey: QuestionKind.MULTIPLE_CHOICE,
    TrueFalseKey: QuestionKind.TRUE_FALSE,
    FillInBlankKey: QuestionKind.FILL_IN_BLANK,
    MatchKey: QuestionKind.MATCH,
    OrderingKey: QuestionKind.ORDERING,
    NumericKey: QuestionKind.NUMERIC,
    ShortTextKey: QuestionKind.SHORT_TEXT,
}


@dataclass(frozen=True)
class Question:
    """One version of a bank question, tagged with the competency and level it gives evidence of.

    `options` are the choices, the items to order, or the left column of a match; `targets` is the
    right column of a match. `irt` stays None until the question has been calibrated.
    """

    id: str
    prompt: str
    key: AnswerKey
    competency_id: uuid.UUID
    level: int
    bloom: BloomLevel
    options: tuple[Option, ...] = ()
    targets: tuple[Option, ...] = ()
    max_score: float = 1.0
    difficulty: Difficulty = Difficulty.MEDIUM
    irt: IrtParameters | None = None
    version: int = 1
    status: QuestionStatus = QuestionStatus.ACTIVE

    def __post_init__(self) -> None:
        _check_question(self)

    @property
    def kind(self) -> QuestionKind:
        return KIND_OF_KEY[type(self.key)]

    @property
    def is_auto_scored(self) -> bool:
        return self.kind is not QuestionKind.SHORT_TEXT

    def revised(self, **changes: Any) -> Question:
        """The next version with `changes` applied; the old version stays scorable as it was."""
        return replace(self, version=self.version + 1, status=QuestionStatus.ACTIVE, **changes)

    def retired(self) -> Question:
        return replace(self, status=QuestionStatus.RETIRED)


@dataclass(frozen=True)
class QuestionView:
    """What a candidate's client receives: everything needed to answer, nothing that gives the answer."""

    id: str
    version: int
    kind: QuestionKind
    prompt: str
    options: tuple[Option, ...]
    targets: tuple[Option, ...]
    blanks: int
    max_score: float


def question_view(
    question: Question, option_order: tuple[str, ...] = (), target_order: tuple[str, ...] = ()
) -> QuestionView:
    """The candidate's view, with options (and match targets) in the given display order."""
    options = TRUE_FALSE_OPTIONS if question.kind is QuestionKind.TRUE_FALSE else question.options
    return QuestionView(
        id=question.id,
        version=question.version,
        kind=question.kind,
        prompt=question.prompt,
        options=_ordered(options, option_order),
        targets=_ordered(question.targets, target_order),
        blanks=len(question.key.blanks) if isinstance(question.key, FillInBlankKey) else 0,
        max_score=question.max_score,
    )


def _ordered(options: tuple[Option, ...], order: tuple[str, ...]) -> tuple[Option, ...]:
    if not order:
        return options
    by_value = {o.value: o for o in options}
    return tuple(by_value[v] for v in order)


def check_level(field: str, level: object) -> int:
    """The level if it is on the project's proficiency scale, else an error naming the field."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in DEFAULT_SCALE:
        raise InvalidInput(field, f"{level!r} is outside the proficiency scale 1..{DEFAULT_SCALE.top}")
    return level


def _check_question(q: Question) -> None:
    if not q.id.strip():
        raise InvalidInput("id", "must not be empty")
    if not q.prompt.strip():
        raise InvalidInput("prompt", "must not be empty")
    if type(q.key) not in KIND_OF_KEY:
        raise InvalidInput("key", f"{type(q.key).__name__} is not an answer key")
    check_level("level", q.level)
    if not isinstance(q.bloom, BloomLevel):
        raise InvalidInput("bloom", f"{q.bloom!r} is not a Bloom level ({', '.join(BloomLevel)})")
    if not (math.isfinite(q.max_score) and q.max_score > 0):
        raise InvalidInput("max_score", f"must be a positive number, got {q.max_score}")
    if q.version < 1:
        raise InvalidInput("version", f"must be 1 or more, got {q.version}")
    for field, options in (("options", q.options), ("targets", q.targets)):
        values = [o.value for o in options]
        if any(not v.strip() for v in values):
            raise InvalidInput(field, "an option has an empty value")
        if len(set(values)) != len(values):
            raise InvalidInput(field, "option values must be unique")
    _KEY_CHECKS[type(q.key)](q)


def _needs_options(q: Question, least: int) -> set[str]:
    if len(q.options) < least:
        raise InvalidInput("options", f"a {q.kind} question needs at least {least} options")
    return {o.value for o in q.options}


def _no_options(q: Question) -> None:
    if q.options or q.targets:
        raise InvalidInput("options", f"a {q.kind} question has no options")


def _check_single_choice(q: Question) -> None:
    assert isinstance(q.key, SingleChoiceKey)
    if q.key.correct not in _needs_options(q, 2):
        raise InvalidInput("key.correct", f"{q.key.correct!r} is not one of the options")


def _check_multiple_choice(q: Question) -> None:
    assert isinstance(q.key, MultipleChoiceKey)
    values = _needs_options(q, 2)
    if not q.key.correct:
        raise InvalidInput("key.correct", "at least one option must be correct")
    if len(set(q.key.correct)) != len(q.key.correct):
        raise InvalidInput("key.correct", "lists an option twice")
    unknown = [v for v in q.key.correct if v not in values]
    if unknown:
        raise InvalidInput("key.correct", f"{unknown} are not options")
    if q.key.weights and len(q.key.weights) != len(q.key.correct):
        raise InvalidInput("key.weights", "needs one weight per correct option")
    if any(not (math.isfinite(w) and w > 0) for w in q.key.weights):
        raise InvalidInput("key.weights", "weights must be positive numbers")


def _check_true_false(q: Question) -> None:
    _no_options(q)


def _check_fill_in_blank(q: Question) -> None:
    assert isinstance(q.key, FillInBlankKey)
    _no_options(q)
    if not q.key.blanks:
        raise InvalidInput("key.blanks", "needs at least one blank")
    for i, accepted in enumerate(q.key.blanks):
        if not accepted or any(not a.strip() for a in accepted):
            raise InvalidInput(f"key.blanks[{i}]", "needs at least one non-empty accepted answer")


def _check_match(q: Question) -> None:
    assert isinstance(q.key, MatchKey)
    lefts = _needs_options(q, 2)
    if len(q.targets) < 2:
        raise InvalidInput("targets", "a match question needs at least 2 targets")
    rights = {o.value for o in q.targets}
    paired = [left for left, _ in q.key.pairs]
    if sorted(paired) != sorted(lefts):
        raise InvalidInput("key.pairs", "must pair every left option exactly once")
    unknown = [right for _, right in q.key.pairs if right not in rights]
    if unknown:
        raise InvalidInput("key.pairs", f"{unknown} are not targets")


def _check_ordering(q: Question) -> None:
    assert isinstance(q.key, OrderingKey)
    values = _needs_options(q, 2)
    if sorted(q.key.order) != sorted(values):
        raise InvalidInput("key.order", "must list every option exactly once")


def _check_numeric(q: Question) -> None:
    assert isinstance(q.key, NumericKey)
    _no_options(q)
    if not q.key.value.is_finite():
        raise InvalidInput("key.value", "must be a finite number")
    if not (q.key.tolerance.is_finite() and q.key.tolerance >= 0):
        raise InvalidInput("key.tolerance", f"must be zero or more, got {q.key.tolerance}")


def _check_short_text(q: Question) -> None:
    _no_options(q)


_KEY_CHECKS = {
    SingleChoiceKey: _check_single_choice,
    MultipleChoiceKey: _check_multiple_choice,
    TrueFalseKey: _check_true_false,
    FillInBlankKey: _check_fill_in_blank,
    MatchKey: _check_match,
    OrderingKey: _check_ordering,
    NumericKey: _check_numeric,
    ShortTextKey: _check_short_text,
}

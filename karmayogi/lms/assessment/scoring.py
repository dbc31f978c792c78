"""Score one response to one question: the share of its marks earned and whether it was right, partly right,
wrong, left blank, or is waiting for a reviewer.

A response of the wrong shape, or naming an option the question does not have, is an error rather than
a wrong answer: it means the client is broken or forged, and silently marking it wrong would hide that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from karmayogi.lms.errors import InvalidInput

from .items import (
    FillInBlankKey,
    MatchKey,
    MultipleChoiceKey,
    NumericKey,
    OrderingKey,
    Question,
    ShortTextKey,
    SingleChoiceKey,
    TrueFalseKey,
)

# What a client may send per kind: an option value; several; a boolean; one text per blank; left→right
# pairs; option values in order; a number; free text. None (or empty) is a blank.
Response = str | bool | int | float | Decimal | Sequence[str] | Mapping[str, str] | None


class Outcome(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    BLANK = "blank"
    PENDING_REVIEW = "pending_review"


@dataclass(frozen=True)
class ResponseScore:
    """`fraction` of the question's max score earned, in [0, 1]; 0 while a reviewer has yet to score it."""

    outcome: Outcome
    fraction: float


BLANK = ResponseScore(Outcome.BLANK, 0.0)


def score_response(question: Question, response: Response) -> ResponseScore:
    if _is_blank(response):
        return BLANK
    key = question.key
    match key:
        case SingleChoiceKey():
            return _all_or_nothing(_one_option(question, response) == key.correct)
        case TrueFalseKey():
            return _all_or_nothing(_boolean(response) == key.answer)
        case MultipleChoiceKey():
            return _multiple_choice(question, key, response)
        case FillInBlankKey():
            return _fill_in_blank(key, response)
        case MatchKey():
            return _match(question, key, response)
        case OrderingKey():
            return _ordering(question, key, response)
        case NumericKey():
            return _all_or_nothing(abs(_number(response) - key.value) <= key.tolerance)
        case ShortTextKey():
            _text(response)
            return ResponseScore(Outcome.PENDING_REVIEW, 0.0)
    raise AssertionError(f"unscorable key {key!r}")


def reviewed(fraction: float) -> ResponseScore:
    """A reviewer's score for a short-text answer, as a share of the question's marks."""
    if not 0 <= fraction <= 1:
        raise InvalidInput("review", f"must be a share of the marks between 0 and 1, got {fraction}")
    return _graded(fraction)


def _graded(fraction: float) -> ResponseScore:
    fraction = round(min(1.0, max(0.0, fraction)), 9)
    if fraction == 1:
        return ResponseScore(Outcome.CORRECT, 1.0)
    if fraction == 0:
        return ResponseScore(Outcome.INCORRECT, 0.0)
    return ResponseScore(Outcome.PARTIAL, fraction)


def _all_or_nothing(right: bool) -> ResponseScore:
    return _graded(1.0 if right else 0.0)


def _is_blank(response: Response) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, Mapping):
        return not any(isinstance(v, str) and v.strip() for v in response.values())
    if isinstance(response, Sequence):
        return all(isinstance(r, str) and not r.strip() for r in response)
    return False


def _text(response: Response) -> str:
    if not isinstance(response, str):
        raise InvalidInput("response", f"expected text, got {type(response).__name__}")
    return response


def _texts(response: Response) -> list[str]:
    if isinstance(response, str) or not isinstance(response, Sequence):
        raise InvalidInput("response", f"expected a list, got {type(response).__name__}")
    return [_text(r) for r in response]


def _known(question: Question, values: list[str]) -> None:
    allowed = {o.value for o in question.options}
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput("response", f"{unknown} are not options of question {question.id}")


def _one_option(question: Question, response: Response) -> str:
    value = _text(response)
    _known(question, [value])
    return value


def _boolean(response: Response) -> bool:
    if isinstance(response, bool):
        return response
    if isinstance(response, str) and response.strip().lower() in ("true", "false"):
        return response.strip().lower() == "true"
    raise InvalidInput("response", f"expected true or false, got {response!r}")


def _number(response: Response) -> Decimal:
    if isinstance(response, bool) or not isinstance(response, str | int | float | Decimal):
        raise InvalidInput("response", f"expected a number, got {type(response).__name__}")
    try:
        number = Decimal(str(response).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput("response", f"{response!r} is not a number") from None
    if not number.is_finite():
        raise InvalidInput("response", f"{response!r} is not a finite number")
    return number


def _multiple_choice(question: Question, key: MultipleChoiceKey, response: Response) -> ResponseScore:
    chosen = set(_texts(response))
    _known(question, sorted(chosen))
    correct = set(key.correct)
    if not key.partial_credit:
        return _all_or_nothing(chosen == correct)
    # The wrong options share a penalty as large as all the marks, so ticking every box earns nothing.
    weights = key.option_weights
    total = sum(weights.values())
    wrong_options = len(question.options) - len(correct)
    penalty = len(chosen - correct) * total / wrong_options if wrong_options else 0.0
    return _graded((sum(weights[v] for v in chosen & correct) - penalty) / total)


def _normal(text: str, case_sensitive: bool) -> str:
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


def _fill_in_blank(key: FillInBlankKey, response: Response) -> ResponseScore:
    answers = [response] if isinstance(response, str) else response
    answers = _texts(answers)
    if len(answers) != len(key.blanks):
        raise InvalidInput(
            "response", f"expected {len(key.blanks)} answers, one per blank, got {len(answers)}"
        )
    right = sum(
        _normal(answer, key.case_sensitive) in {_normal(a, key.case_sensitive) for a in accepted}
        for answer, accepted in zip(answers, key.blanks, strict=True)
    )
    return _graded(right / len(key.blanks))


def _match(question: Question, key: MatchKey, response: Response) -> ResponseScore:
    if not isinstance(response, Mapping):
        raise InvalidInput("response", f"expected left→right pairs, got {type(response).__name__}")
    pairs = {
        left: right for left, right in response.items() if not (isinstance(right, str) and not right.strip())
    }
    _known(question, sorted(pairs))
    targets = {o.value for o in question.targets}
    unknown = sorted(str(r) for r in pairs.values() if r not in targets)
    if unknown:
        raise InvalidInput("response", f"{unknown} are not targets of question {question.id}")
    right = sum(pairs.get(left) == target for left, target in key.pairs)
    return _graded(right / len(key.pairs))


def _ordering(question: Question, key: OrderingKey, response: Response) -> ResponseScore:
    order = _texts(response)
    if sorted(order) != sorted(key.order):
        raise InvalidInput("response", f"must list each of the {len(key.order)} options once")
    # Per position, as QuML's arrange-sequence mapping scores it.
    right = sum(given == expected for given, expected in zip(order, key.order, strict=True))
    return _graded(right / len(key.order))

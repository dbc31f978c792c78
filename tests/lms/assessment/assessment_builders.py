"""Questions of every kind for the assessment tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from karmayogi.lms.assessment.items import (
    BloomLevel,
    FillInBlankKey,
    MatchKey,
    MultipleChoiceKey,
    NumericKey,
    Option,
    OrderingKey,
    Question,
    ShortTextKey,
    SingleChoiceKey,
    TrueFalseKey,
)

DRAFTING = uuid.UUID("00000000-0000-4000-8000-000000000042")
ABCD = tuple(Option(v, f"Option {v.upper()}") for v in "abcd")


def make_question(key: object, **fields: object) -> Question:
    defaults: dict[str, object] = {
        "id": "q1",
        "prompt": "<p>Which?</p>",
        "competency_id": DRAFTING,
        "level": 2,
        "bloom": BloomLevel.REMEMBER,
    }
    return Question(key=key, **{**defaults, **fields})  # type: ignore[arg-type]


def one_of_each() -> dict[str, Question]:
    """A question of every kind, each with its kind as its id."""
    questions = [
        make_question(SingleChoiceKey("b"), id="single_choice", options=ABCD),
        make_question(MultipleChoiceKey(("a", "c")), id="multiple_choice", options=ABCD),
        make_question(TrueFalseKey(True), id="true_false"),
        make_question(FillInBlankKey((("New Delhi",), ("Mumbai", "Bombay"))), id="fill_in_blank"),
        make_question(
            MatchKey((("a", "x"), ("b", "y"))),
            id="match",
            options=ABCD[:2],
            targets=(Option("x", "X"), Option("y", "Y"), Option("z", "Z")),
        ),
        make_question(OrderingKey(("c", "a", "d", "b")), id="ordering", options=ABCD),
        make_question(NumericKey(Decimal("3.14"), Decimal("0.01")), id="numeric"),
        make_question(ShortTextKey("Acknowledge and give a date."), id="short_text", max_score=2.0),
    ]
    return {q.id: q for q in questions}

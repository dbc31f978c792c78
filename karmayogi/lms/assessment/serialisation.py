"""Questions, forms, papers and results as JSON: how the bank stores them and how authors send them.

Reading a question is strict (every field named, every value checked, unknown fields refused)
because authors write these documents by hand; the pure model then checks what the question means.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from karmayogi.lms.errors import InvalidInput

from .forms import AssessmentForm, AttemptRules, Paper, PaperQuestion, PaperSection, PoolDraw, Section
from .items import (
    KIND_OF_KEY,
    AnswerKey,
    BloomLevel,
    Difficulty,
    FillInBlankKey,
    IrtParameters,
    MatchKey,
    MultipleChoiceKey,
    NumericKey,
    Option,
    OrderingKey,
    Question,
    QuestionKind,
    QuestionStatus,
    ShortTextKey,
    SingleChoiceKey,
    TrueFalseKey,
)
from .results import PaperResult, Tally

QUESTION_FIELDS = frozenset(
    {
        "id",
        "kind",
        "prompt",
        "key",
        "options",
        "targets",
        "competency_id",
        "level",
        "bloom",
        "max_score",
        "difficulty",
        "irt",
    }
)
KEY_OF_KIND = {kind: key for key, kind in KIND_OF_KEY.items()}
E = TypeVar("E", QuestionKind, BloomLevel, Difficulty)


def question_to_json(question: Question) -> dict[str, Any]:
    """The question without its version and status, which the bank keeps beside it."""
    return {
        "id": question.id,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "key": {f.name: _plain(getattr(question.key, f.name)) for f in dataclasses.fields(question.key)},
        "options": [_option_json(o) for o in question.options],
        "targets": [_option_json(o) for o in question.targets],
        "competency_id": str(question.competency_id),
        "level": question.level,
        "bloom": question.bloom.value,
        "max_score": question.max_score,
        "difficulty": question.difficulty.value,
        "irt": None if question.irt is None else dataclasses.asdict(question.irt),
    }


def question_from_json(
    document: Mapping[str, Any], version: int = 1, status: QuestionStatus = QuestionStatus.ACTIVE
) -> Question:
    unknown = sorted(set(document) - QUESTION_FIELDS)
    if unknown:
        raise InvalidInput(unknown[0], "is not a field of a question")
    kind = _enum("kind", QuestionKind, document.get("kind"))
    irt = document.get("irt")
    if irt is not None and not isinstance(irt, Mapping):
        raise InvalidInput("irt", "must be an object {a, b, c} or null")
    return Question(
        id=_text("id", document.get("id")),
        prompt=_text("prompt", document.get("prompt")),
        key=_key(kind, document.get("key")),
        competency_id=_uuid("competency_id", document.get("competency_id")),
        level=document.get("level"),  # type: ignore[arg-type]  # the model checks the scale
        bloom=_enum("bloom", BloomLevel, document.get("bloom")),
        options=_options("options", document.get("options", [])),
        targets=_options("targets", document.get("targets", [])),
        max_score=_number("max_score", document.get("max_score", 1.0)),
        difficulty=_enum("difficulty", Difficulty, document.get("difficulty", Difficulty.MEDIUM.value)),
        irt=None
        if irt is None
        else IrtParameters(
            _number("irt.a", irt.get("a")),
            _number("irt.b", irt.get("b")),
            _number("irt.c", irt.get("c", 0.0)),
        ),
        version=version,
        status=status,
    )


def form_to_json(form: AssessmentForm) -> dict[str, Any]:
    """The form without its title, which the assessment row keeps."""
    return {
        "sections": [
            {
                "title": s.title,
                "question_ids": list(s.question_ids),
                "draws": [
                    {
                        "competency_id": str(d.competency_id),
                        "level": d.level,
                        "count": d.count,
                        "bloom": d.bloom.value if d.bloom else None,
                    }
                    for d in s.draws
                ],
                "pass_mark": s.pass_mark,
                "negative_mark": s.negative_mark,
            }
            for s in form.sections
        ],
        "pass_mark": form.pass_mark,
        "time_limit_seconds": int(form.rules.time_limit.total_seconds()),
        "max_attempts": form.rules.max_attempts,
        "cooldown_seconds": int(form.rules.cooldown.total_seconds()),
        "shuffle_questions": form.shuffle_questions,
        "shuffle_options": form.shuffle_options,
    }


def form_from_json(title: str, document: Mapping[str, Any]) -> AssessmentForm:
    """A form from its stored document, or from a request body already checked for types."""
    return AssessmentForm(
        title=title,
        sections=tuple(
            Section(
                title=s["title"],
                question_ids=tuple(s.get("question_ids", ())),
                draws=tuple(
                    PoolDraw(
                        uuid.UUID(str(d["competency_id"])),
                        d["level"],
                        d["count"],
                        BloomLevel(d["bloom"]) if d.get("bloom") else None,
                    )
                    for d in s.get("draws", ())
                ),
                pass_mark=s.get("pass_mark", 0.0),
                negative_mark=s.get("negative_mark", 0.0),
            )
            for s in document["sections"]
        ),
        rules=AttemptRules(
            time_limit=timedelta(seconds=document["time_limit_seconds"]),
            max_attempts=document.get("max_attempts"),
            cooldown=timedelta(seconds=document.get("cooldown_seconds", 0)),
        ),
        pass_mark=document.get("pass_mark", 0.0),
        shuffle_questions=document.get("shuffle_questions", False),
        shuffle_options=document.get("shuffle_options", False),
    )


def paper_to_json(paper: Paper) -> dict[str, Any]:
    """What was placed on the paper, by question id and version: never the questions themselves."""
    return {
        "seed": paper.seed,
        "pass_mark": paper.pass_mark,
        "sections": [
            {
                "title": s.title,
                "pass_mark": s.pass_mark,
                "negative_mark": s.negative_mark,
                "questions": [
                    {
                        "id": q.question.id,
                        "version": q.question.version,
                        "option_order": list(q.option_order),
                        "target_order": list(q.target_order),
                    }
                    for q in s.questions
                ],
            }
            for s in paper.sections
        ],
    }


def paper_versions(document: Mapping[str, Any]) -> set[tuple[str, int]]:
    """The (question id, version) pairs a stored paper names."""
    return {(q["id"], q["version"]) for s in document["sections"] for q in s["questions"]}


def paper_from_json(document: Mapping[str, Any], questions: Mapping[tuple[str, int], Question]) -> Paper:
    """The paper again, with the exact versions it was sat with taken from `questions`."""
    return Paper(
        seed=document["seed"],
        pass_mark=document["pass_mark"],
        sections=tuple(
            PaperSection(
                title=s["title"],
                questions=tuple(
                    PaperQuestion(
                        questions[(q["id"], q["version"])], tuple(q["option_order"]), tuple(q["target_order"])
                    )
                    for q in s["questions"]
                ),
                pass_mark=s["pass_mark"],
                negative_mark=s["negative_mark"],
            )
            for s in document["sections"]
        ),
    )


def result_to_json(result: PaperResult) -> dict[str, Any]:
    return {
        **_tally(result.tally),
        "sections": [
            {
                "title": s.title,
                **_tally(s.tally),
                "questions": [{**dataclasses.asdict(q), "outcome": q.outcome.value} for q in s.questions],
            }
            for s in result.sections
        ],
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return dataclasses.asdict(tally)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def _option_json(option: Option) -> dict[str, str]:
    return {"value": option.value, "label": option.label}


def _key(kind: QuestionKind, raw: Any) -> AnswerKey:
    if not isinstance(raw, Mapping):
        raise InvalidInput("key", f"a {kind} question needs its answer key as an object")
    key_type = KEY_OF_KIND[kind]
    known = {f.name for f in dataclasses.fields(key_type)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInput(
            f"key.{unknown[0]}", f"is not a field of a {kind} key ({', '.join(sorted(known))})"
        )
    readers: dict[type, Callable[[Mapping[str, Any]], AnswerKey]] = {
        SingleChoiceKey: lambda k: SingleChoiceKey(_text("key.correct", k.get("correct"))),
        MultipleChoiceKey: lambda k: MultipleChoiceKey(
            _texts("key.correct", k.get("correct")),
            _flag("key.partial_credit", k.get("partial_credit", False)),
            tuple(
                _number(f"key.weights[{i}]", w)
                for i, w in enumerate(_list("key.weights", k.get("weights", [])))
            ),
        ),
        TrueFalseKey: lambda k: TrueFalseKey(_flag("key.answer", k.get("answer"))),
        FillInBlankKey: lambda k: FillInBlankKey(
            tuple(_texts(f"key.blanks[{i}]", b) for i, b in enumerate(_list("key.blanks", k.get("blanks")))),
            _flag("key.case_sensitive", k.get("case_sensitive", False)),
        ),
        MatchKey: lambda k: MatchKey(
            tuple(_pair(f"key.pairs[{i}]", p) for i, p in enumerate(_list("key.pairs", k.get("pairs"))))
        ),
        OrderingKey: lambda k: OrderingKey(_texts("key.order", k.get("order"))),
        NumericKey: lambda k: NumericKey(
            _decimal("key.value", k.get("value")), _decimal("key.tolerance", k.get("tolerance", "0"))
        ),
        ShortTextKey: lambda k: ShortTextKey(
            _text("key.model_answer", k.get("model_answer", ""), empty=True),
            _text("key.rubric", k.get("rubric", ""), empty=True),
        ),
    }
    return readers[key_type](raw)


def _text(field: str, value: Any, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise InvalidInput(field, "must be a non-empty string" if not empty else "must be a string")
    return value


def _list(field: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(field, "must be a list")
    return value


def _texts(field: str, value: Any) -> tuple[str, ...]:
    return tuple(_text(f"{field}[{i}]", v) for i, v in enumerate(_list(field, value)))


def _pair(field: str, value: Any) -> tuple[str, str]:
    pair = _texts(field, value)
    if len(pair) != 2:
        raise InvalidInput(field, "must be [left option value, right option value]")
    return pair[0], pair[1]


def _flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, "must be true or false")
    return value


def _number(field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(field, f"must be a number, got {value!r}")
    return float(value)


def _decimal(field: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(field, f"must be a number, got {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(field, f"{value!r} is not a number") from None


def _uuid(field: str, value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a UUID") from None


def _enum(field: str, kind: type[E], value: Any) -> E:
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not one of {', '.join(kind)}") from None


def _options(field: str, value: Any) -> tuple[Option, ...]:
    options = []
    for i, raw in enumerate(_list(field, value)):
        if not isinstance(raw, Mapping) or set(raw) != {"value", "label"}:
            raise InvalidInput(f"{field}[{i}]", "must be an object {value, label}")
        options.append(
            Option(_text(f"{field}[{i}].value", raw["value"]), _text(f"{field}[{i}].label", raw["label"]))
        )
    return tuple(options)

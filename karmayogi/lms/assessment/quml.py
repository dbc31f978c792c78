"""Import of Sunbird QuML question sets, the format iGOT's question banks are kept in.

Accepted input is a question set as Sunbird inQuiry's hierarchy read returns it (the whole response,
its `questionset`, or the set itself), sections nested as child question sets. Questions are read by
`qType` and `interactionTypes`: MCQ (single, multiple, true/false), FTB (text or numeric), MTF, ASQ
and SA. Tags come from Karmayogi's `competencies_v3` (competency and level) and `complexityLevel` or
`bloomsLevel` (Bloom level), each inherited from the enclosing set when a question has none.

The import is all or nothing: every question is checked, and if any is bad, `QumlRejected` lists each
bad one with its identifier and reason and no question is returned.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from karmayogi.frac.model import fold_name
from karmayogi.lms.errors import InvalidInput

from .errors import QumlRejected, RejectedQuestion
from .items import (
    AnswerKey,
    BloomLevel,
    Difficulty,
    FillInBlankKey,
    MatchKey,
    MultipleChoiceKey,
    NumericKey,
    Option,
    OrderingKey,
    Question,
    QuestionStatus,
    ShortTextKey,
    SingleChoiceKey,
    TrueFalseKey,
    check_level,
)

QUESTION_SET = "QuestionSet"
BLANK_IN_PROMPT = "_____"
NUMERIC_TYPES = {"integer", "float", "number"}
BLOOM_SPELLINGS = {"analyze": BloomLevel.ANALYSE, "analysis": BloomLevel.ANALYSE}
_ANSWER_IN_BLANK = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Tags:
    """What a question set passes down to the questions in it that do not say for themselves."""

    competency: tuple[uuid.UUID, int] | None = None
    bloom: BloomLevel | None = None


@dataclass(frozen=True)
class ImportedSection:
    title: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class ImportedQuestionSet:
    identifier: str
    name: str
    sections: tuple[ImportedSection, ...]
    questions: tuple[Question, ...]


def import_question_set(
    document: Mapping[str, Any] | str, competencies: Mapping[str, uuid.UUID]
) -> ImportedQuestionSet:
    """Questions and sections of a QuML set; `competencies` maps `competencies_v3` ids or folded names."""
    root = _question_set_of(json.loads(document) if isinstance(document, str) else document)
    questions: list[Question] = []
    rejected: list[RejectedQuestion] = []
    sections: list[ImportedSection] = []
    seen: set[str] = set()
    for title, children, tags in _sections(root, Tags(), competencies):
        ids = []
        for position, raw in children:
            identifier = str(raw.get("identifier") or f"{title} question {position + 1}")
            try:
                if identifier in seen:
                    raise InvalidInput("identifier", "appears twice in the question set")
                seen.add(identifier)
                question = _question(raw, identifier, _tags_of(raw, tags, competencies))
            except InvalidInput as error:
                rejected.append(RejectedQuestion(identifier, str(error)))
                continue
            questions.append(question)
            ids.append(identifier)
        sections.append(ImportedSection(title, tuple(ids)))
    if rejected:
        raise QumlRejected(tuple(rejected))
    if not questions:
        raise InvalidInput("children", "the question set holds no questions")
    return ImportedQuestionSet(
        str(root.get("identifier", "")), str(root.get("name", "")), tuple(sections), tuple(questions)
    )


def _question_set_of(document: Any) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise InvalidInput("document", "a QuML question set is a JSON object")
    for path in (("result", "questionset"), ("questionset",), ()):
        node: Any = document
        for step in path:
            node = node.get(step) if isinstance(node, Mapping) else None
        if (
            isinstance(node, Mapping)
            and node.get("objectType", QUESTION_SET) == QUESTION_SET
            and "children" in node
        ):
            return node
    raise InvalidInput("document", "no QuML question set with children found")


def _sections(
    node: Mapping[str, Any], inherited: Tags, competencies: Mapping[str, uuid.UUID]
) -> Iterator[tuple[str, list[tuple[int, Mapping[str, Any]]], Tags]]:
    """(title, questions, tags) per set that holds questions directly, depth first in document order."""
    children = node.get("children")
    if not isinstance(children, list):
        raise InvalidInput("children", f"question set {node.get('identifier', '?')} has no list of children")
    tags = _tags_of(node, inherited, competencies)
    questions = []
    for position, child in enumerate(children):
        if isinstance(child, Mapping) and child.get("objectType") == QUESTION_SET:
            yield from _sections(child, tags, competencies)
        else:
            questions.append((position, child if isinstance(child, Mapping) else {}))
    if questions:
        yield str(node.get("name") or node.get("identifier") or "Questions"), questions, tags


def _tags_of(node: Mapping[str, Any], inherited: Tags, competencies: Mapping[str, uuid.UUID]) -> Tags:
    competency = inherited.competency
    raw = node.get("competencies_v3")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise InvalidInput("competencies_v3", "is not valid JSON") from None
    if raw:
        if not isinstance(raw, list) or not isinstance(raw[0], Mapping):
            raise InvalidInput("competencies_v3", "must be a list of competency objects")
        competency = _competency(raw[0], competencies)
    bloom = inherited.bloom
    for field in ("bloomsLevel", "complexityLevel"):
        value = node.get(field)
        if value:
            bloom = _bloom(field, value[0] if isinstance(value, list) else value)
            break
    return Tags(competency, bloom)


def _competency(tag: Mapping[str, Any], competencies: Mapping[str, uuid.UUID]) -> tuple[uuid.UUID, int]:
    ident, name = str(tag.get("id", "")), str(tag.get("name", ""))
    known = competencies.get(ident) or competencies.get(fold_name(name))
    if known is None:
        raise InvalidInput("competencies_v3[0]", f"competency {ident or name!r} is not in the framework")
    for field in ("selectedLevelLevel", "competencyLevel", "level"):
        if field in tag:
            raw = tag[field]
            digits = re.fullmatch(r"\s*(?:level\s*)?(-?\d+)\s*", str(raw), re.IGNORECASE)
            level = int(digits.group(1)) if digits and not isinstance(raw, bool) else raw
            return known, check_level(f"competencies_v3[0].{field}", level)
    raise InvalidInput("competencies_v3[0]", "names no level (selectedLevelLevel)")


def _bloom(field: str, value: Any) -> BloomLevel:
    text = str(value).strip().lower()
    if text in BLOOM_SPELLINGS:
        return BLOOM_SPELLINGS[text]
    try:
        return BloomLevel(text)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a Bloom level ({', '.join(BloomLevel)})") from None


def _question(raw: Mapping[str, Any], identifier: str, tags: Tags) -> Question:
    if raw.get("objectType", "Question") != "Question":
        raise InvalidInput("objectType", f"{raw.get('objectType')!r} is neither a Question nor a QuestionSet")
    if tags.competency is None:
        raise InvalidInput("competencies_v3", "neither the question nor its set names a competency")
    if tags.bloom is None:
        raise InvalidInput("complexityLevel", "neither the question nor its set names a Bloom level")
    prompt = _i18n("body", raw.get("body"))
    key, options, targets = _key(raw)
    if isinstance(key, FillInBlankKey | NumericKey):
        prompt = _ANSWER_IN_BLANK.sub(BLANK_IN_PROMPT, prompt)  # the body may carry the answers in [[ ]]
    competency_id, level = tags.competency
    return Question(
        id=identifier,
        prompt=prompt,
        key=key,
        competency_id=competency_id,
        level=level,
        bloom=tags.bloom,
        options=options,
        targets=targets,
        max_score=_max_score(raw),
        difficulty=_difficulty(raw),
        status=QuestionStatus.RETIRED if raw.get("status") == "Retired" else QuestionStatus.ACTIVE,
    )


def _key(raw: Mapping[str, Any]) -> tuple[AnswerKey, tuple[Option, ...], tuple[Option, ...]]:
    q_type = str(raw.get("qType", "")).upper()
    interaction_types = raw.get("interactionTypes") or []
    if q_type == "SA":
        return ShortTextKey(model_answer=str(_i18n("answer", raw.get("answer", "")) or "")), (), ()
    if q_type.startswith("MCQ") or "choice" in interaction_types:
        return _choice_key(raw, q_type)
    if q_type == "FTB" or "text" in interaction_types:
        return _blank_key(_response(raw)), (), ()
    if q_type == "MTF" or "match" in interaction_types:
        return _match_key(raw)
    if q_type == "ASQ" or "order" in interaction_types:
        options = _options("interactions.response1.options", _interaction(raw).get("options"))
        return OrderingKey(tuple(_values("correctResponse.value", _correct(_response(raw))))), options, ()
    raise InvalidInput(
        "qType", f"{raw.get('qType')!r} with interactionTypes {interaction_types} is not supported"
    )


def _response(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    declaration = raw.get("responseDeclaration")
    response = declaration.get("response1") if isinstance(declaration, Mapping) else None
    if not isinstance(response, Mapping):
        raise InvalidInput("responseDeclaration.response1", "is missing")
    return response


def _correct(response: Mapping[str, Any]) -> Any:
    correct = response.get("correctResponse")
    if not isinstance(correct, Mapping) or correct.get("value") in (None, "", []):
        raise InvalidInput("responseDeclaration.response1.correctResponse.value", "is missing")
    return correct["value"]


def _interaction(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    interactions = raw.get("interactions")
    interaction = interactions.get("response1") if isinstance(interactions, Mapping) else None
    if not isinstance(interaction, Mapping):
        raise InvalidInput("interactions.response1", "is missing")
    return interaction


def _options(field: str, raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(field, "must be a non-empty list of {label, value}")
    options = []
    for i, option in enumerate(raw):
        if not isinstance(option, Mapping) or "value" not in option or "label" not in option:
            raise InvalidInput(f"{field}[{i}]", "needs a label and a value")
        options.append(Option(str(option["value"]), str(option["label"])))
    return tuple(options)


def _values(field: str, raw: Any) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    if any(isinstance(v, Mapping | list) for v in values):
        raise InvalidInput(field, "must hold option values")
    return [str(v) for v in values]


def _choice_key(
    raw: Mapping[str, Any], q_type: str
) -> tuple[AnswerKey, tuple[Option, ...], tuple[Option, ...]]:
    response = _response(raw)
    options = _options("interactions.response1.options", _interaction(raw).get("options"))
    correct = _values("responseDeclaration.response1.correctResponse.value", _correct(response))
    if response.get("cardinality") == "multiple" or q_type == "MCQ-MCA":
        weights = _mapping_scores(response, correct)
        return MultipleChoiceKey(tuple(correct), partial_credit=bool(weights), weights=weights), options, ()
    if len(correct) != 1:
        raise InvalidInput(
            "responseDeclaration.response1.correctResponse.value", "a single-answer MCQ needs one"
        )
    labels = {_plain(o.label).lower(): o.value for o in options}
    if len(options) == 2 and set(labels) == {"true", "false"}:
        return TrueFalseKey(labels["true"] == correct[0]), (), ()
    return SingleChoiceKey(correct[0]), options, ()


def _mapping_scores(response: Mapping[str, Any], correct: list[str]) -> tuple[float, ...]:
    """Per-option scores from QuML `mapping`, in v1.1 ({value, score}) or v1 ({response, outcomes}) form."""
    mapping = response.get("mapping") or []
    scores: dict[str, float] = {}
    for i, entry in enumerate(mapping if isinstance(mapping, list) else []):
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"responseDeclaration.response1.mapping[{i}]", "must be an object")
        value = entry.get("value", entry.get("response"))
        outcomes = entry.get("outcomes")
        score = entry.get(
            "score", outcomes.get("score", outcomes.get("SCORE")) if isinstance(outcomes, Mapping) else None
        )
        try:
            scores[str(value)] = float(score)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"responseDeclaration.response1.mapping[{i}].score", f"{score!r} is not a number"
            ) from None
    if not scores:
        return ()
    return tuple(scores.get(v, 0.0) for v in correct)


def _blank_key(response: Mapping[str, Any]) -> FillInBlankKey | NumericKey:
    answers = _values("responseDeclaration.response1.correctResponse.value", _correct(response))
    if response.get("type") in NUMERIC_TYPES and len(answers) == 1:
        try:
            return NumericKey(Decimal(answers[0]))
        except InvalidOperation:
            raise InvalidInput(
                "responseDeclaration.response1.correctResponse.value", f"{answers[0]!r} is not a number"
            ) from None
    return FillInBlankKey(tuple((_plain(a),) for a in answers))


def _match_key(raw: Mapping[str, Any]) -> tuple[AnswerKey, tuple[Option, ...], tuple[Option, ...]]:
    field = "responseDeclaration.response1.correctResponse.value"
    columns = _interaction(raw).get("options")
    if not isinstance(columns, Mapping):
        raise InvalidInput("interactions.response1.options", "a match question needs left and right columns")
    left = _options("interactions.response1.options.left", columns.get("left"))
    right = _options("interactions.response1.options.right", columns.get("right"))
    pairs = []
    correct = _correct(_response(raw))
    for i, pair in enumerate(correct if isinstance(correct, list) else [correct]):
        if isinstance(pair, Mapping) and {"lhs", "rhs"} <= set(pair):
            pairs.append((str(pair["lhs"]), str(pair["rhs"])))
        elif isinstance(pair, Mapping) and {"left", "right"} <= set(pair):
            pairs.append((str(pair["left"]), str(pair["right"])))
        elif isinstance(pair, Mapping) and len(pair) == 1:
            ((lhs, rhs),) = pair.items()
            pairs.append((str(lhs), str(rhs)))
        else:
            raise InvalidInput(f"{field}[{i}]", "must pair a left value with a right value ({lhs, rhs})")
    return MatchKey(tuple(pairs)), left, right


def _max_score(raw: Mapping[str, Any]) -> float:
    declared = raw.get("responseDeclaration")
    outcome = raw.get("outcomeDeclaration")
    candidates = (
        raw.get("maxScore"),
        declared.get("maxScore") if isinstance(declared, Mapping) else None,
        outcome["maxScore"].get("defaultValue")
        if isinstance(outcome, Mapping) and isinstance(outcome.get("maxScore"), Mapping)
        else None,
    )
    value = next((c for c in candidates if c is not None), 1)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidInput("maxScore", f"must be a positive number, got {value!r}")
    return float(value)


def _difficulty(raw: Mapping[str, Any]) -> Difficulty:
    value = raw.get("qlevel") or raw.get("difficultyLevel") or Difficulty.MEDIUM
    value = value[0] if isinstance(value, list) and value else value
    try:
        return Difficulty(str(value).lower())
    except ValueError:
        raise InvalidInput("qlevel", f"{value!r} is not one of EASY, MEDIUM, HARD") from None


def _i18n(field: str, value: Any) -> str:
    """A QuML text: an HTML string, or a map of language code to HTML from which English is taken."""
    if isinstance(value, Mapping):
        value = value.get("en", next(iter(value.values()), ""))
    if not isinstance(value, str):
        raise InvalidInput(field, "must be an HTML string or a map of language to HTML")
    return value


def _plain(html: str) -> str:
    return " ".join(_TAG.sub(" ", html).split())

"""Assessment forms and the papers assembled from them.

A form says what an attempt contains: per section, fixed questions and draws from the bank's pools
(by competency, level and optionally Bloom level), a pass mark and negative marking; overall, a pass
mark, shuffling and the attempt rules. `assemble_paper` turns a form into one candidate's paper from a
seed, so the same seed over the same bank gives the same paper, questions and option order alike.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from karmayogi.lms.errors import InvalidInput, NotFound

from .bank import QuestionBank
from .items import (
    BloomLevel,
    OrderingKey,
    Question,
    QuestionKind,
    QuestionStatus,
    QuestionView,
    check_level,
    question_view,
)

# Kinds whose displayed option order carries no meaning, so it is shuffled when the form asks.
SHUFFLED_OPTIONS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.MATCH}


@dataclass(frozen=True)
class PoolDraw:
    """`count` questions drawn at random from the active questions of a competency at a level."""

    competency_id: uuid.UUID
    level: int
    count: int
    bloom: BloomLevel | None = None


@dataclass(frozen=True)
class Section:
    title: str
    question_ids: tuple[str, ...] = ()
    draws: tuple[PoolDraw, ...] = ()
    pass_mark: float = 0.0  # share of the section's marks needed, in [0, 1]
    negative_mark: float = 0.0  # share of a question's marks lost for a wrong answer, in [0, 1]


@dataclass(frozen=True)
class AttemptRules:
    time_limit: timedelta
    max_attempts: int | None = None
    cooldown: timedelta = timedelta(0)


@dataclass(frozen=True)
class AssessmentForm:
    title: str
    sections: tuple[Section, ...]
    rules: AttemptRules
    pass_mark: float = 0.0  # share of all marks needed; every section's own pass mark applies too
    shuffle_questions: bool = False
    shuffle_options: bool = False

    def __post_init__(self) -> None:
        _check_form(self)


@dataclass(frozen=True)
class PaperQuestion:
    """A question as placed on one paper: the exact version and the order its options are shown in."""

    question: Question
    option_order: tuple[str, ...] = ()
    target_order: tuple[str, ...] = ()

    def view(self) -> QuestionView:
        return question_view(self.question, self.option_order, self.target_order)


@dataclass(frozen=True)
class PaperSection:
    title: str
    questions: tuple[PaperQuestion, ...]
    pass_mark: float
    negative_mark: float


@dataclass(frozen=True)
class Paper:
    seed: int
    sections: tuple[PaperSection, ...]
    pass_mark: float


@dataclass(frozen=True)
class SectionView:
    title: str
    questions: tuple[QuestionView, ...]


def assemble_paper(form: AssessmentForm, bank: QuestionBank, seed: int) -> Paper:
    """One candidate's paper; a question is never drawn twice, even by two sections."""
    rng = random.Random(seed)
    used: set[str] = set()
    sections = []
    for s, section in enumerate(form.sections):
        chosen = [
            _fixed(bank, f"sections[{s}].question_ids[{i}]", q) for i, q in enumerate(section.question_ids)
        ]
        used.update(q.id for q in chosen)
        for d, draw in enumerate(section.draws):
            pool = [q for q in bank.drawable(draw.competency_id, draw.level, draw.bloom) if q.id not in used]
            if len(pool) < draw.count:
                raise InvalidInput(
                    f"sections[{s}].draws[{d}]",
                    f"the pool holds {len(pool)} unused questions, {draw.count} requested",
                )
            drawn = rng.sample(pool, draw.count)
            used.update(q.id for q in drawn)
            chosen.extend(drawn)
        if form.shuffle_questions:
            rng.shuffle(chosen)
        placed = tuple(_place(q, rng, form.shuffle_options) for q in chosen)
        sections.append(PaperSection(section.title, placed, section.pass_mark, section.negative_mark))
    return Paper(seed, tuple(sections), form.pass_mark)


def paper_view(paper: Paper) -> tuple[SectionView, ...]:
    """The whole paper as the candidate's client receives it: no key, no IRT parameters, no tags."""
    return tuple(SectionView(s.title, tuple(q.view() for q in s.questions)) for s in paper.sections)


def _fixed(bank: QuestionBank, field: str, question_id: str) -> Question:
    try:
        question = bank.current(question_id)
    except NotFound:
        raise InvalidInput(field, f"question {question_id} is not in the bank") from None
    if question.status is QuestionStatus.RETIRED:
        raise InvalidInput(field, f"question {question_id} is retired")
    return question


def _place(question: Question, rng: random.Random, shuffle_options: bool) -> PaperQuestion:
    values = [o.value for o in question.options]
    targets = [o.value for o in question.targets]
    if isinstance(question.key, OrderingKey):
        # Items to order are always shuffled, and never shown already in the right order.
        while len(values) > 1 and tuple(values) == question.key.order:
            rng.shuffle(values)
    elif shuffle_options and question.kind in SHUFFLED_OPTIONS:
        rng.shuffle(values)
        rng.shuffle(targets)
    return PaperQuestion(question, tuple(values), tuple(targets))


def _share(field: str, value: float) -> None:
    if not 0 <= value <= 1:
        raise InvalidInput(field, f"must be a share between 0 and 1, got {value}")


def _check_form(form: AssessmentForm) -> None:
    if not form.title.strip():
        raise InvalidInput("title", "must not be empty")
    if not form.sections:
        raise InvalidInput("sections", "a form needs at least one section")
    _share("pass_mark", form.pass_mark)
    rules = form.rules
    if rules.time_limit <= timedelta(0):
        raise InvalidInput("rules.time_limit", "must be longer than zero")
    if rules.max_attempts is not None and rules.max_attempts < 1:
        raise InvalidInput("rules.max_attempts", f"must be 1 or more, got {rules.max_attempts}")
    if rules.cooldown < timedelta(0):
        raise InvalidInput("rules.cooldown", "must not be negative")
    fixed: set[str] = set()
    for s, section in enumerate(form.sections):
        if not section.question_ids and not section.draws:
            raise InvalidInput(f"sections[{s}]", "needs fixed questions or pool draws")
        twice = fixed.intersection(section.question_ids) or len(set(section.question_ids)) != len(
            section.question_ids
        )
        if twice:
            raise InvalidInput(f"sections[{s}].question_ids", "a question may appear only once in a form")
        fixed.update(section.question_ids)
        _share(f"sections[{s}].pass_mark", section.pass_mark)
        _share(f"sections[{s}].negative_mark", section.negative_mark)
        for d, draw in enumerate(section.draws):
            check_level(f"sections[{s}].draws[{d}].level", draw.level)
            if draw.count < 1:
                raise InvalidInput(f"sections[{s}].draws[{d}].count", f"must be 1 or more, got {draw.count}")

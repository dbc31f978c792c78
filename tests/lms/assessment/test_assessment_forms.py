"""Forms and papers: fixed and drawn questions, seeded shuffling, and the candidate's paper without keys."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from assessment_builders import ABCD, DRAFTING, make_question, one_of_each

from karmayogi.lms.assessment.bank import QuestionBank
from karmayogi.lms.assessment.forms import (
    AssessmentForm,
    AttemptRules,
    PoolDraw,
    Section,
    assemble_paper,
    paper_view,
)
from karmayogi.lms.assessment.items import BloomLevel, OrderingKey, SingleChoiceKey
from karmayogi.lms.errors import InvalidInput

RULES = AttemptRules(time_limit=timedelta(minutes=30))
ETHICS = uuid.UUID("00000000-0000-4000-8000-000000000007")


def pool_bank() -> QuestionBank:
    """Eight kinds as fixed questions, plus 20 level-2 and 5 level-3 drafting questions to draw from."""
    fixed = [dataclasses.replace(q, competency_id=ETHICS) for q in one_of_each().values()]
    drawn = [
        make_question(
            SingleChoiceKey("a"),
            id=f"d2-{i:02d}",
            options=ABCD,
            bloom=BloomLevel(("remember", "apply")[i % 2]),
        )
        for i in range(20)
    ]
    drawn += [make_question(SingleChoiceKey("a"), id=f"d3-{i}", options=ABCD, level=3) for i in range(5)]
    return QuestionBank(fixed + drawn)


def form(**changes: object) -> AssessmentForm:
    base = AssessmentForm(
        title="Noting and drafting",
        sections=(
            Section("Fixed", question_ids=tuple(sorted(one_of_each()))),
            Section("Drawn", draws=(PoolDraw(DRAFTING, 2, 6), PoolDraw(DRAFTING, 3, 2))),
        ),
        rules=RULES,
        shuffle_questions=True,
        shuffle_options=True,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def order_of(paper) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [(pq.question.id, pq.option_order, pq.target_order) for s in paper.sections for pq in s.questions]


def test_the_same_seed_gives_the_same_paper_and_another_seed_another() -> None:
    bank = pool_bank()
    first = assemble_paper(form(), bank, seed=11)
    assert order_of(assemble_paper(form(), bank, seed=11)) == order_of(first)
    assert order_of(assemble_paper(form(), bank, seed=12)) != order_of(first)


def test_draws_take_the_asked_number_from_the_right_pool_without_repeats() -> None:
    paper = assemble_paper(form(), pool_bank(), seed=3)
    fixed, drawn = paper.sections
    assert sorted(pq.question.id for pq in fixed.questions) == sorted(one_of_each())
    ids = [pq.question.id for pq in drawn.questions]
    assert len(ids) == len(set(ids)) == 8
    assert sum(i.startswith("d2-") for i in ids) == 6
    assert sum(i.startswith("d3-") for i in ids) == 2


def test_a_draw_can_ask_for_a_bloom_level() -> None:
    draws = (PoolDraw(DRAFTING, 2, 10, BloomLevel.APPLY),)
    paper = assemble_paper(form(sections=(Section("Apply", draws=draws),)), pool_bank(), seed=5)
    assert {pq.question.bloom for pq in paper.sections[0].questions} == {BloomLevel.APPLY}


def test_a_pool_too_small_is_an_error_naming_the_draw() -> None:
    sections = (Section("Drawn", draws=(PoolDraw(DRAFTING, 3, 6),)),)
    with pytest.raises(InvalidInput, match="holds 5 unused questions, 6 requested") as error:
        assemble_paper(form(sections=sections), pool_bank(), seed=1)
    assert error.value.field == "sections[0].draws[0]"


def test_retired_or_unknown_questions_are_neither_drawn_nor_placed() -> None:
    bank = pool_bank()
    for i in range(4):
        bank.retire(f"d3-{i}")
    with pytest.raises(InvalidInput, match="holds 1 unused"):
        assemble_paper(form(), bank, seed=1)
    with pytest.raises(InvalidInput, match="question gone is not in the bank") as error:
        assemble_paper(form(sections=(Section("Fixed", question_ids=("gone",)),)), bank, seed=1)
    assert error.value.field == "sections[0].question_ids[0]"
    bank.retire("numeric")
    with pytest.raises(InvalidInput, match="question numeric is retired"):
        assemble_paper(form(sections=(Section("Fixed", question_ids=("numeric",)),)), bank, seed=1)


def test_options_are_shuffled_only_when_asked_but_items_to_order_always_are() -> None:
    bank = pool_bank()
    plain = assemble_paper(form(shuffle_options=False, shuffle_questions=False), bank, seed=2)
    placed = {pq.question.id: pq for s in plain.sections for pq in s.questions}
    assert placed["single_choice"].option_order == ("a", "b", "c", "d")
    assert isinstance(placed["ordering"].question.key, OrderingKey)
    assert placed["ordering"].option_order != placed["ordering"].question.key.order
    assert [pq.question.id for pq in plain.sections[0].questions] == sorted(one_of_each())
    orders = {
        pq.option_order
        for seed in range(5)
        for s in assemble_paper(form(), bank, seed=seed).sections
        for pq in s.questions
        if pq.question.id in ("single_choice", "match")
    }
    assert len(orders) > 2


def test_the_candidates_paper_holds_views_only() -> None:
    paper = assemble_paper(form(), pool_bank(), seed=4)
    views = paper_view(paper)
    assert [v.title for v in views] == ["Fixed", "Drawn"]
    for view in (q for s in views for q in s.questions):
        assert not hasattr(view, "key")
        assert not hasattr(view, "irt")
    placed = paper.sections[0].questions[0]
    assert [o.value for o in views[0].questions[0].options] == list(placed.option_order)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sections": ()}, "sections"),
        ({"pass_mark": 1.5}, "pass_mark"),
        ({"sections": (Section("Empty"),)}, "sections[0]"),
        ({"sections": (Section("S", ("a",), pass_mark=-0.1),)}, "sections[0].pass_mark"),
        ({"sections": (Section("S", ("a",), negative_mark=2),)}, "sections[0].negative_mark"),
        ({"sections": (Section("S", ("a", "a")),)}, "sections[0].question_ids"),
        ({"sections": (Section("S", ("a",)), Section("T", ("a",)))}, "sections[1].question_ids"),
        ({"sections": (Section("S", draws=(PoolDraw(DRAFTING, 9, 1),)),)}, "sections[0].draws[0].level"),
        ({"sections": (Section("S", draws=(PoolDraw(DRAFTING, 2, 0),)),)}, "sections[0].draws[0].count"),
        ({"rules": AttemptRules(timedelta(0))}, "rules.time_limit"),
        ({"rules": AttemptRules(timedelta(hours=1), max_attempts=0)}, "rules.max_attempts"),
        ({"rules": AttemptRules(timedelta(hours=1), cooldown=timedelta(-1))}, "rules.cooldown"),
    ],
)
def test_a_bad_form_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        form(**changes)
    assert error.value.field == field

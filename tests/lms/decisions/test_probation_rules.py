"""Confirmation rules: each rule's result with its evidence, and what the system proposes from them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.decisions.probation_rules import (
    ConfirmationRules,
    Level,
    ProbationInputs,
    add_months,
    evaluate,
    propose,
)
from karmayogi.lms.errors import InvalidInput

# Fixed ids: they name parametrized cases, which every test worker must collect alike.
INDUCTION, PROCEDURE, DRAFTING = (uuid.UUID(int=n) for n in (1, 2, 3))
RULES = ConfirmationRules(
    onboarding_course_ids=(INDUCTION,),
    mandatory_course_ids=(PROCEDURE,),
    competencies=((DRAFTING, 2),),
    supervisor_assessment=True,
    minimum_months=24,
    extension_months=6,
)


def inputs(**changes: object) -> ProbationInputs:
    base: dict[str, object] = {
        "as_of": date(2027, 6, 1),
        "date_of_joining": date(2025, 6, 1),
        "probation_status": "on_probation",
        "completed": {INDUCTION: "e-1", PROCEDURE: "e-2"},
        "levels": {DRAFTING: Level(3, "verified", ("ev-7", "ev-9"))},
        "supervisor_assessments": ("ev-11",),
    }
    return ProbationInputs(**{**base, **changes})  # type: ignore[arg-type]


def test_all_rules_met_proposes_confirmation_with_the_evidence_of_each():
    outcome, months, results = propose(RULES, inputs())
    assert (outcome, months) == ("confirm", None)
    assert {r.rule: (r.met, r.evidence) for r in results} == {
        "onboarding_courses": (True, ("enrolment:e-1",)),
        "mandatory_courses": (True, ("enrolment:e-2",)),
        f"competency:{DRAFTING}": (True, ("evidence:ev-7", "evidence:ev-9")),
        "supervisor_assessment": (True, ("evidence:ev-11",)),
        "minimum_period": (True, ()),
    }


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"completed": {PROCEDURE: "e-2"}}, "onboarding_courses"),
        ({"completed": {INDUCTION: "e-1"}}, "mandatory_courses"),
        ({"levels": {DRAFTING: Level(1, "verified", ("ev-7",))}}, f"competency:{DRAFTING}"),
        ({"levels": {DRAFTING: Level(4, "proposed", ("ev-8",))}}, f"competency:{DRAFTING}"),
        ({"levels": {DRAFTING: Level(5, "self_declared", ("ev-8",))}}, f"competency:{DRAFTING}"),
        ({"supervisor_assessments": ()}, "supervisor_assessment"),
        ({"date_of_joining": date(2025, 6, 2)}, "minimum_period"),
    ],
)
def test_one_unmet_rule_on_a_first_probation_proposes_an_extension(changes, unmet):
    outcome, months, results = propose(RULES, inputs(**changes))
    assert (outcome, months) == ("extend", 6)
    assert [r.rule for r in results if not r.met] == [unmet]


def test_a_level_that_is_not_verified_counts_for_nothing_and_says_so():
    (result,) = [
        r
        for r in evaluate(RULES, inputs(levels={DRAFTING: Level(4, "proposed", ("x",))}))
        if "comp" in r.rule
    ]
    assert result.evidence == () and "proposed level 4 does not count" in result.detail


def test_unmet_after_an_extension_or_without_rules_a_person_must_review():
    assert propose(RULES, inputs(probation_status="extended", completed={}))[:2] == ("review", None)
    assert propose(None, inputs()) == ("review", None, [])
    assert propose(RULES, inputs(date_of_joining=None))[:2] == ("review", None)


def test_no_supervisor_rule_when_the_set_does_not_ask_for_one():
    rules = ConfirmationRules(supervisor_assessment=False, minimum_months=0)
    assert propose(rules, inputs(supervisor_assessments=()))[0] == "confirm"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"minimum_months": -1}, "rules.minimum_months"),
        ({"extension_months": 0}, "rules.extension_months"),
        ({"extension_months": True}, "rules.extension_months"),
        ({"mandatory_course_ids": ["not an id"]}, "rules.mandatory_course_ids"),
        ({"competencies": [{"competency_id": str(DRAFTING), "level": 6}]}, "rules.competencies[0].level"),
        ({"competencies": [{"competency_id": str(DRAFTING)}]}, "rules.competencies[0]"),
        ({"supervisor_assessment": "yes"}, "rules.supervisor_assessment"),
        ({"pass_mark": 40}, "rules.pass_mark"),
    ],
)
def test_a_rule_set_that_cannot_be_read_names_the_field(data, field):
    with pytest.raises(InvalidInput) as refused:
        ConfirmationRules.from_json(data)
    assert refused.value.field == field


def test_a_rule_set_reads_back_what_it_writes():
    assert ConfirmationRules.from_json(RULES.to_json()) == RULES


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 60))
def test_adding_months_lands_in_the_right_month_never_past_its_end(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + (later - later)).month == later.month)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)

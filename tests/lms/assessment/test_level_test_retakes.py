"""Retake rules of level tests as pure functions of the clock: cool-down, cap per period, fresh questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.assessment.errors import CoolingDown, LevelTestsExhausted
from karmayogi.lms.assessment.retakes import (
    EarlierTest,
    RetakePolicy,
    check_start,
    fresh_questions,
    next_start,
)
from karmayogi.lms.errors import InvalidInput

DAY = timedelta(days=1)
START = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
POLICY = RetakePolicy(cooldown=30 * DAY, attempts_per_period=3, period=365 * DAY)


def sat(*days: int) -> list[EarlierTest]:
    return [EarlierTest(START + d * DAY, START + d * DAY + timedelta(hours=1)) for d in days]


def test_a_first_test_may_start_at_once():
    assert next_start(POLICY, []) is None
    check_start(POLICY, [], START)


def test_a_retake_waits_for_the_cool_down_after_the_last_test_ends():
    earlier = sat(0)
    ends = START + timedelta(hours=1)
    assert next_start(POLICY, earlier) == ends + 30 * DAY
    with pytest.raises(CoolingDown) as refused:
        check_start(POLICY, earlier, ends + 29 * DAY)
    assert refused.value.retry_at == ends + 30 * DAY
    assert "may start at 2027-01-31T10:00:00+00:00" in str(refused.value)
    check_start(POLICY, earlier, ends + 30 * DAY)


def test_the_cap_holds_until_the_oldest_test_of_the_period_falls_out_of_it():
    earlier = sat(0, 40, 80)
    with pytest.raises(LevelTestsExhausted) as refused:
        check_start(POLICY, earlier, START + 200 * DAY)
    assert refused.value.retry_at == START + 365 * DAY
    assert "all 3 level tests allowed on this competency within 365 days" in str(refused.value)
    assert next_start(POLICY, earlier) == START + 365 * DAY
    check_start(POLICY, earlier, START + 365 * DAY)


def test_an_unfinished_test_counts_from_its_start():
    earlier = [EarlierTest(START, None)]
    assert next_start(POLICY, earlier) == START + 30 * DAY


@given(st.lists(st.integers(0, 2000), max_size=10), st.integers(0, 3000))
def test_a_start_is_refused_exactly_before_next_start(days, now_day):
    earlier = sat(*sorted(days))
    now = START + now_day * DAY
    allowed = next_start(POLICY, earlier)
    if allowed is None or now >= allowed:
        check_start(POLICY, earlier, now)
    else:
        with pytest.raises((CoolingDown, LevelTestsExhausted)):
            check_start(POLICY, earlier, now)


def test_a_retake_draws_none_of_the_previous_tests_questions():
    assert fresh_questions(["q1", "q2", "q3", "q4"], ["q2", "q4"]) == ["q1", "q3"]


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ({"cooldown": -DAY}, "level_test_cooldown_seconds"),
        ({"attempts_per_period": 0}, "level_test_attempts_per_period"),
        ({"period": timedelta(0)}, "level_test_period_seconds"),
    ],
)
def test_a_policy_out_of_range_is_refused_naming_the_setting(policy, field):
    with pytest.raises(InvalidInput) as refused:
        RetakePolicy(**policy)
    assert refused.value.field == field

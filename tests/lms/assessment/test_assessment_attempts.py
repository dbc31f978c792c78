"""Attempt rules kept by the server: deadline, nonce, maximum attempts and cool-down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from karmayogi.lms.assessment.attempts import PastAttempt, accept_answer, open_attempt
from karmayogi.lms.assessment.errors import (
    AttemptInProgress,
    AttemptsExhausted,
    CoolingDown,
    DeadlinePassed,
    NonceMismatch,
)
from karmayogi.lms.assessment.forms import AttemptRules
from karmayogi.lms.errors import Conflict, InvalidInput

NOON = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)
RULES = AttemptRules(time_limit=timedelta(minutes=30), max_attempts=2, cooldown=timedelta(hours=24))


def past(started: datetime, submitted_after: timedelta | None = timedelta(minutes=20)) -> PastAttempt:
    submitted = started + submitted_after if submitted_after is not None else None
    return PastAttempt(started, started + RULES.time_limit, submitted)


def test_an_attempt_gets_a_fresh_nonce_and_a_server_deadline() -> None:
    first, second = open_attempt(RULES, [], NOON), open_attempt(RULES, [], NOON)
    assert first.deadline == NOON + timedelta(minutes=30)
    assert first.nonce != second.nonce and len(first.nonce) >= 20


def test_answers_are_accepted_up_to_the_deadline_and_refused_after() -> None:
    attempt = open_attempt(RULES, [], NOON)
    accept_answer(attempt, attempt.nonce, attempt.deadline)
    with pytest.raises(DeadlinePassed, match="closed at 2025-04-01T12:30:00"):
        accept_answer(attempt, attempt.nonce, attempt.deadline + timedelta(seconds=1))


def test_an_answer_with_another_attempts_nonce_is_refused() -> None:
    attempt = open_attempt(RULES, [], NOON)
    with pytest.raises(NonceMismatch) as error:
        accept_answer(attempt, open_attempt(RULES, [], NOON).nonce, NOON)
    assert isinstance(error.value, Conflict)


def test_the_cooldown_runs_from_the_end_of_the_last_attempt() -> None:
    earlier = [past(NOON)]
    ends = NOON + timedelta(minutes=20)
    with pytest.raises(CoolingDown) as error:
        open_attempt(RULES, earlier, ends + timedelta(hours=23))
    assert error.value.retry_at == ends + timedelta(hours=24)
    assert open_attempt(RULES, earlier, ends + timedelta(hours=24)).started_at == ends + timedelta(hours=24)


def test_an_abandoned_attempt_ends_at_its_deadline() -> None:
    with pytest.raises(CoolingDown) as error:
        open_attempt(RULES, [past(NOON, submitted_after=None)], NOON + timedelta(hours=2))
    assert error.value.retry_at == NOON + timedelta(minutes=30, hours=24)


def test_a_second_attempt_cannot_open_while_one_is_running() -> None:
    with pytest.raises(AttemptInProgress):
        open_attempt(RULES, [past(NOON, submitted_after=None)], NOON + timedelta(minutes=10))


def test_no_attempt_past_the_maximum() -> None:
    earlier = [past(NOON), past(NOON + timedelta(days=2))]
    with pytest.raises(AttemptsExhausted, match="all 2 attempts"):
        open_attempt(RULES, earlier, NOON + timedelta(days=30))
    unlimited = AttemptRules(time_limit=timedelta(minutes=30))
    assert open_attempt(unlimited, earlier * 5, NOON + timedelta(days=30))


def test_times_must_carry_a_timezone() -> None:
    with pytest.raises(InvalidInput, match="timezone-aware") as error:
        open_attempt(RULES, [], datetime(2025, 4, 1, 12, 0))
    assert error.value.field == "now"

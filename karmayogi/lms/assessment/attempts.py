"""Attempt rules as pure functions of the clock and the candidate's earlier attempts.

The server decides when an attempt closes: the deadline is fixed when it opens, and every answer is
checked against it and against the attempt's nonce, so a client's clock, a replayed request or an
answer aimed at another attempt changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from karmayogi.lms.errors import InvalidInput

from .errors import AttemptInProgress, AttemptsExhausted, CoolingDown, DeadlinePassed, NonceMismatch
from .forms import AttemptRules


@dataclass(frozen=True)
class OpenAttempt:
    nonce: str
    started_at: datetime
    deadline: datetime


@dataclass(frozen=True)
class PastAttempt:
    """An earlier attempt at the same form; `submitted_at` is None when it was never submitted."""

    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None = None

    @property
    def ended_at(self) -> datetime:
        return self.submitted_at or self.deadline


def open_attempt(rules: AttemptRules, earlier: Sequence[PastAttempt], now: datetime) -> OpenAttempt:
    """A new attempt with its nonce and deadline, or the rule that forbids one now."""
    _aware("now", now)
    for attempt in earlier:
        if attempt.submitted_at is None and now < attempt.deadline:
            raise AttemptInProgress(attempt.deadline)
    if rules.max_attempts is not None and len(earlier) >= rules.max_attempts:
        raise AttemptsExhausted(rules.max_attempts)
    if earlier:
        retry_at = max(a.ended_at for a in earlier) + rules.cooldown
        if now < retry_at:
            raise CoolingDown(retry_at)
    return OpenAttempt(secrets.token_urlsafe(16), now, now + rules.time_limit)


def accept_answer(attempt: OpenAttempt, nonce: str, now: datetime) -> None:
    """Refuses an answer that names another attempt or arrives after the deadline."""
    _aware("now", now)
    if not secrets.compare_digest(nonce.encode(), attempt.nonce.encode()):
        raise NonceMismatch()
    if now > attempt.deadline:
        raise DeadlinePassed(attempt.deadline)


def _aware(field: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, "must be a timezone-aware time")

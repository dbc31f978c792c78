"""When an official may sit another level test on a competency, and which questions it may not reuse.

A level test is a measurement, so sitting it again and again must not buy a higher level. Three rules
see to that here, as pure functions of the clock and the official's earlier tests: a cool-down after
each test, a cap on tests started within a rolling period, and no question of the previous test in
the next one (so a retake is not a second look at the same paper). The rule over attempts that turns
several tests into one verified level is in `karmayogi.lms.profiles.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from karmayogi.lms.config import Settings
from karmayogi.lms.errors import InvalidInput

from .errors import CoolingDown, LevelTestsExhausted


@dataclass(frozen=True)
class RetakePolicy:
    """Wait `cooldown` after a test ends; start at most `attempts_per_period` tests within any `period`."""

    cooldown: timedelta = timedelta(days=30)
    attempts_per_period: int = 3
    period: timedelta = timedelta(days=365)

    def __post_init__(self) -> None:
        if self.cooldown < timedelta(0):
            raise InvalidInput("level_test_cooldown_seconds", "must not be negative")
        if self.attempts_per_period < 1:
            raise InvalidInput("level_test_attempts_per_period", "must be 1 or more")
        if self.period <= timedelta(0):
            raise InvalidInput("level_test_period_seconds", "must be positive")

    @classmethod
    def of(cls, settings: Settings) -> RetakePolicy:
        return cls(
            timedelta(seconds=settings.level_test_cooldown_seconds),
            settings.level_test_attempts_per_period,
            timedelta(seconds=settings.level_test_period_seconds),
        )


@dataclass(frozen=True)
class EarlierTest:
    """One of the official's earlier level tests on the competency; `finished_at` None if never finished."""

    started_at: datetime
    finished_at: datetime | None


def next_start(policy: RetakePolicy, earlier: Sequence[EarlierTest]) -> datetime | None:
    """The earliest time another test may start, or None when nothing holds it back."""
    times: list[datetime] = []
    ended = [t.finished_at or t.started_at for t in earlier]
    if ended:
        times.append(max(ended) + policy.cooldown)
    starts = sorted((t.started_at for t in earlier), reverse=True)
    if len(starts) >= policy.attempts_per_period:
        times.append(starts[policy.attempts_per_period - 1] + policy.period)
    return max(times) if times else None


def check_start(policy: RetakePolicy, earlier: Sequence[EarlierTest], now: datetime) -> None:
    """Refuse a test started before the cool-down has passed or once the period's cap is used up,
    naming when the next one may start."""
    starts = sorted((t.started_at for t in earlier), reverse=True)
    if len(starts) >= policy.attempts_per_period:
        reopens = starts[policy.attempts_per_period - 1] + policy.period
        if now < reopens:
            raise LevelTestsExhausted(policy.attempts_per_period, policy.period, reopens)
    ended = [t.finished_at or t.started_at for t in earlier]
    if ended and now < max(ended) + policy.cooldown:
        raise CoolingDown(max(ended) + policy.cooldown)


def fresh_questions(question_ids: Sequence[str], previous_test: Sequence[str]) -> list[str]:
    """The questions a retake may draw: none that the official's previous test showed."""
    shown = set(previous_test)
    return [q for q in question_ids if q not in shown]

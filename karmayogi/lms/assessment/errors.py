"""Domain errors of assessment; each is an `InvalidInput` or a `Conflict`, so the API maps them already."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from karmayogi.lms.errors import Conflict, InvalidInput


class AttemptsExhausted(Conflict):
    """Every attempt the form allows has been used."""

    def __init__(self, allowed: int) -> None:
        super().__init__("attempts", f"all {allowed} attempts allowed by this assessment have been used")
        self.allowed = allowed


class CoolingDown(Conflict):
    """The wait between two attempts has not passed yet; `retry_at` says when it will have."""

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(
            "attempts", f"the next attempt may start at {retry_at.isoformat(timespec='seconds')}"
        )
        self.retry_at = retry_at


class LevelTestsExhausted(Conflict):
    """The official has started as many level tests on the competency as one period allows."""

    def __init__(self, allowed: int, period: timedelta, reopens_at: datetime) -> None:
        super().__init__(
            "competency_id",
            f"all {allowed} level tests allowed on this competency within {period.days} days have been "
            f"started; the next attempt may start at {reopens_at.isoformat(timespec='seconds')}",
        )
        self.retry_at = reopens_at


class AttemptInProgress(Conflict):
    """An earlier attempt is still open; it must be submitted or run out first."""

    def __init__(self, deadline: datetime) -> None:
        super().__init__(
            "attempts", f"an attempt is still open until {deadline.isoformat(timespec='seconds')}"
        )
        self.deadline = deadline


class DeadlinePassed(Conflict):
    """The answer arrived after the server-side deadline of the attempt."""

    def __init__(self, deadline: datetime) -> None:
        super().__init__("answers", f"the attempt closed at {deadline.isoformat(timespec='seconds')}")
        self.deadline = deadline


class NonceMismatch(Conflict):
    """The answer names another attempt (a replayed or forged submission)."""

    def __init__(self) -> None:
        super().__init__("nonce", "does not match the open attempt")


@dataclass(frozen=True)
class RejectedQuestion:
    identifier: str
    reason: str


class QumlRejected(InvalidInput):
    """A QuML question set held bad questions; all are listed and none of the set was imported."""

    def __init__(self, rejected: tuple[RejectedQuestion, ...]) -> None:
        listing = "; ".join(f"{r.identifier}: {r.reason}" for r in rejected)
        super().__init__("questions", f"{len(rejected)} rejected, nothing imported: {listing}")
        self.rejected = rejected

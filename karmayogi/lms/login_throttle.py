"""Sign-in throttling, per account and per network address, with an exponential pause.

A few failures are free; each further one pauses sign-in for that account (or from that address)
twice as long as the one before, up to a ceiling, and failures long past are forgotten. An email
that belongs to no one is counted exactly like one that does, and a paused sign-in is refused
before any password is checked, so neither the answers nor their timing tell which emails exist.
The counts live in the database, so every worker process of the server shares them. The clock is
a parameter: tests move it instead of sleeping.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import login
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database, upsertable_insert
from karmayogi.lms.errors import TooManyAttempts, Unauthenticated
from karmayogi.lms.orm import LoginThrottle
from karmayogi.lms.second_factor import SecondFactorRequired

Clock = Callable[[], datetime]
ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Policy:
    free_failures: int
    base_seconds: int
    max_seconds: int
    memory_seconds: int

    def pause(self, failures: int) -> int:
        """Seconds of pause after the given number of failures in a row: 0, then base, 2 x base, ..."""
        over = failures - self.free_failures
        if over <= 0:
            return 0
        return min(self.base_seconds * 2 ** min(over - 1, 62), self.max_seconds)


def policies(settings: Settings) -> dict[str, Policy]:
    shared = (settings.login_backoff_base_seconds, settings.login_backoff_max_seconds)
    memory = settings.login_failure_memory_seconds
    return {
        ACCOUNT: Policy(settings.login_account_free_failures, *shared, memory),
        ADDRESS: Policy(settings.login_address_free_failures, *shared, memory),
    }


def _keys(email: str, address: str) -> list[tuple[str, str]]:
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    return [(ACCOUNT, digest(email.strip().lower())), (ADDRESS, digest(address))]


def paused_for(session: Session, email: str, address: str, now: datetime) -> int:
    """Whole seconds until sign-in may be tried again for this account from this address (0: now)."""
    wait = 0.0
    for kind, key in _keys(email, address):
        row = session.get(LoginThrottle, (kind, key))
        if row is not None and row.locked_until is not None and row.locked_until > now:
            wait = max(wait, (row.locked_until - now).total_seconds())
    return math.ceil(wait)


def record_failure(session: Session, settings: Settings, email: str, address: str, now: datetime) -> int:
    """Count a failure against the account and the address; the pause it starts, in seconds."""
    rules = policies(settings)
    insert = upsertable_insert(session)
    pause = 0
    for kind, key in _keys(email, address):
        # Two workers may count the first failure at once: the row is created once, then locked.
        session.execute(
            insert(LoginThrottle)
            .values(kind=kind, key=key, failures=0, last_failure_at=now)
            .on_conflict_do_nothing()
        )
        row = session.scalars(
            select(LoginThrottle)
            .where(LoginThrottle.kind == kind, LoginThrottle.key == key)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        policy = rules[kind]
        if (now - row.last_failure_at).total_seconds() > policy.memory_seconds:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        seconds = policy.pause(row.failures)
        row.locked_until = now + timedelta(seconds=seconds) if seconds else None
        pause = max(pause, seconds)
    session.flush()
    return pause


def sign_in(
    database: Database, settings: Settings, email: str, password: str, address: str, clock: Clock
) -> str:
    """A token for the right email and password, unless sign-in is paused; failures are counted."""
    with database.transaction() as session:
        wait = paused_for(session, email, address, clock())
        if wait:
            raise TooManyAttempts(
                f"too many failed sign-ins for this account or from this address; try again in {wait} s", wait
            )
        try:
            token = login(session, settings, email, password)
        except SecondFactorRequired:
            raise  # the password was right: not a failure, and the code is asked for next
        except Unauthenticated:
            token = None
        else:
            session.execute(
                delete(LoginThrottle).where(
                    LoginThrottle.kind == ACCOUNT, LoginThrottle.key == _keys(email, address)[0][1]
                )
            )
            return token
    with database.transaction() as session:  # committed even though the sign-in fails
        pause = record_failure(session, settings, email, address, clock())
    if pause:
        raise TooManyAttempts(
            f"wrong email or password, and too many failures: sign-in is paused for {pause} s", pause
        )
    raise Unauthenticated("wrong email or password")

"""Sign-in throttling per account and per address, with the clock moved by the test instead of slept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.login_throttle import Policy
from tests.api.conftest import PASSWORD, World

TOKEN = "/api/v1/auth/token"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Door:
    """The app over the world's database, with a test clock, reached from any address."""

    def __init__(self, world: World, clock: Clock) -> None:
        settings = Settings(
            database_url=world.client.app.state.database.url,  # type: ignore[attr-defined]
            secret_key="throttle-test-" + "t" * 32,
            login_account_free_failures=3,
            login_address_free_failures=8,
            login_backoff_base_seconds=2,
            login_backoff_max_seconds=60,
            login_failure_memory_seconds=3600,
        )
        self.app = create_app(settings, world.client.app.state.database, clock=clock)  # type: ignore[attr-defined]
        self.clients: dict[str, TestClient] = {}

    def sign_in(self, email: str, password: str, address: str = "10.0.0.1") -> tuple[int, str | None]:
        if address not in self.clients:
            self.clients[address] = TestClient(self.app, client=(address, 40000)).__enter__()
        r = self.clients[address].post(TOKEN, data={"username": email, "password": password})
        if r.status_code == 429:
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "try again" in r.json()["detail"] or "paused" in r.json()["detail"]
            assert r.json()["status"] == 429
        return r.status_code, r.headers.get("Retry-After")

    def close(self) -> None:
        for client in self.clients.values():
            client.__exit__(None, None, None)


@pytest.fixture
def door(world: World) -> Iterator[tuple[Door, Clock, str]]:
    clock = Clock()
    door = Door(world, clock)
    yield door, clock, f"{world.a.people['learner']}@example.com"
    door.close()


def test_repeated_failures_pause_the_account_with_a_doubling_wait(door: tuple[Door, Clock, str]) -> None:
    door_, clock, email = door
    assert [door_.sign_in(email, "wrong") for _ in range(3)] == [(401, None)] * 3
    assert door_.sign_in(email, "wrong") == (429, "2")  # the fourth failure starts a pause of 2 s
    assert door_.sign_in(email, PASSWORD) == (429, "2")  # even the right password waits
    clock.advance(2)
    assert door_.sign_in(email, "wrong") == (429, "4")
    clock.advance(4)
    assert door_.sign_in(email, "wrong") == (429, "8")
    clock.advance(5)
    assert door_.sign_in(email, PASSWORD) == (429, "3")
    clock.advance(3)
    assert door_.sign_in(email, PASSWORD) == (200, None)
    # Success clears the account's count (not the address's): three failures are free again.
    assert [door_.sign_in(email, "wrong", "10.0.0.2")[0] for _ in range(4)] == [401, 401, 401, 429]


def test_the_pause_has_a_ceiling_and_old_failures_are_forgotten(door: tuple[Door, Clock, str]) -> None:
    door_, clock, email = door
    waits = []
    for _ in range(10):
        _, wait = door_.sign_in(email, "wrong")
        waits.append(wait)
        clock.advance(int(wait or 0))
    assert waits == [None, None, None, "2", "4", "8", "16", "32", "60", "60"]
    clock.advance(3601)
    assert door_.sign_in(email, "wrong") == (401, None)


def test_an_unknown_email_is_answered_exactly_like_a_known_one(door: tuple[Door, Clock, str]) -> None:
    door_, clock, email = door

    def run(who: str, address: str) -> list[tuple[int, str | None]]:
        answers = []
        for _ in range(6):
            answers.append(door_.sign_in(who, "wrong", address))
            clock.advance(1)
        return answers

    assert run(email, "10.0.0.7") == run("nobody.at.all@example.com", "10.0.0.8")


def test_one_address_trying_many_accounts_is_paused_without_touching_other_addresses(
    door: tuple[Door, Clock, str],
) -> None:
    door_, _, email = door
    answers = [door_.sign_in(f"guess{i}@example.com", "wrong", "192.0.2.9")[0] for i in range(9)]
    assert answers == [401] * 8 + [429]
    assert door_.sign_in(email, PASSWORD, "192.0.2.9")[0] == 429
    assert door_.sign_in(email, PASSWORD, "198.51.100.4") == (200, None)


def test_the_policy_doubles_from_the_base_up_to_the_ceiling() -> None:
    policy = Policy(free_failures=5, base_seconds=2, max_seconds=900, memory_seconds=3600)
    assert [policy.pause(n) for n in (0, 5, 6, 7, 8, 14, 15, 10**6)] == [0, 0, 2, 4, 8, 512, 900, 900]

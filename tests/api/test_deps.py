"""Request dependencies run on the event loop, and a request's transaction ends as it should there."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation
from tests.api.conftest import World

# They wait for the record store's batches in flight, so they run in a thread (see api/deps); and
# FastAPI's sign-in form, a class, is built in one on the sign-in route, which hashes a password anyway.
IN_A_THREAD = {"settled", "glance", "OAuth2PasswordRequestForm"}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router.routes)


def _on_the_loop(call: Any) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return True
    return not inspect.isfunction(call) and inspect.iscoroutinefunction(type(call).__call__)


def _in_threads(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        if sub.call is not None and not _on_the_loop(sub.call):
            yield sub.call.__qualname__
        yield from _in_threads(sub)


def test_no_dependency_takes_a_thread_but_those_that_may_wait(db: Database):
    """Each hop to a thread cost a loaded server two handovers of the GIL: five a request tripled its
    p95 latency. A new synchronous dependency should be `async def` or go through `on_the_loop`."""
    app: FastAPI = create_app(Settings(database_url=db.url, secret_key="deps-" + "d" * 40), db)
    routes = list(_routes(app.router.routes))
    assert len(routes) > 200
    in_threads = {name for route in routes for name in _in_threads(route.dependant)}
    assert in_threads == IN_A_THREAD


def test_a_request_commits_its_writes_and_a_refused_one_leaves_nothing(world: World, db: Database):
    def organisations() -> int:
        with db.transaction() as session:
            return session.scalar(select(func.count()).select_from(Organisation)) or 0

    before = organisations()
    admin = world.login(world.admin)
    made = world.client.post(
        "/api/v1/organisations", json={"name": "Deps", "kind": "ministry"}, headers=admin
    )
    assert made.status_code == 201, made.text
    assert organisations() == before + 1
    orphan = {"name": "Orphan", "kind": "department", "parent_id": str(uuid.uuid4())}
    refused = world.client.post("/api/v1/organisations", json=orphan, headers=admin)
    assert refused.status_code in (404, 422), refused.text
    assert organisations() == before + 1

"""Admission: a burst larger than a worker's connection pool waits its turn instead of failing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
from fastapi.testclient import TestClient

from karmayogi.api.admission import Admission
from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database

BURST = 80  # beyond the 40 threads FastAPI runs synchronous code on


def _run(coroutine):
    """On a thread of its own: a browser test's Playwright may keep an event loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_a_burst_beyond_the_pool_and_the_threads_is_served_whole(db: Database):
    """With two connections, 80 requests at once used to park all 40 threads waiting for a connection
    while the two requests holding one waited for a thread to commit: every other request was
    answered 503 after the pool's timeout. Admitted two at a time, all are served."""
    settings = Settings(
        database_url=db.url,
        secret_key="admit-" + "a" * 40,
        database_pool_size=2,
        database_max_overflow=0,
        database_pool_timeout_seconds=3,
    )
    app = create_app(settings, warm_start=False)  # its own database, with this pool
    with TestClient(app) as client, ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(lambda _: client.get("/healthz").status_code, range(BURST)))
    assert statuses == [200] * BURST


async def _held(
    scope: dict, receive: object, send: object, inside: list[int], release: asyncio.Event
) -> None:
    inside.append(1)
    await release.wait()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"done"})


def test_no_more_requests_run_at_once_than_the_limit_and_a_late_one_is_told_to_retry():
    inside: list[int] = []

    async def run() -> list[httpx.Response]:
        release = asyncio.Event()

        async def app(scope: dict, receive: object, send: object) -> None:
            await _held(scope, receive, send, inside, release)

        admission = Admission(app, limit=2, wait_seconds=0.3)
        transport = httpx.ASGITransport(app=admission)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            calls = [asyncio.create_task(client.get("/api/v1/courses")) for _ in range(3)]
            late = await asyncio.wait_for(asyncio.shield(calls[2]), 5)  # waits 0.3 s, is not admitted
            assert len(inside) == 2
            release.set()
            return [*(await asyncio.gather(*calls[:2])), late]

    first, second, late = _run(run())
    assert (first.status_code, second.status_code) == (200, 200)
    assert late.status_code == 503
    assert late.headers["retry-after"] == "1"
    assert late.json()["detail"] == "the platform is busy; try again in a moment"


def test_static_files_are_not_metered():
    async def run() -> int:
        async def app(scope: dict, receive: object, send: object) -> None:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"css"})

        admission = Admission(app, limit=1, wait_seconds=0.1)
        await admission._slots_here().acquire()  # the only slot taken
        transport = httpx.ASGITransport(app=admission)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (await client.get("/static/portal.css")).status_code

    assert _run(run()) == 200

"""Admission: no more requests inside a worker at once than it has database connections.

FastAPI runs each synchronous dependency and route in a thread of a shared pool (40 threads), and a
request takes a pooled connection at its first query and keeps it across several such hops. Under a
burst larger than the connection pool, the threads of newly arrived requests all waited for a
connection while the requests holding the connections waited for a thread to go on: nothing moved
until the pool's timeout answered 503 (seen at 200 users: 40 threads parked in the pool, the worker
idle). Waiting here, before a thread or a connection is taken, costs nothing, and every admitted
request can always get both. A request not admitted within the pool's timeout is answered 503 with
Retry-After, as one that waited for a connection was.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from karmayogi.api.problems import busy

log = logging.getLogger("karmayogi.api")

UNMETERED = ("/static/",)  # files from disk, which take neither a thread nor a connection


class Admission:
    def __init__(self, app: ASGIApp, limit: int, wait_seconds: float) -> None:
        self.app, self.limit, self.wait_seconds = app, limit, wait_seconds
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _slots_here(self) -> asyncio.Semaphore:
        """The semaphore of the running event loop: a test client may serve one app from several loops."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.limit), loop
        return self._slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNMETERED):
            await self.app(scope, receive, send)
            return
        slots = self._slots_here()
        try:
            await asyncio.wait_for(slots.acquire(), self.wait_seconds)
        except TimeoutError:
            log.warning("not admitted in time on %s %s", scope["method"], scope["path"])
            await busy()(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()

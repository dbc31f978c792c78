"""Warm start: build the per-process indexes in the background when a server starts.

The first request after a restart would otherwise pay for loading the encoder, embedding the
catalogue and building the recommender (seconds on a real catalogue). The server starts this at
start-up and reports ready only once it has finished, so a balancer sends no traffic before then.
A failed build is logged and the server still becomes ready: requests build lazily, as before.

What it built lives as long as the process, and is then kept out of the garbage collector's reach
(`long_lived`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from karmayogi.content import encoders
from karmayogi.content.encoders import Encoder
from karmayogi.lms import long_lived, warm_recommenders
from karmayogi.lms.catalogue import search
from karmayogi.lms.db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")


class WarmStart:
    """Loads the encoder, then builds the search index and the recommender, in a thread of its own."""

    def __init__(self, database: Database, encoder: Callable[[], Encoder] = encoders.minilm) -> None:
        self.database, self.encoder = database, encoder
        self.seconds: dict[str, float] = {}
        self.error: str | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="warm-start", daemon=True)
        self._thread.start()

    def skip(self) -> None:
        """Ready at once: for apps that build lazily (tests, or KARMAYOGI_WARM_START=false)."""
        self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _run(self) -> None:
        try:
            encoder = self._timed("encoder", self.encoder)
            with self.database.transaction() as session:
                self._timed("search", lambda: search.warm.get(session, encoder))
            with self.database.transaction() as session:
                self._timed("recommender", lambda: warm_recommenders.warm.get(session, encoder))
            long_lived.keep()
        except Exception as exc:  # the server still serves; requests build what is missing
            self.error = f"{exc.__class__.__name__}: {exc}"
            log.exception("warm start failed; indexes will be built by the first requests")
        finally:
            self._done.set()

    def _timed(self, step: str, build: Callable[[], T]) -> T:
        started = time.perf_counter()
        built = build()
        self.seconds[step] = round(time.perf_counter() - started, 3)
        return built

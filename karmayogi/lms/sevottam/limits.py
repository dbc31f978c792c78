"""How often one address or one contact may use the public grievance forms: a sliding window per key.

Held in the serving process (the public forms are few and cheap to refuse); a deployment with many
processes puts this behind its edge proxy's limit as well.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, *keys: str, now: float | None = None) -> bool:
        """True and counted when every key is under its limit; False (and nothing counted) otherwise."""
        now = time.monotonic() if now is None else now
        with self._lock:
            windows = []
            for key in keys:
                hits = self._hits.setdefault(key, deque())
                while hits and hits[0] <= now - self.window:
                    hits.popleft()
                if len(hits) >= self.limit:
                    return False
                windows.append(hits)
            for hits in windows:
                hits.append(now)
            if len(self._hits) > 100_000:  # forget idle keys so the table cannot grow without end
                for key in [k for k, v in self._hits.items() if not v]:
                    del self._hits[key]
            return True

"""Exact nearest-neighbour search over unit vectors.

A float32 matrix product is exact and, at catalogue sizes (10^5 entries of 384 dimensions, about
150 MB), takes milliseconds on a CPU, so no approximate index is needed; `benchmarks/catalogue.py`
measures it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import numpy as np


class VectorIndex:
    def __init__(self, ids: Sequence[uuid.UUID], vectors: np.ndarray) -> None:
        if vectors.ndim != 2 or len(ids) != vectors.shape[0]:
            raise ValueError(f"{len(ids)} ids for a matrix of shape {vectors.shape}")
        self.ids = list(ids)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.position = {ident: i for i, ident in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of the unit `query` to every indexed vector, in index order."""
        return self.vectors @ np.asarray(query, dtype=np.float32)

    def nearest(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[uuid.UUID, float]]:
        """The `k` most similar entries, best first, among those `allowed` (a boolean mask) if given."""
        return [(self.ids[i], s) for i, s in top_k(self.similarities(query), k, allowed)]


def top_k(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Indices of the `k` highest scores, best first (equal scores by index), skipping those not `allowed`."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    k = min(k, int(np.isfinite(scores).sum()))
    if k <= 0:
        return []
    candidates = np.argpartition(-scores, k - 1)[:k]
    order = sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order]

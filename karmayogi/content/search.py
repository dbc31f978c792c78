"""Hybrid search over the published catalogue: BM25 and dense similarity, fused by reciprocal rank.

Lexical search finds the exact terms officials type ("RTI", "GeM", "GFR 2017"); dense search
finds courses that say the same thing in other words. Reciprocal-rank fusion needs no score
calibration between the two. Filters are boolean masks applied before ranking, so a page is
always full when enough entries match; paging is by keyset on (score, id), stable while the
index is unchanged.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from karmayogi.content.bm25 import BM25
from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.encoders import Encoder
from karmayogi.content.index import VectorIndex, top_k
from karmayogi.content.linking import tokens
from karmayogi.content.model import ContentKind, DeliveryMode

# Reciprocal-rank fusion: each list adds 1 / (RRF_K + rank); 60 is the constant of Cormack et al.
RRF_K = 60
# How deep each ranked list is read before fusion; results beyond it are not returned.
DEPTH = 300
QUERIES_KEPT = 4_096  # officials search for a few thousand phrases far more often than for others


@dataclass(frozen=True)
class SearchFilters:
    competency_id: uuid.UUID | None = None
    level: int | None = None  # with a competency: the course builds it at this level or above
    provider_id: uuid.UUID | None = None
    language: str | None = None
    mode: DeliveryMode | None = None
    kind: ContentKind | None = None
    min_hours: float | None = None
    max_hours: float | None = None


@dataclass(frozen=True)
class Hit:
    entry: CatalogueEntry
    score: float
    lexical_rank: int | None  # 1-based place in the BM25 list, None when not in it
    dense_rank: int | None


class CatalogueSearch:
    """Built once from the published catalogue and its embeddings; every search reads only arrays."""

    def __init__(self, entries: Sequence[CatalogueEntry], embeddings: np.ndarray, encoder: Encoder) -> None:
        self.entries = list(entries)
        self.encoder = encoder
        self.index = VectorIndex([e.id for e in self.entries], embeddings)
        self.bm25 = BM25(
            [tokens(e.title) * 2 + tokens(e.summary) + tokens(e.description) for e in self.entries]
        )
        self.columns = {
            name: _Column([value(e) for e in self.entries])
            for name, value in (
                ("provider_id", lambda e: e.provider_id),
                ("language", lambda e: e.language),
                ("mode", lambda e: str(e.mode)),
                ("kind", lambda e: str(e.kind)),
            )
        }
        self.hours = np.array([e.learning_hours for e in self.entries], dtype=np.float32)
        tagged: dict[uuid.UUID, tuple[list[int], list[int]]] = {}
        for i, entry in enumerate(self.entries):
            for competency_id, level in entry.competencies:
                rows, levels = tagged.setdefault(competency_id, ([], []))
                rows.append(i)
                levels.append(level)
        self.tagged = {c: (np.array(r, dtype=np.int32), np.array(lv)) for c, (r, lv) in tagged.items()}

    def mask(self, filters: SearchFilters) -> np.ndarray:
        allowed = np.ones(len(self.entries), dtype=bool)
        if filters.competency_id is not None:
            rows, levels = self.tagged.get(
                filters.competency_id, (np.array([], dtype=np.int32), np.array([]))
            )
            keep = np.zeros_like(allowed)
            keep[rows[levels >= (filters.level or 1)]] = True
            allowed &= keep
        for name, column in self.columns.items():
            wanted = getattr(filters, name)
            if wanted is not None:
                allowed &= column.equals(wanted if name in ("provider_id", "language") else str(wanted))
        if filters.min_hours is not None:
            allowed &= self.hours >= filters.min_hours
        if filters.max_hours is not None:
            allowed &= self.hours <= filters.max_hours
        return allowed

    def search(
        self,
        query: str,
        filters: SearchFilters = SearchFilters(),
        limit: int = 20,
        after: tuple[float, uuid.UUID] | None = None,
    ) -> list[Hit]:
        """One page of hits, best first; `after` is the (score, id) of the last hit of the page before."""
        allowed = self.mask(filters)
        if query.strip():
            hits = self._ranked(query, allowed)
        else:  # browsing by filters alone: every match, in id order
            hits = sorted(
                (Hit(self.entries[i], 0.0, None, None) for i in np.flatnonzero(allowed)),
                key=lambda h: h.entry.id,
            )
        if after is not None:
            score, ident = after
            hits = [h for h in hits if h.score < score or (h.score == score and h.entry.id > ident)]
        return hits[:limit]

    def _ranked(self, query: str, allowed: np.ndarray) -> list[Hit]:
        lexical = [i for i, s in top_k(self.bm25.scores(tokens(query)), DEPTH, allowed) if s > 0]
        dense = [
            i for i, _ in top_k(self.index.similarities(query_vector(self.encoder, query)), DEPTH, allowed)
        ]
        lexical_rank = {i: r for r, i in enumerate(lexical, 1)}
        dense_rank = {i: r for r, i in enumerate(dense, 1)}
        fused = {
            i: sum(1 / (RRF_K + rank[i]) for rank in (lexical_rank, dense_rank) if i in rank)
            for i in lexical_rank.keys() | dense_rank.keys()
        }
        hits = [Hit(self.entries[i], s, lexical_rank.get(i), dense_rank.get(i)) for i, s in fused.items()]
        return sorted(hits, key=lambda h: (-h.score, h.entry.id))


class _Column:
    """A categorical column as integer codes, so a filter is one vector comparison."""

    def __init__(self, values: Sequence[object]) -> None:
        self.codes: dict[object, int] = {}
        self.values = np.array([self.codes.setdefault(v, len(self.codes)) for v in values], dtype=np.int32)

    def equals(self, value: object) -> np.ndarray:
        return self.values == self.codes.get(value, -1)


@functools.lru_cache(maxsize=QUERIES_KEPT)
def query_vector(encoder: Encoder, query: str) -> np.ndarray:
    """A query's vector, kept per encoder: encoding it was a tenth of the server's time under load,
    and the same few words are searched again and again. Read-only, as it is shared."""
    vector = encoder.encode([query])[0]
    vector.setflags(write=False)
    return vector

"""Okapi BM25 over token lists, with postings held as numpy arrays so a query costs a few bincounts.

The weight of each (term, document) pair is fixed once the corpus is known, so it is computed at
build time; a query then sums the weights of its terms per document.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        average = float(lengths.mean()) if self.size else 0.0
        norms = k1 * (1 - b + b * lengths / max(average, 1e-9))
        rows: dict[str, list[int]] = defaultdict(list)
        counts: dict[str, list[int]] = defaultdict(list)
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                rows[term].append(index)
                counts[term].append(count)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, docs in rows.items():
            idx = np.array(docs, dtype=np.int32)
            tf = np.array(counts[term], dtype=np.float32)
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            self.postings[term] = (idx, (idf * tf * (k1 + 1) / (tf + norms[idx])).astype(np.float32))

    def scores(self, terms: Iterable[str]) -> np.ndarray:
        """The score of every document for the query `terms` (zero where none is shared)."""
        total = np.zeros(self.size, dtype=np.float32)
        for term in sorted(set(terms)):  # a fixed order: float32 sums differ in the last bit by order
            found = self.postings.get(term)
            if found is not None:
                total[found[0]] += found[1]
        return total

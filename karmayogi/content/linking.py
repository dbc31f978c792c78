"""Competency linking: rank a dictionary's competencies for a piece of text.

It serves role drafting in the FRAC now, and course tagging and gap-to-course matching later.
This first linker is lexical: Okapi BM25 over each competency's name (counted three times, as a
name says most), alternative labels (twice) and description. Dense and fused linkers will sit
behind the same `rank` call.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from karmayogi.frac.model import Competency

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which competency a text is about.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "within",
        "who",
        "whom",
        "which",
        "while",
        "all",
        "any",
        "each",
        "other",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "officer",
        "officers",
        "work",
        "works",
        "working",
        "duties",
        "duty",
        "role",
        "responsible",
        "including",
        "ensure",
    }
)


def tokens(text: str) -> list[str]:
    """Lower-case words without stopwords, with a plural 's' taken off so 'audits' meets 'audit'."""
    words = _WORD.findall(text.lower())
    return [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w not in STOPWORDS
    ]


@dataclass(frozen=True)
class Link:
    competency_id: uuid.UUID
    name: str
    score: float


class LexicalLinker:
    """BM25 over the dictionary; built once, then each `rank` costs only the query's postings."""

    def __init__(self, competencies: Sequence[Competency], k1: float = 1.2, b: float = 0.75) -> None:
        self.competencies = [c for c in competencies if not c.retired]
        documents = [
            tokens(c.name) * 3
            + [t for label in c.alt_labels for t in tokens(label)] * 2
            + tokens(c.description)
            for c in self.competencies
        ]
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / max(len(documents), 1)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.postings[term].append((index, count))
        n = len(documents)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def rank(self, text: str, limit: int = 10) -> list[Link]:
        """The best `limit` competencies for `text`, best first; none when no word is shared."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(tokens(text)):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for index, count in self.postings[term]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / self.average)
                scores[index] += idf * count * (self.k1 + 1) / (count + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], self.competencies[item[0]].name))[:limit]
        return [Link(self.competencies[i].id, self.competencies[i].name, round(s, 4)) for i, s in best]

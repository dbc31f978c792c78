"""Competency linking: rank a dictionary's competencies for a piece of text.

It serves course tagging, role drafting in the FRAC and gap-to-course matching. Two linkers:

- `LexicalLinker`: Okapi BM25 over each competency's name (counted three times, as a name says
  most), alternative labels (twice) and description. No model, so it is what drafting uses where
  only shared words are wanted.
- `CompetencyLinker`: similarity of encoder vectors, fused with BM25 over names. A text is compared
  as a whole and through its clauses and phrases (`karmayogi.content.spans`), because one sentence
  often names several competencies, and each competency scores the mean of the two. On the
  skill-linking development sets this takes RP@5 from 51.7 (TECH) and 48.1 (HOUSE) for plain MiniLM
  cosine to 74.0 and 65.1 (benchmarks/competency_linking.py, results in benchmarks/results/linking.json).
  Extra vectors for alternative labels and descriptions (a competency counts by its best) and
  reciprocal-rank fusion both lost there; they stay as `LinkingMethod` options because that
  benchmark's ablation runs them.

The dictionary's vectors are a `DictionaryEmbedding`, stored with the encoder's name and version so a
change of encoder re-embeds instead of mixing vectors.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from karmayogi.content.bm25 import BM25
from karmayogi.content.encoders import Encoder, Progress
from karmayogi.content.index import top_k
from karmayogi.content.spans import FUNCTION_WORDS, text_spans
from karmayogi.frac.model import Competency

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which competency a text is about.
STOPWORDS = FUNCTION_WORDS | frozenset(
    {
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
# Texts longer than this are refused: a course description fits, and the cost of the phrase spans
# grows with the length.
MAX_TEXT_LENGTH = 2_000


class TextRefused(ValueError):
    """A text that cannot be linked: empty, or longer than `MAX_TEXT_LENGTH`."""


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
        self.index = BM25(
            [
                tokens(c.name) * 3
                + [t for label in c.alt_labels for t in tokens(label)] * 2
                + tokens(c.description)
                for c in self.competencies
            ],
            k1,
            b,
        )

    def rank(self, text: str, limit: int = 10) -> list[Link]:
        """The best `limit` competencies for `text`, best first; none when no word is shared."""
        scores = self.index.scores(tokens(text))
        hits = sorted(np.flatnonzero(scores > 0), key=lambda i: (-scores[i], self.competencies[i].name))
        return [
            Link(self.competencies[i].id, self.competencies[i].name, round(float(scores[i]), 4))
            for i in hits[:limit]
        ]


class View(StrEnum):
    """A text of a competency that gets its own vector."""

    NAME = "name"
    ALT_LABELS = "alt_labels"
    DESCRIPTION = "description"


class Fusion(StrEnum):
    """How the BM25 signal joins the dense one."""

    SCORE = "score"  # add BM25 scaled by the text's best BM25 hit
    RANK = "rank"  # reciprocal-rank fusion of the two rankings


@dataclass(frozen=True)
class LinkingMethod:
    """How a `CompetencyLinker` scores. The defaults are the benchmark's best configuration."""

    views: tuple[View, ...] = (View.NAME,)
    spans: bool = True
    lexical_weight: float = 0.1  # 0 turns BM25 off
    fusion: Fusion = Fusion.SCORE


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class DictionaryEmbedding:
    """The vectors of a dictionary's competencies: one row per (competency, view text), grouped by
    competency, with `starts[i]` the first row of competency i."""

    encoder_name: str
    encoder_version: str
    digest: str  # of the embedded texts, so a stored copy is only reused for the same dictionary
    vectors: np.ndarray
    starts: np.ndarray = field(repr=False)

    @classmethod
    def texts(cls, competencies: Sequence[Competency], views: Sequence[View]) -> list[list[str]]:
        """The texts embedded for each competency: its name always, then those of the other views it has."""
        out = []
        for c in competencies:
            texts = [c.name]
            if View.ALT_LABELS in views:
                texts += [a for a in c.alt_labels if a.strip()]
            if View.DESCRIPTION in views and c.description.strip():
                texts.append(c.description)
            out.append(texts)
        return out

    @classmethod
    def build(
        cls,
        competencies: Sequence[Competency],
        encoder: Encoder,
        views: Sequence[View] = (View.NAME,),
        progress: Progress | None = None,
        store: Path | None = None,
    ) -> DictionaryEmbedding:
        """Embed the dictionary, or read it from the directory `store` if it was embedded there before by
        the same encoder; a fresh embedding is written there."""
        grouped = cls.texts(competencies, views)
        flat = [t for texts in grouped for t in texts]
        digest = _digest([encoder.name, encoder.version, *(f"{len(g)}" for g in grouped), *flat])
        path = store / f"{digest}.npz" if store is not None else None
        if path is not None and path.exists():
            return cls.load(path)
        starts = np.cumsum([0] + [len(g) for g in grouped[:-1]]).astype(np.int64)
        embedding = cls(encoder.name, encoder.version, digest, encoder.encode(flat, progress), starts)
        if path is not None:
            embedding.save(path)
        return embedding

    def save(self, path: Path) -> None:
        """Write as .npz, atomically, with the encoder's name and version beside the vectors."""
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".partial.npz")
        np.savez(
            staging,
            encoder_name=self.encoder_name,
            encoder_version=self.encoder_version,
            digest=self.digest,
            vectors=self.vectors,
            starts=self.starts,
        )
        staging.replace(path)

    @classmethod
    def load(cls, path: Path) -> DictionaryEmbedding:
        with np.load(path) as data:
            return cls(
                str(data["encoder_name"]),
                str(data["encoder_version"]),
                str(data["digest"]),
                data["vectors"],
                data["starts"],
            )


class CompetencyLinker:
    """Dense-and-lexical ranking of a dictionary (see the module doc); retired competencies are left out."""

    def __init__(
        self,
        competencies: Sequence[Competency],
        encoder: Encoder,
        method: LinkingMethod = LinkingMethod(),
        embedding: DictionaryEmbedding | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.competencies = [c for c in competencies if not c.retired]
        self.encoder, self.method = encoder, method
        self.embedding = embedding or DictionaryEmbedding.build(
            self.competencies, encoder, method.views, progress
        )
        if (self.embedding.encoder_name, self.embedding.encoder_version) != (encoder.name, encoder.version):
            raise ValueError(
                f"the dictionary was embedded by {self.embedding.encoder_name}"
                f" {self.embedding.encoder_version}, not by {encoder.name} {encoder.version}: embed it again"
            )
        if len(self.embedding.starts) != len(self.competencies):
            raise ValueError(
                f"the embedding holds {len(self.embedding.starts)} competencies, the dictionary"
                f" {len(self.competencies)} (retired ones left out)"
            )
        self.lexical = BM25([tokens(c.name) for c in self.competencies])

    def rank(self, text: str, limit: int = 10) -> list[Link]:
        """The best `limit` competencies for `text`, best first."""
        return self.rank_many([text], limit)[0]

    def rank_many(
        self, texts: Sequence[str], limit: int = 10, progress: Progress | None = None
    ) -> list[list[Link]]:
        """`rank` for each text, with all texts' spans encoded in one batch."""
        return [
            [
                Link(self.competencies[i].id, self.competencies[i].name, round(s, 4))
                for i, s in top_k(scores, limit)
            ]
            for scores in self.scores(texts, progress)
        ]

    def scores(self, texts: Sequence[str], progress: Progress | None = None) -> list[np.ndarray]:
        """For each text, the score of every competency (in dictionary order, retired left out)."""
        for number, text in enumerate(texts, start=1):
            check_text(text, f"text {number}")
        parts = [text_spans(t) if self.method.spans else [t.strip()] for t in texts]
        vectors = self.encoder.encode([p for ps in parts for p in ps], progress)
        out, at = [], 0
        for text, ps in zip(texts, parts, strict=True):
            out.append(self._fuse(self._dense(vectors[at : at + len(ps)]), self.lexical.scores(tokens(text))))
            at += len(ps)
        return out

    def _dense(self, parts: np.ndarray) -> np.ndarray:
        """Per competency: the mean of its similarity to the whole text (row 0) and to the best-matching
        part, taking the best of its vectors."""
        similarity = parts @ self.embedding.vectors.T
        rows = (similarity[0] + similarity.max(axis=0)) / 2 if self.method.spans else similarity[0]
        return np.maximum.reduceat(rows, self.embedding.starts)

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        weight = self.method.lexical_weight
        if weight <= 0 or not lexical.any():
            return dense
        if self.method.fusion is Fusion.SCORE:
            return dense + weight * lexical / lexical.max()
        return _reciprocal_ranks(dense) + weight * _reciprocal_ranks(lexical, unranked=lexical <= 0)


# The damping constant of reciprocal-rank fusion; 60 is the value of its original paper (Cormack 2009).
_RRF_K = 60


def _reciprocal_ranks(scores: np.ndarray, unranked: np.ndarray | None = None) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    values = 1.0 / (_RRF_K + ranks)
    return values if unranked is None else np.where(unranked, 0.0, values)


def check_text(text: str, what: str) -> None:
    """Refuse what cannot be linked, naming it: empty text, or text over `MAX_TEXT_LENGTH` characters."""
    if not text.strip():
        raise TextRefused(f"{what} is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise TextRefused(f"{what} has {len(text):,} characters; at most {MAX_TEXT_LENGTH:,} can be linked")

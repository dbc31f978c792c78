"""Which published courses could close a gap, found fast enough to ask for every officer.

Two sources, built once per catalogue and kept (the "warm" indexes):

- tagged: an inverted index competency → the courses whose confirmed tags build it, with the
  level. A course is a candidate for a gap when it builds the competency at or above the level
  needed; one below it would leave the gap open.
- dense: for content that is weakly tagged, the courses whose embedding is nearest the
  competency's embedding (cosine at least `min_similarity`), leaving out courses already tagged
  with that competency, whose level is known. Vectors come in from outside, embedded by one
  encoder (`karmayogi.content.encoders`), a competency as its name and description; the neighbours
  of each competency are computed on first use, or for all at once by `warm`. The default
  `min_similarity` suits all-MiniLM-L6-v2, where such a text and the description of a course that
  teaches it score about 0.6 and unrelated courses below 0.4.

Courses are numbered by their place in `entries`; the arrays this module returns use those numbers.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.index import VectorIndex, top_k
from karmayogi.recommender.gaps import Gap

_NO_COURSES = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class CandidatePairs:
    """One row per (course, gap) the course works on, as parallel arrays."""

    course: np.ndarray  # course number
    gap: np.ndarray  # index into the gap list
    level: np.ndarray  # the tagged level built; 0 where the link is by text similarity only
    similarity: np.ndarray  # the text similarity of a dense link; 0 for tagged ones

    def __len__(self) -> int:
        return len(self.course)


class CandidateIndex:
    def __init__(
        self,
        entries: Sequence[CatalogueEntry],
        course_index: VectorIndex | None = None,
        competency_index: VectorIndex | None = None,
        dense_k: int = 20,
        min_similarity: float = 0.45,
    ) -> None:
        self.entries = list(entries)
        self.number = {entry.id: i for i, entry in enumerate(self.entries)}
        self.dense_k = dense_k
        self.min_similarity = min_similarity

        tagged: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, entry in enumerate(self.entries):
            for competency, level in built_levels(entry).items():
                courses, levels = tagged[competency.int]
                courses.append(i)
                levels.append(level)
        self._tagged = {
            competency: (np.array(courses, dtype=np.int64), np.array(levels, dtype=np.int64))
            for competency, (courses, levels) in tagged.items()
        }

        self._course_index = course_index
        self._competency_index = competency_index
        self._dense: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if course_index is not None:
            # Index rows of courses not in `entries` (retired, unpublished) map to -1 and are skipped.
            self._course_of_row = np.array([self.number.get(i, -1) for i in course_index.ids], dtype=np.int64)
            rows = np.full(len(self.entries), -1, dtype=np.int64)
            rows[self._course_of_row[self._course_of_row >= 0]] = np.nonzero(self._course_of_row >= 0)[0]
            self._row_of_course = rows
            self._rows_not_in_catalogue = np.nonzero(self._course_of_row < 0)[0]

    def __len__(self) -> int:
        return len(self.entries)

    def numbers(self, course_ids: Iterable[uuid.UUID]) -> np.ndarray:
        """Course numbers of the ids that are in the catalogue; others are ignored."""
        return np.array([self.number[c] for c in course_ids if c in self.number], dtype=np.int64)

    def tagged(self, competency_id: uuid.UUID) -> tuple[np.ndarray, np.ndarray]:
        """(course numbers, levels) of the courses tagged with the competency."""
        return self._tagged.get(competency_id.int, (_NO_COURSES, _NO_COURSES))

    def dense(self, competency_id: uuid.UUID) -> tuple[np.ndarray, np.ndarray]:
        """(course numbers, similarities) of the courses nearest the competency that are not tagged with
        it, best first."""
        cached = self._dense.get(competency_id.int)
        if cached is None:
            self.warm([competency_id])
            cached = self._dense[competency_id.int]
        return cached

    def warm(self, competency_ids: Iterable[uuid.UUID] | None = None, chunk: int = 256) -> None:
        """Compute the dense neighbours of these competencies (all by default), a chunk per matrix product."""
        index, course_index = self._competency_index, self._course_index
        wanted = (
            list(competency_ids) if competency_ids is not None else index.ids if index is not None else []
        )
        known = [c for c in wanted if c in index.position] if index is not None and course_index else []
        for competency_id in set(wanted).difference(known):
            self._dense[competency_id.int] = (_NO_COURSES, np.zeros(0))
        if not known:
            return
        assert index is not None and course_index is not None
        courses = course_index.vectors
        for start in range(0, len(known), chunk):
            part = known[start : start + chunk]
            queries = index.vectors[[index.position[c] for c in part]]
            similarities = queries @ courses.T
            for row, competency_id in enumerate(part):
                scores = similarities[row]
                tagged_courses, _ = self.tagged(competency_id)
                rows = self._row_of_course[tagged_courses]
                scores[rows[rows >= 0]] = -np.inf
                scores[self._rows_not_in_catalogue] = -np.inf
                best = [(r, s) for r, s in top_k(scores, self.dense_k) if s >= self.min_similarity]
                self._dense[competency_id.int] = (
                    self._course_of_row[np.array([r for r, _ in best], dtype=np.int64)],
                    np.array([s for _, s in best], dtype=np.float64),
                )

    def pairs(self, gaps: Sequence[Gap], excluded: np.ndarray = _NO_COURSES) -> CandidatePairs:
        """Every (course, gap) link from both sources, leaving out the `excluded` course numbers."""
        courses, gap_numbers, levels, similarities = [], [], [], []
        for g, gap in enumerate(gaps):
            tagged_courses, tagged_levels = self.tagged(gap.competency_id)
            closing = tagged_levels >= gap.needed_level
            dense_courses, dense_similarities = self.dense(gap.competency_id)
            courses += [tagged_courses[closing], dense_courses]
            levels += [tagged_levels[closing], np.zeros(len(dense_courses), dtype=np.int64)]
            similarities += [np.zeros(int(closing.sum())), dense_similarities]
            gap_numbers.append(np.full(int(closing.sum()) + len(dense_courses), g, dtype=np.int64))
        if not courses:
            return CandidatePairs(_NO_COURSES, _NO_COURSES, _NO_COURSES, np.zeros(0))
        pairs = CandidatePairs(
            np.concatenate(courses),
            np.concatenate(gap_numbers),
            np.concatenate(levels),
            np.concatenate(similarities),
        )
        if len(excluded):
            keep = ~np.isin(pairs.course, excluded)
            pairs = CandidatePairs(
                pairs.course[keep], pairs.gap[keep], pairs.level[keep], pairs.similarity[keep]
            )
        return pairs


def built_levels(entry: CatalogueEntry) -> dict[uuid.UUID, int]:
    """Per competency the course is tagged with, the level it builds (the highest, if tagged twice)."""
    levels: dict[uuid.UUID, int] = {}
    for competency_id, level in entry.competencies:
        levels[competency_id] = max(level, levels.get(competency_id, 0))
    return levels

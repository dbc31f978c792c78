"""What officers did with courses, turned into the two ranking signals that learn from it.

- `CourseQuality`: ratings and completion rate as Bayesian averages, so a course rated 5 by one
  officer does not outrank one rated 4.6 by a thousand.
- `PeerModel`: how popular a course is with officers in the same or similar positions. A
  collaborative-filtering model (implicit's alternating least squares) is fitted to a position *
  course matrix of enrolments, so positions with few officers borrow strength from the courses
  their look-alikes take; the position's own factors are then blended with those of its
  FRAC-similar positions (`FracGraph.similar_positions`), which also gives a position nobody has
  enrolled from yet a sensible answer.

"Not relevant" feedback excludes the course for that officer (see `OfficerProfile`); it is not a
quality signal, because a course can be excellent and still wrong for someone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from karmayogi.frac.graph import FracGraph

# Used while nothing has been rated or enrolled yet.
_NEUTRAL_RATING = 3.5
_NEUTRAL_COMPLETION = 0.5


class FeedbackKind(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    RATED = "rated"
    NOT_RELEVANT = "not_relevant"


@dataclass(frozen=True)
class Feedback:
    officer_id: uuid.UUID
    position_id: uuid.UUID | None  # the officer's position when it happened
    course_id: uuid.UUID
    kind: FeedbackKind
    rating: int | None = None  # 1..5, for RATED

    def __post_init__(self) -> None:
        if self.kind == FeedbackKind.RATED and (self.rating is None or not 1 <= self.rating <= 5):
            raise ValueError(f"rating: {self.rating!r} must be 1..5 for rated feedback")


class CourseQuality:
    """Per course, quality in [0, 1]: the mean of its Bayesian-average rating (scaled from 1..5)
    and its Bayesian-average completion rate, each pulled towards the catalogue-wide mean by
    `prior_weight` imaginary officers."""

    def __init__(
        self, course_ids: Sequence[uuid.UUID], feedback: Iterable[Feedback], prior_weight: float = 10.0
    ) -> None:
        position = {course_id: i for i, course_id in enumerate(course_ids)}
        n = len(course_ids)
        enrolments, completions = np.zeros(n), np.zeros(n)
        ratings, rating_total = np.zeros(n), np.zeros(n)
        for event in feedback:
            i = position.get(event.course_id)
            if i is None:
                continue
            if event.kind == FeedbackKind.ENROLLED:
                enrolments[i] += 1
            elif event.kind == FeedbackKind.COMPLETED:
                completions[i] += 1
            elif event.kind == FeedbackKind.RATED:
                assert event.rating is not None
                ratings[i] += 1
                rating_total[i] += event.rating
        enrolments = np.maximum(enrolments, completions)  # a completion implies an enrolment
        mean_rating = rating_total.sum() / ratings.sum() if ratings.sum() else _NEUTRAL_RATING
        mean_completion = completions.sum() / enrolments.sum() if enrolments.sum() else _NEUTRAL_COMPLETION
        self.average_rating = (prior_weight * mean_rating + rating_total) / (prior_weight + ratings)
        self.completion_rate = (prior_weight * mean_completion + completions) / (prior_weight + enrolments)
        self.ratings = ratings
        self.enrolments = enrolments
        self.scores = 0.5 * (self.average_rating - 1.0) / 4.0 + 0.5 * self.completion_rate


class PeerModel:
    """Peer popularity in [0, 1] of each course for a position: the course's ALS score for the
    position's blended factors, divided by the best score any course gets for that position."""

    def __init__(
        self,
        graph: FracGraph,
        course_ids: Sequence[uuid.UUID],
        feedback: Iterable[Feedback],
        factors: int = 32,
        iterations: int = 15,
        regularization: float = 0.05,
        similar_positions: int = 10,
        seed: int = 0,
    ) -> None:
        from implicit.cpu.als import AlternatingLeastSquares

        self.graph = graph
        self.similar_positions = similar_positions
        self._position_number = {p.id: i for i, p in enumerate(graph.framework.positions)}
        course_number = {course_id: i for i, course_id in enumerate(course_ids)}
        rows, columns = [], []
        for event in feedback:
            # An enrolment counts once and a completion once more: finishing is the stronger vote.
            if event.kind not in (FeedbackKind.ENROLLED, FeedbackKind.COMPLETED):
                continue
            row = self._position_number.get(event.position_id) if event.position_id else None
            column = course_number.get(event.course_id)
            if row is not None and column is not None:
                rows.append(row)
                columns.append(column)
        shape = (len(self._position_number), len(course_ids))
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=shape, dtype=np.float32
        )
        counts.sum_duplicates()
        self.interactions = counts.nnz
        if counts.nnz:
            # implicit runs its own threads; a BLAS thread pool under them only contends.
            with threadpool_limits(1, "blas"):
                als = AlternatingLeastSquares(
                    factors=factors, regularization=regularization, iterations=iterations, random_state=seed
                )
                als.fit(counts, show_progress=False)
            self.position_factors = np.asarray(als.user_factors, dtype=np.float32)
            self.course_factors = np.asarray(als.item_factors, dtype=np.float32)
        else:
            self.position_factors = np.zeros((shape[0], factors), dtype=np.float32)
            self.course_factors = np.zeros((shape[1], factors), dtype=np.float32)
        self._blended: dict[uuid.UUID, tuple[np.ndarray, float]] = {}

    def _blend(self, position_id: uuid.UUID) -> tuple[np.ndarray, float]:
        """The position's factors averaged with its similar positions', weighted by similarity, and
        the best course score they give; kept per position."""
        cached = self._blended.get(position_id)
        if cached is not None:
            return cached
        number = self._position_number.get(position_id)
        dimension = self.position_factors.shape[1]
        if number is None:
            blended: tuple[np.ndarray, float] = (np.zeros(dimension, dtype=np.float32), 0.0)
        else:
            vector = self.position_factors[number].copy()
            total = 1.0
            for other, similarity in self.graph.similar_positions(position_id, self.similar_positions):
                vector += similarity * self.position_factors[self._position_number[other]]
                total += similarity
            vector /= total
            best = float((self.course_factors @ vector).max()) if len(self.course_factors) else 0.0
            blended = (vector, best)
        self._blended[position_id] = blended
        return blended

    def warm(self, position_ids: Iterable[uuid.UUID] | None = None) -> None:
        """Blend every position now rather than on its first request."""
        for position_id in position_ids if position_ids is not None else self._position_number:
            self._blend(position_id)

    def scores(self, position_id: uuid.UUID, courses: np.ndarray) -> np.ndarray:
        """Peer popularity of the courses (row numbers in `course_ids`) for officers in the position."""
        vector, best = self._blend(position_id)
        if best <= 0.0:
            return np.zeros(len(courses))
        return np.clip(self.course_factors[courses] @ vector / best, 0.0, 1.0)

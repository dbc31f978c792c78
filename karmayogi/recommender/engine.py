"""The recommender for one FRAC version and one catalogue: gaps → candidates → ranked, explained list,
and gaps → learning path.

Everything that does not depend on the officer (inverted index, dense neighbours, quality, peer
model, prerequisite closure) is built once by `fit` and kept, so a request only does the officer's
part. `entries` are the published courses; what is not in it is never recommended.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Self

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.index import VectorIndex
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.candidates import CandidateIndex
from karmayogi.recommender.feedback import CourseQuality, Feedback, PeerModel
from karmayogi.recommender.gaps import (
    DEFAULT_CAREER_WEIGHT,
    DEFAULT_SELF_DECLARED_DISCOUNT,
    Gap,
    NothingToRecommend,
    NothingToRecommendReason,
    find_gaps,
)
from karmayogi.recommender.paths import LearningPath, OfferedCourse, Prerequisites, plan_learning_path
from karmayogi.recommender.profile import MandatedCourse, OfficerProfile
from karmayogi.recommender.ranking import RankingWeights, Recommendation, rank


@dataclass(frozen=True)
class Recommendations:
    officer_id: uuid.UUID
    gaps: tuple[Gap, ...]
    items: tuple[Recommendation, ...]
    weights: RankingWeights  # what the score parts were weighed with
    notes: tuple[str, ...] = ()  # things the officer should know, e.g. an unknown desired position


class Recommender:
    """Configured in `__init__`, given its data in `fit` (the estimator habit the evaluation's
    baselines share), so one configuration can be fitted to several catalogues and compared."""

    def __init__(
        self,
        weights: RankingWeights = RankingWeights(),
        self_declared_discount: float = DEFAULT_SELF_DECLARED_DISCOUNT,
        career_weight: float = DEFAULT_CAREER_WEIGHT,
        dense_k: int = 20,
        min_similarity: float = 0.45,
        peer_factors: int = 32,
        seed: int = 0,
    ) -> None:
        self.weights = weights
        self.self_declared_discount = self_declared_discount
        self.career_weight = career_weight
        self.dense_k = dense_k
        self.min_similarity = min_similarity
        self.peer_factors = peer_factors
        self.seed = seed
        self._fitted = False

    def fit(
        self,
        graph: FracGraph,
        entries: Sequence[CatalogueEntry],
        feedback: Iterable[Feedback] = (),
        course_index: VectorIndex | None = None,
        competency_index: VectorIndex | None = None,
    ) -> Self:
        """Build everything that does not depend on the officer from one FRAC version, its published
        courses, the learners' feedback and (optionally) the dense indexes; returns the recommender."""
        self.graph = graph
        self.candidates = CandidateIndex(
            entries, course_index, competency_index, self.dense_k, self.min_similarity
        )
        self.entries = self.candidates.entries
        course_ids = [entry.id for entry in self.entries]
        feedback = list(feedback)
        self.quality = CourseQuality(course_ids, feedback)
        self.peers = PeerModel(graph, course_ids, feedback, factors=self.peer_factors, seed=self.seed)
        self.prerequisites = Prerequisites.of(graph.framework)
        self.role_names = {role.id: role.name for role in graph.framework.roles}
        self._positions = {p.id: p.designation for p in graph.framework.positions}
        self._fitted = True
        return self

    def warm(self) -> None:
        """Build now what would otherwise be built on first use: dense neighbours of every
        competency and the peer blend of every position."""
        self._require_fitted()
        self.candidates.warm()
        self.peers.warm()

    def gaps(self, officer: OfficerProfile) -> tuple[list[Gap], tuple[str, ...]]:
        """The officer's gaps, and notes on what was left out; NothingToRecommend when the officer's
        position gives nothing to compare against."""
        self._require_fitted()
        if officer.position_id is None:
            raise NothingToRecommend(
                NothingToRecommendReason.NO_POSITION,
                f"officer {officer.officer_id} holds no position, so there are no competency needs to meet",
            )
        framework = self.graph.framework
        where = f"the verified FRAC ({framework.name} v{framework.version})"
        if officer.position_id not in self._positions:
            raise NothingToRecommend(
                NothingToRecommendReason.NO_VERIFIED_FRAC,
                f"position {officer.position_id} is not in {where}",
            )
        requirements = self.graph.resolved_requirements(officer.position_id, officer.allocated_role_ids)
        if not requirements:
            raise NothingToRecommend(
                NothingToRecommendReason.NO_VERIFIED_FRAC,
                f"position {self._positions[officer.position_id]!r} has no competency requirements "
                f"in {where}",
            )
        notes: tuple[str, ...] = ()
        career = []
        desired = officer.desired_position_id
        if desired is not None and desired != officer.position_id:
            if desired in self._positions:
                career = self.graph.resolved_requirements(desired)
            else:
                notes = (f"desired position {desired} is not in {where}; no career gaps were added",)
        gaps = find_gaps(
            requirements, officer.standings, career, self.self_declared_discount, self.career_weight
        )
        return gaps, notes

    def recommend(
        self, officer: OfficerProfile, k: int = 10, weights: RankingWeights | None = None
    ) -> Recommendations:
        """The officer's top `k` courses, explained; NothingToRecommend says why there are none.
        `weights` replaces the recommender's own for this call (to compare weightings offline)."""
        weights = weights or self.weights
        gaps, notes = self.gaps(officer)
        self._require_catalogue()
        excluded_ids = {
            *officer.completed,
            *officer.not_relevant,
            *(p.course_id for p in officer.in_progress),
        }
        mandated = {
            self.candidates.number[m.course_id]: m
            for m in officer.mandated
            if m.course_id in self.candidates.number and m.course_id not in excluded_ids
        }
        if not gaps and not mandated:
            raise NothingToRecommend(
                NothingToRecommendReason.NO_GAPS,
                f"officer {officer.officer_id} already meets every need of their position",
            )
        excluded = self.candidates.numbers(excluded_ids)
        pairs = self.candidates.pairs(gaps, excluded)
        position_id = officer.position_id
        assert position_id is not None
        items = rank(
            gaps,
            pairs,
            self.entries,
            self.quality.scores,
            lambda courses: self.peers.scores(position_id, courses),
            mandated,
            self.role_names,
            k,
            weights,
        )
        if not items:
            raise NothingToRecommend(
                NothingToRecommendReason.NO_COURSES_FOR_GAPS,
                f"no published course the officer has not taken or set aside works on any of their "
                f"{len(gaps)} gaps",
                gaps,
            )
        return Recommendations(officer.officer_id, tuple(gaps), tuple(items), weights, notes)

    def plan(self, officer: OfficerProfile, starts_on: date, time_limit_s: float = 1.0) -> LearningPath:
        """The officer's learning path from `starts_on`; NothingToRecommend as for `recommend`, except
        that an officer with no gap and no mandated course gets an empty path."""
        gaps, _ = self.gaps(officer)
        self._require_catalogue()
        done = {*officer.completed, *officer.not_relevant}
        hours_done = {p.course_id: p.hours_done for p in officer.in_progress}
        mandates = {m.course_id: m for m in officer.mandated if m.course_id not in done}
        offered: dict[int, OfferedCourse] = {}
        for course_id, mandate in mandates.items():
            number = self.candidates.number.get(course_id)
            if number is not None:
                offered[number] = self._offer(number, hours_done, mandate)
        for gap in gaps:
            courses, levels = self.candidates.tagged(gap.competency_id)
            for number in courses[levels >= gap.needed_level].tolist():
                if number not in offered and self.entries[number].id not in done:
                    offered[number] = self._offer(number, hours_done)
        return plan_learning_path(
            officer.officer_id,
            gaps,
            [offered[number] for number in sorted(offered)],
            self.prerequisites,
            officer.weekly_hours,
            starts_on,
            time_limit_s,
        )

    def _offer(
        self, number: int, hours_done: dict[uuid.UUID, float], mandate: MandatedCourse | None = None
    ) -> OfferedCourse:
        entry = self.entries[number]
        return OfferedCourse(entry, max(entry.learning_hours - hours_done.get(entry.id, 0.0), 0.0), mandate)

    def _require_fitted(self) -> None:
        if not self._fitted:
            raise RuntimeError("the recommender has no data yet: call fit(graph, entries, ...) first")

    def _require_catalogue(self) -> None:
        if not self.entries:
            raise NothingToRecommend(
                NothingToRecommendReason.EMPTY_CATALOGUE, "the catalogue has no published course"
            )

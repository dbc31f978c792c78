"""A transparent score for each candidate course, a diverse top list, and why each course is on it.

score = Σ weight * part - diversity penalty, with the parts:

- gap_closed: the gap weight the course closes, over the officer's heaviest gap weight. A tagged
  course at or above the needed level closes a gap fully; a course linked by text only is
  assumed to close `dense_credit` of it. A course closing several gaps can score above 1.
- level_fit: 1 when the course builds exactly the level needed, `far_above_penalty` less per level
  above it (a Master class is a poor answer to a Basic need); 0.5 for a text-only link, whose
  level is unknown. Averaged over the gaps the course works on, by gap weight.
- quality: `CourseQuality` (Bayesian-average rating and completion rate), in [0, 1].
- peer_popularity: `PeerModel`, in [0, 1].
- mandated: 1 for a course the officer's plan mandates.

Diversity: the list is filled greedily, and a course loses `diversity` for every course already
listed per competency it works on (averaged over its competencies), so one competency cannot fill
the list while others wait.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.recommender.candidates import CandidatePairs
from karmayogi.recommender.gaps import Gap
from karmayogi.recommender.profile import MandatedCourse

# The diversity pass chooses among the best 5 per place in the list and the best 2 per gap.
_POOL_PER_PLACE = 5
_POOL_PER_GAP = 2
_UNKNOWN_LEVEL_FIT = 0.5
# A peer popularity at least this high is worth saying in the explanation.
_POPULAR_WITH_PEERS = 0.5


@dataclass(frozen=True)
class RankingWeights:
    """How much each score part counts. The defaults are set by judgement, not fitted to the offline
    evaluation; `benchmarks/recommender.py` reports what dropping peer popularity costs."""

    gap_closed: float = 0.4
    level_fit: float = 0.1
    quality: float = 0.15
    peer_popularity: float = 0.35
    mandated: float = 1.0
    diversity: float = 0.15
    dense_credit: float = 0.5
    far_above_penalty: float = 0.25


@dataclass(frozen=True)
class ScoreParts:
    gap_closed: float
    level_fit: float
    quality: float
    peer_popularity: float
    mandated: float
    diversity_penalty: float
    total: float


@dataclass(frozen=True)
class GapLink:
    """How a recommended course works on one gap: by a tag at `level`, or (level 0) by text similarity."""

    gap: Gap
    level: int
    similarity: float


@dataclass(frozen=True)
class Recommendation:
    course_id: uuid.UUID
    title: str
    learning_hours: float
    parts: ScoreParts
    explanation: str
    links: tuple[GapLink, ...]  # heaviest gap first
    mandate: MandatedCourse | None = None

    @property
    def score(self) -> float:
        return self.parts.total


def rank(
    gaps: Sequence[Gap],
    pairs: CandidatePairs,
    entries: Sequence[CatalogueEntry],
    quality: np.ndarray,
    peer_popularity: Callable[[np.ndarray], np.ndarray],
    mandated: Mapping[int, MandatedCourse],
    role_names: Mapping[uuid.UUID, str],
    k: int = 10,
    weights: RankingWeights = RankingWeights(),
) -> list[Recommendation]:
    """The best `k` candidates, diverse over competencies, each explained.

    `pairs` and the keys of `mandated` use course numbers (places in `entries`); `quality` is
    indexed by them, and `peer_popularity` maps an array of them to scores.
    """
    mandated_courses = np.array(sorted(mandated), dtype=np.int64)
    courses, owner = np.unique(np.concatenate([pairs.course, mandated_courses]), return_inverse=True)
    if not len(courses) or k <= 0:
        return []
    owner = owner[: len(pairs)]
    n = len(courses)
    gap_weight = np.array([g.weight for g in gaps], dtype=np.float64)
    needed = np.array([g.needed_level for g in gaps], dtype=np.int64)

    pair_weight = gap_weight[pairs.gap] if len(pairs) else np.zeros(0)
    tagged = pairs.level > 0
    credit = np.where(tagged, 1.0, weights.dense_credit)
    heaviest = gap_weight.max() if len(gap_weight) else 1.0
    gap_closed = np.bincount(owner, weights=pair_weight * credit, minlength=n) / heaviest
    above = pairs.level - (needed[pairs.gap] if len(pairs) else 0)
    pair_fit = np.where(
        tagged, np.clip(1.0 - weights.far_above_penalty * above, 0.0, 1.0), _UNKNOWN_LEVEL_FIT
    )
    fit_weight = np.bincount(owner, weights=pair_weight, minlength=n)
    level_fit = np.divide(
        np.bincount(owner, weights=pair_weight * pair_fit, minlength=n),
        fit_weight,
        out=np.zeros(n),
        where=fit_weight > 0,
    )
    course_quality = quality[courses]
    peers = peer_popularity(courses)
    is_mandated = np.isin(courses, mandated_courses).astype(np.float64)
    total = (
        weights.gap_closed * gap_closed
        + weights.level_fit * level_fit
        + weights.quality * course_quality
        + weights.peer_popularity * peers
        + weights.mandated * is_mandated
    )

    # The best overall, and the best few per gap, so diversity has courses for other gaps to choose.
    pool = _best(total, min(n, k * _POOL_PER_PLACE))
    if len(pairs):
        by_gap = np.lexsort((owner, -total[owner], pairs.gap))
        first_of_gap = np.r_[0, np.nonzero(np.diff(pairs.gap[by_gap]))[0] + 1]
        place_in_gap = np.arange(len(by_gap)) - np.repeat(
            first_of_gap, np.diff(np.r_[first_of_gap, len(by_gap)])
        )
        per_gap = owner[by_gap[place_in_gap < _POOL_PER_GAP]]
        pool = _best_of(total, np.union1d(pool, per_gap))
    # Which gap competencies each pooled course works on, a row each (career and current gaps of one
    # competency share a column), spread so a course's penalty averages over its competencies.
    column: dict[uuid.UUID, int] = {}
    gap_column = np.array([column.setdefault(g.competency_id, len(column)) for g in gaps], dtype=np.int64)
    place_of = np.full(n, -1, dtype=np.int64)
    place_of[pool] = np.arange(len(pool))
    pooled = place_of[owner] >= 0
    works_on = np.zeros((len(pool), len(column)))
    works_on[place_of[owner[pooled]], gap_column[pairs.gap[pooled]]] = 1.0
    spread = works_on / np.maximum(works_on.sum(axis=1, keepdims=True), 1.0)
    listed = np.zeros(len(column))
    available = np.ones(len(pool), dtype=bool)
    pool_total = total[pool]

    chosen: list[Recommendation] = []
    for _ in range(min(k, len(pool))):
        penalty = weights.diversity * (spread @ listed)
        adjusted = np.where(available, pool_total - penalty, -np.inf)
        place = int(np.argmax(adjusted))  # the first of equals: pool order
        available[place] = False
        listed += works_on[place]
        c = int(pool[place])
        rows = np.nonzero(owner == c)[0]
        links = sorted(
            (GapLink(gaps[pairs.gap[r]], int(pairs.level[r]), float(pairs.similarity[r])) for r in rows),
            key=lambda link: (-link.gap.weight, link.gap.career, link.gap.name, -link.level),
        )
        entry = entries[courses[c]]
        mandate = mandated.get(int(courses[c]))
        parts = ScoreParts(
            gap_closed=float(gap_closed[c]),
            level_fit=float(level_fit[c]),
            quality=float(course_quality[c]),
            peer_popularity=float(peers[c]),
            mandated=float(is_mandated[c]),
            diversity_penalty=float(penalty[place]),
            total=float(adjusted[place]),
        )
        chosen.append(
            Recommendation(
                course_id=entry.id,
                title=entry.title,
                learning_hours=entry.learning_hours,
                parts=parts,
                explanation=explain(links, mandate, parts.peer_popularity, role_names),
                links=tuple(links),
                mandate=mandate,
            )
        )
    return chosen


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the `count` highest scores, highest first; equal scores in index order."""
    if count >= len(scores):
        return _best_of(scores, np.arange(len(scores)))
    return _best_of(scores, np.argpartition(-scores, count - 1)[:count])


def _best_of(scores: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    return candidates[np.lexsort((candidates, -scores[candidates]))]


def explain(
    links: Sequence[GapLink],
    mandate: MandatedCourse | None,
    peer_popularity: float,
    role_names: Mapping[uuid.UUID, str],
    shown: int = 2,
) -> str:
    """One line an officer reads, e.g. 'Closes Public Procurement: level 1 → 3 (needed by role
    Procurement Officer)'; the two heaviest gaps are named, the rest counted."""
    reasons = []
    if mandate is not None:
        plan = f" by {mandate.plan}" if mandate.plan else ""
        reasons.append(f"Mandated{plan}, due {mandate.due.isoformat()}")
    stated: dict[uuid.UUID, int] = {}  # competency → place of its statement in `reasons`
    for link in links[:shown]:
        gap = link.gap
        needed_by = _needed_by(gap, role_names)
        if gap.competency_id in stated:  # a career gap beyond a current one: one statement for both
            reasons[stated[gap.competency_id]] += f", then → {gap.needed_level} ({needed_by})"
            continue
        stated[gap.competency_id] = len(reasons)
        change = f"{gap.name}: level {gap.held_level} → {gap.needed_level} ({needed_by})"
        if link.level:
            reasons.append(f"Closes {change}")
        else:
            similarity = f"similarity {link.similarity:.2f}"
            reasons.append(f"Works on {change}; matched by its description ({similarity})")
    if len(links) > shown:
        more = len(links) - shown
        reasons.append(f"and {more} more gap{'s' if more > 1 else ''}")
    if peer_popularity >= _POPULAR_WITH_PEERS:
        reasons.append("popular with officers in your and similar positions")
    return "; ".join(reasons)


def _needed_by(gap: Gap, role_names: Mapping[uuid.UUID, str]) -> str:
    names = sorted(role_names[r] for r in gap.role_ids if r in role_names)
    whose = " in your desired next position" if gap.career else ""
    if not names:
        return "needed by your desired next position" if gap.career else "needed by your position"
    if len(names) == 1:
        return f"needed by role {names[0]}{whose}"
    if len(names) == 2:
        return f"needed by roles {names[0]} and {names[1]}{whose}"
    return f"needed by roles {names[0]}, {names[1]} and {len(names) - 2} more{whose}"

"""Gap analysis: what the officer's position needs that their profile does not yet show.

The arithmetic, in one place so the ranking and the learning path agree on it:

- credited level = level * confidence * (1 if verified else `self_declared_discount`). Several
  standings for one competency: the highest credited level counts. No standing: 0.
- shortfall = needed level - credited level; a gap exists where the shortfall is above 0.
- gap weight = requirement weight * shortfall / needed level, so a competency the officer lacks
  entirely weighs its full requirement weight and one they nearly hold weighs little.
- career gaps (from a desired next position) are added only where that position needs a level
  above what the current position needs; their weight is further multiplied by `career_weight`,
  because the duties of today come before the ambitions of tomorrow.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from karmayogi.frac.graph import ResolvedRequirement
from karmayogi.recommender.profile import CompetencyStanding

# A self-declared level counts for this share of a verified one of the same confidence.
DEFAULT_SELF_DECLARED_DISCOUNT = 0.6
DEFAULT_CAREER_WEIGHT = 0.5
_EPSILON = 1e-9


class NothingToRecommendReason(StrEnum):
    NO_POSITION = "no_position"
    NO_VERIFIED_FRAC = "no_verified_frac"
    EMPTY_CATALOGUE = "empty_catalogue"
    NO_GAPS = "no_gaps"
    NO_COURSES_FOR_GAPS = "no_courses_for_gaps"


class NothingToRecommend(ValueError):
    """The officer gets no recommendation, and `reason` (a stable code) with `message` says why."""

    def __init__(self, reason: NothingToRecommendReason, message: str, gaps: Sequence[Gap] = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.gaps = tuple(gaps)


@dataclass(frozen=True)
class Gap:
    """One competency the officer must build, with the duties that make it needed."""

    competency_id: uuid.UUID
    name: str
    needed_level: int
    current_level: float  # the credited level, see the module's arithmetic
    shortfall: float
    weight: float
    role_ids: tuple[uuid.UUID, ...]
    activity_ids: tuple[uuid.UUID, ...]
    career: bool = False  # needed by the desired next position, not the current one

    @property
    def held_level(self) -> int:
        """The whole level the officer is credited with, as an explanation states it."""
        return math.floor(self.current_level + _EPSILON)


def credited_level(standing: CompetencyStanding, self_declared_discount: float) -> float:
    trust = standing.confidence * (1.0 if standing.verified else self_declared_discount)
    return standing.level * trust


def credited_levels(
    standings: Iterable[CompetencyStanding], self_declared_discount: float = DEFAULT_SELF_DECLARED_DISCOUNT
) -> dict[uuid.UUID, float]:
    """Per competency, the highest credited level among the officer's standings."""
    if not 0.0 <= self_declared_discount <= 1.0:
        raise ValueError(f"self_declared_discount: {self_declared_discount} is outside [0, 1]")
    levels: dict[uuid.UUID, float] = {}
    for standing in standings:
        level = credited_level(standing, self_declared_discount)
        if level > levels.get(standing.competency_id, 0.0):
            levels[standing.competency_id] = level
    return levels


def find_gaps(
    requirements: Sequence[ResolvedRequirement],
    standings: Iterable[CompetencyStanding],
    career_requirements: Sequence[ResolvedRequirement] = (),
    self_declared_discount: float = DEFAULT_SELF_DECLARED_DISCOUNT,
    career_weight: float = DEFAULT_CAREER_WEIGHT,
) -> list[Gap]:
    """The weighted gap list, heaviest first (current gaps before career ones on equal weight)."""
    held = credited_levels(standings, self_declared_discount)

    def gap(requirement: ResolvedRequirement, career: bool) -> Gap | None:
        current = held.get(requirement.competency_id, 0.0)
        shortfall = requirement.level - current
        if shortfall <= _EPSILON or requirement.level <= 0:
            return None
        weight = requirement.weight * shortfall / requirement.level
        return Gap(
            competency_id=requirement.competency_id,
            name=requirement.name,
            needed_level=requirement.level,
            current_level=current,
            shortfall=shortfall,
            weight=weight * career_weight if career else weight,
            role_ids=requirement.role_ids,
            activity_ids=requirement.activity_ids,
            career=career,
        )

    gaps = [g for g in (gap(r, career=False) for r in requirements) if g is not None]
    needed_now = {r.competency_id: r.level for r in requirements}
    for requirement in career_requirements:
        if requirement.level > needed_now.get(requirement.competency_id, 0):
            career_gap = gap(requirement, career=True)
            if career_gap is not None:
                gaps.append(career_gap)
    return sorted(gaps, key=lambda g: (-g.weight, g.career, g.name, g.competency_id.int))

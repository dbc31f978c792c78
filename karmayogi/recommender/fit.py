"""Deployment fit: how well each candidate meets a position's needs, and what closing the rest costs.

- coverage = the weighted share of the position's resolved requirements the candidate meets at
  level, counting only verified levels (a proposed or self-declared level is not evidence enough
  for a posting);
- hours = the fewest learning hours of published courses that close every unmet requirement (the
  same set cover as the learning path); None when some requirement has no course that closes it;
- the explanation names what is met (with the evidence), what is missed, and the courses.

A candidate is only an id and verified levels: nothing else about a person reaches the ranking, so
gender, date of birth, category, religion or home state cannot move a score.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import ResolvedRequirement
from karmayogi.recommender.candidates import built_levels
from karmayogi.recommender.paths import cover_gaps


@dataclass(frozen=True)
class VerifiedLevel:
    level: int
    evidence_ids: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    officer_id: uuid.UUID
    levels: Mapping[uuid.UUID, VerifiedLevel]  # verified levels only, by competency


@dataclass(frozen=True)
class Met:
    competency_id: uuid.UUID
    name: str
    needed: int
    held: int
    evidence_ids: tuple[str, ...]


@dataclass(frozen=True)
class Missed:
    competency_id: uuid.UUID
    name: str
    needed: int
    held: int  # 0 when no verified level


@dataclass(frozen=True)
class CourseToTake:
    course_id: uuid.UUID
    title: str
    hours: float


@dataclass(frozen=True)
class Fit:
    officer_id: uuid.UUID
    coverage: float  # 0 to 1
    hours_to_close: float | None
    met: tuple[Met, ...]
    missed: tuple[Missed, ...]
    courses: tuple[CourseToTake, ...]
    no_course_for: tuple[uuid.UUID, ...]  # missed competencies no published course closes


class Closer:
    """The least-hours courses for each set of missed requirements, solved once per distinct set."""

    def __init__(
        self, requirements: Sequence[ResolvedRequirement], offered: Sequence[CatalogueEntry]
    ) -> None:
        self.requirements = requirements
        self.offered = [e for e in offered if e.competencies]
        built = [built_levels(e) for e in self.offered]
        self.closes = [
            frozenset(i for i, r in enumerate(requirements) if levels.get(r.competency_id, 0) >= r.level)
            for levels in built
        ]
        self._solved: dict[frozenset[int], tuple[tuple[CourseToTake, ...], float, frozenset[int]]] = {}

    def close(self, missed: frozenset[int]) -> tuple[tuple[CourseToTake, ...], float, frozenset[int]]:
        """(courses, hours, missed requirements no course closes)."""
        if missed not in self._solved:
            useful = [i for i, c in enumerate(self.closes) if c & missed]
            covers = [self.closes[i] & missed for i in useful]
            solution = cover_gaps([self.offered[i].learning_hours for i in useful], covers)
            chosen = [self.offered[useful[j]] for j in solution.chosen]
            courses = tuple(CourseToTake(e.id, e.title, e.learning_hours) for e in chosen)
            closable = frozenset().union(*covers) if covers else frozenset()
            self._solved[missed] = (courses, solution.hours, missed - closable)
        return self._solved[missed]


def coverage_of(
    candidate: Candidate, requirements: Sequence[ResolvedRequirement]
) -> tuple[float, frozenset[int]]:
    """(weighted share of needs met at level, numbers of the needs missed)."""
    total = sum(r.weight for r in requirements) or 1.0
    missed = frozenset(
        i
        for i, r in enumerate(requirements)
        if (held := candidate.levels.get(r.competency_id)) is None or held.level < r.level
    )
    met = sum(r.weight for i, r in enumerate(requirements) if i not in missed)
    return round(met / total, 6), missed


def fit(candidate: Candidate, closer: Closer) -> Fit:
    requirements = closer.requirements
    coverage, missed_numbers = coverage_of(candidate, requirements)
    met, missed = [], []
    for i, r in enumerate(requirements):
        held = candidate.levels.get(r.competency_id)
        if i not in missed_numbers:
            assert held is not None
            met.append(Met(r.competency_id, r.name, r.level, held.level, held.evidence_ids))
        else:
            missed.append(Missed(r.competency_id, r.name, r.level, held.level if held else 0))
    courses, hours, unclosed = closer.close(missed_numbers)
    return Fit(
        officer_id=candidate.officer_id,
        coverage=coverage,
        hours_to_close=None if unclosed else hours,
        met=tuple(met),
        missed=tuple(missed),
        courses=courses,
        no_course_for=tuple(requirements[i].competency_id for i in sorted(unclosed)),
    )


def _order(f: Fit) -> tuple[float, bool, float, int]:
    return (-f.coverage, f.hours_to_close is None, f.hours_to_close or 0.0, f.officer_id.int)


def rank(
    requirements: Sequence[ResolvedRequirement],
    candidates: Sequence[Candidate],
    offered: Sequence[CatalogueEntry],
    max_hours: float | None = None,
    limit: int | None = None,
) -> list[Fit]:
    """Best fit first: highest coverage, then fewest hours to close the rest (unclosable last), then id.

    With `max_hours`, only those who could fill the position after at most that much training. With
    `limit`, the first `limit` of that order: hours are worked out group by group of equal coverage,
    best first, until the limit is reached, so a long list of weak candidates costs no solving.
    """
    closer = Closer(requirements, offered)
    groups: dict[float, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(coverage_of(candidate, requirements)[0], []).append(candidate)
    fits: list[Fit] = []
    for coverage in sorted(groups, reverse=True):
        found = [fit(c, closer) for c in groups[coverage]]
        if max_hours is not None:
            found = [f for f in found if f.hours_to_close is not None and f.hours_to_close <= max_hours]
        fits.extend(sorted(found, key=_order))
        if limit is not None and len(fits) >= limit:
            break
    return fits[:limit] if limit is not None else fits

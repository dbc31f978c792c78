"""Plain types of the FRAC: what a position needs, in words the civil service uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CompetencyType(StrEnum):
    BEHAVIOURAL = "behavioural"
    FUNCTIONAL = "functional"
    DOMAIN = "domain"


@dataclass(frozen=True)
class ProficiencyLevel:
    """One rung of a proficiency scale, described by behaviour an assessor can observe."""

    level: int
    name: str
    descriptor: str


DEFAULT_SCALE: tuple[ProficiencyLevel, ...] = (
    ProficiencyLevel(1, "Basic", "Works under supervision and applies the competency to routine tasks."),
    ProficiencyLevel(2, "Proficient", "Works independently and handles the usual cases without guidance."),
    ProficiencyLevel(3, "Advanced", "Guides others and deals with complex or unusual cases."),
    ProficiencyLevel(4, "Expert", "Is an authority on the competency within the organisation."),
    ProficiencyLevel(5, "Master", "Is a national authority who shapes practice across government."),
)

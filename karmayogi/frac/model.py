"""Plain types of the FRAC: what a position needs, in words the civil service uses.

A `Framework` is one version of the whole thing: the proficiency scale, the competency dictionary
with its relations, and the roles, activities and positions with their requirements. Ids are
UUIDs shared with the database; nodes imported from outside keep their external identifier in
`source` (an ESCO URI, a CASE identifier).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

# Names are labels a person reads in a list; longer text belongs in the description.
MAX_NAME_LENGTH = 200


def fold_name(name: str) -> str:
    """The form in which two names count as the same: case and runs of whitespace ignored."""
    return " ".join(name.split()).casefold()


class CompetencyType(StrEnum):
    BEHAVIOURAL = "behavioural"
    FUNCTIONAL = "functional"
    DOMAIN = "domain"


class RelationKind(StrEnum):
    PREREQUISITE = "prerequisite"  # the source must be held before the target can be built
    RELATED = "related"


class ReviewStatus(StrEnum):
    """DRAFT → SUBMITTED (unverified) → L1_APPROVED → VERIFIED; REJECTED from either tier."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    L1_APPROVED = "l1_approved"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ProficiencyLevel:
    """One rung of a proficiency scale, described by behaviour an assessor can observe."""

    level: int
    name: str
    descriptor: str


@dataclass(frozen=True)
class ProficiencyScale:
    """Ordered levels, numbered from 1 without gaps."""

    levels: tuple[ProficiencyLevel, ...]

    def __contains__(self, level: object) -> bool:
        # True is an int to Python, and would pass for level 1.
        return isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= len(self.levels)

    @property
    def top(self) -> int:
        return len(self.levels)


DEFAULT_SCALE = ProficiencyScale(
    (
        ProficiencyLevel(1, "Basic", "Works under supervision and applies the competency to routine tasks."),
        ProficiencyLevel(2, "Proficient", "Works independently and handles usual cases without guidance."),
        ProficiencyLevel(3, "Advanced", "Guides others and deals with complex or unusual cases."),
        ProficiencyLevel(4, "Expert", "Is an authority on the competency within the organisation."),
        ProficiencyLevel(5, "Master", "Is a national authority who shapes practice across government."),
    )
)


@dataclass(frozen=True)
class Competency:
    id: uuid.UUID
    name: str
    type: CompetencyType
    description: str = ""
    area: str = ""
    theme: str = ""
    sub_theme: str = ""
    # What the competency looks like at each level of the scale: (level, observable behaviour).
    level_descriptors: tuple[tuple[int, str], ...] = ()
    alt_labels: tuple[str, ...] = ()
    # Set for a department's own domain competencies; shared ones belong to no organisation.
    organisation_id: uuid.UUID | None = None
    retired: bool = False
    source: str | None = None


@dataclass(frozen=True)
class CompetencyRelation:
    source_id: uuid.UUID
    target_id: uuid.UUID
    kind: RelationKind


@dataclass(frozen=True)
class KnowledgeResource:
    """A rule book, manual or order an activity is carried out by."""

    title: str
    url: str = ""


@dataclass(frozen=True)
class Role:
    id: uuid.UUID
    name: str
    description: str = ""
    organisation_id: uuid.UUID | None = None
    source: str | None = None


@dataclass(frozen=True)
class Activity:
    id: uuid.UUID
    role_id: uuid.UUID | None  # None, or a role not in the framework, makes the activity an orphan
    description: str
    knowledge_resources: tuple[KnowledgeResource, ...] = ()


@dataclass(frozen=True)
class Position:
    id: uuid.UUID
    designation: str
    organisation_id: uuid.UUID | None
    role_ids: tuple[uuid.UUID, ...] = ()
    grade: str = ""
    pay_level: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Requirement:
    """A role, or one of its activities, needs a competency at a level with an importance weight (0, 1].

    It belongs to exactly one of them, by construction, as the database's `one_owner` check demands.
    """

    competency_id: uuid.UUID
    level: int
    weight: float
    role_id: uuid.UUID | None = None
    activity_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if (self.role_id is None) == (self.activity_id is None):
            which = "both" if self.role_id is not None else "neither"
            raise ValueError(f"a requirement names exactly one of role_id and activity_id, not {which}")


@dataclass(frozen=True)
class Framework:
    """One version of the FRAC: dictionary, scale, roles, activities, positions and requirements."""

    name: str
    version: int = 1
    scale: ProficiencyScale = DEFAULT_SCALE
    competencies: tuple[Competency, ...] = ()
    relations: tuple[CompetencyRelation, ...] = ()
    roles: tuple[Role, ...] = ()
    activities: tuple[Activity, ...] = ()
    positions: tuple[Position, ...] = ()
    requirements: tuple[Requirement, ...] = ()

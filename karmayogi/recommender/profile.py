"""What the recommender knows about one officer, as plain data the lms layer fills from its records.

The assessment and evidence work decides a competency's level and how far to trust it; the
recommender only reads the result. Everything here is an input: the recommender never writes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CompetencyStanding:
    """The officer's current level in one competency.

    `verified` levels come from evidence (an assessment, a certificate, a supervisor's rating);
    the others are self-declared. `confidence` in [0, 1] says how sure the source is of the level.
    """

    competency_id: uuid.UUID
    level: int
    confidence: float = 1.0
    verified: bool = False

    def __post_init__(self) -> None:
        if self.level < 0:
            raise ValueError(f"level: {self.level} is below 0")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence: {self.confidence} is outside [0, 1]")


@dataclass(frozen=True)
class MandatedCourse:
    """A course the officer's capacity building plan requires by a date."""

    course_id: uuid.UUID
    due: date
    plan: str = ""  # the plan's name, for the explanation


@dataclass(frozen=True)
class CourseProgress:
    """An enrolment under way: the hours already done no longer need a place in the schedule."""

    course_id: uuid.UUID
    hours_done: float


@dataclass(frozen=True)
class OfficerProfile:
    """The officer as the recommender sees them: position, standings, learning record and feedback.

    `completed` and `not_relevant` courses are never recommended again; `in_progress` ones are not
    recommended (the officer already has them) but stay in the learning path with the hours left.
    """

    officer_id: uuid.UUID
    position_id: uuid.UUID | None
    standings: tuple[CompetencyStanding, ...] = ()
    desired_position_id: uuid.UUID | None = None
    completed: tuple[uuid.UUID, ...] = ()
    in_progress: tuple[CourseProgress, ...] = ()
    not_relevant: tuple[uuid.UUID, ...] = ()
    mandated: tuple[MandatedCourse, ...] = ()
    weekly_hours: float = 2.0
    # Roles allocated on top of the position (work allocation orders); their needs count as the post's.
    allocated_role_ids: tuple[uuid.UUID, ...] = ()

    def __post_init__(self) -> None:
        if not self.weekly_hours > 0:
            raise ValueError(f"weekly_hours: {self.weekly_hours} must be above 0")

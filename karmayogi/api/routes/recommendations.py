"""What to learn next: an official's gaps, recommended courses and learning path, and "not relevant".

Each answer lists `items`. When there is nothing to recommend, the answer is still 200: `items` is
empty, `reason` is a stable code (no_position, no_verified_frac, empty_catalogue, no_gaps,
no_courses_for_gaps) and `message` says why in words; it is the official's situation, not an error
in the request. An HR cell reads the same for an official in its scope under /users/{user_id}/.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from karmayogi.api.deps import PrincipalDep, SessionDep, require
from karmayogi.api.schemas import Body, Out, shape_of
from karmayogi.api.scopes import user_scope
from karmayogi.content import encoders
from karmayogi.lms import people, recommendations
from karmayogi.lms.errors import PermissionDenied
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import Access, Permission, Principal
from karmayogi.recommender.gaps import NothingToRecommendReason
from karmayogi.recommender.ranking import ScoreParts

router = APIRouter(tags=["recommendations"])
Reader = Annotated[Access, require(Permission.LEARNING_RECORDS_READ, user_scope, owner_may=True)]
Desired = Annotated[
    uuid.UUID | None, Query(description="a position the official aims for next; its needs add career gaps")
]
K = Annotated[int, Query(ge=1, le=recommendations.MAX_K, description="how many courses")]
WeeklyHours = Annotated[float, Query(gt=0, le=60, description="hours a week the official can learn")]
StartsOn = Annotated[date | None, Query(description="the path's first day; today when left out")]


class RoleOut(BaseModel):
    id: uuid.UUID
    name: str


class GapOut(BaseModel):
    competency_id: uuid.UUID
    competency: str
    needed_level: int
    held_level: int
    credited_level: float  # the level after discounting unverified standings
    shortfall: float
    weight: float
    career: bool  # needed by the desired next position, not the current one
    roles: list[RoleOut]  # the roles of the position that need the competency
    activity_ids: list[uuid.UUID]


class Answer(BaseModel):
    officer_id: uuid.UUID
    reason: NothingToRecommendReason | None  # set, with `message`, when `items` is empty for a reason
    message: str


class GapsOut(Answer):
    items: list[GapOut]
    notes: list[str]


ScorePartsOut = shape_of(ScoreParts)


class GapLinkOut(BaseModel):
    competency_id: uuid.UUID
    competency: str
    held_level: int
    needed_level: int
    career: bool
    course_level: int | None  # None: linked by its description, so the level it builds is unknown
    similarity: float | None


class MandateOut(BaseModel):
    due_on: date
    source: str


class ServiceSignalOut(BaseModel):
    competency: str
    service: str
    needed_level: int
    grievances: int
    explanation: str


class RecommendationOut(BaseModel):
    course_id: uuid.UUID
    title: str
    learning_hours: float
    score: float
    explanation: str
    score_parts: ScorePartsOut  # type: ignore[valid-type]
    gaps: list[GapLinkOut]
    mandate: MandateOut | None
    service_signals: list[ServiceSignalOut] = Field(
        [], description="grievances in the official's office that point at a gap this course closes"
    )


class RecommendationsOut(Answer):
    items: list[RecommendationOut]
    notes: list[str]
    weights: dict[str, float] | None


class WeekOut(BaseModel):
    week: int
    hours: float


class ClosedGapOut(BaseModel):
    competency_id: uuid.UUID
    competency: str
    needed_level: int


class StepOut(BaseModel):
    course_id: uuid.UUID
    title: str
    hours: float
    mandated: bool
    due_on: date | None
    source: str | None
    late: bool  # a mandated course the schedule cannot finish by its due date
    weeks: list[WeekOut]
    finishes_on: date
    closes: list[ClosedGapOut]


class OptimalityOut(BaseModel):
    method: str
    proven_optimal: bool
    hours: float
    greedy_hours: float
    greedy_gap: float | None  # greedy hours / optimal hours - 1, when the optimum is proven
    bound_gap: float | None  # (hours - solver's lower bound) / hours


class LearningPathOut(Answer):
    items: list[StepOut]  # in learning order: mandated courses first by due date, prerequisites kept
    starts_on: date
    weekly_hours: float
    total_hours: float
    weeks: int
    open_gaps: list[ClosedGapOut]  # no published course closes them
    optimality: OptimalityOut | None


class NotRelevantIn(Body):
    course_id: uuid.UUID


class NotRelevantOut(Out):
    course_id: uuid.UUID
    marked_at: datetime


def _me(session: SessionDep, principal: Principal) -> User:
    if principal.kind != "user":
        raise PermissionDenied("only an official has gaps and recommendations; sign in as one")
    return people.get_user(session, principal.id)


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("/me/gaps", response_model=GapsOut)
def my_gaps(session: SessionDep, principal: PrincipalDep, desired_position_id: Desired = None) -> object:
    """Your competency gaps, heaviest first, each with the roles of your position that need it."""
    return recommendations.gaps(session, encoders.minilm(), _me(session, principal), desired_position_id)


@router.get("/me/recommendations", response_model=RecommendationsOut)
def my_recommendations(
    session: SessionDep,
    principal: PrincipalDep,
    k: K = recommendations.DEFAULT_K,
    desired_position_id: Desired = None,
) -> object:
    """Courses for your gaps, best first, each explained and with its score parts."""
    user = _me(session, principal)
    return recommendations.recommend(session, encoders.minilm(), user, k, desired_position_id)


@router.get("/me/learning-path", response_model=LearningPathOut)
def my_learning_path(
    session: SessionDep,
    principal: PrincipalDep,
    weekly_hours: WeeklyHours = recommendations.DEFAULT_WEEKLY_HOURS,
    starts_on: StartsOn = None,
    desired_position_id: Desired = None,
) -> object:
    """Your mandated courses and the fewest hours of others that close your gaps, laid into weeks."""
    user = _me(session, principal)
    return recommendations.learning_path(
        session, encoders.minilm(), user, starts_on or _today(), weekly_hours, desired_position_id
    )


@router.post("/me/not-relevant", response_model=NotRelevantOut)
def mark_not_relevant(body: NotRelevantIn, session: SessionDep, principal: PrincipalDep) -> object:
    """Set a published course aside: it is not recommended or planned for you again. Idempotent."""
    return recommendations.mark_not_relevant(session, _me(session, principal).id, body.course_id)


@router.delete("/me/not-relevant/{course_id}", status_code=204)
def unmark_not_relevant(course_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    """The course may be recommended to you again. Idempotent."""
    recommendations.unmark_not_relevant(session, _me(session, principal).id, course_id)
    return Response(status_code=204)


@router.get("/users/{user_id}/gaps", response_model=GapsOut)
def gaps(user_id: uuid.UUID, session: SessionDep, _: Reader, desired_position_id: Desired = None) -> object:
    """The official's competency gaps, as they see them."""
    user = people.get_user(session, user_id)
    return recommendations.gaps(session, encoders.minilm(), user, desired_position_id)


@router.get("/users/{user_id}/recommendations", response_model=RecommendationsOut)
def recommended(
    user_id: uuid.UUID,
    session: SessionDep,
    _: Reader,
    k: K = recommendations.DEFAULT_K,
    desired_position_id: Desired = None,
) -> object:
    """The official's recommended courses, as they see them."""
    user = people.get_user(session, user_id)
    return recommendations.recommend(session, encoders.minilm(), user, k, desired_position_id)


@router.get("/users/{user_id}/learning-path", response_model=LearningPathOut)
def learning_path(
    user_id: uuid.UUID,
    session: SessionDep,
    _: Reader,
    weekly_hours: WeeklyHours = recommendations.DEFAULT_WEEKLY_HOURS,
    starts_on: StartsOn = None,
    desired_position_id: Desired = None,
) -> object:
    """The official's learning path, as they see it."""
    user = people.get_user(session, user_id)
    return recommendations.learning_path(
        session, encoders.minilm(), user, starts_on or _today(), weekly_hours, desired_position_id
    )

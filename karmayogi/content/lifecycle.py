"""The publication lifecycle of catalogue entries and of content requests, as pure state tables.

A course version moves Draft → In review → Published, and a reviewer may send it back to Draft
with comments. Publishing a version supersedes the one learners saw before; a published course
may be retired, with a reason. Who may take a step (scope, not one's own content) is decided in
`karmayogi.lms`; this module only says which steps exist and which need a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from karmayogi.content.model import ContentRequestStatus, CourseStatus, VersionStatus
from karmayogi.frac.review import IllegalTransition


class CourseAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    RETIRE = "retire"


class Actor(StrEnum):
    AUTHOR = "author"
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class Step:
    actor: Actor
    to: VersionStatus
    needs_comment: bool = False


V = VersionStatus
COURSE_STEPS: dict[tuple[VersionStatus, CourseAction], Step] = {
    (V.DRAFT, CourseAction.SUBMIT): Step(Actor.AUTHOR, V.IN_REVIEW),
    (V.IN_REVIEW, CourseAction.APPROVE): Step(Actor.REVIEWER, V.PUBLISHED),
    (V.IN_REVIEW, CourseAction.REJECT): Step(Actor.REVIEWER, V.DRAFT, needs_comment=True),
}


def retire_check(course_status: CourseStatus, comment: str | None) -> None:
    """Retiring takes a published course off the catalogue for good; enrolled learners keep it."""
    if course_status is not CourseStatus.PUBLISHED:
        raise IllegalTransition(f"cannot retire a course that is {course_status.value}; only published ones")
    if not (comment and comment.strip()):
        raise IllegalTransition("a comment is required to retire")


def course_step(status: VersionStatus, action: CourseAction, comment: str | None) -> Step:
    step = COURSE_STEPS.get((status, action))
    if step is None:
        allowed = sorted(a.value for (s, a) in COURSE_STEPS if s == status) or ["none"]
        raise IllegalTransition(
            f"cannot {action.value} a version that is {status.value}; allowed: {', '.join(allowed)}"
        )
    if step.needs_comment and not (comment and comment.strip()):
        raise IllegalTransition(f"a comment is required to {action.value}")
    return step


class RequestAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    DELIVER = "deliver"


R = ContentRequestStatus
REQUEST_STEPS: dict[tuple[ContentRequestStatus, RequestAction], tuple[ContentRequestStatus, bool]] = {
    (R.OPEN, RequestAction.ACCEPT): (R.ACCEPTED, False),
    (R.OPEN, RequestAction.DECLINE): (R.DECLINED, True),
    (R.ACCEPTED, RequestAction.DECLINE): (R.DECLINED, True),
    (R.ACCEPTED, RequestAction.DELIVER): (R.DELIVERED, False),
}


def request_step(
    status: ContentRequestStatus, action: RequestAction, comment: str | None
) -> ContentRequestStatus:
    """The provider's answer to a department's request; declining says why."""
    found = REQUEST_STEPS.get((status, action))
    if found is None:
        allowed = sorted(a.value for (s, a) in REQUEST_STEPS if s == status) or ["none (it is closed)"]
        raise IllegalTransition(
            f"cannot {action.value} a request that is {status.value}; allowed: {', '.join(allowed)}"
        )
    to, needs_comment = found
    if needs_comment and not (comment and comment.strip()):
        raise IllegalTransition(f"a comment is required to {action.value} a request")
    return to

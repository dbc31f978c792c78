"""The publication lifecycle of catalogue entries and of content requests, as pure state tables.

A course version moves Draft → In review → Published, and a reviewer may send it back to Draft with
comments. Publishing a version supersedes the one learners saw before; a published course may be
retired, with a reason, and retired is final: no step on any of its versions, open or new, brings it
back (ENTRY_MOVES is the entry's own table, which every step is checked against). Who may take a
step (scope, not one's own content) is decided in `karmayogi.lms`; this module only says which steps
exist and which need a comment.
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


C = CourseStatus
# Where a catalogue entry may go from each status, by any step on it or on one of its versions.
ENTRY_MOVES: dict[CourseStatus, frozenset[CourseStatus]] = {
    C.DRAFT: frozenset({C.DRAFT, C.IN_REVIEW}),
    C.IN_REVIEW: frozenset({C.IN_REVIEW, C.DRAFT, C.PUBLISHED}),
    C.PUBLISHED: frozenset({C.PUBLISHED, C.RETIRED}),
    C.RETIRED: frozenset({C.RETIRED}),
}


def edit_check(entry: CourseStatus) -> None:
    """Editing opens or changes a draft version; a retired entry has none to open."""
    if entry is CourseStatus.RETIRED:
        raise IllegalTransition("a retired course cannot be edited; retiring is final")


def entry_after(entry: CourseStatus, version_to: VersionStatus) -> CourseStatus:
    """The entry's status once one of its versions has moved to `version_to`."""
    if version_to is VersionStatus.PUBLISHED:
        after = CourseStatus.PUBLISHED
    elif entry in (CourseStatus.PUBLISHED, CourseStatus.RETIRED):
        after = entry  # a newer version in draft or review leaves the live entry as it is
    else:
        after = CourseStatus(version_to.value)  # a never-published entry shows where its first version stands
    if after not in ENTRY_MOVES[entry]:
        raise IllegalTransition(f"a course that is {entry.value} cannot become {after.value}")
    return after


def retire_check(course_status: CourseStatus, comment: str | None) -> None:
    """Retiring takes a published course off the catalogue for good; enrolled learners keep it."""
    if course_status is not CourseStatus.PUBLISHED:
        raise IllegalTransition(f"cannot retire a course that is {course_status.value}; only published ones")
    if not (comment and comment.strip()):
        raise IllegalTransition("a comment is required to retire")


def course_step(
    status: VersionStatus, action: CourseAction, comment: str | None, entry: CourseStatus
) -> Step:
    """The step `action` takes a version in `status` of an entry in `entry`; refused for a retired entry."""
    if entry is CourseStatus.RETIRED:
        raise IllegalTransition(
            f"cannot {action.value}: the course is retired, and nothing done to its versions brings it back"
        )
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

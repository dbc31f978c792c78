"""The catalogue's state tables refuse a step that does not apply with the one IllegalTransition."""

import pytest

from karmayogi.content.lifecycle import CourseAction, RequestAction, course_step, request_step, retire_check
from karmayogi.content.model import ContentRequestStatus, CourseStatus, VersionStatus
from karmayogi.frac.model import ReviewStatus
from karmayogi.frac.review import IllegalTransition, ReviewAction, next_step


@pytest.mark.parametrize(
    ("refused", "message"),
    [
        (
            lambda: course_step(VersionStatus.PUBLISHED, CourseAction.SUBMIT, None, CourseStatus.PUBLISHED),
            "cannot submit a version",
        ),
        (
            lambda: course_step(VersionStatus.IN_REVIEW, CourseAction.REJECT, " ", CourseStatus.PUBLISHED),
            "comment is required",
        ),
        (lambda: retire_check(CourseStatus.DRAFT, "old"), "cannot retire a course that is draft"),
        (lambda: request_step(ContentRequestStatus.DECLINED, RequestAction.ACCEPT, None), "it is closed"),
        (lambda: next_step(ReviewStatus.VERIFIED, ReviewAction.APPROVE, None), "cannot approve a node"),
    ],
)
def test_every_state_table_raises_the_shared_illegal_transition(refused, message):
    with pytest.raises(IllegalTransition, match=message):
        refused()


def test_a_step_that_applies_goes_through():
    assert (
        course_step(VersionStatus.DRAFT, CourseAction.SUBMIT, None, CourseStatus.DRAFT).to
        is VersionStatus.IN_REVIEW
    )
    assert (
        request_step(ContentRequestStatus.OPEN, RequestAction.ACCEPT, None) is ContentRequestStatus.ACCEPTED
    )

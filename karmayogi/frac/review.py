"""The two-tier review of FRAC nodes as a pure state machine.

DRAFT → SUBMITTED (unverified) → L1_APPROVED → VERIFIED. L1 may reject to REJECTED, which goes back
to the author; L2 may reject to SUBMITTED, which goes back to L1. A comment is required for every
rejection. Editing a node makes it a draft again. Retiring a competency is final: an edit may retire
it, none may bring it back (a new competency takes its place). Who may take a step (scope, tier, not
one's own submission) is decided by the workflow in `karmayogi.lms`; this module only says which
steps exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from karmayogi.frac.model import ReviewStatus


class ReviewAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"


class Tier(StrEnum):
    AUTHOR = "author"
    L1 = "l1"
    L2 = "l2"


@dataclass(frozen=True)
class Step:
    tier: Tier
    to: ReviewStatus
    needs_comment: bool = False


S = ReviewStatus
STEPS: dict[tuple[ReviewStatus, ReviewAction], Step] = {
    (S.DRAFT, ReviewAction.SUBMIT): Step(Tier.AUTHOR, S.SUBMITTED),
    (S.REJECTED, ReviewAction.SUBMIT): Step(Tier.AUTHOR, S.SUBMITTED),
    (S.SUBMITTED, ReviewAction.APPROVE): Step(Tier.L1, S.L1_APPROVED),
    (S.SUBMITTED, ReviewAction.REJECT): Step(Tier.L1, S.REJECTED, needs_comment=True),
    (S.L1_APPROVED, ReviewAction.APPROVE): Step(Tier.L2, S.VERIFIED),
    (S.L1_APPROVED, ReviewAction.REJECT): Step(Tier.L2, S.SUBMITTED, needs_comment=True),
}


class IllegalTransition(ValueError):
    """The action does not apply in this state, or lacks its required comment.

    Defined here, in the lowest package, for every pure state machine of the engine: the FRAC review
    below and the catalogue's lifecycle in `karmayogi.content.lifecycle` raise this one class."""


def next_step(status: ReviewStatus, action: ReviewAction, comment: str | None) -> Step:
    step = STEPS.get((status, action))
    if step is None:
        allowed = sorted(a.value for (s, a) in STEPS if s == status) or [
            "none (edit the node to make a new draft)"
        ]
        raise IllegalTransition(
            f"cannot {action.value} a node that is {status.value}; allowed: {', '.join(allowed)}"
        )
    if step.needs_comment and not (comment and comment.strip()):
        raise IllegalTransition(f"a comment is required to {action.value} at {step.tier.value}")
    return step


def retirement_check(was_retired: bool, retired: bool) -> None:
    """An edit may retire a competency but never revive it: published versions and evidence rely on that."""
    if was_retired and not retired:
        raise IllegalTransition("a retired competency stays retired; create a new one to take its place")

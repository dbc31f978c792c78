"""A decision case as plain data: its kinds, its steps in order, and the chain that seals them.

Every case runs proposal -> decision -> (appeal -> re-decision). The proposal freezes the inputs
the system used; a person decides with a reason; the person concerned may appeal once, with
grounds, within the case's period; someone else re-decides, and that is final. Each step is a new
entry hash-chained to the one before, so the history is never rewritten and any change shows.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from karmayogi.lms import chain
from karmayogi.lms.errors import InvalidInput


class Kind(StrEnum):
    POSTING = "posting"
    PROBATION_CONFIRMATION = "probation_confirmation"
    PLAN_APPROVAL = "plan_approval"
    GRIEVANCE_DISPOSAL = "grievance_disposal"
    PENALTY = "penalty"
    RATING = "rating"
    HARMONISATION_ASSOCIATION = "harmonisation_association"


class Step(StrEnum):
    PROPOSAL = "proposal"
    DECISION = "decision"
    APPEAL = "appeal"
    REDECISION = "redecision"


class State(StrEnum):
    PROPOSED = "proposed"  # awaiting a person's decision
    DECIDED = "decided"  # open to appeal until the period ends
    APPEALED = "appealed"  # awaiting someone else's re-decision
    REDECIDED = "redecided"  # final


STATE_AFTER = {
    Step.PROPOSAL: State.PROPOSED,
    Step.DECISION: State.DECIDED,
    Step.APPEAL: State.APPEALED,
    Step.REDECISION: State.REDECIDED,
}
# The one step each state allows next; a re-decided case takes none.
NEXT_STEP = {State.PROPOSED: Step.DECISION, State.DECIDED: Step.APPEAL, State.APPEALED: Step.REDECISION}

# What a person may decide, per kind; a proposal may also say "review" (a person must look closely).
OUTCOMES: dict[Kind, tuple[str, ...]] = {
    Kind.PROBATION_CONFIRMATION: ("confirm", "extend"),
    **{kind: ("approve", "reject") for kind in Kind if kind is not Kind.PROBATION_CONFIRMATION},
}
APPEAL_DAYS = 30  # the default period for an appeal; each case records its own when opened
MAX_REASON = 4_000


def checked_text(value: str, field: str, limit: int) -> str:
    """Text as people typed it, stripped; NUL and lone surrogates refused (PostgreSQL cannot store them)."""
    value = value.strip()
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise InvalidInput(field, "contains NUL or a lone surrogate")
    if len(value) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    return value


@dataclass(frozen=True)
class Entry:
    """One step of a case; `kind` and `subject_id` are the case's, sealed into every entry's hash."""

    id: uuid.UUID
    case_id: uuid.UUID
    kind: Kind
    subject_id: uuid.UUID
    seq: int
    step: Step
    actor_id: uuid.UUID | None  # None when the platform made the proposal itself
    outcome: str
    reason: str
    payload: Mapping[str, object]
    recorded_at: datetime

    def canonical(self) -> str:
        return chain.canonical(
            [
                str(self.id),
                str(self.case_id),
                self.kind.value,
                str(self.subject_id),
                self.seq,
                self.step.value,
                str(self.actor_id) if self.actor_id else None,
                self.outcome,
                self.reason,
                dict(self.payload),
                self.recorded_at.isoformat(timespec="microseconds"),
            ]
        )


@dataclass(frozen=True)
class Case:
    """A case and its entries in order; what it stands at is read from the entries alone."""

    id: uuid.UUID
    kind: Kind
    subject_id: uuid.UUID
    organisation_id: uuid.UUID
    round_key: str
    appeal_days: int
    opened_at: datetime
    entries: tuple[Entry, ...]

    @property
    def state(self) -> State:
        return STATE_AFTER[self.entries[-1].step]

    def last(self, step: Step) -> Entry | None:
        return next((e for e in reversed(self.entries) if e.step is step), None)

    @property
    def proposal(self) -> Entry:
        return self.entries[0]

    @property
    def standing(self) -> Entry | None:
        """The decision in force: the re-decision when there is one, else the decision."""
        return self.last(Step.REDECISION) or self.last(Step.DECISION)

    @property
    def appeal_until(self) -> datetime | None:
        decision = self.last(Step.DECISION)
        return decision.recorded_at + timedelta(days=self.appeal_days) if decision else None

    def deciders(self) -> set[uuid.UUID]:
        return {
            e.actor_id
            for e in self.entries
            if e.step in (Step.DECISION, Step.REDECISION) and e.actor_id is not None
        }


@dataclass(frozen=True)
class ChainBreak:
    case_id: uuid.UUID
    seq: int
    reason: str


def check_case(rows: list[tuple[Entry, str, str]]) -> list[ChainBreak]:
    """Check one case's rows (entry, stored previous hash, stored hash) given in seq order."""
    if not rows:
        return []
    links = (chain.Link(e.seq, e.canonical(), previous, stored) for e, previous, stored in rows)
    found = [ChainBreak(rows[0][0].case_id, seq, reason) for seq, reason in chain.breaks(links)]
    steps = [e.step for e, _, _ in rows]
    if steps[0] is not Step.PROPOSAL or any(
        NEXT_STEP.get(STATE_AFTER[a]) is not b for a, b in itertools.pairwise(steps)
    ):
        found.append(ChainBreak(rows[0][0].case_id, 0, "the steps are not in the order a case allows"))
    return found

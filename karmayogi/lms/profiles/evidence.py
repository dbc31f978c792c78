"""Evidence as plain data, and the hash chain that makes altering any recorded row detectable.

Each officer's evidence is its own chain: row n stores the SHA-256 of row n-1's hash and its own
canonical content. Changing, reordering or removing a row inside the chain breaks every hash after
it. Chains are per officer so that recording evidence for one officer never waits on another's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from karmayogi.lms import chain
from karmayogi.lms.chain import GENESIS

__all__ = ["GENESIS", "ChainBreak", "Evidence", "EvidenceSource", "check_chain", "link"]


class EvidenceSource(StrEnum):
    COURSE_COMPLETION = "course_completion"
    ASSESSMENT_RESULT = "assessment_result"
    ADAPTIVE_TEST = "adaptive_test"
    CERTIFICATE = "certificate"
    SUPERVISOR_RATING = "supervisor_rating"
    SELF_DECLARATION = "self_declaration"
    PEER_VALIDATION = "peer_validation"
    TRAINING_INSTITUTE_REPORT = "training_institute_report"
    HR_CONFIRMATION = "hr_confirmation"


@dataclass(frozen=True)
class Evidence:
    """One recorded fact about an officer's competency: who recorded it, when, from what."""

    id: uuid.UUID
    user_id: uuid.UUID
    seq: int  # place in the officer's chain, from 1
    competency_id: uuid.UUID
    level: int
    source: EvidenceSource
    source_ref: str  # what it rests on: "enrolment:<id>", "attempt:<id>", "evidence:<id>", ...
    recorded_by: uuid.UUID | None  # None when the platform recorded it itself
    recorded_at: datetime
    confidence: float | None = None
    note: str = ""

    def canonical(self) -> str:
        """The content the chain hashes: every field, in a fixed order and format."""
        return chain.canonical(
            [
                str(self.id),
                str(self.user_id),
                self.seq,
                str(self.competency_id),
                self.level,
                self.source.value,
                self.source_ref,
                str(self.recorded_by) if self.recorded_by else None,
                self.recorded_at.isoformat(timespec="microseconds"),
                None if self.confidence is None else round(self.confidence, 6),
                self.note,
            ]
        )


def link(previous_hash: str, evidence: Evidence) -> str:
    return chain.link(previous_hash, evidence.canonical())


@dataclass(frozen=True)
class ChainBreak:
    user_id: uuid.UUID
    seq: int
    reason: str


def check_chain(rows: list[tuple[Evidence, str, str]]) -> list[ChainBreak]:
    """Check one officer's rows (evidence, stored previous hash, stored hash) given in seq order."""
    if not rows:
        return []
    links = (chain.Link(e.seq, e.canonical(), previous, stored) for e, previous, stored in rows)
    return [ChainBreak(rows[0][0].user_id, seq, reason) for seq, reason in chain.breaks(links)]

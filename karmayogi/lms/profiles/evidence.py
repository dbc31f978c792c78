"""Evidence as plain data, and the hash chain that makes altering any recorded row detectable.

Each officer's evidence is its own chain: row n stores the SHA-256 of row n-1's hash and its own
canonical content. Changing, reordering or removing a row inside the chain breaks every hash after
it. Chains are per officer so that recording evidence for one officer never waits on another's.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

GENESIS = "0" * 64


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
        return json.dumps(
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
            ],
            separators=(",", ":"),
            ensure_ascii=False,
        )


def link(previous_hash: str, evidence: Evidence) -> str:
    return hashlib.sha256((previous_hash + evidence.canonical()).encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    user_id: uuid.UUID
    seq: int
    reason: str


def check_chain(rows: list[tuple[Evidence, str, str]]) -> list[ChainBreak]:
    """Check one officer's rows (evidence, stored previous hash, stored hash) given in seq order."""
    breaks: list[ChainBreak] = []
    expected_previous = GENESIS
    for number, (evidence, previous, stored) in enumerate(rows, start=1):
        if evidence.seq != number:
            breaks.append(
                ChainBreak(evidence.user_id, evidence.seq, f"expected row {number} here: rows are missing")
            )
        if previous != expected_previous:
            breaks.append(ChainBreak(evidence.user_id, evidence.seq, "does not follow the row before it"))
        if link(previous, evidence) != stored:
            breaks.append(
                ChainBreak(evidence.user_id, evidence.seq, "content differs from what was recorded")
            )
        expected_previous = stored
    return breaks

"""Explicit, versioned rules that turn an officer's evidence into competency levels.

Each source has one effect. A test result verifies a level; a course completion, certificate,
peer validation or institute report only proposes one; a supervisor's rating or an HR cell's
confirmation is a person confirming the open proposal, up to the level they give; a
self-declaration is the officer's own claim and counts least. So anything that would feed an HR
decision stops at "proposed" until a human confirms it. Rules are applied to the evidence in
recorded order, so the same log always gives the same profile; a new rule set gets a new
version, and every profile says which version made it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from karmayogi.lms.profiles.evidence import Evidence, EvidenceSource

RULES_VERSION = "2026.1"


class Effect(StrEnum):
    VERIFY = "verify"  # sets the verified level, down as well as up: the newest test stands
    RAISE = "raise"  # raises the verified level, never lowers it
    PROPOSE = "propose"  # proposes a level that a person must confirm
    CONFIRM = "confirm"  # a person confirms the open proposal, up to the level they give
    DECLARE = "declare"  # the officer's own claim


S = EvidenceSource
EFFECTS: dict[EvidenceSource, Effect] = {
    S.ADAPTIVE_TEST: Effect.VERIFY,
    S.ASSESSMENT_RESULT: Effect.RAISE,
    S.COURSE_COMPLETION: Effect.PROPOSE,
    S.CERTIFICATE: Effect.PROPOSE,
    S.PEER_VALIDATION: Effect.PROPOSE,
    S.TRAINING_INSTITUTE_REPORT: Effect.PROPOSE,
    S.SUPERVISOR_RATING: Effect.CONFIRM,
    S.HR_CONFIRMATION: Effect.CONFIRM,
    S.SELF_DECLARATION: Effect.DECLARE,
}
# Confidence of a level when its evidence carries none (an adaptive test reports its own).
CONFIDENCE = {
    Effect.VERIFY: 0.9,
    Effect.RAISE: 0.8,
    Effect.CONFIRM: 0.85,
    Effect.PROPOSE: 0.6,
    Effect.DECLARE: 0.4,
}


class Standing(StrEnum):
    VERIFIED = "verified"
    PROPOSED = "proposed"
    SELF_DECLARED = "self_declared"


@dataclass(frozen=True)
class CompetencyLevel:
    """One line of the passbook, with the evidence behind it."""

    competency_id: uuid.UUID
    level: int
    standing: Standing
    confidence: float
    evidence_ids: tuple[uuid.UUID, ...]
    updated_at: datetime
    proposed_level: int | None  # a proposal above the verified level, awaiting a person
    proposal_evidence_ids: tuple[uuid.UUID, ...]
    rules_version: str = RULES_VERSION


@dataclass
class _State:
    verified: int = 0
    verified_confidence: float = 0.0
    verified_by: list[uuid.UUID] = field(default_factory=list)
    proposed: int = 0
    proposed_by: list[uuid.UUID] = field(default_factory=list)
    declared: int = 0
    declared_by: list[uuid.UUID] = field(default_factory=list)
    updated_at: datetime | None = None

    def apply(self, e: Evidence) -> None:
        effect = EFFECTS[e.source]
        confidence = e.confidence if e.confidence is not None else CONFIDENCE[effect]
        self.updated_at = e.recorded_at
        if effect is Effect.VERIFY or (effect is Effect.RAISE and e.level > self.verified):
            self.verified, self.verified_confidence, self.verified_by = e.level, confidence, [e.id]
        elif effect is Effect.PROPOSE and e.level > self.verified:
            if e.level > self.proposed:
                self.proposed, self.proposed_by = e.level, []
            self.proposed_by.append(e.id)
        elif effect is Effect.CONFIRM:
            if self.proposed:
                level = min(self.proposed, e.level)
                if level > self.verified:
                    self.verified, self.verified_confidence = level, confidence
                    self.verified_by = [*self.proposed_by, e.id]
                self.proposed, self.proposed_by = 0, []
            elif e.level > self.verified:  # a rating with nothing to confirm is itself a proposal
                self.proposed, self.proposed_by = e.level, [e.id]
        elif effect is Effect.DECLARE:
            self.declared, self.declared_by = e.level, [e.id]
        if self.proposed and self.proposed <= self.verified:
            self.proposed, self.proposed_by = 0, []

    def line(self, competency_id: uuid.UUID) -> CompetencyLevel | None:
        assert self.updated_at is not None
        pending = (self.proposed or None, tuple(self.proposed_by))
        if self.verified:
            return CompetencyLevel(
                competency_id,
                self.verified,
                Standing.VERIFIED,
                self.verified_confidence,
                tuple(self.verified_by),
                self.updated_at,
                *pending,
            )
        if self.proposed:
            return CompetencyLevel(
                competency_id,
                self.proposed,
                Standing.PROPOSED,
                CONFIDENCE[Effect.PROPOSE],
                tuple(self.proposed_by),
                self.updated_at,
                *pending,
            )
        if self.declared:
            return CompetencyLevel(
                competency_id,
                self.declared,
                Standing.SELF_DECLARED,
                CONFIDENCE[Effect.DECLARE],
                tuple(self.declared_by),
                self.updated_at,
                None,
                (),
            )
        return None


def derive(evidence: list[Evidence]) -> list[CompetencyLevel]:
    """The profile ruled from `evidence` (in recorded order), one line per competency, by competency id."""
    states: dict[uuid.UUID, _State] = {}
    for e in sorted(evidence, key=lambda e: e.seq):
        states.setdefault(e.competency_id, _State()).apply(e)
    lines = (state.line(c) for c, state in sorted(states.items(), key=lambda item: item[0]))
    return [line for line in lines if line is not None]

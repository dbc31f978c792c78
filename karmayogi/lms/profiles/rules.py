"""Explicit, versioned rules that turn an officer's evidence into competency levels.

Each source has one effect. Level tests verify a level by the rule over attempts below; an
assessment pass raises the verified level; a course completion, certificate,
peer validation or institute report only proposes one; a supervisor's rating or an HR cell's
confirmation is a person confirming the open proposal, up to the level they give; a
self-declaration is the officer's own claim and counts least. So anything that would feed an HR
decision stops at "proposed" until a human confirms it. Rules are applied to the evidence in
recorded order, so the same log always gives the same profile; a new rule set gets a new
version, and every profile says which version made it.

The rule over attempts (since 2026.2): the level verified by adaptive level tests is the lower
median of the levels of the official's last `TESTS_CONSIDERED` (2) tests on the competency, that is
the lower of the last two; a first test stands alone until a second is taken. Every test counts and
none is chosen, so a lucky result is held down by the test beside it: retaking until one comes out
high does not raise the level (benchmarks/assessment_simulation.py measures this), while an official
who has really improved reaches the new level once two tests in a row show it. The line's evidence
is both tests.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from karmayogi.lms.profiles.evidence import Evidence, EvidenceSource

RULES_VERSION = "2026.2"
# How many of the newest level tests the verified level is the lower median of (2: the lower of the two).
TESTS_CONSIDERED = 2


class Effect(StrEnum):
    VERIFY = "verify"  # sets the verified level, down as well as up, by the rule over attempts
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
    tests: list[Evidence] = field(default_factory=list)
    updated_at: datetime | None = None

    def apply(self, e: Evidence) -> None:
        effect = EFFECTS[e.source]
        confidence = e.confidence if e.confidence is not None else CONFIDENCE[effect]
        self.updated_at = e.recorded_at
        if effect is Effect.VERIFY:
            self.tests.append(e)
            window = self.tests[-TESTS_CONSIDERED:]
            median = lower_median(window)
            self.verified = median.level
            self.verified_confidence = (
                median.confidence if median.confidence is not None else CONFIDENCE[Effect.VERIFY]
            )
            self.verified_by = [t.id for t in window]
        elif effect is Effect.RAISE and e.level > self.verified:
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


def lower_median(tests: list[Evidence]) -> Evidence:
    """The test at the lower median level of TESTS (earlier first among equal levels)."""
    ranked = sorted(tests, key=lambda t: (t.level, t.seq))
    return ranked[(len(ranked) - 1) // 2]


def derive(evidence: list[Evidence]) -> list[CompetencyLevel]:
    """The profile ruled from `evidence` (in recorded order), one line per competency, by competency id."""
    states: dict[uuid.UUID, _State] = {}
    for e in sorted(evidence, key=lambda e: e.seq):
        states.setdefault(e.competency_id, _State()).apply(e)
    lines = (state.line(c) for c, state in sorted(states.items(), key=lambda item: item[0]))
    return [line for line in lines if line is not None]

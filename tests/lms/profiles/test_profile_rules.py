"""The passbook's levels follow from the evidence by explicit rules, and the log's chain shows tampering."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.profiles.evidence import GENESIS, Evidence, EvidenceSource, check_chain, link
from karmayogi.lms.profiles.rules import RULES_VERSION, TESTS_CONSIDERED, Standing, derive

S = EvidenceSource
OFFICER = uuid.uuid4()
PROCUREMENT = uuid.uuid4()
START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def log(*steps: tuple[EvidenceSource, int] | tuple[EvidenceSource, int, float]) -> list[Evidence]:
    return [
        Evidence(
            id=uuid.UUID(int=n + 1),
            user_id=OFFICER,
            seq=n + 1,
            competency_id=PROCUREMENT,
            level=step[1],
            source=step[0],
            source_ref=f"test:{n}",
            recorded_by=None,
            recorded_at=START + timedelta(days=n),
            confidence=step[2] if len(step) > 2 else None,  # type: ignore[misc]
        )
        for n, step in enumerate(steps)
    ]


def only(evidence: list[Evidence]):  # type: ignore[no-untyped-def]
    (line,) = derive(evidence)
    return line


def test_a_completed_course_only_proposes_until_a_person_confirms():
    proposed = only(log((S.COURSE_COMPLETION, 2)))
    assert (proposed.level, proposed.standing) == (2, Standing.PROPOSED)
    confirmed = only(log((S.COURSE_COMPLETION, 2), (S.SUPERVISOR_RATING, 3)))
    assert (confirmed.level, confirmed.standing) == (2, Standing.VERIFIED)
    assert confirmed.evidence_ids == (uuid.UUID(int=1), uuid.UUID(int=2))
    assert confirmed.proposed_level is None and confirmed.rules_version == RULES_VERSION


def test_a_supervisor_confirms_no_higher_than_they_rate():
    line = only(log((S.COURSE_COMPLETION, 4), (S.HR_CONFIRMATION, 3)))
    assert (line.level, line.standing) == (3, Standing.VERIFIED)


def test_level_tests_verify_the_lower_of_the_last_two_down_as_well_as_up():
    line = only(log((S.ADAPTIVE_TEST, 4, 0.93), (S.ADAPTIVE_TEST, 3, 0.88)))
    assert (line.level, line.standing, line.confidence) == (3, Standing.VERIFIED, 0.88)
    assert line.evidence_ids == (uuid.UUID(int=1), uuid.UUID(int=2))
    assert only(log((S.ADAPTIVE_TEST, 4))).level == 4  # a first test stands alone
    assert only(log((S.ADAPTIVE_TEST, 1), (S.ADAPTIVE_TEST, 5))).level == 1  # not the newest
    assert only(log((S.ADAPTIVE_TEST, 1), (S.ADAPTIVE_TEST, 5), (S.ADAPTIVE_TEST, 5))).level == 5
    assert only(log((S.ADAPTIVE_TEST, 5), (S.ADAPTIVE_TEST, 5), (S.ADAPTIVE_TEST, 2))).level == 2
    assert RULES_VERSION == "2026.2" and TESTS_CONSIDERED == 2


@given(st.lists(st.integers(1, 5), min_size=2, max_size=12))
def test_one_more_test_never_verifies_more_than_the_test_before_it_showed(levels):
    """So a lucky retake alone buys nothing: it is held to the level of the previous, honest one."""
    line = only(log(*((S.ADAPTIVE_TEST, level) for level in levels)))
    assert line.level == min(levels[-2:]) <= levels[-2]


def test_an_assessment_pass_raises_but_never_lowers():
    line = only(log((S.ADAPTIVE_TEST, 3), (S.ASSESSMENT_RESULT, 2), (S.ASSESSMENT_RESULT, 4)))
    assert line.level == 4 and line.evidence_ids == (uuid.UUID(int=3),)


def test_a_proposal_at_or_below_the_verified_level_is_dropped_and_one_above_waits():
    assert only(log((S.ADAPTIVE_TEST, 3), (S.COURSE_COMPLETION, 2))).proposed_level is None
    line = only(log((S.ADAPTIVE_TEST, 3), (S.TRAINING_INSTITUTE_REPORT, 4)))
    assert (line.level, line.standing, line.proposed_level) == (3, Standing.VERIFIED, 4)


def test_self_declared_levels_count_least():
    line = only(log((S.SELF_DECLARATION, 4)))
    assert (line.level, line.standing) == (4, Standing.SELF_DECLARED) and line.confidence < 0.5
    assert only(log((S.SELF_DECLARATION, 4), (S.PEER_VALIDATION, 3))).standing == Standing.PROPOSED


sources = st.sampled_from(list(EvidenceSource))
steps = st.lists(st.tuples(sources, st.integers(1, 5)), min_size=1, max_size=12)


@given(steps)
def test_the_same_log_always_rules_the_same_profile_and_levels_stay_on_the_scale(drawn):
    evidence = log(*drawn)
    first = derive(evidence)
    assert first == derive(list(reversed(evidence)))  # seq, not the order handed in, decides
    for line in first:
        assert 1 <= line.level <= 5 and 0 <= line.confidence <= 1
        assert set(line.evidence_ids) <= {e.id for e in evidence}


def chained(evidence: list[Evidence]) -> list[tuple[Evidence, str, str]]:
    rows, previous = [], GENESIS
    for e in evidence:
        digest = link(previous, e)
        rows.append((e, previous, digest))
        previous = digest
    return rows


def test_altering_reordering_or_removing_a_row_breaks_the_chain():
    rows = chained(log((S.COURSE_COMPLETION, 2), (S.SUPERVISOR_RATING, 2), (S.ADAPTIVE_TEST, 3)))
    assert check_chain(rows) == []

    altered = list(rows)
    e, previous, digest = altered[1]
    altered[1] = (dataclasses.replace(e, level=5), previous, digest)
    assert [(b.seq, b.reason) for b in check_chain(altered)] == [
        (2, "content differs from what was recorded")
    ]

    removed = [rows[0], rows[2]]
    assert {b.seq for b in check_chain(removed)} == {3}
    assert check_chain([rows[1], rows[0], rows[2]])

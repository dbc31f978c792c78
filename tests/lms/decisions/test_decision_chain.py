"""A case's entries are hash-chained: verification passes on the record as made and names any change."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from karmayogi.lms.chain import GENESIS, link
from karmayogi.lms.decisions import store, workflow
from karmayogi.lms.decisions.entries import Entry, Kind, State, Step, check_case

CASE, SUBJECT = uuid.uuid4(), uuid.uuid4()
START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def chained(*steps: tuple[Step, str, str]) -> list[tuple[Entry, str, str]]:
    rows, previous = [], GENESIS
    for n, (step, outcome, reason) in enumerate(steps, start=1):
        entry = Entry(
            uuid.UUID(int=n),
            CASE,
            Kind.POSTING,
            SUBJECT,
            n,
            step,
            uuid.UUID(int=100 + n),
            outcome,
            reason,
            {"inputs": {"levels": [{"level": 3, "evidence_ids": ["e1"]}]}} if n == 1 else {},
            START + timedelta(days=n),
        )
        rows.append((entry, previous, link(previous, entry.canonical())))
        previous = rows[-1][2]
    return rows


FULL = (
    (Step.PROPOSAL, "approve", ""),
    (Step.DECISION, "approve", "meets every requirement"),
    (Step.APPEAL, "appeal", "my evidence was not counted"),
    (Step.REDECISION, "reject", "the appeal is upheld"),
)


def test_a_case_as_recorded_verifies():
    assert check_case(chained(*FULL)) == []


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "a different reason"},
        {"outcome": "reject"},
        {"actor_id": uuid.uuid4()},
        {"payload": {"inputs": {"levels": [{"level": 4, "evidence_ids": ["e1"]}]}}},
        {"kind": Kind.PENALTY},
        {"subject_id": uuid.uuid4()},
    ],
)
def test_changing_any_field_of_an_entry_is_detected(change):
    rows = chained(*FULL)
    index = 1 if "payload" not in change else 0
    entry, previous, stored = rows[index]
    rows[index] = (dataclasses.replace(entry, **change), previous, stored)
    assert [b.seq for b in check_case(rows)] == [index + 1]


def test_a_removed_or_reordered_entry_is_detected():
    rows = chained(*FULL)
    assert check_case([rows[0], rows[2], rows[3]])
    assert check_case([rows[0], rows[2], rows[1], rows[3]])


def test_steps_out_of_the_allowed_order_are_detected_even_when_rehashed():
    rows = chained((Step.PROPOSAL, "approve", ""), (Step.REDECISION, "approve", "no decision first"))
    assert [b.reason for b in check_case(rows)] == ["the steps are not in the order a case allows"]


def test_a_stored_case_verifies_and_a_changed_row_is_named(office, db):
    with office.db.transaction() as session:
        case = store.open_case(
            session, Kind.POSTING, office.people["official"], "vacancy 1", "approve", {"n": 1}, None
        )
        workflow.decide(session, office.principal(session, "hr"), case.id, "approve", "best fit of three")
    with db.transaction() as session:
        assert list(store.verify(session, case.id)) == []
        assert list(store.verify(session)) == []
    postgresql = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as conn:
        # The log refuses changes; a tamperer with the database owner's powers goes around that.
        with pytest.raises(DBAPIError), conn.begin_nested():
            conn.execute(text("UPDATE decision_entry SET reason = 'changed' WHERE seq = 2"))
        if postgresql:
            conn.execute(text("ALTER TABLE decision_entry DISABLE TRIGGER decision_entry_append_only"))
        else:
            conn.execute(text("DROP TRIGGER decision_entry_append_only"))
        conn.execute(text("UPDATE decision_entry SET reason = 'changed' WHERE seq = 2"))
        if postgresql:
            conn.execute(text("ALTER TABLE decision_entry ENABLE TRIGGER decision_entry_append_only"))
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER decision_entry_append_only BEFORE UPDATE ON decision_entry"
                    " BEGIN SELECT RAISE(ABORT, 'decision_entry is append-only: UPDATE refused'); END"
                )
            )
    with db.transaction() as session:
        breaks = list(store.verify(session, case.id))
        assert [(b.seq, b.reason) for b in breaks] == [(2, "content differs from what was recorded")]
        assert store.get(session, case.id).state is State.DECIDED

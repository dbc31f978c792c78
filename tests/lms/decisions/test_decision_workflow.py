"""The one decision pattern: a named person decides with a reason, the official appeals in time, and
someone else re-decides; nobody decides their own case, their reportee's, or their own proposal."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import store, workflow
from karmayogi.lms.decisions.entries import Kind, State, Step
from karmayogi.lms.decisions.powers import supervisor_chain
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.orm import Grant, User


def _open(office, proposer: str | None = None, appeal_days: int = 30, vacancy: str = "vacancy 7"):  # type: ignore[no-untyped-def]
    with office.db.transaction() as session:
        by = office.people[proposer] if proposer else None
        inputs = {"levels": [{"competency_id": str(office.competency), "level": 3}], "rules_version": "t"}
        case = store.open_case(
            session, Kind.POSTING, office.people["official"], vacancy, "approve", inputs, by, appeal_days
        )
    return case.id


def _as(office, name: str, action, *args):  # type: ignore[no-untyped-def]
    with office.db.transaction() as session:
        return action(session, office.principal(session, name), *args)


def test_proposal_decision_appeal_and_redecision_are_kept_in_order(office):
    case_id = _open(office)
    decided = _as(office, "hr", workflow.decide, case_id, "approve", "  the best fit of three  ")
    assert decided.state is State.DECIDED and decided.standing.reason == "the best fit of three"
    assert decided.standing.actor_id == office.people["hr"]
    appealed = _as(office, "official", workflow.appeal, case_id, "my experience in audit was not counted")
    assert appealed.state is State.APPEALED and appealed.appeal_until is not None
    final = _as(office, "hr2", workflow.redecide, case_id, "reject", "the appeal is upheld")
    assert [e.step for e in final.entries] == [Step.PROPOSAL, Step.DECISION, Step.APPEAL, Step.REDECISION]
    assert (final.state, final.standing.outcome, final.standing.actor_id) == (
        State.REDECIDED,
        "reject",
        office.people["hr2"],
    )
    with pytest.raises(Conflict):
        _as(office, "official", workflow.appeal, case_id, "again")
    with office.db.transaction() as session:
        assert list(store.verify(session, case_id)) == []


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_decision_without_a_reason_is_refused(office, reason):
    case_id = _open(office)
    with pytest.raises(InvalidInput) as refused:
        _as(office, "hr", workflow.decide, case_id, "approve", reason)
    assert refused.value.field == "reason"


def test_an_outcome_the_kind_does_not_have_is_refused(office):
    with pytest.raises(InvalidInput) as refused:
        _as(office, "hr", workflow.decide, _open(office), "confirm", "wrong kind of outcome")
    assert refused.value.field == "outcome"


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("official", "no one decides their own case"),
        ("director", "no one decides the case of someone they supervise"),
        ("hr", "the person who proposed cannot also decide"),
        ("outside_hr", "deciding a posting needs people:manage over the official"),
    ],
)
def test_those_who_may_not_decide_are_refused_and_nothing_is_recorded(office, who, why):
    case_id = _open(office, proposer="hr")
    with office.db.transaction() as session:  # an official who works in the HR cell themselves
        session.add(
            Grant(user_id=office.people["official"], role="hr_cell", organisation_id=office.department)
        )
    with pytest.raises(PermissionDenied, match=why):
        _as(office, who, workflow.decide, case_id, "approve", "I would approve")
    with office.db.transaction() as session:
        assert store.get(session, case_id).state is State.PROPOSED


def test_the_supervisor_chain_reaches_up_and_stops_at_a_cycle(office):
    with office.db.transaction() as session:
        chain = supervisor_chain(session, office.people["official"])
        assert chain == [office.people["under_secretary"], office.people["director"]]
        director = session.get(User, office.people["director"])
        director.supervisor_id = office.people["official"]  # a cycle, as PATCH once allowed
        session.flush()
        assert supervisor_chain(session, office.people["official"]) == chain


def test_the_same_matter_is_not_opened_twice(office):
    _open(office)
    with pytest.raises(Conflict, match="exists"):
        _open(office)


def test_a_decided_case_takes_no_second_decision(office):
    case_id = _open(office)
    _as(office, "hr", workflow.decide, case_id, "approve", "fits")
    with pytest.raises(Conflict, match="this case is decided"):
        _as(office, "hr2", workflow.decide, case_id, "reject", "does not fit")


def test_only_the_official_appeals_and_only_in_time(office):
    case_id = _open(office)
    with pytest.raises(Conflict, match="proposed"):
        _as(office, "official", workflow.appeal, case_id, "too early: nothing is decided yet")
    _as(office, "hr", workflow.decide, case_id, "approve", "fits")
    with pytest.raises(PermissionDenied, match="only the official"):
        _as(office, "hr2", workflow.appeal, case_id, "on their behalf")
    with pytest.raises(InvalidInput) as refused:
        _as(office, "official", workflow.appeal, case_id, " ")
    assert refused.value.field == "grounds"
    late = _open(office, appeal_days=0, vacancy="vacancy 8")
    _as(office, "hr", workflow.decide, late, "approve", "fits")
    with pytest.raises(Conflict, match="period for an appeal ended"):
        _as(office, "official", workflow.appeal, late, "I was away")


def test_the_original_decider_does_not_re_decide(office):
    case_id = _open(office)
    _as(office, "hr", workflow.decide, case_id, "approve", "fits")
    _as(office, "official", workflow.appeal, case_id, "reconsider")
    with pytest.raises(PermissionDenied, match="other than the original decider"):
        _as(office, "hr", workflow.redecide, case_id, "approve", "I stand by it")
    with pytest.raises(Conflict):
        _as(office, "hr2", workflow.decide, case_id, "approve", "a decision, not a re-decision")


def test_two_officers_deciding_at_once_one_wins(office, db):
    case_id = _open(office)
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(name: str, outcome: str) -> None:
        start.wait()
        try:
            results[name] = _as(office, name, workflow.decide, case_id, outcome, f"{name} decides")
        except Conflict as exc:
            results[name] = exc

    threads = [threading.Thread(target=decide, args=a) for a in (("hr", "approve"), ("hr2", "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    won = [n for n, r in results.items() if not isinstance(r, Exception)]
    lost = [n for n, r in results.items() if isinstance(r, Conflict)]
    assert len(won) == 1 and len(lost) == 1
    with db.transaction() as session:
        case = store.get(session, case_id)
        assert [e.step for e in case.entries] == [Step.PROPOSAL, Step.DECISION]
        assert case.standing.actor_id == office.people[won[0]]
        assert list(store.verify(session, case_id)) == []
        assert case.opened_at <= utcnow() + timedelta(seconds=1)

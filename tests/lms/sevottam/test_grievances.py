"""Grievances end to end on the database: lodging and routing, privacy, transfer, escalation,
disposal and its appeal, and penalty proceedings, the decisions on the shared hash-chained cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sevottam_world import Offices
from sqlalchemy import func, select

from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import State
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.orm import Grievance, GrievanceEvent
from karmayogi.lms.sevottam import escalation, grievances, penalties, services


def _lodge(offices: Offices, **overrides: object) -> grievances.Lodged:
    values: dict[str, object] = {
        "ground": "charter",
        "organisation_id": offices.pensions,
        "service_id": offices.service,
        "subject": "Pension not sanctioned",
        "text": "My pension sanction has been pending for four months after retirement.",
        "citizen_name": "Asha Devi",
        "email": "asha@example.org",
    }
    values.update(overrides)
    with offices.db.transaction() as session:
        lodged = grievances.lodge(session, **values)  # type: ignore[arg-type]
        session.expunge(lodged.grievance)
    return lodged


def test_a_grievance_is_routed_to_the_officer_with_a_due_date_in_working_days(offices: Offices) -> None:
    lodged = _lodge(offices)
    g = lodged.grievance
    assert g.officer_id == offices.people["officer"]
    assert g.registration_number.startswith("CPO/")
    with offices.db.transaction() as session:
        calendar = services.calendar_of(session, offices.pensions)
        assert g.due_on == calendar.add_working_days(g.lodged_at.date(), 30)
        assert grievances.by_token(session, lodged.token).id == g.id
        assert session.get(Grievance, g.id).token_hash != lodged.token  # only the hash is kept


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ground": ""}, "ground"),
        ({"ground": "other"}, "ground"),
        ({"organisation_id": None, "service_id": None}, "organisation_id"),
        ({"email": "", "mobile": ""}, "email"),
        ({"mobile": "12345", "email": ""}, "mobile"),
        ({"text": " "}, "text"),
    ],
)
def test_bad_grievances_are_refused_naming_the_field(offices: Offices, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _lodge(offices, **overrides)
    assert caught.value.field == field


def test_the_contact_is_confirmed_with_the_code_sent(offices: Offices) -> None:
    lodged = _lodge(offices)
    with offices.db.transaction() as session, pytest.raises(InvalidInput):
        grievances.confirm_contact(session, lodged.token, "000000" if lodged.code != "000000" else "111111")
    with offices.db.transaction() as session:
        assert grievances.confirm_contact(session, lodged.token, lodged.code).contact_confirmed_at is not None


def test_personal_data_reaches_only_the_handling_office_and_the_commission(offices: Offices) -> None:
    g = _lodge(offices).grievance
    with offices.db.transaction() as session:
        for name in ("officer", "commissioner"):
            assert grievances.get_for(session, offices.principal(session, name), g.id).text
        for name in ("outsider", "passport_officer", "hr", "dealing_hand"):
            with pytest.raises(NotFound):
                grievances.get_for(session, offices.principal(session, name), g.id)
        assert [x.id for x in grievances.queue(session, offices.principal(session, "officer"))] == [g.id]
        assert grievances.queue(session, offices.principal(session, "passport_officer")) == []
        with pytest.raises(NotFound):
            grievances.by_token(session, "not-the-link")


def test_a_transfer_moves_the_grievance_and_keeps_its_history(offices: Offices) -> None:
    g = _lodge(offices).grievance
    with offices.db.transaction() as session:
        officer = offices.principal(session, "officer")
        with pytest.raises(InvalidInput):
            grievances.transfer(session, officer, g.id, offices.passports, " ")
        moved = grievances.transfer(session, officer, g.id, offices.passports, "Passports are issued there")
        assert moved.officer_id == offices.people["passport_officer"]
    with offices.db.transaction() as session:
        with pytest.raises(NotFound):  # no longer the first office's to see
            grievances.get_for(session, offices.principal(session, "officer"), g.id)
        kinds = [e.kind for e in grievances.history(session, g.id)]
        assert kinds == ["lodged", "routed", "transferred"]
        assert grievances.history(session, g.id)[-1].detail["from_organisation_id"] == str(offices.pensions)


def test_escalation_raises_each_level_once_however_often_it_runs(offices: Offices) -> None:
    g = _lodge(offices).grievance
    with offices.db.transaction() as session:
        calendar = services.calendar_of(session, offices.pensions)
    assert escalation.escalate
    runs = []
    for days_late in (0, 1, 1, 5, 15, 15):
        today = calendar.add_working_days(g.due_on, days_late)
        with offices.db.transaction() as session:
            runs.append(escalation.escalate(session, today).raised)
    assert runs[0] == {"reminder": 0, "next_level": 0, "commission": 0}
    assert runs[1]["reminder"] == 1 and runs[2]["reminder"] == 0  # the second run the same day adds nothing
    assert runs[3]["next_level"] == 1 and runs[4]["commission"] == 1 and sum(runs[5].values()) == 0
    with offices.db.transaction() as session:
        kinds = [e.kind for e in grievances.history(session, g.id)]
        assert kinds[-3:] == ["escalated_reminder", "escalated_next_level", "escalated_commission"]
        queue = grievances.queue(session, offices.principal(session, "commissioner"))
        assert [x.id for x in queue] == [g.id]


def test_escalation_jumps_levels_when_first_run_late_and_records_each(offices: Offices) -> None:
    g = _lodge(offices).grievance
    with offices.db.transaction() as session:
        run = escalation.escalate(session, g.due_on + timedelta(days=60))
        assert run.raised == {"reminder": 1, "next_level": 1, "commission": 1}
        assert session.get(Grievance, g.id).escalation_level == 3


def test_disposal_appeal_and_final_decision_are_a_chained_case(offices: Offices) -> None:
    lodged = _lodge(offices)
    g = lodged.grievance
    with offices.db.transaction() as session:
        officer = offices.principal(session, "officer")
        with pytest.raises(InvalidInput) as caught:
            grievances.dispose(session, officer, g.id, "redressed", "Sanctioned", "")
        assert caught.value.field == "action_taken"
    with offices.db.transaction() as session, pytest.raises(Conflict):
        grievances.appeal(session, lodged.token, "Too early")  # nothing disposed yet
    with offices.db.transaction() as session:
        case = grievances.dispose(
            session,
            offices.principal(session, "officer"),
            g.id,
            "redressed",
            "Papers found complete",
            "Pension sanctioned by PPO 1234 on 5 December",
        )
        assert case.state is State.DECIDED
    with offices.db.transaction() as session:
        grievances.rate(session, lodged.token, 2)
        grievances.appeal(session, lodged.token, "The arrears were not paid")
    with offices.db.transaction() as session, pytest.raises(PermissionDenied):  # not the officer themself
        grievances.decide_appeal(session, offices.principal(session, "officer"), g.id, "overturned", "x")
    with offices.db.transaction() as session:
        case = grievances.decide_appeal(
            session,
            offices.principal(session, "commissioner"),
            g.id,
            "overturned",
            "Arrears are due",
            "Pay arrears within 15 days",
        )
        assert case.state is State.REDECIDED
        assert [e.step.value for e in case.entries] == ["proposal", "decision", "appeal", "redecision"]
        assert list(store.verify(session, case.id)) == []
        assert session.get(Grievance, g.id).status == "closed"
        assert session.scalar(select(func.count()).select_from(GrievanceEvent)) >= 6


def test_an_appeal_after_its_period_is_refused(offices: Offices) -> None:
    with offices.db.transaction() as session:
        services.configure(
            session, offices.principal(session, "hr"), offices.pensions, commencement_date=None, appeal_days=0
        )
    lodged = _lodge(offices)
    with offices.db.transaction() as session:
        grievances.dispose(
            session,
            offices.principal(session, "officer"),
            lodged.grievance.id,
            "rejected",
            "Not ours",
            "None",
        )
    with offices.db.transaction() as session, pytest.raises(Conflict):
        grievances.appeal(session, lodged.token, "Late")


def test_penalty_proposed_decided_appealed_and_redecided_by_different_members(offices: Offices) -> None:
    g = _lodge(offices).grievance
    officer_id = offices.people["dealing_hand"]
    with offices.db.transaction() as session:
        commissioner = offices.principal(session, "commissioner")
        with pytest.raises(InvalidInput) as caught:
            penalties.propose(session, commissioner, g.id, officer_id, 50_000_01, "Delay of four months")
        assert caught.value.field == "amount_paise"
        with pytest.raises(PermissionDenied):
            penalties.propose(session, offices.principal(session, "officer"), g.id, officer_id, 100, "x")
        case = penalties.propose(session, commissioner, g.id, officer_id, 25_000_00, "Delay of four months")
    with offices.db.transaction() as session, pytest.raises(PermissionDenied):  # the proposer does not decide
        penalties.decide(session, offices.principal(session, "commissioner"), case.id, "impose", 100, "x")
    with offices.db.transaction() as session:
        decided = penalties.decide(
            session, offices.principal(session, "commissioner2"), case.id, "impose", 10_000_00, "Wilful delay"
        )
        assert decided.standing.payload == {"amount_paise": 10_000_00}
    with offices.db.transaction() as session:
        with pytest.raises(PermissionDenied):
            penalties.appeal(session, offices.principal(session, "officer"), case.id, "Not me")
        penalties.appeal(session, _principal_of(offices, session, officer_id), case.id, "File was with audit")
    with offices.db.transaction() as session:
        with pytest.raises(PermissionDenied):  # neither the first decider
            penalties.redecide(session, offices.principal(session, "commissioner2"), case.id, "drop", 0, "x")
        with pytest.raises(PermissionDenied):  # nor the proposer
            penalties.redecide(session, offices.principal(session, "commissioner"), case.id, "drop", 0, "x")


def _principal_of(offices: Offices, session, user_id):  # type: ignore[no-untyped-def]
    from karmayogi.lms.authentication import user_principal
    from karmayogi.lms.orm import User

    return user_principal(session, session.get(User, user_id))


def test_redressal_days_are_capped_by_the_law(offices: Offices) -> None:
    with offices.db.transaction() as session:
        hr = offices.principal(session, "hr")
        with pytest.raises(InvalidInput) as caught:
            services.configure(
                session, hr, offices.pensions, commencement_date=date(2026, 1, 1), redressal_days=31
            )
        assert caught.value.field == "redressal_days"
        services.configure(
            session, hr, offices.pensions, commencement_date=date(2026, 1, 1), redressal_days=15
        )
    g = _lodge(offices).grievance
    with offices.db.transaction() as session:
        assert g.due_on == services.calendar_of(session, offices.pensions).add_working_days(
            g.lodged_at.date(), 15
        )


def test_nothing_of_a_grievance_is_deleted_on_postgresql(offices: Offices) -> None:
    from sqlalchemy import delete
    from sqlalchemy.exc import DBAPIError

    if offices.db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's test clean-up deletes rows, so the refusal is PostgreSQL's")
    lodged = _lodge(offices)
    with pytest.raises(DBAPIError, match="keeps its history"), offices.db.transaction() as session:
        session.execute(delete(GrievanceEvent).where(GrievanceEvent.grievance_id == lodged.grievance.id))

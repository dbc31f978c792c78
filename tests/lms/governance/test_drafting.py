"""A draft generated from the department's real gaps: needs weighted by national priorities, the
cheapest courses closing them, an estimate, and HR's edits before submitting."""

from __future__ import annotations

from datetime import date

import pytest

from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.governance import drafting, plans, priorities
from karmayogi.lms.orm import GrievanceLink
from karmayogi.lms.sevottam import grievances, linking

YEAR = 2026


def test_the_draft_closes_the_departments_gaps_at_least_cost(service):
    c, k = service.competencies, service.courses
    with service.db.transaction() as session:
        draft = drafting.generate(session, service.principal(session, "hr"), service.department, YEAR)
    placed = sorted((a.course_id, a.designation) for a in draft.assignments)
    assert placed == sorted(
        [
            (k["Drafting well"], "Section Officer"),
            (k["Procurement with data"], "Section Officer"),
            (k["Procurement with data"], "Assistant"),
        ]
    )
    needs = {(n["competency_id"], n["level"]): n for n in draft.basis["needs"]}
    assert needs[(str(c["Public procurement"]), 2)]["officials"] == 2
    assert needs[(str(c["Public procurement"]), 2)]["shortfall"] == pytest.approx(
        3.0
    )  # 1 x 0.5 x 2 + 2 x 1.0
    assert needs[(str(c["Noting and drafting"]), 3)]["shortfall"] == pytest.approx(2.0)
    cover = draft.basis["cover"]
    assert cover["proven_optimal"] and cover["bound_gap"] == 0.0
    assert cover["objective_hours"] == pytest.approx(12 + 6.5)  # hours + price at INR 500 an hour
    estimate = draft.basis["estimate"]
    # Two section officers take both courses, the assistant one: 2 x (10 + 6) + 6 hours for 3 officials.
    assert estimate["learning_hours"] == pytest.approx(38)
    assert estimate["hours_per_official"] == pytest.approx(38 / 3, abs=0.01)
    assert estimate["course_fees_paise"] == 2 * 100_000 + 3 * 25_000
    assert estimate["subscription_paise"] == 3 * 431_00


def test_national_priorities_and_extra_weights_steer_the_choice(service):
    c, k = service.competencies, service.courses
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plain = drafting.generate(session, hr, service.department, YEAR, competencies=1)
        # Procurement has the largest shortfall; its cheapest course alone closes it.
        assert {a.course_id for a in plain.assignments} == {k["Procurement basics"]}
        priorities.set_priorities(
            session,
            service.principal(session, "commission"),
            YEAR,
            [priorities.Priority(c["Data analysis"], 1.0)],
        )
        steered = drafting.generate(session, hr, service.department, YEAR, competencies=1)
        assert {a.course_id for a in steered.assignments} == {k["Data for managers"]}
        signal = drafting.generate(
            session,
            hr,
            service.department,
            YEAR,
            competencies=1,
            extra_priority_weights={c["Noting and drafting"]: 5.0},
        )
        assert {a.course_id for a in signal.assignments} == {k["Drafting well"]}


def test_grievances_about_the_departments_offices_raise_what_they_point_at(service):
    c, k = service.competencies, service.courses
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        lodged = grievances.lodge(
            session,
            ground="functioning",
            organisation_id=service.office,
            service_id=None,
            subject="Reply never came",
            text="My representation sat on the file for months and the reply, when it came, was unclear.",
            citizen_name="A citizen",
            email="citizen@example.org",
        )
        # What the linker would write for this text (tests/lms/sevottam covers the linking itself).
        session.add(
            GrievanceLink(
                grievance_id=lodged.grievance.id,
                competency_id=c["Noting and drafting"],
                score=0.7,
                rank=1,
                encoder="test",
            )
        )
        session.flush()
        steered = drafting.generate(session, hr, service.department, YEAR, competencies=1)
        assert {a.course_id for a in steered.assignments} == {k["Drafting well"]}
        assert steered.basis["grievance_signals"] == [
            {
                "competency_id": str(c["Noting and drafting"]),
                "competency": "Noting and drafting",
                "grievances": 1,
                "weight": linking.PLAN_SIGNAL_WEIGHT,
            }
        ]
        plain = drafting.generate(
            session, hr, service.department, YEAR, competencies=1, grievance_signals=False
        )
        assert {a.course_id for a in plain.assignments} == {k["Procurement basics"]}
        assert plain.basis["grievance_signals"] == []


def test_hr_generates_edits_and_submits_and_other_departments_are_refused(service):
    k = service.courses
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plan = drafting.generate_and_save(session, hr, service.department, YEAR)
        assert plan.state == "draft" and plan.basis["generated"]
        edited = plans.edit_draft(
            session,
            hr,
            plan.id,
            None,
            [
                *plan.assignments,
                plans.Assignment(
                    k["Data for managers"], "everyone", date(YEAR, 3, 31), appraisal_linked=True
                ),
            ],
        )
        assert len(edited.assignments) == len(plan.assignments) + 1
        assert plans.submit(session, hr, plan.id).state == "submitted"
        with pytest.raises(InvalidInput, match="organisation_id"):
            drafting.generate(session, service.principal(session, "outside_hr"), service.department, YEAR)

"""A plan's life: drafted, refused when it names what does not exist, submitted, approved by the
Commission through the decision pattern, live as the source of mandates, revised, retired for good."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from karmayogi.lms.decisions import workflow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.governance import approval, plans, priorities
from karmayogi.lms.orm import PlanEvent, User
from karmayogi.lms.plans import mandates_for

YEAR = 2026


def _everyone(course: uuid.UUID, due: date = date(YEAR, 9, 30)) -> plans.Assignment:
    return plans.Assignment(course, "everyone", due)


def test_a_plan_naming_what_does_not_exist_is_refused_naming_each_one(service):
    ghost_course, ghost_official = uuid.uuid4(), uuid.uuid4()
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        with pytest.raises(InvalidInput) as refused:
            plans.create_draft(
                session,
                hr,
                service.department,
                YEAR,
                "Plan 2026",
                [
                    _everyone(ghost_course),
                    plans.Assignment(
                        service.courses["Drafting well"], "designation", date(YEAR, 6, 1), "Astronaut"
                    ),
                    plans.Assignment(
                        service.courses["Drafting well"],
                        "official",
                        date(YEAR, 6, 1),
                        member_ids=(ghost_official, service.people["outside_hr"]),
                    ),
                ],
            )
    message = str(refused.value)
    assert f"assignments[0].course_id: no course {ghost_course}" in message
    assert "assignments[1].designation: no designation 'Astronaut'" in message
    assert f"no official {ghost_official}" in message
    assert f"no official {service.people['outside_hr']}" in message  # another department's official
    with service.db.transaction() as session:
        assert plans.list_plans(session, service.principal(session, "commission")) == []


def test_lifecycle_draft_submitted_approved_live_then_revised_and_retired(service):
    drafting = service.courses["Drafting well"]
    data = service.courses["Data for managers"]
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plan = plans.create_draft(
            session,
            hr,
            service.department,
            YEAR,
            "DoPT plan 2026",
            [
                plans.Assignment(
                    drafting, "designation", date(YEAR, 6, 30), "Section Officer", appraisal_linked=True
                )
            ],
        )
        plan = plans.edit_draft(
            session,
            hr,
            plan.id,
            None,
            [
                *plan.assignments,
                plans.Assignment(data, "official", date(YEAR, 8, 1), member_ids=(service.people["asst"],)),
            ],
        )
        plan = plans.submit(session, hr, plan.id)
        assert plan.state == "submitted" and plan.decision_case_id is not None
        with pytest.raises(Conflict):
            plans.edit_draft(session, hr, plan.id, None, [])
    with service.db.transaction() as session:
        # Another department's HR neither sees nor approves it; HR cannot approve its own plan.
        with pytest.raises(NotFound):
            plans.get(session, service.principal(session, "outside_hr"), plan.id)
        with pytest.raises(PermissionDenied):
            workflow.decide(
                session, service.principal(session, "hr"), plan.decision_case_id, "approve", "fine"
            )
    with service.db.transaction() as session:
        case = workflow.decide(
            session,
            service.principal(session, "commission"),
            plan.decision_case_id,
            "approve",
            "Aligned with the priorities",
        )
        assert case.proposal.payload["plan_id"] == str(plan.id)
        assert plans.get(session, service.principal(session, "hr"), plan.id).state == "approved"
        # Not live yet: the officials' mandates are unchanged.
        assert mandates_for(session, session.get(User, service.people["so1"])) == []
        plans.go_live(session, service.principal(session, "hr"), plan.id)
    with service.db.transaction() as session:
        so1 = mandates_for(session, session.get(User, service.people["so1"]))
        asst = mandates_for(session, session.get(User, service.people["asst"]))
        assert [(m.course_id, m.source, m.appraisal_linked) for m in so1] == [
            (drafting, "DoPT plan 2026", True)
        ]
        assert [m.course_id for m in asst] == [data]
        # Editing a live plan is a new draft revision; the live one stays in force meanwhile.
        hr = service.principal(session, "hr")
        with pytest.raises(Conflict):
            plans.edit_draft(session, hr, plan.id, None, [])
        revision = plans.revise(session, hr, plan.id)
        assert revision.revision == 2 and revision.revises_id == plan.id and revision.state == "draft"
        plans.edit_draft(session, hr, revision.id, "DoPT plan 2026 (revised)", [_everyone(data)])
        plans.submit(session, hr, revision.id)
    with service.db.transaction() as session:
        revision = plans.get(session, service.principal(session, "hr"), revision.id)
        # A rejection sends it back to draft; then it is resubmitted and approved by someone.
        workflow.decide(
            session, service.principal(session, "commission"), revision.decision_case_id, "reject", "Too thin"
        )
        assert plans.get(session, service.principal(session, "hr"), revision.id).state == "draft"
        assert [m.course_id for m in mandates_for(session, session.get(User, service.people["so1"]))] == [
            drafting
        ]
        revision = plans.submit(session, service.principal(session, "hr"), revision.id)
        workflow.decide(
            session,
            service.principal(session, "commission2"),
            revision.decision_case_id,
            "approve",
            "Now fine",
        )
        plans.go_live(session, service.principal(session, "hr"), revision.id)
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        assert plans.get(session, hr, plan.id).state == "retired"
        assert [m.source for m in mandates_for(session, session.get(User, service.people["so2"]))] == [
            "DoPT plan 2026 (revised)"
        ]
        # No transition revives a retired plan.
        for action in (plans.submit, plans.go_live, plans.revise):
            with pytest.raises(Conflict):
                action(session, hr, plan.id)
        with pytest.raises(Conflict):
            plans.retire(session, hr, plan.id)
        actions = list(
            session.scalars(
                select(PlanEvent.action).where(PlanEvent.plan_id == revision.id).order_by(PlanEvent.at)
            )
        )
        assert actions == [
            "revision drafted",
            "edited",
            "submitted",
            "rejected",
            "submitted",
            "approved",
            "went live",
        ]


def test_priorities_are_versioned_and_set_only_by_the_commission(service):
    c = service.competencies
    with service.db.transaction() as session:
        with pytest.raises(PermissionDenied):
            priorities.set_priorities(
                session, service.principal(session, "hr"), YEAR, [priorities.Priority(c["Ethics"], 1)]
            )
        commission = service.principal(session, "commission")
        first = priorities.set_priorities(session, commission, YEAR, [priorities.Priority(c["Ethics"], 2)])
        second = priorities.set_priorities(
            session,
            commission,
            YEAR,
            [priorities.Priority(c["Data analysis"], 3), priorities.Priority(c["Ethics"], 1)],
        )
        assert (first.version, second.version) == (1, 2)
        assert priorities.current(session, YEAR).weights() == {c["Data analysis"]: 3, c["Ethics"]: 1}
        assert [p.version for p in priorities.history(session, YEAR)] == [1, 2]
        assert priorities.alignment(second, {c["Data analysis"]}) == pytest.approx(0.75)
        ghost = uuid.uuid4()
        with pytest.raises(InvalidInput, match=f"no competency {ghost}"):
            priorities.set_priorities(session, commission, YEAR, [priorities.Priority(ghost, 1)])
        with pytest.raises(InvalidInput, match=r"priorities\[0\].weight"):
            priorities.set_priorities(session, commission, YEAR, [priorities.Priority(c["Ethics"], 0)])


def test_a_rejection_is_appealed_and_redecided_by_someone_else(service):
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plan = plans.create_draft(
            session, hr, service.department, YEAR, "Plan", [_everyone(service.courses["Drafting well"])]
        )
        plans.submit(session, hr, plan.id)
        approval.decide(session, service.principal(session, "commission"), plan.id, "reject", "Too thin")
        assert approval.appeal(session, hr, plan.id, "It covers every gap we have").state == "draft"
        with pytest.raises(PermissionDenied):
            approval.redecide(
                session, service.principal(session, "commission"), plan.id, "approve", "On second look"
            )
        again = approval.redecide(
            session, service.principal(session, "commission2"), plan.id, "approve", "Agreed"
        )
        assert again.state == "approved"

"""Work allocation orders: draft, published (those named are told), archived; while published, an
official's requirements are their position's plus the allocated roles', and their gaps follow."""

from __future__ import annotations

import uuid

import pytest
from lms.decisions import conftest as decision_world
from lms.test_postings import _old_post
from sqlalchemy.orm import Session

from karmayogi.content.encoders import minilm
from karmayogi.lms import allocations, recommendations
from karmayogi.lms.decisions import letters
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import Activity, CourseCompetency, Requirement, Role, User

office = decision_world.office
person = decision_world.person


def _procurement_role(session: Session, office) -> tuple[uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    role = Role(name="Procurement cell", status="verified")
    session.add(role)
    session.flush()
    activity = Activity(role_id=role.id, description="Scrutinise bids")
    session.add(activity)
    session.flush()
    session.add(Requirement(role_id=role.id, competency_id=office.competency, level=2, weight=0.6))
    session.flush()
    return role.id, activity.id


def test_an_order_runs_draft_published_archived_and_tells_those_named(office):
    with office.db.transaction() as session:
        role, activity = _procurement_role(session, office)
        hr = office.principal(session, "hr")
        worker = person(session, office.office, "meena_iyer", "learner")
        order = allocations.create(
            session,
            hr,
            office.office,
            "Procurement duties 2027",
            [allocations.LineIn(worker, role, activity)],
        )
        assert order.status == "draft" and allocations.notifications_for(session, worker) == []
        with pytest.raises(Conflict):
            allocations.move(session, hr, order.id, "archive")
        allocations.move(session, hr, order.id, "publish")
        (told,) = allocations.notifications_for(session, worker)
        assert "Procurement cell (Scrutinise bids)" in told.text
        with pytest.raises(Conflict):
            allocations.move(session, hr, order.id, "publish")
        assert allocations.allocated_roles(session, [worker]) == {worker: (role,)}
        document = allocations.document(session, order.id)
        assert document.english[2] == "Meena Iyer: Procurement cell, activity: Scrutinise bids"
        assert letters.pdf(document).startswith(b"%PDF") and "कार्य आवंटन आदेश" in letters.html(document)
        allocations.move(session, hr, order.id, "archive")
        assert allocations.allocated_roles(session, [worker]) == {}


def test_a_bad_order_names_the_line_and_field(office):
    with office.db.transaction() as session:
        role, _ = _procurement_role(session, office)
        hr = office.principal(session, "hr")
        worker = person(session, office.office, "worker")
        elsewhere = person(session, office.other_department, "elsewhere")
        draft_role = Role(name="Unreviewed", status="draft")
        session.add(draft_role)
        session.flush()
        other_activity = Activity(role_id=draft_role.id, description="Other")
        session.add(other_activity)
        session.flush()
        cases = [
            ([allocations.LineIn(elsewhere, role)], "lines[0].user_id"),
            (
                [allocations.LineIn(worker, role), allocations.LineIn(worker, draft_role.id)],
                "lines[1].role_id",
            ),
            ([allocations.LineIn(worker, role, other_activity.id)], "lines[0].activity_id"),
            ([allocations.LineIn(worker, role), allocations.LineIn(worker, role)], "lines[1]"),
            ([], "lines"),
        ]
        for lines, field in cases:
            with pytest.raises(InvalidInput) as refused:
                allocations.create(session, hr, office.office, "Order", lines)
            assert refused.value.field == field
        with pytest.raises(InvalidInput) as refused:
            allocations.create(session, hr, office.office, " ", [allocations.LineIn(worker, role)])
        assert refused.value.field == "title"
        outsider = office.principal(session, "outside_hr")
        with pytest.raises(InvalidInput) as refused:
            allocations.create(session, outsider, office.office, "Order", [allocations.LineIn(worker, role)])
        assert refused.value.field == "organisation_id"


def test_gaps_follow_the_roles_allocated_on_top_of_the_post(office):
    encoder = minilm()
    with office.db.transaction() as session:
        post = _old_post(session, office)
        role, _ = _procurement_role(session, office)
        session.add(
            CourseCompetency(
                course_id=office.mandatory, competency_id=office.competency, level=2, status="confirmed"
            )
        )
        versions.publish(session, None, "FRAC with the procurement cell")
        hr = office.principal(session, "hr")
        worker = person(session, office.office, "worker", "learner", position_id=post)
        user = session.get(User, worker)
        before = recommendations.gaps(session, encoder, user)
        order = allocations.create(session, hr, office.office, "Cell", [allocations.LineIn(worker, role)])
        allocations.move(session, hr, order.id, "publish")
        during = recommendations.gaps(session, encoder, user)
        allocations.move(session, hr, order.id, "archive")
        after = recommendations.gaps(session, encoder, user)
    assert [g["competency"] for g in before["items"]] == ["Record keeping"]
    assert sorted(g["competency"] for g in during["items"]) == ["Noting and drafting", "Record keeping"]
    assert after["items"] == before["items"]

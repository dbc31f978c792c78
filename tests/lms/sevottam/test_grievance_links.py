"""Grievance texts linked to competencies through the roles of the service's responsible designation, with
the real MiniLM encoder: on the database, and on the demo's labelled sample."""

from __future__ import annotations

import uuid

import pytest
from sevottam_world import Offices

from karmayogi.content import encoders
from karmayogi.content.linking import CompetencyLinker
from karmayogi.frac.model import Competency as CompetencyModel
from karmayogi.frac.model import CompetencyType
from karmayogi.lms.demo import sevottam as demo_sevottam
from karmayogi.lms.orm import Activity, Competency, Organisation, Position, PositionRole, Requirement, User
from karmayogi.lms.orm import Role as FracRole
from karmayogi.lms.sevottam import grievances, linking

NAMES = {
    "Pension Processing and Authorisation": (
        "Examines pension cases under the CCS (Pension) Rules and issues pension payment orders."
    ),
    "Government Accounting and PFMS": "Maintains government accounts and processes payments through PFMS.",
    "Citizen Centricity": "Treats citizens with courtesy and designs services around their needs.",
    "Watershed Development": "Plans and builds watershed works: check dams, ponds and soil conservation.",
}


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    return encoders.minilm()


def test_grievances_point_at_the_competencies_of_the_responsible_roles(offices: Offices, encoder) -> None:  # type: ignore[no-untyped-def]
    with offices.db.transaction() as session:
        rows = {
            n: Competency(id=uuid.uuid4(), name=n, type="domain", description=d, status="verified")
            for n, d in NAMES.items()
        }
        session.add_all(rows.values())
        role = FracRole(
            id=uuid.uuid4(), organisation_id=offices.pensions, name="Pension section", status="verified"
        )
        position = Position(
            id=uuid.uuid4(), organisation_id=offices.pensions, designation="Section Officer (Pension)"
        )
        session.add_all([role, position])
        session.flush()
        session.add(PositionRole(position_id=position.id, role_id=role.id))
        activity = Activity(id=uuid.uuid4(), role_id=role.id, description="Examine pension cases")
        session.add(activity)
        session.flush()
        for name, level in (
            ("Pension Processing and Authorisation", 3),
            ("Government Accounting and PFMS", 2),
            ("Citizen Centricity", 2),
        ):
            session.add(
                Requirement(activity_id=activity.id, competency_id=rows[name].id, level=level, weight=0.5)
            )
        session.flush()
        lodged = grievances.lodge(
            session,
            ground="charter",
            organisation_id=None,
            service_id=offices.service,
            subject="Pension delayed",
            text="The pension payment order was not issued and the commutation was calculated wrongly.",
            citizen_name="A",
            email="a@example.org",
        )
        dictionary = [
            CompetencyModel(c.id, c.name, CompetencyType.DOMAIN, description=c.description)
            for c in rows.values()
        ]
        linker = CompetencyLinker(dictionary, encoder)
        assert linking.link_grievances(session, linker, [lodged.grievance.id]) == 1
        assert linking.link_grievances(session, linker, [lodged.grievance.id]) == 0  # linked once
        pointers = linking.aggregate(session, offices.pensions)
        assert pointers[0].competency == "Pension Processing and Authorisation"
        assert pointers[0].role == "Pension section" and pointers[0].service == "Sanction of pension"
        assert "Watershed Development" not in {p.competency for p in pointers}  # not a need of the roles
        session.get(User, offices.people["dealing_hand"]).position_id = position.id  # type: ignore[union-attr]
        session.flush()
        signals = linking.signals_for_official(session, offices.people["dealing_hand"])
        assert signals[0].explanation == (
            "Grievances about sanction of pension in your office point at "
            "Pension Processing and Authorisation (level 3 needed)"
        )
        assert linking.signals_for_official(session, offices.people["passport_officer"]) == []
        department = session.get(Organisation, offices.pensions).path.rsplit("/", 2)[0] + "/"  # type: ignore[union-attr]
        signal = linking.plan_signals(session, department)[0]
        assert (signal.competency, signal.grievances, signal.weight) == (
            "Pension Processing and Authorisation",
            1,
            linking.PLAN_SIGNAL_WEIGHT,
        )


@pytest.mark.slow
def test_the_labelled_sample_is_linked_better_through_the_roles(encoder) -> None:  # type: ignore[no-untyped-def]
    dictionary, needs = demo_sevottam.sample_dictionary()
    result = demo_sevottam.evaluate_sample(CompetencyLinker(dictionary, encoder), needs)
    assert result.items == 30
    assert result.hit_at_3 >= result.hit_at_3_unrestricted
    assert result.hit_at_3 >= 0.8

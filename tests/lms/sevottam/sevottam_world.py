"""Two offices of a department, each with a grievance redressal officer, an HR cell that manages
services, two members of the Grievance Redressal Commission over the ministry, and outsiders."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from karmayogi.lms.authentication import user_principal
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Grant, Organisation, User
from karmayogi.lms.permissions import Principal
from karmayogi.lms.sevottam import services


@dataclass
class Offices:
    db: Database
    ministry: uuid.UUID
    pensions: uuid.UUID
    passports: uuid.UUID
    elsewhere: uuid.UUID
    service: uuid.UUID
    people: dict[str, uuid.UUID] = field(default_factory=dict)

    def principal(self, session: Session, name: str) -> Principal:
        user = session.get(User, self.people[name])
        assert user is not None
        return user_principal(session, user)


def _org(session: Session, kind: str, name: str, parent: Organisation | None, code: str = "") -> Organisation:
    org_id = uuid.uuid4()
    org = Organisation(
        id=org_id,
        kind=kind,
        name=name,
        code=code or None,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(org)
    session.flush()
    return org


def _person(
    session: Session, org: uuid.UUID, name: str, role: str | None, scope: uuid.UUID | None = None
) -> uuid.UUID:
    user = User(
        id=uuid.uuid4(),
        organisation_id=org,
        email=f"{name}.{uuid.uuid4().hex[:6]}@example.com",
        full_name=name.replace("_", " ").title(),
    )
    session.add(user)
    session.flush()
    if role:
        session.add(Grant(user_id=user.id, role=role, organisation_id=scope or org))
        session.flush()
    return user.id


@pytest.fixture
def offices(db: Database) -> Iterator[Offices]:
    with db.transaction() as session:
        ministry = _org(session, "ministry", "Ministry of Personnel", None)
        department = _org(session, "department", "Department of Pension", ministry)
        pensions = _org(session, "organisation", "Central Pension Office", department, "CPO")
        passports = _org(session, "organisation", "Regional Passport Office", department, "RPO")
        elsewhere = _org(session, "ministry", "Ministry of Railways", None)
        people = {
            "hr": _person(session, pensions.id, "hr", "hr_cell"),
            "officer": _person(session, pensions.id, "officer", "grievance_officer"),
            "dealing_hand": _person(session, pensions.id, "dealing_hand", None),
            "passport_officer": _person(session, passports.id, "passport_officer", "grievance_officer"),
            "commissioner": _person(session, ministry.id, "commissioner", "grievance_commission"),
            "commissioner2": _person(session, ministry.id, "commissioner2", "grievance_commission"),
            "outsider": _person(session, elsewhere.id, "outsider", "grievance_officer"),
            "assessor": _person(session, elsewhere.id, "assessor", "sevottam_assessor"),
            "inside_assessor": _person(session, pensions.id, "inside_assessor", "sevottam_assessor"),
        }
        hr = user_principal(session, session.get(User, people["hr"]))  # type: ignore[arg-type]
        standard = services.checked_standard(
            "PEN-SANCTION",
            "Sanction of pension",
            30,
            "Section Officer (Pension)",
            0,
            ["Form 6", "Service book"],
            "पेंशन की स्वीकृति",
        )
        service = services.define_service(session, hr, pensions.id, standard)
        found = Offices(db, ministry.id, pensions.id, passports.id, elsewhere.id, service.id, people)
    yield found

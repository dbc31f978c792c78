"""Competency-level credentials follow the passbook: an Open Badge once a level is verified, by a level
test or by a person confirming a proposal, and revoked through the status list once the level falls."""

from __future__ import annotations

from typing import Any

from api import conftest as api_world
from api import test_competency_profiles as profiles
from api import test_level_tests as level_tests
from sqlalchemy import select

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import levels
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import Competency, IssuedCredential, User
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

demo = api_world.demo  # the fixtures of tests/api, used here too
office = profiles.office
retaking = level_tests.retaking
REVOKED = ["status: the credential has been revoked"]


def level_credentials(client: Any, headers: dict[str, str], holder_id: str) -> list[dict[str, Any]]:
    """The holder's competency-level credentials in full, oldest first."""
    page = client.get("/api/v1/credentials", params={"holder_id": holder_id}, headers=headers).json()
    found = [
        client.get(f"/api/v1/credentials/{c['id']}", headers=headers).json()
        for c in page["items"]
        if c["kind"] == "competency_level"
    ]
    return sorted(found, key=lambda c: (c["issued_at"], c["level"]))


def verify(client: Any, credential: dict[str, Any]) -> Any:
    return client.post("/credentials/verify", json={"verifiableCredential": credential, "options": {}})


def test_a_level_verified_by_a_level_test_brings_a_badge_revoked_when_the_level_is_lowered(
    retaking: level_tests.Calibrated,
) -> None:
    client, learner = retaking.client, retaking.demo.login(level_tests.LEARNER)
    me = client.get("/api/v1/me", headers=learner).json()["id"]
    assert level_credentials(client, learner, me) == []

    strong = retaking.sit(ability=9.0)
    assert retaking.verified() == strong["level"]
    (badge,) = level_credentials(client, learner, me)
    assert (badge["competency_id"], badge["level"], badge["revoked_at"]) == (
        retaking.competency_id,
        strong["level"],
        None,
    )
    document = badge["credential"]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Competency"
    assert f"(level {strong['level']})" in achievement["name"]
    assert "passbook rules 2026.2 over evidence" in achievement["criteria"]["narrative"]
    r = verify(client, document)
    assert r.status_code == 200 and r.json()["verified"] is True, r.text

    weak = retaking.sit(ability=-9.0)  # the lower of the last two tests now stands
    assert retaking.verified() == weak["level"] < strong["level"]
    old, new = level_credentials(client, learner, me)
    assert old["id"] == badge["id"] and old["revoked_at"] is not None
    assert f"lowered to {weak['level']}" in old["revocation_reason"]
    r = verify(client, badge["credential"])
    assert r.status_code == 400 and r.json()["errors"] == REVOKED
    assert (new["level"], new["revoked_at"]) == (weak["level"], None)
    assert verify(client, new["credential"]).json()["verified"] is True


def test_a_level_confirmed_by_the_hr_cell_brings_a_badge_and_a_proposal_alone_does_not(office: Any) -> None:
    demo, ids, people = office
    client, learner = demo.client, str(ids["learner"])
    boss, hr, own = (demo.login(people[k]) for k in ("supervisor", "hr", "learner"))
    assert (
        profiles._record(client, boss, learner, ids["competency"], 3, "supervisor_rating").status_code == 201
    )
    assert level_credentials(client, own, learner) == []  # a rating with nothing to confirm proposes

    assert profiles._record(client, hr, learner, ids["competency"], 3, "hr_confirmation").status_code == 201
    (badge,) = level_credentials(client, own, learner)
    assert (badge["competency_id"], badge["level"]) == (str(ids["competency"]), 3)
    line = profiles._line(client, own, learner, ids["competency"])
    assert line["standing"] == "verified"
    narrative = badge["credential"]["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert all(e in narrative for e in line["evidence_ids"])
    assert verify(client, badge["credential"]).json()["verified"] is True


def test_the_store_issues_only_where_the_session_carries_the_issuers_settings(db: Any) -> None:
    """Evidence recorded on the bare database (a benchmark, a notebook) verifies levels and signs nothing."""
    with db.transaction() as session:
        seed(session, "small", 7)
    with db.transaction() as session:
        session.info.pop(levels.SETTINGS, None)  # bare, whatever app an earlier test built on this database
        officer = session.scalar(select(User.id).order_by(User.email))
        first, second = session.scalars(select(Competency.id).order_by(Competency.name).limit(2))
        store.record(session, officer, first, 3, EvidenceSource.ADAPTIVE_TEST, "level_test:bare", None)
        badges = select(IssuedCredential).where(
            IssuedCredential.holder_id == officer, IssuedCredential.kind == "competency_level"
        )
        assert session.scalars(badges).all() == []
        session.info[levels.SETTINGS] = Settings(database_url=db.url, secret_key="bare-" + "k" * 32)
        store.record(session, officer, second, 2, EvidenceSource.ADAPTIVE_TEST, "level_test:app", None)
        (badge,) = session.scalars(badges).all()
        assert (badge.competency_id, badge.level, badge.kind) == (second, 2, "competency_level")
        store.record(session, officer, second, 4, EvidenceSource.ADAPTIVE_TEST, "level_test:again", None)
        assert badge.revoked_at is None  # the lower of the two tests is still 2: nothing changes
        store.record(session, officer, second, 1, EvidenceSource.ADAPTIVE_TEST, "level_test:low", None)
        assert badge.revoked_at is not None and "lowered to 1" in (badge.revocation_reason or "")

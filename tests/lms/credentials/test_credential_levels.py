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
from karmayogi.lms.orm import Competency, IssuedCredential, LevelCredentialDue, User
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


def test_the_store_notes_changed_levels_and_credentials_follow_with_the_settings_given(db: Any) -> None:
    """Recording evidence signs nothing in its own transaction (a script, the projector, a request alike);
    the levels it changed wait, and whoever holds the issuer's settings brings the credentials in line."""
    with db.transaction() as session:
        seed(session, "small", 7)
        officer = session.scalar(select(User.id).order_by(User.email))
        competency = session.scalar(select(Competency.id).order_by(Competency.name).limit(1))
    badges = select(IssuedCredential).where(
        IssuedCredential.holder_id == officer, IssuedCredential.kind == "competency_level"
    )
    due = select(LevelCredentialDue.user_id, LevelCredentialDue.competency_id)
    with db.transaction() as session:
        store.record(session, officer, competency, 2, EvidenceSource.ADAPTIVE_TEST, "level_test:first", None)
        assert session.scalars(badges).all() == []
        assert session.execute(due).all() == [(officer, competency)]
    settings = Settings(database_url=db.url, secret_key="bare-" + "k" * 32)
    assert levels.follow_due(db, settings) == 1
    assert levels.follow_due(db, settings) == 0  # followed once, whoever asks again
    with db.transaction() as session:
        (badge,) = session.scalars(badges).all()
        assert (badge.competency_id, badge.level, badge.revoked_at) == (competency, 2, None)
        assert "passbook rules" in badge.document["credentialSubject"]["achievement"]["criteria"]["narrative"]
        store.record(session, officer, competency, 4, EvidenceSource.ADAPTIVE_TEST, "level_test:again", None)
        assert session.execute(due).all() == []  # the lower of the two tests is still 2: nothing is due
        store.record(session, officer, competency, 1, EvidenceSource.ADAPTIVE_TEST, "level_test:low", None)
    assert levels.follow_due(db, settings) == 1
    with db.transaction() as session:
        old, new = session.scalars(badges.order_by(IssuedCredential.issued_at)).all()
        assert old.id == badge.id and "lowered to 1" in (old.revocation_reason or "")
        assert (new.level, new.revoked_at) == (1, None)

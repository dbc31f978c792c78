"""Certificates over HTTP: issued from a completed enrolment, verified by anyone, revoked by HR cells.

Runs on the two-department world of tests/api (both databases), with real keys and real signatures.
"""

from __future__ import annotations

import copy
import uuid

import pytest
from api import conftest as api_world
from sqlalchemy import select

from karmayogi.lms.credentials import issuer_keys, issuing
from karmayogi.lms.credentials.verification import verify
from karmayogi.lms.orm import Enrolment

World = api_world.World
world = api_world.world  # the fixture of tests/api, used here too
SIGNATURE_MISMATCH = "proof: signature does not match the document"


def completed_enrolment(db, user_id: uuid.UUID) -> uuid.UUID:
    with db.transaction() as session:
        return session.scalar(
            select(Enrolment.id).where(Enrolment.user_id == user_id, Enrolment.status == "completed")
        )


def issue(world: World, db, who: str = "learner", side: str = "a") -> dict:
    user = getattr(world, side).people[who]
    r = world.client.post(
        "/api/v1/credentials",
        json={"enrolment_id": str(completed_enrolment(db, user))},
        headers=world.login(user),
    )
    assert r.status_code == 201, r.text
    return r.json()


def verify_over_http(world: World, credential: dict):
    return world.client.post("/credentials/verify", json={"verifiableCredential": credential, "options": {}})


@pytest.fixture
def issued(world: World, db) -> dict:
    return issue(world, db)


def test_a_completed_enrolment_gets_an_open_badge_that_verifies(world, issued):
    credential = issued["credential"]
    assert issued["kind"] == "completion" and issued["holder_id"] == str(world.a.people["learner"])
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:localhost%3A8000"
    assert credential["credentialSubject"]["achievement"]["name"] == "GeM procurement A"
    [alignment] = credential["credentialSubject"]["achievement"]["alignment"]
    assert alignment["targetName"] == "Public Procurement A"
    assert issued["verification_page"] == f"http://localhost:8000/credentials/{issued['id']}/verify"

    r = verify_over_http(world, credential)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "verified": True,
        "checks": ["proof", "validity", "credentialStatus"],
        "warnings": [],
        "errors": [],
    }


def test_the_existing_verifier_accepts_it_with_the_published_did_document_and_status_list(world, issued):
    credential = issued["credential"]
    did_document = world.client.get("/.well-known/did.json").json()
    status_url = credential["credentialStatus"]["statusListCredential"]
    status = world.client.get(status_url.removeprefix("http://localhost:8000")).json()
    result = verify(
        credential, {did_document["id"]: did_document}.__getitem__, {status_url: status}.__getitem__
    )
    assert result.as_json() == {"verified": True, "errors": []} and result.warnings == []


def test_asking_again_returns_the_same_certificate(world, db, issued):
    learner = world.a.people["learner"]
    r = world.client.post(
        "/api/v1/credentials",
        json={"enrolment_id": str(completed_enrolment(db, learner))},
        headers=world.login(learner),
    )
    assert r.status_code == 200 and r.json()["id"] == issued["id"]
    listed = world.client.get("/api/v1/credentials", headers=world.login(learner)).json()["items"]
    assert [item["id"] for item in listed] == [issued["id"]]


def test_a_tampered_credential_fails_and_says_why(world, issued):
    tampered = copy.deepcopy(issued["credential"])
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced public procurement"
    r = verify_over_http(world, tampered)
    assert r.status_code == 400
    body = r.json()
    assert body["verified"] is False
    assert [error for error in body["errors"] if error.startswith(SIGNATURE_MISMATCH)] == body["errors"]


def test_revocation_by_the_hr_cell_makes_verification_fail_with_a_status_error(world, issued):
    r = world.client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "the course completion was recorded in error"},
        headers=world.login(world.a.people["hr"]),
    )
    assert r.status_code == 200, r.text
    assert (
        r.json()["revoked_at"]
        and r.json()["revocation_reason"] == "the course completion was recorded in error"
    )

    r = verify_over_http(world, issued["credential"])
    assert r.status_code == 400
    assert r.json()["errors"] == ["status: the credential has been revoked"]
    again = world.client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "twice"},
        headers=world.login(world.a.people["hr"]),
    )
    assert again.status_code == 409


def test_a_revocation_needs_a_reason(world, issued):
    r = world.client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": ""},
        headers=world.login(world.a.people["hr"]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    assert verify_over_http(world, issued["credential"]).status_code == 200


def test_only_the_holder_and_those_who_read_service_records_see_a_certificate(world, issued):
    path = f"/api/v1/credentials/{issued['id']}"
    for who in ("learner", "supervisor", "hr"):
        assert world.client.get(path, headers=world.login(world.a.people[who])).status_code == 200, who
    assert world.client.get(path, headers=world.login(world.admin)).status_code == 200
    for side, who in (("a", "colleague"), ("a", "creator"), ("b", "hr"), ("b", "learner")):
        r = world.client.get(path, headers=world.login(getattr(world, side).people[who]))
        assert r.status_code == 404, (side, who)
        listed = world.client.get(
            "/api/v1/credentials", headers=world.login(getattr(world, side).people[who])
        )
        assert listed.json()["items"] == []
    hr_list = world.client.get("/api/v1/credentials", headers=world.login(world.a.people["hr"])).json()
    assert [item["id"] for item in hr_list["items"]] == [issued["id"]]


def test_nobody_but_an_hr_cell_in_scope_or_a_platform_admin_revokes(world, issued):
    path = f"/api/v1/credentials/{issued['id']}/revoke"
    body = {"reason": "trying"}
    for who in ("learner", "supervisor"):
        r = world.client.post(path, json=body, headers=world.login(world.a.people[who]))
        assert r.status_code == 403, who
    for side, who in (("a", "colleague"), ("b", "hr")):
        r = world.client.post(path, json=body, headers=world.login(getattr(world, side).people[who]))
        assert r.status_code == 404, (side, who)
    assert verify_over_http(world, issued["credential"]).status_code == 200
    r = world.client.post(path, json={"reason": "duplicate record"}, headers=world.login(world.admin))
    assert r.status_code == 200


def test_an_enrolment_not_completed_or_not_ones_own_gets_no_certificate(world, db):
    colleague = world.a.people["colleague"]
    r = world.client.post(
        f"/api/v1/courses/{world.a.published_course}/enrolments", headers=world.login(colleague)
    )
    assert r.status_code == 201, r.text
    r = world.client.post(
        "/api/v1/credentials", json={"enrolment_id": r.json()["id"]}, headers=world.login(colleague)
    )
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "enrolment_id: the enrolment is in progress; a certificate is issued once the course is completed"
    )
    learners_enrolment = completed_enrolment(db, world.a.people["learner"])
    for who in (colleague, world.a.people["hr"]):
        r = world.client.post(
            "/api/v1/credentials", json={"enrolment_id": str(learners_enrolment)}, headers=world.login(who)
        )
        assert r.status_code == 404
    assert (
        world.client.post("/api/v1/credentials", json={"enrolment_id": str(learners_enrolment)}).status_code
        == 401
    )


def test_rotation_keeps_old_certificates_verifying_and_withdrawal_breaks_them(world, db, issued):
    settings = world.client.app.state.settings
    with db.transaction() as session:
        issuer_keys.rotate(session, settings)
    after = issue(world, db, side="b")
    old_method = issued["credential"]["proof"]["verificationMethod"]
    new_method = after["credential"]["proof"]["verificationMethod"]
    assert old_method != new_method
    listed = [
        method["id"] for method in world.client.get("/.well-known/did.json").json()["verificationMethod"]
    ]
    assert listed == [old_method, new_method]
    for credential in (issued["credential"], after["credential"]):
        assert verify_over_http(world, credential).status_code == 200

    with db.transaction() as session:
        issuing.withdraw_key(session, settings, old_method.split("#")[1], "exposed in a backup")
    listed = [
        method["id"] for method in world.client.get("/.well-known/did.json").json()["verificationMethod"]
    ]
    assert listed == [new_method]
    r = verify_over_http(world, issued["credential"])
    assert r.status_code == 400
    [error] = r.json()["errors"]
    assert error.startswith(f"issuer key: {old_method} is not listed by did:web:localhost%3A8000")
    # The status list was signed again with the key that signs now, so newer certificates still verify.
    assert verify_over_http(world, after["credential"]).json()["verified"] is True


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("not json", "the body is not JSON"),
        ([], "the body must be a JSON object"),
        ({}, "verifiableCredential: missing, or not a JSON object"),
        ({"verifiableCredential": {}, "options": []}, "options: must be a JSON object"),
        ({"verifiableCredential": {}, "credential": {}}, "credential: is not a known field"),
    ],
)
def test_bad_input_to_the_verifier_is_a_400_that_names_it(world, body, detail):
    if isinstance(body, str):
        r = world.client.post(
            "/credentials/verify", content=body, headers={"Content-Type": "application/json"}
        )
    else:
        r = world.client.post("/credentials/verify", json=body)
    assert r.status_code == 400 and r.json()["detail"] == detail


def test_a_credential_from_another_issuer_is_not_fetched_and_says_so(world, completion):
    r = verify_over_http(world, completion)  # a did:key issuer, with a status list on another host
    assert r.status_code == 400
    [error] = r.json()["errors"]
    assert error.startswith(
        "status: the status list https://igot.example.gov.in/credentials/status/1 could not"
    )
    assert "not a status list of this platform" in error


def test_options_the_verifier_does_not_know_are_reported_as_warnings(world, issued):
    r = world.client.post(
        "/credentials/verify",
        json={"verifiableCredential": issued["credential"], "options": {"challenge": "c1"}},
    )
    assert r.status_code == 200 and r.json()["warnings"] == ["options.challenge: not supported; ignored"]

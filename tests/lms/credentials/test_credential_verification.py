"""Issuing Open Badges 3.0 credentials and verifying them: every failure names what failed."""

import copy
import uuid
from datetime import timedelta

import pytest

from karmayogi.lms.credentials import badges
from karmayogi.lms.credentials.key_pairs import Ed25519Key, SigningKey, did_web, did_web_document
from karmayogi.lms.credentials.verification import verify
from karmayogi.lms.errors import InvalidInput

SIGNATURE_MISMATCH = "proof: signature does not match the document"


def fetch_from(*published):
    return {credential["id"]: credential for credential in published}.__getitem__


def test_a_completion_credential_is_an_open_badge_aligned_to_its_competencies(completion):
    assert completion["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = completion["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Course"
    [alignment] = achievement["alignment"]
    assert alignment["targetCode"] == "3f1c9a52-7d0e-4b8a-9c55-2f4e8d1a6b70"
    assert alignment["targetName"] == "Noting and drafting"
    assert alignment["targetFramework"] == "FRAC, Mission Karmayogi"
    assert completion["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_a_competency_level_credential_states_the_level_required_and_reached(competency_level):
    subject = competency_level["credentialSubject"]
    [rubric] = subject["achievement"]["resultDescription"]
    [result] = subject["result"]
    assert [level["level"] for level in rubric["rubricCriterionLevel"]] == ["1", "2", "3", "4", "5"]
    assert rubric["requiredLevel"] == result["achievedLevel"] == rubric["rubricCriterionLevel"][2]["id"]
    assert subject["achievement"]["alignment"][0]["targetDescription"].startswith("Proficiency level 3")


def test_issued_credentials_verify_and_check_revocation(completion, competency_level, publish_status_list):
    published = publish_status_list()
    for credential in (completion, competency_level):
        result = verify(credential, status_fetcher=fetch_from(published))
        assert result.as_json() == {"verified": True, "errors": []}
        assert result.warnings == []


def test_without_the_status_list_revocation_is_not_checked_and_says_so(completion):
    result = verify(completion)
    assert result.verified
    url = completion["credentialStatus"]["statusListCredential"]
    assert result.warnings == [f"status: not checked; the status list {url} was not given"]


@pytest.mark.parametrize(
    "alter",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Leadership"),
        lambda c: c["credentialSubject"]["achievement"]["alignment"][0].update(targetCode="another"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Someone Else"),
        lambda c: c.update(validFrom="2025-01-05T10:30:00Z"),
        lambda c: c["issuer"].update(name="Another Ministry"),
        lambda c: c["proof"].update(created="2026-02-01T00:00:00Z"),
        lambda c: c.pop("credentialStatus"),
    ],
)
def test_a_tampered_credential_fails_and_says_why(completion, alter):
    tampered = copy.deepcopy(completion)
    alter(tampered)
    result = verify(tampered)
    assert not result.verified
    assert [error for error in result.errors if error.startswith(SIGNATURE_MISMATCH)] == result.errors


def test_a_revoked_credential_fails(completion, publish_status_list):
    result = verify(completion, status_fetcher=fetch_from(publish_status_list(7)))
    assert result.errors == ["status: the credential has been revoked"]


def test_a_forged_status_list_is_not_believed(completion, publish_status_list):
    forged = publish_status_list()
    forged["credentialSubject"]["encodedList"] = publish_status_list(7)["credentialSubject"]["encodedList"]
    result = verify(completion, status_fetcher=fetch_from(forged))
    assert any(error.startswith(f"status list: {SIGNATURE_MISMATCH}") for error in result.errors)


def test_a_credential_signed_by_someone_other_than_its_issuer_fails(completion, issuer, issued_at):
    impostor = SigningKey.for_did_key(Ed25519Key.generate())
    unsigned = {name: value for name, value in completion.items() if name != "proof"}
    with pytest.raises(InvalidInput, match="issuer: the key belongs to"):
        badges.issue(unsigned, impostor, issued_at)
    forged = badges.issue(
        {**unsigned, "issuer": {**unsigned["issuer"], "id": impostor.controller}}, impostor, issued_at
    )
    forged["issuer"] = issuer.as_profile()
    result = verify(forged)
    assert (
        f"issuer: signed with a key of {impostor.controller}, not of the issuer {issuer.id}" in result.errors
    )


def test_validity_dates_are_checked(completion, issued_at):
    assert verify(completion, now=issued_at - timedelta(days=1)).errors == [
        f"validFrom: not valid before {completion['validFrom']}"
    ]


def test_an_unsigned_credential_fails(completion):
    unsigned = {name: value for name, value in completion.items() if name != "proof"}
    assert verify(unsigned).errors == ["proof: the credential is not signed (no proof)"]


def test_a_credential_with_a_context_that_is_not_bundled_names_it(completion):
    altered = {**completion, "@context": [*completion["@context"], "https://evil.example/v1"]}
    assert verify(altered).errors == [
        "@context: https://evil.example/v1 is not a bundled JSON-LD context; nothing is fetched at run time"
    ]


def test_a_did_web_issuer_rotates_keys_and_old_certificates_still_verify(
    recipient, noting_and_drafting, issued_at
):
    did = did_web("cbc.example.gov.in")
    old_key, new_key = Ed25519Key.generate(), Ed25519Key.generate()
    issuer = badges.IssuerProfile(did, "Capacity Building Commission")

    def issued_with(key):
        unsigned = badges.competency_level_credential(
            credential_id=uuid.uuid4(),
            issuer=issuer,
            recipient=recipient,
            target=noting_and_drafting,
            how_verified="Assessment",
            issued_at=issued_at,
        )
        return badges.issue(unsigned, SigningKey.for_did_web(key, did), issued_at)

    before, after = issued_with(old_key), issued_with(new_key)
    rotated = did_web_document(did, [old_key.public_key_multibase, new_key.public_key_multibase])
    resolver = {did: rotated}.__getitem__
    assert verify(before, resolver).verified and verify(after, resolver).verified

    withdrawn = did_web_document(did, [new_key.public_key_multibase])
    [error] = verify(before, {did: withdrawn}.__getitem__).errors
    assert error.startswith("issuer key: ") and "is not listed by did:web:cbc.example.gov.in" in error
    assert verify(after).errors == [f"issuer key: {did} cannot be resolved offline (only did:key can)"]

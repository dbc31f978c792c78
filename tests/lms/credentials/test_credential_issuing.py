"""The issuing services on the demo service (FRAC version 1 published), on both databases."""

from __future__ import annotations

import pytest
from api import conftest as api_world
from sqlalchemy import func, select

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuer_keys, issuing, platform_verifier
from karmayogi.lms.credentials.issuer_keys import KeysUnreadable
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import CredentialStatusList, IssuedCredential, IssuerKey, User

demo = api_world.demo  # the fixture of tests/api, used here too
SETTINGS = Settings(database_url="unused", secret_key="issuing-test-" + "s" * 32)


def an_official_and_a_competency(session):
    user = session.scalar(select(User).order_by(User.id).limit(1))
    graph = versions.graphs.get(session, versions.latest_number(session))
    return user, graph.framework.competencies[0]


def test_a_verified_competency_level_is_certified_once_and_verifies(demo):
    with demo.db.transaction() as session:
        user, competency = an_official_and_a_competency(session)
        first = issuing.issue_competency_level(
            session, SETTINGS, user.id, competency.id, 3, "assessment result urn:uuid:1234"
        )
        again = issuing.issue_competency_level(session, SETTINGS, user.id, competency.id, 3, "another rating")
        higher = issuing.issue_competency_level(session, SETTINGS, user.id, competency.id, 4, "assessment")
        assert again.id == first.id and higher.id != first.id
        assert (first.kind, first.frac_version, first.evidence) == (
            "competency_level",
            1,
            "assessment result urn:uuid:1234",
        )
        assert first.organisation_id == user.organisation_id
        subject = first.document["credentialSubject"]
        assert subject["achievement"]["alignment"][0]["targetCode"] == str(competency.id)
        assert subject["achievement"]["alignment"][0]["targetFramework"] == "FRAC version 1"
        assert subject["identifier"][0]["identityHash"] == user.full_name
        assert subject["achievement"]["criteria"]["narrative"] == (
            "Verified on the platform from assessment result urn:uuid:1234."
        )
        result = platform_verifier.verify_credential(session, SETTINGS, first.document)
        assert (result.verified, result.errors, result.warnings) == (True, [], [])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"evidence": "  "}, "evidence"),
        ({"competency_id": None}, "competency_id"),
    ],
)
def test_a_competency_level_off_the_scale_or_outside_the_frac_is_refused_and_nothing_written(
    demo, change, field
):
    with demo.db.transaction() as session:
        user, competency = an_official_and_a_competency(session)
        arguments = {"competency_id": competency.id, "level": 2, "evidence": "assessment", **change}
        if arguments["competency_id"] is None:
            arguments["competency_id"] = user.id  # an id, but of no competency in the FRAC
        with pytest.raises(InvalidInput) as raised:
            issuing.issue_competency_level(session, SETTINGS, user.id, **arguments)
        assert raised.value.field == field
        assert session.scalar(select(func.count()).select_from(IssuedCredential)) == 0


def test_status_list_entries_are_handed_out_at_random_and_never_twice(demo):
    """The Bitstring Status List specification advises random indexes: an index must not date a credential."""
    with demo.db.transaction() as session:
        user, competency = an_official_and_a_competency(session)
        issued = [
            issuing.issue_competency_level(
                session, SETTINGS, user.id, competency.id, level, f"evidence {level}"
            )
            for level in range(1, 6)
        ]
        indexes = [credential.status_index for credential in issued]
        assert len(set(indexes)) == len(indexes)
        assert indexes != list(range(len(indexes)))  # sequential would be 0, 1, 2, 3, 4: a 1 in 2^80 chance
        assert session.get(CredentialStatusList, issued[0].status_list_id).next_index == len(indexes)


def test_a_full_status_list_makes_way_for_a_new_one(demo):
    with demo.db.transaction() as session:
        user, competency = an_official_and_a_competency(session)
        first = issuing.issue_competency_level(session, SETTINGS, user.id, competency.id, 1, "assessment")
        full = session.get(CredentialStatusList, first.status_list_id)
        full.next_index = full.size
        second = issuing.issue_competency_level(session, SETTINGS, user.id, competency.id, 2, "assessment")
        assert second.status_list_id != first.status_list_id and 0 <= second.status_index < full.size
        for credential in (first, second):
            assert platform_verifier.verify_credential(session, SETTINGS, credential.document).verified


def test_issuer_keys_are_stored_encrypted_and_useless_without_the_secret_key(db):
    with db.transaction() as session:
        signer = issuer_keys.signing_key(session, SETTINGS)
        [row] = session.scalars(select(IssuerKey))
        assert signer.key.seed not in row.encrypted_seed.encode()
        assert signer.key.secret_key_multibase not in row.encrypted_seed
        assert issuer_keys.signing_key(session, SETTINGS).key.seed == signer.key.seed
        other = Settings(database_url="unused", secret_key="another-secret-" + "o" * 32)
        with pytest.raises(KeysUnreadable, match="encrypted under another secret key"):
            issuer_keys.signing_key(session, other)

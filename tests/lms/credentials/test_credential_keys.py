"""Issuer keys: Multikey encoding, did:key and did:web documents, and rotation without breaking old
certificates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.credentials.key_pairs import (
    Ed25519Key,
    SigningKey,
    base58btc,
    did_key,
    did_key_document,
    did_web,
    did_web_document,
    did_web_url,
    from_base58btc,
    public_key_from_multibase,
)
from karmayogi.lms.errors import InvalidInput


@given(st.binary(max_size=80))
def test_base58btc_reads_back_what_it_wrote(data):
    assert from_base58btc(base58btc(data), "value") == data


def test_base58btc_refuses_characters_outside_its_alphabet():
    with pytest.raises(InvalidInput, match="'0' is not a base58btc character"):
        from_base58btc("z0OIl", "proofValue")


def test_a_key_survives_its_secret_multibase_and_its_seed(key):
    assert Ed25519Key.from_secret_multibase(key.secret_key_multibase).seed == key.seed
    assert Ed25519Key.from_seed(key.seed).public_key_multibase == key.public_key_multibase
    assert key.public_key_multibase.startswith("z6Mk")


def test_a_secret_whose_public_half_is_anothers_is_refused(key):
    other = Ed25519Key.generate()
    mixed = base58btc(b"\x80\x26" + key.seed + other.public_bytes)
    with pytest.raises(InvalidInput, match="public half does not belong"):
        Ed25519Key.from_secret_multibase(mixed)


def test_a_did_key_resolves_offline_to_a_document_listing_its_key(key, signer):
    did = did_key(key.public_key_multibase)
    document = did_key_document(did)
    assert signer.controller == did == document["id"]
    assert document["assertionMethod"] == [signer.verification_method]
    assert (
        public_key_from_multibase(document["verificationMethod"][0]["publicKeyMultibase"]) == key.public_key
    )


def test_did_web_names_where_its_document_is_published():
    assert did_web("cbc.gov.in") == "did:web:cbc.gov.in"
    assert did_web_url("did:web:cbc.gov.in") == "https://cbc.gov.in/.well-known/did.json"
    assert did_web("localhost:8443", "issuers", "dopt") == "did:web:localhost%3A8443:issuers:dopt"
    assert (
        did_web_url("did:web:localhost%3A8443:issuers:dopt") == "https://localhost:8443/issuers/dopt/did.json"
    )


def test_a_rotated_did_web_document_keeps_the_old_key_beside_the_new():
    did = did_web("cbc.gov.in")
    old, new = Ed25519Key.generate(), Ed25519Key.generate()
    document = did_web_document(did, [old.public_key_multibase, new.public_key_multibase])
    old_method = SigningKey.for_did_web(old, did).verification_method
    new_method = SigningKey.for_did_web(new, did).verification_method
    assert document["assertionMethod"] == [old_method, new_method]
    assert [m["controller"] for m in document["verificationMethod"]] == [did, did]


def test_a_did_web_document_needs_real_ed25519_keys():
    with pytest.raises(InvalidInput, match="publicKeyMultibase"):
        did_web_document("did:web:cbc.gov.in", ["zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"])

"""1EdTech's published eddsa-rdfc-2022 test vector for Open Badges 3.0, reproduced byte for byte.

The vector (key pair, credential, canonical forms, hashes, signature and proofValue) is copied into
data/ from the Open Badges 3.0 Implementation Guide; its `source` field says exactly where from.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from karmayogi.lms.credentials.canonical import canonical_nquads
from karmayogi.lms.credentials.key_pairs import Ed25519Key, public_key_from_multibase
from karmayogi.lms.credentials.proofs import sign, verify_proof
from karmayogi.lms.credentials.verification import verify
from karmayogi.lms.errors import InvalidInput

DATA = Path(__file__).parent / "data"
VECTOR = json.loads((DATA / "1edtech-ob3-eddsa-rdfc-2022.json").read_text())
SIGNED = VECTOR["signedCredential"]
UNSIGNED = {name: value for name, value in SIGNED.items() if name != "proof"}
CREATED = datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)


def test_the_key_pair_reads_from_hex_and_from_multibase_alike():
    pair = VECTOR["keyPair"]
    from_hex = Ed25519Key.from_seed(bytes.fromhex(pair["privateKeyHex"])[:32])
    from_multibase = Ed25519Key.from_secret_multibase(pair["secretKeyMultibase"])
    assert from_hex.seed == from_multibase.seed
    assert from_hex.public_bytes.hex() == pair["publicKeyHex"]
    assert from_hex.public_key_multibase == pair["publicKeyMultibase"]


def test_canonical_forms_and_hashes_are_the_published_ones():
    proof_options = {"@context": SIGNED["@context"], **VECTOR["proofOptions"]}
    document = canonical_nquads(UNSIGNED)
    proof = canonical_nquads(proof_options)
    assert document == (DATA / "1edtech-ob3-document-canon.nq").read_text()
    assert proof == (DATA / "1edtech-ob3-proof-canon.nq").read_text()
    assert hashlib.sha256(document.encode()).hexdigest() == VECTOR["documentHashHex"]
    assert hashlib.sha256(proof.encode()).hexdigest() == VECTOR["proofHashHex"]


def test_signing_gives_the_published_signature_and_signed_credential():
    key = Ed25519Key.from_secret_multibase(VECTOR["keyPair"]["secretKeyMultibase"])
    signed = sign(UNSIGNED, key, VECTOR["proofOptions"]["verificationMethod"], CREATED)
    assert signed == SIGNED
    assert (
        signed["proof"]["proofValue"]
        == "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
    )
    assert (
        key.sign(bytes.fromhex(VECTOR["proofHashHex"] + VECTOR["documentHashHex"])).hex()
        == (VECTOR["signatureHex"])
    )


def test_the_published_credential_verifies_and_an_altered_one_does_not():
    public_key = public_key_from_multibase(VECTOR["keyPair"]["publicKeyMultibase"])
    verify_proof(SIGNED, public_key)
    altered = json.loads(json.dumps(SIGNED))
    altered["credentialSubject"]["achievement"]["name"] = "Leadership"
    with pytest.raises(InvalidInput, match="proof: signature does not match the document"):
        verify_proof(altered, public_key)


def test_the_published_credential_verifies_end_to_end_given_its_issuers_controller_document():
    pair = VECTOR["keyPair"]
    method = {
        "id": pair["id"],
        "type": "Multikey",
        "controller": pair["controller"],
        "publicKeyMultibase": pair["publicKeyMultibase"],
    }
    issuer = {"id": pair["controller"], "verificationMethod": [method], "assertionMethod": [pair["id"]]}
    result = verify(SIGNED, resolver={pair["controller"]: issuer}.__getitem__)
    assert result.as_json() == {"verified": True, "errors": []}

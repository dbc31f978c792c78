"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0).

The signature covers SHA-256(canonical proof options) followed by SHA-256(canonical document), each
canonicalised with RDFC-1.0, so it survives any re-serialisation of the JSON that keeps its meaning
and breaks on any change that alters it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from karmayogi.lms.credentials.canonical import canonical_nquads
from karmayogi.lms.credentials.key_pairs import Ed25519Key, base58btc, from_base58btc
from karmayogi.lms.errors import InvalidInput

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION = "assertionMethod"


def _proof_error(reason: str) -> InvalidInput:
    return InvalidInput("proof", reason)


def xsd_datetime(moment: datetime) -> str:
    """An aware time as the XML Schema dateTime credentials use: UTC, whole seconds, `Z`."""
    if moment.tzinfo is None:
        raise InvalidInput("created", "a time without a time zone is ambiguous")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_data(document: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    """What is signed: the hash of the canonical proof options, then that of the canonical document."""
    return (
        hashlib.sha256(canonical_nquads(proof_options).encode("utf-8")).digest()
        + hashlib.sha256(canonical_nquads(document).encode("utf-8")).digest()
    )


def sign(
    document: Mapping[str, Any],
    key: Ed25519Key,
    verification_method: str,
    created: datetime,
    proof_purpose: str = ASSERTION,
) -> dict[str, Any]:
    """DOCUMENT with an eddsa-rdfc-2022 proof by KEY, named VERIFICATION_METHOD, added to it."""
    if "proof" in document:
        raise _proof_error("the document is already signed")
    if "@context" not in document:
        raise InvalidInput("@context", "a JSON-LD document to sign needs a @context")
    proof = {
        "type": PROOF_TYPE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = key.sign(hash_data(document, {"@context": document["@context"], **proof}))
    return {**document, "proof": {**proof, "proofValue": base58btc(signature)}}


def the_proof(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The one proof of a credential, checked to be an eddsa-rdfc-2022 Data Integrity proof."""
    proof = credential.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise _proof_error("proof sets and chains are not supported; expected exactly one proof")
        proof = proof[0]
    if proof is None:
        raise _proof_error("the credential is not signed (no proof)")
    if not isinstance(proof, dict):
        raise _proof_error("must be an object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise _proof_error(
            f"unsupported proof {proof.get('type')!r} / {proof.get('cryptosuite')!r}; "
            f"expected {PROOF_TYPE} with {CRYPTOSUITE}"
        )
    for field in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(field), str):
            raise _proof_error(f"{field} is missing")
    return proof


def verify_proof(
    credential: Mapping[str, Any], public_key: Ed25519PublicKey, proof_purpose: str = ASSERTION
) -> None:
    """Raises InvalidInput("proof", why) unless the credential's proof is a good signature by PUBLIC_KEY."""
    proof = the_proof(credential)
    if proof["proofPurpose"] != proof_purpose:
        raise _proof_error(f"proofPurpose is {proof['proofPurpose']!r}, expected {proof_purpose!r}")
    signature = from_base58btc(proof["proofValue"], "proof.proofValue")
    if len(signature) != 64:
        raise _proof_error("proofValue is not an Ed25519 signature (64 bytes)")
    document = {name: value for name, value in credential.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in options:
        # Proof options may carry their own contexts; the document must begin with the same ones.
        contexts = _as_list(options["@context"])
        if _as_list(document.get("@context"))[: len(contexts)] != contexts:
            raise _proof_error("the proof's @context does not match the credential's")
        document["@context"] = options["@context"]
    options["@context"] = document.get("@context")
    try:
        public_key.verify(signature, hash_data(document, options))
    except InvalidSignature:
        raise _proof_error(
            "signature does not match the document: it was changed after signing, or signed by another key"
        ) from None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]

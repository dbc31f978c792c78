"""Issuer keys: Ed25519 key pairs, their Multikey encoding, and the DID documents that publish them.

An issuer is a DID. With `did:key` the DID is the public key itself, so a verifier needs nothing but the
credential. With `did:web` the issuer publishes a DID document at a URL it controls, listing every key
it has signed with. Keys are rotated by signing new credentials with a new key while the DID document
keeps listing the old ones, so that certificates issued before the rotation still verify; a key that
was compromised is withdrawn by leaving it out. Each key is named by its own public key
(`<did>#<publicKeyMultibase>`), so a name never points at two keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from karmayogi.lms.credentials.contexts import DID_V1, MULTIKEY_V1
from karmayogi.lms.errors import InvalidInput

# Multicodec headers (unsigned varints) of Ed25519 public and private keys in a Multikey.
ED25519_PUBLIC = b"\xed\x01"
ED25519_PRIVATE = b"\x80\x26"
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {character: index for index, character in enumerate(_BASE58_ALPHABET)}


def base58btc(data: bytes) -> str:
    """Multibase base58btc: the leading `z` and Bitcoin's base58 alphabet."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, digit = divmod(number, 58)
        digits = _BASE58_ALPHABET[digit] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * leading_zeros + digits


def from_base58btc(text: str, field: str) -> bytes:
    """The bytes of a multibase base58btc string; FIELD names it in the error."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise InvalidInput(field, "not a multibase base58btc value (it must start with 'z')")
    number = 0
    for character in text[1:]:
        if character not in _BASE58_INDEX:
            raise InvalidInput(field, f"{character!r} is not a base58btc character")
        number = number * 58 + _BASE58_INDEX[character]
    body = text[1:]
    leading_zeros = len(body) - len(body.lstrip("1"))
    return b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The `publicKeyMultibase` of a Multikey: `z6Mk...`."""
    return base58btc(ED25519_PUBLIC + public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """The Ed25519 key in a Multikey's `publicKeyMultibase`."""
    data = from_base58btc(text, "publicKeyMultibase")
    if not data.startswith(ED25519_PUBLIC) or len(data) != 34:
        raise InvalidInput("publicKeyMultibase", "not an Ed25519 public key (z6Mk...)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


@dataclass(frozen=True)
class Ed25519Key:
    """An issuer's signing key pair. The 32-byte seed is the whole secret: store it encrypted."""

    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> Ed25519Key:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        if len(seed) != 32:
            raise InvalidInput("seed", f"an Ed25519 seed is 32 bytes, not {len(seed)}")
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    @classmethod
    def from_secret_multibase(cls, text: str) -> Ed25519Key:
        """Reads a Multikey `secretKeyMultibase`: the seed, or seed and public key as some libraries write."""
        data = from_base58btc(text, "secretKeyMultibase")
        if not data.startswith(ED25519_PRIVATE) or len(data) not in (34, 66):
            raise InvalidInput("secretKeyMultibase", "not an Ed25519 secret key")
        key = cls.from_seed(data[2:34])
        if len(data) == 66 and data[34:] != key.public_bytes:
            raise InvalidInput("secretKeyMultibase", "the public half does not belong to the secret key")
        return key

    @property
    def seed(self) -> bytes:
        return self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def public_bytes(self) -> bytes:
        return self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def public_key_multibase(self) -> str:
        return public_key_multibase(self.public_key)

    @property
    def secret_key_multibase(self) -> str:
        return base58btc(ED25519_PRIVATE + self.seed)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


@dataclass(frozen=True)
class SigningKey:
    """A key pair with the verification method that names it in its controller's DID document."""

    key: Ed25519Key
    verification_method: str

    @classmethod
    def for_did_key(cls, key: Ed25519Key) -> SigningKey:
        return cls(key, verification_method_id(did_key(key.public_key_multibase), key.public_key_multibase))

    @classmethod
    def for_did_web(cls, key: Ed25519Key, did: str) -> SigningKey:
        if not did.startswith("did:web:"):
            raise InvalidInput("did", f"{did} is not a did:web identifier")
        return cls(key, verification_method_id(did, key.public_key_multibase))

    @property
    def controller(self) -> str:
        """The DID that controls the key: the issuer of what it signs."""
        return self.verification_method.split("#", 1)[0]


def verification_method_id(controller: str, public_key_multibase: str) -> str:
    return f"{controller}#{public_key_multibase}"


def did_key(public_key_multibase: str) -> str:
    public_key_from_multibase(public_key_multibase)
    return f"did:key:{public_key_multibase}"


def multikey(controller: str, public_key_multibase: str) -> dict[str, str]:
    """A Multikey verification method, as listed in a DID document."""
    return {
        "id": verification_method_id(controller, public_key_multibase),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase,
    }


def did_key_document(did: str) -> dict[str, Any]:
    """Resolves a `did:key` offline: its DID document follows from the key it contains."""
    if not did.startswith("did:key:"):
        raise InvalidInput("did", f"{did} is not a did:key identifier")
    public_key_from_multibase(did.removeprefix("did:key:"))
    return _did_document(did, [did.removeprefix("did:key:")])


def did_web(host: str, *path: str) -> str:
    """The `did:web` of an issuer whose DID document is served from HOST (a port is allowed) and PATH."""
    if not host or "/" in host:
        raise InvalidInput("host", f"{host!r} is not a host name")
    return ":".join(["did:web", quote(host, safe=""), *(quote(part, safe="") for part in path)])


def did_web_url(did: str) -> str:
    """Where the DID document of a `did:web` is published (did:web method specification, section 3.2)."""
    if not did.startswith("did:web:"):
        raise InvalidInput("did", f"{did} is not a did:web identifier")
    host, *path = did.removeprefix("did:web:").split(":")
    where = "/".join(unquote(part) for part in path) if path else ".well-known"
    return f"https://{unquote(host)}/{where}/did.json"


def did_web_document(did: str, public_key_multibases: Sequence[str]) -> dict[str, Any]:
    """The DID document of a `did:web` issuer, listing every key it still vouches for, oldest first."""
    if not did.startswith("did:web:"):
        raise InvalidInput("did", f"{did} is not a did:web identifier")
    if not public_key_multibases:
        raise InvalidInput("public_key_multibases", "a DID document needs at least one key")
    for value in public_key_multibases:
        public_key_from_multibase(value)
    return _did_document(did, list(public_key_multibases))


def _did_document(did: str, public_key_multibases: list[str]) -> dict[str, Any]:
    methods = [multikey(did, value) for value in public_key_multibases]
    references = [method["id"] for method in methods]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "authentication": references,
        "assertionMethod": references,
        "capabilityDelegation": references,
        "capabilityInvocation": references,
    }

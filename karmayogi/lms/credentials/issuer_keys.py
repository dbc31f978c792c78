"""The platform issuer's keys as rows: encrypted at rest, rotated, withdrawn, and published as a DID document.

The issuer is the `did:web` of the public URL's host. A key's seed is stored as a Fernet token under a
key derived (HKDF-SHA256) from `Settings.secret_key`, so a copy of the database alone cannot sign.
Keys belong to the DID they were made under: changing the public URL starts a new issuer with keys of
its own, and the old DID's certificates are no longer vouched for by this one.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials.badges import IssuerProfile
from karmayogi.lms.credentials.key_pairs import (
    Ed25519Key,
    SigningKey,
    did_web,
    did_web_document,
    verification_method_id,
)
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound
from karmayogi.lms.orm import IssuerKey


class KeysUnreadable(RuntimeError):
    """The issuer keys were encrypted under another secret key: the operator's to fix, not a caller's."""


def issuer_did(settings: Settings) -> str:
    host = urlsplit(settings.public_url).netloc
    if not host:
        raise InvalidInput("public_url", f"{settings.public_url!r} is not an absolute URL")
    return did_web(host)


def issuer_profile(settings: Settings) -> IssuerProfile:
    return IssuerProfile(issuer_did(settings), settings.issuer_name, settings.public_url)


def _fernet(settings: Settings) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"karmayogi issuer keys").derive(
        settings.secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _listed(session: Session, did: str) -> list[IssuerKey]:
    """The DID's keys that are not withdrawn, oldest first: those the DID document vouches for."""
    return list(
        session.scalars(
            select(IssuerKey)
            .where(IssuerKey.controller == did, IssuerKey.withdrawn_at.is_(None))
            .order_by(IssuerKey.created_at, IssuerKey.id)
        )
    )


def _create(session: Session, settings: Settings) -> IssuerKey:
    key, did = Ed25519Key.generate(), issuer_did(settings)
    row = IssuerKey(
        controller=did,
        verification_method=verification_method_id(did, key.public_key_multibase),
        public_key_multibase=key.public_key_multibase,
        encrypted_seed=_fernet(settings).encrypt(key.seed).decode("ascii"),
    )
    session.add(row)
    session.flush()
    return row


def _active(session: Session, settings: Settings) -> IssuerKey:
    """The key that signs now; the issuer's first key is made on first use."""
    active = [key for key in _listed(session, issuer_did(settings)) if key.retired_at is None]
    return active[-1] if active else _create(session, settings)


def signing_key(session: Session, settings: Settings) -> SigningKey:
    row = _active(session, settings)
    try:
        seed = _fernet(settings).decrypt(row.encrypted_seed.encode("ascii"))
    except InvalidToken:
        raise KeysUnreadable(
            "the issuer's keys were encrypted under another secret key (KARMAYOGI_SECRET_KEY changed?); "
            "restore it, or withdraw the keys and rotate"
        ) from None
    return SigningKey(Ed25519Key.from_seed(seed), row.verification_method)


def did_document(session: Session, settings: Settings) -> dict[str, Any]:
    """The issuer's DID document, listing every key not withdrawn, retired ones included."""
    did = issuer_did(settings)
    keys = _listed(session, did) or [_create(session, settings)]
    return did_web_document(did, [key.public_key_multibase for key in keys])


def rotate(session: Session, settings: Settings) -> IssuerKey:
    """Retire the signing key and make a new one; what the old key signed keeps verifying."""
    now = datetime.now(UTC)
    for key in _listed(session, issuer_did(settings)):
        if key.retired_at is None:
            key.retired_at = now
    return _create(session, settings)


def withdraw(session: Session, settings: Settings, public_key_multibase: str, reason: str) -> IssuerKey:
    """Take a compromised key out of the DID document; every credential it signed stops verifying.

    Returns the key that signs from now on: a new one when the withdrawn key was signing.
    """
    if not reason.strip():
        raise InvalidInput("reason", "say why the key is withdrawn")
    key = session.scalar(select(IssuerKey).where(IssuerKey.public_key_multibase == public_key_multibase))
    if key is None or key.controller != issuer_did(settings):
        raise NotFound("issuer key", public_key_multibase)
    if key.withdrawn_at is not None:
        raise Conflict("public_key_multibase", f"the key was withdrawn on {key.withdrawn_at:%Y-%m-%d}")
    now = datetime.now(UTC)
    key.withdrawn_at, key.withdrawal_reason = now, reason.strip()
    key.retired_at = key.retired_at or now
    session.flush()
    return _active(session, settings)

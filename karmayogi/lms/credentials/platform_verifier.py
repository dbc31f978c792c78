"""Verifying credentials as the platform: offline, against its own keys and status lists in the database.

The platform's own did:web resolves from the issuer keys, did:key issuers from the key itself, and
status lists are read from the platform's own lists. Nothing is fetched from other hosts, so a
credential that depends on another issuer's did:web or status list fails and says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuer_keys
from karmayogi.lms.credentials.issuing import STATUS_LISTS
from karmayogi.lms.credentials.verification import Resolver, StatusFetcher, verify
from karmayogi.lms.orm import CredentialStatusList


@dataclass
class Verification:
    """The outcome in the shape of the W3C VC API: the checks made, and what warned or failed."""

    checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": self.checks,
            "warnings": self.warnings,
            "errors": self.errors,
        }


def resolver(session: Session, settings: Settings) -> Resolver:
    ours = issuer_keys.issuer_did(settings)

    def resolve(did: str) -> Mapping[str, Any]:
        if did != ours:
            raise LookupError(f"only this platform's issuer ({ours}) and did:key issuers are resolved here")
        return issuer_keys.did_document(session, settings)

    return resolve


def status_fetcher(session: Session, settings: Settings) -> StatusFetcher:
    prefix = settings.public_url + STATUS_LISTS

    def fetch(url: str) -> Mapping[str, Any]:
        if not url.startswith(prefix):
            raise LookupError(
                "it is not a status list of this platform, and nothing is fetched from other hosts"
            )
        try:
            row = session.get(CredentialStatusList, uuid.UUID(url.removeprefix(prefix)))
        except ValueError:
            row = None
        if row is None:
            raise LookupError("this platform publishes no such status list")
        return row.published

    return fetch


def verify_credential(
    session: Session, settings: Settings, credential: Any, now: datetime | None = None
) -> Verification:
    """Check the proof, the issuer's key, the validity dates and the revocation status of CREDENTIAL."""
    result = verify(credential, resolver(session, settings), status_fetcher(session, settings), now)
    checks = ["proof", "validity"]
    if isinstance(credential, Mapping) and "credentialStatus" in credential:
        checks.append("credentialStatus")
    return Verification(checks, result.warnings, result.errors)

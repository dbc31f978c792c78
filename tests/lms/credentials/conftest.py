"""Keys, an issuer and credentials signed for real, shared by the credential tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from karmayogi.frac.model import DEFAULT_SCALE, Competency, CompetencyType
from karmayogi.lms.credentials import badges, status_list
from karmayogi.lms.credentials.key_pairs import Ed25519Key, SigningKey
from karmayogi.lms.credentials.proofs import sign

ISSUED_AT = datetime(2026, 1, 5, 10, 30, tzinfo=UTC)
STATUS_LIST_URL = "https://igot.example.gov.in/credentials/status/1"


@pytest.fixture
def issued_at() -> datetime:
    return ISSUED_AT


@pytest.fixture
def key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(32)))


@pytest.fixture
def signer(key: Ed25519Key) -> SigningKey:
    return SigningKey.for_did_key(key)


@pytest.fixture
def issuer(signer: SigningKey) -> badges.IssuerProfile:
    return badges.IssuerProfile(
        signer.controller, "Capacity Building Commission", "https://cbc.example.gov.in"
    )


@pytest.fixture
def recipient() -> badges.Recipient:
    return badges.Recipient(uuid.UUID(int=42).urn, "Asha Rao")


@pytest.fixture
def noting_and_drafting() -> badges.CompetencyAtLevel:
    competency = Competency(
        uuid.UUID("3f1c9a52-7d0e-4b8a-9c55-2f4e8d1a6b70"),
        "Noting and drafting",
        CompetencyType.FUNCTIONAL,
        description="Writes clear notes and drafts on files, following the Manual of Office Procedure.",
    )
    return badges.CompetencyAtLevel(
        competency,
        DEFAULT_SCALE.levels[2],
        url=f"https://igot.example.gov.in/frac/competencies/{competency.id}",
        framework="FRAC, Mission Karmayogi",
    )


@pytest.fixture
def completion(signer, issuer, recipient, noting_and_drafting) -> dict[str, Any]:
    """A signed course-completion credential, revocable through entry 7 of the status list."""
    unsigned = badges.completion_credential(
        credential_id=uuid.UUID(int=1),
        issuer=issuer,
        recipient=recipient,
        course_url="https://igot.example.gov.in/courses/office-procedure-101",
        course_name="Office procedure and e-Office",
        course_description="Noting, drafting and file movement in e-Office.",
        completed_at=datetime(2026, 1, 4, 17, 0, tzinfo=UTC),
        issued_at=ISSUED_AT,
        competencies=[noting_and_drafting],
        status=status_list.status_entry(STATUS_LIST_URL, 7),
    )
    return badges.issue(unsigned, signer, ISSUED_AT)


@pytest.fixture
def competency_level(signer, issuer, recipient, noting_and_drafting) -> dict[str, Any]:
    """A signed credential that the recipient holds Noting and drafting at level 3."""
    unsigned = badges.competency_level_credential(
        credential_id=uuid.UUID(int=2),
        issuer=issuer,
        recipient=recipient,
        target=noting_and_drafting,
        how_verified="Passed the level 3 assessment and was rated level 3 by the reporting officer.",
        issued_at=ISSUED_AT,
        status=status_list.status_entry(STATUS_LIST_URL, 8),
    )
    return badges.issue(unsigned, signer, ISSUED_AT)


@pytest.fixture
def publish_status_list(signer: SigningKey) -> Callable[..., dict[str, Any]]:
    """Signs the status list as the issuer would publish it, with the given entries revoked."""

    def publish(*revoked: int) -> dict[str, Any]:
        bits = status_list.StatusList()
        for index in revoked:
            bits.set(index)
        unsigned = status_list.status_list_credential(STATUS_LIST_URL, signer.controller, bits, ISSUED_AT)
        return sign(unsigned, signer.key, signer.verification_method, ISSUED_AT)

    return publish

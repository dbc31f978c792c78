"""Certificates: the platform issuer's keys, the status lists that revoke, and every credential issued."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base, utcnow


class IssuerKey(Base):
    """An Ed25519 key of the issuer's DID, its seed encrypted under a key derived from the secret key.

    The newest key neither retired nor withdrawn signs. Rotation retires a key: it signs no more but
    stays in the DID document, so what it signed still verifies. Withdrawal (of a compromised key)
    takes it out of the DID document, and what it signed fails.
    """

    __tablename__ = "issuer_key"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    controller: Mapped[str] = mapped_column(String(400), index=True)  # the issuer's DID
    verification_method: Mapped[str] = mapped_column(String(500), unique=True)
    public_key_multibase: Mapped[str] = mapped_column(String(64), unique=True)
    encrypted_seed: Mapped[str] = mapped_column(Text)  # a Fernet token
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")


class CredentialStatusList(Base):
    """A Bitstring Status List shared by many credentials, with the signed credential last published for it.

    Platform-wide rather than per organisation: the more credentials one list holds, the less asking
    about it tells the issuer which credential a verifier holds.
    """

    __tablename__ = "credential_status_list"
    __table_args__ = (
        CheckConstraint("purpose in ('revocation', 'suspension')", name="purpose"),
        CheckConstraint("next_index <= size", name="next_index"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    purpose: Mapped[str] = mapped_column(String(16), default="revocation")
    encoded_list: Mapped[str] = mapped_column(Text)  # multibase base64url of the GZIP-compressed bits
    size: Mapped[int]
    next_index: Mapped[int] = mapped_column(default=0)
    published: Mapped[dict[str, Any]] = mapped_column(JSON)  # the signed BitstringStatusListCredential
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuedCredential(Base):
    """A signed Open Badges 3.0 credential as issued, with its holder's organisation for scoped reads.

    The row id is the credential's own id (`urn:uuid:<id>`). A course completion names its enrolment,
    one credential per enrolment; a competency level names the FRAC version it was checked against.
    """

    __tablename__ = "issued_credential"
    __table_args__ = (
        UniqueConstraint("status_list_id", "status_index"),
        CheckConstraint("kind in ('completion', 'competency_level')", name="kind"),
        CheckConstraint(
            "(kind = 'completion' AND enrolment_id IS NOT NULL AND course_id IS NOT NULL)"
            " OR (kind = 'competency_level' AND competency_id IS NOT NULL AND level IS NOT NULL"
            " AND frac_version IS NOT NULL)",
            name="subject",
        ),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    holder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    enrolment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("enrolment.id"), unique=True)
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("course.id"), index=True)
    competency_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    level: Mapped[int | None]
    frac_version: Mapped[int | None] = mapped_column(ForeignKey("frac_version.number"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    status_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("credential_status_list.id"))
    status_index: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class LevelCredentialDue(Base):
    """A competency whose verified level changed and whose credentials have not yet followed it.

    The passbook notes one in the transaction that changes the level; a worker holding the issuer's
    settings brings the credentials in line afterwards (`credentials.levels.follow_due`), so the
    change never waits on signing and every process that records evidence is followed the same way.
    """

    __tablename__ = "level_credential_due"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    noted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

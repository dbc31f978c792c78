"""xAPI statements as stored: the statement JSON plus the columns and link rows that queries filter on."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from karmayogi.lms.db import Base


class XapiStatement(Base):
    """One statement of one organisation's record store, exactly as it will be returned."""

    __tablename__ = "xapi_statement"
    __table_args__ = (
        UniqueConstraint("organisation_id", "id"),
        Index("ix_xapi_statement_org_stored", "organisation_id", "stored"),
        # Pages run newest first within one organisation: walk this index backwards and stop early.
        Index("ix_xapi_statement_org_seq", "organisation_id", "seq"),
        # Few statements refer to another; indexing only those spares ingest an index entry for every null.
        Index(
            "ix_xapi_statement_refs",
            "organisation_id",
            "object_ref",
            postgresql_where=text("object_ref IS NOT NULL"),
            sqlite_where=text("object_ref IS NOT NULL"),
        ),
    )

    # An increasing number gives a total order for paging; SQLite needs INTEGER to autoincrement.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    id: Mapped[uuid.UUID] = mapped_column()
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_client.id"))
    statement: Mapped[dict[str, object]] = mapped_column(JSON)
    verb_id: Mapped[str] = mapped_column(String(512), index=True)
    registration: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # The statement this one's object refers to (a StatementRef), voiding or not: filters follow it.
    object_ref: Mapped[uuid.UUID | None]
    voided: Mapped[bool] = mapped_column(default=False)
    timestamp: Mapped[datetime]
    stored: Mapped[datetime]


class XapiProjectionOutbox(Base):
    """A stored statement whose effects on enrolments are still to be applied; the projector deletes it
    in the transaction that applies them (see `karmayogi.lms.learning.projections`)."""

    __tablename__ = "xapi_projection_outbox"

    statement_seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("xapi_statement.seq", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


class XapiProjector(Base):
    """The projector's own row: locked by each pass so one runs at a time, and counting what passes found."""

    __tablename__ = "xapi_projector"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcomes: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    last_seq: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    updated_at: Mapped[datetime | None]


class XapiStatementAgent(Base):
    """An agent or group a statement names, and where: actor, object, authority, context...

    Keyed by agent first, so the key is also the index that filters walk in statement order. Rows are
    written only with their statement, in its transaction, and statements are never deleted: a
    foreign key would cost ingest a check per row and guard nothing.
    """

    __tablename__ = "xapi_statement_agent"

    agent_key: Mapped[str] = mapped_column(String(600), primary_key=True)
    statement_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    usage: Mapped[str] = mapped_column(String(24), primary_key=True)


class XapiStatementActivity(Base):
    """An activity a statement names, and where: object, a context activity, inside a sub-statement...

    Keyed and written like `XapiStatementAgent`.
    """

    __tablename__ = "xapi_statement_activity"

    activity_id: Mapped[str] = mapped_column(String(1024), primary_key=True)
    statement_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    usage: Mapped[str] = mapped_column(String(24), primary_key=True)


class XapiActivity(Base):
    """The canonical definition of an activity, as the newest statement that defined it gave it."""

    __tablename__ = "xapi_activity"
    __table_args__ = (UniqueConstraint("organisation_id", "activity_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    activity_id: Mapped[str] = mapped_column(String(1024))
    definition: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    updated: Mapped[datetime]


class XapiDocument(Base):
    """A state, activity profile or agent profile document, with the ETag that guards concurrent writes.

    `scope_hash` identifies where the document lives (kind, activity, agent, registration) and
    `key_hash` that place plus the document's id: hashes keep the unique index short and treat an
    absent registration the same on both databases.
    """

    __tablename__ = "xapi_document"
    __table_args__ = (
        UniqueConstraint("organisation_id", "key_hash"),
        Index("ix_xapi_document_scope", "organisation_id", "scope_hash", "updated"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[str] = mapped_column(String(16))  # state, activity_profile, agent_profile
    activity_id: Mapped[str | None] = mapped_column(String(1024))
    agent_key: Mapped[str | None] = mapped_column(String(600))
    registration: Mapped[uuid.UUID | None]
    document_id: Mapped[str] = mapped_column(String(1024))
    scope_hash: Mapped[str] = mapped_column(String(64))
    key_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(255))
    etag: Mapped[str] = mapped_column(String(64))
    updated: Mapped[datetime]


class XapiAttachment(Base):
    """Attachment content sent with statements, stored once per organisation under its SHA-2 hash."""

    __tablename__ = "xapi_attachment"
    __table_args__ = (UniqueConstraint("organisation_id", "sha2"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    sha2: Mapped[str] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)

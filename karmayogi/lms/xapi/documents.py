"""The xAPI document resources' storage: state, activity profile and agent profile documents.

A document is opaque bytes with the Content-Type it was sent with, kept under a scope (the kind,
and the activity, agent and registration that kind is keyed on) plus the client's id for it. Writes
are guarded by ETags (the quoted SHA-1 of the content): If-Match and If-None-Match preconditions
fail with `PreconditionFailed`, and a PUT that would silently overwrite an existing document where
the resource demands a precondition fails with `DocumentConflict`. A POST merges two JSON objects
one level deep (xAPI Communication 2.2); anything else posted, or posted onto, is `NotMergeable`.

Pure SQLAlchemy: the caller owns the transaction, and a failed call leaves the document unchanged.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import DomainError
from karmayogi.lms.orm import XapiDocument

STATE = "state"
ACTIVITY_PROFILE = "activity_profile"
AGENT_PROFILE = "agent_profile"
KINDS = (STATE, ACTIVITY_PROFILE, AGENT_PROFILE)
JSON_TYPE = "application/json"


class DocumentError(DomainError):
    """Base of the errors below, answered with 400 unless a subclass says otherwise."""


class DocumentNotFound(DocumentError):
    """No document under that id in that scope."""


class PreconditionFailed(DocumentError):
    """An If-Match or If-None-Match precondition does not hold (HTTP 412); nothing was changed."""


class DocumentConflict(DocumentError):
    """A PUT without a precondition would overwrite an existing document (HTTP 409); nothing was changed."""


class PreconditionRequired(DocumentError):
    """The resource requires If-Match or If-None-Match on this PUT and neither was given (HTTP 400)."""


class NotMergeable(DocumentError):
    """A POST whose document, or the stored one, is not an application/json object (HTTP 400)."""


@dataclass(frozen=True)
class Scope:
    """Where documents live: the kind and the identifiers it is keyed on (the others stay None).

    A state scope without a registration names the documents stored without one; `matching`
    widens it to every registration for listing and deleting, as the State Resource asks.
    """

    kind: str
    activity_id: str | None = None
    agent_key: str | None = None
    registration: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown document kind {self.kind!r}")

    def _fields(self) -> list[Any]:
        registration = str(self.registration) if self.registration else None
        return [self.kind, self.activity_id, self.agent_key, registration]

    @property
    def scope_hash(self) -> str:
        return _sha256(self._fields())

    def key_hash(self, document_id: str) -> str:
        return _sha256([*self._fields(), document_id])


@dataclass(frozen=True)
class Preconditions:
    """The If-Match and If-None-Match request headers, as lists of entity tags or ["*"]."""

    if_match: tuple[str, ...] | None = None
    if_none_match: tuple[str, ...] | None = None

    @classmethod
    def from_headers(cls, if_match: str | None, if_none_match: str | None) -> Preconditions:
        return cls(_tags(if_match), _tags(if_none_match))

    @property
    def given(self) -> bool:
        return self.if_match is not None or self.if_none_match is not None

    def check(self, current: XapiDocument | None) -> None:
        """RFC 7232 section 3 for a state-changing request against `current` (None: no document)."""
        if self.if_match is not None:
            if current is None:
                raise PreconditionFailed("If-Match was given but there is no document to match")
            if "*" not in self.if_match and current.etag not in self.if_match:
                raise PreconditionFailed(
                    "the document has changed since that ETag (If-Match): fetch it again and retry"
                )
        if self.if_none_match is not None and current is not None:
            if "*" in self.if_none_match:
                raise PreconditionFailed("a document already exists here (If-None-Match: *)")
            if current.etag in self.if_none_match:
                raise PreconditionFailed("the document still has that ETag (If-None-Match)")


@dataclass(frozen=True)
class PutRules:
    """What a PUT without either precondition header may do, which differs by resource and version.

    `guard_overwrite`: an existing document is not replaced (409). `require_precondition`: a new
    document is not created either (400): xAPI 1.0.3 makes the headers mandatory on profile PUTs.
    """

    guard_overwrite: bool = True
    require_precondition: bool = False


def etag_of(content: bytes) -> str:
    """The SHA-1 of the content in lowercase hex, unquoted (the header adds the quotes)."""
    return hashlib.sha1(content).hexdigest()


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type names application/json (parameters such as charset aside)."""
    return content_type is not None and content_type.split(";", 1)[0].strip().lower() == JSON_TYPE


def get(session: Session, organisation_id: uuid.UUID, scope: Scope, document_id: str) -> XapiDocument:
    found = _find(session, organisation_id, scope, document_id)
    if found is None:
        raise DocumentNotFound(f"no {scope.kind.replace('_', ' ')} document {document_id!r} here")
    return found


def list_ids(
    session: Session, organisation_id: uuid.UUID, scope: Scope, since: datetime | None = None
) -> tuple[list[str], datetime | None]:
    """The ids in the scope updated after `since` (exclusive), oldest first, and the newest update time."""
    stmt = select(XapiDocument.document_id, XapiDocument.updated).where(*_matching(organisation_id, scope))
    if since is not None:
        stmt = stmt.where(XapiDocument.updated > since)
    rows = session.execute(stmt.order_by(XapiDocument.updated, XapiDocument.document_id)).all()
    # A state id may be stored under several registrations; it is listed once.
    ids = list(dict.fromkeys(row.document_id for row in rows))
    return ids, max((row.updated for row in rows), default=None)


def put(
    session: Session,
    organisation_id: uuid.UUID,
    scope: Scope,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions = Preconditions(),
    rules: PutRules = PutRules(),
) -> XapiDocument:
    """Store the document whole, replacing any before it, if the preconditions and rules allow."""
    current = _find(session, organisation_id, scope, document_id, lock=True)
    if not preconditions.given:
        if current is not None and rules.guard_overwrite:
            raise DocumentConflict(
                f"a document {document_id!r} already exists here; fetch it, then PUT again with "
                f'If-Match: "{current.etag}" (its current ETag) to replace it, or POST to merge into it'
            )
        if current is None and rules.require_precondition:
            raise PreconditionRequired(
                "a PUT to this resource needs an If-Match header (to replace a document you have "
                "fetched) or If-None-Match: * (to create one that must not exist yet)"
            )
    preconditions.check(current)
    return _write(session, organisation_id, scope, document_id, current, content, content_type)


def merge(
    session: Session,
    organisation_id: uuid.UUID,
    scope: Scope,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions = Preconditions(),
) -> XapiDocument:
    """POST: merge a JSON object into the stored one (top-level properties replace), or store it new."""
    posted = _json_object(content, content_type, "the posted document")
    current = _find(session, organisation_id, scope, document_id, lock=True)
    preconditions.check(current)
    if current is None:
        return _write(session, organisation_id, scope, document_id, None, content, content_type)
    stored = _json_object(current.content, current.content_type, "the stored document")
    merged = json.dumps({**stored, **posted}, ensure_ascii=False, separators=(",", ":")).encode()
    return _write(session, organisation_id, scope, document_id, current, merged, current.content_type)


def delete(
    session: Session,
    organisation_id: uuid.UUID,
    scope: Scope,
    document_id: str,
    preconditions: Preconditions = Preconditions(),
) -> bool:
    """Delete one document; deleting one that is not there succeeds (False) unless If-Match asks for it."""
    current = _find(session, organisation_id, scope, document_id, lock=True)
    preconditions.check(current)
    if current is None:
        return False
    session.delete(current)
    session.flush()
    return True


def delete_all(session: Session, organisation_id: uuid.UUID, scope: Scope) -> int:
    """Delete every document in the scope (for state without a registration: every registration's)."""
    result = session.execute(
        sql_delete(XapiDocument)
        .where(*_matching(organisation_id, scope))
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return int(getattr(result, "rowcount", 0) or 0)


# ---- internals -----------------------------------------------------------------------------------


def _sha256(fields: list[Any]) -> str:
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _tags(header: str | None) -> tuple[str, ...] | None:
    """Entity tags from an If-Match / If-None-Match value: quotes and weak prefixes dropped, or ("*",)."""
    if header is None:
        return None
    tags = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith(("W/", "w/")):
            tag = tag[2:]
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tag = tag[1:-1]
        if tag:
            tags.append(tag)
    return tuple(tags)


def _find(
    session: Session, organisation_id: uuid.UUID, scope: Scope, document_id: str, *, lock: bool = False
) -> XapiDocument | None:
    stmt = select(XapiDocument).where(
        XapiDocument.organisation_id == organisation_id,
        XapiDocument.key_hash == scope.key_hash(document_id),
    )
    if lock:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


def _matching(organisation_id: uuid.UUID, scope: Scope) -> list[ColumnElement[bool]]:
    """Filters for the documents a scope covers when listing or deleting them."""
    if scope.kind == STATE and scope.registration is None:
        # No registration given: the State Resource's context is the activity and agent alone.
        return [
            XapiDocument.organisation_id == organisation_id,
            XapiDocument.kind == STATE,
            XapiDocument.activity_id == scope.activity_id,
            XapiDocument.agent_key == scope.agent_key,
        ]
    return [XapiDocument.organisation_id == organisation_id, XapiDocument.scope_hash == scope.scope_hash]


def _json_object(content: bytes, content_type: str | None, what: str) -> dict[str, Any]:
    if not is_json(content_type):
        raise NotMergeable(
            f"{what} has Content-Type {content_type or 'none'!s}; POST merges application/json "
            "objects only (PUT replaces a document of any type)"
        )
    try:
        value = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NotMergeable(f"{what} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise NotMergeable(f"{what} is JSON but not an object; POST merges JSON objects only")
    return value


def _write(
    session: Session,
    organisation_id: uuid.UUID,
    scope: Scope,
    document_id: str,
    current: XapiDocument | None,
    content: bytes,
    content_type: str,
) -> XapiDocument:
    now = utcnow()
    if current is not None:
        current.content = content
        current.content_type = content_type
        current.etag = etag_of(content)
        current.updated = now
        session.flush()
        return current
    document = XapiDocument(
        organisation_id=organisation_id,
        kind=scope.kind,
        activity_id=scope.activity_id,
        agent_key=scope.agent_key,
        registration=scope.registration,
        document_id=document_id,
        scope_hash=scope.scope_hash,
        key_hash=scope.key_hash(document_id),
        content=content,
        content_type=content_type,
        etag=etag_of(content),
        updated=now,
    )
    try:
        with session.begin_nested():
            session.add(document)
    except IntegrityError:
        raise DocumentConflict(
            f"document {document_id!r} was created by another request at the same moment; fetch it and retry"
        ) from None
    return document

"""Key-and-secret credentials for machines (xAPI content, integrations), bound to one organisation."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.organisations import in_scope, path_of
from karmayogi.lms.orm import ApiClient
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Access, Target


def secret_digest(secret: str) -> str:
    # The secret is 256 random bits, not a memorable password: one SHA-256 is as strong as a slow
    # hash here and keeps every xAPI request cheap.
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """256 random bits, URL-safe, never starting with "-": command lines (curl's -u, an xAPI test
    runner's -p) would read such a secret as another option."""
    while (secret := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return secret


def create_api_client(
    session: Session, organisation_id: uuid.UUID, name: str, created_by: uuid.UUID | None
) -> tuple[ApiClient, str]:
    """A new client and its secret, which is shown this once and stored only as a digest."""
    if not name.strip():
        raise InvalidInput("name", "must not be blank")
    secret = new_secret()
    client = ApiClient(
        organisation_id=organisation_id,
        name=name.strip(),
        key=secrets.token_hex(16),
        secret_hash=secret_digest(secret),
        created_by=created_by,
    )
    session.add(client)
    session.flush()
    return client, secret


def api_client_target(session: Session, client_id: uuid.UUID) -> Target:
    return Target("API client", client_id, path_of(session, ApiClient, client_id, "API client"))


def revoke_api_client(session: Session, client_id: uuid.UUID) -> ApiClient:
    client = session.get(ApiClient, client_id)
    if client is None:
        raise NotFound("API client", client_id)
    if client.revoked_at is None:
        client.revoked_at = utcnow()
    session.flush()
    return client


def list_api_clients(session: Session, access: Access, cursor: str | None, limit: int) -> Page[ApiClient]:
    stmt = select(ApiClient).where(in_scope(ApiClient.organisation_id, access.paths))
    return paginate(session, stmt, ApiClient.id, cursor, limit)

"""Two organisations, each with an API client, and the app serving /xapi over ASGI HTTP."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from karmayogi.api.app import create_app
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation


@dataclass
class Lrs:
    client: TestClient
    a: tuple[str, str]
    b: tuple[str, str]

    def call(self, method: str, path: str, who: str = "a", version: str | None = "1.0.3", **kwargs):  # type: ignore[no-untyped-def]
        headers = kwargs.pop("headers", {})
        if version:
            headers["X-Experience-API-Version"] = version
        return self.client.request(method, path, auth=getattr(self, who), headers=headers, **kwargs)


@pytest.fixture
def lrs(db: Database) -> Iterator[Lrs]:
    credentials = []
    with db.transaction() as session:
        for name in ("A", "B"):
            org_id = uuid.uuid4()
            session.add(Organisation(id=org_id, kind="ministry", name=f"Ministry {name}", path=f"/{org_id}/"))
            session.flush()
            client, secret = create_api_client(session, org_id, f"LMS {name}", None)
            credentials.append((client.key, secret))
    app = create_app(Settings(database_url=db.url, secret_key="xapi-test-" + "k" * 32), db)
    with TestClient(app) as client:
        yield Lrs(client, *credentials)

"""Single sign-on against a real OpenID Connect provider process, and TOTP as the second factor."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx2 as httpx
import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from karmayogi.api.app import create_app
from karmayogi.lms import oidc
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import ExternalIdentity, User
from tests.api.conftest import PASSWORD, World

CLIENT_ID, CLIENT_SECRET = "karmayogi-portal", "provider-client-secret-7"
HERE = Path(__file__).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


USERS = {
    "asha": {"sub": "kc-asha", "employee_code": "EMP-1001", "email": "asha@dept.example"},
    "admin": {"sub": "kc-admin", "employee_code": "EMP-0001", "email": "admin@dept.example"},
    "hr": {"sub": "kc-hr", "employee_code": "EMP-2001", "email": "hr@dept.example"},
    "stranger": {"sub": "kc-stranger", "employee_code": "EMP-9999"},
    "codeless": {"sub": "kc-codeless", "email": "codeless@dept.example"},
}


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    users = tmp_path_factory.mktemp("oidc") / "users.json"
    users.write_text(json.dumps(USERS))
    process = subprocess.Popen(
        [sys.executable, str(HERE / "oidc_provider.py"), str(port), str(users), CLIENT_ID, CLIENT_SECRET],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _control(issuer: str, **command: object) -> None:
    assert httpx.post(issuer + "/control", json=command).status_code == 200


@pytest.fixture
def officials(world: World, db: Database) -> dict[str, uuid.UUID]:
    """Imported officials with their employee codes: a learner, the platform admin, an HR cell."""
    people = {"asha": world.a.people["learner"], "admin": world.admin, "hr": world.a.people["hr"]}
    with db.transaction() as session:
        for name, user_id in people.items():
            session.get(User, user_id).employee_code = USERS[name]["employee_code"]  # type: ignore[union-attr]
    return people


def _client(db: Database, issuer: str, **settings: object) -> TestClient:
    app = create_app(
        Settings(
            database_url=db.url,
            secret_key="oidc-test-" + "z" * 40,
            public_url="http://testserver",
            oidc_issuer=issuer,
            oidc_client_id=CLIENT_ID,
            oidc_client_secret=CLIENT_SECRET,
            **settings,
        ),
        db,
    )
    return TestClient(app)


def _sign_in(client: TestClient, issuer: str, who: str) -> httpx.Response:
    """The browser's part: to the provider and back, following the redirects by hand."""
    r = client.get("/api/v1/auth/oidc/login", follow_redirects=False)
    assert r.status_code == 302, r.text
    authorize = r.headers["location"]
    assert oidc.COOKIE in r.cookies
    asked = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(issuer + "/authorize?")
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["nonce"][0] and asked["state"][0] and asked["response_type"] == ["code"]
    assert asked["redirect_uri"] == ["http://testserver/api/v1/auth/oidc/callback"]
    answer = httpx.get(authorize + "&login_hint=" + who, follow_redirects=False)
    assert answer.status_code == 302
    return client.get(answer.headers["location"].removeprefix("http://testserver"))


def test_first_sign_in_links_the_imported_official_by_employee_code(
    db: Database, issuer: str, officials: dict[str, uuid.UUID]
):
    with _client(db, issuer) as client:
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 200, r.text
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
        assert me.json()["id"] == str(officials["asha"])
        with db.transaction() as session:
            link = session.scalars(select(ExternalIdentity)).one()
            assert (link.issuer, link.subject, link.user_id) == (issuer, "kc-asha", officials["asha"])
        # Later sign-ins match on the provider's subject, with no second link.
        assert _sign_in(client, issuer, "asha").status_code == 200
        with db.transaction() as session:
            assert len(session.scalars(select(ExternalIdentity)).all()) == 1


def test_unknown_or_missing_employee_codes_and_lost_flows_are_refused(
    db: Database, issuer: str, officials: dict[str, uuid.UUID]
):
    with _client(db, issuer) as client:
        r = _sign_in(client, issuer, "stranger")
        assert r.status_code == 401 and "no official has the employee code EMP-9999" in r.json()["detail"]
        r = _sign_in(client, issuer, "codeless")
        assert r.status_code == 401 and "no employee_code claim" in r.json()["detail"]
        r = _sign_in(client, issuer, "nobody-at-the-provider")  # the provider answers access_denied
        assert r.status_code == 401 and "access_denied" in r.json()["detail"]
        # A callback whose state is not the one this browser started with.
        client.get("/api/v1/auth/oidc/login", follow_redirects=False)
        r = client.get("/api/v1/auth/oidc/callback", params={"code": "x", "state": "forged"})
        assert r.status_code == 401 and "state does not match" in r.json()["detail"]
        # A single-page portal asks for JSON rather than a redirect.
        r = client.get("/api/v1/auth/oidc/login", headers={"Accept": "application/json"})
        assert r.status_code == 200 and r.json()["authorization_url"].startswith(issuer + "/authorize?")
    with _client(db, issuer) as fresh:  # no flow cookie at all
        r = fresh.get("/api/v1/auth/oidc/callback", params={"code": "x", "state": "y"})
        assert r.status_code == 401 and "not started here" in r.json()["detail"]


def test_id_tokens_are_checked_for_audience_nonce_expiry_and_key(
    db: Database, issuer: str, officials: dict[str, uuid.UUID]
):
    with _client(db, issuer) as client:
        assert _sign_in(client, issuer, "asha").status_code == 200  # the keys are now known
        _control(issuer, next_token={"aud": "another-client"})
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 401 and "audience" in r.json()["detail"]
        _control(issuer, next_token={"nonce": "replayed-nonce"})
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 401 and "nonce" in r.json()["detail"]
        _control(issuer, next_token={"expires_in": -600})
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 401 and "expired" in r.json()["detail"]
        _control(issuer, next_token={"unknown_key": True})  # signed by a key the provider never published
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 401 and "ID token is not valid" in r.json()["detail"]
        # The provider rotates its keys: the new key is fetched when a token names it.
        _control(issuer, rotate=True)
        r = _sign_in(client, issuer, "asha")
        assert r.status_code == 200, r.text


def _code(uri: str, at: float | None = None) -> str:
    return pyotp.parse_uri(uri).at(at or time.time())


def test_platform_admins_and_hr_cells_give_a_totp_code_when_required(
    db: Database, issuer: str, world: World, officials: dict[str, uuid.UUID]
):
    with _client(db, issuer, totp_required=True) as client:
        # The admin's password holds, but no token comes before an authenticator is enrolled and used.
        r = client.post(
            "/api/v1/auth/token", data={"username": f"{officials['admin']}@example.com", "password": PASSWORD}
        )
        assert r.status_code == 401 and r.json()["enrol"] is True
        pending = r.json()["second_factor_token"]
        assert "access_token" not in r.json()
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {pending}"}).status_code == 401
        uri = client.post("/api/v1/auth/totp/enrolment", json={"second_factor_token": pending}).json()[
            "otpauth_uri"
        ]
        r = client.post("/api/v1/auth/totp", json={"second_factor_token": pending, "code": "000000"})
        wrong = r.status_code
        code = _code(uri)
        r = client.post("/api/v1/auth/totp", json={"second_factor_token": pending, "code": code})
        assert r.status_code == 200, r.text
        assert wrong == 401 or code == "000000"
        token = r.json()["access_token"]
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["id"] == str(
            officials["admin"]
        )
        # The same code is not accepted twice, and a confirmed factor cannot be replaced at sign-in.
        r = client.post("/api/v1/auth/totp", json={"second_factor_token": pending, "code": code})
        assert r.status_code == 401 and "already used" in r.json()["detail"]
        r = client.post("/api/v1/auth/totp/enrolment", json={"second_factor_token": pending})
        assert r.status_code == 409

        # An HR cell signing in by OIDC gets the same demand; a learner does not.
        r = _sign_in(client, issuer, "hr")
        assert r.status_code == 401 and r.json()["enrol"] is True and r.json()["second_factor_token"]
        assert _sign_in(client, issuer, "asha").status_code == 200


def test_a_learner_may_enrol_and_then_always_gives_a_code(db: Database, issuer: str, world: World):
    learner = world.a.people["colleague"]
    with _client(db, issuer) as client:
        r = client.post(
            "/api/v1/auth/token", data={"username": f"{learner}@example.com", "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        uri = client.post("/api/v1/me/totp", headers=headers).json()["otpauth_uri"]
        assert (
            client.post("/api/v1/me/totp/confirmation", json={"code": "12"}, headers=headers).status_code
            == 422
        )
        r = client.post("/api/v1/me/totp/confirmation", json={"code": _code(uri)}, headers=headers)
        assert r.status_code == 204
        r = client.post(
            "/api/v1/auth/token", data={"username": f"{learner}@example.com", "password": PASSWORD}
        )
        assert r.status_code == 401 and r.json()["enrol"] is False
        # The next time step's code: the confirming one is spent.
        r = client.post(
            "/api/v1/auth/totp",
            json={
                "second_factor_token": r.json()["second_factor_token"],
                "code": _code(uri, time.time() + 30),
            },
        )
        assert r.status_code == 200, r.text

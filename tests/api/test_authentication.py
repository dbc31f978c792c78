"""Signing in: OAuth2 password flow with short-lived JWTs for officials, HTTP Basic for API clients."""

from datetime import timedelta

import jwt

from karmayogi.lms.db import utcnow


def test_password_flow_issues_a_short_lived_bearer_token(world):
    email = f"{world.a.people['learner']}@example.com"
    r = world.client.post("/api/v1/auth/token", data={"username": email, "password": "correct horse battery"})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(world.a.people["learner"])
    assert claims["exp"] - claims["iat"] == 900
    me = world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert me["kind"] == "user" and [r["role"] for r in me["roles"]] == ["learner"]


def test_wrong_password_and_unknown_email_get_the_same_401(world):
    email = f"{world.a.people['learner']}@example.com"
    wrong = world.client.post("/api/v1/auth/token", data={"username": email, "password": "wrong password!"})
    unknown = world.client.post(
        "/api/v1/auth/token", data={"username": "no@example.com", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"] == "wrong email or password"
    assert wrong.headers["content-type"] == "application/problem+json"


def test_missing_forged_and_expired_tokens_are_refused(world):
    assert world.client.get("/api/v1/me").status_code == 401
    assert "Bearer" in world.client.get("/api/v1/me").headers["www-authenticate"]
    forged = jwt.encode(
        {
            "sub": str(world.admin),
            "iss": "karmayogi",
            "aud": "karmayogi-api",
            "iat": utcnow(),
            "exp": utcnow() + timedelta(minutes=5),
        },
        "not-the-signing-key-" * 3,
        algorithm="HS256",
    )
    r = world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401 and "not valid" in r.json()["detail"]
    key = world.client.app.state.settings.secret_key
    expired = jwt.encode(
        {
            "sub": str(world.admin),
            "iss": "karmayogi",
            "aud": "karmayogi-api",
            "iat": utcnow() - timedelta(hours=1),
            "exp": utcnow() - timedelta(minutes=1),
        },
        key,
    )
    r = world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_a_deactivated_officials_token_stops_working(world):
    headers = world.login(world.a.people["colleague"])
    assert world.client.get("/api/v1/me", headers=headers).status_code == 200
    hr = world.login(world.a.people["hr"])
    assert (
        world.client.patch(
            f"/api/v1/users/{world.a.people['colleague']}", headers=hr, json={"is_active": False}
        ).status_code
        == 200
    )
    assert world.client.get("/api/v1/me", headers=headers).status_code == 401


def test_api_client_authenticates_with_basic_and_is_bound_to_its_organisation(world):
    key, secret = world.a.api_client
    me = world.client.get("/api/v1/me", auth=(key, secret)).json()
    assert me["kind"] == "api_client" and me["organisation_id"] == str(world.a.office)
    assert world.client.get("/api/v1/me", auth=(key, secret + "x")).status_code == 401
    assert world.client.get("/api/v1/me", auth=("unknown", secret)).status_code == 401


def test_an_institution_admin_creates_and_revokes_api_clients(world):
    admin = world.login(world.a.people["institution_admin"])
    r = world.client.post(
        "/api/v1/api-clients",
        headers=admin,
        json={"organisation_id": str(world.a.department), "name": "Storyline packages"},
    )
    assert r.status_code == 201
    created = r.json()
    assert world.client.get("/api/v1/me", auth=(created["key"], created["secret"])).status_code == 200
    listed = world.client.get("/api/v1/api-clients", headers=admin).json()["items"]
    assert all("secret" not in c for c in listed)
    assert world.client.delete(f"/api/v1/api-clients/{created['id']}", headers=admin).status_code == 200
    assert world.client.get("/api/v1/me", auth=(created["key"], created["secret"])).status_code == 401


def test_roles_without_the_permission_get_403_on_lists(world):
    r = world.client.get("/api/v1/api-clients", headers=world.login(world.a.people["learner"]))
    assert r.status_code == 403 and "api_clients:manage" in r.json()["detail"]
    r = world.client.get("/api/v1/users", headers=world.login(world.a.people["nobody"]))
    assert r.status_code == 403

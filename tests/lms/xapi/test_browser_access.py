"""The LRS as a page in a browser calls it: CORS for the xAPI resources, and short version headers."""

import base64
import json
import uuid

import pytest
from fastapi.testclient import TestClient

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings

OWN = "http://localhost:8000"  # the origin of the default public_url
ELSEWHERE = "https://content.example.org"
RESOURCES = [
    "/xapi/about",
    "/xapi/statements",
    "/xapi/activities",
    "/xapi/activities/state",
    "/xapi/activities/profile",
    "/xapi/agents",
    "/xapi/agents/profile",
]
ASKED_HEADERS = "authorization,content-type,x-experience-api-version,if-match,if-none-match"


def _statement() -> dict[str, object]:
    return {
        "actor": {"mbox": "mailto:officer@gov.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": "https://karmayogi.example/modules/1"},
    }


def _preflight(client: TestClient, path: str, origin: str, method: str = "PUT"):  # type: ignore[no-untyped-def]
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": ASKED_HEADERS,
        },
    )


@pytest.mark.parametrize("path", RESOURCES)
def test_a_preflight_from_the_platforms_own_origin_is_answered_on_every_resource(lrs, path):
    r = _preflight(lrs.client, path, OWN)
    assert r.status_code == 200, r.text
    assert r.headers["Access-Control-Allow-Origin"] == OWN
    allowed = {h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")}
    assert set(ASKED_HEADERS.split(",")) <= allowed
    assert {"GET", "PUT", "POST", "DELETE"} <= set(r.headers["Access-Control-Allow-Methods"].split(", "))


def test_a_preflight_from_another_origin_gets_no_permission(lrs):
    r = _preflight(lrs.client, "/xapi/statements", ELSEWHERE)
    assert r.status_code == 400
    assert "Access-Control-Allow-Origin" not in r.headers


def test_a_cross_origin_post_and_get_expose_the_xapi_headers(lrs):
    key, secret = lrs.a
    headers = {"Origin": OWN, "X-Experience-API-Version": "1.0.3"}
    posted = lrs.client.post("/xapi/statements", json=_statement(), auth=(key, secret), headers=headers)
    assert posted.status_code == 200, posted.text
    assert posted.headers["Access-Control-Allow-Origin"] == OWN
    got = lrs.client.get("/xapi/statements", auth=(key, secret), headers=headers)
    assert got.headers["Access-Control-Allow-Origin"] == OWN
    exposed = {h.strip().lower() for h in got.headers["Access-Control-Expose-Headers"].split(",")}
    assert {
        "x-experience-api-consistent-through",
        "x-experience-api-version",
        "etag",
        "last-modified",
    } <= exposed
    assert "Origin" in got.headers["Vary"]
    # An error is readable by the page too, or it could not tell a refusal from a network failure.
    refused = lrs.client.get("/xapi/statements", params={"LIMIT": "1"}, auth=(key, secret), headers=headers)
    assert refused.status_code == 400 and refused.headers["Access-Control-Allow-Origin"] == OWN
    assert "X-Experience-API-Consistent-Through" in refused.headers


def test_the_rest_of_the_api_gives_no_cross_origin_access(lrs):
    r = _preflight(lrs.client, "/api/v1/auth/token", OWN, method="POST")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Origin" not in lrs.client.get("/healthz", headers={"Origin": OWN}).headers


def test_the_alternate_request_syntax_works_across_origins(lrs):
    key, secret = lrs.a
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    sid = str(uuid.uuid4())
    form = {
        "statementId": sid,
        "content": json.dumps(_statement()),
        "Authorization": auth,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    # The syntax exists for clients that can only send a form POST: a simple request, no preflight.
    r = lrs.client.post("/xapi/statements?method=PUT", data=form, headers={"Origin": OWN})
    assert r.status_code == 204, r.text
    assert r.headers["Access-Control-Allow-Origin"] == OWN
    refused = lrs.client.post("/xapi/statements?method=PATCH", data=form, headers={"Origin": OWN})
    assert refused.status_code == 400 and refused.headers["Access-Control-Allow-Origin"] == OWN
    # A preflight that names a method in the query is a preflight, not an alternate request.
    assert _preflight(lrs.client, "/xapi/statements?method=PUT", OWN, method="POST").status_code == 200
    got = lrs.call("GET", "/xapi/statements", params={"statementId": sid})
    assert got.status_code == 200 and got.json()["id"] == sid


def test_the_allowed_origins_are_configurable(db, lrs):
    settings = Settings(database_url=db.url, secret_key="x" * 40, xapi_cors_origins=(ELSEWHERE,))
    with TestClient(create_app(settings, db)) as client:
        assert _preflight(client, "/xapi/statements", ELSEWHERE).headers["Access-Control-Allow-Origin"] == (
            ELSEWHERE
        )
        assert "Access-Control-Allow-Origin" not in _preflight(client, "/xapi/statements", OWN).headers
    anyone = Settings(database_url=db.url, secret_key="x" * 40, xapi_cors_origins=("*",))
    with TestClient(create_app(anyone, db)) as client:
        assert _preflight(client, "/xapi/about", ELSEWHERE).headers["Access-Control-Allow-Origin"] == "*"


def test_an_origin_setting_that_is_not_an_origin_is_refused(monkeypatch):
    with pytest.raises(ValueError, match=r"xapi_cors_origins[\s\S]*not a web origin"):
        Settings(database_url="sqlite://", secret_key="x" * 40, xapi_cors_origins=("https://a.example/lrs",))
    monkeypatch.setenv("KARMAYOGI_XAPI_CORS_ORIGINS", "https://a.example, https://b.example:8443")
    monkeypatch.setenv("KARMAYOGI_PUBLIC_URL", "https://portal.example/karmayogi/")
    assert Settings.from_env().xapi_allowed_origins == ("https://a.example", "https://b.example:8443")
    monkeypatch.delenv("KARMAYOGI_XAPI_CORS_ORIGINS")
    assert Settings.from_env().xapi_allowed_origins == ("https://portal.example",)


@pytest.mark.parametrize(
    ("sent", "answered", "stored"), [("1.0", "1.0.3", "1.0.0"), ("2.0", "2.0.0", "2.0.0")]
)
def test_a_major_minor_version_header_means_its_first_patch(lrs, sent, answered, stored):
    (sid,) = lrs.call("POST", "/xapi/statements", version=sent, json=_statement()).json()
    got = lrs.call("GET", "/xapi/statements", version=sent, params={"statementId": sid})
    assert got.status_code == 200, got.text
    assert got.headers["X-Experience-API-Version"] == answered
    assert got.json()["version"] == stored


@pytest.mark.parametrize("sent", ["1.1", "2", "3.0", "1.0.x", "0.95"])
def test_other_version_headers_are_refused(lrs, sent):
    r = lrs.call("GET", "/xapi/statements", version=sent)
    assert r.status_code == 400 and "X-Experience-API-Version" in r.text

"""Limits at the edge: no input, however large, deep, or odd, gets a 500 or is stored unbounded."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from karmayogi.api.limits import nested_deeper_than
from karmayogi.lms.config import Settings
from tests.api.conftest import Demo, World
from tests.api.test_assessment_attempts_api import Bank

XAPI = {"X-Experience-API-Version": "1.0.3"}
DEEP = b"[" * 1000 + b"]" * 1000
ACTIVITY = "https://karmayogi.example/courses/gem-procurement"
AGENT = {"objectType": "Agent", "mbox": "mailto:meera.iyer@example.com"}
STATE = {"activityId": ACTIVITY, "agent": json.dumps(AGENT), "stateId": "bookmark"}
LIMITS = Settings(database_url="sqlite://", secret_key="k")


def statement(**extensions: Any) -> dict[str, Any]:
    return {
        "actor": AGENT,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": ACTIVITY, "definition": {"extensions": extensions}},
    }


def field_of(r: Any) -> set[str]:
    return {e["field"] for e in r.json().get("errors", [])}


def test_json_nested_a_thousand_deep_is_refused_by_the_xapi_and_verify_with_400(world: World) -> None:
    client, auth = world.client, world.a.api_client
    json_type = {"Content-Type": "application/json"}
    r = client.post("/xapi/statements", content=DEEP, headers={**XAPI, **json_type}, auth=auth)
    assert r.status_code == 400, r.text
    assert "deep" in r.json()["detail"]
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    r = client.post(
        "/xapi/activities/state", params=STATE, content=DEEP, headers={**XAPI, **json_type}, auth=auth
    )
    assert r.status_code == 400, r.text
    r = client.post(
        "/credentials/verify", content=b'{"verifiableCredential": ' + DEEP + b"}", headers=json_type
    )
    assert r.status_code == 400, r.text


def test_json_nested_too_deep_is_refused_by_the_rest_api_with_422(world: World) -> None:
    r = world.client.post(
        "/api/v1/organisations",
        content=b'{"name": ' + DEEP + b"}",
        headers={**world.login(world.admin), "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert field_of(r) == {"body"}


def test_ordinary_nesting_passes_the_depth_check() -> None:
    depth = LIMITS.max_json_depth
    assert not nested_deeper_than(json.dumps([statement(a={"b": [1, {"c": 2}]})] * 200).encode(), depth)
    assert not nested_deeper_than(b'["' + b"[" * 500 + b'"]', depth)  # brackets inside a string
    assert not nested_deeper_than(b'["\\"' + b"{" * 500 + b'"]', depth)  # after an escaped quote
    assert nested_deeper_than(b"[" * (depth + 1) + b"]" * (depth + 1), depth)
    assert not nested_deeper_than(b"[" * depth + b"]" * depth, depth)


def test_a_10_mb_statement_is_refused_with_413_and_not_stored(world: World) -> None:
    big = json.dumps(statement(**{"https://karmayogi.example/x": "x" * 10_000_000})).encode()
    client, auth = world.client, world.a.api_client
    r = client.post(
        "/xapi/statements", content=big, headers={**XAPI, "Content-Type": "application/json"}, auth=auth
    )
    assert r.status_code == 413, r.text
    r = client.get("/xapi/statements", headers=XAPI, auth=auth)
    assert r.status_code == 200 and r.json()["statements"] == []


def test_a_body_without_a_content_length_is_counted_as_it_streams(world: World) -> None:
    """A chunked body declares no length: it is refused once the running count passes the limit."""

    def chunks() -> Any:
        for _ in range(10):
            yield b"x" * 1_000_000

    r = world.client.put(
        "/xapi/activities/state",
        params=STATE,
        content=chunks(),
        headers={**XAPI, "Content-Type": "application/octet-stream"},
        auth=world.a.api_client,
    )
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert r.status_code == 413, r.text
    r = world.client.get("/xapi/activities/state", params=STATE, headers=XAPI, auth=world.a.api_client)
    assert r.status_code == 404


def test_state_documents_may_be_larger_than_statements_but_are_bounded(world: World) -> None:
    client, auth = world.client, world.a.api_client
    octets = {**XAPI, "Content-Type": "application/octet-stream"}
    r = client.put(
        "/xapi/activities/state", params=STATE, content=b"x" * 5_000_000, headers=octets, auth=auth
    )
    assert r.status_code == 204, r.text
    r = client.put(
        "/xapi/activities/state", params=STATE, content=b"x" * 10_000_000, headers=octets, auth=auth
    )
    assert r.status_code == 413, r.text
    assert LIMITS.max_statements_bytes < LIMITS.max_document_bytes


def test_a_one_megabyte_competency_description_is_refused_naming_the_field(world: World) -> None:
    r = world.client.post(
        "/api/v1/competencies",
        json={"name": "Noting and drafting", "type": "behavioural", "description": "x" * 1_000_000},
        headers=world.login(world.admin),
    )
    assert r.status_code == 422, r.text
    assert field_of(r) == {"description"}
    r = world.client.post(
        "/api/v1/competencies",
        json={"name": "Noting and drafting", "type": "behavioural", "description": "x" * 2_000_000},
        headers=world.login(world.admin),
    )
    assert r.status_code == 413, r.text  # past the REST body limit, refused before any parsing


@pytest.mark.parametrize(
    ("text", "reason"),
    [(b"Office\\u0000", "U+0000"), (b"Office \\ud800", "surrogate"), (b"\\udc00", "surrogate")],
)
def test_nul_and_lone_surrogates_are_refused_in_rest_strings_naming_the_field(
    world: World, text: bytes, reason: str
) -> None:
    body = (
        b'{"name": "'
        + text
        + b'", "kind": "organisation", "parent_id": "'
        + str(world.a.department).encode()
        + b'"}'
    )
    r = world.client.post(
        "/api/v1/organisations",
        content=body,
        headers={**world.login(world.admin), "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert field_of(r) == {"name"}
    assert reason in r.json()["detail"]


def test_a_surrogate_pair_is_an_ordinary_character(world: World) -> None:
    body = (
        b'{"name": "Office \\ud83d\\ude00", "kind": "organisation", "parent_id": "%s"}'
        % str(world.a.department).encode()
    )
    r = world.client.post(
        "/api/v1/organisations",
        content=body,
        headers={**world.login(world.admin), "Content-Type": "application/json"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "Office \U0001f600"


def test_nul_in_a_query_or_a_form_is_refused_naming_the_parameter(world: World) -> None:
    r = world.client.get("/api/v1/marketplace/courses?q=GeM%00", headers=world.login(world.admin))
    assert r.status_code == 422, r.text
    assert field_of(r) == {"q"}
    r = world.client.post("/api/v1/auth/token", data={"username": "a@example.com\x00", "password": "x"})
    assert r.status_code == 422, r.text
    assert field_of(r) == {"username"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/frac/versions/18446744073709551616",
        "/api/v1/frac/versions/1/diff/18446744073709551616",
        "/api/v1/positions/{position}/requirements?version=18446744073709551616",
        "/api/v1/positions/{position}/similar?version=18446744073709551616",
        "/api/v1/courses/{course}/versions/18446744073709551616",
    ],
)
def test_integers_past_64_bits_in_paths_and_queries_are_refused_with_422(world: World, path: str) -> None:
    path = path.format(position=world.a.position, course=world.a.published_course)
    r = world.client.get(path, headers=world.login(world.admin))
    assert r.status_code == 422, r.text


def test_every_integer_parameter_has_a_maximum_the_database_can_store(world: World) -> None:
    """An unbounded integer reaches a 32-bit column and PostgreSQL refuses it: a 500 (found by the long
    schemathesis run on /priorities/{year}?version=)."""
    spec = world.client.get("/openapi.json").json()
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        for schema in [parameter.get("schema", {}), *parameter.get("schema", {}).get("anyOf", [])]
        if schema.get("type") == "integer" and "maximum" not in schema and "exclusiveMaximum" not in schema
    ]
    assert not unbounded
    r = world.client.get("/api/v1/priorities/2026?version=12141249190", headers=world.login(world.admin))
    assert r.status_code == 422 and "version" in r.text


def test_an_integer_past_64_bits_in_any_body_is_refused_naming_the_field(world: World) -> None:
    r = world.client.post(
        "/api/v1/frac/imports",
        content=b'{"competencies": [{"levels": 18446744073709551616}]}',
        headers={**world.login(world.admin), "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert field_of(r) == {"competencies.0.levels"}


def test_a_cooldown_of_1e15_seconds_is_refused_with_422(demo: Demo) -> None:
    bank = Bank(demo)
    bank.add("q1")
    body = {
        "organisation_id": bank.organisation_id,
        "title": "Office procedure test",
        "sections": [{"title": "One", "question_ids": ["q1"]}],
        "time_limit_seconds": 1800,
        "cooldown_seconds": 1e15,
    }
    r = bank.client.post("/api/v1/assessments", json=body, headers=bank.creator)
    assert r.status_code == 422, r.text
    assert field_of(r) == {"cooldown_seconds"}


def test_an_unknown_id_of_uuid_form_is_still_a_404(world: World) -> None:
    r = world.client.get(f"/api/v1/courses/{uuid.uuid4()}/versions/1", headers=world.login(world.admin))
    assert r.status_code == 404, r.text


@pytest.mark.parametrize("text", [b"\\ud800", b"a\\udfffb"])
def test_a_lone_surrogate_in_a_statement_is_refused_with_400(world: World, text: bytes) -> None:
    body = json.dumps(statement(**{"https://karmayogi.example/note": "TEXT"})).encode().replace(b"TEXT", text)
    headers = {**XAPI, "Content-Type": "application/json"}
    r = world.client.post("/xapi/statements", content=body, headers=headers, auth=world.a.api_client)
    assert r.status_code == 400, r.text
    assert "surrogate" in r.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=%C2%B2",
        "more=%C2%B2",
        "more=18446744073709551616",
        "since=99999-01-01T00:00:00Z",
        "registration=18446744073709551616",
        "agent=" + "%5B" * 100 + "%5D" * 100,
    ],
)
def test_odd_xapi_queries_are_answered_400(world: World, query: str) -> None:
    r = world.client.get(f"/xapi/statements?{query}", headers=XAPI, auth=world.a.api_client)
    assert r.status_code == 400, r.text


def test_a_limit_past_64_bits_is_the_lrs_own_maximum(world: World) -> None:
    """xAPI lets the LRS return fewer statements than asked: an enormous limit is no error."""
    r = world.client.get("/xapi/statements?limit=18446744073709551616", headers=XAPI, auth=world.a.api_client)
    assert r.status_code == 200, r.text


def test_nul_in_a_path_is_refused(world: World) -> None:
    r = world.client.get("/api/v1/frac/comp%00etency/x/history", headers=world.login(world.admin))
    assert r.status_code == 422, r.text
    assert field_of(r) == {"path"}

"""The OpenAPI document is valid, names each operation once, and says what every success returns."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'k.sqlite3'}"
    database = Database(url)
    try:
        return create_app(Settings(database_url=url, secret_key="openapi-" + "k" * 40), database).openapi()
    finally:
        database.dispose()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(method, path, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_the_document_validates_as_openapi(document):
    validate(document)


def test_operation_ids_are_unique_and_name_their_method(document):
    ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids))
    for method, path, op in _operations(document):
        assert op["operationId"].endswith("_" + method), (method, path)


def test_every_operation_documents_a_success_and_its_body(document):
    missing = []
    for method, path, op in _operations(document):
        successes = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        if not successes:
            missing.append(f"{method.upper()} {path}: no 2xx response")
            continue
        for code, response in successes.items():
            if method == "head" or code == "204":
                assert "content" not in response, f"{method.upper()} {path} {code} has no body"
                continue
            content = response.get("content") or {}
            if not content or not all(media.get("schema") for media in content.values()):
                missing.append(f"{method.upper()} {path} {code}: no response schema")
    assert missing == []


def test_the_ratings_histogram_is_a_five_integer_array(document):
    histogram = document["components"]["schemas"]["RatingSummaryOut"]["properties"]["histogram"]
    assert histogram["type"] == "array" and not isinstance(histogram.get("items"), list)
    assert (histogram["minItems"], histogram["maxItems"]) == (5, 5)


def test_the_served_document_is_the_corrected_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    database = Database(url)
    from karmayogi.lms import schema

    schema.upgrade(database.engine)
    try:
        app = create_app(Settings(database_url=url, secret_key="openapi-" + "k" * 40), database)
        with TestClient(app) as client:
            served = client.get("/openapi.json").json()
    finally:
        database.dispose()
    statements = served["paths"]["/xapi/statements"]
    assert statements["head"]["operationId"] != statements["get"]["operationId"]

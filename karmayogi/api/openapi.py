"""The OpenAPI document: one operation id per method, and a response schema for routes that answer raw bodies.

Routes that stream a document, a PDF, CSV or an xAPI object return a `Response` of their own, so
FastAPI cannot see what they send. Their 2xx schemas are written here, in one table, rather than
spread over decorators; `tests/api/test_openapi.py` fails for any route that has none.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from karmayogi.content.harmonisation import Association, Cluster, CoverageGap, OverlapMatrix

REF = "#/components/schemas/{model}"
METHOD_SUFFIX = r"_(get|head|post|put|patch|delete|options)$"
_OBJECT = {"type": "object"}
STATEMENT = {
    "type": "object",
    "description": "An xAPI statement (xAPI 2.0, part 2, 2.2).",
    "required": ["actor", "verb", "object"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "actor": _OBJECT,
        "verb": _OBJECT,
        "object": _OBJECT,
        "result": _OBJECT,
        "context": _OBJECT,
        "timestamp": {"type": "string", "format": "date-time"},
        "stored": {"type": "string", "format": "date-time"},
        "authority": _OBJECT,
        "version": {"type": "string"},
        "attachments": {"type": "array", "items": _OBJECT},
    },
}
STATEMENT_RESULT = {
    "type": "object",
    "description": "A page of statements; `more` is the IRL of the next page, or empty.",
    "required": ["statements"],
    "properties": {
        "statements": {"type": "array", "items": {"$ref": "#/components/schemas/XapiStatement"}},
        "more": {"type": "string"},
    },
}
DOCUMENT = {
    "application/json": {
        "schema": {
            "description": "The stored document when one is named, or the ids of the stored documents.",
            "oneOf": [{"type": "array", "items": {"type": "string"}}, _OBJECT],
        }
    },
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}
CSV = {"text/csv": {"schema": {"type": "string", "description": "CSV with a header row"}}}


def _json(schema: dict[str, Any], **more: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}, **more}


def _adapted(kind: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A JSON schema from a dataclass type, with its definitions lifted into the components."""
    schema = TypeAdapter(kind).json_schema(mode="serialization", ref_template=REF)
    return schema, schema.pop("$defs", {})


def _responses() -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, Any]]:
    """(method, path) → the 2xx content of routes whose handlers return their own Response."""
    components: dict[str, Any] = {"XapiStatement": STATEMENT, "XapiStatementResult": STATEMENT_RESULT}
    reports = {}
    for path, kind in (
        ("/api/v1/harmonisation/overlaps", list[Association]),
        ("/api/v1/harmonisation/clusters", list[Cluster]),
        ("/api/v1/harmonisation/institutions", OverlapMatrix),
        ("/api/v1/harmonisation/coverage", list[CoverageGap]),
    ):
        schema, defs = _adapted(kind)
        components.update(defs)
        reports[("get", path)] = _json(schema, **CSV)
    statement = {"$ref": "#/components/schemas/XapiStatement"}
    table: dict[tuple[str, str], dict[str, Any]] = {
        **reports,
        ("get", "/api/v1/credentials/{credential_id}/certificate.pdf"): {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}
        },
        **{
            ("get", path): {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
            for path in (
                "/api/v1/decisions/{decision_id}/letter.pdf",
                "/api/v1/decisions/{decision_id}/order.pdf",
                "/api/v1/hr/allocation-orders/{order_id}/order.pdf",
            )
        },
        ("get", "/credentials/status/{list_id}"): _json(
            {**_OBJECT, "description": "A signed BitstringStatusListCredential (W3C VC Data Model 2.0)."}
        ),
        ("get", "/.well-known/did.json"): _json(
            {
                **_OBJECT,
                "description": "The issuer's did:web DID document.",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "verificationMethod": {"type": "array", "items": _OBJECT},
                },
            }
        ),
        ("get", "/xapi/about"): _json(
            {
                **_OBJECT,
                "required": ["version"],
                "properties": {
                    "version": {"type": "array", "items": {"type": "string"}},
                    "extensions": _OBJECT,
                },
            }
        ),
        ("post", "/xapi/statements"): _json({"type": "array", "items": {"type": "string", "format": "uuid"}}),
        ("get", "/xapi/statements"): {
            **_json({"oneOf": [statement, {"$ref": "#/components/schemas/XapiStatementResult"}]}),
            "multipart/mixed": {"schema": {"type": "string", "description": "statements with attachments"}},
        },
        ("get", "/xapi/activities"): _json(
            {**_OBJECT, "description": "The Activity with its canonical definition.", "required": ["id"]}
        ),
        ("get", "/xapi/agents"): _json(
            {
                **_OBJECT,
                "description": "A Person: every identifier known for the agent.",
                "required": ["objectType"],
            }
        ),
    }
    # Reports and statements of account come as the format their path names.
    document_formats = {
        "text/html": {"schema": {"type": "string", "description": "the document as a web page"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        **CSV,
        **_json({**_OBJECT, "description": "the document's figures"}),
    }
    for path in (
        "/api/v1/subscriptions/{organisation_id}/{year}/statement.{fmt}",
        "/api/v1/reports/{year}/state-of-civil-services.{fmt}",
        "/api/v1/reports/{year}/departments/{organisation_id}.{fmt}",
    ):
        table[("get", path)] = document_formats
    # cmi5: the fetch URL's auth-token document (cmi5 8.2.3), and the files of imported packages.
    table[("post", "/api/v1/cmi5/fetch/{session_id}/{secret}")] = _json(
        {**_OBJECT, "required": ["auth-token"], "properties": {"auth-token": {"type": "string"}}}
    )
    table[("get", "/content/{key}/{path}")] = {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
    }
    for path in ("/xapi/activities/state", "/xapi/activities/profile", "/xapi/agents/profile"):
        table[("get", path)] = DOCUMENT
    return table, components


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, generated once and kept, with the corrections above applied."""
    if app.openapi_schema:
        return app.openapi_schema
    with warnings.catch_warnings():  # GET+HEAD routes share an id until it is made unique below
        warnings.filterwarnings("ignore", message="Duplicate Operation ID")
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
    table, components = _responses()
    document.setdefault("components", {}).setdefault("schemas", {}).update(components)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            # A route serving GET and HEAD has one generated id, ending in whichever method came first
            # out of a set; ending every id in its own method makes them unique and stable.
            operation["operationId"] = re.sub(METHOD_SUFFIX, "", operation["operationId"]) + "_" + method
            if method == "head":
                for code, response in operation["responses"].items():
                    if code.startswith("2"):
                        response.pop("content", None)  # HEAD answers headers only
                continue
            successes = {c: r for c, r in operation["responses"].items() if c.startswith("2") and c != "204"}
            content = table.get((method, path))
            if content is not None:
                successes[min(successes)]["content"] = content
            # A second success declared only by its description (201 created, 200 already there)
            # sends the same body as the first.
            bodies = [r["content"] for r in successes.values() if r.get("content")]
            for response in successes.values():
                if bodies and not response.get("content"):
                    response["content"] = bodies[0]
    app.openapi_schema = document
    return document

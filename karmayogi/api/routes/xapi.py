"""The xAPI resources under /xapi: about, statements (PUT, POST, GET, HEAD), activities and agents.

xAPI has its own conventions, kept here rather than in the rest of the API: HTTP Basic with an
API client's key and secret (the client is the statement's authority), a required
X-Experience-API-Version header, 400 for every bad request, and unknown query parameters refused.
"""

import json
import uuid
from dataclasses import replace
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from karmayogi.api import limits
from karmayogi.api.deps import (
    SessionDep,
)
from karmayogi.api.xapi_protocol import (
    SUPPORTED,
    Client,
    Settled,
    Through,
    Version,
    bad_request,
    query_without_nul,
    version_headers,
)
from karmayogi.lms import telemetry
from karmayogi.lms.cmi5 import rules as cmi5_rules
from karmayogi.lms.errors import DomainError, PermissionDenied
from karmayogi.lms.permissions import Principal
from karmayogi.lms.xapi import activities, attachments
from karmayogi.lms.xapi import statements as store
from karmayogi.lms.xapi.formatting import accepted_languages, formatted
from karmayogi.lms.xapi.validation import (
    agent_parameter,
    parse_json,
    refuse_nul,
    uuid_parameter,
    validate_iri,
    validate_statements,
    validate_timestamp,
)

router = APIRouter(prefix="/xapi", tags=["xAPI"], dependencies=[Depends(query_without_nul)])
QUERY_PARAMETERS = {
    "statementId",
    "voidedStatementId",
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "more",
}
SINGLE_ALLOWED = {"statementId", "voidedStatementId", "format", "attachments"}


def _authority(principal: Principal) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "account": {"homePage": "urn:karmayogi:api-client", "name": str(principal.id)},
    }


async def _statements_body(request: Request) -> tuple[Any, dict[str, attachments.Part]]:
    """The statements of a POST or PUT, and the attachment parts sent with them (multipart/mixed)."""
    content_type = request.headers.get("content-type", "application/json")
    media = content_type.split(";")[0].strip().lower()
    body = await request.body()
    if media == "multipart/mixed":
        statements, parts = attachments.parse_multipart(body, content_type)
    elif media == "application/json":
        statements, parts = parse_json(body, "the body"), {}
    else:
        raise bad_request(f"statements are sent as application/json or multipart/mixed, not {media}")
    # JSON can carry U+0000 only escaped: a body without the escape needs no walk.
    if b"\\u0000" in body:
        refuse_nul(statements, "statements")
    # Nor can it carry a surrogate otherwise, which no database can store unpaired.
    if limits.SURROGATE_ESCAPE.search(body) and (fault := limits.first_fault(statements, integers=False)):
        raise bad_request(f"statements.{fault[0]}: {fault[1]}")
    return statements, parts


def _store(
    request: Request,
    session: SessionDep,
    client: Principal,
    body: Any,
    parts: dict[str, attachments.Part],
    version: str,
) -> list[uuid.UUID]:
    """Validate, check the attachments against their parts, then store statements and attachments together.

    Called in a worker thread: a batch waiting on a lock that another request's transaction holds
    must not block the event loop.
    """
    try:
        statements = validate_statements(body, version)
        grant = getattr(request.state, "cmi5", None)
        if grant is not None:
            cmi5_rules.check(session, grant, statements)
        projected = request.app.state.projector.wants
        needed = attachments.check(statements, parts)
        ids = store.store(
            session, client.organisation_id, client.id, _authority(client), statements, version, projected
        )
        attachments.store(session, client.organisation_id, needed)
        if grant is not None:
            cmi5_rules.apply(session, request.app.state.settings, grant, statements)
    except DomainError as exc:
        telemetry.XAPI_REFUSED.labels(type(exc).__name__).inc()
        raise
    telemetry.XAPI_STATEMENTS.inc(len(ids))
    # Committed here rather than when the request ends: a reader waits for the batches in flight
    # (`store.settled`), and should not wait on this worker's event loop too.
    session.commit()
    return ids


@router.get("/about")
def about() -> JSONResponse:
    """The xAPI versions this LRS speaks; no credentials needed."""
    return JSONResponse({"version": list(SUPPORTED), "extensions": {}}, headers=version_headers("1.0.3"))


@router.put("/statements", status_code=204)
async def put_statement(
    request: Request, session: SessionDep, client: Client, version: Version, background: BackgroundTasks
) -> Response:
    """Store one statement under the id given as `statementId`."""
    unknown = set(request.query_params) - {"statementId"}
    if unknown:
        raise bad_request(f"unknown query parameter(s) for PUT: {', '.join(sorted(unknown))}")
    statement_id = request.query_params.get("statementId")
    if not statement_id:
        raise bad_request("PUT /statements needs the statementId query parameter")
    body, parts = await _statements_body(request)
    if not isinstance(body, dict):
        raise bad_request("PUT /statements takes a single statement object")
    if "id" in body and str(body["id"]).lower() != statement_id.lower():
        raise bad_request("the statement's id does not match the statementId parameter")
    body = {**body, "id": statement_id}
    await run_in_threadpool(_store, request, session, client, body, parts, version)
    background.add_task(request.app.state.projector.nudge)  # runs once the statement is committed
    return Response(status_code=204, headers=version_headers(version))


@router.post("/statements")
async def post_statements(
    request: Request, session: SessionDep, client: Client, version: Version, background: BackgroundTasks
) -> JSONResponse:
    """Store a statement or a batch, all or nothing; answers the ids in order."""
    if request.query_params:
        raise bad_request(f"unknown query parameter(s) for POST: {', '.join(sorted(request.query_params))}")
    body, parts = await _statements_body(request)
    ids = await run_in_threadpool(_store, request, session, client, body, parts, version)
    background.add_task(request.app.state.projector.nudge)  # runs once the statements are committed
    return JSONResponse([str(i) for i in ids], headers=version_headers(version))


def _flag(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise bad_request(f"{name} must be true or false")
    return value == "true"


def _time(params: dict[str, str], name: str, version: str) -> datetime | None:
    if name not in params:
        return None
    return validate_timestamp(params[name], name, version)


@router.api_route("/statements", methods=["GET", "HEAD"])
def get_statements(
    request: Request, settled: Settled, session: SessionDep, client: Client, version: Version
) -> Response:
    """A single statement by id, or a page of statements matching every filter given."""
    params = dict(request.query_params)
    unknown = set(params) - QUERY_PARAMETERS
    if unknown:
        raise bad_request(
            f"unknown query parameter(s): {', '.join(sorted(unknown))} (names are case-sensitive)"
        )
    headers = version_headers(version)
    single = params.get("statementId") or params.get("voidedStatementId")
    if single is not None:
        if "statementId" in params and "voidedStatementId" in params:
            raise bad_request("give statementId or voidedStatementId, not both")
        extra = set(params) - SINGLE_ALLOWED
        if extra:
            raise bad_request(f"{', '.join(sorted(extra))} cannot be combined with a statement id")
        statement_id = uuid_parameter(
            single, "statementId" if "statementId" in params else "voidedStatementId"
        )
        found = store.get_statement(
            session, client.organisation_id, statement_id, "voidedStatementId" in params
        )
        if found is None:
            return JSONResponse({"detail": f"no statement {statement_id}"}, status_code=404, headers=headers)
        stored = datetime.fromisoformat(found["stored"].replace("Z", "+00:00"))
        headers["Last-Modified"] = format_datetime(stored, usegmt=True)
        return _statements_response(
            request, session, client, params, _format(request, params, found), [found], headers
        )
    q = replace(_query(params, version), settled_seq=settled.seq)
    grant = getattr(request.state, "cmi5", None)
    if grant is not None:  # an AU reads its own learner's statements in its registration only
        if q.agent not in (None, grant.actor_key) or q.registration not in (None, grant.registration_id):
            raise PermissionDenied("a cmi5 session token reads only its own actor and registration")
        q = replace(q, agent=grant.actor_key, registration=grant.registration_id)
    texts, more = store.query(session, client.organisation_id, q)
    more_link = ""
    if more is not None:
        rest = {k: v for k, v in params.items() if k != "more"}
        rest["more"] = str(more)
        more_link = "/xapi/statements?" + urlencode(rest)
    if _requested_format(params) == "exact" and not _flag(params, "attachments"):
        # The statements go out as stored, spliced into the page without being parsed.
        page = f'{{"statements":[{",".join(texts)}],"more":{json.dumps(more_link)}}}'
        return _respond_raw(request, page, headers)
    found_page = [json.loads(text) for text in texts]
    body = {"statements": [_format(request, params, s) for s in found_page], "more": more_link}
    return _statements_response(request, session, client, params, body, found_page, headers)


def _statements_response(
    request: Request,
    session: SessionDep,
    client: Principal,
    params: dict[str, str],
    document: Any,
    statements: list[dict[str, Any]],
    headers: dict[str, str],
) -> Response:
    """JSON, or with `attachments=true` a multipart/mixed body carrying the statements' attachments too."""
    if not _flag(params, "attachments") or request.method == "HEAD":
        return _respond(request, document, headers)
    body, content_type = attachments.multipart(
        document, attachments.for_statements(session, client.organisation_id, statements)
    )
    return Response(body, headers={**headers, "Content-Type": content_type})


def _requested_format(params: dict[str, str]) -> str:
    fmt = params.get("format", "exact")
    if fmt not in ("ids", "exact", "canonical"):
        raise bad_request("format must be ids, exact or canonical")
    return fmt


def _format(request: Request, params: dict[str, str], statement: dict[str, Any]) -> dict[str, Any]:
    fmt = _requested_format(params)
    return formatted(statement, fmt, accepted_languages(request.headers.get("Accept-Language")))


def _respond(request: Request, body: Any, headers: dict[str, str]) -> Response:
    if request.method == "HEAD":
        return Response(status_code=200, headers={**headers, "Content-Type": "application/json"})
    return JSONResponse(body, headers=headers)


def _respond_raw(request: Request, body: str, headers: dict[str, str]) -> Response:
    """A JSON document already written out."""
    if request.method == "HEAD":
        return Response(status_code=200, headers={**headers, "Content-Type": "application/json"})
    return Response(body, media_type="application/json", headers=headers)


def _query(params: dict[str, str], version: str) -> store.StatementQuery:
    agent_key = None
    if "agent" in params:
        agent_key = store.agent_key(agent_parameter(params["agent"], version))
    registration = None
    if "registration" in params:
        registration = uuid_parameter(params["registration"], "registration")
    limit = params.get("limit", "0")
    if not (limit.isascii() and limit.isdigit()):
        raise bad_request("limit must be a non-negative integer")
    more = params.get("more")
    # A `more` link carries a sequence number, which fits in 64 bits like the column it comes from.
    if more is not None and not (more.isascii() and more.isdigit() and int(more) < limits.INT64):
        raise bad_request("more is not a link this LRS issued")
    _flag(params, "attachments")
    _requested_format(params)
    return store.StatementQuery(
        agent=agent_key,
        verb=params.get("verb"),
        activity=params.get("activity"),
        registration=registration,
        related_agents=_flag(params, "related_agents"),
        related_activities=_flag(params, "related_activities"),
        since=_time(params, "since", version),
        until=_time(params, "until", version),
        limit=int(limit),
        ascending=_flag(params, "ascending"),
        after_seq=int(more) if more is not None else None,
    )


@router.api_route("/activities", methods=["GET", "HEAD"], dependencies=[Through])
def get_activity(request: Request, session: SessionDep, client: Client, version: Version) -> Response:
    """The canonical definition of one activity, as statements have given it."""
    params = dict(request.query_params)
    unknown = set(params) - {"activityId"}
    if unknown:
        raise bad_request(f"unknown query parameter(s): {', '.join(sorted(unknown))}")
    if "activityId" not in params:
        raise bad_request("the activityId query parameter is required")
    activity_id = validate_iri(params["activityId"], "activityId")
    return _respond(
        request, activities.get(session, client.organisation_id, activity_id), version_headers(version)
    )


@router.api_route("/agents", methods=["GET", "HEAD"], dependencies=[Through])
def get_person(request: Request, client: Client, version: Version) -> Response:
    """The Person known by an agent's identifier: this LRS keeps no merged identities, so it is that agent."""
    params = dict(request.query_params)
    unknown = set(params) - {"agent"}
    if unknown:
        raise bad_request(f"unknown query parameter(s): {', '.join(sorted(unknown))}")
    if "agent" not in params:
        raise bad_request("the agent query parameter is required")
    agent = agent_parameter(params["agent"], version, allow_group=False)
    person: dict[str, Any] = {"objectType": "Person"}
    for key in ("name", "mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return _respond(request, person, version_headers(version))

"""The xAPI document resources: /xapi/activities/state, /xapi/activities/profile, /xapi/agents/profile.

Each stores opaque documents with their Content-Type, returns them byte for byte with an ETag
(quoted SHA-1) and Last-Modified, lists ids (optionally `since` a time), merges JSON objects on
POST and honours If-Match / If-None-Match on PUT, POST and DELETE. A PUT without either header may
not overwrite an existing profile document (409), nor, in xAPI 2.0, a state document; in 1.0.x a
profile PUT needs one of the headers even to create (400). Conventions are those of the statements
routes in `karmayogi.api.routes.xapi`: 400 for every bad request, unknown or misspelt parameters
refused, and every document scoped to the API client's organisation.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from karmayogi.api.deps import SessionDep
from karmayogi.api.xapi_protocol import (
    Client,
    Through,
    Version,
    bad_request,
    query_without_nul,
    version_headers,
)
from karmayogi.lms.cmi5 import launch
from karmayogi.lms.errors import PermissionDenied
from karmayogi.lms.xapi import documents
from karmayogi.lms.xapi.statements import agent_key
from karmayogi.lms.xapi.validation import agent_parameter, validate_iri, validate_timestamp, validate_uuid

router = APIRouter(prefix="/xapi", tags=["xAPI documents"], dependencies=[Depends(query_without_nul)])
DEFAULT_CONTENT_TYPE = "application/octet-stream"


async def _body(request: Request) -> bytes:
    return await request.body()


Body = Annotated[bytes, Depends(_body)]


@dataclass(frozen=True)
class _Resource:
    """One document resource: its path, kind, id parameter and the parameters its scope is keyed on."""

    path: str
    kind: str
    id_param: str
    activity: bool
    agent: bool
    registration: bool = False

    @property
    def what(self) -> str:
        return self.kind.replace("_", " ")


STATE = _Resource(
    "/activities/state", documents.STATE, "stateId", activity=True, agent=True, registration=True
)
ACTIVITY_PROFILE = _Resource(
    "/activities/profile", documents.ACTIVITY_PROFILE, "profileId", activity=True, agent=False
)
AGENT_PROFILE = _Resource("/agents/profile", documents.AGENT_PROFILE, "profileId", activity=False, agent=True)


@dataclass(frozen=True)
class _Target:
    scope: documents.Scope
    document_id: str | None
    since: datetime | None


def _target(request: Request, resource: _Resource, version: str) -> _Target:
    """Check and read the query parameters of a request to `resource` (400 naming any bad one)."""
    method = request.method if request.method != "HEAD" else "GET"
    allowed = {resource.id_param}
    required = []
    if resource.activity:
        allowed.add("activityId")
        required.append("activityId")
    if resource.agent:
        allowed.add("agent")
        required.append("agent")
    if resource.registration:
        allowed.add("registration")
    if method == "GET":
        allowed.add("since")
    # A single document is named for PUT and POST always, and for DELETE except on the State Resource.
    if method in ("PUT", "POST") or (method == "DELETE" and resource is not STATE):
        required.append(resource.id_param)

    names = [name for name, _ in request.query_params.multi_items()]
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise bad_request(
            f"unknown query parameter(s) for {method} /xapi{resource.path}: {', '.join(unknown)} "
            f"(names are case-sensitive; allowed: {', '.join(sorted(allowed))})",
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise bad_request(f"query parameter(s) given more than once: {', '.join(repeated)}")
    params = dict(request.query_params)
    missing = [name for name in required if name not in params]
    if missing:
        raise bad_request(
            f"{method} /xapi{resource.path} needs the query parameter(s): {', '.join(missing)}",
        )

    activity_id = validate_iri(params["activityId"], "activityId") if "activityId" in params else None
    key = None
    if "agent" in params:
        key = agent_key(agent_parameter(params["agent"], version, allow_group=False))
    registration: uuid.UUID | None = None
    if "registration" in params:
        registration = validate_uuid(params["registration"], "registration")
    since = validate_timestamp(params["since"], "since", version) if "since" in params else None
    document_id = params.get(resource.id_param)
    if document_id is not None and not document_id:
        raise bad_request(f"{resource.id_param} must not be empty")
    scope = documents.Scope(resource.kind, activity_id, key, registration)
    grant = getattr(request.state, "cmi5", None)
    if grant is not None and (
        (resource.agent and key != grant.actor_key)
        or (resource is STATE and registration not in (None, grant.registration_id))
        or (resource is not STATE and resource is not AGENT_PROFILE and method != "GET")
        or (resource is STATE and method != "GET" and document_id in ("LMS.LaunchData", None))
    ):
        raise PermissionDenied(
            "a cmi5 session token reaches only its own actor's and registration's documents"
        )
    return _Target(scope, document_id, since)


def _preconditions(request: Request) -> documents.Preconditions:
    return documents.Preconditions.from_headers(
        request.headers.get("If-Match"), request.headers.get("If-None-Match")
    )


def _put_rules(resource: _Resource, version: str) -> documents.PutRules:
    """1.0.x lets state PUTs overwrite freely and makes profile PUTs carry a precondition; 2.0 guards all."""
    v2 = version.startswith("2.")
    if resource is STATE:
        return documents.PutRules(guard_overwrite=v2, require_precondition=False)
    return documents.PutRules(guard_overwrite=True, require_precondition=not v2)


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _content_type(request: Request) -> str:
    return request.headers.get("Content-Type") or DEFAULT_CONTENT_TYPE


def _check_preferences(request: Request, resource: _Resource, target: _Target, body: bytes) -> None:
    grant = getattr(request.state, "cmi5", None)
    if grant is not None and resource is AGENT_PROFILE and target.document_id == launch.PREFERENCES:
        launch.check_preferences(body, _content_type(request))


def _get(request: Request, session: Session, client: Client, version: str, resource: _Resource) -> Response:
    target = _target(request, resource, version)
    grant = getattr(request.state, "cmi5", None)
    preferences = grant is not None and resource is AGENT_PROFILE and target.document_id == launch.PREFERENCES
    if preferences:
        launch.mark_preferences_read(session, grant.session_id)
    headers = version_headers(version)
    if target.document_id is not None:
        try:
            found = documents.get(session, client.organisation_id, target.scope, target.document_id)
        except documents.DocumentNotFound:
            if preferences:
                session.commit()  # the AU has asked, though there are none yet: a 404 must not undo that
            raise
        content, content_type, etag, updated = found.content, found.content_type, found.etag, found.updated
    else:
        ids, updated = documents.list_ids(session, client.organisation_id, target.scope, target.since)
        content = json.dumps(ids, ensure_ascii=False).encode()
        content_type, etag = "application/json", documents.etag_of(content)
    headers |= {"Content-Type": content_type, "ETag": f'"{etag}"'}
    if updated is not None:
        headers["Last-Modified"] = _http_date(updated)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(content))
        return Response(status_code=200, headers=headers)
    return Response(content=content, status_code=200, headers=headers)


def _put(
    request: Request, session: Session, client: Client, version: str, body: bytes, resource: _Resource
) -> Response:
    target = _target(request, resource, version)
    assert target.document_id is not None
    _check_preferences(request, resource, target, body)
    where = (session, client.organisation_id, target.scope, target.document_id)
    documents.put(
        *where, body, _content_type(request), _preconditions(request), _put_rules(resource, version)
    )
    return Response(status_code=204, headers=version_headers(version))


def _post(
    request: Request, session: Session, client: Client, version: str, body: bytes, resource: _Resource
) -> Response:
    target = _target(request, resource, version)
    assert target.document_id is not None
    _check_preferences(request, resource, target, body)
    where = (session, client.organisation_id, target.scope, target.document_id)
    documents.merge(*where, body, _content_type(request), _preconditions(request))
    return Response(status_code=204, headers=version_headers(version))


def _delete(
    request: Request, session: Session, client: Client, version: str, resource: _Resource
) -> Response:
    target = _target(request, resource, version)
    if target.document_id is None:
        documents.delete_all(session, client.organisation_id, target.scope)
    else:
        documents.delete(
            session, client.organisation_id, target.scope, target.document_id, _preconditions(request)
        )
    return Response(status_code=204, headers=version_headers(version))


def _register(resource: _Resource) -> None:
    """GET/HEAD, PUT, POST and DELETE on one resource's path."""
    name = resource.kind

    @router.api_route(
        resource.path,
        methods=["GET", "HEAD"],
        dependencies=[Through],
        name=f"get_{name}",
        summary=f"One {resource.what} document by {resource.id_param}, or the list of ids (since a time)",
    )
    def get_document(request: Request, session: SessionDep, client: Client, version: Version) -> Response:
        return _get(request, session, client, version, resource)

    @router.put(
        resource.path,
        status_code=204,
        name=f"put_{name}",
        summary=f"Store a {resource.what} document whole (If-Match / If-None-Match guard it)",
    )
    def put_document(
        request: Request, session: SessionDep, client: Client, version: Version, body: Body
    ) -> Response:
        return _put(request, session, client, version, body, resource)

    @router.post(
        resource.path,
        status_code=204,
        name=f"post_{name}",
        summary=f"Merge a JSON object into a {resource.what} document, or store it when new",
    )
    def post_document(
        request: Request, session: SessionDep, client: Client, version: Version, body: Body
    ) -> Response:
        return _post(request, session, client, version, body, resource)

    summary = (
        "Delete one state document, or every one for the activity and agent (and registration)"
        if resource is STATE
        else f"Delete a {resource.what} document"
    )

    @router.delete(resource.path, status_code=204, name=f"delete_{name}", summary=summary)
    def delete_document(request: Request, session: SessionDep, client: Client, version: Version) -> Response:
        return _delete(request, session, client, version, resource)


for _resource in (STATE, ACTIVITY_PROFILE, AGENT_PROFILE):
    _register(_resource)

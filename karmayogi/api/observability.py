"""Per-request telemetry: a request id in and out, one JSON log line per request, latency histograms,
and the Prometheus /metrics endpoint."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from karmayogi.lms import telemetry
from karmayogi.lms.learning import projections

REQUEST_ID = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")  # a balancer's id is kept; anything else replaced
_current: ContextVar[dict[str, Any] | None] = ContextVar("karmayogi_request", default=None)
log = structlog.get_logger("karmayogi.request")


def note_caller(kind: str, ident: object) -> None:
    """Name the signed-in user or API client in this request's log line."""
    info = _current.get()
    if info is not None:
        info["caller"] = f"{kind}:{ident}"


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is None:  # a middleware below rewrote the scope (xAPI alternate syntax): match again
        for candidate in scope["app"].router.routes:
            if candidate.matches(scope)[0] == Match.FULL:
                route = candidate
                break
    template = getattr(route, "path", None)
    if not template:
        return "unmatched"
    # A route of an included router knows its path without the router's prefix: find the prefix.
    path, regex = scope["path"], getattr(route, "path_regex", None)
    if regex is not None and not regex.match(path):
        for at in (i for i, char in enumerate(path) if char == "/" and i > 0):
            if regex.match(path[at:]):
                return path[:at] + template
    return template


class RequestTelemetry:
    """Outermost middleware: times and logs every HTTP request, and echoes or assigns its request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        info: dict[str, Any] = {"status": 500}
        token = _current.set(info)
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                info["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            telemetry.REQUEST_SECONDS.labels(scope["method"], route, str(info["status"])).observe(elapsed)
            if route != "/metrics":
                log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],  # without the query string, which may carry a token
                    route=route,
                    status=info["status"],
                    latency_ms=round(elapsed * 1000, 2),
                    caller=info.get("caller"),
                    client=(scope.get("client") or ("", 0))[0],
                )
            structlog.contextvars.unbind_contextvars("request_id")
            _current.reset(token)


router = APIRouter(tags=["operations"])


class _Projection:
    """The projector's backlog, read from the database at each scrape (true across processes)."""

    def __init__(self, request: Request) -> None:
        self.database = request.app.state.database

    def collect(self) -> Any:
        with self.database.transaction() as session:
            status = projections.status(session)
        waiting = GaugeMetricFamily(
            "karmayogi_xapi_projection_waiting", "xAPI statements stored but not yet projected."
        )
        waiting.add_metric([], status.waiting)
        lag = GaugeMetricFamily(
            "karmayogi_xapi_projection_lag_seconds",
            "Age of the oldest statement waiting for projection; 0 when none waits.",
        )
        oldest = status.oldest_waiting
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        lag.add_metric([], (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0)
        return [waiting, lag]


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> Response:
    """Prometheus metrics of every worker of this server; keep it behind the proxy (deploy/nginx)."""
    if telemetry.multiprocess():
        process: CollectorRegistry = CollectorRegistry()
        MultiProcessCollector(process)
    else:
        process = REGISTRY
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(_Projection(request))  # type: ignore[arg-type]
    scrape.register(telemetry.BatchJobs(request.app.state.settings.data_dir))  # type: ignore[arg-type]
    body = generate_latest(process) + generate_latest(scrape)
    return Response(body, media_type=CONTENT_TYPE_LATEST)

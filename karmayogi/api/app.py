"""The FastAPI application factory."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

import karmayogi
from karmayogi.api import observability, pages, problems, xapi_protocol
from karmayogi.api.admission import Admission
from karmayogi.api.deps import SessionDep
from karmayogi.api.limits import InputLimits
from karmayogi.api.openapi import openapi_document
from karmayogi.api.routes import (
    allocations,
    api_clients,
    assessments,
    auth,
    cmi5,
    courses,
    credentials,
    decisions,
    frac,
    frac_graph,
    frac_workflow,
    governance,
    harmonisation,
    marketplace,
    organisations,
    passwords,
    people,
    profiles,
    recommendations,
    sevottam,
    sign_in,
    xapi,
    xapi_documents,
)
from karmayogi.api.xapi_alternate import AlternateRequestSyntax
from karmayogi.api.xapi_cors import XapiCors
from karmayogi.lms import schema
from karmayogi.lms.config import ConfigurationError, Settings
from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.learning.projections import BackgroundProjector
from karmayogi.lms.login_throttle import Clock
from karmayogi.lms.warmup import WarmStart

API_PREFIX = "/api/v1"


class Readiness(BaseModel):
    status: str = Field(description="ready, or warming while the indexes are built")
    seconds: dict[str, float] = Field(description="how long each warm step took")
    error: str | None = Field(None, description="why warm start failed; requests then build lazily")


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    warm_start: bool | None = None,
    clock: Clock = utcnow,
) -> FastAPI:
    """Build the app; it refuses to start on a database whose schema is behind the code.

    `warm_start` (default: when the app opens its own database, as a server does, and
    KARMAYOGI_WARM_START allows) builds the indexes in the background at start. `clock` tells the
    time to what counts time at the edge (sign-in pauses); tests pass their own.
    """
    settings = settings or Settings.from_env()
    owns_database = database is None
    if warm_start is None:
        warm_start = owns_database and settings.warm_start
    database = database or Database(settings.database_url, **settings.database_pool)
    projector = BackgroundProjector(database.url, settings)
    warm = WarmStart(database)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        schema.ensure_current(database.engine)
        projector.start()  # catches up first: projection resumes where the last process stopped
        if warm_start:
            warm.start()
        else:
            warm.skip()
        yield
        projector.stop()
        if owns_database:
            database.dispose()

    app = FastAPI(
        title="Karmayogi competency engine",
        version=karmayogi.__version__,
        description="FRAC-based competency gaps, course recommendations and learning records for officials.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.projector = projector
    app.state.warm_start = warm
    app.state.clock = clock
    problems.install(app)
    for module in (
        auth,
        sign_in,
        passwords,
        organisations,
        people,
        api_clients,
        frac,
        frac_graph,
        frac_workflow,
        courses,
        marketplace,
        harmonisation,
        profiles,
        credentials,
        assessments,
        recommendations,
        decisions,
        allocations,
        governance,
        sevottam,
    ):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(credentials.public_router)  # verification needs no sign-in
    app.include_router(cmi5.router, prefix=API_PREFIX)
    app.include_router(cmi5.content_router)
    app.include_router(xapi.router)
    app.include_router(xapi_documents.router)
    pages.install(app)  # the web portal: HTML pages and their static files
    # Innermost: a request waits for admission before it takes a thread or a connection (see admission).
    app.add_middleware(
        Admission,
        limit=settings.database_pool_size + settings.database_max_overflow,
        wait_seconds=settings.database_pool_timeout_seconds,
    )
    app.add_middleware(xapi_protocol.VersionHeaders)
    app.add_middleware(AlternateRequestSyntax)
    app.add_middleware(observability.RequestTelemetry)  # outermost: it times everything below
    app.include_router(observability.router)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    app.add_middleware(InputLimits, settings=settings)  # nothing reads a body before it
    # "null": cmi5 content runs sandboxed, in an opaque origin (see routes/cmi5).
    app.add_middleware(XapiCors, origins=(*settings.xapi_allowed_origins, "null"))  # outermost: see xapi_cors

    @app.get("/healthz", tags=["operations"])
    def healthz(session: SessionDep) -> dict[str, str]:
        """Liveness: the process answers and reaches its database."""
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return {"status": "ok", "version": karmayogi.__version__, "schema": revision or "none"}

    @app.get(
        "/healthz/ready",
        tags=["operations"],
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "still building the warm indexes"}},
    )
    def ready(session: SessionDep, response: Response) -> Readiness:
        """Readiness: 503 until the warm indexes are built, so that a balancer sends no traffic before."""
        session.execute(text("SELECT 1"))
        if not warm.ready:
            response.status_code = 503
        status = "ready" if warm.ready else "warming"
        return Readiness(status=status, seconds=dict(warm.seconds), error=warm.error)

    return app


def serving_app() -> FastAPI:
    """The app as `karmayogi serve` runs it, in each worker: JSON logs, settings from the environment,
    and numerical kernels on one thread each (OMP_NUM_THREADS, default 1). A worker answers many
    requests at once; BLAS and torch threads spinning beside them cost more CPU than they saved
    (catalogue search took 16 ms of CPU for 9 ms of wall time)."""
    from threadpoolctl import threadpool_limits

    from karmayogi.lms.telemetry import configure_logging

    threads = os.environ.setdefault("OMP_NUM_THREADS", "1")  # read by torch when it is loaded
    if not threads.isdigit() or int(threads) < 1:
        raise ConfigurationError(f"OMP_NUM_THREADS={threads!r}: must be a whole number, at least 1")
    threadpool_limits(int(threads))  # numpy's BLAS, already loaded
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(settings)

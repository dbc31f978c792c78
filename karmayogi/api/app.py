"""The FastAPI application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text

import karmayogi
from karmayogi.api import pages, problems
from karmayogi.api.deps import SessionDep
from karmayogi.api.routes import (
    api_clients,
    assessments,
    auth,
    courses,
    credentials,
    decisions,
    frac,
    frac_graph,
    frac_workflow,
    harmonisation,
    marketplace,
    organisations,
    people,
    profiles,
    recommendations,
    sevottam,
    xapi,
    xapi_documents,
)
from karmayogi.api.xapi_alternate import AlternateRequestSyntax
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.xapi import emitting
from karmayogi.lms.xapi.projections import BackgroundProjector

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the app; it refuses to start on a database whose schema is behind the code."""
    settings = settings or Settings.from_env()
    owns_database = database is None
    database = database or Database(settings.database_url)
    # The platform's own statements name courses and officials by its public URL (xapi.emitting).
    database.sessions.configure(info={emitting.PUBLIC_URL: settings.public_url})
    projector = BackgroundProjector(database.url, emitting.Platform(settings.public_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        schema.ensure_current(database.engine)
        projector.start()  # catches up first: projection resumes where the last process stopped
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
    problems.install(app)
    for module in (
        auth,
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
        sevottam,
    ):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(credentials.public_router)  # verification needs no sign-in
    app.include_router(xapi.router)
    app.include_router(xapi_documents.router)
    pages.install(app)  # the web portal: HTML pages and their static files
    app.add_middleware(xapi.VersionHeaders)
    app.add_middleware(AlternateRequestSyntax)

    @app.get("/healthz", tags=["operations"])
    def healthz(session: SessionDep) -> dict[str, str]:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return {"status": "ok", "version": karmayogi.__version__, "schema": revision or "none"}

    return app

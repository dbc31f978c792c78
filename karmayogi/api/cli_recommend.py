"""`karmayogi recommend`: one official's gaps, courses and path as JSON, or the nightly refresh for all."""

import json
import uuid
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from karmayogi.content.encoders import minilm
from karmayogi.lms import recommendation_refresh, recommendations, schema, telemetry
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.errors import SchemaOutOfDate
from karmayogi.lms.orm import User
from karmayogi.recommender.batch import InProcessRunner

console = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[red]{message}[/red]", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def recommend(
    user: Annotated[
        str | None, typer.Option(help="the official's id: print their gaps, courses and path")
    ] = None,
    all_officers: Annotated[
        bool, typer.Option("--all", help="refresh every official's stored recommendations (nightly)")
    ] = False,
    k: Annotated[int, typer.Option("--k", help="how many courses")] = recommendations.DEFAULT_K,
    workers: Annotated[int, typer.Option(help="processes for --all")] = 1,
) -> None:
    """Print one JSON object: for --user its gaps, recommendations and learning path; for --all the
    refresh's counts and officers/second (with a progress bar on stderr)."""
    if all_officers == (user is not None):
        raise _fail("give either --user ID or --all")
    if not 1 <= k <= recommendations.MAX_K:
        raise _fail(f"--k must be between 1 and {recommendations.MAX_K}")
    if workers < 1:
        raise _fail("--workers must be at least 1")
    settings = Settings.from_env()
    db = Database(settings.database_url)
    try:
        try:
            schema.ensure_current(db.engine)
        except SchemaOutOfDate as exc:
            raise _fail(f"cannot run: {exc}", 1) from None
        if user is not None:
            typer.echo(json.dumps(_one(db, user, k)))
        else:
            with telemetry.batch_job(settings.data_dir, "recommend-all"):
                typer.echo(json.dumps(_refresh(db, k, workers)))
    finally:
        db.dispose()


def _one(db: Database, user: str, k: int) -> dict[str, object]:
    try:
        user_id = uuid.UUID(user)
    except ValueError:
        raise _fail(f"--user: {user!r} is not a user id (a UUID)") from None
    encoder = minilm()
    with db.transaction() as session:
        official = session.get(User, user_id)
        if official is None:
            raise _fail(f"--user: no user {user_id}")
        return {
            "user_id": str(user_id),
            "gaps": recommendations.gaps(session, encoder, official),
            "recommendations": recommendations.recommend(session, encoder, official, k),
            "learning_path": recommendations.learning_path(
                session, encoder, official, datetime.now(UTC).date()
            ),
        }


def _refresh(db: Database, k: int, workers: int) -> dict[str, object]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with db.transaction() as session, Progress(*columns, console=console) as progress:
        task = progress.add_task("officials", total=None)
        report = recommendation_refresh.refresh_all(
            session,
            minilm(),
            InProcessRunner(workers),
            k,
            lambda done, total: progress.update(task, completed=done, total=total),
        )
    console.print(
        f"{report.officers:,} officials in {report.seconds:.1f} s: {report.officers_per_second:,.0f}/s"
    )
    return {
        "officers": report.officers,
        "recommended": report.recommended,
        "nothing": report.nothing,
        "seconds": round(report.seconds, 3),
        "officers_per_second": round(report.officers_per_second, 1),
    }

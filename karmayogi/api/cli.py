"""The `karmayogi` command: database, demo data, the API server and API clients."""

import json
import os
import random
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select

from karmayogi.api import cli_backup, cli_recommend, cli_xapi
from karmayogi.api.cli_catalogue import app as catalogue_app
from karmayogi.api.cli_competencies import app as competencies_app
from karmayogi.api.cli_config import app as config_app
from karmayogi.api.cli_credentials import app as credentials_app
from karmayogi.api.cli_frac import app as frac_app
from karmayogi.api.cli_governance import kpis_app, plans_app, reports_app
from karmayogi.api.cli_hr import app as hr_app
from karmayogi.api.cli_people import app as people_app
from karmayogi.api.cli_profiles import app as profiles_app
from karmayogi.api.cli_setup import setup as setup_command
from karmayogi.api.cli_sevottam import app as sevottam_app
from karmayogi.lms import schema
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.cmi5.storage import storage_for
from karmayogi.lms.config import ConfigurationError, Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo import assessments as demo_assessments
from karmayogi.lms.demo import content as demo_content
from karmayogi.lms.demo import history as demo_history
from karmayogi.lms.demo import seed as demo_seed
from karmayogi.lms.demo import sevottam as demo_sevottam
from karmayogi.lms.errors import SchemaOutOfDate
from karmayogi.lms.orm import Organisation
from karmayogi.lms.telemetry import configure_logging

app = typer.Typer(help="Karmayogi competency engine.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Create and migrate the database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data: `karmayogi demo` seeds an empty database and serves it.")
clients_app = typer.Typer(help="API clients: key and secret credentials for machines.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(clients_app, name="clients")
# The xAPI's own place for the same command: content and LRS clients are API clients.
xapi_app = typer.Typer(help="The xAPI record store.", no_args_is_help=True)
xapi_app.add_typer(clients_app, name="clients")
xapi_app.command("project")(cli_xapi.project)
xapi_app.command("import-telemetry")(cli_xapi.import_telemetry)
app.add_typer(xapi_app, name="xapi")
app.add_typer(frac_app, name="frac")
app.add_typer(competencies_app, name="competencies")
app.add_typer(catalogue_app, name="catalogue")
app.add_typer(profiles_app, name="profiles")
app.add_typer(people_app, name="people")
app.add_typer(config_app, name="config")
app.add_typer(credentials_app, name="credentials")
app.add_typer(hr_app, name="hr")
app.add_typer(plans_app, name="plans")
app.add_typer(kpis_app, name="kpis")
app.add_typer(reports_app, name="reports")
app.add_typer(sevottam_app, name="sevottam")
app.command("recommend")(cli_recommend.recommend)
app.command("setup")(setup_command)
app.command("backup")(cli_backup.backup)
app.command("restore")(cli_backup.restore)
console = Console(stderr=True)


@contextmanager
def database() -> Iterator[Database]:
    db = Database(Settings.from_env().database_url)
    try:
        yield db
    finally:
        db.dispose()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Option(help="target revision")] = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    with database() as db:
        schema.upgrade(db.engine, revision)
        console.print(f"database at revision {schema.current_revision(db.engine)}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="target revision, or 'base' for empty")],
) -> None:
    """Undo migrations down to REVISION."""
    with database() as db:
        schema.downgrade(db.engine, revision)
        console.print(f"database at revision {schema.current_revision(db.engine) or 'base'}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the newest one this code knows."""
    with database() as db:
        typer.echo(
            f"current: {schema.current_revision(db.engine) or 'none'}\nhead:    {schema.head_revision()}"
        )


def _checked(db: Database) -> None:
    try:
        schema.ensure_current(db.engine)
    except SchemaOutOfDate as exc:
        console.print(f"[red]cannot start:[/red] {exc}")
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="server processes; more than one is for PostgreSQL, one per core")
    ] = 1,
) -> None:
    """Serve the API (OpenAPI at /docs); refuses to start on an out-of-date schema."""
    import uvicorn

    settings = Settings.from_env()
    with database() as db:
        _checked(db)
    console.print(f"serving on http://{host}:{port} (API docs at http://{host}:{port}/docs)")
    if workers > 1:  # the workers' metrics meet in one directory, emptied at each start
        metrics = Path(
            os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(settings.data_dir / "prometheus"))
        )
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True)
    configure_logging(settings.log_level)
    # Each worker builds its own app from the same environment; uvicorn's logs join the JSON lines and
    # its access log gives way to the app's own request log, which leaves query strings out.
    uvicorn.run(
        "karmayogi.api.app:serving_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
        timeout_keep_alive=settings.keep_alive_seconds,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def _progress_bars(progress: Progress) -> Callable[[str, int], Callable[[int], None]]:
    def stage(name: str, total: int) -> Callable[[int], None]:
        task = progress.add_task(name, total=max(total, 1))
        if total == 0:
            progress.update(task, completed=1)
        return lambda n: progress.advance(task, n)

    return stage


def _seed(db: Database, scale: str, seed: int) -> None:
    columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with db.transaction() as session, Progress(*columns, console=console) as progress:
        report = demo_seed.seed(session, scale, seed, _progress_bars(progress))
        # Sevottam's demo goes through the live services (their own ids and clock), after the
        # deterministic seed, so that one stays the same for the same seed.
        counts = demo_sevottam.seed(
            session, random.Random(seed), demo_seed.ANCHOR, hash_password(demo_seed.DEMO_PASSWORD)
        )
        report.counts.update({f"sevottam_{k}": v for k, v in counts.items()})
        report.counts["assessment_questions"] = demo_assessments.seed(session)
        report.counts["tracked_documents"] = demo_content.seed(
            session, storage_for(Settings.from_env().data_dir)
        )
        history = demo_history.seed(
            session, random.Random(seed), demo_seed.ANCHOR, Settings.from_env().public_url
        )
        report.counts.update({f"history_{k}": v for k, v in history.items()})
        report.accounts.extend(demo_seed.DemoAccount(*account) for account in demo_sevottam.ACCOUNTS)
    table = Table(title=f"Demo accounts (password: {demo_seed.DEMO_PASSWORD})")
    table.add_column("email", no_wrap=True)
    table.add_column("role", no_wrap=True)
    table.add_column("organisation")
    shown: set[str] = set()
    for account in report.accounts:  # the first account of each role
        if account.role not in shown:
            shown.add(account.role)
            table.add_row(account.email, account.role, account.organisation)
    console.print(table)
    console.print(", ".join(f"{n:,} {name}" for name, n in report.counts.items()))


@demo_app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Migrate, seed the small demo if the database is empty, then serve it."""
    if ctx.invoked_subcommand is not None:
        return
    with database() as db:
        schema.upgrade(db.engine)
        with db.transaction() as session:
            empty = demo_seed.is_empty(session)
        if empty:
            _seed(db, "small", 7)
    serve(host=host, port=port)


@demo_app.command("seed")
def demo_seed_command(
    scale: Annotated[str, typer.Option(help="small | medium | large")] = "small",
    seed: Annotated[int, typer.Option(help="the same seed writes the same rows")] = 7,
) -> None:
    """Write a deterministic demo service: ministries, FRAC, providers, courses, officials and histories."""
    if scale not in demo_seed.SCALES:
        console.print(f"[red]--scale must be one of {', '.join(demo_seed.SCALES)}, not {scale!r}[/red]")
        raise typer.Exit(2)
    with database() as db:
        schema.upgrade(db.engine)
        try:
            _seed(db, scale, seed)
        except demo_seed.DatabaseNotEmpty as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None


@clients_app.command("create")
def clients_create(
    name: Annotated[str, typer.Option(help="what the client is, e.g. 'Storyline packages'")],
    org: Annotated[
        str | None, typer.Option(help="organisation id; optional on a demo database, which uses the first")
    ] = None,
) -> None:
    """Create an API client and print {"key": ..., "secret": ...} as one JSON object."""
    with database() as db:
        _checked(db)
        with db.transaction() as session:
            if org is None:
                organisation_id = session.scalar(
                    select(Organisation.id).order_by(Organisation.created_at).limit(1)
                )
                if organisation_id is None:
                    console.print("[red]--org is required: the database has no organisations yet[/red]")
                    raise typer.Exit(2)
            else:
                try:
                    organisation_id = uuid.UUID(org)
                except ValueError:
                    console.print(f"[red]--org: {org!r} is not an organisation id (a UUID)[/red]")
                    raise typer.Exit(2) from None
                if session.get(Organisation, organisation_id) is None:
                    console.print(f"[red]--org: no organisation {org}[/red]")
                    raise typer.Exit(2)
            client, secret = create_api_client(session, organisation_id, name, None)
            typer.echo(
                json.dumps({"key": client.key, "secret": secret, "organisation_id": str(organisation_id)})
            )


def main() -> None:
    """The `karmayogi` command: a bad setting stops it with the variable's name, not a traceback."""
    try:
        app()
    except ConfigurationError as exc:
        console.print(f"[red]cannot start: {exc}[/red]", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()

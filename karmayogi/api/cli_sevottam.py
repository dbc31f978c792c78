"""`karmayogi sevottam`: the scheduled escalation run and imports of service transactions."""

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.errors import DomainError
from karmayogi.lms.sevottam import escalation, performance

app = typer.Typer(help="Sevottam: grievance escalation and service transactions.", no_args_is_help=True)


def _fail(exc: DomainError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


@app.command("escalate")
def escalate(
    today: Annotated[str | None, typer.Option("--today", help="run as on this day (YYYY-MM-DD)")] = None,
) -> None:
    """Escalate overdue grievances one level at a time; safe to run as often as a scheduler likes."""
    try:
        day = date.fromisoformat(today) if today else utcnow().date()
    except ValueError:
        typer.echo("error: --today is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            run = escalation.escalate(session, day)
    finally:
        db.dispose()
    typer.echo(json.dumps({"today": day.isoformat(), "raised": run.raised}))


@app.command("import-transactions")
def import_transactions(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV of transactions")
    ],
) -> None:
    """Import a CSV (organisation_id, service_code, reference, applied_on, delivered_on): all rows or none."""
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            count = performance.import_csv(session, file.read_text(encoding="utf-8-sig"))
    except DomainError as exc:
        _fail(exc)
    finally:
        db.dispose()
    typer.echo(json.dumps({"imported": count}))


@app.command("link")
def link(
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=10_000, help="grievances per encoder batch")
    ] = 256,
) -> None:
    """Link every grievance about a service, not linked yet, to competencies of its responsible roles."""
    from karmayogi.lms.frac import linkers
    from karmayogi.lms.sevottam import linking

    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            total = linking.link_pending(session, linkers.dense(session), batch)
    finally:
        db.dispose()
    typer.echo(json.dumps({"linked": total}))

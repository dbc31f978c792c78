"""`karmayogi people import`: officials from an HR system's export, all or nothing."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from karmayogi.api.cli_frac import _acting
from karmayogi.content.encoders import progress_bar
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.errors import DomainError, SchemaOutOfDate
from karmayogi.lms.people_import import ImportReport, PeopleImportRejected, import_people, read_hr_file

app = typer.Typer(help="Officials: import them from HR records.", no_args_is_help=True)
console = Console(stderr=True)


class _DryRun(Exception):
    """Carries a dry run's report out of the transaction, which it rolls back."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="HRMS export, CSV or XLSX (docs/people.sample.csv)"),
    ],
    dry_run: Annotated[
        bool, typer.Option(help="check and report what would change, and change nothing")
    ] = False,
    as_: Annotated[
        str | None,
        typer.Option("--as", help="email of the official importing (default: the first platform admin)"),
    ] = None,
) -> None:
    """Create or update officials keyed on their employee code; every bad row is named and nothing is written.

    Prints {"created": n, "updated": n, "unchanged": n, "positions_created": n, "dry_run": bool}.
    """
    db = Database(Settings.from_env().database_url)
    try:
        try:
            schema.ensure_current(db.engine)
        except SchemaOutOfDate as exc:
            console.print(f"[red]cannot import:[/red] {exc}")
            raise typer.Exit(1) from None
        try:
            rows = read_hr_file(file)
            with db.transaction() as session:
                principal = _acting(session, as_)
                with progress_bar("importing officials") as bar:
                    report = import_people(session, principal, rows, bar)
                if dry_run:
                    raise _DryRun(report)
        except _DryRun as done:
            report = done.report
        except PeopleImportRejected as exc:
            for problem in exc.problems:
                console.print(f"[red]{problem}[/red]", highlight=False)
            console.print(f"{exc}")
            raise typer.Exit(1) from None
        except DomainError as exc:
            console.print(f"[red]nothing was imported: {exc}[/red]")
            raise typer.Exit(1) from None
    finally:
        db.dispose()
    if report.positions_created:
        console.print("new draft positions: " + "; ".join(report.positions_created), highlight=False)
    if dry_run:
        console.print("dry run: nothing was written")
    typer.echo(json.dumps({**report.summary(), "dry_run": dry_run}))

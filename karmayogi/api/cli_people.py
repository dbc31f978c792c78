"""`karmayogi people import`: officials from an HR system's export, all or nothing."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from karmayogi.api.cli_frac import _acting
from karmayogi.content.encoders import progress_bar
from karmayogi.lms import mail, passwords, schema
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


@app.command("invite")
def invite(
    email: Annotated[
        list[str] | None,
        typer.Option(help="an official to invite; repeat for more (default: everyone without a password)"),
    ] = None,
    print_links: Annotated[
        bool, typer.Option(help="print each set-password link as a JSON line instead of mailing it")
    ] = False,
) -> None:
    """Mail each official who has no password yet a single-use link to set one.

    Prints {"invited": n, "failed": [{"email": ..., "reason": ...}]}; exits 1 if any mail failed.
    """
    settings = Settings.from_env()
    if not print_links and not settings.smtp_url:
        console.print("[red]mail is not configured: set KARMAYOGI_SMTP_URL, or use --print-links[/red]")
        raise typer.Exit(2)
    db = Database(settings.database_url)
    invited, failed = 0, []
    try:
        with db.transaction() as session:
            officials = passwords.officials_without_password(session)
            if email:
                wanted = {e.strip().lower() for e in email}
                officials = [o for o in officials if o.email in wanted]
                missing = sorted(wanted - {o.email for o in officials})
                if missing:
                    console.print(
                        f"[red]--email: no active official without a password: {', '.join(missing)}[/red]"
                    )
                    raise typer.Exit(2)
            ids = [o.id for o in officials]
        with progress_bar("inviting officials") as bar:
            for done, user_id in enumerate(ids, start=1):
                try:  # one transaction each: a mail that fails leaves no token behind, the others stand
                    with db.transaction() as session:
                        found = passwords.officials_without_password(session, [user_id])
                        if not found:  # set a password meanwhile
                            continue
                        official = found[0]
                        (issued,) = passwords.invite(session, settings, [official])
                        if print_links:
                            typer.echo(json.dumps({"email": official.email, "link": issued.link}))
                        else:
                            mail.send(settings, official.email, *passwords.invitation_mail(settings, issued))
                    invited += 1
                except mail.MailFailed as exc:
                    failed.append({"email": official.email, "reason": str(exc)})
                finally:
                    bar(done, len(ids))
    finally:
        db.dispose()
    typer.echo(json.dumps({"invited": invited, "failed": failed}))
    if failed:
        raise typer.Exit(1)

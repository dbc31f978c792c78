"""`karmayogi frac`: import, export, validate, diff and publish the FRAC from the command line.

Writes act as a named official (`--as EMAIL`, by default the first platform admin), with the
same permission checks and audit trail as the API.
"""

import json
import sys
import time
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import progress_bar
from karmayogi.frac import diff as frac_diff
from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.case import framework_from_case, framework_to_case
from karmayogi.frac.formats.esco import framework_from_esco
from karmayogi.frac.formats.mapping import parse_mapping
from karmayogi.frac.formats.native import framework_from_json, framework_to_json
from karmayogi.frac.validation import validate
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.errors import DomainError
from karmayogi.lms.frac import authoring, versions
from karmayogi.lms.frac.store import load_working
from karmayogi.lms.orm import Grant, User
from karmayogi.lms.permissions import Principal

app = typer.Typer(help="The FRAC: import, export, validate, diff and publish.", no_args_is_help=True)
console = Console(stderr=True)
FORMATS = ("native", "case", "esco", "mapping")


def _database() -> Database:
    return Database(Settings.from_env().database_url)


def _acting(session: Session, email: str | None) -> Principal:
    if email:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
    else:
        user = session.scalar(
            select(User).join(Grant, Grant.user_id == User.id).where(Grant.role == "platform_admin").limit(1)
        )
    if user is None:
        console.print(
            f"[red]--as: no official {email or 'with the platform_admin role'} in this database[/red]"
        )
        raise typer.Exit(2)
    return user_principal(session, user)


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(1)


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="the file to import")],
    format: Annotated[str, typer.Option(help="native | case | esco | mapping")] = "native",
    occupations: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="ESCO occupations CSV (with --format esco)"),
    ] = None,
    org: Annotated[str | None, typer.Option(help="organisation id the mapping's positions belong to")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="email of the official importing")] = None,
) -> None:
    """Add a framework to the working copy as drafts: all of it, or nothing if any item is bad."""
    if format not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    db = _database()
    started = time.perf_counter()
    try:
        with db.transaction() as session:
            principal = _acting(session, as_)
            if format == "mapping":
                if org is None:
                    raise _fail("--org is required with --format mapping")
                rows = parse_mapping(path, load_working(session, "working copy"))
                report = authoring.import_mapping(session, principal, uuid.UUID(org), rows)
            else:
                if format == "esco":
                    with path.open(encoding="utf-8") as skills:
                        occ = occupations.open(encoding="utf-8") if occupations else None
                        framework = framework_from_esco(skills, occ)
                        if occ:
                            occ.close()
                else:
                    document = json.loads(path.read_text(encoding="utf-8"))
                    framework = (
                        framework_from_case(document) if format == "case" else framework_from_json(document)
                    )
                with progress_bar("importing the framework") as bar:
                    report = authoring.import_framework(session, principal, framework, bar)
    except (FormatError, DomainError, json.JSONDecodeError, ValueError) as exc:
        raise _fail(f"nothing imported: {exc}") from None
    finally:
        db.dispose()
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{n:,} {kind}" for kind, n in report.counts.items())
    console.print(f"imported as drafts in {seconds:.1f} s: {counts}")
    for problem in report.warnings[:20]:
        console.print(f"[yellow]warning[/yellow] {problem.code}: {problem.message}")
    if len(report.warnings) > 20:
        console.print(f"... and {len(report.warnings) - 20} more warnings")


@app.command()
def export(
    version: Annotated[int | None, typer.Option(help="published version; the newest when omitted")] = None,
    format: Annotated[str, typer.Option(help="native | case")] = "native",
    out: Annotated[Path | None, typer.Option(help="write here instead of standard output")] = None,
) -> None:
    """Write a published version as native JSON or a 1EdTech CASE v1.1 CFPackage."""
    db = _database()
    try:
        with db.transaction() as session:
            number = version or versions.latest_number(session)
            framework = versions.load_version(session, number)
    except DomainError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.dispose()
    if format == "case":
        document = framework_to_case(framework, uri_base=f"urn:karmayogi:frac:v{number}")
    elif format == "native":
        document = framework_to_json(framework)
    else:
        raise _fail(f"--format must be native or case, not {format!r}")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


@app.command("validate")
def validate_(
    version: Annotated[
        int | None, typer.Option(help="a published version; the working copy when omitted")
    ] = None,
) -> None:
    """List every problem, naming its nodes; exits 1 if any problem blocks publication."""
    db = _database()
    try:
        with db.transaction() as session:
            framework = (
                versions.load_version(session, version) if version else load_working(session, "working copy")
            )
    except DomainError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.dispose()
    started = time.perf_counter()
    problems = validate(framework)
    seconds = time.perf_counter() - started
    for problem in problems:
        typer.echo(f"{problem.code}: {problem.message}")
    blocking = versions.blocking(problems)
    console.print(
        f"{len(framework.competencies):,} competencies, {len(framework.roles):,} roles, "
        f"{len(framework.positions):,} positions: {len(problems)} problem(s), {len(blocking)} blocking "
        f"({seconds:.2f} s)"
    )
    if blocking:
        raise typer.Exit(1)


@app.command()
def diff(
    old: Annotated[int, typer.Argument(help="the earlier version")],
    new: Annotated[int, typer.Argument(help="the later version")],
) -> None:
    """What changed between two published versions."""
    db = _database()
    try:
        with db.transaction() as session:
            result = frac_diff.diff(versions.load_version(session, old), versions.load_version(session, new))
    except DomainError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.dispose()
    typer.echo(json.dumps({"old": old, "new": new, "summary": result.summary()}, indent=2))


@app.command()
def publish(
    name: Annotated[str, typer.Option(help="the version's name")] = "National FRAC",
    as_: Annotated[str | None, typer.Option("--as", help="email of the official publishing")] = None,
) -> None:
    """Freeze the verified nodes of the working copy as the next version."""
    db = _database()
    try:
        with db.transaction() as session:
            principal = _acting(session, as_)
            versions.check_publisher(principal)
            version = versions.publish(session, principal.id, name)
            typer.echo(f"published version {version.number} ({version.digest[:12]})")
    except DomainError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.dispose()

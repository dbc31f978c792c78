"""`karmayogi xapi project` and `karmayogi xapi import-telemetry`: projections and migrated history.

Both work on the configured database (KARMAYOGI_DATABASE_URL) and name courses and officials by
the platform's public URL (KARMAYOGI_PUBLIC_URL), as the server does.
"""

import json
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from karmayogi.content.encoders import Progress, progress_bar
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import levels
from karmayogi.lms.db import Database
from karmayogi.lms.errors import SchemaOutOfDate
from karmayogi.lms.learning import projections
from karmayogi.lms.orm import Organisation
from karmayogi.lms.telemetry import configure_logging
from karmayogi.lms.xapi.emitting import Platform, store_for_platform
from karmayogi.lms.xapi.statements import StatementConflict
from karmayogi.lms.xapi.telemetry import SunbirdMapping, translate_lines

console = Console(stderr=True)
IMPORT_CHUNK = 500
SHOWN_ERRORS = 20


def _open() -> tuple[Database, Settings]:
    settings = Settings.from_env()
    db = Database(settings.database_url)
    try:
        schema.ensure_current(db.engine)
    except SchemaOutOfDate as exc:
        db.dispose()
        console.print(f"[red]cannot start:[/red] {exc}")
        raise typer.Exit(1) from None
    return db, settings


def _catch_up(db: Database, settings: Settings, bar: Progress | None = None) -> Counter[str]:
    """Project what waits, then have the credentials follow the levels that completions verified."""
    found = projections.catch_up(db, Platform(settings.public_url), progress=bar)
    levels.follow_due(db, settings)
    return found


def project(
    follow: Annotated[bool, typer.Option(help="keep projecting as statements arrive")] = False,
    status: Annotated[bool, typer.Option(help="only print how far projection has got")] = False,
    interval: Annotated[float, typer.Option(help="seconds between looks with --follow")] = 2.0,
) -> None:
    """Project stored statements into enrolments (progress, completion, time spent), then print the lag.

    The server projects by itself; this is for catching up without one, or for a projector process
    of its own beside servers. Passes run one at a time, whoever runs them.
    """
    db, settings = _open()
    if follow:  # a long-running process: its failed passes go out as JSON lines, like the server's
        configure_logging(Settings.from_env().log_level)
    try:
        if not status:
            with progress_bar("projecting waiting statements") as bar:
                found = _catch_up(db, settings, bar)
            while True:
                if found:
                    typer.echo(json.dumps({"projected": sum(found.values()), "outcomes": dict(found)}))
                if not follow:
                    break
                time.sleep(interval)
                found = _catch_up(db, settings)
        with db.transaction() as session:
            lag = projections.status(session)
        typer.echo(
            json.dumps(
                {
                    "waiting": lag.waiting,
                    "oldest_waiting": lag.oldest_waiting.isoformat() if lag.oldest_waiting else None,
                    "last_seq": lag.last_seq,
                    "outcomes": lag.outcomes,
                }
            )
        )
    except KeyboardInterrupt:
        pass
    finally:
        db.dispose()


def import_telemetry(
    file: Annotated[Path, typer.Argument(help="Sunbird Telemetry v3 events, one JSON object a line")],
    org: Annotated[uuid.UUID, typer.Option(help="the organisation whose record store takes the history")],
    sunbird_url: Annotated[
        str, typer.Option(help="the Sunbird platform the events come from: the base of their IRIs")
    ] = "https://igotkarmayogi.gov.in",
    identities: Annotated[
        Path | None,
        typer.Option(
            help='JSON {"users": {sunbird user id: email}, "courses": {sunbird content id: course id}}'
        ),
    ] = None,
) -> None:
    """Translate Sunbird telemetry into xAPI statements and store them, all or nothing.

    Importing the same events again stores nothing new: statement ids derive from their `mid`.
    Prints {"statements": n, "skipped": {kind: n}}; every bad line is named and nothing is stored.
    """
    db, settings = _open()
    platform = Platform(settings.public_url)
    try:
        try:
            users, courses = _identities(identities)
            with file.open(encoding="utf-8") as lines:
                translation = translate_lines(
                    lines, SunbirdMapping(platform, sunbird_url.rstrip("/"), users, courses)
                )
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        if translation.errors:
            for error in translation.errors[:SHOWN_ERRORS]:
                console.print(f"[red]{error}[/red]")
            more = len(translation.errors) - SHOWN_ERRORS
            console.print(f"{more} more bad lines; nothing was stored" if more > 0 else "nothing was stored")
            raise typer.Exit(1)
        statements = translation.statements
        with db.transaction() as session:
            if session.get(Organisation, org) is None:
                console.print(f"[red]--org: no organisation {org}[/red]")
                raise typer.Exit(2)
            try:
                with progress_bar("storing statements") as bar:
                    for start in range(0, len(statements), IMPORT_CHUNK):
                        chunk = statements[start : start + IMPORT_CHUNK]
                        store_for_platform(session, platform, org, chunk)
                        bar(start + len(chunk), len(statements))
            except StatementConflict as exc:
                console.print(f"[red]{exc}; nothing was stored[/red]")
                raise typer.Exit(1) from None
        typer.echo(json.dumps({"statements": len(statements), "skipped": dict(translation.skipped)}))
    finally:
        db.dispose()


def _identities(path: Path | None) -> tuple[dict[str, str], dict[str, uuid.UUID]]:
    if path is None:
        return {}, {}
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path}: must be a JSON object with users and courses")
    users = document.get("users", {})
    courses = document.get("courses", {})
    if not isinstance(users, dict) or not all(isinstance(v, str) for v in users.values()):
        raise ValueError(f"{path}: users must map Sunbird user ids to emails")
    if not isinstance(courses, dict):
        raise ValueError(f"{path}: courses must map Sunbird content ids to course ids")
    try:
        return {k: v.strip().lower() for k, v in users.items()}, {k: uuid.UUID(v) for k, v in courses.items()}
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"{path}: courses must map Sunbird content ids to course ids (UUIDs)") from None

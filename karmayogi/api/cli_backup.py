"""`karmayogi backup DEST` and `karmayogi restore SRC`: the database, with the key to its issuer keys."""

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from karmayogi.lms import backup as backups
from karmayogi.lms.config import ConfigurationError, Settings
from karmayogi.lms.db import Database

console = Console(stderr=True)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigurationError as exc:
        console.print(f"[red]{exc}[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def backup(dest: Annotated[Path, typer.Argument(help="a new directory to write the backup into")]) -> None:
    """Copy the database (pg_dump, or SQLite's online backup) and the secret key into DEST;
    print the manifest."""
    settings = _settings()
    db = Database(settings.database_url)
    try:
        manifest = backups.backup(settings, db, dest)
    except backups.BackupError as exc:
        console.print(f"[red]backup failed:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    console.print(
        f"backed up {sum(manifest['rows'].values())} rows into {dest}; keep it secret, it holds the key"
    )
    typer.echo(json.dumps(manifest))


def restore(src: Annotated[Path, typer.Argument(help="a directory written by `karmayogi backup`")]) -> None:
    """Restore SRC into the configured (empty) database and its secret key into the data directory, then
    check the row counts and the evidence and decision chains; exit 1 unless everything verifies."""
    if not src.is_dir():
        console.print(f"[red]restore failed:[/red] {src} is not a directory", highlight=False)
        raise typer.Exit(1)
    # The data directory and database come from the environment; the secret key comes from the backup.
    try:
        settings = Settings(secret_key="placeholder: the backup brings the key")
    except ValidationError:
        settings = _settings()  # names the bad variables and exits
    try:
        restored = backups.restore(
            src, settings.database_url, settings.data_dir, lambda step: console.print(step)
        )
    except backups.BackupError as exc:
        console.print(f"[red]restore failed:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    report = {
        "verified": restored.verified,
        "backend": restored.backend,
        "revision": restored.revision,
        "rows": sum(restored.rows.values()),
        "mismatches": {t: {"backup": a, "restored": b} for t, (a, b) in restored.mismatches.items()},
        "evidence_chain_breaks": restored.evidence_breaks,
        "decision_chain_breaks": restored.decision_breaks,
        "secret_key": restored.secret_key,
    }
    typer.echo(json.dumps(report))
    if not restored.verified:
        raise typer.Exit(1)

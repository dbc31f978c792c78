"""`karmayogi profiles`: checking the evidence log's hash chains, and auditing who made the levels."""

import json
import uuid
from pathlib import Path
from typing import Annotated

import typer

from karmayogi.content.encoders import progress_bar
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.profiles.audit import audit
from karmayogi.lms.profiles.store import verify_chains

app = typer.Typer(help="Competency profiles and their evidence log.", no_args_is_help=True)


@app.command("verify-chain")
def verify_chain(
    user: Annotated[uuid.UUID | None, typer.Option(help="check one officer's chain only")] = None,
) -> None:
    """Check every officer's evidence chain; print {"verified": ..., "breaks": [...]}, exit 1 on a break."""
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session, progress_bar("verifying evidence chains") as bar:
            breaks = [
                {"user_id": str(b.user_id), "seq": b.seq, "reason": b.reason}
                for b in verify_chains(session, user, bar)
            ]
    finally:
        db.dispose()
    typer.echo(json.dumps({"verified": not breaks, "breaks": breaks}))
    if breaks:
        raise typer.Exit(1)


@app.command("audit-powers")
def audit_powers(
    out: Annotated[Path | None, typer.Option(help="also write the report (JSON) to this file")] = None,
) -> None:
    """List verified levels, completions and credentials one person made about themselves or confirmed
    alone under the old rules, each proposed for review; change nothing. Prints the JSON report."""
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            report = audit(session).as_json()  # reads only: the report proposes, a person decides
    finally:
        db.dispose()
    text = json.dumps(report, indent=2)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)
    found = report["found"]
    assert isinstance(found, dict)
    summary = ", ".join(f"{n} {kind.replace('_', ' ')}(s)" for kind, n in found.items())
    typer.echo(f"proposed for review: {summary}; nothing was changed", err=True)

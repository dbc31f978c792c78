"""`karmayogi profiles`: checking the evidence log's hash chains."""

import json
import uuid
from typing import Annotated

import typer

from karmayogi.content.encoders import progress_bar
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
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

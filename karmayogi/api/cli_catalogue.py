"""`karmayogi catalogue`: embedding the published catalogue ahead of search and harmonisation."""

import json

import typer

from karmayogi.content import encoders
from karmayogi.lms.catalogue.embeddings import embed, published_entries
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database

app = typer.Typer(help="The course catalogue's text understanding.", no_args_is_help=True)


@app.command("embed")
def embed_catalogue() -> None:
    """Embed every published course whose text or encoder changed since it was last embedded."""
    db = Database(Settings.from_env().database_url)
    encoder = encoders.minilm()
    try:
        with db.transaction() as session:
            entries = published_entries(session)
            with encoders.progress_bar(f"embedding with {encoder.name}") as progress:
                embed(session, encoder, entries, progress)
    finally:
        db.dispose()
    typer.echo(json.dumps({"published": len(entries), "encoder": encoder.name, "version": encoder.version}))

"""`karmayogi credentials`: check a certificate (an Open Badges 3.0 verifiable credential) offline.

`verify FILE` prints one JSON object, {"verified": true|false, "errors": [...]}, and exits 0 only when
the credential verified. Nothing is fetched: did:key issuers resolve from the credential itself, a
did:web issuer's DID document and the status list are read from files given as options, and without a
status list the revocation check is skipped with a warning on stderr.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from karmayogi.lms.credentials.verification import verify

app = typer.Typer(help="Verifiable credentials: check certificates offline.", no_args_is_help=True)
console = Console(stderr=True)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: {error}") from None


def _by_id(paths: list[Path], what: str) -> dict[str, Mapping[str, Any]]:
    documents: dict[str, Mapping[str, Any]] = {}
    for path in paths:
        document = _read_json(path)
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise ValueError(f"{path}: a {what} must be a JSON object with an id")
        documents[document["id"]] = document
    return documents


def _lookup(documents: dict[str, Mapping[str, Any]], option: str) -> Any:
    def find(identifier: str) -> Mapping[str, Any]:
        if identifier not in documents:
            raise LookupError(f"not among the {option} files")
        return documents[identifier]

    return find


@app.command("verify")
def verify_command(
    file: Annotated[Path, typer.Argument(help="the credential, a JSON file")],
    status_list: Annotated[
        list[Path] | None,
        typer.Option("--status-list", help="a BitstringStatusListCredential file to check revocation with"),
    ] = None,
    did_document: Annotated[
        list[Path] | None,
        typer.Option("--did-document", help="a DID document (a did:web issuer's did.json) to find keys in"),
    ] = None,
) -> None:
    """Check the proof, issuer key, validity dates and (given a status list) revocation of FILE."""
    try:
        credential = _read_json(file)
        dids = _by_id(did_document or [], "DID document")
        lists = _by_id(status_list or [], "status list credential")
    except ValueError as error:
        typer.echo(json.dumps({"verified": False, "errors": [f"file: {error}"]}))
        raise typer.Exit(1) from None
    result = verify(
        credential,
        resolver=_lookup(dids, "--did-document") if dids else None,
        status_fetcher=_lookup(lists, "--status-list") if status_list else None,
    )
    for warning in result.warnings:
        console.print(f"[yellow]warning: {warning}[/yellow]")
    typer.echo(json.dumps(result.as_json()))
    raise typer.Exit(0 if result.verified else 1)

"""`karmayogi credentials`: check certificates offline, issue a sample one, and manage the issuer's keys.

`verify FILE` prints one JSON object, {"verified": true|false, "errors": [...]}, and exits 0 only when
the credential verified. Nothing is fetched: did:key issuers resolve from the credential itself, a
did:web issuer's DID document and the status list are read from files given as options, and without a
status list the revocation check is skipped with a warning on stderr.

`issue-demo`, `follow`, `rotate-key` and `withdraw-key` work on the configured database
(KARMAYOGI_DATABASE_URL) as the platform issuer, whose keys are encrypted under KARMAYOGI_SECRET_KEY.
"""

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import progress_bar
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuer_keys, issuing, levels
from karmayogi.lms.credentials.issuer_keys import KeysUnreadable
from karmayogi.lms.credentials.verification import verify
from karmayogi.lms.db import Database
from karmayogi.lms.errors import DomainError
from karmayogi.lms.orm import Enrolment, LevelCredentialDue

app = typer.Typer(
    help="Verifiable credentials: check certificates offline, issue a sample, manage the issuer's keys.",
    no_args_is_help=True,
)
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


@contextmanager
def _issuing() -> Iterator[tuple[Database, Settings]]:
    """The configured database, as the platform issuer; errors are printed, exit 1."""
    settings = Settings.from_env()
    database = Database(settings.database_url)
    try:
        schema.ensure_current(database.engine)
        yield database, settings
    except (DomainError, KeysUnreadable) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    finally:
        database.dispose()


@contextmanager
def _issuer() -> Iterator[tuple[Session, Settings]]:
    """One transaction on the configured database, as the platform issuer."""
    with _issuing() as (database, settings), database.transaction() as session:
        yield session, settings


@app.command("issue-demo")
def issue_demo(
    out: Annotated[Path, typer.Option("--out", help="where to write the signed credential (JSON)")],
) -> None:
    """Issue the completion certificate of the first completed enrolment, to try a verifier on."""
    with _issuer() as (session, settings):
        enrolment = session.scalar(
            select(Enrolment).where(Enrolment.status == "completed").order_by(Enrolment.id).limit(1)
        )
        if enrolment is None:
            console.print(
                "[red]the database has no completed enrolment to certify; "
                "seed one with `karmayogi demo seed`[/red]"
            )
            raise typer.Exit(1)
        credential, _ = issuing.certify_completion(session, settings, enrolment)
    # Written once the credential is committed, so that no file names a credential the database lacks.
    out.write_text(json.dumps(credential.document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(
        f"wrote {out}: credential {credential.id}, issued by {issuer_keys.issuer_did(settings)}.\n"
        f"Its issuer's DID document is at {settings.public_url}/.well-known/did.json and its status list at "
        f"{credential.document['credentialStatus']['statusListCredential']}; save them and run\n"
        f"  karmayogi credentials verify {out} --did-document did.json --status-list status.json"
    )


@app.command("follow")
def follow() -> None:
    """Bring the competency-level credentials in line with the verified levels still due.

    The server does this by itself; this is for levels changed by scripts or imports with no server
    running, and after an upgrade that found levels verified before credentials followed them."""
    with _issuing() as (database, settings):
        with database.transaction() as session:
            due = session.scalar(select(func.count()).select_from(LevelCredentialDue)) or 0
        with progress_bar("following verified levels with credentials") as bar:
            followed = levels.follow_due(database, settings, progress=lambda done: bar(done, max(due, done)))
    typer.echo(json.dumps({"followed": followed}))


@app.command("rotate-key")
def rotate_key() -> None:
    """Sign from now on with a new issuer key; certificates signed with the old one still verify."""
    with _issuer() as (session, settings):
        key = issuer_keys.rotate(session, settings)
        listed = len(issuer_keys.did_document(session, settings)["verificationMethod"])
    typer.echo(key.verification_method)
    console.print(f"the issuer now signs with a new key; its DID document lists {listed} key(s)")


@app.command("withdraw-key")
def withdraw_key(
    public_key: Annotated[str, typer.Argument(help="the key's publicKeyMultibase (z6Mk...)")],
    reason: Annotated[str, typer.Option("--reason", help="why, e.g. 'the key was exposed in a backup'")],
) -> None:
    """Withdraw a compromised issuer key: every certificate it signed stops verifying."""
    with _issuer() as (session, settings):
        active = issuing.withdraw_key(session, settings, public_key, reason)
    typer.echo(active.verification_method)
    console.print(
        f"withdrew {public_key}; the issuer signs with the key above and status lists were re-signed"
    )

"""`karmayogi setup`: the first organisation tree and platform administrator of a real deployment."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.errors import DomainError, InvalidInput, SchemaOutOfDate
from karmayogi.lms.people import MIN_PASSWORD_LENGTH
from karmayogi.lms.setup import (
    TREE_COLUMNS,
    AlreadySetUp,
    FirstAdmin,
    OrganisationRow,
    first_setup,
    is_set_up,
    organisation_row,
    read_tree_csv,
)

console = Console(stderr=True)
EXIT_ALREADY_SET_UP = 3


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code)


def setup(
    organisations: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            envvar="KARMAYOGI_SETUP_ORGANISATIONS",
            help=f"CSV of the tree ({','.join(TREE_COLUMNS)}); see docs/organisations.sample.csv",
        ),
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option(help="one node as 'kind,name,code[,parent_code]'; repeat for more (instead of a CSV)"),
    ] = None,
    admin_email: Annotated[
        str | None, typer.Option(envvar="KARMAYOGI_ADMIN_EMAIL", help="the first platform administrator")
    ] = None,
    admin_name: Annotated[
        str | None, typer.Option(envvar="KARMAYOGI_ADMIN_NAME", help="the administrator's full name")
    ] = None,
    admin_org: Annotated[
        str | None,
        typer.Option(
            envvar="KARMAYOGI_ADMIN_ORG", help="code of the organisation the administrator belongs to"
        ),
    ] = None,
    interactive: Annotated[
        bool, typer.Option(help="ask for the tree node by node even when standard input is not a terminal")
    ] = False,
    password_file: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            envvar="KARMAYOGI_ADMIN_PASSWORD_FILE",
            help="read the administrator's password from this file (first line); otherwise it is asked for",
        ),
    ] = None,
) -> None:
    """Create the organisation tree and the first platform administrator, once.

    Asks for whatever the flags and environment leave out (the password without echo). Exits 3,
    changing nothing, when the database already has a platform administrator.
    """
    settings = Settings.from_env()
    db = Database(settings.database_url)
    try:
        try:
            schema.ensure_current(db.engine)
        except SchemaOutOfDate as exc:
            raise _fail(f"cannot set up: {exc}", 1) from None
        with db.transaction() as session:  # before asking anything: a second run is refused at once
            admin = is_set_up(session)
            if admin is not None:
                raise _fail(
                    f"already set up: {admin.email} is a platform administrator; nothing was changed",
                    EXIT_ALREADY_SET_UP,
                )
        tree = _tree(organisations, org, interactive)
        asking = interactive or sys.stdin.isatty()
        email = admin_email or _ask("Administrator's email", "--admin-email", asking)
        name = admin_name or _ask("Administrator's full name", "--admin-name", asking)
        org_code = admin_org or (
            tree[0].code
            if len(tree) == 1
            else _ask("Administrator's organisation code", "--admin-org", asking)
        )
        password = _password(password_file, asking)
        try:
            with db.transaction() as session:
                report = first_setup(session, tree, FirstAdmin(email, name, password, org_code))
                rows = [(o.kind, o.name, o.code or "", str(o.id), "created") for o in report.created]
                rows += [(o.kind, o.name, o.code or "", str(o.id), "already there") for o in report.existing]
                made = (report.admin.email, str(report.admin.id)) if report.admin else ("", "")
        except AlreadySetUp as exc:
            raise _fail(str(exc), EXIT_ALREADY_SET_UP) from None  # set up by another run meanwhile
        except DomainError as exc:
            raise _fail(f"nothing was set up: {exc}") from None
    finally:
        db.dispose()
    table = Table(title="Organisations")
    for column in ("kind", "name", "code", "id", ""):
        table.add_column(column, no_wrap=column in ("code", "id"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"platform administrator {made[0]} ({made[1]}) can now sign in")


def _tree(path: Path | None, parts: list[str] | None, interactive: bool) -> list[OrganisationRow]:
    try:
        if path is not None:
            return read_tree_csv(path.read_text(encoding="utf-8-sig"))
        if parts:
            return [_row_from_flag(p, f"--org {i}") for i, p in enumerate(parts, start=1)]
    except (InvalidInput, UnicodeDecodeError) as exc:
        raise _fail(f"nothing was set up: {exc}") from None
    if not (interactive or sys.stdin.isatty()):
        raise _fail("--organisations CSV or --org is required when not run interactively")
    return _ask_tree()


def _row_from_flag(text: str, where: str) -> OrganisationRow:
    values = [v.strip() for v in text.split(",")]
    return organisation_row(dict(zip(TREE_COLUMNS, values, strict=False)), where)


def _ask_tree() -> list[OrganisationRow]:
    console.print("Enter the organisation tree one node at a time; an empty kind finishes.")
    rows: list[OrganisationRow] = []
    while True:
        kind = typer.prompt("kind (ministry, department, organisation)", default="", show_default=False)
        if not kind:
            if rows:
                return rows
            console.print("[yellow]at least one organisation is needed[/yellow]")
            continue
        values = {
            "kind": kind,
            "name": typer.prompt("name"),
            "code": typer.prompt("code"),
            "parent_code": typer.prompt("parent's code", default="", show_default=False),
        }
        try:
            rows.append(organisation_row(values, f"node {len(rows) + 1}"))
        except InvalidInput as exc:
            console.print(f"[red]{exc}[/red]; enter the node again")


def _ask(prompt: str, flag: str, asking: bool) -> str:
    if not asking:
        raise _fail(f"{flag} is required when not run interactively")
    return typer.prompt(prompt)


def _password(path: Path | None, asking: bool) -> str:
    if path is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    elif not asking:
        raise _fail("--password-file is required when not run interactively (the password is never a flag)")
    else:
        password = typer.prompt("Administrator's password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _fail(f"password: must be at least {MIN_PASSWORD_LENGTH} characters")
    return password

"""`karmayogi config`: the effective configuration, checked, and the table documenting every variable."""

import typer
from rich.console import Console
from rich.table import Table

from karmayogi.lms.config import ConfigurationError, Settings, configuration_table

app = typer.Typer(help="Configuration: check it, or print the table of variables.", no_args_is_help=True)
console = Console(stderr=True)


@app.command("check")
def check() -> None:
    """Print the configuration this process would run with, secrets masked; exit 2 naming any bad variable."""
    try:
        settings = Settings.from_env()
    except ConfigurationError as exc:
        console.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from None
    table = Table(title="Effective configuration", show_header=True)
    table.add_column("variable", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in settings.effective().items():
        table.add_row(name, value)
    Console().print(table)


@app.command("docs")
def docs() -> None:
    """Print the markdown table of every variable (the README's Configuration section)."""
    typer.echo(configuration_table(), nl=False)

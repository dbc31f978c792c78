"""Curriculum harmonisation over the published catalogue, computed once per catalogue revision.

Overlaps come from the stored course embeddings (the same encoder as search), and coverage from
what the newest published FRAC's positions need: each competency at the highest level any
position requires, with the number of positions requiring it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.encoders import Encoder
from karmayogi.content.harmonisation import (
    Association,
    Cluster,
    CompetencyNeed,
    CoverageGap,
    OverlapMatrix,
    coverage_gaps,
    institution_overlap,
    overlap_clusters,
    overlapping_pairs,
)
from karmayogi.lms.catalogue.embeddings import published_entries, snapshot
from karmayogi.lms.frac import versions


@dataclass(frozen=True)
class HarmonisationReport:
    revision: int
    entries: list[CatalogueEntry]
    associations: list[Association]
    clusters: list[Cluster]
    matrix: OverlapMatrix


_lock = threading.Lock()
_reports: dict[tuple[str, str], HarmonisationReport] = {}


def report(session: Session, encoder: Encoder) -> HarmonisationReport:
    """Overlapping pairs across institutions, their clusters and the institution matrix."""
    key = (str(session.get_bind().url), encoder.name)
    current = snapshot(session, encoder)
    with _lock:
        found = _reports.get(key)
        if found is not None and found.revision == current.revision:
            return found
        entries = current.entries
        associations = overlapping_pairs(entries, current.vectors)
        made = HarmonisationReport(
            current.revision,
            entries,
            associations,
            overlap_clusters(entries, associations),
            institution_overlap(entries, associations),
        )
        _reports[key] = made
        return made


def needs(session: Session) -> list[CompetencyNeed]:
    """What the newest published FRAC's positions need, per competency."""
    _, graph = versions.newest(session)
    levels: dict[object, tuple[str, int, int]] = {}
    for position in graph.framework.positions:
        for need in graph.resolved_requirements(position.id):
            name, level, count = levels.get(need.competency_id, (need.name, 0, 0))
            levels[need.competency_id] = (name, max(level, need.level), count + 1)
    return [
        CompetencyNeed(competency_id, name, level, count)  # type: ignore[arg-type]
        for competency_id, (name, level, count) in levels.items()
    ]


def coverage(session: Session) -> list[CoverageGap]:
    """FRAC needs, at the levels positions require, that no published course builds."""
    return coverage_gaps(needs(session), published_entries(session))

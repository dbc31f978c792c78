"""Curriculum harmonisation over the published catalogue, computed once per catalogue revision.

Overlaps come from the stored course embeddings (the same encoder as search), and coverage from
what the newest published FRAC's positions need: each competency at the highest level any
position requires, with the number of positions requiring it.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import select
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
from karmayogi.lms.catalogue.embeddings import Revision, published, snapshot
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import AssociationDecision, Course, Organisation
from karmayogi.lms.permissions import Permission, Principal


@dataclass(frozen=True)
class HarmonisationReport:
    revision: Revision
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
    return coverage_gaps(needs(session), published(session).entries)


DECISIONS = ("accepted", "rejected")
MAX_REASON = 2_000


def _chain_hash(previous: str, row: AssociationDecision) -> str:
    fields = (
        previous,
        str(row.seq),
        str(row.source_id),
        str(row.target_id),
        row.kind,
        f"{row.similarity:.6f}",
        row.decision,
        row.reason,
        str(row.decided_by),
        row.decided_at.astimezone(UTC).isoformat(),
    )
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def association_paths(session: Session, source_id: uuid.UUID, target_id: uuid.UUID) -> list[str]:
    """The organisation paths of the two courses' providers: a decision needs a reader of either."""
    rows = session.execute(
        select(Organisation.path)
        .join(Course, Course.organisation_id == Organisation.id)
        .where(Course.id.in_([source_id, target_id]))
    )
    return [path for (path,) in rows]


def decide(
    session: Session,
    encoder: Encoder,
    principal: Principal,
    source_id: uuid.UUID,
    target_id: uuid.UUID,
    decision: str,
    reason: str,
) -> AssociationDecision:
    """Accept or reject a pair the report proposes now, with a reason; the similarity seen is kept with it.

    Whoever reads harmonisation over either course's institution may decide. A new decision on a pair
    appends a row; nothing is changed or deleted, and each row's hash covers the one before it."""
    if decision not in DECISIONS:
        raise InvalidInput("decision", "must be accepted or rejected")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", "say why")
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", f"must be at most {MAX_REASON} characters")
    proposed = next(
        (
            a
            for a in report(session, encoder).associations
            if (a.source_id, a.target_id) == (source_id, target_id)
        ),
        None,
    )
    paths = association_paths(session, source_id, target_id)
    if proposed is None or not any(principal.can(Permission.HARMONISATION_READ, p) for p in paths):
        raise NotFound("association", f"{source_id}/{target_id}")
    if principal.kind != "user":
        raise PermissionDenied("a person decides on an association")
    last = session.scalars(
        select(AssociationDecision).order_by(AssociationDecision.seq.desc()).limit(1).with_for_update()
    ).first()
    row = AssociationDecision(
        seq=(last.seq + 1) if last else 1,
        source_id=source_id,
        target_id=target_id,
        kind=proposed.kind.value,
        similarity=round(proposed.similarity, 6),
        decision=decision,
        reason=reason,
        decided_by=principal.id,
        decided_at=utcnow(),
        previous_hash=last.hash if last else "",
    )
    row.hash = _chain_hash(row.previous_hash, row)
    session.add(row)
    session.flush()
    return row


def decisions(session: Session) -> dict[tuple[uuid.UUID, uuid.UUID], AssociationDecision]:
    """The standing decision on each pair: the newest row for it."""
    standing: dict[tuple[uuid.UUID, uuid.UUID], AssociationDecision] = {}
    for row in session.scalars(select(AssociationDecision).order_by(AssociationDecision.seq)):
        standing[(row.source_id, row.target_id)] = row
    return standing


def decision_log_intact(session: Session) -> bool:
    """Whether every row's hash still covers its fields and the row before it."""
    previous = ""
    for row in session.scalars(select(AssociationDecision).order_by(AssociationDecision.seq)):
        if row.previous_hash != previous or row.hash != _chain_hash(previous, row):
            return False
        previous = row.hash
    return True


def case_statuses(session: Session) -> dict[tuple[uuid.UUID, uuid.UUID], dict[str, str]]:
    """What the CASE export says of each decided pair, in place of "pending review"."""
    return {
        pair: {
            "status": row.decision,
            "decidedAt": row.decided_at.astimezone(UTC).isoformat(),
            "reason": row.reason,
        }
        for pair, row in decisions(session).items()
    }

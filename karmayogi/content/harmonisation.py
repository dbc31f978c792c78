"""Curriculum harmonisation: where institutions' catalogues repeat or overlap, and what none of them teaches.

Everything here is a suggestion for a reviewer. A pair of courses becomes an `Association` in the
vocabulary of 1EdTech CASE: ``exactMatchOf`` (the same course published twice) or ``isRelatedTo``
(courses that share much of a syllabus), with the evidence and a confidence, to be confirmed or
dismissed by people. Pairs group into overlap `Cluster`s, count into an `OverlapMatrix` between
institutions, and leave aside the `CoverageGap`s: competencies at the levels positions need that
no course builds.

Pairs come from the dense embeddings (cosine of unit vectors), scanned in float32 blocks of rows so
that a catalogue of n courses never needs an n-by-n matrix in memory, then weighed with cheap signals
that an embedding blurs: title words, confirmed competency tags and learning hours.

Default thresholds, for all-MiniLM-L6-v2 on title + summary + description (`CatalogueEntry.text`):
the same course re-published by a second institute with its description reworded scores 0.94-0.97;
two courses written separately on one syllabus (two RTI courses for Public Information Officers,
GeM buying under GFR 2017 against GFR procurement) score 0.68-0.86; courses of one field but
another syllabus (GeM against CPPP e-tendering, GeM against GFR in general terms) 0.45-0.6; other
civil-service topics below 0.4. So `RELATED_THRESHOLD` = 0.65 keeps shared syllabi and leaves
neighbouring topics out, and `DUPLICATE_THRESHOLD` = 0.9 asks for a near-paraphrase, which a
duplicate must back with its title and, where known, its tags and hours.
"""

from __future__ import annotations

import csv
import io
import json
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import numpy as np

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.linking import tokens
from karmayogi.frac.formats.case import CASE_VERSION, CaseWriter

RELATED_THRESHOLD = 0.65
DUPLICATE_THRESHOLD = 0.9
# A duplicate's title shares at least half its words, its confirmed tags (when both have some) agree on
# at least half the competencies, and neither course is more than twice as long as the other.
DUPLICATE_TITLE_OVERLAP = 0.5
DUPLICATE_TAG_AGREEMENT = 0.5
DUPLICATE_HOURS_RATIO = 0.5
# Confidence: one logit per CONFIDENCE_STEP of cosine above the threshold, ±SIGNAL_WEIGHT/2 for the signals.
CONFIDENCE_STEP = 0.05
SIGNAL_WEIGHT = 2.0
# Scores at most this many cosines at once (64 MiB of float32), whatever the catalogue's size.
_BLOCK_CELLS = 1 << 24

REVIEW_STATUS = "pending review"


class AssociationKind(StrEnum):
    """The CASE association types a suggested pair can take."""

    EXACT_MATCH = "exactMatchOf"
    RELATED = "isRelatedTo"


@dataclass(frozen=True)
class Association:
    """Two courses that look the same or overlap, reported once with `source_id` < `target_id`."""

    source_id: uuid.UUID
    target_id: uuid.UUID
    kind: AssociationKind
    similarity: float  # cosine of the two embeddings
    confidence: float  # in [0, 1]; see `overlapping_pairs`
    title_overlap: float  # Jaccard of title words (stopwords out, plurals folded)
    shared_competencies: tuple[uuid.UUID, ...]  # confirmed on both, at levels at most one apart
    hours_ratio: float  # shorter course's learning hours over the longer's


@dataclass(frozen=True)
class Cluster:
    """Courses joined by associations, directly or through one another."""

    members: tuple[uuid.UUID, ...]  # by institution, title and id
    institutions: tuple[str, ...]
    representative_id: uuid.UUID  # the member most similar to the rest: the one a merge would keep
    representative_title: str


@dataclass(frozen=True)
class OverlapMatrix:
    """`overlapping[a][b]`: how many of institution a's courses overlap some course of institution b.

    The diagonal counts courses that overlap another course of their own institution, which only
    associations found with ``across_institutions_only=False`` can give.
    """

    institutions: tuple[str, ...]
    provider_ids: tuple[uuid.UUID, ...]
    catalogue_sizes: tuple[int, ...]
    overlapping: tuple[tuple[int, ...], ...]

    @property
    def shares(self) -> tuple[tuple[float, ...], ...]:
        """`overlapping[a][b]` as a share of a's catalogue."""
        return tuple(
            tuple(count / size if size else 0.0 for count in row)
            for row, size in zip(self.overlapping, self.catalogue_sizes, strict=True)
        )


@dataclass(frozen=True)
class CompetencyNeed:
    """A competency at the level some positions require, and how many positions require it."""

    competency_id: uuid.UUID
    name: str
    level: int
    positions: int


@dataclass(frozen=True)
class CoverageGap:
    """A need no course builds to the level required; `best_level` is None when no course builds it at all."""

    need: CompetencyNeed
    best_level: int | None
    courses_at_best_level: tuple[uuid.UUID, ...]

    @property
    def partial(self) -> bool:
        return self.best_level is not None


# ---------------------------------------------------------------------------------------------- pairs


def overlapping_pairs(
    entries: Sequence[CatalogueEntry],
    embeddings: np.ndarray,
    *,
    related_threshold: float = RELATED_THRESHOLD,
    duplicate_threshold: float = DUPLICATE_THRESHOLD,
    across_institutions_only: bool = True,
    limit_per_course: int | None = 20,
) -> list[Association]:
    """Pairs of courses whose cosine reaches `related_threshold`, most similar first (then by ids).

    A pair is ``exactMatchOf`` when its cosine reaches `duplicate_threshold` and its title overlap,
    tag agreement (when both courses are tagged) and hours ratio pass the ``DUPLICATE_*`` bounds;
    otherwise ``isRelatedTo``. Its confidence is the logistic of

        (cosine - threshold of its kind) / CONFIDENCE_STEP + SIGNAL_WEIGHT * (agreement - 0.5)

    where agreement is the mean of title overlap, hours ratio and, when both are tagged, tag agreement
    (shared close-level tags over all tagged competencies): a pair at the threshold with neutral
    signals reads 0.5. It is not fitted to reviewed pairs (there are none yet); reviewers' verdicts
    are what would calibrate it.

    `limit_per_course` keeps, for each course, only its nearest partners above the threshold (a pair
    stays when either end keeps it), so that a generic module resembling hundreds of others cannot
    flood the review queue; None keeps all. `embeddings` row i belongs to `entries[i]`.
    """
    if not -1.0 <= related_threshold <= duplicate_threshold <= 1.0:
        raise ValueError(
            f"related_threshold {related_threshold} and duplicate_threshold {duplicate_threshold} "
            "must satisfy -1 <= related_threshold <= duplicate_threshold <= 1"
        )
    if limit_per_course is not None and limit_per_course < 1:
        raise ValueError(f"limit_per_course must be at least 1, not {limit_per_course}")
    vectors = _unit_rows(entries, embeddings)
    providers: dict[uuid.UUID, int] = {}
    codes = np.array([providers.setdefault(e.provider_id, len(providers)) for e in entries], dtype=np.int64)

    first, second = _candidates(vectors, codes, related_threshold, across_institutions_only, limit_per_course)
    cosines = np.clip(np.einsum("ij,ij->i", vectors[first].astype(np.float64), vectors[second]), -1.0, 1.0)
    titles = [frozenset(tokens(e.title)) for e in entries]
    tags = [_levels(e.competencies) for e in entries]

    associations = []
    for i, j, cosine in zip(first.tolist(), second.tolist(), cosines.tolist(), strict=True):
        if cosine < related_threshold:
            continue  # reached the threshold only through float32 rounding
        a, b = entries[i], entries[j]
        title_overlap = _jaccard(titles[i], titles[j])
        shared, tag_agreement = _tag_agreement(tags[i], tags[j])
        hours_ratio = _ratio(a.learning_hours, b.learning_hours)
        duplicate = (
            cosine >= duplicate_threshold
            and title_overlap >= DUPLICATE_TITLE_OVERLAP
            and (tag_agreement is None or tag_agreement >= DUPLICATE_TAG_AGREEMENT)
            and hours_ratio >= DUPLICATE_HOURS_RATIO
        )
        signals = [title_overlap, hours_ratio] + ([] if tag_agreement is None else [tag_agreement])
        threshold = duplicate_threshold if duplicate else related_threshold
        source, target = sorted((a.id, b.id))
        associations.append(
            Association(
                source_id=source,
                target_id=target,
                kind=AssociationKind.EXACT_MATCH if duplicate else AssociationKind.RELATED,
                similarity=cosine,
                confidence=_confidence(cosine, threshold, sum(signals) / len(signals)),
                title_overlap=title_overlap,
                shared_competencies=shared,
                hours_ratio=hours_ratio,
            )
        )
    associations.sort(key=lambda x: (-x.similarity, x.source_id, x.target_id))
    return associations


def _unit_rows(entries: Sequence[CatalogueEntry], embeddings: np.ndarray) -> np.ndarray:
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("entries: a course id appears more than once")
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(entries):
        raise ValueError(
            f"embeddings: expected one row per entry ({len(entries)} rows), got shape {vectors.shape}"
        )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)  # unit already by contract; this makes cosine safe anyway


def _candidates(
    vectors: np.ndarray, codes: np.ndarray, threshold: float, across_only: bool, limit: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) at or above the threshold, scanning the upper triangle a block of rows at a time.

    With a limit, each block keeps the pairs among the `limit` nearest of either end within the block, a
    superset of those nearest overall, which a last pass over all blocks' pairs makes exact.
    """
    n = len(vectors)
    if n < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    block = max(64, _BLOCK_CELLS // n)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, n, block):
        stop = min(start + block, n)
        sims = vectors[start:stop] @ vectors[start:].T  # earlier columns were scanned as earlier rows
        sims[:, : stop - start][np.tril_indices(stop - start)] = -np.inf
        hit = np.flatnonzero(sims.max(axis=1) >= threshold)
        rows, cols = np.nonzero(sims[hit] >= threshold)
        rows = hit[rows]
        i, j, s = rows + start, cols + start, sims[rows, cols]
        if across_only:
            other = codes[i] != codes[j]
            i, j, s = i[other], j[other], s[other]
        found.append(_nearest(i, j, s, limit) if limit is not None else (i, j, s))
    i, j, s = (np.concatenate(parts) for parts in zip(*found, strict=True))
    if limit is not None:
        i, j, s = _nearest(i, j, s, limit)
    return i, j


def _nearest(
    i: np.ndarray, j: np.ndarray, s: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs that are among the `limit` most similar pairs of one of their two courses."""
    ends = np.concatenate([i, j])
    order = np.lexsort((-np.concatenate([s, s]), ends))  # by course, most similar first; stable on ties
    grouped = ends[order]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(grouped, grouped)
    keep = rank[: len(i)] < limit
    keep |= rank[len(i) :] < limit
    return i[keep], j[keep], s[keep]


def _levels(tags: Iterable[tuple[uuid.UUID, int]]) -> dict[uuid.UUID, int]:
    levels: dict[uuid.UUID, int] = {}
    for competency_id, level in tags:
        levels[competency_id] = max(level, levels.get(competency_id, level))
    return levels


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _tag_agreement(
    a: Mapping[uuid.UUID, int], b: Mapping[uuid.UUID, int]
) -> tuple[tuple[uuid.UUID, ...], float | None]:
    """Competencies both build at levels at most one apart, and their share of all tagged ones.

    None when either course is untagged: missing tags say nothing either way.
    """
    if not a or not b:
        return (), None
    shared = tuple(sorted(c for c in a.keys() & b.keys() if abs(a[c] - b[c]) <= 1))
    return shared, len(shared) / len(a.keys() | b.keys())


def _ratio(a: float, b: float) -> float:
    longer = max(a, b)
    return min(a, b) / longer if longer > 0 else 1.0


def _confidence(similarity: float, threshold: float, agreement: float) -> float:
    z = (similarity - threshold) / CONFIDENCE_STEP + SIGNAL_WEIGHT * (agreement - 0.5)
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------------------------------------- reports


def overlap_clusters(entries: Sequence[CatalogueEntry], associations: Sequence[Association]) -> list[Cluster]:
    """Connected groups of associated courses, largest first, then by representative title and id."""
    ends = _ends(entries, associations)
    parent = list(range(len(entries)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    closeness = [0.0] * len(entries)
    for (s, t), a in zip(ends, associations, strict=True):
        parent[root(s)] = root(t)
        closeness[s] += a.similarity
        closeness[t] += a.similarity
    groups: dict[int, list[int]] = defaultdict(list)
    for x in sorted({x for pair in ends for x in pair}):
        groups[root(x)].append(x)

    clusters = []
    for group in groups.values():
        members = sorted((entries[x] for x in group), key=lambda e: (e.provider, e.title, e.id))
        best = min(group, key=lambda x: (-closeness[x], entries[x].title, entries[x].id))
        clusters.append(
            Cluster(
                members=tuple(e.id for e in members),
                institutions=tuple(sorted({e.provider for e in members})),
                representative_id=entries[best].id,
                representative_title=entries[best].title,
            )
        )
    clusters.sort(key=lambda c: (-len(c.members), c.representative_title, c.representative_id))
    return clusters


def institution_overlap(
    entries: Sequence[CatalogueEntry], associations: Sequence[Association]
) -> OverlapMatrix:
    """Every institution of `entries` against every other, ordered by name (then id)."""
    names: dict[uuid.UUID, str] = {}
    sizes: dict[uuid.UUID, int] = defaultdict(int)
    for e in entries:
        names.setdefault(e.provider_id, e.provider)
        sizes[e.provider_id] += 1
    order = sorted(names, key=lambda p: (names[p], p))
    position = {p: n for n, p in enumerate(order)}
    institution = [position[e.provider_id] for e in entries]
    overlapping: list[list[set[int]]] = [[set() for _ in order] for _ in order]
    for s, t in _ends(entries, associations):
        overlapping[institution[s]][institution[t]].add(s)
        overlapping[institution[t]][institution[s]].add(t)
    return OverlapMatrix(
        institutions=tuple(names[p] for p in order),
        provider_ids=tuple(order),
        catalogue_sizes=tuple(sizes[p] for p in order),
        overlapping=tuple(tuple(len(cell) for cell in row) for row in overlapping),
    )


def coverage_gaps(needs: Sequence[CompetencyNeed], entries: Sequence[CatalogueEntry]) -> list[CoverageGap]:
    """Needs that no entry builds to the level required, most positions first.

    Pass published courses only: a draft closes no gap. A need is met by a confirmed tag on its
    competency at its level or above; otherwise the gap names the best level on offer and its courses.
    """
    best: dict[uuid.UUID, tuple[int, list[uuid.UUID]]] = {}
    for e in entries:
        for competency_id, level in _levels(e.competencies).items():
            top, courses = best.get(competency_id, (level, []))
            if level > top:
                best[competency_id] = (level, [e.id])
            elif level == top:
                best[competency_id] = (top, [*courses, e.id])
    gaps = []
    for need in needs:
        offered = best.get(need.competency_id)
        if offered is None:
            gaps.append(CoverageGap(need, None, ()))
        elif offered[0] < need.level:
            gaps.append(CoverageGap(need, offered[0], tuple(sorted(offered[1]))))
    gaps.sort(key=lambda g: (-g.need.positions, -g.need.level, g.need.name, g.need.competency_id))
    return gaps


def _ends(entries: Sequence[CatalogueEntry], associations: Sequence[Association]) -> list[tuple[int, int]]:
    """Each association's two courses as positions in `entries` (ints: hashing UUIDs is slow)."""
    position = {e.id: n for n, e in enumerate(entries)}
    try:
        return [(position[a.source_id], position[a.target_id]) for a in associations]
    except KeyError as missing:
        raise ValueError(f"associations: course {missing.args[0]} is not among the entries") from None


# ---------------------------------------------------------------------------------------------- exports


def associations_to_case(
    associations: Sequence[Association],
    entries: Sequence[CatalogueEntry],
    *,
    uri_base: str,
    course_uri_base: str,
    document_id: uuid.UUID | None = None,
    creator: str = "Mission Karmayogi",
    changed_at: datetime | None = None,
    decided: Mapping[tuple[uuid.UUID, uuid.UUID], Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The associations as a CASE 1.1 package: a CFDocument and its CFAssociations between courses.

    Courses are not CASE items, so each end is a link (title, identifier, uri) to the course at
    `course_uri_base`/{id}. CASE has no review state: every association carries
    ``extensions: {"status": "pending review", "similarity", "confidence", ...}``; a pair in `decided`
    carries its decision instead (status "accepted" or "rejected", with decidedAt and reason).
    Identifiers and URIs follow the FRAC export (`karmayogi.frac.formats.case`), so the same pairs give
    the same identifiers.
    """
    ends = _ends(entries, associations)
    base, courses = uri_base.rstrip("/"), course_uri_base.rstrip("/")
    doc_id = document_id or uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/CFDocuments/curriculum-harmonisation")
    stamp = (changed_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    w = CaseWriter(base, doc_id, stamp)
    title = "Curriculum harmonisation: course associations pending review"
    document = {
        "identifier": str(doc_id),
        "uri": w.uri("CFDocuments", doc_id),
        "caseVersion": CASE_VERSION,
        "creator": creator,
        "title": title,
        "lastChangeDateTime": stamp,
    }
    doc_link = {"title": title, "identifier": str(doc_id), "uri": document["uri"]}

    def course_link(course: CatalogueEntry) -> dict[str, str]:
        return {"title": course.title, "identifier": str(course.id), "uri": f"{courses}/{course.id}"}

    nodes = []
    for (s, t), a in zip(ends, associations, strict=True):
        node = w.association(a.kind.value, course_link(entries[s]), course_link(entries[t]))
        node["CFDocumentURI"] = doc_link
        node["extensions"] = {
            "status": REVIEW_STATUS,
            **(decided or {}).get((a.source_id, a.target_id), {}),
            "similarity": round(a.similarity, 4),
            "confidence": round(a.confidence, 4),
            "titleOverlap": round(a.title_overlap, 4),
            "sharedCompetencies": [str(c) for c in a.shared_competencies],
            "hoursRatio": round(a.hours_ratio, 4),
        }
        nodes.append(node)
    return {"CFDocument": document, "CFAssociations": nodes}


def report_json(report: Association | Cluster | OverlapMatrix | CoverageGap | Sequence[Any]) -> str:
    """Any report of this module, or a list of them, as JSON (ids as strings, field names as here)."""
    plain = [asdict(item) for item in report] if isinstance(report, Sequence) else asdict(report)
    return json.dumps(plain, default=str, ensure_ascii=False, indent=2)


def associations_csv(associations: Sequence[Association], entries: Sequence[CatalogueEntry]) -> str:
    """One row per association, in the given order, with both courses' institution and title."""
    rows = []
    for (s, t), a in zip(_ends(entries, associations), associations, strict=True):
        source, target = entries[s], entries[t]
        rows.append(
            [
                source.id,
                source.provider,
                source.title,
                target.id,
                target.provider,
                target.title,
                a.kind.value,
                f"{a.similarity:.4f}",
                f"{a.confidence:.4f}",
                f"{a.title_overlap:.4f}",
                " ".join(str(c) for c in a.shared_competencies),
                f"{a.hours_ratio:.4f}",
                REVIEW_STATUS,
            ]
        )
    header = [
        "source_id",
        "source_institution",
        "source_title",
        "target_id",
        "target_institution",
        "target_title",
        "association_type",
        "similarity",
        "confidence",
        "title_overlap",
        "shared_competencies",
        "hours_ratio",
        "status",
    ]
    return _csv(header, rows)


def coverage_csv(gaps: Sequence[CoverageGap]) -> str:
    """One row per gap, in the given order; coverage is "none" or "partial"."""
    header = [
        "competency_id",
        "competency",
        "level_needed",
        "positions",
        "coverage",
        "best_level_available",
        "courses_at_best_level",
    ]
    rows = [
        [
            g.need.competency_id,
            g.need.name,
            g.need.level,
            g.need.positions,
            "partial" if g.partial else "none",
            "" if g.best_level is None else g.best_level,
            " ".join(str(c) for c in g.courses_at_best_level),
        ]
        for g in gaps
    ]
    return _csv(header, rows)


def overlap_matrix_csv(matrix: OverlapMatrix, *, shares: bool = False) -> str:
    """The matrix with a row and a column per institution: counts, or shares of the row's catalogue."""
    values = matrix.shares if shares else matrix.overlapping
    rows = [
        [name, size, *(f"{v:.4f}" if shares else v for v in row)]
        for name, size, row in zip(matrix.institutions, matrix.catalogue_sizes, values, strict=True)
    ]
    return _csv(["institution", "courses", *matrix.institutions], rows)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()

"""Curriculum harmonisation finds repeated and overlapping courses across institutions, and the gaps."""

import csv
import io
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.encoders import minilm
from karmayogi.content.harmonisation import (
    Association,
    AssociationKind,
    CompetencyNeed,
    associations_csv,
    associations_to_case,
    coverage_csv,
    coverage_gaps,
    institution_overlap,
    overlap_clusters,
    overlap_matrix_csv,
    overlapping_pairs,
    report_json,
)

ISTM = (uuid.uuid4(), "Institute of Secretariat Training and Management")
NIFM = (uuid.uuid4(), "National Institute of Financial Management")
HIPA = (uuid.uuid4(), "Haryana Institute of Public Administration")

PROCUREMENT, RTI, ETHICS, BUDGETING, E_OFFICE = (uuid.uuid4() for _ in range(5))


def course(
    institution: tuple[uuid.UUID, str],
    title: str,
    summary: str,
    description: str,
    hours: float,
    *tags: tuple[uuid.UUID, int],
) -> CatalogueEntry:
    return CatalogueEntry(
        uuid.uuid4(),
        *institution,
        title=title,
        summary=summary,
        description=description,
        learning_hours=hours,
        competencies=tags,
    )


GFR_ISTM = course(
    ISTM,
    "Public Procurement under GFR 2017",
    "Rules for buying goods and services in government.",
    "Covers the General Financial Rules 2017 chapter on procurement: open and limited tenders, bid "
    "security, evaluation of bids and award of contract.",
    6,
    (PROCUREMENT, 2),
)
GFR_NIFM = course(
    NIFM,
    "Public Procurement under GFR, 2017",
    "Government purchasing rules for officers.",
    "The procurement provisions of the General Financial Rules 2017: modes of tendering, bid evaluation, "
    "performance security and contract award.",
    5,
    (PROCUREMENT, 2),
)
GEM = course(
    HIPA,
    "GeM e-procurement basics",
    "Public procurement under the General Financial Rules 2017 on the Government e-Marketplace.",
    "Buying goods and services on GeM: modes of procurement under GFR 2017, bid evaluation and award of "
    "contract.",
    3,
    (PROCUREMENT, 1),
)
RTI_ISTM = course(
    ISTM,
    "Right to Information Act 2005",
    "Handling RTI applications.",
    "The duties of Public Information Officers, time limits, exemptions under section 8, first appeals "
    "and the Information Commissions.",
    4,
    (RTI, 3),
)
RTI_HIPA = course(
    HIPA,
    "RTI for Public Information Officers",
    "Disposing of RTI requests on time.",
    "Receiving RTI applications, transferring them, applying exemptions and replying within thirty days; "
    "first appeals.",
    3,
    (RTI, 2),
)
BUDGET = course(
    NIFM,
    "Budget preparation in ministries",
    "Estimates and the Union Budget cycle.",
    "Preparing budget estimates, revised estimates and demands for grants.",
    8,
    (BUDGETING, 2),
)
BUDGET_ESTIMATES = course(
    NIFM,
    "Preparing budget estimates",
    "The annual budget exercise in a ministry.",
    "Budget estimates, revised estimates, demands for grants and the outcome budget.",
    6,
    (BUDGETING, 2),
)
CATALOGUE = [
    GFR_ISTM,
    RTI_ISTM,
    course(ISTM, "Spreadsheets for office work", "Microsoft Excel essentials.", "Formulas and charts.", 3),
    course(
        ISTM,
        "e-Office file management",
        "Working on files in e-Office.",
        "Creating electronic files, noting and drafting, and moving files in the e-Office system.",
        2,
    ),
    GFR_NIFM,
    BUDGET,
    BUDGET_ESTIMATES,
    GEM,
    RTI_HIPA,
    course(
        HIPA,
        "Integrity and Ethics in Public Service",
        "Values for civil servants.",
        "The CCS (Conduct) Rules, conflicts of interest, gifts and the code of ethics.",
        4,
        (ETHICS, 1),
    ),
    course(HIPA, "Yoga for wellbeing at work", "Stress management.", "Breathing and asanas.", 2),
]


@pytest.fixture(scope="module")
def embeddings() -> np.ndarray:
    return minilm().encode([e.text for e in CATALOGUE])


def pair(a: CatalogueEntry, b: CatalogueEntry) -> tuple[uuid.UUID, uuid.UUID]:
    return (min(a.id, b.id), max(a.id, b.id))


def found(associations: list[Association]) -> dict[tuple[uuid.UUID, uuid.UUID], AssociationKind]:
    return {(a.source_id, a.target_id): a.kind for a in associations}


def test_a_course_published_by_two_institutes_is_an_exact_match_and_a_shared_syllabus_is_related(embeddings):
    associations = overlapping_pairs(CATALOGUE, embeddings)

    assert found(associations) == {
        pair(GFR_ISTM, GFR_NIFM): AssociationKind.EXACT_MATCH,
        pair(GFR_ISTM, GEM): AssociationKind.RELATED,
        pair(GFR_NIFM, GEM): AssociationKind.RELATED,
        pair(RTI_ISTM, RTI_HIPA): AssociationKind.RELATED,
    }
    duplicate = associations[0]
    assert (duplicate.source_id, duplicate.target_id) == pair(GFR_ISTM, GFR_NIFM)
    assert duplicate.title_overlap == 1.0
    assert duplicate.shared_competencies == (PROCUREMENT,)
    assert all(0.5 < a.confidence < 1 for a in associations)  # all clearly above their thresholds
    assert [a.similarity for a in associations] == sorted((a.similarity for a in associations), reverse=True)


def test_courses_of_one_institution_are_compared_only_when_asked(embeddings):
    within = found(overlapping_pairs(CATALOGUE, embeddings, across_institutions_only=False))
    assert within[pair(BUDGET, BUDGET_ESTIMATES)] == AssociationKind.RELATED
    assert pair(BUDGET, BUDGET_ESTIMATES) not in found(overlapping_pairs(CATALOGUE, embeddings))


@pytest.mark.parametrize(
    "differs",
    [
        {"competencies": ((ETHICS, 2),)},  # tags say it teaches something else
        {"learning_hours": 40.0},  # a week's programme, not the same short course
        {"title": "Procurement Management Programme"},
    ],
)
def test_a_near_identical_text_is_only_related_when_another_signal_disagrees(embeddings, differs):
    catalogue = [replace(e, **differs) if e == GFR_NIFM else e for e in CATALOGUE]
    kinds = found(overlapping_pairs(catalogue, embeddings))
    assert kinds[pair(GFR_ISTM, GFR_NIFM)] == AssociationKind.RELATED


def test_a_stricter_duplicate_threshold_turns_the_match_into_a_relation(embeddings):
    kinds = found(overlapping_pairs(CATALOGUE, embeddings, duplicate_threshold=0.99))
    assert set(kinds.values()) == {AssociationKind.RELATED}


def test_bad_inputs_are_refused_with_the_field_named(embeddings):
    with pytest.raises(ValueError, match="embeddings"):
        overlapping_pairs(CATALOGUE, embeddings[:-1])
    with pytest.raises(ValueError, match="duplicate_threshold"):
        overlapping_pairs(CATALOGUE, embeddings, related_threshold=0.8, duplicate_threshold=0.7)
    with pytest.raises(ValueError, match="entries"):
        overlapping_pairs([*CATALOGUE, CATALOGUE[0]], np.vstack([embeddings, embeddings[:1]]))


def test_overlapping_courses_group_into_clusters(embeddings):
    clusters = overlap_clusters(CATALOGUE, overlapping_pairs(CATALOGUE, embeddings))

    assert [set(c.members) for c in clusters] == [
        {GFR_ISTM.id, GFR_NIFM.id, GEM.id},
        {RTI_ISTM.id, RTI_HIPA.id},
    ]
    procurement, rti = clusters
    assert procurement.institutions == (HIPA[1], ISTM[1], NIFM[1])
    assert procurement.representative_title.startswith("Public Procurement under GFR")
    assert rti.institutions == (HIPA[1], ISTM[1])


def test_the_matrix_counts_each_institutions_courses_that_overlap_another_institution(embeddings):
    matrix = institution_overlap(CATALOGUE, overlapping_pairs(CATALOGUE, embeddings))

    assert matrix.institutions == (HIPA[1], ISTM[1], NIFM[1])
    assert matrix.catalogue_sizes == (4, 4, 3)
    assert matrix.overlapping == (
        (0, 2, 1),  # HIPA: its RTI and GeM courses overlap ISTM's, its GeM course NIFM's GFR course
        (2, 0, 1),  # ISTM: its RTI and GFR courses overlap HIPA's, its GFR course NIFM's
        (1, 1, 0),
    )
    assert matrix.shares[0][1] == 0.5

    rows = list(csv.reader(io.StringIO(overlap_matrix_csv(matrix))))
    assert rows[0] == ["institution", "courses", HIPA[1], ISTM[1], NIFM[1]]
    assert rows[1] == [HIPA[1], "4", "0", "2", "1"]
    shares = list(csv.reader(io.StringIO(overlap_matrix_csv(matrix, shares=True))))
    assert shares[1][3] == "0.5000"


NEEDS = [
    CompetencyNeed(PROCUREMENT, "Public Procurement", level=3, positions=12),
    CompetencyNeed(RTI, "Handling RTI Applications", level=2, positions=30),
    CompetencyNeed(ETHICS, "Integrity and Ethics", level=2, positions=40),
    CompetencyNeed(E_OFFICE, "Working in e-Office", level=1, positions=25),
    CompetencyNeed(BUDGETING, "Budgeting", level=2, positions=5),
]


def test_needs_no_course_builds_to_the_level_required_are_gaps_most_positions_first():
    gaps = coverage_gaps(NEEDS, CATALOGUE)

    assert [(g.need.name, g.best_level) for g in gaps] == [
        ("Integrity and Ethics", 1),
        ("Working in e-Office", None),
        ("Public Procurement", 2),
    ]
    ethics, e_office, procurement = gaps
    assert ethics.partial and not e_office.partial
    assert set(procurement.courses_at_best_level) == {GFR_ISTM.id, GFR_NIFM.id}

    rows = list(csv.reader(io.StringIO(coverage_csv(gaps))))
    assert rows[0] == [
        "competency_id",
        "competency",
        "level_needed",
        "positions",
        "coverage",
        "best_level_available",
        "courses_at_best_level",
    ]
    assert rows[1][1:6] == ["Integrity and Ethics", "2", "40", "partial", "1"]
    assert rows[2][1:7] == ["Working in e-Office", "1", "25", "none", "", ""]


def test_associations_export_as_case_pending_review(embeddings):
    associations = overlapping_pairs(CATALOGUE, embeddings)
    stamp = datetime(2025, 4, 1, tzinfo=UTC)

    def export():
        return associations_to_case(
            associations,
            CATALOGUE,
            uri_base="https://igot.example/ims/case/v1p1",
            course_uri_base="https://igot.example/api/v1/courses",
            changed_at=stamp,
        )

    package = export()
    assert package["CFDocument"]["caseVersion"] == "1.1"
    nodes = package["CFAssociations"]
    assert [n["associationType"] for n in nodes] == [
        "exactMatchOf",
        "isRelatedTo",
        "isRelatedTo",
        "isRelatedTo",
    ]
    first = nodes[0]
    assert first["originNodeURI"] == {
        "title": CATALOGUE[[e.id for e in CATALOGUE].index(associations[0].source_id)].title,
        "identifier": str(associations[0].source_id),
        "uri": f"https://igot.example/api/v1/courses/{associations[0].source_id}",
    }
    assert first["destinationNodeURI"]["identifier"] == str(associations[0].target_id)
    assert first["CFDocumentURI"]["identifier"] == package["CFDocument"]["identifier"]
    assert first["extensions"]["status"] == "pending review"
    assert first["extensions"]["similarity"] == round(associations[0].similarity, 4)
    assert first["extensions"]["sharedCompetencies"] == [str(PROCUREMENT)]
    assert len({uuid.UUID(n["identifier"]) for n in nodes}) == len(nodes)
    assert first["uri"].startswith("https://igot.example/ims/case/v1p1/CFAssociations/")
    assert json.loads(json.dumps(package)) == package == export()  # plain JSON, same ids every time


def test_associations_csv_has_a_row_per_pair_with_both_institutions(embeddings):
    associations = overlapping_pairs(CATALOGUE, embeddings)
    rows = list(csv.reader(io.StringIO(associations_csv(associations, CATALOGUE))))

    assert rows[0] == [
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
    assert len(rows) == 1 + len(associations)
    duplicate = rows[1]
    assert {duplicate[1], duplicate[4]} == {ISTM[1], NIFM[1]}
    assert duplicate[6] == "exactMatchOf"
    assert duplicate[10] == str(PROCUREMENT)
    assert {row[12] for row in rows[1:]} == {"pending review"}


def test_reports_serialise_to_json(embeddings):
    associations = overlapping_pairs(CATALOGUE, embeddings)
    clusters = json.loads(report_json(overlap_clusters(CATALOGUE, associations)))
    assert str(GEM.id) in clusters[0]["members"]
    matrix = json.loads(report_json(institution_overlap(CATALOGUE, associations)))
    assert matrix["overlapping"][0] == [0, 2, 1]
    assert json.loads(report_json(associations))[0]["kind"] == "exactMatchOf"


def test_associations_naming_a_course_outside_the_catalogue_are_refused(embeddings):
    associations = overlapping_pairs(CATALOGUE, embeddings)
    with pytest.raises(ValueError, match="not among the entries"):
        overlap_clusters(CATALOGUE[1:], associations)


# ---------------------------------------------------------------------------------------------- properties

INSTITUTIONS = [(uuid.uuid4(), f"Institute {n}") for n in range(3)]


@st.composite
def catalogues(draw):
    size = draw(st.integers(min_value=0, max_value=12))
    entries = [
        CatalogueEntry(
            uuid.uuid4(),
            *draw(st.sampled_from(INSTITUTIONS)),
            title=draw(st.sampled_from(["Public procurement", "Procurement on GeM", "RTI", "Yoga"])),
            learning_hours=draw(st.sampled_from([1.0, 2.0, 6.0])),
            competencies=tuple(
                draw(st.lists(st.tuples(st.sampled_from([PROCUREMENT, RTI]), st.integers(1, 5))))
            ),
        )
        for _ in range(size)
    ]
    vectors = draw(hnp.arrays(np.float32, (size, 3), elements=st.floats(-1, 1, width=32)))
    return entries, vectors


@settings(max_examples=200, deadline=None)
@given(
    catalogues(),
    st.floats(-1, 1),
    st.floats(0, 1),
    st.booleans(),
    st.none() | st.integers(min_value=1, max_value=3),
)
def test_associations_and_clusters_keep_their_invariants(catalogue, related, spread, across, limit):
    entries, vectors = catalogue
    duplicate = related + (1 - related) * spread
    associations = overlapping_pairs(
        entries,
        vectors,
        related_threshold=related,
        duplicate_threshold=duplicate,
        across_institutions_only=across,
        limit_per_course=limit,
    )
    provider = {e.id: e.provider_id for e in entries}
    keys = [(a.source_id, a.target_id) for a in associations]
    assert len(set(keys)) == len(keys)
    for a in associations:
        assert a.source_id < a.target_id
        assert related <= a.similarity <= 1
        assert 0 <= a.confidence <= 1
        assert a.kind == AssociationKind.RELATED or a.similarity >= duplicate
        assert not across or provider[a.source_id] != provider[a.target_id]
    assert [a.similarity for a in associations] == sorted((a.similarity for a in associations), reverse=True)

    clusters = overlap_clusters(entries, associations)
    members = [m for c in clusters for m in c.members]
    assert len(members) == len(set(members))
    assert set(members) == {end for key in keys for end in key}
    assert all(len(c.members) >= 2 for c in clusters)

    matrix = institution_overlap(entries, associations)
    assert sum(matrix.catalogue_sizes) == len(entries)
    for row, size in zip(matrix.overlapping, matrix.catalogue_sizes, strict=True):
        assert all(0 <= count <= size for count in row)


@pytest.mark.parametrize("limit", [None, 2])
def test_the_blockwise_scan_finds_what_the_full_matrix_finds(limit):
    """Big enough for several blocks of rows; compared with the whole similarity matrix at once."""
    rng = np.random.default_rng(5)
    topics = rng.standard_normal((1000, 32))
    vectors = (np.repeat(topics, 5, axis=0) + 0.5 * rng.standard_normal((5000, 32))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    entries = [CatalogueEntry(uuid.uuid4(), *INSTITUTIONS[n % 3], title=f"Course {n}") for n in range(5000)]

    found_pairs = {
        (a.source_id, a.target_id)
        for a in overlapping_pairs(entries, vectors, related_threshold=0.65, limit_per_course=limit)
    }

    sims = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    institution = np.arange(5000) % 3
    sims[institution[:, None] == institution[None, :]] = -np.inf
    partners = [np.flatnonzero(row >= 0.65) for row in sims]
    expected = set()
    for i, row in enumerate(partners):
        nearest = row[np.argsort(-sims[i, row])][:limit]
        expected |= {(min(i, j), max(i, j)) for j in nearest}
    assert len(expected) > 1000
    assert found_pairs == {pair(entries[i], entries[j]) for i, j in expected}

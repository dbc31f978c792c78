"""A small procurement FRAC and a hand-made catalogue for it, shared by the recommender tests.

Ids are derived from names, so a test names a node ("Public Procurement", "Section Officer") and
gets the same id the fixture used.
"""

from __future__ import annotations

import uuid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    Position,
    RelationKind,
    Requirement,
    Role,
)

NAMESPACE = uuid.UUID("2b7d0c9e-0000-4000-8000-0000000e4a11")
PROVIDER = uuid.uuid5(NAMESPACE, "iGOT Academy")


def nid(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


F, B = CompetencyType.FUNCTIONAL, CompetencyType.BEHAVIOURAL
COMPETENCIES = [
    ("Financial Management", F, "Budgeting, accounting and control of public money."),
    (
        "Public Procurement",
        F,
        "Buying goods, works and services for government through open tenders and fair evaluation of bids.",
    ),
    ("Contract Management", F, "Administering contracts after award: milestones, variations and disputes."),
    ("GeM Portal Operations", F, "Buying on the Government e-Marketplace portal."),
    ("Noting and Drafting", F, "Writing notes and drafts on government files."),
    ("Integrity", B, "Acting honestly and impartially in public service."),
    ("Team Leadership", B, "Leading and motivating a team to deliver results."),
]
# prerequisite → dependant
PREREQUISITES = [
    ("Financial Management", "Public Procurement"),
    ("Public Procurement", "Contract Management"),
    ("Public Procurement", "GeM Portal Operations"),
]
ROLES = ["Procurement Officer", "Finance Officer", "Team Lead"]
ACTIVITIES = [("Runs tenders on the GeM portal", "Procurement Officer")]
# (holder, competency, level, weight); a holder is a role or an activity
REQUIREMENTS = [
    ("Procurement Officer", "Public Procurement", 3, 1.0),
    ("Procurement Officer", "Contract Management", 2, 0.6),
    ("Procurement Officer", "Integrity", 2, 0.5),
    ("Runs tenders on the GeM portal", "GeM Portal Operations", 2, 0.8),
    ("Finance Officer", "Financial Management", 3, 1.0),
    ("Finance Officer", "Noting and Drafting", 2, 0.4),
    ("Finance Officer", "Public Procurement", 2, 0.3),
    ("Team Lead", "Team Leadership", 3, 0.8),
    ("Team Lead", "Public Procurement", 4, 0.5),
]
POSITIONS = [
    ("Section Officer (Procurement)", ["Procurement Officer"]),
    ("Under Secretary (Finance)", ["Finance Officer", "Procurement Officer"]),
    ("Deputy Secretary (Procurement)", ["Procurement Officer", "Team Lead"]),
    ("Assistant Section Officer", []),
]


def build_framework() -> Framework:
    activity_names = {name for name, _ in ACTIVITIES}
    return Framework(
        name="Department of Expenditure FRAC",
        competencies=tuple(
            Competency(nid(name), name, kind, description) for name, kind, description in COMPETENCIES
        ),
        relations=tuple(
            CompetencyRelation(nid(a), nid(b), RelationKind.PREREQUISITE) for a, b in PREREQUISITES
        ),
        roles=tuple(Role(nid(name), name) for name in ROLES),
        activities=tuple(Activity(nid(name), nid(role), name) for name, role in ACTIVITIES),
        positions=tuple(
            Position(nid(name), name, None, role_ids=tuple(nid(r) for r in roles))
            for name, roles in POSITIONS
        ),
        requirements=tuple(
            Requirement(
                nid(competency),
                level,
                weight,
                role_id=None if holder in activity_names else nid(holder),
                activity_id=nid(holder) if holder in activity_names else None,
            )
            for holder, competency, level, weight in REQUIREMENTS
        ),
    )


def course(title: str, *tags: tuple[str, int], hours: float = 4.0, summary: str = "") -> CatalogueEntry:
    return CatalogueEntry(
        id=nid(title),
        provider_id=PROVIDER,
        provider="iGOT Academy",
        title=title,
        summary=summary,
        learning_hours=hours,
        competencies=tuple((nid(name), level) for name, level in tags),
    )


def build_catalogue() -> list[CatalogueEntry]:
    return [
        course("Public Procurement Essentials", ("Public Procurement", 2), hours=3),
        course("Public Procurement in Practice", ("Public Procurement", 3), hours=6),
        course("Masterclass in Procurement Policy", ("Public Procurement", 5), hours=12),
        course("Contracts after the Award", ("Contract Management", 2), hours=4),
        course(
            "Procurement and Contracts Bootcamp",
            ("Public Procurement", 3),
            ("Contract Management", 2),
            hours=9,
        ),
        course("Buying on GeM", ("GeM Portal Operations", 2), hours=2),
        course("Integrity in Public Service", ("Integrity", 2), hours=2),
        course("Government Budgeting", ("Financial Management", 3), hours=5),
        course("Leading Teams in Government", ("Team Leadership", 3), hours=6),
        course("Noting and Drafting for Officers", ("Noting and Drafting", 2), hours=3),
        course("Effective Tender Evaluation", hours=5, summary="Untagged: evaluating bids in public tenders"),
    ]

"""A small hand-made FRAC of a central ministry, shared by the graph, validation and diff tests.

Ids are derived from names, so a test names a node ("Integrity", "Section Officer") and gets the
same id the fixture used.
"""

from __future__ import annotations

import uuid

import pytest

from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    KnowledgeResource,
    Position,
    RelationKind,
    Requirement,
    Role,
)

NAMESPACE = uuid.UUID("6f1c2a4e-0000-4000-8000-000000000f4a")
MINISTRY = uuid.uuid5(NAMESPACE, "Department of Expenditure")

B, F, D = CompetencyType.BEHAVIOURAL, CompetencyType.FUNCTIONAL, CompetencyType.DOMAIN
COMPETENCIES = [
    ("Integrity", B, None),
    ("Empathy", B, None),
    ("Accountability", B, None),
    ("Office Procedure (CSMOP)", F, None),
    ("Noting and Drafting", F, None),
    ("Financial Management", F, None),
    ("Public Procurement", F, None),
    ("Contract Management", F, None),
    ("Right to Information Act", F, None),
    ("GeM Portal Operations", D, MINISTRY),
]
PREREQUISITES = [
    ("Office Procedure (CSMOP)", "Noting and Drafting"),
    ("Noting and Drafting", "Right to Information Act"),
    ("Financial Management", "Public Procurement"),
    ("Public Procurement", "Contract Management"),
    ("Public Procurement", "GeM Portal Operations"),
]
ROLES = ["Procurement Officer", "RTI Public Information Officer", "Establishment Officer"]
ACTIVITIES = [
    ("Prepare tender documents on GeM", "Procurement Officer"),
    ("Evaluate bids and recommend award", "Procurement Officer"),
    ("Dispose of RTI applications within 30 days", "RTI Public Information Officer"),
    ("Process leave and service matters", "Establishment Officer"),
]
# (competency, level, weight, role or activity)
REQUIREMENTS = [
    ("Public Procurement", 3, 1.0, "Procurement Officer"),
    ("Integrity", 3, 0.8, "Procurement Officer"),
    ("GeM Portal Operations", 2, 0.6, "Prepare tender documents on GeM"),
    ("Noting and Drafting", 2, 0.4, "Prepare tender documents on GeM"),
    ("Public Procurement", 2, 0.5, "Prepare tender documents on GeM"),
    ("Contract Management", 2, 0.7, "Evaluate bids and recommend award"),
    ("Integrity", 4, 0.5, "Evaluate bids and recommend award"),
    ("Right to Information Act", 3, 1.0, "RTI Public Information Officer"),
    ("Integrity", 2, 0.5, "RTI Public Information Officer"),
    ("Noting and Drafting", 3, 0.6, "Dispose of RTI applications within 30 days"),
    ("Office Procedure (CSMOP)", 3, 0.9, "Establishment Officer"),
    ("Empathy", 2, 0.4, "Establishment Officer"),
    ("Noting and Drafting", 2, 0.5, "Process leave and service matters"),
]
POSITIONS = [
    ("Section Officer", ["Procurement Officer", "RTI Public Information Officer"]),
    ("Under Secretary (Administration)", ["RTI Public Information Officer", "Establishment Officer"]),
    ("Assistant Section Officer", ["Establishment Officer"]),
    ("Deputy Director (Stores)", ["Procurement Officer"]),
    ("Library and Information Assistant", []),
]


def node_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


@pytest.fixture(scope="session")
def ids() -> dict[str, uuid.UUID]:
    """Every node of the hand-made FRAC by its name (competency, role, activity or designation)."""
    names = [
        *(c for c, _, _ in COMPETENCIES),
        *ROLES,
        *(a for a, _ in ACTIVITIES),
        *(p for p, _ in POSITIONS),
    ]
    return {name: node_id(name) for name in names}


@pytest.fixture(scope="session")
def frac() -> Framework:
    """One department's FRAC in miniature: five positions, three roles, no problems."""
    activity_names = {a for a, _ in ACTIVITIES}
    return Framework(
        name="Department of Expenditure FRAC",
        version=3,
        competencies=tuple(
            Competency(
                id=node_id(name),
                name=name,
                type=kind,
                organisation_id=organisation,
                level_descriptors=(
                    (1, f"Applies {name} to routine files."),
                    (3, f"Guides others in {name}."),
                ),
            )
            for name, kind, organisation in COMPETENCIES
        ),
        relations=(
            *(
                CompetencyRelation(node_id(s), node_id(t), RelationKind.PREREQUISITE)
                for s, t in PREREQUISITES
            ),
            CompetencyRelation(node_id("Integrity"), node_id("Accountability"), RelationKind.RELATED),
        ),
        roles=tuple(Role(id=node_id(name), name=name, organisation_id=MINISTRY) for name in ROLES),
        activities=tuple(
            Activity(
                id=node_id(description),
                role_id=node_id(role),
                description=description,
                knowledge_resources=(KnowledgeResource("General Financial Rules, 2017"),),
            )
            for description, role in ACTIVITIES
        ),
        positions=tuple(
            Position(
                id=node_id(designation),
                designation=designation,
                organisation_id=MINISTRY,
                role_ids=tuple(node_id(r) for r in roles),
            )
            for designation, roles in POSITIONS
        ),
        requirements=tuple(
            Requirement(
                competency_id=node_id(competency),
                level=level,
                weight=weight,
                role_id=None if holder in activity_names else node_id(holder),
                activity_id=node_id(holder) if holder in activity_names else None,
            )
            for competency, level, weight, holder in REQUIREMENTS
        ),
    )

"""What a reviewer sees changed between two FRAC versions."""

from __future__ import annotations

import dataclasses
import uuid

from hypothesis import given
from hypothesis import strategies as st

from karmayogi.frac.diff import Change, NodeDiff, diff
from karmayogi.frac.model import (
    DEFAULT_SCALE,
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    Position,
    ProficiencyScale,
    RelationKind,
    Requirement,
    Role,
)

Ids = dict[str, uuid.UUID]


def test_a_version_compared_with_itself_has_no_changes(frac: Framework) -> None:
    same = diff(frac, frac)
    assert same.is_empty
    assert set(same.summary().values()) == {0}
    assert same == diff(frac, dataclasses.replace(frac, version=4, name="renamed"))


def test_the_next_version_of_the_department_frac(frac: Framework, ids: Ids) -> None:
    cyber = Competency(uuid.uuid4(), "Cyber Hygiene", CompetencyType.FUNCTIONAL)
    establishment = ids["Establishment Officer"]
    leave = ids["Process leave and service matters"]
    renamed = [
        dataclasses.replace(c, name="Noting & Drafting", description="As in CSMOP 2022.")
        if c.name == "Noting and Drafting"
        else c
        for c in frac.competencies
    ]
    raised = Requirement(
        ids["Contract Management"], 3, 0.7, activity_id=ids["Evaluate bids and recommend award"]
    )
    lowered = Requirement(
        ids["Contract Management"], 2, 0.7, activity_id=ids["Evaluate bids and recommend award"]
    )
    new_relation = CompetencyRelation(cyber.id, ids["GeM Portal Operations"], RelationKind.PREREQUISITE)
    positions = [
        dataclasses.replace(p, role_ids=tuple(r for r in p.role_ids if r != establishment), grade="Group B")
        if establishment in p.role_ids
        else p
        for p in frac.positions
    ]
    new = dataclasses.replace(
        frac,
        version=4,
        competencies=(*renamed, cyber),
        relations=(*frac.relations, new_relation),
        roles=tuple(r for r in frac.roles if r.id != establishment),
        activities=tuple(a for a in frac.activities if a.id != leave),
        positions=tuple(positions),
        requirements=tuple(
            raised if r == lowered else r
            for r in frac.requirements
            if r.role_id != establishment and r.activity_id != leave
        ),
    )

    changes = diff(frac, new)

    assert changes.competencies == NodeDiff(
        added=(cyber.id,),
        changed=(
            Change("competency", ids["Noting and Drafting"], "Noting & Drafting", ("name", "description")),
        ),
    )
    assert changes.roles == NodeDiff(removed=(establishment,))
    assert changes.activities == NodeDiff(removed=(leave,))
    assert changes.positions.changed == (
        Change(
            "position", ids["Assistant Section Officer"], "Assistant Section Officer", ("role_ids", "grade")
        ),
        Change(
            "position",
            ids["Under Secretary (Administration)"],
            "Under Secretary (Administration)",
            ("role_ids", "grade"),
        ),
    )
    assert changes.requirements_added == (raised,)
    assert set(changes.requirements_removed) == {
        lowered,
        *(r for r in frac.requirements if r.role_id == establishment or r.activity_id == leave),
    }
    assert changes.relations_added == (new_relation,)
    assert changes.relations_removed == ()
    assert not changes.scale_changed
    assert changes.summary() == {
        "competencies_added": 1,
        "competencies_removed": 0,
        "competencies_changed": 1,
        "roles_added": 0,
        "roles_removed": 1,
        "roles_changed": 0,
        "activities_added": 0,
        "activities_removed": 1,
        "activities_changed": 0,
        "positions_added": 0,
        "positions_removed": 0,
        "positions_changed": 2,
        "requirements_added": 1,
        "requirements_removed": 4,
        "relations_added": 1,
        "relations_removed": 0,
        "scale_changed": 0,
    }
    assert not changes.is_empty


def test_a_new_scale_is_a_change(frac: Framework) -> None:
    four_levels = ProficiencyScale(DEFAULT_SCALE.levels[:4])
    changes = diff(frac, dataclasses.replace(frac, scale=four_levels))
    assert changes.scale_changed
    assert changes.summary()["scale_changed"] == 1
    assert not changes.is_empty


def test_losing_one_of_two_identical_requirements_shows(frac: Framework) -> None:
    doubled = dataclasses.replace(frac, requirements=(*frac.requirements, frac.requirements[0]))
    assert diff(frac, doubled).requirements_added == (frac.requirements[0],)
    assert diff(doubled, frac).requirements_removed == (frac.requirements[0],)


# ---------------------------------------------------------------------------------------------------------
# Properties over random pairs of versions drawn from one pool of nodes
# ---------------------------------------------------------------------------------------------------------

C = [uuid.UUID(int=100 + i) for i in range(6)]
R = [uuid.UUID(int=200 + i) for i in range(3)]
A = [uuid.UUID(int=300 + i) for i in range(3)]
P = [uuid.UUID(int=400 + i) for i in range(3)]

_competencies = st.lists(
    st.builds(
        Competency,
        id=st.sampled_from(C),
        name=st.sampled_from(["Integrity", "Public Procurement", "Noting and Drafting"]),
        type=st.sampled_from(CompetencyType),
        retired=st.booleans(),
    ),
    unique_by=lambda c: c.id,
)
_roles = st.lists(
    st.builds(Role, id=st.sampled_from(R), name=st.sampled_from(["Procurement Officer", "RTI PIO"])),
    unique_by=lambda r: r.id,
)
_activities = st.lists(
    st.builds(
        Activity,
        id=st.sampled_from(A),
        role_id=st.sampled_from([None, *R]),
        description=st.sampled_from(["Prepare tender", "Dispose of RTI applications"]),
    ),
    unique_by=lambda a: a.id,
)
_positions = st.lists(
    st.builds(
        Position,
        id=st.sampled_from(P),
        designation=st.sampled_from(["Section Officer", "Under Secretary"]),
        organisation_id=st.none(),
        role_ids=st.lists(st.sampled_from(R), max_size=2).map(tuple),
    ),
    unique_by=lambda p: p.id,
)
_need = {
    "competency_id": st.sampled_from(C),
    "level": st.integers(1, 3),
    "weight": st.sampled_from([0.5, 1.0]),
}
_requirements = st.lists(
    st.builds(Requirement, **_need, role_id=st.sampled_from(R))
    | st.builds(Requirement, **_need, activity_id=st.sampled_from(A)),
    max_size=8,
)
_relations = st.lists(
    st.builds(CompetencyRelation, st.sampled_from(C), st.sampled_from(C), st.sampled_from(RelationKind)),
    max_size=6,
)
_frameworks = st.builds(
    Framework,
    name=st.just("FRAC"),
    scale=st.sampled_from([DEFAULT_SCALE, ProficiencyScale(DEFAULT_SCALE.levels[:3])]),
    competencies=_competencies.map(tuple),
    relations=_relations.map(tuple),
    roles=_roles.map(tuple),
    activities=_activities.map(tuple),
    positions=_positions.map(tuple),
    requirements=_requirements.map(tuple),
)


@given(_frameworks)
def test_diff_of_a_framework_with_itself_is_empty(framework: Framework) -> None:
    assert diff(framework, framework).is_empty


@given(_frameworks, _frameworks)
def test_diff_backwards_swaps_added_and_removed(a: Framework, b: Framework) -> None:
    forward, backward = diff(a, b), diff(b, a)
    for kind in ("competencies", "roles", "activities", "positions"):
        there: NodeDiff = getattr(forward, kind)
        back: NodeDiff = getattr(backward, kind)
        assert set(there.added) == set(back.removed)
        assert set(there.removed) == set(back.added)
        assert {c.id: c.fields for c in there.changed} == {c.id: c.fields for c in back.changed}
    assert sorted(map(repr, forward.requirements_added)) == sorted(map(repr, backward.requirements_removed))
    assert sorted(map(repr, forward.requirements_removed)) == sorted(map(repr, backward.requirements_added))
    assert set(forward.relations_added) == set(backward.relations_removed)
    assert set(forward.relations_removed) == set(backward.relations_added)
    assert forward.scale_changed == backward.scale_changed
    assert forward.is_empty == backward.is_empty
    if a == dataclasses.replace(b, name=a.name, version=a.version):
        assert forward.is_empty


@given(_frameworks, _frameworks)
def test_diff_is_deterministic(a: Framework, b: Framework) -> None:
    reordered = dataclasses.replace(
        b,
        competencies=b.competencies[::-1],
        requirements=b.requirements[::-1],
        relations=b.relations[::-1],
    )
    assert diff(a, b) == diff(a, reordered)

"""Every problem a reviewer must fix before a FRAC version is published, named in their words."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    Position,
    ProficiencyLevel,
    ProficiencyScale,
    RelationKind,
    Requirement,
    Role,
)
from karmayogi.frac.validation import CYCLES_PER_COMPONENT, Problem, validate

Ids = dict[str, uuid.UUID]


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_the_hand_made_frac_has_no_problems(frac: Framework) -> None:
    assert validate(frac) == []


def test_a_prerequisite_cycle_names_its_members_in_order(frac: Framework, ids: Ids) -> None:
    # Financial Management → Public Procurement → Contract Management already holds; this closes the loop.
    relation = CompetencyRelation(
        ids["Contract Management"], ids["Financial Management"], RelationKind.PREREQUISITE
    )
    problems = validate(dataclasses.replace(frac, relations=(*frac.relations, relation)))

    assert _codes(problems) == ["prerequisite_cycle"]
    cycle = [ids["Financial Management"], ids["Public Procurement"], ids["Contract Management"]]
    start = cycle.index(min(cycle))
    assert problems[0].nodes == tuple(str(c) for c in cycle[start:] + cycle[:start])
    names = ["Financial Management", "Public Procurement", "Contract Management"]
    names = names[start:] + names[:start]
    assert " → ".join([*names, names[0]]) in problems[0].message


def test_a_competency_its_own_prerequisite_is_a_cycle(frac: Framework, ids: Ids) -> None:
    relation = CompetencyRelation(ids["Integrity"], ids["Integrity"], RelationKind.PREREQUISITE)
    problems = validate(dataclasses.replace(frac, relations=(*frac.relations, relation)))
    assert [(p.code, p.nodes) for p in problems] == [("prerequisite_cycle", (str(ids["Integrity"]),))]
    assert "Integrity → Integrity" in problems[0].message


def test_related_relations_may_go_both_ways(frac: Framework, ids: Ids) -> None:
    back = CompetencyRelation(ids["Accountability"], ids["Integrity"], RelationKind.RELATED)
    assert validate(dataclasses.replace(frac, relations=(*frac.relations, back))) == []


def test_a_tangle_of_cycles_is_reported_in_part_and_summarised() -> None:
    n = 8
    ids = [uuid.UUID(int=i + 1) for i in range(n)]
    framework = Framework(
        name="tangle",
        competencies=tuple(Competency(c, f"C{i}", CompetencyType.FUNCTIONAL) for i, c in enumerate(ids)),
        relations=tuple(
            CompetencyRelation(a, b, RelationKind.PREREQUISITE) for a in ids for b in ids if a != b
        ),
    )
    problems = validate(framework)
    assert set(_codes(problems)) == {"prerequisite_cycle"}
    assert len(problems) == CYCLES_PER_COMPONENT + 1
    assert sum("More than" in p.message for p in problems) == 1


def test_orphan_activities(frac: Framework, ids: Ids) -> None:
    no_role = Activity(uuid.uuid4(), None, "Maintain the stock register")
    gone = uuid.uuid4()
    lost_role = Activity(uuid.uuid4(), gone, "Certify bills for payment")
    problems = validate(dataclasses.replace(frac, activities=(*frac.activities, no_role, lost_role)))
    assert sorted((p.code, p.nodes) for p in problems) == sorted(
        [("orphan_activity", (str(no_role.id),)), ("orphan_activity", (str(lost_role.id),))]
    )
    messages = {p.nodes[0]: p.message for p in problems}
    assert messages[str(no_role.id)] == "Activity 'Maintain the stock register' belongs to no role."
    assert str(gone) in messages[str(lost_role.id)]


def test_levels_outside_the_scale(frac: Framework, ids: Ids) -> None:
    too_high = Requirement(ids["Empathy"], 6, 0.5, role_id=ids["Procurement Officer"])
    zero = Requirement(ids["Empathy"], 0, 0.5, activity_id=ids["Prepare tender documents on GeM"])
    integrity = next(c for c in frac.competencies if c.name == "Integrity")
    described = dataclasses.replace(integrity, level_descriptors=((1, "Declares interests."), (7, "Legend.")))
    problems = validate(
        dataclasses.replace(
            frac,
            requirements=(*frac.requirements, too_high, zero),
            competencies=tuple(described if c.id == integrity.id else c for c in frac.competencies),
        )
    )
    assert _codes(problems) == ["level_out_of_scale"] * 3
    by_nodes = {p.nodes: p.message for p in problems}
    assert by_nodes[(str(ids["Empathy"]), str(ids["Procurement Officer"]))] == (
        "Requirement of competency 'Empathy' by role 'Procurement Officer' asks for level 6; "
        "the scale runs 1..5."
    )
    assert (str(ids["Empathy"]), str(ids["Prepare tender documents on GeM"])) in by_nodes
    assert (
        by_nodes[(str(ids["Integrity"]),)] == "Competency 'Integrity' describes level 7; the scale runs 1..5."
    )


def test_duplicate_names_ignore_case_and_spacing_within_type_and_scope(frac: Framework, ids: Ids) -> None:
    ministry = frac.roles[0].organisation_id
    twin = Competency(uuid.uuid4(), "  noting and   DRAFTING ", CompetencyType.FUNCTIONAL)
    other_type = Competency(uuid.uuid4(), "Integrity", CompetencyType.FUNCTIONAL)
    other_scope = Competency(uuid.uuid4(), "Integrity", CompetencyType.BEHAVIOURAL, organisation_id=ministry)
    role_twin = Role(uuid.uuid4(), "procurement officer", organisation_id=ministry)
    role_elsewhere = Role(uuid.uuid4(), "Procurement Officer", organisation_id=uuid.uuid4())
    problems = validate(
        dataclasses.replace(
            frac,
            competencies=(*frac.competencies, twin, other_type, other_scope),
            roles=(*frac.roles, role_twin, role_elsewhere),
        )
    )
    assert [(p.code, p.nodes) for p in problems] == sorted(
        [
            ("duplicate_name", tuple(sorted([str(ids["Noting and Drafting"]), str(twin.id)]))),
            ("duplicate_name", tuple(sorted([str(ids["Procurement Officer"]), str(role_twin.id)]))),
        ]
    )
    messages = " ".join(p.message for p in problems)
    assert "2 functional competencies in the shared dictionary share the name" in messages
    assert f"2 roles in organisation {ministry} share the name" in messages


def test_requirements_of_retired_competencies(frac: Framework, ids: Ids) -> None:
    competencies = tuple(
        dataclasses.replace(c, retired=True) if c.name == "Contract Management" else c
        for c in frac.competencies
    )
    problems = validate(dataclasses.replace(frac, competencies=competencies))
    assert [(p.code, p.nodes) for p in problems] == [
        (
            "retired_competency",
            (str(ids["Contract Management"]), str(ids["Evaluate bids and recommend award"])),
        )
    ]
    assert "'Contract Management'" in problems[0].message
    assert "'Evaluate bids and recommend award'" in problems[0].message


def test_unknown_references(frac: Framework, ids: Ids) -> None:
    ghost = uuid.uuid4()
    integrity, po = ids["Integrity"], ids["Procurement Officer"]
    requirements = (
        Requirement(ghost, 2, 0.5, role_id=po),
        Requirement(integrity, 2, 0.5, role_id=ghost),
        Requirement(integrity, 2, 0.5, activity_id=ghost),
    )
    relation = CompetencyRelation(ghost, integrity, RelationKind.PREREQUISITE)
    position = Position(uuid.uuid4(), "Assistant Director (Vigilance)", None, role_ids=(po, ghost))
    problems = validate(
        dataclasses.replace(
            frac,
            requirements=(*frac.requirements, *requirements),
            relations=(*frac.relations, relation),
            positions=(*frac.positions, position),
        )
    )
    assert _codes(problems) == ["unknown_reference"] * 5
    got = {(p.nodes, p.message) for p in problems}
    expected_nodes = {
        (str(ghost), str(po)),
        (str(integrity), str(ghost)),
        (str(ghost), str(integrity)),
        (str(position.id), str(ghost)),
    }
    assert {nodes for nodes, _ in got} == expected_nodes
    messages = " | ".join(message for _, message in got)
    assert f"Position 'Assistant Director (Vigilance)' holds role {ghost}" in messages
    assert "names a role not in the framework" in messages
    assert "names an activity not in the framework" in messages
    assert f"names 1 competency not in the framework: {ghost}" in messages


def test_a_requirement_belongs_to_exactly_one_role_or_activity(ids: Ids) -> None:
    integrity, po = ids["Integrity"], ids["Procurement Officer"]
    with pytest.raises(ValueError, match="exactly one of role_id and activity_id, not neither"):
        Requirement(integrity, 2, 0.5)
    with pytest.raises(ValueError, match="exactly one of role_id and activity_id, not both"):
        Requirement(integrity, 2, 0.5, role_id=po, activity_id=ids["Evaluate bids and recommend award"])


def test_one_id_names_one_node(frac: Framework, ids: Ids) -> None:
    twin = Competency(ids["Integrity"], "Probity", CompetencyType.BEHAVIOURAL)
    role_as_well = Role(ids["Integrity"], "Vigilance Officer")
    problems = validate(
        dataclasses.replace(frac, competencies=(*frac.competencies, twin), roles=(*frac.roles, role_as_well))
    )
    assert [(p.code, p.nodes) for p in problems] == [("duplicate_id", (str(ids["Integrity"]),))]
    assert problems[0].message == (
        f"3 nodes share the id {ids['Integrity']}: competency 'Integrity', competency 'Probity', "
        "role 'Vigilance Officer'."
    )


def test_the_scale_holds_its_levels_and_nothing_else() -> None:
    scale = ProficiencyScale(tuple(ProficiencyLevel(n, f"L{n}", "") for n in (1, 2, 3)))
    assert [level for level in (0, 1, 2, 3, 4) if level in scale] == [1, 2, 3]
    assert True not in scale and 2.0 not in scale and "2" not in scale


def test_weights_must_be_in_zero_to_one(frac: Framework, ids: Ids) -> None:
    po = ids["Procurement Officer"]
    requirements = tuple(
        Requirement(ids[name], 2, weight, role_id=po)
        for name, weight in [
            ("Empathy", 0.0),
            ("Accountability", 1.5),
            ("Financial Management", float("nan")),
        ]
    )
    ok = Requirement(ids["Office Procedure (CSMOP)"], 2, 1.0, role_id=po)
    problems = validate(dataclasses.replace(frac, requirements=(*frac.requirements, *requirements, ok)))
    assert _codes(problems) == ["weight_out_of_range"] * 3
    assert {p.nodes[0] for p in problems} == {
        str(ids["Empathy"]),
        str(ids["Accountability"]),
        str(ids["Financial Management"]),
    }


def test_bad_scales(frac: Framework) -> None:
    gappy = ProficiencyScale((ProficiencyLevel(1, "Basic", ""), ProficiencyLevel(3, " ", "")))
    problems = validate(dataclasses.replace(frac, scale=gappy))
    assert [p.message for p in problems if p.code == "bad_scale"] == [
        "Scale level 3 has a blank name.",
        "Scale levels must be numbered 1..2 in order; they are [1, 3].",
    ]
    empty = validate(dataclasses.replace(frac, scale=ProficiencyScale(())))
    assert "The proficiency scale has no levels." in [p.message for p in empty if p.code == "bad_scale"]


def test_problems_are_sorted_by_code_then_nodes(frac: Framework, ids: Ids) -> None:
    po = ids["Procurement Officer"]
    requirements = (
        Requirement(ids["Empathy"], 9, 2.0, role_id=po),
        Requirement(uuid.uuid4(), 1, 0.5, role_id=po),
    )
    problems = validate(
        dataclasses.replace(
            frac,
            requirements=(*frac.requirements, *requirements),
            activities=(*frac.activities, Activity(uuid.uuid4(), None, "Stray")),
        )
    )
    assert _codes(problems) == [
        "level_out_of_scale",
        "orphan_activity",
        "unknown_reference",
        "weight_out_of_range",
    ]
    assert problems == sorted(problems, key=lambda p: (p.code, p.nodes, p.message))


# ---------------------------------------------------------------------------------------------------------
# Property: an injected cycle is found, naming exactly its members
# ---------------------------------------------------------------------------------------------------------


@st.composite
def _dag_with_cycle(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], list[int]]:
    """A random acyclic prerequisite graph on nodes 0..n-1 plus a cycle through fresh nodes n.., which
    the acyclic part may lead into but never back out of, so the cycle is the only one."""
    n = draw(st.integers(0, 15))
    k = draw(st.integers(1, 6))
    edges = [
        (s, t) for s, t in draw(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)))) if s < t < n
    ]
    cycle = draw(st.permutations(list(range(n, n + k))))
    into = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.sampled_from(cycle)), max_size=5))
    edges += [(s, t) for s, t in into if n]
    edges += [(cycle[i], cycle[(i + 1) % k]) for i in range(k)]
    return n + k, edges, list(cycle)


def _prerequisite_framework(n: int, edges: list[tuple[int, int]]) -> tuple[Framework, list[uuid.UUID]]:
    ids = [uuid.uuid5(uuid.NAMESPACE_OID, str(i)) for i in range(n)]
    framework = Framework(
        name="prerequisites",
        competencies=tuple(
            Competency(ids[i], f"Competency {i}", CompetencyType.FUNCTIONAL) for i in range(n)
        ),
        relations=tuple(CompetencyRelation(ids[s], ids[t], RelationKind.PREREQUISITE) for s, t in edges),
    )
    return framework, ids


@given(_dag_with_cycle())
def test_an_injected_cycle_is_found_naming_exactly_its_members(
    spec: tuple[int, list[tuple[int, int]], list[int]],
) -> None:
    n, edges, cycle = spec
    framework, ids = _prerequisite_framework(n, edges)
    problems = validate(framework)
    assert _codes(problems) == ["prerequisite_cycle"]
    members = [str(ids[i]) for i in cycle]
    start = members.index(min(members))
    assert problems[0].nodes == tuple(members[start:] + members[:start])
    assert all(f"Competency {i}" in problems[0].message for i in cycle)


@given(st.integers(1, 20), st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19))))
def test_an_acyclic_prerequisite_graph_has_no_problems(n: int, pairs: list[tuple[int, int]]) -> None:
    framework, _ = _prerequisite_framework(n, [(s, t) for s, t in pairs if s < t < n])
    assert validate(framework) == []


@given(
    st.lists(st.sampled_from(["Integrity", "integrity", " Integrity", "INTEGRITY  ", "Empathy"]), max_size=6)
)
def test_duplicate_names_are_one_problem_per_name(spellings: list[str]) -> None:
    competencies = tuple(
        Competency(uuid.UUID(int=i + 1), name, CompetencyType.BEHAVIOURAL) for i, name in enumerate(spellings)
    )
    problems = validate(Framework(name="names", competencies=competencies))
    groups: dict[str, list[str]] = {}
    for c in competencies:
        groups.setdefault(c.name.strip().lower(), []).append(str(c.id))
    assert sorted(p.nodes for p in problems) == sorted(
        tuple(sorted(g)) for g in groups.values() if len(g) > 1
    )
    assert set(_codes(problems)) <= {"duplicate_name"}


def test_names_longer_than_a_label_are_refused(frac: Framework, ids: Ids) -> None:
    long_name = "manage " + "very " * 50 + "long things"
    competencies = tuple(
        dataclasses.replace(c, name=long_name) if c.name == "Integrity" else c for c in frac.competencies
    )
    problems = validate(dataclasses.replace(frac, competencies=competencies))
    assert [(p.code, p.nodes) for p in problems] == [("name_too_long", (str(ids["Integrity"]),))]

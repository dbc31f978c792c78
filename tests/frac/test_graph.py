"""What a position needs, who needs a competency, similar positions and prerequisite order."""

from __future__ import annotations

import dataclasses
import math
import uuid
from collections import defaultdict

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.frac.graph import FracGraph, ResolvedRequirement, UnknownNode
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

Ids = dict[str, uuid.UUID]


def _names(ids: Ids) -> dict[uuid.UUID, str]:
    return {node: name for name, node in ids.items()}


def _readable(resolved: list[ResolvedRequirement], ids: Ids) -> list[tuple[object, ...]]:
    names = _names(ids)
    return [
        (
            r.name,
            r.level,
            round(r.weight, 9),
            tuple(names[x] for x in r.role_ids),
            tuple(names[x] for x in r.activity_ids),
        )
        for r in resolved
    ]


# ---------------------------------------------------------------------------------------------------------
# Resolved requirements
# ---------------------------------------------------------------------------------------------------------


def test_section_officer_needs_what_both_roles_and_their_activities_need(frac: Framework, ids: Ids) -> None:
    resolved = FracGraph(frac).resolved_requirements(ids["Section Officer"])

    po, pio = "Procurement Officer", "RTI Public Information Officer"
    tender, bids = "Prepare tender documents on GeM", "Evaluate bids and recommend award"
    rti = "Dispose of RTI applications within 30 days"
    expected = [
        ("Integrity", 4, 1.8, (po, pio), (bids,)),
        ("Public Procurement", 3, 1.5, (po,), (tender,)),
        ("Noting and Drafting", 3, 1.0, (po, pio), (tender, rti)),
        ("Right to Information Act", 3, 1.0, (pio,), ()),
        ("Contract Management", 2, 0.7, (po,), (bids,)),
        ("GeM Portal Operations", 2, 0.6, (po,), (tender,)),
    ]
    # Role and activity ids are sorted by id, so compare them as sets of names.
    assert [(n, lvl, w, set(r), set(a)) for n, lvl, w, r, a in _readable(resolved, ids)] == [
        (n, lvl, w, set(r), set(a)) for n, lvl, w, r, a in expected
    ]
    assert all(list(r.role_ids) == sorted(r.role_ids) for r in resolved)
    assert all(list(r.activity_ids) == sorted(r.activity_ids) for r in resolved)
    assert resolved[0].competency_id == ids["Integrity"]
    assert resolved[0].type is CompetencyType.BEHAVIOURAL


def test_a_position_with_no_roles_needs_nothing(frac: Framework, ids: Ids) -> None:
    assert FracGraph(frac).resolved_requirements(ids["Library and Information Assistant"]) == []


def test_asking_twice_gives_equal_answers_that_callers_may_change(frac: Framework, ids: Ids) -> None:
    graph = FracGraph(frac)
    first = graph.resolved_requirements(ids["Section Officer"])
    first.clear()
    assert len(graph.resolved_requirements(ids["Section Officer"])) == 6


def test_unknown_position_is_a_clear_key_error(frac: Framework) -> None:
    missing = uuid.uuid4()
    with pytest.raises(KeyError) as raised:
        FracGraph(frac).resolved_requirements(missing)
    assert isinstance(raised.value, UnknownNode)
    assert (raised.value.kind, raised.value.id) == ("position", missing)
    assert (
        str(raised.value) == f"no position with id {missing} in framework 'Department of Expenditure FRAC' v3"
    )


def test_broken_references_are_left_out_not_raised(frac: Framework, ids: Ids) -> None:
    stray, orphan = uuid.uuid4(), uuid.uuid4()
    broken = Framework(
        name=frac.name,
        competencies=frac.competencies,
        roles=frac.roles,
        activities=(*frac.activities, Activity(orphan, None, "Orphan duty")),
        positions=(
            Position(
                stray,
                "Section Officer (draft)",
                None,
                role_ids=(ids["Procurement Officer"], uuid.uuid4(), ids["Procurement Officer"]),
            ),
        ),
        requirements=(
            *frac.requirements,
            Requirement(uuid.uuid4(), 3, 1.0, role_id=ids["Procurement Officer"]),
            Requirement(ids["Empathy"], 3, 1.0, activity_id=orphan),
        ),
    )
    draft = FracGraph(broken).resolved_requirements(stray)
    stores = FracGraph(frac).resolved_requirements(ids["Deputy Director (Stores)"])
    assert draft == stores


# ---------------------------------------------------------------------------------------------------------
# Who needs a competency
# ---------------------------------------------------------------------------------------------------------


def test_roles_needing_counts_roles_and_their_activities(frac: Framework, ids: Ids) -> None:
    graph, names = FracGraph(frac), _names(ids)
    assert [names[r] for r in graph.roles_needing(ids["Noting and Drafting"])] == [
        "Establishment Officer",
        "Procurement Officer",
        "RTI Public Information Officer",
    ]
    assert [names[r] for r in graph.roles_needing(ids["Contract Management"])] == ["Procurement Officer"]
    assert graph.roles_needing(ids["Financial Management"]) == []


def test_positions_needing_go_through_their_roles(frac: Framework, ids: Ids) -> None:
    graph, names = FracGraph(frac), _names(ids)
    assert [names[p] for p in graph.positions_needing(ids["Noting and Drafting"])] == [
        "Assistant Section Officer",
        "Deputy Director (Stores)",
        "Section Officer",
        "Under Secretary (Administration)",
    ]
    assert [names[p] for p in graph.positions_needing(ids["Right to Information Act"])] == [
        "Section Officer",
        "Under Secretary (Administration)",
    ]
    with pytest.raises(UnknownNode, match="no competency with id"):
        graph.positions_needing(uuid.uuid4())
    with pytest.raises(UnknownNode):
        graph.roles_needing(uuid.uuid4())


# ---------------------------------------------------------------------------------------------------------
# Similar positions
# ---------------------------------------------------------------------------------------------------------


def test_similar_positions_rank_by_weighted_overlap(frac: Framework, ids: Ids) -> None:
    graph, names = FracGraph(frac), _names(ids)
    similar = graph.similar_positions(ids["Section Officer"])

    # Section Officer as competency → weight * level: Integrity 7.2, Public Procurement 4.5,
    # Noting and Drafting 3.0, RTI Act 3.0, Contract Management 1.4, GeM 1.2 (total 20.3).
    assert [names[p] for p, _ in similar] == [
        "Deputy Director (Stores)",
        "Under Secretary (Administration)",
        "Assistant Section Officer",
    ]
    assert [score for _, score in similar] == pytest.approx([13.1 / 20.3, 7.0 / 24.1, 1.0 / 23.8])
    assert [names[p] for p, _ in graph.similar_positions(ids["Section Officer"], limit=1)] == [
        "Deputy Director (Stores)"
    ]
    assert graph.similar_positions(ids["Library and Information Assistant"]) == []


def test_similarity_is_symmetric_and_one_for_identical_needs(frac: Framework, ids: Ids) -> None:
    twin = Position(uuid.uuid4(), "Section Officer (Cash)", None, frac.positions[0].role_ids)
    graph = FracGraph(dataclasses.replace(frac, positions=(*frac.positions, twin)))
    assert graph.similar_positions(ids["Section Officer"])[0] == (twin.id, pytest.approx(1.0))
    scores = {
        (a.id, b): s for a in graph.framework.positions for b, s in graph.similar_positions(a.id, limit=100)
    }
    assert all(scores[(b, a)] == pytest.approx(s) for (a, b), s in scores.items())


# ---------------------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------------------


def test_prerequisite_closure_lists_foundations_first(frac: Framework, ids: Ids) -> None:
    graph, names = FracGraph(frac), _names(ids)

    def closure(name: str) -> list[str]:
        return [names[c] for c in graph.prerequisite_closure(ids[name])]

    assert closure("Contract Management") == ["Financial Management", "Public Procurement"]
    assert closure("Right to Information Act") == ["Office Procedure (CSMOP)", "Noting and Drafting"]
    assert closure("Public Procurement") == ["Financial Management"]
    assert closure("Integrity") == []
    with pytest.raises(UnknownNode):
        graph.prerequisite_closure(uuid.uuid4())


def _competency_graph(n: int, edges: list[tuple[int, int]]) -> tuple[Framework, list[uuid.UUID]]:
    ids = [uuid.UUID(int=i + 1) for i in range(n)]
    framework = Framework(
        name="prerequisites",
        competencies=tuple(
            Competency(ids[i], f"Competency {i:02d}", CompetencyType.FUNCTIONAL) for i in range(n)
        ),
        relations=tuple(CompetencyRelation(ids[s], ids[t], RelationKind.PREREQUISITE) for s, t in edges),
    )
    return framework, ids


@st.composite
def _prerequisite_graphs(draw: st.DrawFn, acyclic: bool) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(1, 12))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    if acyclic:
        edges = [(s, t) for s, t in edges if s < t]
    return n, edges


@given(_prerequisite_graphs(acyclic=True))
def test_closure_of_an_acyclic_framework_is_all_ancestors_in_topological_order(
    graph_spec: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = graph_spec
    framework, ids = _competency_graph(n, edges)
    graph = FracGraph(framework)
    reference = nx.DiGraph([(ids[s], ids[t]) for s, t in edges])
    for competency in ids:
        closure = graph.prerequisite_closure(competency)
        expected = nx.ancestors(reference, competency) if competency in reference else set()
        assert len(closure) == len(set(closure))
        assert set(closure) == expected
        position = {c: i for i, c in enumerate(closure)}
        for s, t in edges:
            if ids[s] in position and ids[t] in position:
                assert position[ids[s]] < position[ids[t]]


@given(_prerequisite_graphs(acyclic=False))
def test_closure_ends_and_keeps_order_between_cycles(graph_spec: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph_spec
    framework, ids = _competency_graph(n, edges)
    graph = FracGraph(framework)
    reference = nx.DiGraph()
    reference.add_nodes_from(ids)
    reference.add_edges_from((ids[s], ids[t]) for s, t in edges)
    for competency in ids:
        closure = graph.prerequisite_closure(competency)
        assert competency not in closure
        assert len(closure) == len(set(closure))
        assert set(closure) == nx.ancestors(reference, competency)
        # Between members of different cycles (or none) the order still holds.
        within = reference.subgraph(closure)
        component = {c: i for i, scc in enumerate(nx.strongly_connected_components(within)) for c in scc}
        position = {c: i for i, c in enumerate(closure)}
        for s, t in within.edges:
            if component[s] != component[t]:
                assert position[s] < position[t]


# ---------------------------------------------------------------------------------------------------------
# Property: level is the maximum and weight the sum over every requirement that reaches the position
# ---------------------------------------------------------------------------------------------------------

COMPETENCY_IDS = [uuid.UUID(int=100 + i) for i in range(6)]
ROLE_IDS = [uuid.UUID(int=200 + i) for i in range(4)]
# Two activities per role: activity a belongs to role a // 2.
ACTIVITY_IDS = [uuid.UUID(int=300 + i) for i in range(8)]
POSITION_ID = uuid.UUID(int=400)

_requirements = st.lists(
    st.tuples(
        st.integers(0, len(COMPETENCY_IDS) - 1),
        st.integers(1, 5),
        st.floats(0.01, 1.0),
        st.one_of(
            st.tuples(st.just("role"), st.integers(0, len(ROLE_IDS) - 1)),
            st.tuples(st.just("activity"), st.integers(0, len(ACTIVITY_IDS) - 1)),
        ),
    ),
    max_size=40,
)


@given(
    requirements=_requirements,
    held=st.lists(st.integers(0, len(ROLE_IDS) - 1), max_size=6),
)
def test_resolved_level_is_max_and_weight_is_sum(
    requirements: list[tuple[int, int, float, tuple[str, int]]], held: list[int]
) -> None:
    framework = Framework(
        name="random",
        competencies=tuple(
            Competency(c, f"Competency {i}", CompetencyType.FUNCTIONAL) for i, c in enumerate(COMPETENCY_IDS)
        ),
        roles=tuple(Role(r, f"Role {i}") for i, r in enumerate(ROLE_IDS)),
        activities=tuple(Activity(a, ROLE_IDS[i // 2], f"Activity {i}") for i, a in enumerate(ACTIVITY_IDS)),
        positions=(Position(POSITION_ID, "Position", None, tuple(ROLE_IDS[r] for r in held)),),
        requirements=tuple(
            Requirement(
                COMPETENCY_IDS[c],
                level,
                weight,
                role_id=ROLE_IDS[i] if kind == "role" else None,
                activity_id=ACTIVITY_IDS[i] if kind == "activity" else None,
            )
            for c, level, weight, (kind, i) in requirements
        ),
    )

    levels: dict[uuid.UUID, list[int]] = defaultdict(list)
    weights: dict[uuid.UUID, list[float]] = defaultdict(list)
    roles: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    activities: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for c, level, weight, (kind, i) in requirements:
        role = i if kind == "role" else i // 2
        if role in held:
            cid = COMPETENCY_IDS[c]
            levels[cid].append(level)
            weights[cid].append(weight)
            roles[cid].add(ROLE_IDS[role])
            if kind == "activity":
                activities[cid].add(ACTIVITY_IDS[i])

    resolved = FracGraph(framework).resolved_requirements(POSITION_ID)
    assert {r.competency_id for r in resolved} == set(levels)
    for r in resolved:
        assert r.level == max(levels[r.competency_id])
        assert math.isclose(r.weight, math.fsum(weights[r.competency_id]), rel_tol=1e-9)
        assert r.role_ids == tuple(sorted(roles[r.competency_id]))
        assert r.activity_ids == tuple(sorted(activities[r.competency_id]))
    keys = [(-r.weight, r.name) for r in resolved]
    assert keys == sorted(keys)

"""Checks a FRAC version before it is published, listing every problem rather than stopping at the first.

A reviewer fixes a framework in one pass only if they see all that is wrong with it, so `validate`
collects problems; each names the nodes involved by id (for tools) and by name (for people).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

import networkx as nx

from karmayogi.frac.graph import prerequisite_digraph
from karmayogi.frac.model import MAX_NAME_LENGTH, CompetencyType, Framework, Requirement, fold_name

# Enumerating simple cycles can be exponential inside one tangled component; past this many in one
# component the rest are summarised, since a reviewer fixes the first few and validates again.
CYCLES_PER_COMPONENT = 20


@dataclass(frozen=True)
class Problem:
    """One thing to fix: `code` for tools to group by, `message` naming nodes for people, `nodes` the ids."""

    code: str
    message: str
    nodes: tuple[str, ...]


def validate(framework: Framework) -> list[Problem]:
    """Every problem in the framework, sorted by code then nodes so reports diff cleanly."""
    names = _Names(framework)
    problems = [
        *_scale_problems(framework),
        *_cycle_problems(framework, names),
        *_orphan_activities(framework, names),
        *_requirement_problems(framework, names),
        *_relation_problems(framework),
        *_position_problems(framework, names),
        *_descriptor_problems(framework),
        *_duplicate_ids(framework),
        *_duplicate_names(framework),
        *_long_names(framework),
    ]
    problems.sort(key=lambda p: (p.code, p.nodes, p.message))
    return problems


class _Names:
    """Display names of every node, so messages read in the users' words."""

    def __init__(self, framework: Framework) -> None:
        self.competencies = {c.id: c for c in framework.competencies}
        self.roles = {r.id: r for r in framework.roles}
        self.activities = {a.id: a for a in framework.activities}

    def competency(self, cid: UUID) -> str:
        competency = self.competencies.get(cid)
        return f"competency {competency.name!r}" if competency else f"unknown competency {cid}"

    def holder(self, req: Requirement) -> str:
        if req.activity_id is not None:
            activity = self.activities.get(req.activity_id)
            return f"activity {activity.description!r}" if activity else f"unknown activity {req.activity_id}"
        if req.role_id is not None:
            role = self.roles.get(req.role_id)
            return f"role {role.name!r}" if role else f"unknown role {req.role_id}"
        return "no role or activity"


def _requirement_nodes(req: Requirement) -> tuple[str, ...]:
    holders = (req.role_id, req.activity_id)
    return (str(req.competency_id), *(str(h) for h in holders if h is not None))


def _scale_problems(framework: Framework) -> Iterator[Problem]:
    levels = framework.scale.levels
    if not levels:
        yield Problem("bad_scale", "The proficiency scale has no levels.", ())
    numbers = [level.level for level in levels]
    if numbers != list(range(1, len(levels) + 1)):
        yield Problem(
            "bad_scale",
            f"Scale levels must be numbered 1..{len(levels)} in order; they are {numbers}.",
            (),
        )
    for level in levels:
        if not level.name.strip():
            yield Problem("bad_scale", f"Scale level {level.level} has a blank name.", ())


def _cycle_problems(framework: Framework, names: _Names) -> Iterator[Problem]:
    graph = prerequisite_digraph(framework)
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (only,) = component
            if not graph.has_edge(only, only):
                continue
        cycles = nx.simple_cycles(graph.subgraph(component))
        for cycle in itertools.islice(cycles, CYCLES_PER_COMPONENT):
            yield _cycle_problem(_rotate(cycle), names)
        if next(cycles, None) is not None:
            yield Problem(
                "prerequisite_cycle",
                f"More than {CYCLES_PER_COMPONENT} prerequisite cycles run through these "
                f"{len(component)} competencies; fix the ones listed and validate again.",
                tuple(sorted(str(c) for c in component)),
            )


def _rotate(cycle: list[UUID]) -> list[UUID]:
    """Start a cycle at its smallest id, keeping its order, so one cycle always reads the same."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def _cycle_problem(cycle: list[UUID], names: _Names) -> Problem:
    path = " → ".join(names.competencies[c].name for c in [*cycle, cycle[0]])
    return Problem(
        "prerequisite_cycle",
        f"Prerequisite cycle: {path}; none of these can be built first.",
        tuple(str(c) for c in cycle),
    )


def _orphan_activities(framework: Framework, names: _Names) -> Iterator[Problem]:
    for activity in framework.activities:
        if activity.role_id is None:
            reason = "belongs to no role"
        elif activity.role_id not in names.roles:
            reason = f"belongs to role {activity.role_id}, which is not in the framework"
        else:
            continue
        yield Problem("orphan_activity", f"Activity {activity.description!r} {reason}.", (str(activity.id),))


def _requirement_problems(framework: Framework, names: _Names) -> Iterator[Problem]:
    scale = framework.scale
    for req in framework.requirements:
        nodes = _requirement_nodes(req)
        what = f"Requirement of {names.competency(req.competency_id)} by {names.holder(req)}"
        if req.competency_id not in names.competencies:
            yield Problem("unknown_reference", f"{what} names a competency not in the framework.", nodes)
        elif names.competencies[req.competency_id].retired:
            yield Problem("retired_competency", f"{what} names a retired competency.", nodes)
        if req.role_id is not None and req.role_id not in names.roles:
            yield Problem("unknown_reference", f"{what} names a role not in the framework.", nodes)
        if req.activity_id is not None and req.activity_id not in names.activities:
            yield Problem("unknown_reference", f"{what} names an activity not in the framework.", nodes)
        if req.level not in scale:
            yield Problem(
                "level_out_of_scale",
                f"{what} asks for level {req.level}; the scale runs 1..{scale.top}.",
                nodes,
            )
        if not 0 < req.weight <= 1:
            yield Problem(
                "weight_out_of_range",
                f"{what} has weight {req.weight}; weights must be more than 0 and at most 1.",
                nodes,
            )


def _relation_problems(framework: Framework) -> Iterator[Problem]:
    known = {c.id for c in framework.competencies}
    for relation in framework.relations:
        missing = [cid for cid in (relation.source_id, relation.target_id) if cid not in known]
        if missing:
            yield Problem(
                "unknown_reference",
                f"A {relation.kind.value} relation {relation.source_id} → {relation.target_id} names "
                f"{_count(len(missing), 'competency', 'competencies')} not in the framework: "
                f"{', '.join(map(str, missing))}.",
                (str(relation.source_id), str(relation.target_id)),
            )


def _position_problems(framework: Framework, names: _Names) -> Iterator[Problem]:
    for position in framework.positions:
        for role_id in position.role_ids:
            if role_id not in names.roles:
                yield Problem(
                    "unknown_reference",
                    f"Position {position.designation!r} holds role {role_id}, which is not in the framework.",
                    (str(position.id), str(role_id)),
                )


def _descriptor_problems(framework: Framework) -> Iterator[Problem]:
    scale = framework.scale
    for competency in framework.competencies:
        for level, _ in competency.level_descriptors:
            if level not in scale:
                yield Problem(
                    "level_out_of_scale",
                    f"Competency {competency.name!r} describes level {level}; the scale runs 1..{scale.top}.",
                    (str(competency.id),),
                )


def _duplicate_ids(framework: Framework) -> Iterator[Problem]:
    """Nodes are found by id, in the database and in the graph alike: one id names one node."""
    holders: dict[UUID, list[str]] = defaultdict(list)
    for c in framework.competencies:
        holders[c.id].append(f"competency {c.name!r}")
    for r in framework.roles:
        holders[r.id].append(f"role {r.name!r}")
    for a in framework.activities:
        holders[a.id].append(f"activity {a.description!r}")
    for p in framework.positions:
        holders[p.id].append(f"position {p.designation!r}")
    for node_id, named in holders.items():
        if len(named) > 1:
            yield Problem(
                "duplicate_id",
                f"{len(named)} nodes share the id {node_id}: {', '.join(named)}.",
                (str(node_id),),
            )


def _duplicate_names(framework: Framework) -> Iterator[Problem]:
    competencies: dict[tuple[CompetencyType, UUID | None, str], list[tuple[UUID, str]]] = defaultdict(list)
    for c in framework.competencies:
        competencies[(c.type, c.organisation_id, fold_name(c.name))].append((c.id, c.name))
    roles: dict[tuple[UUID | None, str], list[tuple[UUID, str]]] = defaultdict(list)
    for r in framework.roles:
        roles[(r.organisation_id, fold_name(r.name))].append((r.id, r.name))
    for (kind, organisation_id, _), group in competencies.items():
        if len(group) > 1:
            yield _duplicate(f"{kind.value} competencies", organisation_id, group)
    for (organisation_id, _), group in roles.items():
        if len(group) > 1:
            yield _duplicate("roles", organisation_id, group)


def _long_names(framework: Framework) -> Iterator[Problem]:
    for kind, nodes in (("competency", framework.competencies), ("role", framework.roles)):
        for node in nodes:
            if len(node.name) > MAX_NAME_LENGTH:
                yield Problem(
                    "name_too_long",
                    f"{kind} {node.name[:60]!r}... has a {len(node.name)}-character name; at most "
                    f"{MAX_NAME_LENGTH} are allowed",
                    (str(node.id),),
                )


def _duplicate(what: str, organisation_id: UUID | None, group: list[tuple[UUID, str]]) -> Problem:
    scope = f"organisation {organisation_id}" if organisation_id else "the shared dictionary"
    spelt = ", ".join(sorted({repr(name) for _, name in group}))
    return Problem(
        "duplicate_name",
        f"{len(group)} {what} in {scope} share the name {spelt}.",
        tuple(sorted(str(cid) for cid, _ in group)),
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"

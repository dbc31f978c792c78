"""The FRAC as a graph that answers "what does this position need?" fast enough to ask per request.

A `FracGraph` is built once from one `Framework` version and never changes, so everything the
queries need is indexed at build time (per-role requirement totals, reverse indexes) or computed
once on first use and kept (per-position results, the similarity vectors). Prerequisites live in a
`networkx.DiGraph` because closures and cycles are graph algorithms; the position → role →
activity → competency chain is plain dict indexes, which are several times faster to walk.
Those indexes are keyed by `UUID.int`: hashing a `UUID` runs Python code, hashing an int does not,
and at ESCO size that alone is most of the cost of a query.

The graph accepts a framework that `validation.validate` would reject: references to nodes that
are not in the framework are left out of every answer rather than raising, so a draft can still be
explored.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import networkx as nx

from karmayogi.frac.model import Competency, CompetencyType, Framework, Position, RelationKind, Role


class UnknownNode(KeyError):
    """A query named a node the framework does not have; a KeyError so dict-like callers can catch it."""

    def __init__(self, kind: str, id: UUID, framework: str = "") -> None:
        super().__init__(kind, id)
        self.kind = kind
        self.id = id
        self.framework = framework

    def __str__(self) -> str:
        where = f" in {self.framework}" if self.framework else ""
        return f"no {self.kind} with id {self.id}{where}"


@dataclass(frozen=True)
class ResolvedRequirement:
    """One competency a position needs, summed over the roles and activities that need it.

    `level` is the highest level any of them requires and `weight` the sum of their weights, so a
    competency many duties lean on ranks above one a single duty mentions. `role_ids` are the
    position's roles that need it, directly or through one of their activities; `activity_ids` are
    the activities that need it.
    """

    competency_id: UUID
    name: str
    type: CompetencyType
    level: int
    weight: float
    role_ids: tuple[UUID, ...]
    activity_ids: tuple[UUID, ...]


def prerequisite_digraph(framework: Framework) -> nx.DiGraph:
    """Competencies as nodes, an edge prerequisite → dependant; relations to unknown ids are left out.

    Shared by the graph queries and by validation so both see the same prerequisite structure.
    """
    graph = nx.DiGraph()
    known = {c.id for c in framework.competencies}
    graph.add_nodes_from(c.id for c in framework.competencies)
    graph.add_edges_from(
        (r.source_id, r.target_id)
        for r in framework.relations
        if r.kind == RelationKind.PREREQUISITE and r.source_id in known and r.target_id in known
    )
    return graph


class FracGraph:
    """Read-only queries over one framework version.

    Safe to share between threads: the parts kept on first use may be computed twice by two
    threads at once, but both compute the same thing.
    """

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._competencies: dict[int, Competency] = {c.id.int: c for c in framework.competencies}
        self._roles: dict[int, Role] = {r.id.int: r for r in framework.roles}
        self._positions: dict[int, Position] = {p.id.int: p for p in framework.positions}
        # Roles held twice by one position count once.
        self._position_roles: dict[int, tuple[int, ...]] = {
            p.id.int: tuple(dict.fromkeys(r.int for r in p.role_ids if r.int in self._roles))
            for p in framework.positions
        }
        self._prerequisites = prerequisite_digraph(framework)
        self._role_needs = self._index_role_needs(framework)

        self._roles_by_competency: dict[int, list[int]] = defaultdict(list)
        for role, needs in self._role_needs.items():
            for competency in needs:
                self._roles_by_competency[competency].append(role)
        self._positions_by_role: dict[int, list[int]] = defaultdict(list)
        for position, roles in self._position_roles.items():
            for role in roles:
                self._positions_by_role[role].append(position)

        self._resolved: dict[int, tuple[ResolvedRequirement, ...]] = {}
        self._similarity: _SimilarityIndex | None = None

    def _index_role_needs(self, framework: Framework) -> dict[int, dict[int, ResolvedRequirement]]:
        """Per role, what it needs of each competency through itself and its activities, already in
        the shape a position's answer takes, so a position shares these objects for every competency
        only one of its roles needs (the usual case) and builds new ones only where roles overlap."""
        activity_role = {
            a.id.int: a.role_id.int
            for a in framework.activities
            if a.role_id is not None and a.role_id.int in self._roles
        }
        levels: dict[int, dict[int, int]] = defaultdict(dict)
        weights: dict[int, dict[int, float]] = defaultdict(dict)
        activities: dict[int, dict[int, list[UUID]]] = defaultdict(dict)
        for req in framework.requirements:
            competency = req.competency_id.int
            if competency not in self._competencies:
                continue
            if req.role_id is not None:
                role = req.role_id.int
                if role not in self._roles:
                    continue
            else:
                assert req.activity_id is not None
                role_of_activity = activity_role.get(req.activity_id.int)
                if role_of_activity is None:
                    continue
                role = role_of_activity
                needing = activities[role].setdefault(competency, [])
                if req.activity_id not in needing:
                    needing.append(req.activity_id)
            role_levels, role_weights = levels[role], weights[role]
            role_levels[competency] = max(role_levels.get(competency, req.level), req.level)
            role_weights[competency] = role_weights.get(competency, 0.0) + req.weight

        needs: dict[int, dict[int, ResolvedRequirement]] = {}
        competencies = self._competencies
        for role, role_levels in levels.items():
            role_ids = (self._roles[role].id,)
            role_weights, role_activities = weights[role], activities[role]
            role_needs = needs[role] = {}
            for competency, level in role_levels.items():
                c = competencies[competency]
                needing = role_activities.get(competency, ())
                role_needs[competency] = ResolvedRequirement(
                    c.id,
                    c.name,
                    c.type,
                    level,
                    role_weights[competency],
                    role_ids,
                    tuple(sorted(needing, key=_uuid_int)) if len(needing) > 1 else tuple(needing),
                )
        return needs

    def _resolved_requirement(
        self,
        competency: int,
        level: int,
        weight: float,
        role_ids: tuple[UUID, ...],
        activity_ids: tuple[UUID, ...],
    ) -> ResolvedRequirement:
        c = self._competencies[competency]
        return ResolvedRequirement(c.id, c.name, c.type, level, weight, role_ids, activity_ids)

    def _unknown(self, kind: str, id: UUID) -> UnknownNode:
        return UnknownNode(kind, id, f"framework {self.framework.name!r} v{self.framework.version}")

    def _competency(self, competency_id: UUID) -> int:
        if competency_id.int not in self._competencies:
            raise self._unknown("competency", competency_id)
        return competency_id.int

    def competency(self, competency_id: UUID) -> Competency:
        """The dictionary entry, as this version has it; UnknownNode when the version lacks it."""
        return self._competencies[self._competency(competency_id)]

    def _position(self, position_id: UUID) -> int:
        if position_id.int not in self._positions:
            raise self._unknown("position", position_id)
        return position_id.int

    def resolved_requirements(
        self, position_id: UUID, extra_role_ids: Sequence[UUID] = ()
    ) -> list[ResolvedRequirement]:
        """Everything the position needs, heaviest first; computed once per position, then kept.

        `extra_role_ids` are roles allocated to the holder on top of the post (work allocation):
        their needs merge in as another role of the position would; roles not in this version add none.
        """
        position = self._position(position_id)
        extra = [r.int for r in extra_role_ids if r.int in self._roles]
        if not extra:
            return list(self._resolve(position))
        roles = tuple(dict.fromkeys((*self._position_roles[position], *extra)))
        return list(self._merge(roles))

    def _resolve(self, position: int) -> tuple[ResolvedRequirement, ...]:
        cached = self._resolved.get(position)
        if cached is not None:
            return cached
        resolved = self._merge(self._position_roles[position])
        self._resolved[position] = resolved
        return resolved

    def _merge(self, roles: Sequence[int]) -> tuple[ResolvedRequirement, ...]:
        merged: dict[int, ResolvedRequirement] = {}
        for role in roles:
            for competency, need in self._role_needs.get(role, {}).items():
                held = merged.get(competency)
                if held is None:
                    merged[competency] = need
                else:
                    merged[competency] = self._resolved_requirement(
                        competency,
                        max(held.level, need.level),
                        held.weight + need.weight,
                        tuple(sorted((*held.role_ids, *need.role_ids), key=_uuid_int)),
                        tuple(sorted((*held.activity_ids, *need.activity_ids), key=_uuid_int)),
                    )
        return tuple(sorted(merged.values(), key=_heaviest_first))

    def roles_needing(self, competency_id: UUID) -> list[UUID]:
        """Roles that need the competency themselves or through an activity, by role name."""
        roles = [self._roles[r] for r in self._roles_by_competency.get(self._competency(competency_id), ())]
        return [r.id for r in sorted(roles, key=lambda r: (r.name, r.id.int))]

    def positions_needing(self, competency_id: UUID) -> list[UUID]:
        """Positions holding a role that needs the competency, by designation."""
        keys: set[int] = set()
        for role in self._roles_by_competency.get(self._competency(competency_id), ()):
            keys.update(self._positions_by_role.get(role, ()))
        positions = sorted((self._positions[p] for p in keys), key=lambda p: (p.designation, p.id.int))
        return [p.id for p in positions]

    def similar_positions(self, position_id: UUID, limit: int = 10) -> list[tuple[UUID, float]]:
        """Positions whose needs overlap most, as weighted Jaccard similarity in (0, 1], best first.

        Each position is a vector competency → weight * level, so sharing a heavily weighted,
        high-level need counts for more than sharing a passing mention at Basic level. The
        similarity is Σ min(a, b) / Σ max(a, b) over all competencies.
        """
        index = self._similarity_index()
        me = index.number[self._position(position_id)]
        shared: dict[int, float] = {}
        get = shared.get
        for competency, value in index.vectors[me]:
            for other, other_value in index.holders[competency]:
                shared[other] = get(other, 0.0) + (value if value < other_value else other_value)
        shared.pop(me, None)
        total, totals = index.totals[me], index.totals
        # Numbers follow designation order, so on equal scores the smaller number comes first.
        best = heapq.nlargest(
            limit,
            [(overlap / (total + totals[other] - overlap), -other) for other, overlap in shared.items()],
        )
        return [(index.positions[-negated].id, score) for score, negated in best]

    def _similarity_index(self) -> _SimilarityIndex:
        if self._similarity is None:
            competency_number: dict[int, int] = {}
            index = _SimilarityIndex([], {}, [], [], [])
            for position in sorted(self._positions.values(), key=lambda p: (p.designation, p.id.int)):
                me = len(index.positions)
                index.positions.append(position)
                index.number[position.id.int] = me
                vector = []
                for r in self._resolve(position.id.int):
                    value = r.weight * r.level
                    if not value > 0:
                        continue
                    competency = competency_number.setdefault(r.competency_id.int, len(competency_number))
                    if competency == len(index.holders):
                        index.holders.append([])
                    vector.append((competency, value))
                    index.holders[competency].append((me, value))
                index.vectors.append(vector)
                index.totals.append(sum(value for _, value in vector))
            self._similarity = index
        return self._similarity

    def prerequisite_closure(self, competency_id: UUID) -> list[UUID]:
        """Every competency to hold before this one, each listed before those that build on it.

        Members of a prerequisite cycle (which validation reports) have no true order; they are
        kept together and listed by name, so the closure still ends and stays deterministic.
        """
        self._competency(competency_id)
        ancestors = nx.ancestors(self._prerequisites, competency_id)
        if not ancestors:
            return []
        condensed = nx.condensation(self._prerequisites.subgraph(ancestors))

        def by_name(competency: UUID) -> tuple[str, int]:
            return (self._competencies[competency.int].name, competency.int)

        groups = {scc: sorted(data["members"], key=by_name) for scc, data in condensed.nodes(data=True)}
        order = nx.lexicographical_topological_sort(condensed, key=lambda scc: by_name(groups[scc][0]))
        return [competency for scc in order for competency in groups[scc]]


@dataclass(frozen=True)
class _SimilarityIndex:
    """Positions and competencies numbered 0..n, because small ints hash for free and UUID ints do
    not, and the similarity loop touches thousands of entries per query at ESCO size. Positions are
    numbered in designation order so that equal scores rank by designation."""

    positions: list[Position]
    number: dict[int, int]  # a position's UUID.int → its number
    vectors: list[list[tuple[int, float]]]  # per position: (competency number, weight * level)
    totals: list[float]
    holders: list[list[tuple[int, float]]]  # per competency number: (position number, weight * level)


def _uuid_int(id: UUID) -> int:
    return id.int


def _heaviest_first(r: ResolvedRequirement) -> tuple[float, str, int]:
    return (-r.weight, r.name, r.competency_id.int)

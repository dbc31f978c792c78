"""What changed between two FRAC versions, for reviewers approving a new version and for change logs.

Nodes are matched by id, so a renamed competency is a change, not a removal and an addition.
Requirements and relations have no id of their own and are compared as whole values: a requirement
whose level moves from 2 to 3 shows as one removed and one added.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    Framework,
    Position,
    Requirement,
    Role,
)


@dataclass(frozen=True)
class Change:
    """One node present in both versions whose fields differ; `name` is as it reads in the new one."""

    kind: str
    id: UUID
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class NodeDiff:
    """Added and removed ids are ordered by name then id, as a reviewer would scan them."""

    added: tuple[UUID, ...] = ()
    removed: tuple[UUID, ...] = ()
    changed: tuple[Change, ...] = ()


@dataclass(frozen=True)
class FrameworkDiff:
    competencies: NodeDiff
    roles: NodeDiff
    activities: NodeDiff
    positions: NodeDiff
    requirements_added: tuple[Requirement, ...]
    requirements_removed: tuple[Requirement, ...]
    relations_added: tuple[CompetencyRelation, ...]
    relations_removed: tuple[CompetencyRelation, ...]
    scale_changed: bool

    def summary(self) -> dict[str, int]:
        """Counts by what and how, for a change log line or a review screen header."""
        counts: dict[str, int] = {}
        for kind in ("competencies", "roles", "activities", "positions"):
            nodes: NodeDiff = getattr(self, kind)
            counts[f"{kind}_added"] = len(nodes.added)
            counts[f"{kind}_removed"] = len(nodes.removed)
            counts[f"{kind}_changed"] = len(nodes.changed)
        counts["requirements_added"] = len(self.requirements_added)
        counts["requirements_removed"] = len(self.requirements_removed)
        counts["relations_added"] = len(self.relations_added)
        counts["relations_removed"] = len(self.relations_removed)
        counts["scale_changed"] = int(self.scale_changed)
        return counts

    @property
    def is_empty(self) -> bool:
        return not any(self.summary().values())


def diff(old: Framework, new: Framework) -> FrameworkDiff:
    """The difference from `old` to `new`; the framework's own name and version are not compared."""
    requirements_added, requirements_removed = _values(old.requirements, new.requirements, _requirement_key)
    relations_added, relations_removed = _values(old.relations, new.relations, _relation_key)
    return FrameworkDiff(
        competencies=_nodes("competency", old.competencies, new.competencies, lambda c: c.name),
        roles=_nodes("role", old.roles, new.roles, lambda r: r.name),
        activities=_nodes("activity", old.activities, new.activities, lambda a: a.description),
        positions=_nodes("position", old.positions, new.positions, lambda p: p.designation),
        requirements_added=requirements_added,
        requirements_removed=requirements_removed,
        relations_added=relations_added,
        relations_removed=relations_removed,
        scale_changed=old.scale != new.scale,
    )


Node = TypeVar("Node", Competency, Role, Activity, Position)
Value = TypeVar("Value", Requirement, CompetencyRelation)


def _nodes(kind: str, old: Sequence[Node], new: Sequence[Node], name: Callable[[Node], str]) -> NodeDiff:
    before = {node.id: node for node in old}
    after = {node.id: node for node in new}

    def by_name(nodes: dict[UUID, Node]) -> Callable[[UUID], tuple[str, UUID]]:
        return lambda node_id: (name(nodes[node_id]), node_id)

    changed = []
    for node_id in sorted(before.keys() & after.keys(), key=by_name(after)):
        fields = _changed_fields(before[node_id], after[node_id])
        if fields:
            changed.append(Change(kind, node_id, name(after[node_id]), fields))
    return NodeDiff(
        added=tuple(sorted(after.keys() - before.keys(), key=by_name(after))),
        removed=tuple(sorted(before.keys() - after.keys(), key=by_name(before))),
        changed=tuple(changed),
    )


def _changed_fields(before: Any, after: Any) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(before)
        if f.name != "id" and getattr(before, f.name) != getattr(after, f.name)
    )


def _values(
    old: Sequence[Value], new: Sequence[Value], key: Callable[[Value], tuple[str | int | float, ...]]
) -> tuple[tuple[Value, ...], tuple[Value, ...]]:
    """Added and removed as multisets, so a duplicated requirement that loses one copy still shows."""
    before, after = Counter(old), Counter(new)
    added = sorted((after - before).elements(), key=key)
    removed = sorted((before - after).elements(), key=key)
    return tuple(added), tuple(removed)


def _requirement_key(req: Requirement) -> tuple[str | int | float, ...]:
    return (str(req.competency_id), str(req.role_id), str(req.activity_id), req.level, req.weight)


def _relation_key(relation: CompetencyRelation) -> tuple[str | int | float, ...]:
    return (str(relation.source_id), str(relation.target_id), relation.kind.value)

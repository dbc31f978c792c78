"""The project's own JSON form of a whole FRAC version, for backups, fixtures and moving a FRAC between
installations.

It carries every field of `Framework` and nothing else, so `framework_from_json(framework_to_json(fw))
== fw` holds exactly. The reader is strict about shape (unknown keys, wrong JSON types, malformed ids
and enum values are refused with their path, e.g. ``competencies[3].type``) but leaves meaning (scale
gaps, cycles, dangling ids) to `karmayogi.frac.validation`, which reports those in FRAC terms.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from karmayogi.frac.formats import FormatError
from karmayogi.frac.model import (
    DEFAULT_SCALE,
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    KnowledgeResource,
    Position,
    ProficiencyLevel,
    ProficiencyScale,
    RelationKind,
    Requirement,
    Role,
)

FORMAT = "karmayogi-frac"
FORMAT_VERSION = 1

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

_TOP_LEVEL_OPTIONAL = (
    "version",
    "scale",
    "competencies",
    "relations",
    "roles",
    "activities",
    "positions",
    "requirements",
)
_COMPETENCY_OPTIONAL = (
    "description",
    "area",
    "theme",
    "sub_theme",
    "level_descriptors",
    "alt_labels",
    "organisation_id",
    "retired",
    "source",
)

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def framework_to_json(fw: Framework) -> dict[str, Any]:
    """A JSON-ready dict (only dicts, lists, str, int, float, bool and None) with every field written."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": fw.name,
        "version": fw.version,
        "scale": [
            {"level": lv.level, "name": lv.name, "descriptor": lv.descriptor} for lv in fw.scale.levels
        ],
        "competencies": [_competency_to_json(c) for c in fw.competencies],
        "relations": [
            {"source_id": str(r.source_id), "target_id": str(r.target_id), "kind": r.kind.value}
            for r in fw.relations
        ],
        "roles": [
            {
                "id": str(r.id),
                "name": r.name,
                "description": r.description,
                "organisation_id": _opt_id(r.organisation_id),
                "source": r.source,
            }
            for r in fw.roles
        ],
        "activities": [
            {
                "id": str(a.id),
                "role_id": _opt_id(a.role_id),
                "description": a.description,
                "knowledge_resources": [{"title": k.title, "url": k.url} for k in a.knowledge_resources],
            }
            for a in fw.activities
        ],
        "positions": [
            {
                "id": str(p.id),
                "designation": p.designation,
                "organisation_id": _opt_id(p.organisation_id),
                "role_ids": [str(i) for i in p.role_ids],
                "grade": p.grade,
                "pay_level": p.pay_level,
                "description": p.description,
            }
            for p in fw.positions
        ],
        "requirements": [
            {
                "competency_id": str(q.competency_id),
                "level": q.level,
                "weight": q.weight,
                "role_id": _opt_id(q.role_id),
                "activity_id": _opt_id(q.activity_id),
            }
            for q in fw.requirements
        ],
    }


def framework_from_json(data: Mapping[str, Any]) -> Framework:
    """The `Framework` in `data`, or a `FormatError` listing every shape problem by path."""
    r = _Reader()
    fields = r.record(
        data,
        "",
        required=("format", "format_version", "name"),
        optional=_TOP_LEVEL_OPTIONAL,
    )
    if fields is None:
        raise FormatError(r.problems, what="FRAC JSON")
    if fields["format"] != FORMAT:
        # A foreign document: complaints about its fields would only mislead.
        raise FormatError([f"format: expected {FORMAT!r}, got {fields['format']!r}"], what="FRAC JSON")
    if type(fields["format_version"]) is not int or fields["format_version"] != FORMAT_VERSION:
        raise FormatError(
            [f"format_version: this reader knows {FORMAT_VERSION}, got {fields['format_version']!r}"],
            what="FRAC JSON",
        )

    framework = Framework(
        name=r.string(fields["name"], "name"),
        version=r.integer(fields.get("version", 1), "version"),
        scale=ProficiencyScale(r.items(fields["scale"], "scale", _level))
        if "scale" in fields
        else DEFAULT_SCALE,
        competencies=r.items(fields.get("competencies", []), "competencies", _competency),
        relations=r.items(fields.get("relations", []), "relations", _relation),
        roles=r.items(fields.get("roles", []), "roles", _role),
        activities=r.items(fields.get("activities", []), "activities", _activity),
        positions=r.items(fields.get("positions", []), "positions", _position),
        requirements=r.items(fields.get("requirements", []), "requirements", _requirement),
    )
    if r.problems:
        raise FormatError(r.problems, what="FRAC JSON")
    return framework


def _opt_id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _competency_to_json(c: Competency) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "name": c.name,
        "type": c.type.value,
        "description": c.description,
        "area": c.area,
        "theme": c.theme,
        "sub_theme": c.sub_theme,
        "level_descriptors": [{"level": lv, "descriptor": text} for lv, text in c.level_descriptors],
        "alt_labels": list(c.alt_labels),
        "organisation_id": _opt_id(c.organisation_id),
        "retired": c.retired,
        "source": c.source,
    }


class _Invalid(Exception):
    """Raised inside one record's reader when its object itself is unusable (not an object, bad keys)."""


_NIL = uuid.UUID(int=0)


class _Reader:
    """Collects problems by path.

    Typed accessors record a problem and return a placeholder of the right type, so a record can be
    built without special cases; `items` then drops any record whose reading added a problem, and the
    caller raises before anything built from a placeholder escapes.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(f"{path or '(document)'}: {reason}")

    def record(
        self, value: Any, path: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, Mapping):
            self.fail(path, f"expected an object, got {_json_type(value)}")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.fail(_join(path, str(key)), "unknown key")
        missing = [key for key in required if key not in value]
        for key in missing:
            self.fail(_join(path, key), "missing")
        return None if missing else dict(value)

    def items(self, value: Any, path: str, build: Callable[[_Reader, Any, str], T]) -> tuple[T, ...]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_json_type(value)}")
            return ()
        built: list[T] = []
        for i, item in enumerate(value):
            before = len(self.problems)
            try:
                result = build(self, item, f"{path}[{i}]")
            except _Invalid:
                continue
            if len(self.problems) == before:
                built.append(result)
        return tuple(built)

    def _check(self, ok: bool, path: str, expected: str, value: Any) -> bool:
        if not ok:
            self.fail(path, f"expected {expected}, got {_json_type(value)}")
        return ok

    def string(self, value: Any, path: str) -> str:
        return value if self._check(isinstance(value, str), path, "a string", value) else ""

    def opt_string(self, value: Any, path: str) -> str | None:
        return None if value is None else self.string(value, path)

    def integer(self, value: Any, path: str) -> int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if self._check(ok, path, "an integer", value) else 0

    def opt_integer(self, value: Any, path: str) -> int | None:
        return None if value is None else self.integer(value, path)

    def number(self, value: Any, path: str) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not self._check(ok, path, "a number", value):
            return 0.0
        if not math.isfinite(value):
            self.fail(path, "must be a finite number")
            return 0.0
        return float(value)

    def boolean(self, value: Any, path: str) -> bool:
        return value if self._check(isinstance(value, bool), path, "true or false", value) else False

    def ident(self, value: Any, path: str) -> uuid.UUID:
        if not self._check(isinstance(value, str), path, "a UUID string", value):
            return _NIL
        if not _UUID.match(value):
            self.fail(path, f"{value!r} is not a UUID (8-4-4-4-12 hexadecimal digits)")
            return _NIL
        return uuid.UUID(value)

    def opt_ident(self, value: Any, path: str) -> uuid.UUID | None:
        return None if value is None else self.ident(value, path)

    def idents(self, value: Any, path: str) -> tuple[uuid.UUID, ...]:
        if not self._check(isinstance(value, list), path, "a list", value):
            return ()
        return tuple(self.ident(v, f"{path}[{i}]") for i, v in enumerate(value))

    def enum(self, value: Any, path: str, kind: type[E]) -> E:
        first = next(iter(kind))
        if not self._check(isinstance(value, str), path, "a string", value):
            return first
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            self.fail(path, f"{value!r} is not one of {allowed}")
            return first

    def strings(self, value: Any, path: str) -> tuple[str, ...]:
        if not self._check(isinstance(value, list), path, "a list", value):
            return ()
        return tuple(self.string(v, f"{path}[{i}]") for i, v in enumerate(value))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _fields(
    r: _Reader, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, Any]:
    fields = r.record(value, path, required=required, optional=optional)
    if fields is None:
        raise _Invalid
    return fields


def _level(r: _Reader, value: Any, path: str) -> ProficiencyLevel:
    f = _fields(r, value, path, ("level", "name"), ("descriptor",))
    return ProficiencyLevel(
        level=r.integer(f["level"], f"{path}.level"),
        name=r.string(f["name"], f"{path}.name"),
        descriptor=r.string(f.get("descriptor", ""), f"{path}.descriptor"),
    )


def _level_descriptor(r: _Reader, value: Any, path: str) -> tuple[int, str]:
    f = _fields(r, value, path, ("level", "descriptor"), ())
    return (
        r.integer(f["level"], f"{path}.level"),
        r.string(f["descriptor"], f"{path}.descriptor"),
    )


def _competency(r: _Reader, value: Any, path: str) -> Competency:
    f = _fields(
        r,
        value,
        path,
        ("id", "name", "type"),
        _COMPETENCY_OPTIONAL,
    )
    return Competency(
        id=r.ident(f["id"], f"{path}.id"),
        name=r.string(f["name"], f"{path}.name"),
        type=r.enum(f["type"], f"{path}.type", CompetencyType),
        description=r.string(f.get("description", ""), f"{path}.description"),
        area=r.string(f.get("area", ""), f"{path}.area"),
        theme=r.string(f.get("theme", ""), f"{path}.theme"),
        sub_theme=r.string(f.get("sub_theme", ""), f"{path}.sub_theme"),
        level_descriptors=r.items(
            f.get("level_descriptors", []), f"{path}.level_descriptors", _level_descriptor
        ),
        alt_labels=r.strings(f.get("alt_labels", []), f"{path}.alt_labels"),
        organisation_id=r.opt_ident(f.get("organisation_id"), f"{path}.organisation_id"),
        retired=r.boolean(f.get("retired", False), f"{path}.retired"),
        source=r.opt_string(f.get("source"), f"{path}.source"),
    )


def _relation(r: _Reader, value: Any, path: str) -> CompetencyRelation:
    f = _fields(r, value, path, ("source_id", "target_id", "kind"), ())
    return CompetencyRelation(
        source_id=r.ident(f["source_id"], f"{path}.source_id"),
        target_id=r.ident(f["target_id"], f"{path}.target_id"),
        kind=r.enum(f["kind"], f"{path}.kind", RelationKind),
    )


def _role(r: _Reader, value: Any, path: str) -> Role:
    f = _fields(r, value, path, ("id", "name"), ("description", "organisation_id", "source"))
    return Role(
        id=r.ident(f["id"], f"{path}.id"),
        name=r.string(f["name"], f"{path}.name"),
        description=r.string(f.get("description", ""), f"{path}.description"),
        organisation_id=r.opt_ident(f.get("organisation_id"), f"{path}.organisation_id"),
        source=r.opt_string(f.get("source"), f"{path}.source"),
    )


def _knowledge_resource(r: _Reader, value: Any, path: str) -> KnowledgeResource:
    f = _fields(r, value, path, ("title",), ("url",))
    return KnowledgeResource(
        title=r.string(f["title"], f"{path}.title"),
        url=r.string(f.get("url", ""), f"{path}.url"),
    )


def _activity(r: _Reader, value: Any, path: str) -> Activity:
    f = _fields(r, value, path, ("id", "description"), ("role_id", "knowledge_resources"))
    return Activity(
        id=r.ident(f["id"], f"{path}.id"),
        role_id=r.opt_ident(f.get("role_id"), f"{path}.role_id"),
        description=r.string(f["description"], f"{path}.description"),
        knowledge_resources=r.items(
            f.get("knowledge_resources", []), f"{path}.knowledge_resources", _knowledge_resource
        ),
    )


def _position(r: _Reader, value: Any, path: str) -> Position:
    f = _fields(
        r,
        value,
        path,
        ("id", "designation"),
        ("organisation_id", "role_ids", "grade", "pay_level", "description"),
    )
    return Position(
        id=r.ident(f["id"], f"{path}.id"),
        designation=r.string(f["designation"], f"{path}.designation"),
        organisation_id=r.opt_ident(f.get("organisation_id"), f"{path}.organisation_id"),
        role_ids=r.idents(f.get("role_ids", []), f"{path}.role_ids"),
        grade=r.string(f.get("grade", ""), f"{path}.grade"),
        pay_level=r.opt_integer(f.get("pay_level"), f"{path}.pay_level"),
        description=r.string(f.get("description", ""), f"{path}.description"),
    )


def _requirement(r: _Reader, value: Any, path: str) -> Requirement:
    f = _fields(r, value, path, ("competency_id", "level", "weight"), ("role_id", "activity_id"))
    competency_id = r.ident(f["competency_id"], f"{path}.competency_id")
    level = r.integer(f["level"], f"{path}.level")
    weight = r.number(f["weight"], f"{path}.weight")
    role_id = r.opt_ident(f.get("role_id"), f"{path}.role_id")
    activity_id = r.opt_ident(f.get("activity_id"), f"{path}.activity_id")
    if (role_id is None) == (activity_id is None):
        r.fail(path, "must name exactly one of role_id and activity_id")
        raise _Invalid
    return Requirement(competency_id, level, weight, role_id=role_id, activity_id=activity_id)

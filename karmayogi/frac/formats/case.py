"""The competency dictionary as a 1EdTech CASE 1.1 CFPackage (JSON binding), so that other learning
systems, credential issuers and state portals can read the FRAC, and so that frameworks published in
CASE can be imported.

CASE describes competencies, their structure and rubrics; it has no roles, activities, positions or
requirements, so the export carries only the dictionary, its relations and the proficiency scale,
and an import yields a `Framework` with just those.

Mapping (Karmayogi → CASE):

- `Framework` → `CFDocument`: ``title`` = name, ``version`` = str(version), ``caseVersion`` "1.1",
  ``creator`` as given. Its identifier is derived from ``uri_base``, name and version unless given,
  so that exporting the same version twice gives the same package.
- `Competency` → `CFItem`, ``CFItemType`` "Competency" (defined in ``CFDefinitions.CFItemTypes``):
  ``identifier`` = the competency id (CASE identifiers are UUIDs, so ids survive the round trip),
  ``abbreviatedStatement`` = name, ``fullStatement`` = description, or the name when there is no
  description (CASE requires a statement), ``conceptKeywords`` = alt labels. CASE has no field for
  type, area, theme, sub-theme, organisation, retirement or source; they go into ``notes`` as a
  block that starts with the line ``Karmayogi FRAC competency`` followed by ``key: value`` lines
  (``type`` always, the others when set; backslashes and line breaks in values are escaped as
  ``\\\\``, ``\\n`` and ``\\r``). A blank line ends the block; text after it is free.
- Every competency `isChildOf` the CFDocument; ``sequenceNumber`` keeps the dictionary's order.
- `RelationKind.PREREQUISITE` → ``precedes`` (origin = the prerequisite, destination = the competency
  that builds on it); `RelationKind.RELATED` → ``isRelatedTo`` (origin = source, destination = target).
- `ProficiencyScale` → one `CFRubric` with one `CFRubricCriterion` without ``CFItemURI`` (category
  "Proficiency scale") whose `CFRubricCriterionLevels` are the levels: ``score`` = level number,
  ``quality`` = level name, ``description`` = the generic descriptor. Each competency with level
  descriptors gets a criterion of its own (``CFItemURI`` → its item, ``category`` = its name) with one
  level per descriptor (``score`` = level, ``quality`` = the scale's name for it, ``description`` =
  the descriptor); ``position`` keeps the order of levels and descriptors.

Import reads the same mapping back. From packages written elsewhere: ``abbreviatedStatement`` (or,
when absent, ``fullStatement``) becomes the name; without a Karmayogi notes block the type is guessed
from ``CFItemType`` ("behaviour…" → behavioural, "domain…" → domain, otherwise functional); a
``version`` that is not a whole number reads as 1; without a rubric the default scale applies;
association types other than ``isChildOf``, ``precedes`` and ``isRelatedTo`` are ignored, and
``isChildOf`` between items (the framework's outline) is not kept.

Known loss: a description that is blank or identical to the name reads back as no description.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from karmayogi.frac.formats import FormatError
from karmayogi.frac.model import (
    DEFAULT_SCALE,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    ProficiencyLevel,
    ProficiencyScale,
    RelationKind,
)

CASE_VERSION = "1.1"
ITEM_TYPE = "Competency"
NOTES_MARKER = "Karmayogi FRAC competency"
SCALE_CATEGORY = "Proficiency scale"

# The UUID form CASE 1.1 prescribes (versions 1-5, RFC 4122 variant); upper case is tolerated on input.
_CASE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.I)

_ASSOCIATION_OF_KIND = {RelationKind.PREREQUISITE: "precedes", RelationKind.RELATED: "isRelatedTo"}
_KIND_OF_ASSOCIATION = {v: k for k, v in _ASSOCIATION_OF_KIND.items()}
_NOTE_KEYS = ("type", "area", "theme", "sub_theme", "organisation_id", "retired", "source")


def framework_to_case(
    fw: Framework,
    *,
    uri_base: str,
    document_id: uuid.UUID | None = None,
    creator: str = "Mission Karmayogi",
    changed_at: datetime | None = None,
) -> dict[str, Any]:
    """The dictionary part of `fw` as a CFPackage dict; `uri_base` is where the CASE API is served.

    Refuses (FormatError) what a CASE reader could not take back: ids that are not CASE UUIDs or are
    repeated, blank names, relations to competencies not in `fw`, and scales or level descriptors
    outside levels 1..n. `changed_at` (default: now) stamps every ``lastChangeDateTime``; pass the
    version's publication time to get the same bytes from every export.
    """
    _check_exportable(fw)
    base = uri_base.rstrip("/")
    doc_id = document_id or uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/CFDocuments/{fw.name}/{fw.version}")
    stamp = (changed_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    w = CaseWriter(base, doc_id, stamp)

    document = {
        "identifier": str(doc_id),
        "uri": w.uri("CFDocuments", doc_id),
        "caseVersion": CASE_VERSION,
        "creator": creator,
        "title": fw.name,
        "version": str(fw.version),
        "lastChangeDateTime": stamp,
    }
    item_type_id = w.derive("item-type", ITEM_TYPE)
    item_type_link = {
        "title": ITEM_TYPE,
        "identifier": str(item_type_id),
        "uri": w.uri("CFItemTypes", item_type_id),
    }
    doc_link = {"title": fw.name, "identifier": str(doc_id), "uri": document["uri"]}
    item_links = {c.id: w.item_link(c) for c in fw.competencies}

    items = [_item(c, w, item_type_link) for c in fw.competencies]
    associations = [
        w.association("isChildOf", item_links[c.id], doc_link, sequence=n)
        for n, c in enumerate(fw.competencies, start=1)
    ]
    for relation in fw.relations:
        associations.append(
            w.association(
                _ASSOCIATION_OF_KIND[relation.kind],
                item_links[relation.source_id],
                item_links[relation.target_id],
            )
        )
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": str(item_type_id),
                    "uri": item_type_link["uri"],
                    "title": ITEM_TYPE,
                    "description": "A competency of the FRAC dictionary (behavioural, functional or domain).",
                    "hierarchyCode": "1",
                    "lastChangeDateTime": stamp,
                }
            ]
        },
        "CFRubrics": [_rubric(fw, w, item_links)],
    }


def framework_from_case(package: Mapping[str, Any]) -> Framework:
    """The competencies, relations and scale in a CFPackage, or a FormatError naming every bad node."""
    r = _Import()
    if not isinstance(package, Mapping):
        raise FormatError(["CFPackage: expected a JSON object"], what="CASE package")
    document = package.get("CFDocument")
    doc_id = r.read_document(document)
    items = r.list_of(package, "CFItems")
    associations = r.list_of(package, "CFAssociations")
    rubrics = r.list_of(package, "CFRubrics")

    competencies = [c for i, raw in enumerate(items) if (c := r.read_item(i, raw)) is not None]
    r.read_associations(associations, doc_id)
    scale = r.read_rubrics(rubrics)
    if r.problems:
        raise FormatError(r.problems, what="CASE package")
    by_id = {c.id: c for c in competencies}
    for cid, descriptors in r.descriptors.items():
        by_id[cid] = replace(by_id[cid], level_descriptors=descriptors)
    assert isinstance(document, Mapping)
    return Framework(
        name=document["title"],
        version=_version(document.get("version")),
        scale=scale,
        competencies=tuple(by_id[c.id] for c in competencies),
        relations=tuple(r.relations),
    )


# ---------------------------------------------------------------------------------------------- export


@dataclass
class CaseWriter:
    """Builds URIs and stable derived identifiers, so re-exporting a version yields identical ids."""

    base: str
    doc_id: uuid.UUID
    stamp: str
    _used: set[uuid.UUID] = field(default_factory=set)

    def uri(self, collection: str, identifier: uuid.UUID) -> str:
        return f"{self.base}/{collection}/{identifier}"

    def derive(self, *parts: object) -> uuid.UUID:
        name = ":".join(str(p) for p in parts)
        candidate, n = uuid.uuid5(self.doc_id, name), 1
        while candidate in self._used:  # the same relation twice still needs two identifiers
            n += 1
            candidate = uuid.uuid5(self.doc_id, f"{name}:{n}")
        self._used.add(candidate)
        return candidate

    def item_link(self, c: Competency) -> dict[str, str]:
        return {"title": c.name, "identifier": str(c.id), "uri": self.uri("CFItems", c.id)}

    def association(
        self, kind: str, origin: dict[str, str], destination: dict[str, str], sequence: int | None = None
    ) -> dict[str, Any]:
        identifier = self.derive("association", kind, origin["identifier"], destination["identifier"])
        association: dict[str, Any] = {
            "identifier": str(identifier),
            "uri": self.uri("CFAssociations", identifier),
            "associationType": kind,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": self.stamp,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        return association


def _check_exportable(fw: Framework) -> None:
    problems: list[str] = []
    top = len(fw.scale.levels)
    if sorted(lv.level for lv in fw.scale.levels) != list(range(1, top + 1)):
        problems.append("scale: levels must be numbered 1..n without gaps or repeats to become a CASE rubric")
    seen: set[uuid.UUID] = set()
    for c in fw.competencies:
        where = f"competency {c.name!r} ({c.id})"
        if c.id in seen:
            problems.append(f"{where}: id is used by another competency")
        seen.add(c.id)
        if not _CASE_UUID.match(str(c.id)):
            problems.append(f"{where}: id is not a CASE UUID (version 1-5, RFC 4122 variant)")
        if not c.name.strip():
            problems.append(f"{where}: name is blank; CASE needs a statement")
        for level, _ in c.level_descriptors:
            if not 1 <= level <= top:
                problems.append(f"{where}: level descriptor for level {level} is outside the scale 1..{top}")
    known = {c.id for c in fw.competencies}
    for n, relation in enumerate(fw.relations):
        for end in (relation.source_id, relation.target_id):
            if end not in known:
                problems.append(f"relations[{n}]: {end} is not a competency of this framework")
    if problems:
        raise FormatError(problems, what="CASE export")


def _item(c: Competency, w: CaseWriter, item_type_link: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "identifier": str(c.id),
        "uri": w.uri("CFItems", c.id),
        "fullStatement": c.description if c.description.strip() else c.name,
        "abbreviatedStatement": c.name,
        "CFItemType": ITEM_TYPE,
        "CFItemTypeURI": item_type_link,
        "notes": _notes(c),
        "lastChangeDateTime": w.stamp,
    }
    if c.alt_labels:
        item["conceptKeywords"] = list(c.alt_labels)
    return item


def _notes(c: Competency) -> str:
    values = {
        "type": c.type.value,
        "area": c.area,
        "theme": c.theme,
        "sub_theme": c.sub_theme,
        "organisation_id": str(c.organisation_id) if c.organisation_id else "",
        "retired": "true" if c.retired else "",
        "source": c.source,
    }
    lines = [NOTES_MARKER]
    for key in _NOTE_KEYS:
        value = values[key]
        if value is not None and (value != "" or key == "source"):
            lines.append(f"{key}: {_escape(value)}")
    return "\n".join(lines)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), value)


def _rubric(fw: Framework, w: CaseWriter, item_links: dict[uuid.UUID, dict[str, str]]) -> dict[str, Any]:
    rubric_id = w.derive("rubric")
    names = {lv.level: lv.name for lv in fw.scale.levels}

    def criterion(
        key: str, position: int, levels: list[tuple[int, str, str]], **extra: Any
    ) -> dict[str, Any]:
        criterion_id = w.derive("criterion", key)
        return {
            "identifier": str(criterion_id),
            "uri": w.uri("CFRubricCriteria", criterion_id),
            **extra,
            "position": position,
            "rubricId": str(rubric_id),
            "lastChangeDateTime": w.stamp,
            "CFRubricCriterionLevels": [
                _level(w, criterion_id, f"{key}:{n}", n, score, quality, description)
                for n, (score, quality, description) in enumerate(levels, start=1)
            ],
        }

    criteria = [
        criterion(
            "scale",
            0,
            [(lv.level, lv.name, lv.descriptor) for lv in fw.scale.levels],
            category=SCALE_CATEGORY,
            description="The levels every competency of this framework is assessed on.",
        )
    ]
    for c in fw.competencies:
        if c.level_descriptors:
            criteria.append(
                criterion(
                    str(c.id),
                    len(criteria),
                    [(level, names.get(level, ""), text) for level, text in c.level_descriptors],
                    category=c.name,
                    CFItemURI=item_links[c.id],
                )
            )
    return {
        "identifier": str(rubric_id),
        "uri": w.uri("CFRubrics", rubric_id),
        "title": f"{fw.name}: proficiency levels",
        "description": "The proficiency scale and, per competency, what each level looks like.",
        "lastChangeDateTime": w.stamp,
        "CFRubricCriteria": criteria,
    }


def _level(
    w: CaseWriter,
    criterion_id: uuid.UUID,
    key: str,
    position: int,
    score: int,
    quality: str,
    description: str,
) -> dict[str, Any]:
    level_id = w.derive("level", key)
    return {
        "identifier": str(level_id),
        "uri": w.uri("CFRubricCriterionLevels", level_id),
        "quality": quality,
        "score": score,
        "description": description,
        "position": position,
        "rubricCriterionId": str(criterion_id),
        "lastChangeDateTime": w.stamp,
    }


# ---------------------------------------------------------------------------------------------- import


class _Import:
    """Reads a package node by node, collecting every problem before anything is returned."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.items: dict[str, str] = {}  # lower-case identifier → name, for messages and link checks
        self.relations: list[CompetencyRelation] = []
        self.descriptors: dict[uuid.UUID, tuple[tuple[int, str], ...]] = {}

    def fail(self, where: str, reason: str) -> None:
        self.problems.append(f"{where}: {reason}")

    def list_of(self, package: Mapping[str, Any], key: str) -> list[Any]:
        value = package.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "expected a list")
            return []
        return value

    def read_document(self, document: Any) -> str | None:
        if document is None:
            self.fail("CFDocument", "missing; a CFPackage has exactly one CFDocument")
            return None
        if not isinstance(document, Mapping):
            self.fail("CFDocument", "expected an object")
            return None
        identifier = self.identifier(document.get("identifier"), "CFDocument")
        title = document.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail("CFDocument", "title is missing or blank")
        version = document.get("version")
        if version is not None and not isinstance(version, str):
            self.fail("CFDocument", "version must be a string")
        return identifier

    def identifier(self, value: Any, where: str) -> str | None:
        if value is None:
            self.fail(where, "identifier is missing")
            return None
        if not isinstance(value, str) or not _CASE_UUID.match(value):
            self.fail(where, f"identifier {value!r} is not a UUID")
            return None
        return value.lower()

    def read_item(self, i: int, raw: Any) -> Competency | None:
        where = f"CFItems[{i}]"
        if not isinstance(raw, Mapping):
            self.fail(where, "expected an object")
            return None
        if isinstance(raw.get("identifier"), str):
            where = f"CFItems[{i}] ({raw['identifier']})"
        before = len(self.problems)
        identifier = self.identifier(raw.get("identifier"), where)
        statement = raw.get("fullStatement")
        if not isinstance(statement, str) or not statement.strip():
            self.fail(where, "fullStatement is missing or blank")
            statement = ""
        abbreviated = raw.get("abbreviatedStatement")
        if abbreviated is not None and not isinstance(abbreviated, str):
            self.fail(where, "abbreviatedStatement must be a string")
            abbreviated = None
        keywords = raw.get("conceptKeywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            self.fail(where, "conceptKeywords must be a list of strings")
            keywords = []
        item_type = raw.get("CFItemType")
        if item_type is not None and not isinstance(item_type, str):
            self.fail(where, "CFItemType must be a string")
            item_type = None
        notes = raw.get("notes")
        if notes is not None and not isinstance(notes, str):
            self.fail(where, "notes must be a string")
            notes = None
        if identifier is not None:
            if identifier in self.items:
                self.fail(where, "identifier is used by another CFItem")
            self.items[identifier] = abbreviated or statement
        attributes = self.notes(notes or "", item_type, where)
        if len(self.problems) > before or identifier is None:
            return None
        name = abbreviated if abbreviated else statement
        return Competency(
            id=uuid.UUID(identifier),
            name=name,
            description=statement if abbreviated and statement != abbreviated else "",
            alt_labels=tuple(keywords),
            **attributes,
        )

    def notes(self, notes: str, item_type: str | None, where: str) -> dict[str, Any]:
        lines = notes.split("\n")  # not splitlines(): values may hold U+2028 and other breaks
        if not lines or lines[0].strip() != NOTES_MARKER:
            return {"type": _type_from_item_type(item_type)}
        values: dict[str, str] = {}
        for n, line in enumerate(_block(lines[1:]), start=2):
            key, sep, value = line.partition(":")
            if not sep or key not in _NOTE_KEYS:
                self.fail(where, f"notes line {n} {line!r} is not one of {', '.join(_NOTE_KEYS)}")
                continue
            values[key] = _unescape(value.removeprefix(" "))
        attributes: dict[str, Any] = {
            "area": values.get("area", ""),
            "theme": values.get("theme", ""),
            "sub_theme": values.get("sub_theme", ""),
            "source": values.get("source"),
        }
        try:
            attributes["type"] = CompetencyType(values.get("type", ""))
        except ValueError:
            allowed = ", ".join(t.value for t in CompetencyType)
            self.fail(where, f"notes type {values.get('type')!r} is not one of {allowed}")
        if values.get("retired", "false") not in ("true", "false"):
            self.fail(where, f"notes retired {values['retired']!r} must be true or false")
        attributes["retired"] = values.get("retired") == "true"
        organisation = values.get("organisation_id")
        if organisation is not None:
            try:
                attributes["organisation_id"] = uuid.UUID(organisation)
            except ValueError:
                self.fail(where, f"notes organisation_id {organisation!r} is not a UUID")
        return attributes

    def read_associations(self, associations: list[Any], doc_id: str | None) -> None:
        for i, raw in enumerate(associations):
            where = f"CFAssociations[{i}]"
            if not isinstance(raw, Mapping):
                self.fail(where, "expected an object")
                continue
            if isinstance(raw.get("identifier"), str):
                where = f"CFAssociations[{i}] ({raw['identifier']})"
            kind = raw.get("associationType")
            if not isinstance(kind, str):
                self.fail(where, "associationType is missing")
                continue
            self.identifier(raw.get("identifier"), where)
            origin = self.node(raw.get("originNodeURI"), where, "originNodeURI")
            destination = self.node(raw.get("destinationNodeURI"), where, "destinationNodeURI")
            if kind not in ("isChildOf", *_KIND_OF_ASSOCIATION) or origin is None or destination is None:
                continue
            for end, node in (("originNodeURI", origin), ("destinationNodeURI", destination)):
                may_be_document = kind == "isChildOf" and end == "destinationNodeURI"
                if node in self.items or (may_be_document and node == doc_id):
                    continue
                known = "a CFItem or the CFDocument" if may_be_document else "a CFItem of this package"
                self.fail(where, f"{kind} {end} {node} is not {known}")
            if kind in _KIND_OF_ASSOCIATION and origin in self.items and destination in self.items:
                self.relations.append(
                    CompetencyRelation(uuid.UUID(origin), uuid.UUID(destination), _KIND_OF_ASSOCIATION[kind])
                )

    def node(self, link: Any, where: str, end: str) -> str | None:
        if not isinstance(link, Mapping) or not isinstance(link.get("identifier"), str):
            self.fail(where, f"{end} must be an object with an identifier")
            return None
        return str(link["identifier"]).lower()

    def read_rubrics(self, rubrics: list[Any]) -> ProficiencyScale:
        scale_levels: list[tuple[int, int, str, str]] | None = None
        per_item: list[tuple[str, str, list[tuple[int, int, str, str]]]] = []
        for i, rubric in enumerate(rubrics):
            where = f"CFRubrics[{i}]"
            if not isinstance(rubric, Mapping):
                self.fail(where, "expected an object")
                continue
            criteria = rubric.get("CFRubricCriteria", [])
            if not isinstance(criteria, list):
                self.fail(where, "CFRubricCriteria must be a list")
                continue
            for j, criterion in enumerate(criteria):
                at = f"{where}.CFRubricCriteria[{j}]"
                if not isinstance(criterion, Mapping):
                    self.fail(at, "expected an object")
                    continue
                if isinstance(criterion.get("identifier"), str):
                    at = f"{at} ({criterion['identifier']})"
                levels = list(self.criterion_levels(criterion, at))
                link = criterion.get("CFItemURI")
                if link is None:
                    if scale_levels is not None:
                        self.fail(at, "a second criterion without CFItemURI; only the scale may have none")
                    scale_levels = levels
                    continue
                item = self.node(link, at, "CFItemURI")
                if item is not None and item not in self.items:
                    self.fail(at, f"CFItemURI {item} is not a CFItem of this package")
                elif item is not None:
                    per_item.append((item, at, levels))
        scale = self.scale(scale_levels)
        for item, at, levels in per_item:
            cid = uuid.UUID(item)
            if cid in self.descriptors:
                self.fail(at, f"a second criterion for CFItem {item}")
                continue
            for _, score, _, _ in levels:
                if score not in scale:
                    self.fail(at, f"level score {score} is outside the scale 1..{scale.top}")
            self.descriptors[cid] = tuple((score, text) for _, score, _, text in sorted(levels))
        return scale

    def criterion_levels(self, criterion: Mapping[str, Any], at: str) -> Iterator[tuple[int, int, str, str]]:
        """(position, score, quality, description) of each level, in the criterion's order."""
        levels = criterion.get("CFRubricCriterionLevels", [])
        if not isinstance(levels, list):
            self.fail(at, "CFRubricCriterionLevels must be a list")
            return
        for k, level in enumerate(levels):
            where = f"{at}.CFRubricCriterionLevels[{k}]"
            if not isinstance(level, Mapping):
                self.fail(where, "expected an object")
                continue
            score = level.get("score")
            if isinstance(score, bool) or not isinstance(score, int | float) or score != int(score):
                self.fail(where, f"score {score!r} is not a whole level number")
                continue
            position = level.get("position", k)
            if isinstance(position, bool) or not isinstance(position, int):
                self.fail(where, f"position {position!r} is not an integer")
                continue
            quality = level.get("quality") or ""
            description = level.get("description") or ""
            if not isinstance(quality, str) or not isinstance(description, str):
                self.fail(where, "quality and description must be strings")
                continue
            yield position, int(score), quality, description

    def scale(self, levels: list[tuple[int, int, str, str]] | None) -> ProficiencyScale:
        if levels is None:
            return DEFAULT_SCALE
        ordered = sorted(levels)
        top = len(ordered)
        outside = [(quality, score) for _, score, quality, _ in ordered if not 1 <= score <= top]
        for quality, score in outside:
            self.fail(SCALE_CATEGORY, f"level {quality!r} has score {score}, outside 1..{top}")
        if not outside and sorted(score for _, score, _, _ in ordered) != list(range(1, top + 1)):
            self.fail(SCALE_CATEGORY, "level scores must be 1..n, each once")
        return ProficiencyScale(tuple(ProficiencyLevel(score, q, d) for _, score, q, d in ordered))


def _block(lines: list[str]) -> Iterator[str]:
    for line in lines:
        if not line.strip():
            return
        yield line


def _type_from_item_type(item_type: str | None) -> CompetencyType:
    folded = (item_type or "").casefold()
    if "behaviour" in folded or "behavior" in folded:
        return CompetencyType.BEHAVIOURAL
    if "domain" in folded:
        return CompetencyType.DOMAIN
    return CompetencyType.FUNCTIONAL


def _version(value: Any) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() else 1

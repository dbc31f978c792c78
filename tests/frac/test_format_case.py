"""CASE 1.1 export and import: the dictionary, its relations and the scale survive a trip through a
CFPackage, the package is laid out as the CASE JSON binding names things, and a malformed package is
refused naming the node at fault."""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.case import framework_from_case, framework_to_case
from karmayogi.frac.model import (
    DEFAULT_SCALE,
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

BASE = "https://frac.example.gov.in/ims/case/v1p1"
CASE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
NS = uuid.UUID("0c4b6a8e-5d0e-4c53-9a55-6a0f0b7d2c11")


def cid(name: str) -> uuid.UUID:
    return uuid.uuid5(NS, name)


SCALE = ProficiencyScale(
    (
        ProficiencyLevel(1, "Aware", "Knows the basics."),
        ProficiencyLevel(2, "Practising", "Applies it without help."),
        ProficiencyLevel(3, "Leading", "Guides others."),
    )
)
DRAFTING = Competency(
    cid("Noting and drafting"),
    "Noting and drafting",
    CompetencyType.FUNCTIONAL,
    description="Writes notes and drafts that a file can be decided on.",
    area="Office procedure",
    theme="Written communication",
    sub_theme="Notes\nand drafts",
    level_descriptors=((3, "Drafts cabinet notes."), (1, "Drafts routine replies.")),
    alt_labels=("drafting", "noting"),
    source="https://example.org/csmop#noting",
)
RULES = Competency(
    cid("Financial rules"),
    "Financial rules",
    CompetencyType.DOMAIN,
    organisation_id=uuid.uuid5(NS, "Department of Expenditure"),
    retired=True,
    source="",
)
INTEGRITY = Competency(
    cid("Integrity"), "Integrity", CompetencyType.BEHAVIOURAL, description="Acts honestly."
)
FRAMEWORK = Framework(
    name="Department of Expenditure FRAC",
    version=4,
    scale=SCALE,
    competencies=(DRAFTING, RULES, INTEGRITY),
    relations=(
        CompetencyRelation(RULES.id, DRAFTING.id, RelationKind.PREREQUISITE),
        CompetencyRelation(INTEGRITY.id, DRAFTING.id, RelationKind.RELATED),
    ),
    roles=(Role(cid("Section officer"), "Section officer"),),
    activities=(Activity(cid("Put up files"), cid("Section officer"), "Put up files"),),
    positions=(Position(cid("SO"), "Section Officer", None, (cid("Section officer"),)),),
    requirements=(Requirement(DRAFTING.id, 2, 1.0, role_id=cid("Section officer")),),
)
STAMP = datetime(2025, 1, 24, 10, 0, tzinfo=UTC)


def package(fw: Framework = FRAMEWORK) -> dict[str, Any]:
    return json.loads(json.dumps(framework_to_case(fw, uri_base=BASE, changed_at=STAMP)))


def test_the_dictionary_relations_and_scale_come_back_exactly() -> None:
    back = framework_from_case(package())
    assert back == Framework(
        name=FRAMEWORK.name,
        version=FRAMEWORK.version,
        scale=FRAMEWORK.scale,
        competencies=FRAMEWORK.competencies,
        relations=FRAMEWORK.relations,
    )


def test_roles_activities_positions_and_requirements_are_not_exported() -> None:
    text = json.dumps(package())
    assert "Section officer" not in text and "Put up files" not in text
    assert set(package()) == {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"}


def test_the_package_uses_the_case_binding_names() -> None:
    p = package()
    document = p["CFDocument"]
    for key in ("identifier", "uri", "creator", "title", "lastChangeDateTime"):
        assert document[key], key
    assert document["caseVersion"] == "1.1"
    assert document["lastChangeDateTime"] == "2025-01-24T10:00:00+00:00"
    assert document["uri"] == f"{BASE}/CFDocuments/{document['identifier']}"

    item = next(i for i in p["CFItems"] if i["identifier"] == str(DRAFTING.id))
    assert item["fullStatement"] == DRAFTING.description
    assert item["abbreviatedStatement"] == "Noting and drafting"
    assert item["CFItemType"] == "Competency"
    assert item["conceptKeywords"] == ["drafting", "noting"]
    assert item["uri"] == f"{BASE}/CFItems/{DRAFTING.id}"
    assert item["notes"].splitlines()[:2] == ["Karmayogi FRAC competency", "type: functional"]
    item_types = p["CFDefinitions"]["CFItemTypes"]
    assert item["CFItemTypeURI"]["identifier"] == item_types[0]["identifier"]

    every_identifier = re.findall(r'"(?:identifier|rubricId|rubricCriterionId)": "([^"]+)"', json.dumps(p))
    assert every_identifier and all(CASE_UUID.match(i) for i in every_identifier)


def test_associations_say_who_precedes_whom_and_every_item_is_a_child_of_the_document() -> None:
    p = package()
    doc_id = p["CFDocument"]["identifier"]
    by_type: dict[str, list[tuple[str, str]]] = {}
    for a in p["CFAssociations"]:
        assert set(a["originNodeURI"]) == {"title", "identifier", "uri"}
        by_type.setdefault(a["associationType"], []).append(
            (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        )
    assert by_type["isChildOf"] == [(str(c.id), doc_id) for c in FRAMEWORK.competencies]
    assert by_type["precedes"] == [(str(RULES.id), str(DRAFTING.id))]
    assert by_type["isRelatedTo"] == [(str(INTEGRITY.id), str(DRAFTING.id))]


def test_scale_and_level_descriptors_become_a_rubric() -> None:
    (rubric,) = package()["CFRubrics"]
    scale, drafting = rubric["CFRubricCriteria"]
    assert "CFItemURI" not in scale
    assert [(lv["score"], lv["quality"], lv["description"]) for lv in scale["CFRubricCriterionLevels"]] == [
        (1, "Aware", "Knows the basics."),
        (2, "Practising", "Applies it without help."),
        (3, "Leading", "Guides others."),
    ]
    assert drafting["CFItemURI"]["identifier"] == str(DRAFTING.id)
    assert [
        (lv["score"], lv["quality"], lv["description"]) for lv in drafting["CFRubricCriterionLevels"]
    ] == [
        (3, "Leading", "Drafts cabinet notes."),
        (1, "Aware", "Drafts routine replies."),
    ]
    assert all(c["rubricId"] == rubric["identifier"] for c in rubric["CFRubricCriteria"])


def test_exporting_the_same_version_twice_gives_the_same_package() -> None:
    assert package() == package()


def test_a_competency_without_description_keeps_its_name_as_statement() -> None:
    bare = Competency(cid("Bare"), "Bare", CompetencyType.FUNCTIONAL)
    p = package(Framework("F", competencies=(bare,)))
    assert p["CFItems"][0]["fullStatement"] == "Bare"
    assert framework_from_case(p).competencies == (bare,)


def test_a_package_from_elsewhere_is_read_with_sensible_defaults() -> None:
    item_id, doc_id = str(uuid.uuid4()), str(uuid.uuid4())
    foreign = {
        "CFDocument": {"identifier": doc_id, "uri": "x", "title": "State skills", "version": "2019-a"},
        "CFItems": [
            {
                "identifier": item_id,
                "fullStatement": "Works well in a team",
                "CFItemType": "Behavioural skill",
            },
        ],
        "CFAssociations": [
            {
                "identifier": str(uuid.uuid4()),
                "associationType": "exactMatchOf",
                "originNodeURI": {"identifier": item_id},
                "destinationNodeURI": {"identifier": "somewhere-else"},
            }
        ],
    }
    fw = framework_from_case(foreign)
    assert fw.name == "State skills" and fw.version == 1 and fw.scale == DEFAULT_SCALE
    assert fw.competencies == (
        Competency(uuid.UUID(item_id), "Works well in a team", CompetencyType.BEHAVIOURAL),
    )


def broken(mutate: Any) -> list[str]:
    p = copy.deepcopy(package())
    mutate(p)
    with pytest.raises(FormatError) as caught:
        framework_from_case(p)
    return caught.value.problems


def test_a_package_without_document_is_refused() -> None:
    problems = broken(lambda p: p.pop("CFDocument"))
    assert any(p.startswith("CFDocument: missing") for p in problems)


def test_items_without_identifier_or_statement_are_named() -> None:
    def mutate(p: dict[str, Any]) -> None:
        del p["CFItems"][0]["identifier"]
        p["CFItems"][1]["fullStatement"] = ""
        p["CFItems"][2]["identifier"] = "item-3"

    problems = broken(mutate)
    assert "CFItems[0]: identifier is missing" in problems
    assert f"CFItems[1] ({RULES.id}): fullStatement is missing or blank" in problems
    assert "CFItems[2] (item-3): identifier 'item-3' is not a UUID" in problems


def test_an_association_to_an_unknown_node_is_named() -> None:
    stranger = str(uuid.uuid4())

    def mutate(p: dict[str, Any]) -> None:
        precedes = next(a for a in p["CFAssociations"] if a["associationType"] == "precedes")
        precedes["destinationNodeURI"]["identifier"] = stranger

    (problem,) = broken(mutate)
    assert problem.startswith("CFAssociations[")
    assert f"precedes destinationNodeURI {stranger} is not a CFItem of this package" in problem


def test_rubric_levels_outside_the_scale_are_named() -> None:
    def mutate(p: dict[str, Any]) -> None:
        p["CFRubrics"][0]["CFRubricCriteria"][1]["CFRubricCriterionLevels"][0]["score"] = 4

    (problem,) = broken(mutate)
    assert problem.startswith("CFRubrics[0].CFRubricCriteria[1] (")
    assert problem.endswith("level score 4 is outside the scale 1..3")


def test_a_fractional_rubric_score_is_named() -> None:
    def mutate(p: dict[str, Any]) -> None:
        p["CFRubrics"][0]["CFRubricCriteria"][1]["CFRubricCriterionLevels"][1]["score"] = 2.5

    (problem,) = broken(mutate)
    assert ".CFRubricCriterionLevels[1]: score 2.5 is not a whole level number" in problem


def test_a_scale_with_a_gap_is_refused() -> None:
    def mutate(p: dict[str, Any]) -> None:
        p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][2]["score"] = 7

    problems = broken(mutate)
    assert any("score 7, outside 1..3" in p for p in problems)


def test_a_bad_type_in_the_notes_is_named() -> None:
    def mutate(p: dict[str, Any]) -> None:
        p["CFItems"][2]["notes"] = "Karmayogi FRAC competency\ntype: heroic"

    (problem,) = broken(mutate)
    assert problem.startswith(f"CFItems[2] ({INTEGRITY.id}): notes type 'heroic'")


def test_export_refuses_what_case_could_not_carry_back() -> None:
    odd = Competency(uuid.UUID(int=7), " ", CompetencyType.FUNCTIONAL, level_descriptors=((9, "x"),))
    with pytest.raises(FormatError) as caught:
        framework_to_case(replace(FRAMEWORK, competencies=(odd,), relations=()), uri_base=BASE)
    problems = caught.value.problems
    assert any("id is not a CASE UUID" in p for p in problems)
    assert any("name is blank" in p for p in problems)
    assert any("level 9 is outside the scale 1..3" in p for p in problems)


texts = st.text(max_size=20)
names = texts.filter(lambda s: s.strip() != "")


@st.composite
def dictionaries(draw: st.DrawFn) -> Framework:
    top = draw(st.integers(min_value=1, max_value=6))
    scale = ProficiencyScale(tuple(ProficiencyLevel(n, draw(texts), draw(texts)) for n in range(1, top + 1)))
    competencies = []
    for competency_id in draw(st.lists(st.uuids(version=4), unique=True, max_size=5)):
        name = draw(names)
        competencies.append(
            Competency(
                competency_id,
                name,
                draw(st.sampled_from(CompetencyType)),
                # A blank description, like one equal to the name, reads back as none (documented loss).
                description=draw(st.just("") | names.filter(lambda d, name=name: d != name)),
                area=draw(texts),
                theme=draw(texts),
                sub_theme=draw(texts),
                level_descriptors=tuple(
                    draw(st.lists(st.tuples(st.integers(1, top), texts), max_size=top + 1))
                ),
                alt_labels=tuple(draw(st.lists(texts, max_size=3))),
                organisation_id=draw(st.none() | st.uuids()),
                retired=draw(st.booleans()),
                source=draw(st.none() | texts),
            )
        )
    ids = [c.id for c in competencies]
    relations = (
        draw(
            st.lists(
                st.builds(
                    CompetencyRelation,
                    st.sampled_from(ids),
                    st.sampled_from(ids),
                    st.sampled_from(RelationKind),
                ),
                max_size=5,
            )
        )
        if ids
        else []
    )
    return Framework(
        name=draw(names),
        version=draw(st.integers(min_value=0, max_value=10**6)),
        scale=scale,
        competencies=tuple(competencies),
        relations=tuple(relations),
    )


@given(dictionaries())
def test_any_dictionary_survives_a_trip_through_case(fw: Framework) -> None:
    assert framework_from_case(package(fw)) == fw

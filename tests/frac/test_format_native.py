"""The native JSON form: whatever a FRAC holds comes back unchanged, and a damaged file is refused
with the path of every damaged field."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.native import framework_from_json, framework_to_json
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

texts = st.text(max_size=30)
ids = st.uuids()
optional_ids = st.none() | ids
small_ints = st.integers(min_value=-5, max_value=20)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    levels = draw(st.lists(st.builds(ProficiencyLevel, small_ints, texts, texts), max_size=6))
    competencies = draw(
        st.lists(
            st.builds(
                Competency,
                id=ids,
                name=texts,
                type=st.sampled_from(CompetencyType),
                description=texts,
                area=texts,
                theme=texts,
                sub_theme=texts,
                level_descriptors=st.lists(st.tuples(small_ints, texts), max_size=4).map(tuple),
                alt_labels=st.lists(texts, max_size=3).map(tuple),
                organisation_id=optional_ids,
                retired=st.booleans(),
                source=st.none() | texts,
            ),
            max_size=5,
        )
    )
    return Framework(
        name=draw(texts),
        version=draw(st.integers(min_value=-(2**40), max_value=2**40)),
        scale=ProficiencyScale(tuple(levels)),
        competencies=tuple(competencies),
        relations=tuple(
            draw(st.lists(st.builds(CompetencyRelation, ids, ids, st.sampled_from(RelationKind)), max_size=4))
        ),
        roles=tuple(
            draw(st.lists(st.builds(Role, ids, texts, texts, optional_ids, st.none() | texts), max_size=3))
        ),
        activities=tuple(
            draw(
                st.lists(
                    st.builds(
                        Activity,
                        ids,
                        optional_ids,
                        texts,
                        st.lists(st.builds(KnowledgeResource, texts, texts), max_size=3).map(tuple),
                    ),
                    max_size=3,
                )
            )
        ),
        positions=tuple(
            draw(
                st.lists(
                    st.builds(
                        Position,
                        ids,
                        texts,
                        optional_ids,
                        st.lists(ids, max_size=3).map(tuple),
                        texts,
                        st.none() | small_ints,
                        texts,
                    ),
                    max_size=3,
                )
            )
        ),
        requirements=tuple(
            draw(
                st.lists(
                    st.builds(
                        lambda competency, level, weight, owner, by_role: Requirement(
                            competency,
                            level,
                            weight,
                            role_id=owner if by_role else None,
                            activity_id=None if by_role else owner,
                        ),
                        ids,
                        small_ints,
                        st.floats(allow_nan=False, allow_infinity=False),
                        ids,
                        st.booleans(),
                    ),
                    max_size=4,
                )
            )
        ),
    )


@given(frameworks())
def test_any_framework_survives_a_trip_through_json_text(fw: Framework) -> None:
    text = json.dumps(framework_to_json(fw))
    assert framework_from_json(json.loads(text)) == fw


def _competency(**overrides: object) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "name": "Noting and drafting", "type": "functional", **overrides}


def _document(**overrides: object) -> dict[str, object]:
    return {"format": "karmayogi-frac", "format_version": 1, "name": "Department of Expenditure", **overrides}


def test_fields_left_out_take_the_model_defaults() -> None:
    cid = uuid.uuid4()
    fw = framework_from_json(_document(competencies=[_competency(id=str(cid))]))
    assert fw.scale == DEFAULT_SCALE
    assert fw.version == 1
    assert fw.competencies == (Competency(cid, "Noting and drafting", CompetencyType.FUNCTIONAL),)


def test_the_export_is_marked_with_format_and_version() -> None:
    data = framework_to_json(Framework("FRAC"))
    assert data["format"] == "karmayogi-frac"
    assert data["format_version"] == 1


def test_every_damaged_field_is_named_by_its_path() -> None:
    bad = _document(
        competencies=[
            _competency(),
            _competency(),
            _competency(),
            _competency(
                type="technical", colour="blue", level_descriptors=[{"level": "two", "descriptor": ""}]
            ),
        ],
        relations=[{"source_id": "not-a-uuid", "target_id": str(uuid.uuid4()), "kind": "prerequisite"}],
        requirements=[{"competency_id": str(uuid.uuid4()), "level": True, "weight": "0.5"}],
    )
    with pytest.raises(FormatError) as caught:
        framework_from_json(bad)
    problems = caught.value.problems
    assert any(p.startswith("competencies[3].type:") and "'technical'" in p for p in problems)
    assert "competencies[3].colour: unknown key" in problems
    assert any(p.startswith("competencies[3].level_descriptors[0].level:") for p in problems)
    assert any(p.startswith("relations[0].source_id:") and "not a UUID" in p for p in problems)
    assert any(p.startswith("requirements[0].level:") for p in problems)
    assert any(p.startswith("requirements[0].weight:") for p in problems)
    assert "competencies[3].type" in str(caught.value)


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(FormatError) as caught:
        framework_from_json(_document(roles=[{"id": str(uuid.uuid4())}], activities=[{"description": "x"}]))
    assert "roles[0].name: missing" in caught.value.problems
    assert "activities[0].id: missing" in caught.value.problems


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"format": "karmayogi-frac", "format_version": 2, "name": "x"}, "format_version"),
        ({"format": "case", "format_version": 1, "name": "x"}, "format"),
        ({"name": "x"}, "format: missing"),
        ([], "expected an object"),
    ],
)
def test_foreign_or_newer_documents_are_refused_up_front(document: object, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        framework_from_json(document)  # type: ignore[arg-type]
    assert any(expected in p for p in caught.value.problems)


def test_wrong_container_types_and_nulls_are_refused() -> None:
    with pytest.raises(FormatError) as caught:
        framework_from_json(_document(competencies=None, roles={"a": 1}, scale=[1], version="3"))
    problems = caught.value.problems
    assert "competencies: expected a list, got null" in problems
    assert "roles: expected a list, got an object" in problems
    assert "scale[0]: expected an object, got a number" in problems
    assert "version: expected an integer, got a string" in problems


def test_a_non_finite_weight_is_refused() -> None:
    requirement = {"competency_id": str(uuid.uuid4()), "level": 2, "weight": float("nan")}
    requirement["role_id"] = str(uuid.uuid4())
    with pytest.raises(FormatError) as caught:
        framework_from_json(_document(requirements=[requirement]))
    assert caught.value.problems == ["requirements[0].weight: must be a finite number"]


def test_a_requirement_belongs_to_exactly_one_role_or_activity() -> None:
    owners = {"role_id": str(uuid.uuid4()), "activity_id": str(uuid.uuid4())}
    requirement = {"competency_id": str(uuid.uuid4()), "level": 2, "weight": 0.5}
    with pytest.raises(FormatError) as caught:
        framework_from_json(_document(requirements=[requirement, {**requirement, **owners}]))
    assert caught.value.problems == [
        "requirements[0]: must name exactly one of role_id and activity_id",
        "requirements[1]: must name exactly one of role_id and activity_id",
    ]

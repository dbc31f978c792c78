"""Consistency checks for the static vocabulary the demo seed is built from."""

from __future__ import annotations

import hashlib
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from karmayogi.lms.demo import vocabulary as v

ALLOWED_PLACEHOLDERS = {"topic", "competency", "level_name", "audience", "provider"}
PROVIDER_TYPES = {"public_institute", "university", "startup", "individual_expert"}
GRADES = {"Group A", "Group B", "Group C"}
MODES = {"online", "onsite", "blended"}


def _departments() -> Iterator[v.DepartmentSpec]:
    for ministry in v.MINISTRIES:
        yield from ministry.departments


def _duplicates(names: list[str]) -> list[str]:
    return sorted(name for name, count in Counter(names).items() if count > 1)


def _requirements(role: v.RoleSpec) -> Iterator[tuple[str, int, float]]:
    yield from role.requirements
    for activity in role.activities:
        yield from activity.requirements


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _all_competencies() -> list[v.CompetencySpec]:
    domain = [c for d in _departments() for c in d.domain_competencies]
    return [*v.BEHAVIOURAL_COMPETENCIES, *v.FUNCTIONAL_COMPETENCIES, *domain]


# ---------------------------------------------------------------------------------------------------------
# Proficiency scale
# ---------------------------------------------------------------------------------------------------------


def test_proficiency_levels_are_the_five_named_levels() -> None:
    assert [(level, name) for level, name, _ in v.PROFICIENCY_LEVELS] == [
        (1, "Basic"),
        (2, "Proficient"),
        (3, "Advanced"),
        (4, "Expert"),
        (5, "Master"),
    ]
    assert all(descriptor.strip().endswith(".") for _, _, descriptor in v.PROFICIENCY_LEVELS)


# ---------------------------------------------------------------------------------------------------------
# Competencies
# ---------------------------------------------------------------------------------------------------------


def test_competency_counts() -> None:
    assert 10 <= len(v.BEHAVIOURAL_COMPETENCIES) <= 12
    assert 14 <= len(v.FUNCTIONAL_COMPETENCIES) <= 18


def test_competency_types_match_their_list() -> None:
    assert {c.type for c in v.BEHAVIOURAL_COMPETENCIES} == {"behavioural"}
    assert {c.type for c in v.FUNCTIONAL_COMPETENCIES} == {"functional"}
    for department in _departments():
        assert {c.type for c in department.domain_competencies} == {"domain"}, department.code


def test_competency_names_are_unique_within_type_and_overall() -> None:
    by_type: dict[str, list[str]] = {}
    for competency in _all_competencies():
        by_type.setdefault(competency.type, []).append(competency.name)
    for kind, names in by_type.items():
        assert _duplicates(names) == [], kind
    assert _duplicates([c.name for c in _all_competencies()]) == []


def test_competencies_are_fully_described() -> None:
    for competency in _all_competencies():
        for field in (competency.name, competency.area, competency.theme, competency.sub_theme):
            assert field.strip() and len(field) <= 200, competency.name
        assert competency.description.strip().endswith("."), competency.name
        assert 4 <= len(competency.topics) <= 6, competency.name
        assert all(topic.strip() for topic in competency.topics), competency.name
        assert _duplicates(list(competency.topics)) == [], competency.name


# ---------------------------------------------------------------------------------------------------------
# Roles, requirements and designations
# ---------------------------------------------------------------------------------------------------------


def _check_role_shape(role: v.RoleSpec) -> None:
    assert role.name.strip() and len(role.name) <= 200
    assert role.description.strip(), role.name
    assert 2 <= len(role.activities) <= 4, role.name
    assert role.requirements, role.name
    for activity in role.activities:
        assert activity.description.strip(), role.name
        assert activity.requirements, activity.description


def _check_requirements(role: v.RoleSpec, known: set[str]) -> None:
    for name, level, weight in _requirements(role):
        assert name in known, f"{role.name}: unknown competency {name!r}"
        assert isinstance(level, int) and 1 <= level <= 5, (role.name, name, level)
        assert 0 < weight <= 1, (role.name, name, weight)
    for activity in role.activities:
        names = [name for name, _, _ in activity.requirements]
        assert _duplicates(names) == [], activity.description
    assert _duplicates([name for name, _, _ in role.requirements]) == [], role.name


def test_common_roles_use_only_behavioural_and_functional_competencies() -> None:
    assert 6 <= len(v.COMMON_ROLES) <= 8
    known = {c.name for c in v.BEHAVIOURAL_COMPETENCIES} | {c.name for c in v.FUNCTIONAL_COMPETENCIES}
    for role in v.COMMON_ROLES:
        _check_role_shape(role)
        _check_requirements(role, known)
    assert _duplicates([r.name for r in v.COMMON_ROLES]) == []


def test_department_roles_reference_known_competencies() -> None:
    shared = {c.name for c in v.BEHAVIOURAL_COMPETENCIES} | {c.name for c in v.FUNCTIONAL_COMPETENCIES}
    for department in _departments():
        known = shared | {c.name for c in department.domain_competencies}
        for role in department.roles:
            _check_role_shape(role)
            _check_requirements(role, known)


def test_role_names_are_unique_within_common_and_each_department() -> None:
    common = [r.name for r in v.COMMON_ROLES]
    for department in _departments():
        assert _duplicates(common + [r.name for r in department.roles]) == [], department.code


def test_designations_are_valid_and_reference_existing_roles() -> None:
    common_roles = {r.name for r in v.COMMON_ROLES}
    assert [(d.title, d.pay_level, d.grade) for d in v.COMMON_DESIGNATIONS] == [
        ("Multi Tasking Staff", 1, "Group C"),
        ("Assistant Section Officer", 7, "Group B"),
        ("Section Officer", 8, "Group B"),
        ("Under Secretary", 11, "Group A"),
        ("Deputy Secretary", 12, "Group A"),
        ("Director", 13, "Group A"),
        ("Joint Secretary", 14, "Group A"),
    ]
    for designation in v.COMMON_DESIGNATIONS:
        assert 2 <= len(designation.roles) <= 3, designation.title
        assert set(designation.roles) <= common_roles, designation.title

    for department in _departments():
        known_roles = common_roles | {r.name for r in department.roles}
        titles = [d.title for d in v.COMMON_DESIGNATIONS] + [d.title for d in department.designations]
        assert _duplicates(titles) == [], department.code
        for designation in department.designations:
            assert designation.grade in GRADES, designation.title
            assert 1 <= designation.pay_level <= 18, designation.title
            assert designation.roles, designation.title
            missing = set(designation.roles) - known_roles
            assert not missing, f"{department.code}/{designation.title}: unknown roles {sorted(missing)}"
            assert len(designation.title) <= 200


# ---------------------------------------------------------------------------------------------------------
# Ministries and departments
# ---------------------------------------------------------------------------------------------------------


def test_ministry_and_department_shape() -> None:
    assert 7 <= len(v.MINISTRIES) <= 8
    for ministry in v.MINISTRIES:
        assert 1 <= len(ministry.departments) <= 3, ministry.code
    for department in _departments():
        assert 4 <= len(department.domain_competencies) <= 6, department.code
        assert 2 <= len(department.roles) <= 4, department.code
        assert 2 <= len(department.designations) <= 4, department.code
        assert 3 <= len(department.organisations) <= 6, department.code
        assert department.services, department.code
        assert all(len(service) <= 120 for service in department.services), department.code


def test_codes_and_names_are_unique() -> None:
    codes = [m.code for m in v.MINISTRIES] + [d.code for d in _departments()]
    assert _duplicates(codes) == []
    assert all(code and len(code) <= 32 and code == code.upper() for code in codes)
    names = (
        [m.name for m in v.MINISTRIES]
        + [d.name for d in _departments()]
        + [o for d in _departments() for o in d.organisations]
        + [p.name for p in v.PROVIDERS]
    )
    assert _duplicates(names) == []
    assert all(len(name) <= 200 for name in names)


# ---------------------------------------------------------------------------------------------------------
# Providers and course phrasing
# ---------------------------------------------------------------------------------------------------------


def test_providers() -> None:
    assert 15 <= len(v.PROVIDERS) <= 20
    assert {p.type for p in v.PROVIDERS} == PROVIDER_TYPES
    for provider in v.PROVIDERS:
        assert provider.type in PROVIDER_TYPES, provider.name
        assert len(provider.accreditation) <= 200, provider.name
        local, _, domain = provider.contact_email.partition("@")
        assert local and "." in domain, provider.name


def test_course_formats() -> None:
    assert 10 <= len(v.COURSE_FORMATS) <= 14
    assert {mode for _, _, mode in v.COURSE_FORMATS} == MODES
    for title, summary, mode in v.COURSE_FORMATS:
        assert mode in MODES, title
        assert _placeholders(title) <= ALLOWED_PLACEHOLDERS, title
        assert _placeholders(summary) <= ALLOWED_PLACEHOLDERS, summary
        assert "{topic}" in title or "{competency}" in title, title


def test_description_sentences() -> None:
    assert 20 <= len(v.DESCRIPTION_SENTENCES) <= 30
    assert _duplicates(list(v.DESCRIPTION_SENTENCES)) == []
    for sentence in v.DESCRIPTION_SENTENCES:
        assert _placeholders(sentence) <= ALLOWED_PLACEHOLDERS, sentence
        assert sentence.endswith("."), sentence


def test_every_template_renders_and_titles_fit_the_database() -> None:
    longest = {
        "topic": max((t for c in _all_competencies() for t in c.topics), key=len),
        "competency": max((c.name for c in _all_competencies()), key=len),
        "level_name": max((name for _, name, _ in v.PROFICIENCY_LEVELS), key=len),
        "audience": max(v.AUDIENCES, key=len),
        "provider": max((p.name for p in v.PROVIDERS), key=len),
    }
    for title, summary, _ in v.COURSE_FORMATS:
        assert len(title.format(**longest)) <= 300, title
        assert summary.format(**longest)
    for sentence in v.DESCRIPTION_SENTENCES:
        assert sentence.format(**longest)


# ---------------------------------------------------------------------------------------------------------
# People and languages
# ---------------------------------------------------------------------------------------------------------


def test_people_vocabulary() -> None:
    assert len(v.AUDIENCES) >= 10 and _duplicates(list(v.AUDIENCES)) == []
    assert 70 <= len(v.FIRST_NAMES) <= 90 and _duplicates(list(v.FIRST_NAMES)) == []
    assert 50 <= len(v.LAST_NAMES) <= 70 and _duplicates(list(v.LAST_NAMES)) == []
    assert len(v.ALL_INDIA_SERVICE_CADRES) >= 15 and "AGMUT" in v.ALL_INDIA_SERVICE_CADRES
    assert _duplicates(list(v.ALL_INDIA_SERVICE_CADRES)) == []


def test_languages() -> None:
    assert v.LANGUAGES[:2] == ("en", "hi")
    assert 5 <= len(v.LANGUAGES) <= 6
    assert all(len(code) == 2 and code.islower() for code in v.LANGUAGES)
    assert _duplicates(list(v.LANGUAGES)) == []


def test_vocabulary_module_imports_nothing_heavy() -> None:
    source = v.__file__
    assert source is not None
    with open(source, encoding="utf-8") as handle:
        imports = [line.strip() for line in handle if line.startswith(("import ", "from "))]
    allowed = (
        "from __future__ import",
        "from dataclasses import",
        "import csv",
        "import json",
        "from pathlib import",
        "from typing import",
    )
    assert imports and all(line.startswith(allowed) for line in imports), imports


# The vocabulary as it stood when it was Python tuples, before it moved into data files. A change to the
# data files that changes what the seed reads changes this; re-pin it only for a change meant to.
VOCABULARY_DIGEST = "a59a20ff124177bcc2bdca15a32c9caaf639337bc9e22bd6e33f2f89dc5da60f"


def test_the_data_files_read_back_as_the_vocabulary_the_seed_was_built_on() -> None:
    names = sorted(name for name in vars(v) if name.isupper() and name != "DATA")
    assert names == [
        "ALL_INDIA_SERVICE_CADRES",
        "AUDIENCES",
        "BEHAVIOURAL_COMPETENCIES",
        "COMMON_DESIGNATIONS",
        "COMMON_ROLES",
        "COURSE_FORMATS",
        "DESCRIPTION_SENTENCES",
        "FIRST_NAMES",
        "FUNCTIONAL_COMPETENCIES",
        "LANGUAGES",
        "LAST_NAMES",
        "MINISTRIES",
        "PROFICIENCY_LEVELS",
        "PROVIDERS",
        "REVIEWS",
    ]
    values = [getattr(v, name) for name in names]
    assert all(isinstance(value, tuple) for value in values)
    assert hashlib.sha256(repr(values).encode()).hexdigest() == VOCABULARY_DIGEST


def test_every_data_file_is_read_and_described() -> None:
    files = sorted(path.name for path in v.DATA.iterdir() if path.suffix in (".csv", ".json"))
    readme = (v.DATA / "README.md").read_text(encoding="utf-8")
    # Read by the vocabulary, or by another module of the demo (the assessment bank, say).
    source = "".join(path.read_text(encoding="utf-8") for path in Path(v.__file__).parent.glob("*.py"))
    for name in files:
        assert f'"{name}"' in source, name
        assert f"`{name}`" in readme, name

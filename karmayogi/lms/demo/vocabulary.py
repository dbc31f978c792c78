"""Static vocabulary for the demo seed: ministries, FRAC entries, providers, course phrasing and names.

The vocabulary is data, kept in the files of ``data/`` (their README names the sources); this module
reads them once, at import, into the typed specs below. The seed generator combines them
deterministically into organisations, competencies, roles, activities, positions, training providers,
courses and officers. The content is modelled on India's central government (Mission Karmayogi / iGOT
and the FRAC), but the officers, providers' e-mail addresses and course texts it produces are fictional.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencySpec:
    """A competency of the FRAC dictionary, with topics a course generator can build titles from."""

    name: str
    type: str
    area: str
    theme: str
    sub_theme: str
    description: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ActivitySpec:
    """An activity performed in a role, with the competencies (name, level, weight) it needs."""

    description: str
    requirements: tuple[tuple[str, int, float], ...]


@dataclass(frozen=True)
class RoleSpec:
    """A FRAC role: a bundle of activities plus role-level (mostly behavioural) requirements."""

    name: str
    description: str
    activities: tuple[ActivitySpec, ...]
    requirements: tuple[tuple[str, int, float], ...]


@dataclass(frozen=True)
class DesignationSpec:
    """A designation (post) with its 7th CPC pay level, group and the roles its holders perform."""

    title: str
    pay_level: int
    grade: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentSpec:
    """A department with its field offices, services, domain competencies, roles and designations."""

    name: str
    code: str
    organisations: tuple[str, ...]
    services: tuple[str, ...]
    domain_competencies: tuple[CompetencySpec, ...]
    roles: tuple[RoleSpec, ...]
    designations: tuple[DesignationSpec, ...]


@dataclass(frozen=True)
class MinistrySpec:
    """A ministry of the Government of India and the departments under it."""

    name: str
    code: str
    departments: tuple[DepartmentSpec, ...]


@dataclass(frozen=True)
class ProviderSpec:
    """A training provider that publishes courses on the platform."""

    name: str
    type: str
    accreditation: str
    contact_email: str


# ---------------------------------------------------------------------------------------------------------
# Reading the data files
# ---------------------------------------------------------------------------------------------------------

DATA = Path(__file__).with_name("data")

Need = tuple[str, int, float]  # (competency name, level, weight)


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _requirements(rows: list[dict[str, Any]]) -> tuple[Need, ...]:
    return tuple((row["competency"], int(row["level"]), float(row["weight"])) for row in rows)


def _competency(row: dict[str, Any]) -> CompetencySpec:
    return CompetencySpec(
        name=row["name"],
        type=row["type"],
        area=row["area"],
        theme=row["theme"],
        sub_theme=row["sub_theme"],
        description=row["description"],
        topics=tuple(row["topics"]),
    )


def _role(row: dict[str, Any]) -> RoleSpec:
    activities = tuple(
        ActivitySpec(activity["description"], _requirements(activity["requirements"]))
        for activity in row["activities"]
    )
    return RoleSpec(row["name"], row["description"], activities, _requirements(row["requirements"]))


def _designation(row: dict[str, Any]) -> DesignationSpec:
    return DesignationSpec(row["title"], int(row["pay_level"]), row["grade"], tuple(row["roles"]))


def _department(row: dict[str, Any]) -> DepartmentSpec:
    return DepartmentSpec(
        name=row["name"],
        code=row["code"],
        organisations=tuple(row["organisations"]),
        services=tuple(row["services"]),
        domain_competencies=tuple(_competency(c) for c in row["domain_competencies"]),
        roles=tuple(_role(r) for r in row["roles"]),
        designations=tuple(_designation(d) for d in row["designations"]),
    )


# ---------------------------------------------------------------------------------------------------------
# The vocabulary
# ---------------------------------------------------------------------------------------------------------

PROFICIENCY_LEVELS: tuple[tuple[int, str, str], ...] = tuple(
    (int(row["level"]), row["name"], row["descriptor"]) for row in _csv("proficiency_levels.csv")
)

_competencies = _json("competencies.json")
BEHAVIOURAL_COMPETENCIES: tuple[CompetencySpec, ...] = tuple(map(_competency, _competencies["behavioural"]))
FUNCTIONAL_COMPETENCIES: tuple[CompetencySpec, ...] = tuple(map(_competency, _competencies["functional"]))

_common = _json("common_roles.json")
COMMON_ROLES: tuple[RoleSpec, ...] = tuple(map(_role, _common["roles"]))
COMMON_DESIGNATIONS: tuple[DesignationSpec, ...] = tuple(map(_designation, _common["designations"]))

MINISTRIES: tuple[MinistrySpec, ...] = tuple(
    MinistrySpec(row["name"], row["code"], tuple(map(_department, row["departments"])))
    for row in _json("ministries.json")
)

# Contact addresses use reserved example domains, so nothing is ever sent to a real inbox.
PROVIDERS: tuple[ProviderSpec, ...] = tuple(
    ProviderSpec(row["name"], row["type"], row["accreditation"], row["contact_email"])
    for row in _csv("providers.csv")
)

# Placeholders: {topic}, {competency}, {level_name}, {audience}, {provider}.
COURSE_FORMATS: tuple[tuple[str, str, str], ...] = tuple(
    (row["title"], row["summary"], row["mode"]) for row in _csv("course_formats.csv")
)

_phrases = _json("phrases.json")
DESCRIPTION_SENTENCES: tuple[str, ...] = tuple(_phrases["description_sentences"])
AUDIENCES: tuple[str, ...] = tuple(_phrases["audiences"])
# What learners write when they rate a course they finished.
REVIEWS: tuple[str, ...] = tuple(_phrases["reviews"])

_people = _json("people.json")
FIRST_NAMES: tuple[str, ...] = (*_people["first_names"]["women"], *_people["first_names"]["men"])
LAST_NAMES: tuple[str, ...] = tuple(_people["last_names"])
ALL_INDIA_SERVICE_CADRES: tuple[str, ...] = tuple(_people["all_india_service_cadres"])
LANGUAGES: tuple[str, ...] = tuple(_people["languages"])

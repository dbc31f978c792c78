"""The rules for confirmation after probation, and what the system proposes from them.

A rule set belongs to a service (and cadre) and says: the onboarding and other mandatory courses,
the competencies to hold at or above a level on verified evidence, whether a supervisor's
assessment must be on record, and the minimum period served. Each rule gives a result with the
evidence it rests on. All met: propose confirmation. Some unmet on a first probation: propose an
extension by the set's period. Unmet after an extension, or no rule set for the official's
service: propose a review, for a person to look at closely. The system never decides.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

from karmayogi.lms.errors import InvalidInput

RULES_VERSION = "probation.2026.1"  # the logic below; each rule set has its own version besides
MAX_MONTHS = 60


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months(value: object, name: str, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= MAX_MONTHS:
        raise InvalidInput(name, f"must be a whole number of months from {low} to {MAX_MONTHS}")
    return value


MAX_LIST = 200


def _ids(value: object, name: str) -> tuple[uuid.UUID, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidInput(name, "must be a list of ids")
    if len(value) > MAX_LIST:
        raise InvalidInput(name, f"at most {MAX_LIST} entries")
    try:
        return tuple(uuid.UUID(str(v)) for v in value)
    except ValueError:
        raise InvalidInput(name, "must be a list of ids") from None


@dataclass(frozen=True)
class ConfirmationRules:
    onboarding_course_ids: tuple[uuid.UUID, ...] = ()
    mandatory_course_ids: tuple[uuid.UUID, ...] = ()
    competencies: tuple[tuple[uuid.UUID, int], ...] = ()  # (competency, minimum verified level)
    supervisor_assessment: bool = True
    minimum_months: int = 12
    extension_months: int = 6

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ConfirmationRules:
        """Read a rule set as written in a request or stored, naming the field that is wrong."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(f"rules.{unknown[0]}", "is not a known rule")
        competencies = data.get("competencies", [])
        if not isinstance(competencies, list) or len(competencies) > MAX_LIST:
            raise InvalidInput(
                "rules.competencies", f"must be a list of at most {MAX_LIST} {{competency_id, level}}"
            )
        pairs = []
        for i, item in enumerate(competencies):
            if not isinstance(item, Mapping) or set(item) != {"competency_id", "level"}:
                raise InvalidInput(f"rules.competencies[{i}]", "must be {competency_id, level}")
            level = item["level"]
            if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
                raise InvalidInput(f"rules.competencies[{i}].level", "must be a level from 1 to 5")
            pairs.append((_ids([item["competency_id"]], f"rules.competencies[{i}].competency_id")[0], level))
        assessment = data.get("supervisor_assessment", True)
        if not isinstance(assessment, bool):
            raise InvalidInput("rules.supervisor_assessment", "must be true or false")
        return cls(
            onboarding_course_ids=_ids(data.get("onboarding_course_ids", []), "rules.onboarding_course_ids"),
            mandatory_course_ids=_ids(data.get("mandatory_course_ids", []), "rules.mandatory_course_ids"),
            competencies=tuple(pairs),
            supervisor_assessment=assessment,
            minimum_months=_months(data.get("minimum_months", 12), "rules.minimum_months", 0),
            extension_months=_months(data.get("extension_months", 6), "rules.extension_months", 1),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "onboarding_course_ids": [str(c) for c in self.onboarding_course_ids],
            "mandatory_course_ids": [str(c) for c in self.mandatory_course_ids],
            "competencies": [{"competency_id": str(c), "level": n} for c, n in self.competencies],
            "supervisor_assessment": self.supervisor_assessment,
            "minimum_months": self.minimum_months,
            "extension_months": self.extension_months,
        }


@dataclass(frozen=True)
class Level:
    level: int
    standing: str  # "verified", "proposed" or "self_declared", as the passbook says
    evidence_ids: tuple[str, ...]


@dataclass(frozen=True)
class ProbationInputs:
    """What the rules read about one official, as it stood when the proposal was made."""

    as_of: date  # the day confirmation would take effect: the end of probation
    date_of_joining: date | None
    probation_status: str
    completed: Mapping[uuid.UUID, str] = field(default_factory=dict)  # course -> enrolment id
    levels: Mapping[uuid.UUID, Level] = field(default_factory=dict)
    supervisor_assessments: tuple[str, ...] = ()  # evidence ids of ratings by the supervisor of record


@dataclass(frozen=True)
class RuleResult:
    rule: str
    met: bool
    detail: str
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "evidence": list(self.evidence)}


def _courses(rule: str, wanted: tuple[uuid.UUID, ...], inputs: ProbationInputs) -> RuleResult:
    missing = [c for c in wanted if c not in inputs.completed]
    done = tuple(f"enrolment:{inputs.completed[c]}" for c in wanted if c in inputs.completed)
    detail = (
        f"{len(wanted) - len(missing)} of {len(wanted)} completed"
        + (f"; not completed: {', '.join(map(str, missing))}" if missing else "")
        if wanted
        else "none required"
    )
    return RuleResult(rule, not missing, detail, done)


def evaluate(rules: ConfirmationRules, inputs: ProbationInputs) -> list[RuleResult]:
    """Every rule's result, in a fixed order, with the evidence each rests on."""
    results = [
        _courses("onboarding_courses", rules.onboarding_course_ids, inputs),
        _courses("mandatory_courses", rules.mandatory_course_ids, inputs),
    ]
    for competency_id, wanted in rules.competencies:
        line = inputs.levels.get(competency_id)
        verified = line.level if line and line.standing == "verified" else 0
        held = f"verified level {verified}" if verified else "no verified level"
        if line and not verified:
            held += f" ({line.standing} level {line.level} does not count)"
        results.append(
            RuleResult(
                f"competency:{competency_id}",
                verified >= wanted,
                f"needs verified level {wanted}; holds {held}",
                tuple(f"evidence:{e}" for e in line.evidence_ids) if line and verified else (),
            )
        )
    if rules.supervisor_assessment:
        found = inputs.supervisor_assessments
        results.append(
            RuleResult(
                "supervisor_assessment",
                bool(found),
                f"{len(found)} assessment(s) by the supervisor of record" if found else "none on record",
                tuple(f"evidence:{e}" for e in found),
            )
        )
    if inputs.date_of_joining is None:
        results.append(
            RuleResult("minimum_period", False, "the date of joining is not on the service record")
        )
    else:
        due = add_months(inputs.date_of_joining, rules.minimum_months)
        results.append(
            RuleResult(
                "minimum_period",
                due <= inputs.as_of,
                f"{rules.minimum_months} months from joining on {inputs.date_of_joining} is {due};"
                f" probation ends {inputs.as_of}",
            )
        )
    return results


def propose(
    rules: ConfirmationRules | None, inputs: ProbationInputs
) -> tuple[str, int | None, list[RuleResult]]:
    """(outcome, months of extension or None, results): confirm, extend or review."""
    if rules is None:
        return "review", None, []
    results = evaluate(rules, inputs)
    if all(r.met for r in results):
        return "confirm", None, results
    if inputs.probation_status == "on_probation" and inputs.date_of_joining is not None:
        return "extend", rules.extension_months, results
    return "review", None, results

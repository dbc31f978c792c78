"""Confirmation after probation: rule sets per service, the queue of those due, proposals, and effects.

A proposal freezes what the rules read (service record, passbook levels with their evidence ids,
completions, supervisor assessments), the rule set and its version, and each rule's result, so a
decision can always be traced to the facts as they stood. The case's round is the probation end
date under review: proposing twice for the same end date finds the case already open.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import APPEAL_DAYS, Case, Entry, Kind, checked_text
from karmayogi.lms.decisions.probation_rules import (
    RULES_VERSION,
    ConfirmationRules,
    Level,
    ProbationInputs,
    add_months,
    propose,
)
from karmayogi.lms.errors import InvalidInput
from karmayogi.lms.organisations import in_scope, organisation_path, scoped_organisation
from karmayogi.lms.orm import (
    Competency,
    Course,
    DecisionCase,
    Enrolment,
    EvidenceRecord,
    ProfileLine,
    User,
)
from karmayogi.lms.orm.decisions import ProbationRuleSet
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.profiles.evidence import EvidenceSource

ON_PROBATION = ("on_probation", "extended")
MAX_WITHIN_DAYS = 366


def round_key(end: date) -> str:
    return f"probation ending {end.isoformat()}"


def create_rule_set(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    service: str,
    cadre: str,
    data: Mapping[str, object],
) -> ProbationRuleSet:
    """A new version of the rules for `service` (and `cadre`, "" for all) in the organisation and beneath."""
    scoped_organisation(session, principal, Permission.PEOPLE_MANAGE, organisation_id, "organisation_id")
    service, cadre = checked_text(service, "service", 120), checked_text(cadre, "cadre", 120)
    if not service:
        raise InvalidInput("service", "is required")
    rules = ConfirmationRules.from_json(data)
    courses = set(rules.onboarding_course_ids) | set(rules.mandatory_course_ids)
    known = set(session.scalars(select(Course.id).where(Course.id.in_(courses)))) if courses else set()
    for name in ("onboarding_course_ids", "mandatory_course_ids"):
        unknown = [c for c in getattr(rules, name) if c not in known]
        if unknown:
            raise InvalidInput(f"rules.{name}", f"no course {unknown[0]}")
    wanted = {c for c, _ in rules.competencies}
    found = set(session.scalars(select(Competency.id).where(Competency.id.in_(wanted)))) if wanted else set()
    for i, (competency_id, _) in enumerate(rules.competencies):
        if competency_id not in found:
            raise InvalidInput(f"rules.competencies[{i}].competency_id", f"no competency {competency_id}")
    version = session.scalar(
        select(func.max(ProbationRuleSet.version)).where(
            ProbationRuleSet.organisation_id == organisation_id,
            ProbationRuleSet.service == service,
            ProbationRuleSet.cadre == cadre,
        )
    )
    row = ProbationRuleSet(
        organisation_id=organisation_id,
        service=service,
        cadre=cadre,
        version=(version or 0) + 1,
        rules=rules.to_json(),
        created_by=principal.id if principal.kind == "user" else None,
    )
    session.add(row)
    session.flush()
    return row


def rule_set_for(session: Session, user: User) -> ProbationRuleSet | None:
    """The newest rules for the official's service: their own cadre's before the service-wide ones,
    the nearest organisation's before those above it."""
    if not user.service:
        return None
    path = organisation_path(session, user.organisation_id)
    assert path is not None
    ancestors = [uuid.UUID(p) for p in path.strip("/").split("/")]
    candidates = session.scalars(
        select(ProbationRuleSet).where(
            ProbationRuleSet.organisation_id.in_(ancestors),
            ProbationRuleSet.service == user.service,
            ProbationRuleSet.cadre.in_([user.cadre or "", ""]),
        )
    )

    def preference(row: ProbationRuleSet) -> tuple[bool, int, int]:
        return (row.cadre != "", ancestors.index(row.organisation_id), row.version)

    return max(candidates, key=preference, default=None)


def due(session: Session, paths: list[str], within_days: int, today: date) -> list[User]:
    """Officials in scope on probation that ends within `within_days` of `today` (or has already ended)."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise InvalidInput("within_days", f"must be from 0 to {MAX_WITHIN_DAYS}")
    return list(
        session.scalars(
            select(User)
            .where(
                in_scope(User.organisation_id, paths),
                User.is_active.is_(True),
                User.probation_status.in_(ON_PROBATION),
                User.probation_end_date <= today + timedelta(days=within_days),
            )
            .order_by(User.probation_end_date, User.id)
        )
    )


def inputs_for(session: Session, user: User, rules: ConfirmationRules | None) -> ProbationInputs:
    assert user.probation_end_date is not None
    wanted = (set(rules.onboarding_course_ids) | set(rules.mandatory_course_ids)) if rules else set()
    completed = {
        course_id: str(enrolment_id)
        for course_id, enrolment_id in session.execute(
            select(Enrolment.course_id, Enrolment.id).where(
                Enrolment.user_id == user.id, Enrolment.status == "completed", Enrolment.course_id.in_(wanted)
            )
        )
    }
    levels = {
        line.competency_id: Level(line.level, line.standing, tuple(str(e) for e in line.evidence_ids))
        for line in session.scalars(select(ProfileLine).where(ProfileLine.user_id == user.id))
    }
    assessments: tuple[str, ...] = ()
    if user.supervisor_id is not None:
        ratings = select(EvidenceRecord.id, EvidenceRecord.recorded_at).where(
            EvidenceRecord.user_id == user.id,
            EvidenceRecord.source == EvidenceSource.SUPERVISOR_RATING.value,
            EvidenceRecord.recorded_by == user.supervisor_id,
        )
        assessments = tuple(
            str(ident)
            for ident, at in session.execute(ratings.order_by(EvidenceRecord.seq))
            if user.date_of_joining is None or at.date() >= user.date_of_joining
        )
    return ProbationInputs(
        as_of=user.probation_end_date,
        date_of_joining=user.date_of_joining,
        probation_status=user.probation_status,
        completed=completed,
        levels=levels,
        supervisor_assessments=assessments,
    )


@dataclass(frozen=True)
class Proposal:
    user: User
    case: Case
    opened: bool  # False when a case for this probation end date was already open


def propose_for(session: Session, user: User, appeal_days: int = APPEAL_DAYS) -> Proposal:
    """Open the official's confirmation case for their current end date, unless it is already open."""
    if user.probation_status not in ON_PROBATION or user.probation_end_date is None:
        raise InvalidInput("user_id", f"official {user.id} is not on probation")
    key = round_key(user.probation_end_date)
    existing = store.find(session, Kind.PROBATION_CONFIRMATION, user.id, key)
    if existing is not None:
        return Proposal(user, store.get(session, existing.id), False)
    rule_set = rule_set_for(session, user)
    rules = ConfirmationRules.from_json(rule_set.rules) if rule_set else None
    opening = _opening(user, rule_set, inputs_for(session, user, rules))
    [case] = store.open_cases(session, Kind.PROBATION_CONFIRMATION, [opening], None, appeal_days)
    return Proposal(user, case, True)


def _opening(user: User, rule_set: ProbationRuleSet | None, inputs: ProbationInputs) -> store.Opening:
    """The proposal the rules give, with everything they read frozen beside it."""
    assert user.probation_end_date is not None
    rules = ConfirmationRules.from_json(rule_set.rules) if rule_set else None
    outcome, months, results = propose(rules, inputs)
    frozen = {
        "rules_version": RULES_VERSION,
        "rule_set": None
        if rule_set is None
        else {
            "id": str(rule_set.id),
            "service": rule_set.service,
            "cadre": rule_set.cadre,
            "version": rule_set.version,
            "rules": rule_set.rules,
        },
        "service_record": {
            "service": user.service,
            "cadre": user.cadre,
            "position_id": user.position_id,
            "supervisor_id": user.supervisor_id,
            "date_of_joining": user.date_of_joining,
            "probation_status": user.probation_status,
            "probation_end_date": user.probation_end_date,
        },
        "levels": [
            {
                "competency_id": c,
                "level": x.level,
                "standing": x.standing,
                "evidence_ids": list(x.evidence_ids),
            }
            for c, x in sorted(inputs.levels.items())
        ],
        "completions": [{"course_id": c, "enrolment_id": e} for c, e in sorted(inputs.completed.items())],
        "supervisor_assessments": list(inputs.supervisor_assessments),
        "results": [r.to_json() for r in results],
        "extend_months": months,
        "note": ""
        if rule_set
        else f"no confirmation rules for the service {user.service or '(none recorded)'}",
    }
    return store.Opening(user, round_key(user.probation_end_date), outcome, frozen)


BATCH = 2_000


def propose_due(
    session: Session, paths: list[str], within_days: int, today: date, appeal_days: int = APPEAL_DAYS
) -> list[Proposal]:
    """Propose for every official due, reading their facts a batch at a time rather than one by one."""
    users = due(session, paths, within_days, today)
    proposals = []
    rule_sets: dict[tuple[uuid.UUID, str | None, str | None], ProbationRuleSet | None] = {}
    for start in range(0, len(users), BATCH):
        chunk = users[start : start + BATCH]
        ids = [u.id for u in chunk]
        opened = {
            (c.subject_id, c.round_key): c.id
            for c in session.scalars(
                select(DecisionCase).where(
                    DecisionCase.kind == Kind.PROBATION_CONFIRMATION.value, DecisionCase.subject_id.in_(ids)
                )
            )
        }
        completed: dict[uuid.UUID, dict[uuid.UUID, str]] = {}
        for user_id, course_id, enrolment_id in session.execute(
            select(Enrolment.user_id, Enrolment.course_id, Enrolment.id).where(
                Enrolment.user_id.in_(ids), Enrolment.status == "completed"
            )
        ):
            completed.setdefault(user_id, {})[course_id] = str(enrolment_id)
        levels: dict[uuid.UUID, dict[uuid.UUID, Level]] = {}
        for line in session.scalars(select(ProfileLine).where(ProfileLine.user_id.in_(ids))):
            levels.setdefault(line.user_id, {})[line.competency_id] = Level(
                line.level, line.standing, tuple(str(e) for e in line.evidence_ids)
            )
        ratings: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID | None, date]]] = {}
        for ident, user_id, by, at in session.execute(
            select(
                EvidenceRecord.id,
                EvidenceRecord.user_id,
                EvidenceRecord.recorded_by,
                EvidenceRecord.recorded_at,
            )
            .where(
                EvidenceRecord.user_id.in_(ids),
                EvidenceRecord.source == EvidenceSource.SUPERVISOR_RATING.value,
            )
            .order_by(EvidenceRecord.seq)
        ):
            ratings.setdefault(user_id, []).append((ident, by, at.date()))
        pending: list[Proposal | store.Opening] = []  # in the queue's order, the new ones opened together
        for user in chunk:
            assert user.probation_end_date is not None
            case_id = opened.get((user.id, round_key(user.probation_end_date)))
            if case_id is not None:
                pending.append(Proposal(user, store.get(session, case_id), False))
                continue
            group = (user.organisation_id, user.service, user.cadre)
            if group not in rule_sets:
                rule_sets[group] = rule_set_for(session, user)
            rule_set = rule_sets[group]
            rules = ConfirmationRules.from_json(rule_set.rules) if rule_set else None
            wanted = (set(rules.onboarding_course_ids) | set(rules.mandatory_course_ids)) if rules else set()
            assessments = tuple(
                str(ident)
                for ident, by, on in ratings.get(user.id, ())
                if user.supervisor_id is not None
                and by == user.supervisor_id
                and (user.date_of_joining is None or on >= user.date_of_joining)
            )
            inputs = ProbationInputs(
                as_of=user.probation_end_date,
                date_of_joining=user.date_of_joining,
                probation_status=user.probation_status,
                completed={c: e for c, e in completed.get(user.id, {}).items() if c in wanted},
                levels=levels.get(user.id, {}),
                supervisor_assessments=assessments,
            )
            pending.append(_opening(user, rule_set, inputs))
        openings = [p for p in pending if isinstance(p, store.Opening)]
        cases = iter(store.open_cases(session, Kind.PROBATION_CONFIRMATION, openings, None, appeal_days))
        proposals += [
            p if isinstance(p, Proposal) else Proposal(p.subject, next(cases), True) for p in pending
        ]
    return proposals


def decision_details(outcome: str, details: Mapping[str, object]) -> dict[str, object]:
    """An extension names its months (1 to 24); a confirmation takes nothing more."""
    unknown = sorted(set(details) - {"extend_months"})
    if unknown:
        raise InvalidInput(unknown[0], "is not a detail of a probation decision")
    months = details.get("extend_months")
    if outcome == "extend":
        if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 24:
            raise InvalidInput("extend_months", "an extension needs a period of 1 to 24 months")
        return {"extend_months": months}
    if months is not None:
        raise InvalidInput("extend_months", f"only an extension takes a period, not {outcome}")
    return {}


def apply_decision(session: Session, case: Case, entry: Entry) -> None:
    """Put the decision in force on the service record, counting from the end date the proposal froze."""
    user = session.get(User, case.subject_id, with_for_update=True)
    assert user is not None
    record = case.proposal.payload["service_record"]
    assert isinstance(record, Mapping)
    end = date.fromisoformat(str(record["probation_end_date"]))
    if entry.outcome == "confirm":
        user.probation_status, user.probation_end_date = "confirmed", end
    else:
        months = entry.payload["extend_months"]
        assert isinstance(months, int)
        user.probation_status, user.probation_end_date = "extended", add_months(end, months)
    session.flush()

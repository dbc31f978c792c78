"""Sevottam assessment and rating: a versioned framework file, an organisation's self-assessment with
evidence per criterion, an independent assessor's rating recorded on the shared decision cases, and a
compliance certificate (an Open Badges 3.0 credential signed by the platform) for the top band."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import badges, issuer_keys, issuing
from karmayogi.lms.credentials.status_list import status_entry
from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import Case, Kind, Step
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import organisation_path
from karmayogi.lms.orm import Organisation, SelfAssessment, User
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.sevottam import cases, services

FRAMEWORKS = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK = "sevottam-default-v1"
MAX_EVIDENCE = 2_000


@dataclass(frozen=True)
class Criterion:
    id: str
    module: str
    text: str


@dataclass(frozen=True)
class Band:
    id: str
    title: str
    min_percent: float
    min_each: int
    certificate: bool


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    low: int
    high: int
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]  # best first

    def band(self, scores: dict[str, int]) -> tuple[Band, float]:
        """The best band whose share of the maximum and lowest single score the scores reach."""
        percent = 100 * sum(scores.values()) / (self.high * len(self.criteria))
        lowest = min(scores.values())
        for band in self.bands:
            if percent >= band.min_percent and lowest >= band.min_each:
                return band, percent
        return self.bands[-1], percent

    def checked_scores(self, scores: dict[str, object], field: str = "scores") -> dict[str, int]:
        known = {c.id for c in self.criteria}
        for key in scores:
            if key not in known:
                raise InvalidInput(f"{field}.{key}", "is not a criterion of the framework")
        checked = {}
        for criterion in self.criteria:
            value = scores.get(criterion.id)
            if not isinstance(value, int) or isinstance(value, bool) or not self.low <= value <= self.high:
                raise InvalidInput(f"{field}.{criterion.id}", f"score from {self.low} to {self.high}")
            checked[criterion.id] = value
        return checked


@cache
def framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """A framework read from its data file; the official one is dropped in beside it under its own id."""
    path = FRAMEWORKS / f"{framework_id}.json"
    if not path.is_file() or "/" in framework_id:
        raise NotFound("framework", framework_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    criteria = tuple(
        Criterion(c["id"], module["id"], c["text"]) for module in data["modules"] for c in module["criteria"]
    )
    bands = tuple(
        Band(b["id"], b["title"], float(b["min_percent"]), int(b["min_each"]), bool(b["certificate"]))
        for b in sorted(data["bands"], key=lambda b: -b["min_percent"])
    )
    return Framework(data["id"], data["title"], data["scale"]["min"], data["scale"]["max"], criteria, bands)


def self_assess(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    answers: dict[str, dict[str, object]],
    framework_id: str = DEFAULT_FRAMEWORK,
) -> SelfAssessment:
    """The organisation's own scores, each above zero backed by evidence; opens the case for a rating."""
    services.require_manager(session, principal, organisation_id)
    if principal.kind != "user":
        raise PermissionDenied("a self-assessment is submitted by a named officer")
    fw = framework(framework_id)
    scores = fw.checked_scores({k: v.get("score") for k, v in answers.items()}, "answers")
    evidence: dict[str, str] = {}
    for criterion in fw.criteria:
        text = str(answers[criterion.id].get("evidence", "")).strip()
        if scores[criterion.id] > 0 and not text:
            raise InvalidInput(f"answers.{criterion.id}.evidence", "a score above zero needs its evidence")
        if len(text) > MAX_EVIDENCE:
            raise InvalidInput(f"answers.{criterion.id}.evidence", f"at most {MAX_EVIDENCE} characters")
        evidence[criterion.id] = text
    band, percent = fw.band(scores)
    row = SelfAssessment(
        id=uuid.uuid4(),
        organisation_id=organisation_id,
        framework=fw.id,
        answers={k: {"score": scores[k], "evidence": evidence[k]} for k in scores},
        submitted_by=principal.id,
    )
    session.add(row)
    session.flush()
    inputs = {
        "self_assessment_id": str(row.id),
        "framework": fw.id,
        "self_scores": scores,
        "self_percent": round(percent, 1),
        "evidence": evidence,
    }
    case = cases.open_case(
        session, Kind.RATING, principal.id, f"sevottam:{row.id}", inputs, None, 30, outcome=band.id
    )
    row.rating_case_id = case.id
    return row


def outside(session: Session, principal: Principal, organisation: Organisation) -> bool:
    """An assessor is independent when neither their organisation nor the assessed one contains the other."""
    own = organisation_path(session, principal.organisation_id) or ""
    return not (own.startswith(organisation.path) or organisation.path.startswith(own))


def pending_for(session: Session, principal: Principal) -> list[SelfAssessment]:
    if not principal.holds(Permission.SEVOTTAM_ASSESS):
        raise PermissionDenied("rating needs the independent assessor's role")
    rows = session.scalars(select(SelfAssessment).order_by(SelfAssessment.submitted_at)).all()
    found = []
    for row in rows:
        org = services.organisation(session, row.organisation_id)
        if outside(session, principal, org) and row.rating_case_id:
            found.append(row)
    return found


def get(session: Session, assessment_id: uuid.UUID) -> SelfAssessment:
    row = session.get(SelfAssessment, assessment_id)
    if row is None:
        raise NotFound("self-assessment", assessment_id)
    return row


def rate(
    session: Session,
    settings: Settings,
    principal: Principal,
    assessment_id: uuid.UUID,
    scores: dict[str, object],
    reason: str,
) -> Case:
    """The assessor's own scores decide the band, with a reason; the top band is certified at once."""
    row = get(session, assessment_id)
    org = services.organisation(session, row.organisation_id)
    if principal.kind != "user" or not principal.holds(Permission.SEVOTTAM_ASSESS):
        raise PermissionDenied("rating needs the independent assessor's role")
    if not outside(session, principal, org):
        raise PermissionDenied("an assessor rates organisations other than their own")
    fw = framework(row.framework)
    checked = fw.checked_scores(scores)
    reason = cases.reason_text(reason, "reason", "a reason")
    band, percent = fw.band(checked)
    assert row.rating_case_id is not None
    case = cases.record(
        session,
        row.rating_case_id,
        Step.DECISION,
        principal.id,
        band.id,
        reason,
        {"scores": checked, "percent": round(percent, 1)},
        independent=True,
    )
    if band.certificate:
        row.credential = certify(session, settings, row, org, band)
        row.credential_id = uuid.UUID(row.credential["id"].removeprefix("urn:uuid:"))
    return case


def rating(session: Session, row: SelfAssessment) -> Case | None:
    return store.get(session, row.rating_case_id) if row.rating_case_id else None


def certify(
    session: Session, settings: Settings, row: SelfAssessment, org: Organisation, band: Band
) -> dict[str, Any]:
    """An Open Badges 3.0 credential to the organisation, signed and given a revocation entry like course
    certificates, so the project's verifier checks it the same way."""
    if row.credential is not None:
        raise Conflict("credential", "this assessment is certified already")
    credential_id = uuid.uuid4()
    status_row, index = issuing._allocate(session, settings)
    now = datetime.now(UTC).replace(microsecond=0)
    achievement = {
        "id": f"{settings.public_url}/sevottam/frameworks/{row.framework}#{band.id}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"Sevottam compliance: {band.title}",
        "description": f"Rated {band.title} against {row.framework} by an independent assessor.",
        "criteria": {"narrative": "The top band of the framework, from an independent assessor's scores."},
    }
    subject = badges._subject(badges.Recipient(org.id.urn, org.name), achievement)
    unsigned = badges._credential(
        credential_id,
        f"Sevottam compliance certificate: {org.name}",
        issuer_keys.issuer_profile(settings),
        subject,
        now,
        status_entry(issuing.status_list_url(settings, status_row.id), index),
    )
    return badges.issue(unsigned, issuer_keys.signing_key(session, settings), now)


def appeal(session: Session, principal: Principal, assessment_id: uuid.UUID, grounds: str) -> Case:
    row = get(session, assessment_id)
    if not principal.is_self(row.submitted_by):
        raise PermissionDenied("the officer who submitted the self-assessment appeals its rating")
    grounds = cases.reason_text(grounds, "grounds", "the grounds of the appeal")
    assert row.rating_case_id is not None
    return cases.record(session, row.rating_case_id, Step.APPEAL, principal.id, "appeal", grounds, {})


def submitter(session: Session, row: SelfAssessment) -> User | None:
    return session.get(User, row.submitted_by)

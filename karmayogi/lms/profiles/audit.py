"""Finding what the old rules of power let one person make about themselves, or confirm alone.

Before the rules in `karmayogi.lms.permissions`, an HR cell could mark its own completion, record
an HR confirmation about itself and take the certificate, and a supervisor's second rating
confirmed their first. `audit` reads the records and proposes each such level, completion and
credential for review by someone else. It changes nothing: a level stands until a person with the
grant decides, which the decision pattern of the design asks for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.orm import Enrolment, Grant, IssuedCredential, Organisation
from karmayogi.lms.orm.profiles import EvidenceRecord, ProfileLine
from karmayogi.lms.permissions import ROLE_PERMISSIONS, Permission, Role
from karmayogi.lms.profiles.evidence import EvidenceSource
from karmayogi.lms.profiles.recording import CONFIRMING
from karmayogi.lms.profiles.rules import Standing

SELF_MADE = "self_made"  # rests on something the official recorded or marked about themselves
CONFIRMED_ALONE = "confirmed_alone"  # the person who confirmed is the person who proposed
MAYBE_SELF_MARKED = "maybe_self_marked"  # marked by hand before markers were kept, by someone who could
# Roles whose holders could mark completions of their own organisation under the old rules.
_COULD_MARK = {r.value for r, powers in ROLE_PERMISSIONS.items() if Permission.PEOPLE_MANAGE in powers}


@dataclass(frozen=True)
class Proposal:
    """One record proposed for review: what it is, whose, and why a second person should look at it."""

    kind: str  # "verified_level", "completion" or "credential"
    id: str
    user_id: str
    finding: str
    reason: str
    evidence_ids: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@dataclass
class Report:
    proposals: list[Proposal] = field(default_factory=list)

    def found(self) -> dict[str, int]:
        counts = {"verified_level": 0, "completion": 0, "credential": 0}
        for proposal in self.proposals:
            counts[proposal.kind] += 1
        return counts

    def as_json(self) -> dict[str, object]:
        return {
            "changed": False,
            "found": self.found(),
            "proposals": [asdict(p) for p in self.proposals],
        }


def _enrolment_ids(rows: list[EvidenceRecord]) -> list[uuid.UUID]:
    return [uuid.UUID(r.source_ref.split(":", 1)[1]) for r in rows if r.source_ref.startswith("enrolment:")]


def _levels(
    session: Session, markers: dict[uuid.UUID, uuid.UUID], suspect: set[uuid.UUID]
) -> Iterator[Proposal]:
    """Verified levels whose evidence was made by the official, or proposed and confirmed by one person.

    `markers` says who marked each completion by hand; `suspect` holds completions that the learner
    may have marked themselves before markers were kept.
    """
    lines = session.scalars(
        select(ProfileLine)
        .where(ProfileLine.standing == Standing.VERIFIED.value)
        .order_by(ProfileLine.user_id, ProfileLine.competency_id)
    ).all()
    for line in lines:
        ids = [uuid.UUID(str(e)) for e in line.evidence_ids]
        rows = list(
            session.scalars(
                select(EvidenceRecord).where(EvidenceRecord.id.in_(ids)).order_by(EvidenceRecord.seq)
            )
        )
        makers = {r.id: r.recorded_by for r in rows}
        for enrolment in _enrolment_ids(rows):
            marked = markers.get(enrolment)
            if marked is not None:
                makers[next(r.id for r in rows if r.source_ref == f"enrolment:{enrolment}")] = marked
        people = sorted({str(p) for p in makers.values() if p is not None})
        common = {"evidence_ids": [str(i) for i in ids], "people": people}
        ident = f"{line.user_id}/{line.competency_id}"
        if any(
            makers[r.id] == line.user_id and r.source != EvidenceSource.SELF_DECLARATION.value for r in rows
        ):
            reason = f"level {line.level} rests on evidence the official recorded or marked about themselves"
            yield Proposal("verified_level", ident, str(line.user_id), SELF_MADE, reason, **common)
            continue
        confirmations = [r for r in rows if r.source in CONFIRMING]
        if confirmations:
            confirmer = confirmations[-1].recorded_by
            proposers = {makers[r.id] for r in rows if r.id != confirmations[-1].id}
            if confirmer is not None and confirmer in proposers:
                reason = f"level {line.level} was proposed and confirmed by the same person, {confirmer}"
                yield Proposal("verified_level", ident, str(line.user_id), CONFIRMED_ALONE, reason, **common)
                continue
        if suspect & set(_enrolment_ids(rows)):
            reason = f"level {line.level} rests on a completion the official may have marked themselves"
            yield Proposal("verified_level", ident, str(line.user_id), MAYBE_SELF_MARKED, reason, **common)


def _completions(session: Session) -> Iterator[tuple[Enrolment, Proposal]]:
    """Completions marked by the learner, or by hand before markers were kept by a learner who could."""
    holders: dict[uuid.UUID, list[str]] = {}
    for user_id, role, path in session.execute(
        select(Grant.user_id, Grant.role, Organisation.path).outerjoin(
            Organisation, Organisation.id == Grant.organisation_id
        )
    ):
        if role in _COULD_MARK or role == Role.PLATFORM_ADMIN.value:
            holders.setdefault(user_id, []).append(path or "/")
    rows = session.execute(
        select(Enrolment, Organisation.path)
        .join(Organisation, Organisation.id == Enrolment.organisation_id)
        .where(Enrolment.status == "completed")
        .order_by(Enrolment.id)
    )
    for enrolment, path in rows:
        if enrolment.completed_by == enrolment.user_id:
            reason = "the learner marked their own enrolment completed"
            finding = SELF_MADE
        elif enrolment.completed_by is None and any(
            path.startswith(p) for p in holders.get(enrolment.user_id, [])
        ):
            reason = (
                "completed before the platform kept who marks completions, by a learner who could mark "
                "completions in their own organisation; check it rests on their statements or another person"
            )
            finding = MAYBE_SELF_MARKED
        else:
            continue
        yield enrolment, Proposal("completion", str(enrolment.id), str(enrolment.user_id), finding, reason)


def audit(session: Session) -> Report:
    """Every verified level, completion and credential the old rules let one person make alone."""
    report = Report()
    completions = list(_completions(session))
    flagged = {enrolment.id: proposal for enrolment, proposal in completions}
    suspect = {e.id for e, proposal in completions if proposal.finding == MAYBE_SELF_MARKED}
    markers: dict[uuid.UUID, uuid.UUID] = {
        ident: marker
        for ident, marker in session.execute(
            select(Enrolment.id, Enrolment.completed_by).where(Enrolment.completed_by.is_not(None))
        )
        if marker is not None
    }
    levels = list(_levels(session, markers, suspect))
    report.proposals.extend(levels)
    report.proposals.extend(p for _, p in completions)
    level_keys = {(p.user_id, p.id.split("/")[1]) for p in levels}
    for credential in session.scalars(select(IssuedCredential).order_by(IssuedCredential.issued_at)):
        reason = None
        if credential.enrolment_id in flagged:
            reason = f"certifies completion {credential.enrolment_id}, itself proposed for review"
        elif (
            credential.competency_id
            and (str(credential.holder_id), str(credential.competency_id)) in level_keys
        ):
            reason = f"certifies a level of competency {credential.competency_id} proposed for review"
        if reason and credential.revoked_at is None:
            report.proposals.append(
                Proposal(
                    "credential", str(credential.id), str(credential.holder_id), "rests_on_review", reason
                )
            )
    return report

"""Who may record which evidence about an officer, and the evidence the platform records itself.

People record their own kinds of evidence only: an officer declares their own level, a colleague
in the same organisation validates it, the supervisor of record rates, an HR cell confirms an open
proposal, a training institute reports. Completions, test results and certificates are written
by the platform from the records that prove them, never typed in by hand.

The rules of power (`karmayogi.lms.permissions`) hold on top: nobody records anything but a
self-declaration about themselves, an HR cell or institute never reaches an account above its
scope, and a confirmation (a supervisor's rating or an HR cell's confirmation of an open proposal)
comes from someone other than whoever proposed it. A confirmation's `source_ref` names the
proposal's evidence, whose `recorded_by` is the proposer, and its own `recorded_by` the confirmer.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.model import TagStatus
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import CourseCompetency, Enrolment, User
from karmayogi.lms.orm.profiles import EvidenceRecord, ProfileLine
from karmayogi.lms.permissions import Permission, Principal, check_four_eyes, check_reach, refuse_self
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

S = EvidenceSource
BY_PLATFORM = frozenset({S.COURSE_COMPLETION, S.ASSESSMENT_RESULT, S.ADAPTIVE_TEST, S.CERTIFICATE})
# Evidence by a person that confirms an open proposal (see rules.EFFECTS), and the permission of
# the sources that rest on an organisation-wide grant rather than on a relation to the officer.
CONFIRMING = frozenset({S.SUPERVISOR_RATING, S.HR_CONFIRMATION})
BY_GRANT = {
    S.HR_CONFIRMATION: Permission.PEOPLE_MANAGE,
    S.TRAINING_INSTITUTE_REPORT: Permission.EVIDENCE_REPORT,
}


def record_by_person(
    session: Session,
    principal: Principal,
    user_id: uuid.UUID,
    competency_id: uuid.UUID,
    level: int,
    source: EvidenceSource,
    note: str,
) -> EvidenceRecord:
    officer = session.get(User, user_id)
    assert officer is not None, "the route has located the officer"
    path = path_of(session, User, user_id, "user")
    if source in BY_PLATFORM:
        raise InvalidInput(
            "source", f"{source.value} evidence is recorded by the platform from its own records"
        )
    allowed = {
        S.SELF_DECLARATION: principal.is_self(user_id),
        S.PEER_VALIDATION: principal.kind == "user"
        and not principal.is_self(user_id)
        and principal.organisation_id == officer.organisation_id,
        S.SUPERVISOR_RATING: principal.kind == "user" and officer.supervisor_id == principal.id,
        S.HR_CONFIRMATION: principal.can(Permission.PEOPLE_MANAGE, path),
        S.TRAINING_INSTITUTE_REPORT: principal.can(Permission.EVIDENCE_REPORT, path),
    }[source]
    if source is not S.SELF_DECLARATION:
        refuse_self(principal, user_id, f"record {source.value} evidence")
    if not allowed:
        raise PermissionDenied(f"you may not record {source.value} evidence about this officer")
    if source in BY_GRANT:
        check_reach(session, principal, user_id, BY_GRANT[source])
    reference = f"user:{principal.id}"
    if source in CONFIRMING:
        line = session.get(ProfileLine, (user_id, competency_id))
        if line is not None and line.proposed_level is not None:
            check_four_eyes(
                principal,
                proposers(session, line.proposal_evidence_ids),
                f"you proposed the open level {line.proposed_level} yourself; "
                "a different official must confirm it",
            )
            reference = "evidence:" + ",".join(line.proposal_evidence_ids)
        elif source is S.HR_CONFIRMATION:
            raise InvalidInput("competency_id", "there is no proposed level to confirm for this competency")
    return store.record(session, user_id, competency_id, level, source, reference, principal.id, note=note)


def proposers(session: Session, evidence_ids: list[str]) -> set[uuid.UUID]:
    """The people behind a proposal: who recorded its evidence, and who marked a completion it rests on."""
    ids = [uuid.UUID(str(e)) for e in evidence_ids]
    rows = session.execute(
        select(EvidenceRecord.recorded_by, EvidenceRecord.source_ref).where(EvidenceRecord.id.in_(ids))
    ).all()
    people = {r.recorded_by for r in rows if r.recorded_by is not None}
    enrolments = [
        uuid.UUID(r.source_ref.split(":", 1)[1]) for r in rows if r.source_ref.startswith("enrolment:")
    ]
    if enrolments:
        marked = select(Enrolment.completed_by).where(
            Enrolment.id.in_(enrolments), Enrolment.completed_by.is_not(None)
        )
        people.update(session.scalars(marked))
    return people


def record_completion(session: Session, enrolment: Enrolment) -> list[EvidenceRecord]:
    """A completed course proposes each competency it is confirmed to build, at that level, dated when
    it was completed."""
    tags = session.execute(
        select(CourseCompetency.competency_id, CourseCompetency.level).where(
            CourseCompetency.course_id == enrolment.course_id, CourseCompetency.status == TagStatus.CONFIRMED
        )
    )
    return [
        store.record(
            session,
            enrolment.user_id,
            competency_id,
            level,
            S.COURSE_COMPLETION,
            f"enrolment:{enrolment.id}",
            None,
            at=enrolment.completed_at,
        )
        for competency_id, level in sorted(tags)
    ]

"""Who may record which evidence about an officer, and the evidence the platform records itself.

People record their own kinds of evidence only: an officer declares their own level, a colleague
in the same organisation validates it, the supervisor of record rates, an HR cell confirms an open
proposal, a training institute reports. Completions, test results and certificates are written
by the platform from the records that prove them, never typed in by hand.
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
from karmayogi.lms.permissions import Permission, Principal
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

S = EvidenceSource
BY_PLATFORM = frozenset({S.COURSE_COMPLETION, S.ASSESSMENT_RESULT, S.ADAPTIVE_TEST, S.CERTIFICATE})


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
    if not allowed:
        raise PermissionDenied(f"you may not record {source.value} evidence about this officer")
    reference = f"user:{principal.id}"
    if source is S.HR_CONFIRMATION:
        line = session.get(ProfileLine, (user_id, competency_id))
        if line is None or line.proposed_level is None:
            raise InvalidInput("competency_id", "there is no proposed level to confirm for this competency")
        reference = "evidence:" + ",".join(line.proposal_evidence_ids)
    return store.record(session, user_id, competency_id, level, source, reference, principal.id, note=note)


def record_completion(session: Session, enrolment: Enrolment) -> list[EvidenceRecord]:
    """A completed course proposes each competency it is confirmed to build, at that level."""
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
        )
        for competency_id, level in sorted(tags)
    ]

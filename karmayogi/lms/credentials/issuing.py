"""Issuing certificates as the platform, keeping them, and revoking them through a published status list.

Every credential gets the next free entry of a revocation status list; revoking sets that entry's bit
and publishes the list again, signed, in the same transaction. A course completion is issued once per
enrolment, and a competency level once per official, competency and level while it stands: asking
again returns the credential already issued.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from karmayogi.frac.graph import UnknownNode
from karmayogi.frac.model import Competency, CompetencyType, ProficiencyScale
from karmayogi.lms import orm
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import badges, certificates, issuer_keys
from karmayogi.lms.credentials.proofs import sign
from karmayogi.lms.credentials.status_list import (
    REVOCATION,
    StatusList,
    random_free_index,
    status_entry,
    status_list_credential,
)
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import versions
from karmayogi.lms.frac.store import working_scale
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import CredentialStatusList, Enrolment, IssuedCredential, Organisation, User
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import (
    Permission,
    Principal,
    Target,
    act_on_person,
    check_four_eyes,
    reportees,
)

COMPLETION = "completion"
COMPETENCY_LEVEL = "competency_level"
# Who may read a certificate: the holder, and those who may read the holder's service record.
READ = Permission.SERVICE_RECORDS_READ
# Who may revoke one: HR cells over the holder's organisation, and platform admins.
REVOKE = Permission.PEOPLE_MANAGE

STATUS_LISTS = "/credentials/status/"  # where the status lists are published, under the public URL

Build = Callable[[uuid.UUID, dict[str, str], datetime], dict[str, Any]]


def status_list_url(settings: Settings, list_id: uuid.UUID) -> str:
    return f"{settings.public_url}{STATUS_LISTS}{list_id}"


def verification_page_url(settings: Settings, credential_id: uuid.UUID) -> str:
    """The public page a certificate's QR code leads to: it verifies the stored credential."""
    return f"{settings.public_url}/credentials/{credential_id}/verify"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)  # credentials carry whole seconds


def _publish(session: Session, settings: Settings, row: CredentialStatusList, bits: StatusList) -> None:
    """Sign the list as it now stands with the current key; this is what verifiers fetch."""
    now = _now()
    signer = issuer_keys.signing_key(session, settings)
    unsigned = status_list_credential(
        status_list_url(settings, row.id), signer.controller, bits, now, row.purpose
    )
    row.encoded_list, row.size = bits.encoded(), bits.size
    row.published = sign(unsigned, signer.key, signer.verification_method, now)
    row.published_at = now


def _allocate(session: Session, settings: Settings) -> tuple[CredentialStatusList, int]:
    """A free entry, at random, of a revocation list, taken under a row lock; a full list starts a new one.

    `next_index` counts the entries taken, so a list with none left is passed over without a scan.
    """
    row = session.scalar(
        select(CredentialStatusList)
        .where(
            CredentialStatusList.purpose == REVOCATION,
            CredentialStatusList.next_index < CredentialStatusList.size,
        )
        .order_by(CredentialStatusList.created_at, CredentialStatusList.id)
        .limit(1)
        .with_for_update()
    )
    if row is None:
        row = CredentialStatusList(id=uuid.uuid4(), purpose=REVOCATION, next_index=0)
        _publish(session, settings, row, StatusList())
        session.add(row)
    list_id = row.id

    def is_taken(index: int) -> bool:
        return (
            session.scalar(
                select(IssuedCredential.id).where(
                    IssuedCredential.status_list_id == list_id, IssuedCredential.status_index == index
                )
            )
            is not None
        )

    def taken() -> list[int]:
        return list(
            session.scalars(
                select(IssuedCredential.status_index).where(IssuedCredential.status_list_id == list_id)
            )
        )

    index = random_free_index(row.size, is_taken, taken)
    row.next_index += 1
    session.flush()
    return row, index


def republish_status_lists(session: Session, settings: Settings) -> None:
    """Sign every list again with the current key: after a withdrawal the old signatures no longer hold."""
    for row in session.scalars(select(CredentialStatusList).with_for_update()):
        _publish(session, settings, row, StatusList.decode(row.encoded_list))
    session.flush()


def withdraw_key(
    session: Session, settings: Settings, public_key_multibase: str, reason: str
) -> orm.IssuerKey:
    """Withdraw a compromised issuer key, and publish the status lists again under the key that signs now."""
    active = issuer_keys.withdraw(session, settings, public_key_multibase, reason)
    republish_status_lists(session, settings)
    return active


def _issue(
    session: Session, settings: Settings, holder: User, build: Build, **columns: Any
) -> IssuedCredential:
    credential_id = uuid.uuid4()
    status_row, index = _allocate(session, settings)
    now = _now()
    unsigned = build(credential_id, status_entry(status_list_url(settings, status_row.id), index), now)
    row = IssuedCredential(
        id=credential_id,
        holder_id=holder.id,
        organisation_id=holder.organisation_id,
        status_list_id=status_row.id,
        status_index=index,
        document=badges.issue(unsigned, issuer_keys.signing_key(session, settings), now),
        issued_at=now,
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def _recipient(holder: User) -> badges.Recipient:
    return badges.Recipient(holder.id.urn, holder.full_name)


def _competency_url(settings: Settings, competency_id: uuid.UUID) -> str:
    return f"{settings.public_url}/api/v1/competencies/{competency_id}"


def _course_competencies(
    session: Session, settings: Settings, course_id: uuid.UUID, scale: ProficiencyScale
) -> list[badges.CompetencyAtLevel]:
    """The competencies a person confirmed the course builds, at the level it builds them to."""
    rows = session.execute(
        select(orm.CourseCompetency, orm.Competency)
        .join(orm.Competency, orm.Competency.id == orm.CourseCompetency.competency_id)
        .where(orm.CourseCompetency.course_id == course_id, orm.CourseCompetency.status == "confirmed")
        .order_by(orm.Competency.name, orm.Competency.id)
    )
    return [
        badges.CompetencyAtLevel(
            Competency(row.id, row.name, CompetencyType(row.type), description=row.description),
            scale.levels[tag.level - 1],
            url=_competency_url(settings, row.id),
            framework=f"FRAC version {tag.frac_version}" if tag.frac_version else "FRAC",
        )
        for tag, row in rows
        if tag.level in scale
    ]


def issue_completion(
    session: Session, settings: Settings, principal: Principal, enrolment_id: uuid.UUID
) -> tuple[IssuedCredential, bool]:
    """The caller's certificate for one of their completed enrolments, and whether it was issued just now."""
    enrolment = session.get(Enrolment, enrolment_id, with_for_update=True)  # one credential per enrolment
    if enrolment is None or not principal.is_self(enrolment.user_id):
        raise NotFound("enrolment", enrolment_id)
    check_four_eyes(
        principal,
        [enrolment.completed_by],
        "you marked this enrolment completed yourself; a completion needs another official "
        "before it is certified",
    )
    return certify_completion(session, settings, enrolment)


def certify_completion(
    session: Session, settings: Settings, enrolment: Enrolment
) -> tuple[IssuedCredential, bool]:
    """The certificate of a completed enrolment, issued unless it already was; the caller checked who asks."""
    existing = session.scalar(select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id))
    if existing is not None:
        return existing, False
    if enrolment.status != "completed":
        raise Conflict(
            "enrolment_id",
            f"the enrolment is {enrolment.status.replace('_', ' ')}; "
            "a certificate is issued once the course is completed",
        )
    holder, course = session.get(User, enrolment.user_id), session.get(orm.Course, enrolment.course_id)
    assert holder is not None and course is not None
    competencies = _course_competencies(session, settings, course.id, working_scale(session))

    def build(credential_id: uuid.UUID, status: dict[str, str], now: datetime) -> dict[str, Any]:
        return badges.completion_credential(
            credential_id=credential_id,
            issuer=issuer_keys.issuer_profile(settings),
            recipient=_recipient(holder),
            course_url=f"{settings.public_url}/api/v1/courses/{course.id}",
            course_name=course.title,
            course_description=course.summary,
            completed_at=enrolment.completed_at,
            issued_at=now,
            competencies=competencies,
            status=status,
        )

    row = _issue(
        session, settings, holder, build, kind=COMPLETION, enrolment_id=enrolment.id, course_id=course.id
    )
    return row, True


def issue_competency_level(
    session: Session,
    settings: Settings,
    user_id: uuid.UUID,
    competency_id: uuid.UUID,
    level: int,
    evidence: str,
) -> IssuedCredential:
    """Certify that an official holds a competency at a level, once that level has been verified.

    EVIDENCE names what the level was verified from (an assessment result, a supervisor's rating) and
    is kept beside the credential. The competency must be in the newest published FRAC.
    """
    if not evidence.strip():
        raise InvalidInput("evidence", "name the evidence the level was verified from")
    if not 1 <= level <= 5:
        raise InvalidInput("level", f"{level} is not on the 1..5 proficiency scale")
    holder = session.get(User, user_id)
    if holder is None:
        raise NotFound("user", user_id)
    number = versions.latest_number(session)
    graph = versions.graphs.get(session, number)
    try:
        competency = graph.competency(competency_id)
    except UnknownNode:
        raise InvalidInput(
            "competency_id", f"{competency_id} is not in FRAC version {number}, the newest"
        ) from None
    scale = graph.framework.scale
    if level not in scale:
        raise InvalidInput("level", f"{level} is not on FRAC version {number}'s scale of {scale.top} levels")
    existing = session.scalar(
        select(IssuedCredential).where(
            IssuedCredential.holder_id == user_id,
            IssuedCredential.competency_id == competency_id,
            IssuedCredential.level == level,
            IssuedCredential.revoked_at.is_(None),
        )
    )
    if existing is not None:
        return existing
    target = badges.CompetencyAtLevel(
        competency,
        scale.levels[level - 1],
        url=_competency_url(settings, competency_id),
        framework=f"FRAC version {number}",
    )

    def build(credential_id: uuid.UUID, status: dict[str, str], now: datetime) -> dict[str, Any]:
        return badges.competency_level_credential(
            credential_id=credential_id,
            issuer=issuer_keys.issuer_profile(settings),
            recipient=_recipient(holder),
            target=target,
            how_verified=f"Verified on the platform from {evidence.strip()}.",
            issued_at=now,
            scale=scale,
            status=status,
        )

    return _issue(
        session,
        settings,
        holder,
        build,
        kind=COMPETENCY_LEVEL,
        competency_id=competency_id,
        level=level,
        frac_version=number,
        evidence=evidence.strip(),
    )


def credential_target(session: Session, credential_id: uuid.UUID) -> Target:
    found = session.execute(
        select(Organisation.path, IssuedCredential.holder_id)
        .join(IssuedCredential, IssuedCredential.organisation_id == Organisation.id)
        .where(IssuedCredential.id == credential_id)
    ).first()
    if found is None:
        raise NotFound("credential", credential_id)
    return Target("credential", credential_id, found.path, owner_id=found.holder_id)


def get_credential(session: Session, credential_id: uuid.UUID) -> IssuedCredential:
    row = session.get(IssuedCredential, credential_id)
    if row is None:
        raise NotFound("credential", credential_id)
    return row


def list_credentials(
    session: Session, principal: Principal, holder_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[IssuedCredential]:
    """The caller's own certificates, and those of officials whose service records they may read
    (a supervisor's reportees, an HR cell's organisation)."""
    visible = in_scope(IssuedCredential.organisation_id, principal.scopes(READ))
    if principal.kind == "user":
        visible = or_(IssuedCredential.holder_id == principal.id, visible)
    if principal.reportee_scopes(READ):  # a supervisor's reportees, within the supervisor grant's scope
        visible = or_(
            visible,
            and_(
                IssuedCredential.holder_id.in_(reportees(principal.id)),
                in_scope(IssuedCredential.organisation_id, principal.reportee_scopes(READ)),
            ),
        )
    stmt = select(IssuedCredential).where(visible)
    if holder_id is not None:
        stmt = stmt.where(IssuedCredential.holder_id == holder_id)
    return paginate(session, stmt, IssuedCredential.id, cursor, limit)


def revoke(
    session: Session, settings: Settings, principal: Principal, credential_id: uuid.UUID, reason: str
) -> IssuedCredential:
    """Revoke a certificate for REASON: its status bit is set and the list published again."""
    target = credential_target(session, credential_id)
    if not principal.can(REVOKE, target.path):
        raise PermissionDenied(
            "revoking a certificate needs people:manage over the holder's organisation "
            "(an HR cell there, or a platform admin)"
        )
    act_on_person(session, principal, target.owner_id, REVOKE, "revoke a certificate")
    if not reason.strip():
        raise InvalidInput("reason", "say why the certificate is revoked")
    row = get_credential(session, credential_id)
    return revoke_credential(
        session, settings, row, reason, principal.id if principal.kind == "user" else None
    )


def revoke_credential(
    session: Session, settings: Settings, row: IssuedCredential, reason: str, by: uuid.UUID | None
) -> IssuedCredential:
    """Set the credential's status bit and publish its list again; BY None when the platform revokes it
    itself (a verified level withdrawn). The caller has checked who asks."""
    status_row = session.get(CredentialStatusList, row.status_list_id, with_for_update=True)
    assert status_row is not None
    if row.revoked_at is not None:
        raise Conflict("credential", f"already revoked on {row.revoked_at:%Y-%m-%d}: {row.revocation_reason}")
    bits = StatusList.decode(status_row.encoded_list)
    bits.set(row.status_index)
    _publish(session, settings, status_row, bits)
    row.revoked_at = _now()
    row.revoked_by = by
    row.revocation_reason = reason.strip()
    session.flush()
    return row


def certificate_of(settings: Settings, row: IssuedCredential) -> certificates.Certificate:
    """The printable certificate of an issued credential, with its verification link and any revocation."""
    revoked = f"Revoked on {row.revoked_at.day} {row.revoked_at:%B %Y}" if row.revoked_at else None
    return certificates.Certificate.of(row.document, verification_page_url(settings, row.id), revoked)

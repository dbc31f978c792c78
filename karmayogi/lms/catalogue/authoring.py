"""Writing catalogue entries: a new entry is a draft; editing a published one opens a new version.

Learners keep the version they enrolled in, so a published version is never edited in place.
Content is checked for what a form cannot check: that a program's parts are published entries,
that seats go to real departments, and that sessions end after they start.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.lifecycle import IllegalTransition, edit_check
from karmayogi.content.model import COMPOSITE_KINDS, ContentKind, CourseStatus, DeliveryMode, VersionStatus
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import Course, CourseVersion, Organisation, Provider
from karmayogi.lms.orm.catalogue import CONTENT_FIELDS
from karmayogi.lms.orm.organisations import OrganisationKind
from karmayogi.lms.permissions import Permission, Principal


def create_course(
    session: Session, principal: Principal, provider_id: uuid.UUID, content: Mapping[str, Any]
) -> CourseVersion:
    """A new draft entry of `provider_id`, written by a creator of that provider."""
    provider = session.get(Provider, provider_id)
    if provider is None or not principal.can(
        Permission.COURSES_AUTHOR, path_of(session, Provider, provider_id, "provider")
    ):
        raise InvalidInput("provider_id", f"no provider {provider_id} you may write content for")
    checked = check_content(session, None, content)
    course = Course(
        provider_id=provider.id,
        organisation_id=provider.organisation_id,
        status=CourseStatus.DRAFT.value,
        version=1,
        created_by=principal.id,
        **checked,
    )
    session.add(course)
    session.flush()
    version = CourseVersion(
        course_id=course.id, number=1, status=VersionStatus.DRAFT.value, created_by=principal.id, **checked
    )
    session.add(version)
    session.flush()
    return version


def open_version(session: Session, course_id: uuid.UUID) -> CourseVersion | None:
    """The newest version if it is still being written or reviewed."""
    newest = session.scalars(
        select(CourseVersion)
        .where(CourseVersion.course_id == course_id)
        .order_by(CourseVersion.number.desc())
    ).first()
    if newest is not None and newest.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW):
        return newest
    return None


def edit_course(
    session: Session, principal: Principal, course_id: uuid.UUID, path: str, changes: Mapping[str, Any]
) -> CourseVersion:
    """Apply `changes` to the open draft, opening version N+1 from the live content if there is none."""
    check_staff(principal, path, Permission.COURSES_AUTHOR)
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course", course_id)
    try:
        edit_check(CourseStatus(course.status))
    except IllegalTransition as exc:
        raise Conflict("status", str(exc)) from None
    draft = open_version(session, course.id)
    if draft is not None and draft.status == VersionStatus.IN_REVIEW:
        raise Conflict(
            "status", f"version {draft.number} is in review; it can be edited once a reviewer returns it"
        )
    if draft is None:
        newest = session.scalar(
            select(func.max(CourseVersion.number)).where(CourseVersion.course_id == course.id)
        )
        draft = CourseVersion(
            course_id=course.id,
            number=(newest or 0) + 1,
            status=VersionStatus.DRAFT.value,
            created_by=principal.id,
            **{field: getattr(course, field) for field in CONTENT_FIELDS},
        )
        session.add(draft)
    current = {field: getattr(draft, field) for field in CONTENT_FIELDS}
    checked = check_content(session, course.id, {**current, **changes})
    for field, value in checked.items():
        setattr(draft, field, value)
    if course.status == CourseStatus.DRAFT and draft.number == course.version:
        for field, value in checked.items():  # never published: the entry shows its draft
            setattr(course, field, value)
    session.flush()
    return draft


def check_content(
    session: Session, course_id: uuid.UUID | None, content: Mapping[str, Any]
) -> dict[str, Any]:
    """The content with its references checked and put in stored form; errors name the field."""
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "not a content field")
    missing = {"title", "learning_hours"} - set(content)
    if missing:
        raise InvalidInput(sorted(missing)[0], "is required")
    out = dict(content)
    kind = ContentKind(out.get("kind", ContentKind.COURSE))
    out["kind"] = kind.value
    out["mode"] = DeliveryMode(out.get("mode", DeliveryMode.ONLINE)).value
    parts = [uuid.UUID(str(p)) for p in out.get("parts", [])]
    if parts and kind not in COMPOSITE_KINDS:
        raise InvalidInput("parts", f"a {kind.value} has no parts; only programs and pathways do")
    if len(set(parts)) != len(parts):
        raise InvalidInput("parts", "an entry is listed twice")
    if course_id in parts:
        raise InvalidInput("parts", "an entry cannot be a part of itself")
    if parts:
        published = set(
            session.scalars(
                select(Course.id).where(Course.id.in_(parts), Course.status == CourseStatus.PUBLISHED)
            )
        )
        for part in parts:
            if part not in published:
                raise InvalidInput("parts", f"{part} is not a published catalogue entry")
    out["parts"] = [str(p) for p in parts]
    sessions = [dict(s) for s in out.get("sessions", [])]
    if sessions and kind is not ContentKind.BLENDED_PROGRAM:
        raise InvalidInput("sessions", "only a blended program has on-site sessions")
    for i, s in enumerate(sessions):
        starts, ends = _time(s, "starts_at", i), _time(s, "ends_at", i)
        if ends <= starts:
            raise InvalidInput(f"sessions[{i}].ends_at", "must be after starts_at")
        s["starts_at"], s["ends_at"] = starts.isoformat(), ends.isoformat()
    out["sessions"] = sessions
    seats = {str(k): int(v) for k, v in dict(out.get("seats", {})).items()}
    if seats:
        departments = set(
            session.scalars(
                select(Organisation.id).where(
                    Organisation.id.in_([uuid.UUID(k) for k in seats]),
                    Organisation.kind == OrganisationKind.DEPARTMENT,
                )
            )
        )
        for key, count in seats.items():
            if uuid.UUID(key) not in departments:
                raise InvalidInput("seats", f"{key} is not a department")
            if count < 0:
                raise InvalidInput("seats", f"seats for {key} cannot be negative")
    out["seats"] = seats
    return out


def _time(session_row: Mapping[str, Any], key: str, index: int) -> datetime:
    value = session_row.get(key)
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"sessions[{index}].{key}", "must be an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise InvalidInput(f"sessions[{index}].{key}", "must carry a time zone")
    return moment


def ready_for_review(version: CourseVersion) -> None:
    """What a reviewer must be able to see before a version goes to them."""
    if version.kind in COMPOSITE_KINDS and not version.parts:
        raise InvalidInput("parts", f"a {version.kind.replace('_', ' ')} needs at least one part")
    if version.kind == ContentKind.BLENDED_PROGRAM and not version.sessions:
        raise InvalidInput("sessions", "a blended program needs at least one on-site session")


def check_staff(principal: Principal, path: str, *permissions: Permission) -> None:
    """The caller must hold one of `permissions` over the course's provider."""
    if not any(principal.can(p, path) for p in permissions):
        needed = " or ".join(p.value for p in permissions)
        raise PermissionDenied(f"you need {needed} over this course's provider")

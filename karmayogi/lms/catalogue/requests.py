"""Content requests: a department asks a provider for what its people need, and the provider answers.

A request is open until the provider accepts or declines it; an accepted one ends delivered (with
the published course that answers it) or declined. Every step is audited like a course's.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from karmayogi.content.lifecycle import IllegalTransition, RequestAction, request_step
from karmayogi.content.model import ContentRequestStatus, CourseStatus
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import versions
from karmayogi.lms.organisations import in_scope, path_of, scoped_organisation
from karmayogi.lms.orm import CatalogueEvent, ContentRequest, Course, Organisation, Provider
from karmayogi.lms.paging import Page, paginate
from karmayogi.lms.permissions import Permission, Principal


def raise_request(
    session: Session,
    principal: Principal,
    organisation_id: uuid.UUID,
    provider_id: uuid.UUID,
    title: str,
    description: str,
    competency_ids: Sequence[uuid.UUID],
    learners: int | None,
    needed_by: datetime | None,
) -> ContentRequest:
    scoped_organisation(
        session, principal, Permission.CONTENT_REQUESTS_RAISE, organisation_id, "organisation_id"
    )
    if session.get(Provider, provider_id) is None:
        raise InvalidInput("provider_id", f"no provider {provider_id}")
    if competency_ids:
        _, graph = versions.newest(session)
        for competency_id in competency_ids:
            versions.check_level(graph, competency_id, 1)
    request = ContentRequest(
        organisation_id=organisation_id,
        provider_id=provider_id,
        title=title.strip(),
        description=description.strip(),
        competency_ids=[str(c) for c in dict.fromkeys(competency_ids)],
        learners=learners,
        needed_by=needed_by,
        raised_by=principal.id,
    )
    session.add(request)
    session.flush()
    return request


def visible_request(session: Session, principal: Principal, request_id: uuid.UUID) -> ContentRequest:
    """A request seen by the department that raised it or by the provider asked."""
    request = session.get(ContentRequest, request_id)
    if request is None:
        raise NotFound("content request", request_id)
    department = session.get(Organisation, request.organisation_id)
    assert department is not None
    if not (
        principal.can(Permission.CONTENT_REQUESTS_RAISE, department.path)
        or principal.can(
            Permission.COURSES_AUTHOR, path_of(session, Provider, request.provider_id, "provider")
        )
    ):
        raise NotFound("content request", request_id)
    return request


def answer(
    session: Session,
    principal: Principal,
    request_id: uuid.UUID,
    action: RequestAction,
    comment: str,
    course_id: uuid.UUID | None,
) -> ContentRequest:
    """The provider's step: accept, decline with a reason, or deliver a published course of theirs."""
    request = visible_request(session, principal, request_id)
    if not principal.can(
        Permission.COURSES_AUTHOR, path_of(session, Provider, request.provider_id, "provider")
    ):
        raise PermissionDenied("only the provider's content creators answer a request")
    try:
        to = request_step(ContentRequestStatus(request.status), action, comment)
    except IllegalTransition as exc:
        raise InvalidInput("action", str(exc)) from None
    if action is RequestAction.DELIVER:
        course = course_id and session.get(Course, course_id)
        if not course or course.provider_id != request.provider_id or course.status != CourseStatus.PUBLISHED:
            raise InvalidInput("course_id", "deliver names a published course of this provider")
        request.course_id = course.id
    elif course_id is not None:
        raise InvalidInput("course_id", f"only deliver takes a course, not {action.value}")
    before = request.status
    request.status = to.value
    session.add(
        CatalogueEvent(
            subject="content_request",
            subject_id=request.id,
            action=action.value,
            from_status=before,
            to_status=to.value,
            actor_id=principal.id,
            comment=comment.strip(),
        )
    )
    session.flush()
    return request


def list_requests(
    session: Session,
    principal: Principal,
    status: ContentRequestStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[ContentRequest]:
    """Requests the caller's departments raised, and requests to the providers the caller writes for."""
    raised = principal.scopes(Permission.CONTENT_REQUESTS_RAISE)
    writes = principal.scopes(Permission.COURSES_AUTHOR)
    if not raised and not writes:
        raise PermissionDenied("you hold content_requests:raise and courses:author nowhere")
    providers = select(Provider.id).where(in_scope(Provider.organisation_id, writes))
    stmt = select(ContentRequest).where(
        or_(in_scope(ContentRequest.organisation_id, raised), ContentRequest.provider_id.in_(providers))
    )
    if status is not None:
        stmt = stmt.where(ContentRequest.status == status.value)
    return paginate(session, stmt, ContentRequest.id, cursor, limit)

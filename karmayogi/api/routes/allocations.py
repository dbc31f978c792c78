"""Work allocation orders: draft, publish (those named are told), archive, and print; and an official's
notifications."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from karmayogi.api.deps import PrincipalDep, SessionDep, require
from karmayogi.api.report_files import file_response
from karmayogi.api.schemas import Body, Out, shape_of
from karmayogi.api.scopes import order_scope
from karmayogi.lms import allocations
from karmayogi.lms.decisions import letters
from karmayogi.lms.errors import PermissionDenied
from karmayogi.lms.permissions import Access, Permission

router = APIRouter(tags=["allocations"])


OrderManager = Annotated[Access, require(Permission.PEOPLE_MANAGE, order_scope)]


class LineIn(Body):
    user_id: uuid.UUID
    role_id: uuid.UUID
    activity_id: uuid.UUID | None = None


class OrderIn(Body):
    organisation_id: uuid.UUID
    title: str = Field(min_length=1, max_length=200)
    lines: list[LineIn] = Field(min_length=1, max_length=allocations.MAX_LINES)


AssignmentOut = shape_of(allocations.Assignment, "AssignmentOut", __name__)


class OrderOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    title: str
    status: str
    created_at: datetime
    published_at: datetime | None
    archived_at: datetime | None
    lines: list[AssignmentOut]


class NotificationOut(Out):
    id: uuid.UUID
    subject: str
    subject_id: uuid.UUID
    text: str
    created_at: datetime


def _out(session: SessionDep, order_id: uuid.UUID) -> OrderOut:
    order = allocations.get(session, order_id)
    return OrderOut(
        id=order.id,
        organisation_id=order.organisation_id,
        title=order.title,
        status=order.status,
        created_at=order.created_at,
        published_at=order.published_at,
        archived_at=order.archived_at,
        lines=[AssignmentOut.model_validate(a) for a in allocations.lines_of(session, order_id)],
    )


@router.post("/hr/allocation-orders", response_model=OrderOut, status_code=201)
def create_order(
    body: OrderIn, session: SessionDep, access: Annotated[Access, require(Permission.PEOPLE_MANAGE)]
) -> object:
    """A draft order assigning officials of an organisation in your scope to verified roles."""
    lines = [allocations.LineIn(line.user_id, line.role_id, line.activity_id) for line in body.lines]
    order = allocations.create(session, access.principal, body.organisation_id, body.title, lines)
    return _out(session, order.id)


@router.get("/hr/allocation-orders", response_model=list[OrderOut])
def list_orders(session: SessionDep, access: Annotated[Access, require(Permission.PEOPLE_MANAGE)]) -> object:
    return [_out(session, o.id) for o in allocations.list_orders(session, access.paths)]


@router.get("/hr/allocation-orders/{order_id}", response_model=OrderOut)
def get_order(order_id: uuid.UUID, session: SessionDep, _: OrderManager) -> object:
    return _out(session, order_id)


@router.post("/hr/allocation-orders/{order_id}/publish", response_model=OrderOut)
def publish_order(order_id: uuid.UUID, session: SessionDep, access: OrderManager) -> object:
    """Publish a draft: the roles count toward each named official's needs, and each is told."""
    allocations.move(session, access.principal, order_id, "publish")
    return _out(session, order_id)


@router.post("/hr/allocation-orders/{order_id}/archive", response_model=OrderOut)
def archive_order(order_id: uuid.UUID, session: SessionDep, access: OrderManager) -> object:
    allocations.move(session, access.principal, order_id, "archive")
    return _out(session, order_id)


@router.get("/hr/allocation-orders/{order_id}/order.html", response_class=HTMLResponse)
def order_html(order_id: uuid.UUID, session: SessionDep, _: OrderManager) -> HTMLResponse:
    return HTMLResponse(letters.html(allocations.document(session, order_id)))


@router.get("/hr/allocation-orders/{order_id}/order.pdf", response_class=Response)
def order_pdf(order_id: uuid.UUID, session: SessionDep, _: OrderManager) -> Response:
    return file_response(
        letters.pdf(allocations.document(session, order_id)),
        "application/pdf",
        f"allocation-{order_id}.pdf",
        inline=True,
    )


@router.get("/me/notifications", response_model=list[NotificationOut])
def my_notifications(session: SessionDep, principal: PrincipalDep) -> object:
    """What the HR cell has told you: orders that name you."""
    if principal.kind != "user":
        raise PermissionDenied("notifications are for people; an API client has none")
    return allocations.notifications_for(session, principal.id)
